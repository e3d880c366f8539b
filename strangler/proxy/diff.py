"""Compare a legacy and a new response: status, chosen headers, body (JSON structurally)."""

from __future__ import annotations

import fnmatch
import json
import zlib
from dataclasses import dataclass
from typing import Any

import orjson

MAX_FIELDS = 50
MAX_DECODED = 16 * 1024 * 1024  # bytes of a compressed answer inflated for a comparison


class TooBigToCompare(Exception):
    """A body that inflates past the comparison's limit: counted, not compared."""


@dataclass(frozen=True)
class Response:
    status: int
    headers: dict[str, str]  # lower-case names (for comparisons)
    body: bytes
    wire: tuple[tuple[str, str], ...] = ()  # the headers to send, repeated ones (Set-Cookie) kept


def _flatten(value: Any, path: str, out: dict[str, Any]) -> None:
    if isinstance(value, dict):
        if not value:
            out[path or "$"] = {}
        for key, item in value.items():
            _flatten(item, f"{path}.{key}" if path else str(key), out)
    elif isinstance(value, list):
        if not value:
            out[path or "$"] = []
        for index, item in enumerate(value):
            _flatten(item, f"{path}.{index}" if path else str(index), out)
    else:
        out[path or "$"] = value


def _ignored(path: str, ignore: tuple[str, ...]) -> bool:
    generic = ".".join("*" if part.isdigit() else part for part in path.split("."))
    return any(fnmatch.fnmatchcase(path, p) or fnmatch.fnmatchcase(generic, p) for p in ignore)


def _decoded(response: Response, limit: int) -> bytes:
    """The body as the application wrote it: gzip and deflate answers are compared after
    decompression (two gzip streams of the same JSON differ in their header's timestamp).
    At most `limit` bytes are inflated, so a hostile answer cannot blow up memory: a bigger
    one raises TooBigToCompare."""
    encoding = response.headers.get("content-encoding", "").strip().lower()
    if encoding not in ("gzip", "x-gzip", "deflate"):
        return response.body
    wbits = 16 + zlib.MAX_WBITS if encoding != "deflate" else zlib.MAX_WBITS
    try:
        inflater = zlib.decompressobj(wbits)
        decoded = inflater.decompress(response.body, limit)
    except zlib.error:
        return response.body
    if inflater.unconsumed_tail:
        raise TooBigToCompare(f"the answer inflates past {limit} bytes")
    return decoded


def _json(body: bytes) -> Any:
    """Parsed JSON (orjson: 3-5x the stdlib's speed; the stdlib for what orjson refuses,
    such as integers past 64 bits)."""
    try:
        return orjson.loads(body)
    except orjson.JSONDecodeError:
        if body.lstrip()[:1] not in (b"{", b"["):
            raise
        return json.loads(body)


def differences(legacy: Response, new: Response, headers: tuple[str, ...] = (),
                ignore: tuple[str, ...] = (), limit: int = MAX_DECODED
                ) -> dict[str, tuple[Any, Any]]:
    """field -> (legacy value, new value) for every difference; empty when they match.
    CPU-bound on big JSON: the proxy calls it off its event loop."""
    found: dict[str, tuple[Any, Any]] = {}
    if legacy.status != new.status:
        found["status"] = (legacy.status, new.status)
    for name in headers:
        a, b = legacy.headers.get(name), new.headers.get(name)
        if a != b and not _ignored(f"header.{name}", ignore):
            found[f"header.{name}"] = (a, b)
    left_body, right_body = _decoded(legacy, limit), _decoded(new, limit)
    if left_body == right_body:
        return found  # the common case once a route is ready: no JSON to parse
    try:
        left, right = _json(left_body), _json(right_body)
    except (ValueError, UnicodeDecodeError):
        if not _ignored("body", ignore):
            found["body"] = (left_body[:200].decode(errors="replace"),
                             right_body[:200].decode(errors="replace"))
        return found
    flat_left: dict[str, Any] = {}
    flat_right: dict[str, Any] = {}
    _flatten(left, "", flat_left)
    _flatten(right, "", flat_right)
    for key in sorted(set(flat_left) | set(flat_right)):
        a, b = flat_left.get(key, "<missing>"), flat_right.get(key, "<missing>")
        if a != b and not _ignored(key, ignore):
            found[f"body.{key}"] = (a, b)
            if len(found) >= MAX_FIELDS:
                break
    return found
