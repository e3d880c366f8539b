"""Registry packages of per-domain modules under a platform package (`seams.registries`)."""

from __future__ import annotations

from pathlib import Path

from helpers import build_tree, graph_of

from strangler.seams import SeamConfig, SeamRequest, propose_seams
from strangler.seams.registries import registry_homes, registry_members

MODULES = ["app", "app.common", "app.common.policies", "app.common.policies.base",
           "app.common.policies.user", "app.common.policies.project",
           "app.common.policies.credential", "app.common.policies.audit",
           "app.api", "app.api.users", "app.api.projects", "app.identity",
           "app.identity.core", "app.credential", "app.credential.core"]
PACKAGES = {"app", "app.common", "app.common.policies", "app.api", "app.identity",
            "app.credential"}
GATHERED = [("app.common.policies", f"app.common.policies.{n}")
            for n in ("base", "user", "project", "credential")]
BASE = [(f"app.common.policies.{n}", "app.common.policies.base")
        for n in ("user", "project", "credential")]


def test_modules_gathered_by_a_platform_package_init_are_registry_members() -> None:
    found = registry_members(MODULES, PACKAGES, GATHERED + BASE)
    # (`base` is a platform name, no domain's)
    assert found == {"app.common.policies.user": "user",
                     "app.common.policies.project": "project",
                     "app.common.policies.credential": "credential"}


def test_a_module_used_outside_its_package_is_no_registry_member() -> None:
    found = registry_members(MODULES, PACKAGES,
                             GATHERED + BASE + [("app.api.users", "app.common.policies.user")])
    assert "app.common.policies.user" not in found
    assert "app.common.policies.project" in found


def test_no_registry_outside_a_platform_package_or_with_few_members() -> None:
    moved = [(a.replace("common.", ""), b.replace("common.", "")) for a, b in GATHERED]
    modules = [m.replace("common.", "") for m in MODULES]
    assert registry_members(modules, {p.replace("common.", "") for p in PACKAGES},
                            moved) == {}
    assert registry_members(MODULES, PACKAGES, GATHERED[:2]) == {}


def test_kernel_registry_modules_join_the_group_of_their_domain_word() -> None:
    groups = (("", ("app.api.users", "app.identity.core")),
              ("", ("app.api.projects",)),
              ("", ("app.credential", "app.credential.core")))
    members = registry_members(MODULES, PACKAGES, GATHERED + BASE)
    kernel = ["app.common.policies", "app.common.policies.base", "app.common.policies.user",
              "app.common.policies.project", "app.common.policies.credential"]
    result, taken = registry_homes(groups, kernel, members)
    assert result == (("", ("app.api.users", "app.common.policies.user", "app.identity.core")),
                      ("", ("app.api.projects", "app.common.policies.project")),
                      ("", ("app.common.policies.credential", "app.credential",
                            "app.credential.core")))
    assert taken == {"app.common.policies.user", "app.common.policies.project",
                     "app.common.policies.credential"}


def test_a_word_two_groups_hold_equally_stays_in_the_kernel() -> None:
    groups = (("", ("app.api.users",)), ("", ("app.identity.users",)))
    result, taken = registry_homes(groups, ["app.common.policies.user"],
                                   {"app.common.policies.user": "user"})
    assert result == groups and taken == set()


DOMAINS = ("user", "project", "credential")


def _project() -> dict[str, str]:
    files = {"app/__init__.py": "", "app/common/__init__.py": "",
             "app/db.py": ("from sqlalchemy.orm import DeclarativeBase\n"
                           "class Base(DeclarativeBase):\n    pass\n"),
             "app/common/policies/base.py": "RULE = 'role:admin'\n",
             "app/common/policies/__init__.py": (
                 "".join(f"from app.common.policies import {d}\n" for d in DOMAINS)
                 + "def rules():\n    return "
                 + " + ".join(f"{d}.list_rules()" for d in DOMAINS) + "\n"),
             "app/common/enforcer.py": ("from app.common import policies\n"
                                        "def enforce(name):\n"
                                        "    return name in policies.rules()\n")}
    for d in DOMAINS:
        files[f"app/common/policies/{d}.py"] = (
            "from app.common.policies import base\n"
            f"def list_rules():\n    return ['{d}:' + base.RULE]\n")
        files[f"app/{d}/__init__.py"] = ""
        files[f"app/{d}/models.py"] = (
            "from sqlalchemy import Column, Integer\nfrom app.db import Base\n"
            f"class {d.title()}(Base):\n    __tablename__ = '{d}'\n"
            "    id = Column(Integer, primary_key=True)\n")
        files[f"app/{d}/core.py"] = (
            f"from app.{d}.models import {d.title()}\n"
            f"def create(db):\n    db.add({d.title()}())\n")
        files[f"app/api/{d}s.py"] = (
            f"from app.{d}.core import create\nfrom app.common.enforcer import enforce\n"
            f"def post(db):\n    enforce('{d}')\n    return create(db)\n")
    files["app/api/__init__.py"] = ""
    return files


def test_policy_modules_join_their_domains_seams(tmp_path: Path) -> None:
    index, graph = graph_of(build_tree(tmp_path, _project()))
    proposal = propose_seams(index, graph, SeamRequest(config=SeamConfig(min_size=1)))
    seam_of = {m: seam.name for seam in proposal.seams for m in seam.modules}
    for d in DOMAINS:
        assert seam_of.get(f"app.common.policies.{d}") == seam_of[f"app.{d}.core"]
    kernel = {k.module for k in proposal.kernel}
    assert not {f"app.common.policies.{d}" for d in DOMAINS} & kernel
