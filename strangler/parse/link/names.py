"""Name resolution across the project: what a dotted name written in a module refers to.

A local name bound by an import is followed through attribute chains to the longest dotted
prefix that is a module of the project, then through re-exports in `__init__` modules (at most
a few hops). Every resolution also says which modules' interfaces it read (their re-exports
and classes), so a file's links can be reused while those interfaces stay the same.
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import orjson

from strangler.model import (
    FileFacts,
    Problem,
    RawClass,
    RawRouter,
    RawRouterCall,
    SourceFile,
)
from strangler.parse.facts.routes import ROUTER_CONSTRUCTORS
from strangler.parse.link.import_roots import package_import_roots

HTTP_METHODS = ("get", "post", "put", "patch", "delete", "head", "options")
MAX_HOPS = 6

Resolved = tuple[str, str, tuple[str, ...]]  # (module, symbol, rest); symbol '' = the module


MAX_BASES = 50  # classes walked up from one reference at most (a guard against odd hierarchies)


def external_bases(ref: str, classes: Iterable[str] | Mapping[str, object],
                   bases: Mapping[str, Iterable[str]]) -> Iterator[str]:
    """The references outside the project's `classes` that `ref` is or derives from,
    nearest first (a breadth-first walk up `bases`, at most MAX_BASES references seen)."""
    queue = [ref]
    seen: set[str] = set()
    while queue and len(seen) < MAX_BASES:
        current = queue.pop(0)
        if current in seen:
            continue
        seen.add(current)
        if current in classes:
            queue.extend(bases[current])
        else:
            yield current


@dataclass
class ModuleData:
    source: SourceFile
    facts: FileFacts
    bindings: dict[str, str] = field(default_factory=dict)  # local name -> dotted target
    exports: dict[str, str] = field(default_factory=dict)  # top-level imported name -> target
    classes: dict[str, RawClass] = field(default_factory=dict)
    routers: dict[str, RawRouter] = field(default_factory=dict)


def _digest(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8", "surrogateescape"), digest_size=12).digest()


def digest_data(data: Any) -> bytes:
    """A digest of plain data (dicts in their insertion order): orjson, 10x faster than
    repr() on a module's bindings, or repr() for names that are not UTF-8. Equal data in
    another order only gives another digest, which costs a re-link, never a stale one."""
    try:
        encoded = orjson.dumps(data)
    except orjson.JSONEncodeError:
        encoded = repr(data).encode("utf-8", "surrogateescape")
    return hashlib.blake2b(encoded, digest_size=12).digest()


class Linker:
    """Resolves names across the project. The link stages (imports, uses, routes, tables)
    are functions of a `Linker`."""

    def __init__(self, root: str, files: Iterable[tuple[SourceFile, FileFacts]],
                 problems: Iterable[Problem] = ()) -> None:
        self.root = root
        self._prefix_cache: dict[str, tuple[str, tuple[str, ...]] | None] = {}
        self._resolve_cache: dict[str, tuple[Resolved | None, tuple[str, ...]]] = {}
        self._interfaces: dict[str, bytes] = {}
        self._table_vars: dict[str, frozenset[str]] = {}
        self.data: dict[str, ModuleData] = {}
        self._router_calls: list[tuple[str, RawRouterCall]] | None = None
        self._hierarchy: tuple[dict[str, tuple[str, RawClass]], dict[str, list[str]]] | None = None
        self.extra_problems = list(problems)
        for source, facts in sorted(files, key=lambda pair: pair[0].module):
            if source.module in self.data:
                other = self.data[source.module].source.path
                self.extra_problems.append(
                    Problem(source.path, 1, f"module {source.module} is also at {other}: skipped",
                            "warning")
                )
                continue
            self.data[source.module] = ModuleData(source, facts)
        self.top_levels = {name.split(".")[0] for name in self.data}
        # Packages whose folder is on sys.path too (`pkg/manage.py`): `from app.x import y`.
        self.import_roots = package_import_roots(
            {name: data.facts for name, data in self.data.items()},
            {name for name, data in self.data.items() if data.source.is_package})
        for module in self.data.values():
            self._bind(module)
        self._tell_router_candidates()

    # ------------------------------------------------------------------ what reuse depends on

    def module_set_digest(self) -> bytes:
        """The set of module names and the import roots: `module_prefix` reads nothing else."""
        names = [*self.data, "", *self.import_roots] if self.import_roots else self.data
        return _digest("\n".join(names))

    def interface(self, module: str) -> bytes:
        """A digest of what resolving a name through `module` reads: its top-level imported
        names, its class names and its Table objects' names."""
        found = self._interfaces.get(module)
        if found is None:
            data = self.data[module]
            found = digest_data((data.exports, list(data.classes),
                                  sorted(self.table_vars(module))))
            self._interfaces[module] = found
        return found

    def table_vars(self, module: str) -> frozenset[str]:
        """The names of the module's SQLAlchemy `Table` objects."""
        found = self._table_vars.get(module)
        if found is None:
            found = frozenset(obj.var for obj in self.data[module].facts.table_objects
                              if obj.var)
            self._table_vars[module] = found
        return found

    def bindings_digest(self, module: str) -> bytes:
        """A digest of the module's import bindings (star imports read other modules)."""
        return digest_data(self.data[module].bindings)

    # ------------------------------------------------------------------ names

    def module_prefix(self, dotted: str) -> tuple[str, list[str]] | None:
        """Longest prefix of `dotted` that is a project module, and the remaining parts."""
        if dotted in self._prefix_cache:
            found = self._prefix_cache[dotted]
            return None if found is None else (found[0], list(found[1]))
        result = self._module_prefix(dotted)
        self._prefix_cache[dotted] = None if result is None else (result[0], tuple(result[1]))
        return result

    def _module_prefix(self, dotted: str) -> tuple[str, list[str]] | None:
        parts = dotted.split(".")
        for end in range(len(parts), 0, -1):
            candidate = ".".join(parts[:end])
            if candidate in self.data:
                return candidate, parts[end:]
        if parts[0] in self.top_levels or parts[0] in sys.stdlib_module_names:
            return None
        for root in self.import_roots:  # `app.x` written for `pkg.app.x` (see import_roots)
            if f"{root}.{parts[0]}" in self.data:
                return self._module_prefix(f"{root}.{dotted}")
        return None

    def rooted(self, module: str, dotted: str) -> str:
        """`dotted` as written in `module`, made absolute through the import root holding
        `module` (the innermost), so that two Django projects in one tree, each with its
        own `core/`, resolve `core.models` to their own; unchanged when no root holds it."""
        if not self.import_roots or not dotted or dotted.startswith("."):
            return dotted
        first = dotted.split(".")[0]
        if first in self.top_levels or first in sys.stdlib_module_names:
            return dotted
        for root in sorted(self.import_roots, key=len, reverse=True):
            if module.startswith(root + ".") and f"{root}.{first}" in self.data:
                return f"{root}.{dotted}"
        return dotted

    def _bind(self, module: ModuleData) -> None:
        own = module.source.module
        for raw in module.facts.imports:
            if raw.alias is None:
                continue
            if raw.name is None:
                top = raw.module.split(".")[0]
                target = top if raw.alias == top else raw.module  # `import a.b.c` binds `a`
                target = self.rooted(own, target)
            else:
                target = self.rooted(own, f"{raw.module}.{raw.name}")
            module.bindings.setdefault(raw.alias, target)
            if not raw.lazy:
                module.exports.setdefault(raw.alias, target)
        for raw in module.facts.imports:
            if raw.star:
                star = self.data.get(self.rooted(own, raw.module))
                if star is None:
                    continue
                names = star.facts.all_names
                if names is None:
                    names = tuple(n for n in star.facts.defined if not n.startswith("_"))
                for name in names:
                    module.bindings.setdefault(name, f"{star.source.module}.{name}")
                    if not raw.lazy:
                        module.exports.setdefault(name, f"{star.source.module}.{name}")
        module.classes = {cls.name: cls for cls in module.facts.classes}
        module.routers = {router.var: router for router in module.facts.routers}

    def resolve(self, dotted: str) -> Resolved | None:
        """(module, symbol, rest) for a dotted target, following re-exports; symbol '' = module."""
        return self.resolve_traced(dotted)[0]

    def resolve_traced(self, dotted: str) -> tuple[Resolved | None, tuple[str, ...]]:
        """`resolve`, and the modules whose interface it read."""
        found = self._resolve_cache.get(dotted)
        if found is None:
            found = self._resolve(dotted)
            self._resolve_cache[dotted] = found
        return found

    def _resolve(self, dotted: str) -> tuple[Resolved | None, tuple[str, ...]]:
        read: list[str] = []
        for _ in range(MAX_HOPS):
            found = self.module_prefix(dotted)
            if found is None:
                return None, tuple(read)
            module, rest = found
            if not rest:
                return (module, "", ()), tuple(read)
            symbol, tail = rest[0], tuple(rest[1:])
            data = self.data[module]
            read.append(module)
            exported = data.exports.get(symbol)
            if exported is None or symbol in data.classes:
                return (module, symbol, tail), tuple(read)
            dotted = ".".join([exported, *tail])
        return None, tuple(read)

    def resolve_local(self, module: str, expression: str) -> Resolved:
        """Resolve a dotted expression written inside `module`; falls back to a local symbol."""
        head, _, tail = expression.partition(".")
        bound = self.data[module].bindings.get(head)
        if bound is not None:
            resolved = self.resolve(f"{bound}.{tail}" if tail else bound)
            if resolved is not None:
                return resolved
        parts = tuple(expression.split("."))
        return module, parts[0], parts[1:]

    def external_name(self, module: str, expression: str) -> str:
        """The fully qualified dotted name of an expression bound to something outside."""
        head, _, tail = expression.partition(".")
        bound = self.data[module].bindings.get(head)
        if bound is None:
            return expression
        return f"{bound}.{tail}" if tail else bound

    # ------------------------------------------------------------------ routers, handlers

    def router_of(self, module: str, expression: str) -> tuple[str, str] | None:
        """(module, variable) of the router an expression written in `module` names."""
        if expression in self.data[module].routers:
            return module, expression
        target, symbol, rest = self.resolve_local(module, expression)
        if not rest and symbol in self.data[target].routers:
            return target, symbol
        return None

    def _tell_router_candidates(self) -> None:
        """A router made by a project class (`NetBoxRouter()`) gets the kind of the framework
        router that class derives from; one that derives from none is no router."""
        pending = [(data, router) for data in self.data.values()
                   for router in data.routers.values() if router.kind == "candidate"]
        if not pending:
            return
        classes, bases = self.class_hierarchy()
        for data, router in pending:
            kind = next((found for ref in external_bases(
                self.class_ref(data.source.module, router.constructor), classes, bases)
                if (found := ROUTER_CONSTRUCTORS.get(ref.split(".")[-1])) is not None), None)
            if kind is None:
                del data.routers[router.var]
            else:
                data.routers[router.var] = replace(router, kind=kind)

    def router_calls(self) -> list[tuple[str, RawRouterCall]]:
        """Every call that passes a router to a function, with its calling module."""
        if self._router_calls is None:
            self._router_calls = [(name, call) for name, data in self.data.items()
                                  for call in data.facts.router_calls]
        return self._router_calls

    def handler(self, module: str, expression: str) -> str:
        """The qualified name of a view written as `expression` in `module`."""
        head = expression.split(".")[0]
        if head in self.data[module].classes or head in self.data[module].facts.defined and (
            head not in self.data[module].bindings
        ):
            return f"{module}.{expression}"
        target, symbol, rest = self.resolve_local(module, expression)
        return ".".join(part for part in (target, symbol, *rest) if part)

    def view_methods(self, handler: str, default: tuple[str, ...],
                     capitalised: bool = False) -> tuple[str, ...]:
        """HTTP methods of a class-based view (its get/post/... methods; `capitalised`:
        web.py's GET/POST/...), else `default`."""
        found = self.module_prefix(handler)
        if found is not None and found[1]:
            cls = self.data[found[0]].classes.get(".".join(found[1]))
            if cls is not None:
                methods = tuple(m.upper() for m in HTTP_METHODS
                                if (m.upper() if capitalised else m) in cls.methods)
                return methods or default
        return default

    # ------------------------------------------------------------------ classes

    def class_ref(self, module: str, base: str) -> str:
        """Module-qualified name of a base class (project class or external dotted name)."""
        if base in self.data[module].classes:
            return f"{module}.{base}"
        head = base.split(".")[0]
        if head not in self.data[module].bindings:
            return base
        resolved = self.resolve_local(module, base)
        target, symbol, rest = resolved
        if symbol and symbol in self.data[target].classes:
            return ".".join([target, symbol, *rest])
        return self.external_name(module, base)

    def class_hierarchy(self) -> tuple[dict[str, tuple[str, RawClass]], dict[str, list[str]]]:
        """Every project class by qualified name, and its bases resolved (project classes by
        qualified name, others by dotted name); computed once for routes and tables."""
        if self._hierarchy is None:
            classes = {f"{name}.{cls.name}": (name, cls) for name, data in self.data.items()
                       for cls in data.facts.classes}
            bases = {qual: [self.class_ref(module, b) for b in cls.bases]
                     for qual, (module, cls) in classes.items()}
            self._hierarchy = (classes, bases)
        return self._hierarchy
