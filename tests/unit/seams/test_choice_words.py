"""The proposal's account of its count never contradicts the number of services."""

from __future__ import annotations

from strangler.seams import _choice_words
from strangler.seams.propose import Choice

CONSENSUS = ", the partition most consistent with the others"


def test_a_count_the_steps_after_the_clustering_changed_is_explained() -> None:
    choice = Choice(10, CONSENSUS)
    assert choice.text() == "clustered into 10 groups" + CONSENSUS
    assert _choice_words(choice, 12) == (
        "clustered into 10 groups (made 12 by the steps after it: kernel, libraries, "
        "domain slices), the partition most consistent with the others")
    assert _choice_words(choice, 10) == choice.text()
    asked = Choice(4, " as asked (--services 4)")
    assert _choice_words(asked, 4) == "clustered into 4 groups as asked (--services 4)"


def test_the_count_travels_as_data_not_as_words() -> None:
    """No count (fewer groups than asked for): the words stand as they are, even where they
    hold a number of groups; the count is never read back out of the sentence."""
    fewer = Choice(None, "not the 40 asked for: the coupling splits into at most 7 groups")
    assert _choice_words(fewer, 9) == fewer.rest
    # words that look like a count are not one
    odd = Choice(None, "clustered into 3 groups by hand")
    assert _choice_words(odd, 5) == odd.rest
