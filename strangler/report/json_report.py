"""`analysis.json`: every fact with its file and line, in a fixed order (see docs/schema.md)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict
from functools import lru_cache
from itertools import islice
from typing import Any, overload

import orjson

from strangler import __version__
from strangler.graph import CouplingGraph
from strangler.model import ProjectIndex, SeamProposal, serving_module
from strangler.report.completeness import completeness_data

SCHEMA_VERSION = "2.2"
CHUNK_ITEMS = 256  # section items encoded and joined at once (more is slower: the cache)


def summary(index: ProjectIndex, graph: CouplingGraph) -> dict[str, int]:  # noqa: D103
    """The headline counts shown on the terminal and at the top of every report."""
    return {
        "modules": len(index.modules),
        "packages": len({m.package for m in index.modules if m.package}),
        "lines": sum(m.lines for m in index.modules),
        "loc": sum(m.loc for m in index.modules),
        "imports": len(index.imports),
        "dependencies": len(graph.dependencies),
        "routes": len(index.routes),
        "unresolved_routes": len(index.unresolved_routes),
        "runtime_prefix_routes": sum(1 for r in index.routes if r.runtime_prefix),
        "graphql_operations": sum(1 for r in index.routes if r.kind == "graphql"),
        "tables": len(index.tables),
        "cycles": len(graph.cycles),
        "external": len(index.external),
        "problems": len(index.problems),
    }


_FLAGS = ("type_only", "lazy", "guarded", "dynamic", "star", "implicit", "entry_point",
          "registry")


@lru_cache(maxsize=64)
def _flags(*values: bool) -> list[str]:
    """The names of an import's set flags (one shared list per combination: read-only)."""
    return [flag for flag, value in zip(_FLAGS, values, strict=True) if value]


class Section(Sequence[dict[str, Any]]):
    """A list section of the document whose items are made when read, not kept: the big
    sections (imports, symbol uses, dependencies) of a 2M-line project are hundreds of
    thousands of dicts, and each reader (JSON, Markdown, HTML, DOT) only streams through."""

    def __init__(self, items: Sequence[Any], make: Callable[[Any], dict[str, Any]],
                 edge: Callable[[Any], tuple[str, str, float]] | None = None) -> None:
        self._items, self._make, self._edge = items, make, edge

    def edges(self) -> Iterator[tuple[str, str, float]] | None:
        """(source, target, weight) per item without making its dict, if the section knows
        how (dependencies: five readers need only these three fields)."""
        return None if self._edge is None else map(self._edge, self._items)

    def __len__(self) -> int:
        return len(self._items)

    @overload
    def __getitem__(self, position: int) -> dict[str, Any]: ...

    @overload
    def __getitem__(self, position: slice) -> list[dict[str, Any]]: ...

    def __getitem__(self, position: int | slice) -> dict[str, Any] | list[dict[str, Any]]:
        if isinstance(position, slice):
            return [self._make(item) for item in self._items[position]]
        return self._make(self._items[position])

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return map(self._make, self._items)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and list(self) == list(other)

    __hash__ = None  # type: ignore[assignment]


def dependency_edges(document: dict[str, Any]) -> Iterable[tuple[str, str, float]]:
    """(source, target, weight) of every dependency of the document, in its order."""
    dependencies = document["dependencies"]
    if isinstance(dependencies, Section):
        edges = dependencies.edges()
        if edges is not None:
            return edges
    return ((d["source"], d["target"], d["weight"]) for d in dependencies)


def analysis_document(index: ProjectIndex, graph: CouplingGraph,
                      proposal: SeamProposal | None = None) -> dict[str, Any]:
    """The analysis as plain data, in the documented key order."""
    paths = {m.name: m.path for m in index.modules}
    document = {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "strangler", "version": __version__},
        "root": index.root,
        "summary": summary(index, graph),
        "completeness": completeness_data(index.completeness),
        "modules": [
            {"name": m.name, "path": m.path, "package": m.package, "is_package": m.is_package,
             "loc": m.loc, "lines": m.lines}
            for m in index.modules
        ],
        "dependencies": Section(graph.dependencies, lambda d: {
            "source": d.source, "target": d.target, "kinds": dict(d.kinds),
            "weight": d.weight, "symbols": dict(d.symbols),
            "file": paths.get(d.source, ""), "line": d.first_line},
            lambda d: (d.source, d.target, d.weight)),
        "imports": Section(index.imports, lambda i: {
            "source": i.source, "target": i.target, "name": i.name,
            "file": paths.get(i.source, ""), "line": i.line,
            "flags": _flags(i.type_only, i.lazy, i.guarded, i.dynamic, i.star, i.implicit,
                            i.entry_point, i.registry)}),
        "symbol_uses": Section(index.uses, lambda u: {
            "source": u.source, "target": u.target, "name": u.name, "kind": u.kind,
            "count": len(u.lines), "file": paths.get(u.source, ""), "lines": list(u.lines)}),
        "routes": [
            {"methods": list(r.methods), "path": r.path, "handler": r.handler,
             "module": r.module, "served_by": serving_module(r, paths), "file": r.file,
             "line": r.line, "framework": r.framework, "runtime_prefix": r.runtime_prefix,
             "kind": r.kind}
            for r in index.routes
        ],
        "unresolved_routes": [
            {"module": u.module, "handler": u.handler, "file": u.file, "line": u.line,
             "reason": u.reason}
            for u in index.unresolved_routes
        ],
        "tables": [
            {"name": t.name,
             "models": [{"name": m.name, "module": m.module, "file": m.file, "line": m.line,
                         "framework": m.framework} for m in t.models],
             "readers": [{"module": a.module, "file": a.file, "line": a.line, "via": a.via}
                         for a in t.readers],
             "writers": [{"module": a.module, "file": a.file, "line": a.line, "via": a.via}
                         for a in t.writers],
             "columns": [{"name": c.name, "type": c.type} for c in t.columns],
             "data": None if t.sensitive is None else {
                 "kinds": list(t.sensitive.kinds), "columns": list(t.sensitive.columns),
                 "why": t.sensitive.describe()}}
            for t in index.tables
        ],
        "relations": [
            {"source": r.source, "target": r.target, "source_module": r.source_module,
             "target_module": r.target_module, "file": r.file, "line": r.line}
            for r in index.relations
        ],
        "cycles": [
            {"modules": list(c.modules), "lazy_only": c.lazy_only,
             "edges": [{"source": s, "target": t, "file": paths.get(s, ""), "line": line}
                       for s, t, line in c.edges]}
            for c in graph.cycles
        ],
        "external": [
            {"module": e.module, "distribution": e.distribution, "category": e.category,
             "importers": [{"module": m, "line": line} for m, line in e.importers]}
            for e in index.external
        ],
        "problems": [
            {"path": p.path, "line": p.line, "severity": p.severity, "message": p.message}
            for p in index.problems
        ],
        "seams": [],
    }
    if proposal is not None:
        document.update(seams_document(proposal))
    return document


def _route(route: Any) -> dict[str, Any]:
    return {"methods": list(route.methods), "path": route.path, "handler": route.handler,
            "file": route.file, "line": route.line, "kind": route.kind}


def _edge(edge: Any) -> dict[str, Any]:
    return {"source": edge.source, "target": edge.target, "weight": edge.weight,
            "file": edge.file, "line": edge.line}


def seams_document(proposal: SeamProposal) -> dict[str, Any]:
    """The seam sections of analysis.json: seams, plan, metrics, kernel, roots."""
    critical = {step.seam: step.critical for step in proposal.plan}  # the plan's decision
    why = {step.seam: step.critical_why for step in proposal.plan}
    return {
        "seams": [
            {"name": s.name, "modules": list(s.modules), "loc": s.loc, "pinned": s.pinned,
             "interface": [{"module": i.module, "name": i.name, "uses": i.uses,
                            "call_sites": [{"module": m, "file": f, "line": line}
                                           for m, f, line in i.call_sites]}
                           for i in s.interface],
             "routes": [_route(r) for r in s.routes],
             "tables_owned": list(s.tables_owned),
             "tables_shared": [
                 {"table": t.table, "modules": t.side.modules, "reads": t.side.reads,
                  "writes": t.side.writes, "others": t.others}
                 for t in s.tables_shared],
             "depends_on": [{"seam": name, "weight": w} for name, w in s.depends_on],
             "used_by": [{"seam": name, "weight": w} for name, w in s.used_by],
             "why": {"together": [_edge(e) for e in s.why_together],
                     "cut": [_edge(e) for e in s.cut_edges],
                     # (only where the seam departs from the project's Django apps)
                     **({"apps": list(s.app_notes)} if s.app_notes else {})},
             "difficulty": s.difficulty, "difficulty_score": s.difficulty_score,
             "confidence": s.confidence, "confidence_notes": list(s.confidence_notes),
             "critical_tables": list(critical.get(s.name, ())),
             "critical_why": list(why.get(s.name, ())),
             "money_or_identity": bool(critical.get(s.name))}
            for s in proposal.seams
        ],
        "shared_tables": [
            {"table": t.table, "owner": t.owner, "owner_basis": t.owner_basis,
             "seams": [{"seam": side.seam, "modules": side.modules, "reads": side.reads,
                        "writes": side.writes, "models": side.models, "file": side.file,
                        "line": side.line}
                       for side in t.sides]}
            for t in proposal.shared_tables
        ],
        "plan": [{"order": p.order, "seam": p.seam, "reason": p.reason} for p in proposal.plan],
        "metrics": {name: asdict(m) for name, m in proposal.metrics},
        "proposal": {"choice": proposal.choice, "signals": list(proposal.signals),
                     "notes": list(proposal.notes),
                     "kernel": [{"module": k.module, "reason": k.reason}
                                for k in proposal.kernel],
                     "roots": [{"module": r.module, "reason": r.reason}
                               for r in proposal.roots],
                     "examples": [{"module": e.module, "reason": e.reason}
                                  for e in proposal.examples],
                     "assignment": {m: s for m, s in proposal.assignment}},
    }


def _encode_item(item: Any) -> bytes:
    """One item as compact JSON: orjson, or stdlib json with \\u escapes for the strings orjson
    refuses (lone surrogates from file names that are not UTF-8)."""
    try:
        return orjson.dumps(item)
    except orjson.JSONEncodeError:
        return json.dumps(item, separators=(",", ":")).encode()


def iter_json(document: dict[str, Any]) -> Iterator[bytes]:
    """The JSON text of the document in pieces, a few thousand section items at a time (see
    `render_json_bytes`): a caller can write it out without holding all of it."""
    yield b"{\n"
    keys = list(document)
    for position, key in enumerate(keys):
        value = document[key]
        if isinstance(value, Section) and not value:
            value = []
        comma = b"," if position < len(keys) - 1 else b""
        name = _encode_item(key)
        if isinstance(value, (list, Section)) and value:
            yield b" " + name + b": [\n "
            items = iter(value)
            first = True
            while chunk := list(islice(items, CHUNK_ITEMS)):
                yield (b"" if first else b",\n ") + _encode_items(chunk)
                first = False
            yield b"\n ]" + comma + b"\n"
        else:
            yield b" " + name + b": " + _encode_item(value) + comma + b"\n"
    yield b"}\n"


def _encode_items(items: list[Any]) -> bytes:
    """Items as `_encode_item` writes them, one a line: one loop without a call per item
    (a 6 MB document has 40k items per edit on apache-superset)."""
    dumps = orjson.dumps
    try:
        return b",\n ".join([dumps(item) for item in items])
    except orjson.JSONEncodeError:
        return b",\n ".join([_encode_item(item) for item in items])


def render_json_bytes(document: dict[str, Any]) -> bytes:
    """Serialize deterministically: fixed key order, one list item per line, final newline.

    One fact per line keeps diffs between two analyses readable; each item is encoded
    compactly by orjson (3x faster than the stdlib's C encoder on a 6 MB document).
    """
    return b"".join(iter_json(document))


def render_json(document: dict[str, Any]) -> str:
    """`render_json_bytes` as text."""
    return render_json_bytes(document).decode()
