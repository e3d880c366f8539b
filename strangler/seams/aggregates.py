"""Aggregates: child tables that live inside a parent table's aggregate (DDD).

A challenge's flags, hints and tags are rows of their own tables, but no service would own
them apart from the challenge: they are created, changed and deleted with it. The model
relations (foreign keys, relationships) tell them: a child table is related to exactly one
other table, its parent, whose model is defined in the same module (the developers wrote
them together; a parent in another module is a reference to another domain's entity, such
as a `users` table every domain points at). The parent must be related to other tables as
well, so a pair of tables related only to each other has no child.

A hub (`users`, `organizations`) does not swallow the world: a table that points at the hub
and at its own domain's table has two relations and is no child; only the tables that
point at nothing else (a user's tokens, a user's notifications) are its children, and the
code of such a child joins the hub's code only when that code writes the child's rows too
(`child_units`: users code that creates tokens, not notifications). The rule is one level
deep, never a chain: pruning leaves again and again would fold a whole tree of tables
(challenges behind their solves, behind the users) into its last trunk."""

from __future__ import annotations

from collections import defaultdict

from strangler.model import ProjectIndex


def related_tables(index: ProjectIndex) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """(table -> the modules defining its models, table -> the other tables its models are
    related to by the model relations), the two maps the table-shape rules read."""
    table_of: dict[str, str] = {}
    homes: dict[str, set[str]] = defaultdict(set)
    for table in index.tables:
        for model in table.models:
            table_of[model.name] = table.name
            homes[table.name].add(model.module)
    related: dict[str, set[str]] = defaultdict(set)
    for relation in index.relations:
        source, target = table_of.get(relation.source), table_of.get(relation.target)
        if source is not None and target is not None and source != target:
            related[source].add(target)
            related[target].add(source)
    return homes, related


def table_parents(index: ProjectIndex) -> dict[str, str]:
    """child table -> its parent table (see the module docstring)."""
    homes, related = related_tables(index)
    parents: dict[str, str] = {}
    for name in sorted(related):
        if len(related[name]) == 1:
            parent = next(iter(related[name]))
            if len(related[parent]) >= 2 and homes[name] & homes[parent]:
                parents[name] = parent
    return parents


def unit_tables(members_of: dict[str, list[str]], owned: dict[str, set[str]]
                ) -> tuple[dict[str, set[str]], dict[str, dict[str, int]]]:
    """(unit -> the tables its modules map or write, table -> unit -> how many of the
    unit's modules map or write it), from `owned` (module -> tables)."""
    holders: dict[str, dict[str, int]] = defaultdict(dict)
    data: dict[str, set[str]] = {}
    for unit, members in sorted(members_of.items()):
        tables = {t for m in members for t in owned.get(m, ())}
        data[unit] = tables
        for table in tables:
            holders[table][unit] = holders[table].get(unit, 0) + sum(
                1 for m in members if table in owned.get(m, ()))
    return data, holders


def child_units(members_of: dict[str, list[str]], owned: dict[str, set[str]],
                parents: dict[str, str]) -> dict[str, str]:
    """unit -> the unit whose aggregate it belongs to. A unit whose data (the tables its
    modules map or write, `owned`) all lie in one aggregate whose root it does not own is
    part of that aggregate: it joins the unit that owns the root and also owns some of the
    unit's own tables (the root's code keeps the children's life cycle), the one with the
    most modules owning the root (ties: the first by name). `parents`: `table_parents`."""
    data, holders = unit_tables(members_of, owned)
    found: dict[str, str] = {}
    for unit in sorted(data):
        roots = {parents.get(t, t) for t in data[unit]}
        if len(roots) != 1 or roots & data[unit]:
            continue
        root = roots.pop()
        # (the root's unit must keep some of the child's rows itself: code of the root
        # that creates or maps them, as a challenge's plugin creates its flags; a users
        # module that never writes notifications does not make them the user's)
        candidates = {u: n for u, n in holders.get(root, {}).items() if data[u] & data[unit]}
        if candidates:
            found[unit] = min(candidates, key=lambda u: (-candidates[u], u))
    return found
