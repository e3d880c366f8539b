"""A file's uses of other modules' symbols, resolved through imports and re-exports."""

from __future__ import annotations

from collections import defaultdict

from strangler.model import SymbolUse
from strangler.parse.link.names import Linker

MemberUse = tuple[str, str, tuple[str, ...], str, int]  # (target, symbol, rest, kind, line)


def file_uses(linker: Linker, name: str
              ) -> tuple[list[SymbolUse], list[MemberUse], set[str]]:
    """The symbol uses of module `name` (sorted), each use of another module's class or
    Table object (the candidates for table accesses), and the modules whose interface the
    resolution read (the last one holds the symbol)."""
    merged: dict[tuple[str, str, str], list[int]] = defaultdict(list)
    members: list[MemberUse] = []
    read: set[str] = set()
    data = linker.data[name]
    bindings = data.bindings
    for local, attrs, kind, lines in data.facts.uses:
        bound = bindings.get(local)
        if bound is None:
            continue
        resolved, chain = linker.resolve_traced(".".join([bound, *attrs]) if attrs else bound)
        read.update(chain)
        if resolved is None:
            continue
        target, symbol, rest = resolved
        if target == name:
            continue
        merged[(target, symbol, kind)].extend(lines)
        if symbol and (symbol in linker.data[target].classes
                       or symbol in linker.table_vars(target)):
            members.extend((target, symbol, rest, kind, line) for line in lines)
    uses = [SymbolUse(name, target, symbol, kind, tuple(sorted(lines)))
            for (target, symbol, kind), lines in sorted(merged.items())]
    return uses, members, read
