"""Routes and tables reused from the last run when every fact they read is unchanged.

`project_routes` and `project_tables` read the whole project through the `Linker`: most
facts of every file (not its line counts, problems, dynamic imports or data attributes),
each module's import bindings and re-exported names, its routers, and the member uses its
links found. Their result is kept under a digest of exactly those inputs (`derived_key`),
so a reused result is the one they would compute. A module's `defined` names are read only
through `Linker.handler` (for a module that declares routes or URL patterns) and through
star imports (which the importer's bindings and exports digests cover).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, fields

from strangler.model import FileFacts, ModelRelation, Route, Table, UnresolvedRoute
from strangler.parse.link.names import Linker, digest_data

# Fields of FileFacts that routes and tables never read; every other one is in the key, so a
# field added later is read-safe by default.
UNREAD = frozenset({"loc", "lines", "problems", "dynamic_unresolved", "dynamic_patterns",
                    "data_attributes", "defined"})
# A module with one of these: `Linker.handler` reads its `defined` names.
HANDLER_FIELDS = ("route_decls", "registers", "urlpatterns", "pattern_lists", "graphql_fields",
                  "view_registrations", "pyramid_views")
READ = tuple(f.name for f in fields(FileFacts) if f.name not in UNREAD)
# Fields whose items are named tuples, which orjson (in `digest_data`) does not encode: they
# are digested as plain tuples.
NAMED_TUPLES = frozenset({"imports"})
# What `derived_key` needs of one file's facts: their digest, and whether it star-imports.
FactsDigest = tuple[bytes, bool]


@dataclass(frozen=True, slots=True)
class Derived:
    """Routes and tables of one run, and the key of the inputs they were computed from."""

    key: bytes
    facts: Mapping[str, FactsDigest]  # by file identity (content|module|package)
    routes: tuple[Route, ...]
    unresolved: tuple[UnresolvedRoute, ...]
    tables: tuple[Table, ...]
    relations: tuple[ModelRelation, ...]


def facts_digest(facts: FileFacts) -> FactsDigest:
    """A digest of the facts of one file that routes and tables read, and whether the file
    star-imports (its exported names then depend on other files)."""
    read = [[tuple(raw) for raw in getattr(facts, name)] if name in NAMED_TUPLES
            else getattr(facts, name) for name in READ]
    if any(getattr(facts, name) for name in HANDLER_FIELDS):
        read.append(facts.defined)
    return digest_data(read), any(raw.star for raw in facts.imports)


def derived_key(linker: Linker, files: Mapping[str, tuple[str, bytes, tuple[object, ...]]],
                facts: Mapping[str, FactsDigest]) -> bytes:
    """The digest of every input of routes and tables. `files`: per module, its identity,
    its bindings digest and its member uses; `facts`: `facts_digest` per identity."""
    hasher = hashlib.blake2b(digest_size=16)
    rows = []
    for name, data in linker.data.items():
        identity, bindings, members = files[name]
        digest, star = facts[identity]
        rows.append((name, data.source.path, data.source.is_package, members))
        hasher.update(digest)
        hasher.update(bindings)
        if star:
            hasher.update(digest_data(data.exports))
        if data.routers:  # a router's kind follows from project classes
            hasher.update(digest_data(list(data.routers.values())))
    if linker.import_roots:  # how names resolve (none: the key of before they existed)
        hasher.update(digest_data(list(linker.import_roots)))
    hasher.update(digest_data(rows))  # one encoding for all: 659 small ones cost 1.5 ms more
    return hasher.digest()
