"""Flat sections are encoded a chunk at a time, with the same bytes as one item at a time."""

from __future__ import annotations

import json
import random

import pytest

import strangler.report.json_report as json_report
from strangler.report.json_report import Section, iter_json

TRICKY = ['},{"', '"},{"a":1}', "\\", "\n", "é", "\udcff", "}, {", "", "{}"]


def _items(rng: random.Random, count: int) -> list[dict[str, object]]:
    return [{"source": rng.choice(TRICKY), "n": rng.randint(0, 9), "w": rng.random(),
             "flags": [rng.choice(TRICKY) for _ in range(rng.randint(0, 2))],
             "kinds": {rng.choice(TRICKY): rng.randint(0, 3)}, "none": None}
            for _ in range(count)]


@pytest.mark.parametrize("seed", range(6))
def test_a_flat_section_encodes_as_item_by_item(seed: int, monkeypatch: pytest.MonkeyPatch
                                               ) -> None:
    monkeypatch.setattr(json_report, "FLAT_CHUNK", 7)  # several chunks, and a short last one
    rng = random.Random(seed)
    items = _items(rng, rng.randint(1, 40))
    if seed % 2:  # no lone surrogate: every chunk takes the fast path
        items = [json.loads(json.dumps(i).replace("\\udcff", "x")) for i in items]
    flat = b"".join(iter_json({"a": Section(items, dict, flat=True), "b": 1}))
    plain = b"".join(iter_json({"a": Section(items, dict), "b": 1}))
    assert flat == plain
    assert json.loads(flat)["a"] == json.loads(plain)["a"]
