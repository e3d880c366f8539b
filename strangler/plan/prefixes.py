"""The path prefixes a proxy routes a seam's HTTP routes by (pure).

A route path's parameter segments become `{name}`, the form route tables carry (one whole
segment, any value): Django's `<lang>` from `i18n_patterns`, `<int:pk>`, Flask's
`<string:name>`, FastAPI's `{name}`. A parameter that can span segments (`<path:p>`,
`{p:path}`) or a regular expression piece cannot be a prefix: the prefix stops before it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

# <name>, <conv:name>, <conv(args):name> (Django, Flask); {name}, {name:conv} (Starlette).
_ANGLE = re.compile(r"<(?:(?P<conv>[A-Za-z_]\w*)(?:\([^)]*\))?:)?(?P<name>[A-Za-z_]\w*)>")
_BRACE = re.compile(r"\{(?P<name>[A-Za-z_]\w*)(?::(?P<conv>[A-Za-z_]\w*))?\}")
_MULTI_SEGMENT = {"path"}  # converters that take slashes
_NOT_LITERAL = re.compile(r"[<>{}()\[\]\\?*^$|+]")


def segment_of(raw: str) -> str | None:
    """The segment as a route table carries it: itself when literal, `{name}` for a
    one-segment parameter, None when no table can (multi-segment, regex, partial)."""
    for pattern in (_ANGLE, _BRACE):
        found = pattern.fullmatch(raw)
        if found:
            return None if found["conv"] in _MULTI_SEGMENT else "{" + found["name"] + "}"
    return None if _NOT_LITERAL.search(raw) else raw


def _parts(path: str) -> list[str]:
    return [s for s in path.strip("/").split("/") if s]


def _matcher(raw: str) -> re.Pattern[str] | None:
    """What one segment of another route's path may be, as a pattern (None: it may span
    segments: a path converter or a regular expression)."""
    out, last = [], 0
    for found in sorted([*_ANGLE.finditer(raw), *_BRACE.finditer(raw)],
                        key=lambda m: m.start()):
        if found["conv"] in _MULTI_SEGMENT or found.start() < last:
            return None
        out += [raw[last:found.start()], None]
        last = found.end()
    out.append(raw[last:])
    literal = [piece for piece in out if piece is not None]
    if any(_NOT_LITERAL.search(piece) for piece in literal):
        return None  # a regular expression piece (Django's re_path): it may take a slash
    return re.compile("".join("[^/]+" if piece is None else re.escape(piece)
                              for piece in out))


def _overlaps(candidate: list[str], other: list[re.Pattern[str] | None]) -> bool:
    """Could a request under `candidate` (with `{param}` segments) be one of `other`'s
    paths? A parameter on either side matches anything that fits, so a pattern prefix
    never takes a path another route might serve."""
    for index, mine in enumerate(candidate):
        if index >= len(other):
            return False
        theirs = other[index]
        if theirs is None:
            return True  # `<path:p>` or a regex there: it may take anything below
        if mine.startswith("{") or theirs.fullmatch(mine):
            continue
        return False
    return True


def route_prefixes(paths: list[str], others: list[str]) -> tuple[str, ...]:
    """The shortest path prefixes that take all of `paths` and none of `others` (so a proxy
    can route by prefix without stealing another seam's traffic). A path with no such
    prefix a route table can carry keeps the text prefix it always had (`/<lang>`, flagged
    by the plan as one no table can carry)."""
    parsed_others = [[_matcher(s) for s in _parts(o)] for o in others]
    chosen: set[str] = set()
    for path in paths:
        raw = _parts(path)
        chosen.add(_table_prefix(raw, others, parsed_others) or _text_prefix(raw, others))
    kept = sorted(p for p in chosen if not any(
        p != q and p.startswith(q.rstrip("/") + "/") for q in chosen))
    return tuple(kept)


# A mount segment every part of an API shares (`/api`, `/v2`): no prefix ends on one, even
# when all the routes found below it are this seam's today; a route added (or not found)
# under it later would be sent to the new service.
_MOUNT = re.compile(r"(?i)api|v\d+(\.\d+)*|api_?v\d+")


def _mount_only(segments: list[str]) -> bool:
    return all(_MOUNT.fullmatch(segment) for segment in segments)


def _table_prefix(raw: list[str], others: list[str],
                  parsed_others: list[list[re.Pattern[str] | None]]) -> str | None:
    """The shortest prefix a route table can carry that overlaps no other path and is more
    than mount segments (None: none)."""
    segments: list[str] = []
    for index, piece in enumerate(raw):
        segment = segment_of(piece)
        if segment is None:
            return None
        segments.append(segment)
        candidate = "/" + "/".join(segments)
        if index < len(raw) - 1 and _mount_only(segments):
            continue
        if any(s.startswith("{") for s in segments):
            if not any(_overlaps(segments, o) for o in parsed_others):
                return candidate
        elif not any(o == candidate or o.startswith(candidate + "/") for o in others):
            return candidate  # a literal prefix: no other path equal to it or below it
    return None


def _text_prefix(raw: list[str], others: list[str]) -> str:
    """The shortest prefix, as text, no other path equals or starts with (the full path if
    none): what the plan showed before route tables carried parameters."""
    for end in range(1, len(raw) + 1):
        candidate = "/" + "/".join(raw[:end])
        if end < len(raw) and _mount_only(raw[:end]):
            continue
        if not any(o == candidate or o.startswith(candidate + "/") for o in others):
            return candidate
    return "/" + "/".join(raw)


# A blueprint prefix read from the app's config (`url_prefix=app.config["USER_URL_PREFIX"]`),
# as the parser leaves it in the path when it cannot tell the value.
# Django's `path(settings.BASE_PATH, include(...))` leaves `{settings.BASE_PATH}`, FastAPI's
# `FastAPI(root_path=settings.root_path)` (a pydantic settings field) `{settings.root_path}`.
_CONFIG_PIECE = re.compile(
    r"/?\{(?:\w+\.config\[['\"](\w+)['\"]\]|settings\.([A-Za-z_][A-Za-z0-9_]*))\}")


def _key(match: re.Match[str]) -> str:
    return match.group(1) or match.group(2)


def config_prefixes(paths: list[str], sources: Mapping[str, str]
                    ) -> dict[str, tuple[str, str, int]]:
    """For each config key a route path's prefix is read from: its value, the module and the
    line it is set on, when the project's config or settings modules set it to exactly one
    string literal (a deployment may still override it: the plan says so)."""
    keys = {_key(m) for path in paths for m in _CONFIG_PIECE.finditer(path)}
    found: dict[str, tuple[str, str, int]] = {}
    for key in sorted(keys):
        setting = re.compile(rf"^[ \t]*{key}\s*(?::[^=\n]+)?=\s*(['\"])([^'\"\n]*)\1\s*(?:#.*)?$",
                             re.M)
        values = set()
        where: tuple[str, int] | None = None
        for module in sorted(sources):
            if not re.search(r"config|setting", module):
                continue
            for match in setting.finditer(sources[module]):
                values.add(match.group(2))
                where = where or (module, sources[module].count("\n", 0, match.start()) + 1)
        if len(values) == 1 and where is not None:
            found[key] = (values.pop(), *where)
    return found


def unset_config_keys(paths: list[str], sources: Mapping[str, str]) -> frozenset[str]:
    """The config keys route prefixes are read from that no config or settings module sets
    to a string literal (`BASE_PATH = trailing_slash(getattr(configuration, ...))`)."""
    keys = {_key(m) for path in paths for m in _CONFIG_PIECE.finditer(path)}
    found = set()
    for key in keys:
        setting = re.compile(rf"^[ \t]*{key}\s*(?::[^=\n]+)?=\s*(['\"])", re.M)
        if any(setting.search(sources[m]) for m in sources if re.search(r"config|setting", m)):
            found.add(key)
    return frozenset(keys - found)


def with_config_prefixes(path: str, values: Mapping[str, tuple[str, str, int]],
                         unset: frozenset[str] = frozenset()) -> str:
    """The path with each config-read prefix replaced by the value the project sets, and
    those it never sets as a literal (`unset`) by nothing: a deployment that sets one sends
    those paths past the table's prefixes, to legacy, so the guess can only move less
    traffic. A key set to several values stays as it is (no table can carry it)."""
    def value(match: re.Match[str]) -> str:
        known = values.get(_key(match))
        if known is None:
            return "/" if _key(match) in unset else match.group(0)
        text = known[0].strip("/")
        return f"/{text}/" if text else "/"

    # A Flask prefix is joined with a slash (`{X}/users`), a Django one is not (`{X}api/`):
    # the value goes between slashes and doubled slashes are merged.
    resolved = re.sub(r"/{2,}", "/", _CONFIG_PIECE.sub(value, path))
    return resolved if resolved.startswith("/") else "/" + resolved


# A run-time prefix the parser left as `{expression}` in a Django or Flask path it marked as
# having one: `path(prefix, include(...))` gives `{prefix}accounts/`, and
# `path(f"{prefix}admin/", ...)` gives `{f'{prefix}admin/'}`. A regex quantifier (`{4}`,
# `{1,3}`) is not one, nor a one-segment `{pk}` further down (a DRF router's parameter).
_FSTRING_PIECE = re.compile(r"\{f(['\"])(.*?)\1\}")
_RUNTIME_PIECE = re.compile(r"\{(?![\d,\s]*\})([^{}]+)\}")
_BRACE_PARAMS = {"fastapi", "starlette", "aiohttp", "litestar", "connexion"}


def _is_runtime(match: re.Match[str], text: str) -> bool:
    if _CONFIG_PIECE.fullmatch(match.group(0)):
        return False  # a config key: with_config_prefixes resolves it or leaves it flagged
    whole = (match.start() == 0 or text[match.start() - 1] == "/") and (
        match.end() == len(text) or text[match.end()] == "/")
    first = not text[:match.start()].strip("/")
    return first or not whole or not match.group(1).isidentifier()


def runtime_pieces(path: str, framework: str, runtime_prefix: bool) -> tuple[str, ...]:
    """The run-time prefix expressions in a route's path (none unless the parser marked the
    route, nor for a framework whose `{name}` is a path parameter: there the mark was the
    only tell)."""
    if not runtime_prefix or framework in _BRACE_PARAMS:
        return ()
    text = _FSTRING_PIECE.sub(lambda m: m.group(2), path)
    return tuple(m.group(1) for m in _RUNTIME_PIECE.finditer(text) if _is_runtime(m, text))


def without_runtime_prefix(path: str, framework: str, runtime_prefix: bool) -> str:
    """The path with each run-time prefix expression taken as empty, as with a setting the
    project computes: a deployment that sets it sends those paths past the table's prefixes,
    to legacy, so the guess can only move less traffic."""
    if not runtime_pieces(path, framework, runtime_prefix):
        return path
    text = _FSTRING_PIECE.sub(lambda m: m.group(2), path)
    resolved = re.sub(r"/{2,}", "/", _RUNTIME_PIECE.sub(
        lambda m: "/" if _is_runtime(m, text) else m.group(0), text))
    return resolved if resolved.startswith("/") else "/" + resolved
