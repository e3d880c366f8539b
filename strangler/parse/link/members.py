"""Tables read and written through the object that declares them (facts/members.py).

A class declaring `Table` objects as attributes is a schema object. A name is one of its
holders when the project binds it to an instance of the class (`self.model = model.Model(self)`
binds `model`) or when it is the class's own name (`Model.buildsets`). A module whose chains
read `<anything>.<holder>.<attribute>`, where `<attribute>` is a Table attribute of the
schema class that `<holder>` holds, reads that table; a write construct called on such a
chain (or on a variable bound to one, or given it: `sa.delete(...)`) writes it. The holder
must be the attribute's immediate predecessor in the chain, so `row.builds` or
`self.builds` elsewhere is not taken for the table. `metadata.tables["name"]` reads (writes)
a table the project knows by that name.
"""

from __future__ import annotations

from collections import defaultdict

from strangler.model import TableAccess
from strangler.parse.link.names import Linker

# (table, access, writes)
MemberAccess = tuple[str, TableAccess, bool]


def member_accesses(linker: Linker, known: set[str]) -> list[MemberAccess]:
    """Accesses of class-attribute Tables through their holders, and of named tables."""
    schema: dict[str, dict[str, str]] = defaultdict(dict)  # class -> attribute -> table
    for name, data in linker.data.items():
        for cls, attribute, table, _line in data.facts.class_tables:
            schema[f"{name}.{cls}"][attribute] = table
    found: list[MemberAccess] = []
    if schema:
        holders: dict[str, set[str]] = defaultdict(set)  # name -> schema classes it holds
        for qual in schema:
            holders[qual.rsplit(".", 1)[-1]].add(qual)
        for name, data in linker.data.items():
            for bound, constructor in data.facts.instance_bindings:
                target, symbol, rest = linker.resolve_local(name, constructor)
                qual = ".".join((target, symbol, *rest))
                if qual in schema:
                    holders[bound].add(qual)
        tables: dict[tuple[str, str], str] = {}  # (holder, attribute) -> table
        for holder, quals in sorted(holders.items()):
            by_attribute: dict[str, set[str]] = defaultdict(set)
            for qual in quals:
                for attribute, table in schema[qual].items():
                    by_attribute[attribute].add(table)
            for attribute, named in by_attribute.items():
                if len(named) == 1:  # two schema classes disagreeing: not guessed
                    tables[(holder, attribute)] = next(iter(named))
        for name, data in linker.data.items():
            path = data.source.path
            for holder, attribute, lines in data.facts.member_reads:
                read = tables.get((holder, attribute))
                if read is not None:
                    found.extend((read, TableAccess(name, path, line, attribute), False)
                                 for line in lines)
            for holder, attribute, line in data.facts.member_writes:
                written = tables.get((holder, attribute))
                if written is not None:
                    found.append((written, TableAccess(name, path, line, attribute), True))
    for name, data in linker.data.items():
        for table, op, line in data.facts.named_tables:
            if table in known:
                found.append((table, TableAccess(name, data.source.path, line, "tables"),
                              op == "write"))
    return found
