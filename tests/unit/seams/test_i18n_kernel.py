"""Internationalization packages are platform: their modules without tables of their own are
kernel whatever their breadth (`seams.i18n`)."""

from __future__ import annotations

from pathlib import Path

from helpers import SQLALCHEMY_MODEL, build_tree, graph_of, sqlalchemy_app

from strangler.seams import SeamConfig, SeamRequest, propose_seams
from strangler.seams.i18n import i18n_kernel, i18n_package
from strangler.seams.propose import Choice, Grouping

DOMAINS = ("product", "menu", "order")
# (each model has a name column: translated)
MODEL = SQLALCHEMY_MODEL + "    name = Column(String)\n"


def _project() -> dict[str, str]:
    """Three domain apps with a model, a service and an API module each; a GraphQL-style
    `api/translations` package whose shared field type every domain's API uses and whose
    one operation per domain (`<domain>_translate`) only the package's schema uses."""
    files = sqlalchemy_app(DOMAINS, {
        "app/api/__init__.py": "",
        "app/api/translations/__init__.py": "",
        "app/api/translations/fields.py": "class TranslationField:\n    pass\n",
        "app/api/translations/schema.py": "".join(
            f"from app.api.translations.{d}_translate import translate_{d}\n"
            for d in DOMAINS) + "OPERATIONS = [" + ", ".join(
            f"translate_{d}" for d in DOMAINS) + "]\n"}, model=MODEL)
    for domain in DOMAINS:
        model = domain.capitalize()
        files |= {
            f"app/{domain}/api.py": (
                f"from app.{domain}.service import create\n"
                f"from app.{domain}.models import {model}\n"
                "from app.api.translations.fields import TranslationField\n"
                f"class {model}Type:\n    name = TranslationField()\n"
                f"    def resolve(self, db):\n        return create(db), {model}\n"),
            f"app/api/translations/{domain}_translate.py": (
                f"from app.{domain}.models import {model}\n"
                f"def translate_{domain}(db, pk, text):\n"
                f"    return db.get({model}, pk)\n"),
        }
    return files


def test_the_innermost_i18n_package_is_found_below_the_top_level() -> None:
    packages = {"app", "app.api", "app.api.translations", "app.translations"}
    assert i18n_package("app.api.translations.menu_translate", packages) == \
        "app.api.translations"
    assert i18n_package("app.api.translations", packages) == "app.api.translations"
    # A module named for translations is not a package of them, nor is the top level.
    assert i18n_package("app.cli.translations", packages | {"app.cli"}) is None
    assert i18n_package("translations.utils", {"translations"}) is None


def test_i18n_modules_without_data_leave_their_groups() -> None:
    grouping = Grouping(((("", ("app.menu.models", "app.api.translations.menu_translate",
                             "app.api.translations.owner"))),
                         ("pinned", ("app.api.translations.kept",))), Choice(None))
    packages = {"app", "app.api", "app.api.translations"}
    left, isolated, kernel = i18n_kernel(grouping, ["app.api.translations.errors", "app.x"],
                                         packages, {"app.api.translations.owner"}, ())
    assert [k.module for k in kernel] == ["app.api.translations.errors",
                                          "app.api.translations.menu_translate"]
    assert isolated == ["app.x"]
    assert left.groups == (("", ("app.menu.models", "app.api.translations.owner")),
                           ("pinned", ("app.api.translations.kept",)))


def test_the_translation_operations_are_kernel_not_a_small_domain_s(tmp_path: Path) -> None:
    index, graph = graph_of(build_tree(tmp_path / "p", _project()))
    proposal = propose_seams(index, graph, SeamRequest(config=SeamConfig(min_size=1)))
    kernel = {k.module for k in proposal.kernel}
    assert {f"app.api.translations.{d}_translate" for d in DOMAINS} <= kernel
    assert "app.api.translations.schema" in kernel
    seam_of = {m: seam.name for seam in proposal.seams for m in seam.modules}
    assert len({seam_of[f"app.{d}.models"] for d in DOMAINS}) == len(DOMAINS)
