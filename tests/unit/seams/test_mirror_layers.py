"""Issue 10 (helper `layers3`): a package whose children mirror a sibling layer package's
(`lib/<domain>.py` beside `api/<domain>.py` and `models/<domain>.py`; `viewsets/<domain>.py`
beside `models/` and `serializers/`) is a layer of the project, whatever its name: its
modules join their domain's word unit, and its name is no domain word."""

from __future__ import annotations

from pathlib import Path

from helpers import FLASK_DB, FLASK_MODEL, build_tree, graph_of

from strangler.seams.layer_domains import table_layer_words
from strangler.seams.mirror_layers import mirrored_layers
from strangler.seams.words import domain_units, name_words

DOMAINS = ("machine", "realm", "policy", "audit", "token")


def _flask_layers() -> list[str]:
    names = ["app", "app.api", "app.lib", "app.models", "app.cli", "app.lib.utils"]
    for domain in DOMAINS:
        names += [f"app.api.{domain}", f"app.lib.{domain}", f"app.models.{domain}"]
    names += ["app.cli.main", "app.cli.backup", "app.cli.restore"]
    return names


def test_a_package_that_mirrors_a_layer_is_a_layer() -> None:
    names = _flask_layers()
    assert mirrored_layers(names) == frozenset({"lib"})
    units = domain_units(names)
    for domain in DOMAINS:
        # without the rule `lib` is a platform word, `app` has two layers, not three, and
        # each layer package is one unit of its own
        assert {units[f"app.{layer}.{domain}"] for layer in ("api", "lib", "models")} \
            == {f"word:{domain}"}
    # the word signal sees `lib/machine` as a layer module too
    assert name_words("app.lib.machine", mirrored_layers(names)) == (
        frozenset({"machine"}), True)
    assert name_words("app.lib.machine")[1] is False


def test_a_mirroring_package_name_is_no_domain_word() -> None:
    names = ["app", "app.models", "app.serializers", "app.viewsets", "app.views",
             "app.viewsets.base"]
    for domain in DOMAINS:
        names += [f"app.models.{domain}", f"app.serializers.{domain}",
                  f"app.viewsets.{domain}"]
    assert mirrored_layers(names) == frozenset({"viewsets"})
    units = domain_units(names)
    assert {units[f"app.viewsets.{domain}"] for domain in DOMAINS} \
        == {f"word:{domain}" for domain in DOMAINS}
    assert units["app.viewsets.base"] != "word:viewset"


def test_a_package_of_other_names_is_no_layer() -> None:
    names = ["app", "app.api", "app.models", "app.lib"]
    for domain in DOMAINS:
        names += [f"app.api.{domain}", f"app.models.{domain}"]
    # a library of helpers: only two of its children share a name with a layer's
    names += ["app.lib.machine", "app.lib.realm", "app.lib.crypto", "app.lib.dates",
              "app.lib.files", "app.lib.http"]
    assert mirrored_layers(names) == frozenset()


def _labelled_tables(root: Path) -> Path:
    """models/, serializers/, viewsets/ and a tasks/ of one job module per domain; tables
    named `core_<model>` (an app label before the model's name)."""
    files: dict[str, str | bytes] = {"app/__init__.py": "", "app/models/__init__.py": FLASK_DB,
                                     "app/serializers/__init__.py": "",
                                     "app/viewsets/__init__.py": "", "app/views.py": "",
                                     "app/tasks/__init__.py": "", "app/tasks/base.py": ""}
    for domain in ("repository", "task", "content", "publication", "domain", "remote"):
        files[f"app/models/{domain}.py"] = FLASK_MODEL.format(
            cls=domain.title(), table=f"core_{domain}", extra="")
        files[f"app/serializers/{domain}.py"] = f"from app.models.{domain} import *\n"
        files[f"app/viewsets/{domain}.py"] = f"from app.serializers.{domain} import *\n"
        if domain != "task":
            files[f"app/tasks/{domain}.py"] = f"from app.models.{domain} import *\n"
    return build_tree(root, files)


def test_a_labelled_table_names_a_domain_and_a_mirroring_layer_stays_a_layer(
        tmp_path: Path) -> None:
    index, _ = graph_of(_labelled_tables(tmp_path / "proj"))
    # (without reading past the label, `core_repository` names no layer word)
    domains = table_layer_words(index)
    assert domains == frozenset({"repository", "task"})
    units = domain_units(sorted(m.name for m in index.modules), domains=domains)
    assert {units[f"app.{layer}.repository"] for layer in
            ("models", "serializers", "viewsets", "tasks")} == {"word:repository"}
    assert {units[f"app.{layer}.task"] for layer in
            ("models", "serializers", "viewsets")} == {"word:task"}
    # `tasks/` holds one job per domain: a layer, though `task` is a table here
    assert units["app.tasks.content"] == "word:content"
    assert units["app.tasks.base"] != "word:task"


def test_a_few_command_groups_beside_many_handlers_are_no_layer() -> None:
    """Five command groups named after five of twenty domains mirror the commands, not the
    application: the layer's domains must be mirrored too (a third of them)."""
    names = ["app", "app.handlers", "app.models", "app.commands_tool"]
    others = [f"domain{n}" for n in range(15)]
    for domain in (*DOMAINS, *others):
        names += [f"app.handlers.{domain}", f"app.models.{domain}"]
    names += [f"app.commands_tool.{domain}" for domain in DOMAINS]
    assert mirrored_layers(names) == frozenset()


def test_a_mirroring_package_is_read_through_its_version_packages() -> None:
    """kpi's drf-spectacular `schema_extensions/v2/<domain>/` beside `views/v2/<domain>`:
    the version package is looked through on both sides, so `schema_extensions` is a
    layer and its modules join their domain's word unit instead of making a unit of
    their own."""
    names = ["kpi", "kpi.models", "kpi.views", "kpi.views.v2", "kpi.schema_extensions",
             "kpi.schema_extensions.v2", "kpi.schema_extensions.imports"]
    for domain in DOMAINS:
        names += [f"kpi.models.{domain}", f"kpi.views.v2.{domain}",
                  f"kpi.schema_extensions.v2.{domain}",
                  f"kpi.schema_extensions.v2.{domain}.extensions",
                  f"kpi.schema_extensions.v2.{domain}.fields"]
    assert mirrored_layers(names) == frozenset({"schema_extensions"})
    units = domain_units(names)
    for domain in DOMAINS:
        assert units[f"kpi.schema_extensions.v2.{domain}.extensions"] == f"word:{domain}"
        assert units[f"kpi.views.v2.{domain}"] == f"word:{domain}"


def test_a_version_package_of_other_names_makes_no_layer() -> None:
    """Looking through `v2/` finds no mirror where its children name no domain."""
    names = ["kpi", "kpi.models", "kpi.views", "kpi.views.v2", "kpi.docs", "kpi.docs.v2"]
    for domain in DOMAINS:
        names += [f"kpi.models.{domain}", f"kpi.views.v2.{domain}"]
    names += [f"kpi.docs.v2.{page}" for page in ("intro", "install", "upgrade", "faq")]
    assert mirrored_layers(names) == frozenset()
