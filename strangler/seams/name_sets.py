"""Answers about a set of module names, computed once for each set.

Several rules ask the same question about one project's modules: ten ask for its Django
apps, five for its mirrored layer packages. A function kept here is answered once per set
of names and remembered for the last few sets (`KEPT`; one analysis asks about one or two).

Only a function that reads its names as a set may be kept this way: it is called with the
`frozenset` the answer is remembered under, not with the caller's iterable. (A set of
strings iterates in an order that changes from one process to the next, so such a
function's answer could not depend on that order anyway.) Its answer is shared by every
caller: it must be immutable, or copied by the caller's wrapper.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from typing import TypeVar

_R = TypeVar("_R")
KEPT = 4  # the last few sets of names asked about


def once_per_name_set(function: Callable[[frozenset[str]], _R]
                      ) -> Callable[[Iterable[str]], _R]:
    """`function` of a set of names, computed once per set (see the module docstring)."""
    memo: dict[frozenset[str], _R] = {}

    @functools.wraps(function)
    def remembered(names: Iterable[str]) -> _R:
        key = names if isinstance(names, frozenset) else frozenset(names)
        if key in memo:
            return memo[key]
        found = function(key)
        if len(memo) >= KEPT:
            del memo[next(iter(memo))]
        memo[key] = found
        return found

    return remembered
