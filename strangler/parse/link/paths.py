"""URL path joining as the web frameworks do it."""

from __future__ import annotations

from strangler.model import RUNTIME_PREFIX_MARK


def join_path(prefix: str, path: str) -> str:
    """Join a router prefix and a route path the way Flask and FastAPI do."""
    if not prefix:
        return path if path.startswith("/") else "/" + path
    if not path:
        return prefix
    return prefix.rstrip("/") + "/" + path.lstrip("/")


def unmarked(path: str) -> tuple[str, bool]:
    """A joined path as routes carry it, and whether a prefix in it is only known at run
    time (the parser marks such a `{expression}`)."""
    return path.replace(RUNTIME_PREFIX_MARK, ""), RUNTIME_PREFIX_MARK in path
