"""The proposal's account of its count never contradicts the number of services."""

from __future__ import annotations

from strangler.seams import _choice_words


def test_a_count_the_steps_after_the_clustering_changed_is_explained() -> None:
    choice = "clustered into 10 groups, the partition most consistent with the others"
    assert _choice_words(choice, 12) == (
        "clustered into 10 groups (made 12 by the steps after it: kernel, libraries, "
        "domain slices), the partition most consistent with the others")
    assert _choice_words(choice, 10) == choice
    asked = "clustered into 4 groups as asked (--services 4)"
    assert _choice_words(asked, 4) == asked
