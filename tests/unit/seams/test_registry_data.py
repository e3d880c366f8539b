"""Registry modules named after a table or a compound of domain words
(`seams.registry_data`)."""

from __future__ import annotations

from pathlib import Path

from helpers import build_tree, graph_of

from strangler.seams import SeamConfig, SeamRequest, propose_seams
from strangler.seams.registry_data import (
    home_registry_members,
    registry_compound_homes,
    registry_table_homes,
    table_words,
)

P = "app.common.policies."
TABLES = table_words([
    ("identity_provider", {"app.federation.backends.sql"}),
    ("mapping", {"app.federation.backends.sql"}),
    ("federation_protocol", {"app.federation.backends.sql"}),
    ("credentials", {"app.credential.backends.sql"}),
    ("id_mapping", {"app.identity.mapping_backends.sql"}),
])
GROUPS = (("", ("app.federation.backends.sql", "app.federation.core")),
          ("", ("app.identity.mapping_backends", "app.identity.mapping_backends.base",
                "app.identity.mapping_backends.sql")),
          ("", ("app.credential.backends.sql", "app.credential.core")),
          ("", ("app.revoke.core", "app.revoke.backends.sql")))


def test_table_words_are_singular_without_schema() -> None:
    assert table_words([("auth.users", ["a.models"])]) == {"user": {"a.models"}}


def test_a_module_named_after_a_table_joins_the_group_of_its_model() -> None:
    members = {P + "identity_provider": "identity_provider", P + "mapping": "mapping",
               P + "protocol": "protocol"}
    result, taken = registry_table_homes(GROUPS, list(members), members, TABLES)
    # (`mapping` names the federation's table, though a path part of identity says it too;
    # `protocol` is the one table named `<x>_protocol`)
    assert taken == set(members)
    assert result[0][1] == ("app.common.policies.identity_provider",
                            "app.common.policies.mapping", "app.common.policies.protocol",
                            "app.federation.backends.sql", "app.federation.core")
    assert result[1:] == GROUPS[1:]


def test_a_word_that_names_no_table_or_a_kernel_model_stays() -> None:
    members = {P + "grant": "grant", P + "identity_provider": "identity_provider"}
    groups = tuple(g for g in GROUPS if "app.federation.core" not in g[1])
    result, taken = registry_table_homes(groups, list(members), members, TABLES)
    assert result == groups and taken == set()


def test_a_compound_joins_the_group_its_words_agree_on() -> None:
    members = {P + "ec2_credential": "ec2_credential", P + "revoke_event": "revoke_event",
               P + "credential_mapping": "credential_mapping", P + "base_config": "base_config",
               P + "revoke_count_rule": "revoke_count_rule"}
    result, taken = registry_compound_homes(GROUPS, list(members), members, TABLES)
    # (`ec2` and `event` have no home; `credential` and `mapping` name two groups; `base`
    # and `config` are platform words; three words are a phrase, no compound)
    assert taken == {P + "ec2_credential", P + "revoke_event"}
    assert P + "ec2_credential" in result[2][1]
    assert P + "revoke_event" in result[3][1]


def test_grouped_registry_modules_are_placed_too_and_the_rest_stay() -> None:
    members = {P + "identity_provider": "identity_provider", P + "grant": "grant",
               P + "credential": "credential"}
    groups = (*GROUPS, ("", (P + "grant", P + "identity_provider", "app.common.policies")),
              ("", (P + "credential",)))
    result, from_kernel, placed = home_registry_members(groups, [], members, TABLES)
    assert from_kernel == set()
    assert placed == {P + "identity_provider", P + "credential"}
    assert P + "identity_provider" in result[0][1]
    assert P + "credential" in result[2][1]
    # (the registry's own group keeps what no rule placed; a group left empty is gone)
    assert result[4:] == (("", ("app.common.policies", P + "grant")),)


FEDERATION = {
    "app/federation/__init__.py": "",
    "app/federation/backends.py": (
        "from sqlalchemy import Column, Integer\nfrom app.db import Base\n"
        "class IdentityProvider(Base):\n    __tablename__ = 'identity_provider'\n"
        "    id = Column(Integer, primary_key=True)\n"),
    "app/federation/core.py": ("from app.federation.backends import IdentityProvider\n"
                               "def create(db):\n    db.add(IdentityProvider())\n"),
    "app/api/os_federation.py": ("from app.federation.core import create\n"
                                 "from app.common.enforcer import enforce\n"
                                 "def post(db):\n    enforce('identity_provider')\n"
                                 "    return create(db)\n"),
}


def test_policy_module_named_after_a_table_joins_the_tables_seam(tmp_path: Path) -> None:
    from tests.unit.seams.test_registries import _project

    files = _project()
    files.update(FEDERATION)
    files["app/common/policies/identity_provider.py"] = (
        "from app.common.policies import base\n"
        "def list_rules():\n    return ['idp:' + base.RULE]\n")
    files["app/common/policies/__init__.py"] = files["app/common/policies/__init__.py"].replace(
        "def rules():", "from app.common.policies import identity_provider\ndef rules():")
    index, graph = graph_of(build_tree(tmp_path, files))
    proposal = propose_seams(index, graph, SeamRequest(config=SeamConfig(min_size=1)))
    seam_of = {m: seam.name for seam in proposal.seams for m in seam.modules}
    assert seam_of.get(P + "identity_provider") == seam_of["app.federation.core"]
    assert "policies" not in {seam.name for seam in proposal.seams}
