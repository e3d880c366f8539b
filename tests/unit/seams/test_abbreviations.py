"""A package named by an abbreviation of a domain word joins that domain's seam
(`seams.abbreviations`)."""

from __future__ import annotations

from strangler.graph import Dependency
from strangler.seams.abbreviations import abbreviated_domains, abbreviation_homes

UNITS = {
    "app.crud.extensions": "word:extension", "app.models.extensions": "word:extension",
    "app.services.extensions": "word:extension", "app.views.extension_api": "word:extension",
    "app.models.extensions_builder": "word:extensions_builder",
    "app.services.extensions_builder": "word:extensions_builder",
    "app.crud.payments": "word:payment", "app.services.payments": "word:payment",
    "app.wasm_ext": "word:wasm_ext", "app.wasm_ext.host": "word:wasm_ext",
    "app.wasm_ext.routes.api": "word:wasm_ext", "app.wasm_ext.storage.crud": "word:wasm_ext",
}
GROUPS = (
    ("", ("app.crud.extensions", "app.models.extensions", "app.services.extensions",
          "app.views.extension_api")),
    ("", ("app.models.extensions_builder", "app.services.extensions_builder")),
    ("", ("app.crud.payments", "app.services.payments")),
    ("", ("app.services.websockets", "app.wasm_ext", "app.wasm_ext.host",
          "app.wasm_ext.routes.api", "app.wasm_ext.storage.crud")),
)


def _use(source: str, target: str) -> Dependency:
    return Dependency(source, target, (("call", 1),), (), 1.0, 1)


BOTH_WAYS = [_use("app.wasm_ext.host", "app.models.extensions"),
             _use("app.services.extensions", "app.wasm_ext.host"),
             _use("app.wasm_ext.host", "app.services.payments")]


def test_the_abbreviated_word_names_the_one_domain_it_begins() -> None:
    # (`ext` begins `extension` and `extensions_builder`: the plain word is the domain)
    assert abbreviated_domains(UNITS) == {"word:wasm_ext": "word:extension"}


def test_a_package_named_by_an_abbreviation_joins_its_domain_seam() -> None:
    moved = abbreviation_homes(GROUPS, UNITS, BOTH_WAYS)
    assert moved == (
        ("", ("app.crud.extensions", "app.models.extensions", "app.services.extensions",
              "app.views.extension_api", "app.wasm_ext", "app.wasm_ext.host",
              "app.wasm_ext.routes.api", "app.wasm_ext.storage.crud")),
        ("", ("app.models.extensions_builder", "app.services.extensions_builder")),
        ("", ("app.crud.payments", "app.services.payments")),
        ("", ("app.services.websockets",)),  # (what is not the package stays)
    )


def test_no_move_without_code_ties_both_ways() -> None:
    one_way = [_use("app.wasm_ext.host", "app.models.extensions")]
    assert abbreviation_homes(GROUPS, UNITS, one_way) == GROUPS


def test_an_abbreviation_of_two_domains_names_none() -> None:
    units = {**UNITS, "app.crud.extras": "word:extra", "app.views.extra_api": "word:extra"}
    assert abbreviated_domains(units) == {}
    assert abbreviation_homes(GROUPS, units, BOTH_WAYS) == GROUPS


def test_a_word_of_a_layer_module_or_a_word_with_a_unit_is_no_abbreviation() -> None:
    # (`pay` would begin `payment`, but the package below a layer is a layer module)
    units = {**UNITS, "app.views.pay": "word:pay", "app.views.pay.forms": "word:pay"}
    assert "word:pay" not in abbreviated_domains(units)
    # (`payment_ext`'s `payment` is a whole word: `ext` alone decides)
    units = {**UNITS, "app.payment_ext": "word:payment_ext"}
    assert abbreviated_domains(units)["word:payment_ext"] == "word:extension"


def test_pinned_and_kept_modules_stay() -> None:
    pinned = (*GROUPS[:3], ("runtime", GROUPS[3][1]))
    assert abbreviation_homes(pinned, UNITS, BOTH_WAYS) == pinned
    kept = abbreviation_homes(GROUPS, UNITS, BOTH_WAYS, kept=["app.wasm_ext.host"])
    assert "app.wasm_ext.host" in kept[3][1]
