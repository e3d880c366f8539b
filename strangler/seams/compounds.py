"""Compound domain words: a table's satellite is part of its head's slice.

In an application with one model per module, every table is a word unit of its own
(`models/budget_entry.py` + `crud/budget_entry.py`, `models/chat_message.py`), and the
slice split (`propose.split_slices`) cut each into a seam of two modules beside its head
(`budget`, `chat`). The developers' name says otherwise: a budget entry is a part of the
budget. A word unit `<head>_<rest>` is a part of the unit of `<head>` (the longest such
head that is a word unit of its own: `preview_file_storage_state` -> `preview_file`) when

- its modules all sit in layer packages (`models/`, `crud/`, `services/`,
  `blueprints/project_templates/`: the domain is written across the layers). A compound
  that is a package of its own outside the layers (`query_runner/` of 70 plugins beside
  `handlers/queries`, `sql_validators/` beside `sql/`) is a component with a life of its
  own, not a satellite;
- and the two are tied by data or code: a model of one is related (foreign key or
  relationship) to a model of the other, or a module of one uses a module of the other.
  A shared prefix with no such tie is a coincidence of spelling.

The rule acts after the clustering, in the slice split, as the aggregates do: the
compound's slice joins its head's slice (moving to its group first), or, when the head is
no slice (no table, fewer than three layers), takes the head's modules; projects without
such names are left as they were.

A hub's name is no head (`hub_tail`): `users` is related to a third of the tables, and a
`user_favourite_session` or `user_follow_group` is the sessions' or the groups' per-user data,
not a part of the user. When the head a compound's name starts with maps a hub table
(related to HUB_SHARE of the related tables or more) and the word its name ends with is a
unit tied to it too (a relation or a use) whose tables are less central than the hub's, the
compound is that unit's part. Between two hubs (`user_favourite_event`) the head decides.

Where every table lives in the schema's one models module, a one-module unit (a GraphQL
loader, `dataloaders/span_cost_summary_by_trace`) has no model to relate and is reached by
no import: its data tie is the table it reads. It is the part of the longest head whose
word names a schema table it reads or writes (`span_costs`: `span_cost`; `_named_head`),
else of the one unit named by the schema tables it reads (`_read_head`)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from strangler.graph import Dependency
from strangler.model import ProjectIndex
from strangler.seams.words import TRUE_LAYERS


def compound_heads(units: dict[str, str], index: ProjectIndex,
                   neighbours: dict[str, set[str]]) -> dict[str, str]:
    """word unit -> the word unit it is a part of (see the module docstring); one step,
    not resolved along chains (`slice_heads` does that)."""
    members: dict[str, list[str]] = defaultdict(list)
    for module, unit in units.items():
        if unit.startswith("word:"):
            members[unit].append(module)
    related = _related_units(index, units)
    named = _named_reads(index, units)
    keyed: dict[str, set[str]] | None = None  # (built where a one-module unit asks)
    central: dict[str, float] | None = None  # (read only where a compound has a head)
    heads: dict[str, str] = {}
    for unit in sorted(members):
        if not all(_in_layer(m) for m in members[unit]):
            continue
        head = _tied_head(unit, unit[5:], "word:", members, related, neighbours)
        if head is None and len(members[unit]) == 1:
            reads = named.get(members[unit][0], set())
            head = _named_head(unit[5:], members, reads)
            if head is None:
                keyed = keyed if keyed is not None else _keyed_units(members)
                head = _read_head(unit, keyed, reads)
        if head is not None:
            if central is None:
                central = unit_centrality(index, units)
            heads[unit] = hub_tail(unit, head, members, related, neighbours, central) or head
    return heads


HUB_SHARE = 0.25  # of the related tables that a hub table (`users`, `events`) is related to


def unit_centrality(index: ProjectIndex, units: dict[str, str]) -> dict[str, float]:
    """unit -> the largest share of the project's related tables (those with a relation)
    that one table its modules map is related to."""
    from strangler.seams.aggregates import related_tables

    homes, related = related_tables(index)
    central: dict[str, float] = defaultdict(float)
    for table, others in related.items():
        for module in homes.get(table, ()):
            if (unit := units.get(module)) is not None:
                central[unit] = max(central[unit], len(others) / len(related))
    return central


def hub_tail(unit: str, head: str, members: dict[str, list[str]],
             related: dict[str, set[str]], neighbours: dict[str, set[str]],
             central: dict[str, float]) -> str | None:
    """The word unit a compound word unit's name ends with (`word:session` of
    `word:user_favourite_session`, the longest ending that is a unit) when `head` maps a
    hub table (HUB_SHARE), the ending is tied to the compound (a relation or a use) and
    maps less central tables than the head; else None (see the module docstring)."""
    if central.get(head, 0.0) < HUB_SHARE:
        return None
    parts = unit[5:].split("_")
    for cut in range(1, len(parts)):
        tail = "word:" + "_".join(parts[cut:])
        if tail not in members or tail == head:
            continue
        tied = tail in related.get(unit, ()) or _uses(members[unit], members[tail], neighbours)
        return tail if tied and central.get(tail, 0.0) < central[head] else None
    return None


def package_heads(units: dict[str, str], index: ProjectIndex,
                  neighbours: dict[str, set[str]]) -> dict[str, str]:
    """package unit -> the sibling package unit its last name starts with: a domain
    package `<parent>.<head>_<rest>` beside a domain package `<parent>.<head>`
    (`customer_session/` beside `customer/`, `incident_role/` beside `incident/`) is a
    part of the head's slice, as a compound word's unit is, when the two are tied by data
    or code (a model of one related to a model of the other, or a module of the compound
    using one of the head). The longest head that is a sibling unit decides."""
    members: dict[str, list[str]] = defaultdict(list)
    for module, unit in units.items():
        if not unit.startswith("word:") and "." in unit:
            members[unit].append(module)
    related = _related_units(index, units)
    heads: dict[str, str] = {}
    for unit in sorted(members):
        parent, last = unit.rsplit(".", 1)
        head = _tied_head(unit, last, f"{parent}.", members, related, neighbours)
        if head is not None:
            heads[unit] = head
    return heads


def _longest_head(name: str, prefix: str, members: dict[str, list[str]]) -> str | None:
    """The unit `prefix` + the most first words of `name` (`budget` of `budget_entry`)
    that is a unit of `members`, else None."""
    parts = name.split("_")
    for cut in range(len(parts) - 1, 0, -1):
        head = prefix + "_".join(parts[:cut])
        if head in members:
            return head
    return None


def _tied_head(unit: str, name: str, prefix: str, members: dict[str, list[str]],
               related: dict[str, set[str]], neighbours: dict[str, set[str]]) -> str | None:
    """The unit `prefix` + the first words of `name` (`budget` of `budget_entry`) when it
    is a unit of `members` tied to `unit` by data or code, else None: the longest head
    that is a unit decides, a shorter one is further."""
    head = _longest_head(name, prefix, members)
    if head is None:
        return None
    tied = head in related.get(unit, ()) or _uses(members[unit], members[head], neighbours)
    return head if tied else None


def _named_reads(index: ProjectIndex, units: dict[str, str]) -> dict[str, set[str]]:
    """module -> the word keys (`named_data.word_key`) of the tables of the schema's one
    models module (`index_facts.schema_modules`) that it reads or writes; empty without
    such a module."""
    from strangler.seams.index_facts import schema_modules
    from strangler.seams.named_data import word_key

    schemas = schema_modules(index)
    reads: dict[str, set[str]] = defaultdict(set)
    for table in index.tables:
        if schemas and any(m.module in schemas for m in table.models):
            for access in (*table.readers, *table.writers):
                if access.module in units:
                    reads[access.module].add(word_key(table.name))
    return reads


def _named_head(name: str, members: dict[str, list[str]], reads: set[str]) -> str | None:
    """The longest head of a one-module compound (`span_cost_summary_by_trace`) that is a
    word unit (`span_cost`), when its word names a schema table the module reads or writes
    (`span_costs`): a query over that table's rows, named after it, is its part."""
    from strangler.seams.named_data import word_key

    head = _longest_head(name, "word:", members)
    return head if head is not None and word_key(head[5:]) in reads else None


def _keyed_units(members: dict[str, list[str]]) -> dict[str, set[str]]:
    """`named_data.word_key` of each word unit's word -> those units."""
    from strangler.seams.named_data import word_key

    keyed: dict[str, set[str]] = defaultdict(set)
    for unit in members:
        keyed[word_key(unit[5:])].add(unit)
    return keyed


def _read_head(unit: str, keyed: dict[str, set[str]], reads: set[str]) -> str | None:
    """The one word unit named by the schema tables a one-module unit reads or writes
    (`num_spans_per_trace` reading `spans` alone: `span`), when exactly one is."""
    found = {other for key in reads for other in keyed.get(key, ()) if other != unit}
    return found.pop() if len(found) == 1 else None


def unit_key(unit: str) -> str:
    """A unit as `heads` spells it, from its own or its slice's spelling: a word unit
    `word:chat` (slice `unit:word:chat`), a package unit by its name (`app.customer`,
    slice `unit:app.customer`). The word keeps its `word:`: a top-level package unit
    (`chat`, domains starting at the top) is another unit than the word `chat`."""
    if "word:" in unit:
        return "word:" + unit.rsplit("word:", 1)[-1]
    return unit.removeprefix("unit:")


LAYER_MIN = 3  # child modules of a package whose domain words live elsewhere too


def word_layers(units: dict[str, str]) -> frozenset[str]:
    """The packages that are a layer of this project, read from its own names: those
    with LAYER_MIN or more child modules whose word units (three different ones) have
    members outside the package too (`utils/skills` beside `routers/skills` and
    `models/skills`), whatever the package is called (`utils/`, `policies/`)."""
    words: dict[str, set[str]] = defaultdict(set)
    for module, unit in units.items():
        if unit.startswith("word:"):
            words[unit].add(module.rsplit(".", 1)[0])
    found: dict[str, set[str]] = defaultdict(set)
    for unit, parents in words.items():
        if len(parents) >= 2:
            for parent in parents:
                found[parent].add(unit)
    return frozenset(p for p, shared in found.items() if "." in p and len(shared) >= LAYER_MIN)


def rejoin_heads(units: dict[str, str], dependencies: Iterable[Dependency]
                 ) -> dict[str, str]:
    """word unit -> the word unit its name starts or ends with (`query_result` and
    `parameterized_query` -> `query`; `skill_files` -> `skill`), for
    `layer_rejoin.rejoin_layers` and `domain_helpers`: all the compound's modules sit in a
    layer package (`TRUE_LAYERS`, or one of `word_layers`) and a module of the head uses
    one of them in code (a part serves its whole: `authentication_log`, which uses the
    `log` helpers, is no kind of log); the longest head decides, a head at the start
    before one at the end. A module name is weaker evidence than a table's relation: it
    moves a layer module after the clustering, it never splits slices (`compound_heads`
    does, with a relation or a use either way)."""
    from strangler.seams.signals import STATIC_KINDS

    layers = word_layers(units)
    members: dict[str, list[str]] = defaultdict(list)
    for module, unit in units.items():
        if unit.startswith("word:"):
            members[unit].append(module)
    used_by: dict[str, set[str]] = defaultdict(set)
    for dependency in dependencies:
        if any(kind in STATIC_KINDS for kind, _ in dependency.kinds):
            used_by[dependency.target].add(dependency.source)
    heads: dict[str, str] = {}
    for unit in sorted(members):
        if not all(_in_layer(m) or m.rsplit(".", 1)[0] in layers for m in members[unit]):
            continue
        parts = unit[5:].split("_")
        cuts = ["_".join(parts[:cut]) for cut in range(len(parts) - 1, 0, -1)]
        tails = ["_".join(parts[cut:]) for cut in range(1, len(parts))]
        for word in cuts + tails:
            head = "word:" + word
            if head in members and any(used_by.get(m, set()) & set(members[head])
                                       for m in members[unit]):
                heads[unit] = head
                break
    return heads


def slice_heads(heads: dict[str, str], slices: set[str],
                absorbed: frozenset[str] = frozenset()) -> dict[str, str]:
    """Each slice of `slices` that is a compound -> the last slice along its chain of heads
    (`preview_file_storage_state` -> `preview_file` -> `preview`, stopping before a head
    that is no slice, unless the chain's compound took it, `absorbed`: then its own head
    is next, as for `table_views`' heads). Keys and values are spelled as in `slices`;
    `heads` maps the bare units, which a slice's name ends with (`unit:word:chat`)."""
    by_unit = {unit_key(s): s for s in slices}
    found: dict[str, str] = {}
    for unit in sorted(heads):
        start = by_unit.get(unit_key(unit))
        if start is None:
            continue
        seen, last = {unit}, start
        step = heads[unit]
        while step not in seen:
            seen.add(step)
            named = by_unit.get(unit_key(step))
            if named is None and not (step in absorbed and step in heads):
                break
            # (a head the compound's slice absorbed is passed over: its own head is next)
            last = named or last
            if step not in heads:
                break
            step = heads[step]
        if last != start:
            found[start] = last
    return found


def absorb_heads(heads: dict[str, str], slices: set[str], units: dict[str, str],
                 members_of: dict[str, list[str]]
                 ) -> tuple[dict[str, str], dict[str, list[str]]]:
    """A compound slice whose head unit is no slice takes the head's modules: the head is
    then the interface of the compound's data (`blueprints/previews/` of no table of its
    own, beside `models/preview_file.py` + `crud/preview_file.py`), and the two are one
    slice. `units` and `members_of` are spelled as `slices` (`unit:word:preview`); a head
    two compounds share goes to the first by name. Returns new `units`, `members_of`."""
    units, members_of = dict(units), {u: list(m) for u, m in members_of.items()}
    by_unit = {unit_key(s): s for s in members_of}
    for child, head in sorted(heads.items()):
        taker, given = by_unit.get(unit_key(child)), by_unit.get(unit_key(head))
        if taker in slices and given is not None and given not in slices \
                and given in members_of:
            for module in members_of.pop(given):
                units[module] = taker
                members_of[taker].append(module)
    return units, members_of


def _in_layer(module: str) -> bool:
    """Whether a module sits in a layer package, at any depth (`models/budget_entry`,
    `blueprints/crud/budget_entry`, `blueprints/project_templates/resources`)."""
    return any(part.lower() in TRUE_LAYERS for part in module.split(".")[:-1])


def _related_units(index: ProjectIndex, units: dict[str, str]) -> dict[str, set[str]]:
    """unit -> the units whose models are related to its models."""
    unit_of_model: dict[str, str] = {}
    for table in index.tables:
        for model in table.models:
            if (unit := units.get(model.module)) is not None:
                unit_of_model[model.name] = unit
    related: dict[str, set[str]] = defaultdict(set)
    for relation in index.relations:
        a, b = unit_of_model.get(relation.source), unit_of_model.get(relation.target)
        if a and b and a != b:
            related[a].add(b)
            related[b].add(a)
    return related


def _uses(members: Iterable[str], others: list[str],
          neighbours: dict[str, set[str]]) -> bool:
    other = set(others)
    return any(neighbours.get(m, set()) & other for m in members)
