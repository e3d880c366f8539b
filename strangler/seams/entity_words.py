"""The application's central entity keeps its word. A word found in more than
`words.MAX_SHARE` module names is taken for a part of the platform (`base`, `util` spelled
otherwise) and ties nothing. In an application built around one entity, that entity's word
is everywhere for the opposite reason: an authentication server writes `api/token`,
`lib/token`, `models/token` and forty token types (`lib/tokens/hotptoken`). When the word
names a table that a model class maps and is found in a tenth of the project's modules or
more (ENTITY_SHARE), it is the domain the application is built around, and its modules keep
their word edges however many they are. A table word past the limit in fewer modules is one
domain among several whose word has spread into sub-features (superset's `dashboard`, 42
of 659 modules: `commands/dashboard/filter_state`, `dashboards/permalink`), and stays
without edges."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from strangler.model import ProjectIndex

ENTITY_SHARE = 0.1  # of the project's modules carrying the word, for a central entity


def entity_words(index: ProjectIndex, by_word: Mapping[str, Sequence[str]]) -> frozenset[str]:
    """The words of `by_word` (word -> modules whose names carry it) that name the central
    entity: the singular name of a table a model class maps, carried by ENTITY_SHARE of the
    project's modules or more."""
    from strangler.seams.words import singular

    tables = {singular(t.name.lower()) for t in index.tables if t.models}
    floor = ENTITY_SHARE * len(index.modules)
    return frozenset(w for w, members in by_word.items()
                     if w in tables and len(members) >= floor)
