"""Issue 10 (helper `webui`): a layer-first application with only two layer packages
(`routers/<area>.py` beside `models/<area>.py`, the rest in `utils/`) is layered: each
module's unit is its domain word, so a router and its domain's model are one unit, and the
shared access models (users, groups) that every router imports are units of their own
instead of making each layer one unit."""

from __future__ import annotations

from strangler.seams.layer_pairs import paired_layer_packages
from strangler.seams.words import _units, domain_units

AREAS = ("notes", "prompts", "calendar", "tools", "groups", "users")


def _two_layers(top: str = "app") -> list[str]:
    names = [top, f"{top}.main", f"{top}.config", f"{top}.routers", f"{top}.models",
             f"{top}.utils", f"{top}.utils.access_control", f"{top}.utils.misc"]
    for area in AREAS:
        names += [f"{top}.routers.{area}", f"{top}.models.{area}"]
    # an AI application's own domain is called `models` (table `model`)
    names += [f"{top}.routers.models", f"{top}.models.models"]
    return names


def test_two_mirrored_layer_packages_make_a_layered_package() -> None:
    names = _two_layers()
    assert paired_layer_packages(names).packages == frozenset({"app"})
    units = domain_units(names)
    for area in ("notes", "prompts", "calendar", "tools"):
        word = area.rstrip("s")
        # without the rule `app` holds two layer packages, not three: every router is
        # unit `app.routers`, every model `app.models`
        assert units[f"app.routers.{area}"] == units[f"app.models.{area}"] == f"word:{word}"
    assert units["app.models.users"] == "word:user"
    assert units["app.models.groups"] == "word:group"


def test_the_layer_names_stay_layers_where_a_table_shares_the_word() -> None:
    # a table named `model` makes `model` a domain word; the `models/` package of the pair
    # is still a layer, so `models/notes` is the note domain's, not the model domain's
    units = _units(frozenset(_two_layers()), domains=frozenset({"model"}))
    assert units["app.models.notes"] == "word:note"
    assert units["app.routers.notes"] == "word:note"


def test_layers_that_share_few_domains_are_no_pair() -> None:
    names = ["app", "app.routers", "app.models"]
    names += [f"app.routers.{a}" for a in ("notes", "prompts", "health", "login", "admin")]
    names += [f"app.models.{a}" for a in ("notes", "prompts", "base", "mixins", "session")]
    assert paired_layer_packages(names).packages == frozenset()
    assert domain_units(names)["app.routers.notes"] == "app.routers"


def test_sibling_apps_made_of_the_same_two_layers_are_left_to_layer_apps() -> None:
    # a back office and a shop front, each `forms/` + `views/` of every domain: apps that
    # are interface layers, not a layered application each
    names = ["shop", "shop.control", "shop.presale", "shop.control.forms",
             "shop.control.views", "shop.presale.forms", "shop.presale.views"]
    for app in ("control", "presale"):
        for area in ("orders", "events", "vouchers", "items", "checkins"):
            names += [f"shop.{app}.forms.{area}", f"shop.{app}.views.{area}"]
    assert paired_layer_packages(names).packages == frozenset()
    assert paired_layer_packages(names[:3] + [n for n in names if ".control." in n]
                                 ).packages == frozenset({"shop.control"})
