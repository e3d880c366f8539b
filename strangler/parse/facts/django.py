"""Django URLconfs as written in one file: `urlpatterns` (also `+=`, `.append`, `.extend`,
sums and `i18n_patterns`), other lists of patterns `include()`d by name (grown the same ways),
and the settings naming roots: ROOT_URLCONF, WSGI_APPLICATION, ASGI_APPLICATION.

A list named in a sum (`urlpatterns = common_patterns + presale_patterns`, also a list
imported from another URL module) is kept as an include of that name: the linker follows it.
Outside `urlpatterns`, such a sum counts only in a module that imports `django.urls`, so that
`INSTALLED_APPS = BASE_APPS + LOCAL_APPS` is never taken for URL patterns."""

from __future__ import annotations

import ast

from strangler.model import Arguments, RawUrlPattern
from strangler.parse.facts.syntax import call_arguments, dotted, keyword, literal_str, url_prefix
from strangler.parse.facts.walk import Collector, Walk

DJANGO_URL_FUNCS = {"path": False, "re_path": True, "url": True}
# Settings that name the application's roots by dotted string (`seams.kernel.find_roots`).
SETTINGS = {"ROOT_URLCONF", "WSGI_APPLICATION", "ASGI_APPLICATION"}
URL_MODULES = {"django.urls", "django.conf.urls"}


class DjangoFacts(Collector):
    """urlpatterns, pattern_lists, settings."""

    def __init__(self, walk: Walk) -> None:
        super().__init__(walk)
        self.urlpatterns: list[RawUrlPattern] = []
        self.pattern_lists: list[tuple[str, tuple[RawUrlPattern, ...]]] = []
        self.settings: list[tuple[str, str]] = []
        self.url_module = False  # imports django.urls: sums of names are pattern lists

    def visit_Import(self, node: ast.Import) -> None:
        if any(alias.name in URL_MODULES for alias in node.names):
            self.url_module = True

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        if not node.level and node.module in URL_MODULES:
            self.url_module = True

    def visit_AugAssign(self, node: ast.AugAssign) -> None:
        if not self.walk.scope and isinstance(node.target, ast.Name):
            name = node.target.id
            self._extend(name, url_patterns(node.value, names=name == "urlpatterns"))

    def visit_Call(self, node: ast.Call, chain: str | None, last: str | None) -> None:
        """`patterns.append(path(...))` and `patterns.extend([...])` at module level, often
        under `if "app" in settings.INSTALLED_APPS:` or `if settings.DEBUG:`."""
        func = node.func
        if (self.walk.scope or len(node.args) != 1 or not isinstance(func, ast.Attribute)
                or func.attr not in ("append", "extend") or not isinstance(func.value, ast.Name)):
            return
        added = node.args[0] if func.attr == "extend" else ast.List(elts=[node.args[0]])
        self._extend(func.value.id, url_patterns(added))

    def _extend(self, name: str, patterns: list[RawUrlPattern]) -> None:
        """Add patterns to `urlpatterns` or to a list of patterns named `name`."""
        if not patterns:
            return
        if name == "urlpatterns":
            self.urlpatterns.extend(patterns)
            return
        for index in range(len(self.pattern_lists) - 1, -1, -1):
            if self.pattern_lists[index][0] == name:
                self.pattern_lists[index] = (name, self.pattern_lists[index][1] + tuple(patterns))
                return
        self.pattern_lists.append((name, tuple(patterns)))

    def module_assignment(self, target: ast.expr, value: ast.expr) -> None:
        if not isinstance(target, ast.Name) or target.id == "__all__":
            return
        name = target.id
        if name == "urlpatterns":
            self.urlpatterns.extend(url_patterns(value, names=True))
        elif isinstance(value, ast.List | ast.Tuple | ast.Call | ast.BinOp):
            patterns = url_patterns(value, names=self.url_module and isinstance(value, ast.BinOp))
            if patterns:
                self.pattern_lists.append((name, tuple(patterns)))
        elif name in SETTINGS and (literal := literal_str(value)) is not None:
            self.settings.append((name, literal))


def _view_name(node: ast.expr) -> str | None:
    """`views.x`, `View.as_view()` or `wrapper(...)` around either, as a dotted name."""
    for _ in range(5):
        if not isinstance(node, ast.Call):
            return dotted(node)
        if isinstance(node.func, ast.Attribute) and node.func.attr == "as_view":
            return dotted(node.func.value)
        if not node.args:
            return dotted(node.func)
        node = node.args[0]
    return None


def url_patterns(node: ast.expr, names: bool = False) -> list[RawUrlPattern]:
    """Django URL patterns in a list, a sum of lists, or a call such as i18n_patterns(...).
    With `names`, a list named in the sum (`base_patterns + views.patterns`) is an include of
    that name."""
    if isinstance(node, ast.BinOp):
        return url_patterns(node.left, names) + url_patterns(node.right, names)
    if isinstance(node, ast.Attribute) and node.attr == "urls" and dotted(node):
        return [RawUrlPattern("", False, None, "@" + (dotted(node) or ""), node.lineno)]
    if names and isinstance(node, ast.Name | ast.Attribute) and dotted(node):
        return [RawUrlPattern("", False, None, "@" + (dotted(node) or ""), node.lineno)]
    elements: list[ast.expr]
    if isinstance(node, ast.List | ast.Tuple):
        elements = list(node.elts)
    elif isinstance(node, ast.Call) and (dotted(node.func) or "").endswith("_patterns"):
        listed = [p for arg in node.args for p in url_patterns(ast.List(elts=[arg]))]
        if (dotted(node.func) or "").endswith("i18n_patterns"):  # adds the language prefix
            return [RawUrlPattern("<lang>/", False, None, None, node.lineno, tuple(listed))]
        return listed
    else:
        return []
    patterns: list[RawUrlPattern] = []
    for element in elements:
        if not isinstance(element, ast.Call):
            continue
        func = (dotted(element.func) or "").split(".")[-1]
        route_node = element.args[0] if element.args else keyword(element, "route")
        if func not in DJANGO_URL_FUNCS or route_node is None:
            continue
        # re_path(route="^a/$", view=v) as well; a prefix computed at run time
        # (`path(settings.BASE_PATH, include(...))`) is kept as `{expression}`
        route = literal_str(route_node)
        if route is None and not isinstance(route_node, ast.Constant):
            route = url_prefix(route_node)
        view_node = element.args[1] if len(element.args) > 1 else keyword(element, "view")
        view: str | None = None
        include: str | None = None
        nested: tuple[RawUrlPattern, ...] = ()
        arguments: Arguments = ()
        if isinstance(view_node, ast.Call):
            inner = (dotted(view_node.func) or "").split(".")[-1]
            if inner == "include" and view_node.args:
                first = view_node.args[0]
                if isinstance(first, ast.Tuple) and first.elts:
                    first = first.elts[0]
                if isinstance(first, ast.List | ast.Tuple | ast.BinOp):
                    # include((locale_patterns + [...], "presale")): a sum of lists
                    nested = tuple(url_patterns(first, names=True))
                elif isinstance(first, ast.Call):  # include(get_model_urls("app", "model"))
                    include = "()" + (dotted(first.func) or "a call")
                    arguments = call_arguments(first)
                else:
                    include = literal_str(first) or (
                        "@" + (dotted(first) or "") if dotted(first) else None
                    )
            elif inner == "as_view" and isinstance(view_node.func, ast.Attribute):
                view = dotted(view_node.func.value)
            elif view_node.args:
                view = _view_name(view_node.args[0])  # a wrapped view: csrf_exempt(views.x)
            else:
                view = dotted(view_node.func)
        elif view_node is not None:
            view = dotted(view_node)
        patterns.append(
            RawUrlPattern(route, DJANGO_URL_FUNCS[func], view, include, element.lineno, nested,
                          arguments)
        )
    return patterns
