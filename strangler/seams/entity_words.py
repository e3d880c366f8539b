"""The application's central entity keeps its word. A word found in more than
`words.MAX_SHARE` module names is taken for a part of the platform (`base`, `util` spelled
otherwise) and ties nothing. In an application built around one entity, that entity's word
is everywhere for the opposite reason: an authentication server writes `api/token`,
`lib/token`, `models/token` and forty token types (`lib/tokens/hotptoken`), a shop writes
`product` in every layer. When the word names a table that a model class maps, the word is
that entity's domain, and its modules keep their word edges however many they are."""

from __future__ import annotations

from strangler.model import ProjectIndex


def entity_words(index: ProjectIndex) -> frozenset[str]:
    """The singular names of the tables that a model class maps (`token`, `product`): words
    that name a domain whatever their breadth."""
    from strangler.seams.words import singular

    return frozenset(singular(t.name.lower()) for t in index.tables if t.models)
