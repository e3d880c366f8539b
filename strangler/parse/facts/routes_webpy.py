"""web.py-style handler classes that declare their own URL (fed by `RouteFacts`, same walk).

infogami and Open Library bind a page to a URL with a class attribute: `class
account_login(delegate.page): path = "/account/login"` with `def GET(self)` and `def
POST(self)`; the path may be a regular expression (`r"(/books/OL\\d+M)/edit"`). A class
with a literal `path` and a method named for an HTTP verb in capitals (web.py's handler
convention) serves that path, one route per class, its verbs those methods; the class is
its handler. Both tells are needed: a `path` attribute alone is as likely a file path.
A regular expression is read as the paths it takes: groups read through, optional parts
left out, each segment holding a pattern a parameter (`/books/{param}/edit`), so the
route's words are those a reader sees. A pattern with no literal segment (`(/(?:js|css)/
.*)`) or with alternatives at its top is an unresolved registration: as a route it would
take every path of its depth. A handler inheriting its verb methods from a project base
class is not seen (its base's module may not be read yet: one file at a time).
"""

from __future__ import annotations

import ast
import re

from strangler.model import RawRouteDecl
from strangler.parse.facts.syntax import dotted, literal_str

HANDLER_VERBS = ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS")
FRAMEWORK = "webpy"
PARAM = "{param}"
TABLE_OWNER = "<webpy>"  # a URL table's routes have no router: `web.application` serves them
_MARK = "\0"  # a parameter while the pattern is read
_EMPTY = "\1"  # a parameter that may be empty (`[^/]*`, `.*`): nothing beside a literal
_CLASS_ESCAPES = frozenset("dwsDWS")
_HANDLER = re.compile(r"[A-Za-z_]\w*(\.[A-Za-z_]\w*)*")  # a class's name or dotted path
_QUANTIFIERS = frozenset("*+?{")


def _closing(text: str, start: int, opening: str, closing: str) -> int:
    """The index of the `closing` bracket matching the `opening` one at `start` (escapes
    and character classes read past), or -1."""
    depth, index = 0, start
    while index < len(text):
        char = text[index]
        if char == "\\":
            index += 2
            continue
        if char == "[" and opening != "[" and (end := _closing(text, index, "[", "]")) >= 0:
            index = end + 1
            continue
        if char == opening:
            depth += 1
        elif char == closing:
            depth -= 1
            if depth == 0:
                return index
        index += 1
    return -1


def _read(pattern: str) -> list[str] | None:
    r"""The pattern as literal characters and parameter marks: a character class, an escape
    class (`\d`), a group of alternatives, anything repeated is one parameter; an optional
    character or group (`/?`, `(...)?`) is left out, a repeated class (`[^/]*`) is a
    parameter; `\.` is a dot. None when the pattern has alternatives at its top level (no
    one path)."""
    out: list[str] = []
    index = 0
    while index < len(pattern):
        char = pattern[index]
        piece: list[str]
        if char == "\\" and index + 1 < len(pattern):
            escaped = pattern[index + 1]
            piece = [_MARK] if escaped in _CLASS_ESCAPES else [escaped]
            index += 2
        elif char == "[":
            end = _closing(pattern, index, "[", "]")
            if end < 0:
                return None
            piece, index = [_MARK], end + 1
        elif char == "(":
            end = _closing(pattern, index, "(", ")")
            if end < 0:
                return None
            inner = pattern[index + 1:end]
            index = end + 1
            if inner.startswith("?") and not inner.startswith(("?:", "?P<")):
                continue  # inline flags (`(?i)`), look-arounds: no characters of the path
            inner = inner[2:] if inner.startswith("?:") else inner
            if inner.startswith("?P<"):
                if (close := inner.find(">")) < 0:
                    return None
                inner = inner[close + 1:]
            found = _read(inner)
            piece = [_MARK] if found is None else found
        elif char == "|":
            return None
        elif char in "^$":
            index += 1
            continue
        elif char == ".":
            following = pattern[index + 1] if index + 1 < len(pattern) else ""
            piece = [_MARK] if following in _QUANTIFIERS else ["."]
            index += 1
        else:
            piece = [char]
            index += 1
        quantifier = pattern[index] if index < len(pattern) else ""
        if quantifier == "{":
            end = pattern.find("}", index)
            if end < 0:
                return None
            least = pattern[index + 1:end].split(",", 1)[0].strip()
            index = end + 1
            # (`x{0,2}`: optional; a class so repeated is a value that may be empty)
            if least not in ("", "0"):
                out.append(_MARK)
            elif piece == [_MARK] and char != "(":
                out.append(_EMPTY)
            continue
        if quantifier in ("?", "*"):
            index += 1
            if index < len(pattern) and pattern[index] == "?":
                index += 1  # (lazy)
            if piece == [_MARK] and char != "(":
                out.append(_EMPTY)  # (`[^/]*`, `.*`: a value that may be empty)
            continue  # an optional character or group: none the path must have
        if quantifier == "+":
            index += 1
            piece = [_MARK]
        out.extend(piece)
    return out


def regex_path(path: str) -> str | None:
    r"""A web.py path pattern as a route path: groups read through, optional parts left out,
    each segment that holds a pattern a parameter (`(/books/OL\d+M)/edit` ->
    `/books/{param}/edit`; a literal `/robots.txt` stays as it is). None when it names no
    path: no leading slash, alternatives at the top, or no literal segment at all (a
    pattern of parameters only, `(/(?:js|css)/.*)`, would take every path of its depth)."""
    found = _read(path.strip())
    if not found:
        return None
    text = "".join(found)
    if not text.startswith("/"):
        return None
    # (an optional part between slashes leaves an empty segment: `/a?/c` is `/c` at least;
    # a value that may be empty ending a literal adds nothing the path must have,
    # `/trending(/?.*)` is `/trending`; elsewhere it is a parameter, `/([^ /]*)/upload`,
    # `/(.*).json`)
    segments = []
    for segment in text.split("/")[1:]:
        segment = segment.rstrip(_EMPTY) if segment.strip(_EMPTY) else segment
        if _MARK in segment or _EMPTY in segment:
            segments.append(PARAM)
        elif segment:
            segments.append(segment)
    if segments and all(segment == PARAM for segment in segments):
        return None
    return "/" + "/".join(segments)


def _url_pattern(text: str) -> bool:
    """Whether a literal reads as a URL path pattern (a slash first, groups and anchors
    read past), not a file path or a name."""
    return text.lstrip("(?:^").startswith("/")


def class_route(node: ast.ClassDef, qualified: str) -> RawRouteDecl | None:
    """The route a handler class declares by its `path` attribute (see the module
    docstring), or None."""
    verbs = tuple(verb for verb in HANDLER_VERBS if any(
        isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef) and item.name == verb
        for item in node.body))
    if not verbs:
        return None
    for item in node.body:
        if isinstance(item, ast.Assign) and len(item.targets) == 1:
            target, value = item.targets[0], item.value
        elif isinstance(item, ast.AnnAssign) and item.value is not None:
            target, value = item.target, item.value
        else:
            continue
        if not isinstance(target, ast.Name) or target.id != "path":
            continue
        text = literal_str(value)
        if text is None or not _url_pattern(text):
            return None  # (not a URL pattern: a file path, or not a literal)
        path = regex_path(text)
        return RawRouteDecl(qualified, path, verbs, qualified, item.lineno, FRAMEWORK,
                            "" if path is not None else
                            f"path pattern {text[:60]!r} names no one path with a literal "
                            "segment")
    return None


def url_table(value: ast.expr) -> list[tuple[str, str, int]] | None:
    """web.py's URL table, `urls = ("/", "index", "/blog/(\\d+)", "blog.view")`: a flat tuple
    or list of literal strings alternating a path pattern and the name of the class that
    serves it, as (pattern, class name, line); None for anything else."""
    if not isinstance(value, ast.Tuple | ast.List) or len(value.elts) < 2 \
            or len(value.elts) % 2:
        return None
    texts = [literal_str(element) if i % 2 == 0 else
             (literal_str(element) or dotted(element))  # (a class object: `views.index`)
             for i, element in enumerate(value.elts)]
    if any(text is None for text in texts):
        return None
    pairs = [(texts[i] or "", texts[i + 1] or "", value.elts[i].lineno)
             for i in range(0, len(texts), 2)]
    if not all(_url_pattern(pattern) and _HANDLER.fullmatch(name)
               for pattern, name, _ in pairs):
        return None
    return pairs



def table_routes(pairs: list[tuple[str, str, int]]) -> list[RawRouteDecl]:
    """The routes of a URL table `web.application(urls, ...)` serves: each class by its
    pattern read as `regex_path` reads it (unresolved when it names no one path)."""
    decls = []
    for pattern, name, line in pairs:
        path = regex_path(pattern)
        decls.append(RawRouteDecl(TABLE_OWNER, path, (), name, line, FRAMEWORK,
                                  "" if path is not None else
                                  f"path pattern {pattern[:60]!r} names no one path with a "
                                  "literal segment"))
    return decls
