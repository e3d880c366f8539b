"""The measuring stick of bench/seams_truth.py: ARI, reference globs, scores."""

from __future__ import annotations

import importlib.util
import random
import sys
from pathlib import Path

import pytest

from strangler.seams.metrics import adjusted_rand_index as strangler_ari

ROOT = Path(__file__).resolve().parents[3]


def _load():
    spec = importlib.util.spec_from_file_location("seams_truth", ROOT / "bench" / "seams_truth.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["seams_truth"] = module
    spec.loader.exec_module(module)
    return module


truth = _load()


def test_ari_known_values() -> None:
    same = {"a": "x", "b": "x", "c": "y", "d": "y"}
    assert truth.adjusted_rand_index(same, {"a": 1, "b": 1, "c": 2, "d": 2}) == 1.0
    # Hubert & Arabie: {a,b,c}{d,e,f} vs {a,b}{c,d}{e,f}: index 2, expected 6*3/15, max 4.5
    left = dict(zip("abcdef", "xxxyyy", strict=True))
    right = dict(zip("abcdef", "ppqqrr", strict=True))
    expected = (2 - 6 * 3 / 15) / ((6 + 3) / 2 - 6 * 3 / 15)
    assert truth.adjusted_rand_index(left, right) == pytest.approx(expected)


def test_ari_agrees_with_an_independent_implementation() -> None:
    rng = random.Random(7)
    for _ in range(20):
        items = [f"m{i}" for i in range(60)]
        left = {i: rng.choice("abcde") for i in items}
        right = {i: rng.choice("uvw") for i in items}
        assert truth.adjusted_rand_index(left, right) == pytest.approx(strangler_ari(left, right))


def _reference(tmp_path: Path, text: str):
    path = tmp_path / "p.toml"
    path.write_text(text, encoding="utf-8")
    return truth.Reference.load(path)


def test_most_specific_glob_wins_and_problems_are_reported(tmp_path: Path) -> None:
    ref = _reference(tmp_path, """
kernel = ["app.utils.**"]
singletons = ["app.main"]
[domains.orders]
modules = ["app.orders.**", "app.utils.money"]
[domains.users]
modules = ["app.users.*", "app.gone.**"]
""")
    labels, problems = ref.classify(["app.orders", "app.orders.api", "app.utils",
                                     "app.utils.money", "app.users.api", "app.main", "app.x"])
    assert labels["app.orders"] == ("orders", "")
    assert labels["app.utils"] == ("<kernel>", "")
    assert labels["app.utils.money"] == ("orders", "")
    assert labels["app.main"] == ("<single>", "")
    assert "module not covered by the reference: app.x" in problems
    assert any("app.gone.**" in p for p in problems)


def test_unknown_keys_are_errors(tmp_path: Path) -> None:
    with pytest.raises(truth.TruthError):
        _reference(tmp_path, "kernal = []\n")


def test_scores_kernel_names_and_layers(tmp_path: Path) -> None:
    ref = _reference(tmp_path, """
layered = true
kernel = ["k"]
[domains.chart]
names = ["chart", "slice"]
[domains.chart.layers]
api = ["charts.api"]
models = ["models.slice"]
[domains.dash]
[domains.dash.layers]
api = ["dash.api"]
models = ["models.dash"]
""")
    modules = ["k", "charts.api", "models.slice", "dash.api", "models.dash"]
    reference, problems = ref.classify(modules)
    assert problems == []
    loc = dict.fromkeys(modules, 10)
    # A proposal that keeps chart whole (named "slices") and splits dash by layer.
    labels = {"charts.api": "slices", "models.slice": "slices", "dash.api": "dash",
              "models.dash": "models"}
    score = truth.score(labels, {"k"}, reference, ref, loc, True)
    assert score.kernel_share == pytest.approx(0.2)
    assert score.named == (2, 3)  # "slices" and "dash" right, "models" wrong
    assert score.kept == (1, 2)
    # One group swallowing both domains keeps at most one of them whole.
    swallow = dict.fromkeys(modules[1:], "everything")
    assert truth.score(swallow, set(), reference, ref, loc, True).kept[0] <= 1


@pytest.mark.parametrize("path", sorted((ROOT / "bench" / "truth").glob("**/*.toml")),
                         ids=lambda p: p.stem)
def test_reference_files_load(path: Path) -> None:
    ref = truth.Reference.load(path)
    assert ref.domains and ref.kernel


def test_every_held_out_reference_is_scored() -> None:
    files = {p.stem for p in (ROOT / "bench" / "truth" / "held_out").glob("*.toml")}
    assert files == set(truth.HELD_OUT)


def test_confusion_says_where_each_domain_went_and_what_each_seam_holds() -> None:
    reference = {"a.orders.api": ("orders", "api"), "a.orders.models": ("orders", "models"),
                 "a.users.api": ("users", "api"), "a.utils": ("<kernel>", ""),
                 "a.app": ("<single>", ""), "a.lost": ("users", "")}
    labels = {"a.orders.api": "orders", "a.orders.models": "shop", "a.users.api": "shop"}
    lines = truth.confusion(labels, {"a.utils"}, {"a.app"}, reference)
    assert "domain orders (2): orders 1, shop 1" in lines
    assert "domain users (2): <unassigned> 1, shop 1" in lines
    assert "domain <kernel> (1): <kernel> 1" in lines
    assert "domain <single> (1): <root> 1" in lines
    assert "seam shop (2): orders 1, users 1" in lines
