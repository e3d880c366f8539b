"""web.py-style handler classes that declare their own URL (fed by `RouteFacts`, same walk).

infogami and Open Library bind a page to a URL with a class attribute: `class
account_login(delegate.page): path = "/account/login"` with `def GET(self)` and `def
POST(self)`; the path may be a regular expression (`r"(/books/OL\\d+M)/edit"`). A class
with a literal `path` and a method named for an HTTP verb in capitals (web.py's handler
convention) serves that path, one route per class, its verbs those methods; the class is
its handler. Both tells are needed: a `path` attribute alone is as likely a file path.
A regular expression's groups and character classes become path parameters
(`/books/{param}/edit`), so the route's words are those a reader sees.
"""

from __future__ import annotations

import ast
import re

from strangler.model import RawRouteDecl
from strangler.parse.facts.syntax import literal_str

HANDLER_VERBS = ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS")
FRAMEWORK = "webpy"
PARAM = "{param}"
_CHARACTER_CLASS = re.compile(r"\[[^\]]*\]")
_REGEX = re.compile(r"[\\.*+?|\[\]{}^$]")


def regex_path(path: str) -> str | None:
    """A web.py path pattern as a route path: anchors and groups dropped, each segment that
    is a pattern a parameter. None when it is no URL path (no leading slash once groups
    are read past)."""
    text = _CHARACTER_CLASS.sub("x", path.strip().lstrip("^").rstrip("$"))
    text = text.replace("(?:", "").replace("(", "").replace(")", "")
    if not text.startswith("/"):
        return None
    segments = [PARAM if _REGEX.search(segment) else segment
                for segment in text.split("/")[1:]]
    return "/" + "/".join(segments)


def class_route(node: ast.ClassDef, qualified: str) -> RawRouteDecl | None:
    """The route a handler class declares by its `path` attribute (see the module
    docstring), or None."""
    verbs = tuple(verb for verb in HANDLER_VERBS if any(
        isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef) and item.name == verb
        for item in node.body))
    if not verbs:
        return None
    for item in node.body:
        if isinstance(item, ast.Assign) and len(item.targets) == 1 \
                and isinstance(item.targets[0], ast.Name) and item.targets[0].id == "path":
            text = literal_str(item.value)
            path = regex_path(text) if text is not None else None
            if path is None:
                return None
            return RawRouteDecl(qualified, path, verbs, qualified, item.lineno, FRAMEWORK)
    return None
