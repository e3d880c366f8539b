"""URL path joining as the web frameworks do it."""

from __future__ import annotations


def join_path(prefix: str, path: str) -> str:
    """Join a router prefix and a route path the way Flask and FastAPI do."""
    if not prefix:
        return path if path.startswith("/") else "/" + path
    if not path:
        return prefix
    return prefix.rstrip("/") + "/" + path.lstrip("/")
