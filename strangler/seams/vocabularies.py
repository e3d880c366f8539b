"""Vocabularies: a table of values that one entity is labelled with (topics, tags, labels).

The shape: a table `V` related to nothing but an association table `A`, and `A` related
to exactly `V` and one entity table `E`, with no columns but its id and the two foreign
keys (`challenge_topics`: id, challenge_id, topic_id); all three models in one module (the
developers wrote them together). The API that manages `V` and the links in `A` is how
`E` gets labelled: no service would own the labels apart from the entity. The aggregates
(`seams.aggregates`) see no child there (`V` hangs on `A`, which relates two tables), and
their guard asks the entity's own code to write the child's rows, which the entity's code
never does for a vocabulary managed by its own API. So the vocabulary's slice joins the
entity's slice in `propose.split_slices`, without that guard."""

from __future__ import annotations

from strangler.model import ProjectIndex


def vocabulary_tables(index: ProjectIndex) -> dict[str, str]:
    """Each vocabulary table and its association table -> the entity table they label."""
    from strangler.seams.aggregates import related_tables

    homes, related = related_tables(index)
    columns = {table.name: {c.name for c in table.columns} for table in index.tables}
    found: dict[str, str] = {}
    for vocabulary in sorted(related):
        if len(related[vocabulary]) != 1:
            continue
        link = next(iter(related[vocabulary]))
        ends = related[link] - {vocabulary}
        keys = columns.get(link, set()) - {"id"}
        if len(related[link]) != 2 or len(ends) != 1 or len(keys) != 2 \
                or not all(key.endswith("_id") for key in keys):
            continue
        entity = next(iter(ends))
        if homes[vocabulary] & homes[link] & homes[entity]:
            found[vocabulary] = found[link] = entity
    return found


def vocabulary_units(members_of: dict[str, list[str]], owned: dict[str, set[str]],
                     vocabularies: dict[str, str]) -> dict[str, str]:
    """unit -> the unit it joins: a unit whose data (the tables its modules map or write,
    `owned`) are all one entity's vocabulary (`vocabulary_tables`) joins the unit with the
    most modules owning the entity table (ties: the first by name)."""
    from strangler.seams.aggregates import unit_tables

    data, holders = unit_tables(members_of, owned)
    found: dict[str, str] = {}
    for unit in sorted(data):
        entities = {vocabularies.get(t) for t in data[unit]}
        if len(entities) != 1 or None in entities:
            continue
        entity = entities.pop()
        candidates = {u: n for u, n in holders.get(entity or "", {}).items() if u != unit}
        if candidates:
            found[unit] = min(candidates, key=lambda u: (-candidates[u], u))
    return found
