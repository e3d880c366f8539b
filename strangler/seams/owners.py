"""Who owns each table: data first. A table belongs to one service, and the others that use
it call that service (or keep a read model) once they are apart. The owner is the seam
that defines the table's model (a Django app's `models.py`, a blueprint's SQLAlchemy
classes) and uses it; else the seam that writes it most, else the one that reads it most.
The shared kernel never owns: a table whose model sits there is owned by its main writer.
When seams tie on writes the main reader owns it (CTFd's `teams`: the `team` seam reads it
most, while auth and the backup import write it twice each); a table no rule decides
(writes and reads tied) has none, and the report says so."""

from __future__ import annotations

import fnmatch
from collections import defaultdict
from dataclasses import dataclass
from typing import Literal

from strangler.model import ProjectIndex, TableSide
from strangler.seams.config import ConfigError, SeamConfig

OwnerBasis = Literal["model", "writes", "reads"]


@dataclass(frozen=True)
class TableOwner:
    """The seam that owns a table, and the rule that decided it."""

    seam: str
    basis: OwnerBasis


@dataclass(frozen=True)
class ModelHome:
    """The modules of one seam that define a model of a table, and the first definition."""

    modules: int
    file: str
    line: int


def model_homes(index: ProjectIndex, labels: dict[str, str]) -> dict[str, dict[str, ModelHome]]:
    """table -> seam -> where that seam defines the table's models (seams only, not the
    kernel or unassigned modules)."""
    found: dict[str, dict[str, ModelHome]] = defaultdict(dict)
    for table in index.tables:
        by_seam: dict[str, list[tuple[str, str, int]]] = defaultdict(list)
        for model in table.models:
            seam = labels.get(model.module)
            if seam is not None:
                by_seam[seam].append((model.module, model.file, model.line))
        for seam, refs in by_seam.items():
            _, file, line = min(refs, key=lambda ref: (ref[1], ref[2]))
            found[table.name][seam] = ModelHome(len({ref[0] for ref in refs}), file, line)
    return found


def table_owner(sides: list[TableSide], homes: dict[str, ModelHome], kernel: str
                ) -> TableOwner | None:
    """The owner of one table from its sides (one per seam that reads or writes it; the
    kernel's side is named `kernel`) and its model homes: the seam
    of its model, when that seam uses the table too (or no seam does); else the seam that
    writes it most; else the one that reads it most; else the model's seam. A model kept in
    another domain's grab-bag module (`models/core.py` holding a dozen models) does not make
    that domain the owner of a table only others use."""
    real = [side for side in sides if side.seam != kernel]
    active = {side.seam for side in real}
    home = next(iter(homes)) if len(homes) == 1 else None
    if home is not None and (home in active or not active):
        return TableOwner(home, "model")
    writer = _leader([(side.writes, side.seam) for side in real])
    if writer is not None:
        return TableOwner(writer, "writes")
    reader = _leader([(side.reads, side.seam) for side in real])
    if reader is not None:
        return TableOwner(reader, "reads")
    return TableOwner(home, "model") if home is not None else None


def _leader(counts: list[tuple[int, str]]) -> str | None:
    """The seam with the highest non-zero count, if no other seam has as many."""
    ranked = sorted((entry for entry in counts if entry[0]), reverse=True)
    if ranked and (len(ranked) == 1 or ranked[0][0] > ranked[1][0]):
        return ranked[0][1]
    return None


# The declared owners (`[seams.NAME] tables`), for `strangler check` and `strangler extract`.


def table_owners(index: ProjectIndex, config: SeamConfig) -> dict[str, str]:
    """table -> the declared seam that owns it (the one whose `tables` globs match). A table
    that two seams or more declare is a ConfigError naming them: a table has one owner, and
    picking the first would guard the other seam's claim silently."""
    # Exact names (what --write-config writes) by lookup; only real globs are matched, so
    # a thousand declared tables cost a thousand lookups, not a million matches.
    order = {name: position for position, (name, _) in enumerate(config.tables)}
    claims: dict[str, set[str]] = defaultdict(set)  # exact table name -> seams
    patterns: list[tuple[str, str]] = []
    for name, globs in config.tables:
        for glob in globs:
            if _is_pattern(glob):
                patterns.append((glob, name))
            else:
                claims[glob].add(name)
    owners: dict[str, str] = {}
    conflicts: list[str] = []
    for table in index.tables:
        found = set(claims.get(table.name, ()))
        found.update(seam for glob, seam in patterns if fnmatch.fnmatchcase(table.name, glob))
        if len(found) > 1:
            seams = sorted(found, key=order.__getitem__)
            conflicts.append(f"table {table.name!r} is declared by "
                             + " and ".join(f"[seams.{seam}] tables" for seam in seams))
        elif found:
            owners[table.name] = found.pop()
    if conflicts:
        raise ConfigError("; ".join(sorted(conflicts)) + ": a table has one owner; keep it "
                          "in one seam's `tables` (the others read it through that seam)")
    return owners


def _is_pattern(glob: str) -> bool:
    return any(char in glob for char in "*?[")


def unmatched_table_globs(index: ProjectIndex, config: SeamConfig) -> list[tuple[str, str]]:
    """(seam, glob) of declared tables that match no table of the project: a misspelling
    or a table gone, which would otherwise guard nothing."""
    names = [table.name for table in index.tables]
    known = set(names)
    return [(seam, glob) for seam, globs in config.tables for glob in globs
            if (glob not in known if not _is_pattern(glob) else not fnmatch.filter(names, glob))]
