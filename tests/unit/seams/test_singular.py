"""Domain words are compared in the singular; a word the suffix rules would misread keeps
its spelling (patchwork's `series` seam had been named `sery`)."""

from __future__ import annotations

from strangler.seams.words import singular


def test_plurals_become_singular() -> None:
    assert [singular(w) for w in ("patches", "categories", "users", "boxes", "caches",
                                  "status", "analysis")] == [
        "patch", "category", "user", "box", "cache", "status", "analysis"]


def test_words_the_same_in_the_plural_keep_their_spelling() -> None:
    assert [singular(w) for w in ("series", "species", "news")] == ["series", "species",
                                                                     "news"]
