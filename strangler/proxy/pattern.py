"""Route prefixes with parameter segments (pure): `/{lang}/exercise` takes `/en/exercise` and
the paths below it, where `{lang}` stands for exactly one non-empty path segment.

This is how a route moves paths under a prefix the monolith's framework adds, such as Django's
`i18n_patterns` (`/<language>/...`): one route instead of one per language. The embedded proxy,
the nginx export (a regex location) and the Envoy export (`safe_regex`) all match it with the
regular expression below, and order routes by `specificity`, so all three pick the same route.
"""

from __future__ import annotations

import re

# A parameter is a whole segment: `{name}`. `{name}x` or `a{b}` are refused.
PARAM = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}")
ONE_SEGMENT = "[^/]+"


def is_pattern(prefix: str) -> bool:
    """Does the prefix have a parameter segment?"""
    return "{" in prefix


def check_pattern(prefix: str) -> str | None:
    """Why `prefix` is not a valid route prefix with parameters (None: it is valid, or it has
    none)."""
    if "{" not in prefix and "}" not in prefix:
        return None
    for segment in prefix.split("/"):
        if ("{" in segment or "}" in segment) and not PARAM.fullmatch(segment):
            return (f"prefix {prefix!r}: a parameter must be a whole path segment named "
                    "{name} (letters, digits, _), e.g. /{lang}/exercise")
    return None


def segments(prefix: str) -> list[str]:
    return [s for s in prefix.split("/") if s]


def specificity(prefix: str) -> tuple[int, int, int]:
    """How specific a route is: more segments first, then more literal segments, then the
    longer text. Two literal prefixes that both match a path are nested, so for them this is
    the longest prefix, as before; a literal `/en/exercise` beats `/{lang}/exercise`."""
    parts = segments(prefix)
    return (len(parts), sum(1 for s in parts if not PARAM.fullmatch(s)), len(prefix))


def order_key(prefix: str) -> tuple[int, int, int, str]:
    """Sort key for first-match tables (nginx regex locations, Envoy routes): the most
    specific route first, ties by text so the output is deterministic."""
    count, literal, length = specificity(prefix)
    return (-count, -literal, -length, prefix)


def first_match_key(prefix: str, patterned: bool) -> tuple[int | str, ...]:
    """Sort key of a first-match table (nginx regex locations, Envoy routes). Without any
    `{param}` route the table keeps its longest-prefix-first order (the same output as
    before patterns existed); with one, `order_key`."""
    return order_key(prefix) if patterned else (-len(prefix), prefix)


def segments_regex(prefix: str) -> str:
    """The regular expression (PCRE and RE2 alike) of the prefix itself, unanchored."""
    return "".join("/" + (ONE_SEGMENT if PARAM.fullmatch(s) else re.escape(s))
                   for s in segments(prefix))


def path_regex(prefix: str) -> str:
    """The full-match regular expression of the paths a prefix takes: the prefix itself and
    the paths below it, never a longer name (Envoy's `safe_regex` matches the whole path)."""
    return segments_regex(prefix) + "(?:/.*)?"


def nginx_regex(prefix: str) -> str:
    """The same for an nginx regex location, which searches: anchored at the start, and
    ended by a slash or the end (PCRE's `.` would stop at a decoded newline)."""
    return f"^{segments_regex(prefix)}(?:/|$)"


def compile_prefix(prefix: str) -> re.Pattern[str] | None:
    """The compiled full-match pattern of a prefix with parameters (None for a literal one)."""
    if not is_pattern(prefix):
        return None
    return re.compile(path_regex(prefix), re.DOTALL)


def same_paths(prefix: str) -> str:
    """The prefix with its parameter names dropped: `/{lang}/x` and `/{code}/x` take the
    same paths."""
    return PARAM.sub("{}", prefix)
