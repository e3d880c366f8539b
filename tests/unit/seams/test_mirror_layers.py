"""Issue 10 (helper `layers3`): a package whose children mirror a sibling layer package's
(`lib/<domain>.py` beside `api/<domain>.py` and `models/<domain>.py`; `viewsets/<domain>.py`
beside `models/` and `serializers/`) is a layer of the project, whatever its name: its
modules join their domain's word unit, and its name is no domain word."""

from __future__ import annotations

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
