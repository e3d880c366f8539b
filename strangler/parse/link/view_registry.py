"""Routes of views registered for a model into a registry that a URL helper expands
(NetBox's `@register_model_view(Site, "edit")` and `include(get_model_urls("dcim", "site"))`).

A URL pattern that includes the result of a call is expanded when the called function is a
project function that subscripts a module-level registry by a literal key, and decorators
on views call a factory that subscripts the same registry by the same key. A registration
belongs to the call when every parameter the two functions share (by name: `detail`) has the
same literal value, given or by default, and the call's other arguments name the
registration's model: the same class, or its Django app label and lower-case class name
(`"dcim", "site"` for `dcim.models.Site`). Each matching view is a route at the pattern's
prefix plus the registration's `path` argument (else its `name`), with a trailing slash,
as Django helpers build it; a helper no registration matches adds no route.
"""

from __future__ import annotations

import ast
from collections import defaultdict

from strangler.model import Arguments, RawRegistryFunction, RawUrlPattern, RawViewRegistration
from strangler.parse.link.app_labels import app_label
from strangler.parse.link.names import Linker

Registration = tuple[str, RawViewRegistration, RawRegistryFunction]  # module, view, factory


class ViewRegistry:
    """The project's registered views, by the registries their decorator factory uses."""

    def __init__(self, linker: Linker) -> None:
        self.linker = linker
        self._by_registry: dict[tuple[str, str], list[Registration]] | None = None

    def _function(self, module: str, expression: str) -> tuple[str, RawRegistryFunction] | None:
        target, symbol, rest = self.linker.resolve_local(module, expression)
        if rest or not symbol:
            return None
        for function in self.linker.data[target].facts.registry_functions:
            if function.name == symbol:
                return target, function
        return None

    def _registries(self, module: str, function: RawRegistryFunction, writes: bool = False
                    ) -> set[tuple[str, str]]:
        """(qualified registry name, key) pairs the function subscripts (`writes`: those it
        writes into, as a decorator factory that registers views does)."""
        found = set()
        for name, key in function.writes if writes else function.registries:
            target, symbol, rest = self.linker.resolve_local(module, name)
            found.add((".".join((target, symbol, *rest)), key))
        return found

    def by_registry(self) -> dict[tuple[str, str], list[Registration]]:
        if self._by_registry is None:
            self._by_registry = defaultdict(list)
            for name, data in self.linker.data.items():
                for registration in data.facts.view_registrations:
                    factory = self._function(name, registration.decorator)
                    if factory is None:
                        continue
                    for registry in sorted(self._registries(*factory, writes=True)):
                        self._by_registry[registry].append((name, registration, factory[1]))
        return self._by_registry

    def views(self, module: str, pattern: RawUrlPattern
              ) -> list[tuple[str, str, RawViewRegistration]] | None:
        """(path segment, registering module, registration) of each view the pattern's
        included call expands to; None when the call is no registry helper."""
        assert pattern.include is not None
        helper = self._function(module, pattern.include[2:])
        if helper is None:
            return None
        given = _bind(helper[1].params, pattern.arguments)
        written = _bind(tuple((param, "") for param, _ in helper[1].params),
                        pattern.arguments)
        registrations: dict[tuple[str, int], Registration] = {}
        for registry in sorted(self._registries(*helper)):
            for found in self.by_registry().get(registry, ()):
                registrations.setdefault((found[0], found[1].line), found)
        views = []
        for name, registration, factory in registrations.values():
            values = _bind(factory.params, registration.arguments)
            shared = set(values) & set(given)
            if any(values[key] != given[key] for key in shared):
                continue
            model = values.get(factory.params[0][0]) if factory.params else None
            # (only arguments the call writes out, and no bool or number: a default the
            # helper alone has, `prefix=None`, names no model and must not reject them all)
            others = [value for param, value in written.items() if param not in shared
                      and (value.startswith("@") or isinstance(_literal(value), str))]
            if model is None or not self._names_model(name, model, module, others):
                continue
            views.append((_segment(values), name, registration))
        return sorted(views, key=lambda view: (view[1], view[2].line))

    def _names_model(self, module: str, model: str, caller: str, others: list[str]) -> bool:
        """Whether the helper's other arguments name the registration's model."""
        if not model.startswith("@") or not others:
            return False
        target, symbol, rest = self.linker.resolve_local(module, model[1:])
        qualified = ".".join((target, symbol, *rest))
        cls = self.linker.data[target].classes.get(symbol)
        label = (cls.app_label if cls is not None and cls.app_label
                 else app_label(self.linker, target))
        identity = {label, symbol, symbol.lower()}
        literals = set()
        for value in others:
            if value.startswith("@"):
                other = self.linker.resolve_local(caller, value[1:])
                if ".".join((other[0], other[1], *other[2])) != qualified:
                    return False
            elif (literal := _literal(value)) not in identity:
                return False
            else:
                literals.add(literal)
        if any(value.startswith("@") for value in others):
            return True
        # (literals alone must name the class, and its app too when there are two or more:
        # `("shop", "shop")` names an app twice, no model of it)
        return bool({symbol, symbol.lower()} & literals) and (
            len(others) == 1 or label in literals)


def _bind(params: tuple[tuple[str, str], ...], arguments: Arguments) -> dict[str, str]:
    """Parameter name -> value for a call, defaults filled in (a value unknown is left out)."""
    values = {name: default for name, default in params if default}
    names = [name for name, _ in params]
    for key, value in arguments:
        if key.isdigit():
            if int(key) < len(names):
                values[names[int(key)]] = value
        else:
            values[key] = value
    return values


def _literal(value: str) -> object:
    if not value.startswith("="):
        return None
    try:
        return ast.literal_eval(value[1:])
    except (ValueError, SyntaxError):  # `1e999` is written back as `inf`
        return None


def _segment(values: dict[str, str]) -> str:
    """The registration's path segment: its `path` argument, else its `name`."""
    for key in ("path", "name"):
        found = _literal(values.get(key, ""))
        if isinstance(found, str):
            return found.strip("/") + "/" if found.strip("/") else ""
    return ""
