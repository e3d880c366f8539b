"""Every key of `strangler.toml`, with its type, range, default and meaning (msgspec structs).

The structs follow the file's shape; the proxy (`strangler/proxy/config.py`) and the seam
proposal (`strangler/seams/config.py`) turn them into their own frozen dataclasses. Unknown
keys are refused everywhere (`forbid_unknown_fields`), so a typo is an error, never a silent
default. docs/config.md is generated from the descriptions here (`reference.py`).
"""

from __future__ import annotations

import sys
from typing import Annotated, Literal
from urllib.parse import urlsplit

from msgspec import Meta, Struct, field

from strangler.settings import Mode

_MAX = sys.float_info.max  # an upper bound that refuses inf (every float has one: nan too)


def _port_ok(port: int | None) -> bool:
    return port is not None and 1 <= port <= 65535


def check_url(value: str, key: str) -> None:
    """ValueError unless `value` is an http(s) URL with a host and, if any, a port 1-65535."""
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"{key}: {value!r} is not an http(s) URL")
    try:
        port = parts.port
    except ValueError:
        port = 0
    if port is not None and not _port_ok(port):
        raise ValueError(f"{key}: {value!r} has no valid port (1 to 65535)")


def split_address(value: str, key: str) -> tuple[str, int]:
    """`HOST:PORT` as (host, port), or ValueError naming `key`."""
    host, sep, port = value.rpartition(":")
    if not sep:
        raise ValueError(f"{key}: expected HOST:PORT, got {value!r}")
    if not port.isdigit() or not _port_ok(int(port)):
        raise ValueError(f"{key}: {value!r} has no valid port (1 to 65535)")
    return host, int(port)


class Table(Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """A TOML table: keys are fields, anything else is refused."""


class Breaker(Table, frozen=True, kw_only=True):
    failures: Annotated[int, Meta(ge=1, description=(
        "Consecutive failures of a route's new service that open its breaker (requests go to "
        "legacy)."))] = 5
    open_seconds: Annotated[float, Meta(ge=0, le=_MAX, description=(
        "Seconds the breaker stays open before one trial request is let through."))] = 30.0


class Promote(Table, frozen=True, kw_only=True):
    match_rate: Annotated[float, Meta(ge=0, le=1, description=(
        "Share of shadow comparisons that must match for `strangler diff` to call a route "
        "ready to promote."))] = 0.99
    min_samples: Annotated[int, Meta(ge=0, description=(
        "Comparisons needed before `strangler diff` judges a route."))] = 200


class Proxy(Table, frozen=True, kw_only=True):
    legacy: Annotated[str | None, Meta(description=(
        "URL of the legacy application: the default route. Required unless a route sets its "
        "own `legacy`."))] = None
    listen: Annotated[str, Meta(description="HOST:PORT the proxy serves users on.")] = (
        "127.0.0.1:8080")
    admin: Annotated[str, Meta(description=(
        "HOST:PORT of /_strangler/metrics and /_strangler/routes."))] = "127.0.0.1:8081"
    preserve_host: Annotated[bool, Meta(description=(
        "Upstreams see the client's Host (false: their own host:port); X-Forwarded-Host is "
        "set either way."))] = True
    timeout: Annotated[float, Meta(ge=0.001, le=_MAX, description=(
        "Seconds an upstream may take to answer."))] = 10.0
    max_body: Annotated[int, Meta(ge=0, description=(
        "Largest request body accepted, in bytes (larger: 413)."))] = 10 * 1024 * 1024
    max_connections: Annotated[int, Meta(ge=0, description=(
        "Client connections served at once; 0: a third of the open-file limit (raised to its "
        "hard limit at start). Past it, the oldest idle connection, else the slowest request "
        "head, is shed."))] = 0
    max_headers: Annotated[int, Meta(ge=1, description=(
        "Request header fields accepted (more: 431). The Envoy export sets the same limit; "
        "nginx has no limit on the number of fields, only on a head's bytes (a header line "
        "over 8 KiB: 400)."))] = 100
    first_byte_timeout: Annotated[float, Meta(ge=0.001, le=_MAX, description=(
        "Seconds a new connection may stay silent before it is closed."))] = 10.0
    spool_bytes: Annotated[int, Meta(ge=0, description=(
        "Request bodies above this size are spooled to a temporary file (they are sent from "
        "it, and a fallback resends them from it)."))] = 1024 * 1024
    shadow_inflight: Annotated[int, Meta(ge=0, description=(
        "Shadow copies in flight at once; more are dropped."))] = 2
    shadow_max_cpu: Annotated[float, Meta(ge=0, le=_MAX, description=(
        "Shadow copies pause while the proxy uses at least this share of a core (1.0 or "
        "more: never pause)."))] = 0.85
    shadow_timeout: Annotated[float, Meta(ge=0.001, le=_MAX, description=(
        "Seconds a shadow copy may take."))] = 5.0
    compare_headers: Annotated[list[str], Meta(description=(
        "Response headers compared in shadow mode (case-insensitive)."))] = field(
        default_factory=lambda: ["content-type"])
    compare_max_bytes: Annotated[int, Meta(ge=0, description=(
        "Each side's body is kept up to this size for a shadow comparison; larger answers "
        "are counted as too big to compare."))] = 1024 * 1024
    noise: Annotated[bool, Meta(description=(
        "Call legacy twice for shadowed safe requests and learn which fields differ "
        "anyway."))] = False
    diff_db: Annotated[str, Meta(description=(
        "SQLite file of the shadow comparisons, relative to this file."))] = (
        "strangler-diffs.sqlite")
    diff_max_rows: Annotated[int, Meta(ge=1, description=(
        "Comparisons kept in the diff store; the oldest are dropped."))] = 100_000
    diff_max_bytes: Annotated[int, Meta(ge=1024 * 1024, description=(
        "Size bound of the diff store's file, on top of `diff_max_rows`."))] = (
        64 * 1024 * 1024)
    redact: Annotated[list[str], Meta(description=(
        "JSON paths (globs) whose values the diff store hides, besides the built-in "
        "names."))] = []
    breaker: Annotated[Breaker, Meta(description=(
        "The circuit breaker of each route's new service."))] = field(default_factory=Breaker)
    promote: Annotated[Promote, Meta(description=(
        "When `strangler diff` calls a shadow route ready for the new service."))] = field(
        default_factory=Promote)

    def __post_init__(self) -> None:
        if self.legacy is not None:
            check_url(self.legacy, "legacy")
        split_address(self.listen, "listen")
        split_address(self.admin, "admin")


class Chaos(Table, frozen=True, kw_only=True):
    latency_ms: Annotated[int, Meta(ge=0, description=(
        "Milliseconds added before each request reaches the new service."))] = 0
    error_rate: Annotated[float, Meta(ge=0, le=1, description=(
        "Share of requests the proxy answers 503 itself."))] = 0.0
    reset_rate: Annotated[float, Meta(ge=0, le=1, description=(
        "Share of requests whose upstream connection is dropped."))] = 0.0


class Route(Table, frozen=True, kw_only=True):
    prefix: Annotated[str, Meta(description=(
        "Path prefix the route serves, from '/' (segment boundaries: /orders does not match "
        "/ordersx). A whole segment {name} stands for any one segment: /{lang}/exercise "
        "takes /en/exercise/ and /de/exercise/1, not /en/exercisex."))]
    upstream: Annotated[str, Meta(description="URL of the new service.")]
    mode: Annotated[Mode, Meta(description=(
        "legacy: all to legacy; shadow: legacy answers, new gets a copy and answers are "
        "compared; canary: `percent` of users go to new; new: all to new."))] = "shadow"
    percent: Annotated[int, Meta(ge=0, le=100, description=(
        "Canary share of users sent to the new service."))] = 0
    sticky: Annotated[str, Meta(description=(
        "What keeps a canary user on one side: client (address), cookie:NAME or "
        "header:NAME."))] = "client"
    methods: Annotated[list[str], Meta(description=(
        "Only these methods take the route (empty: all)."))] = []
    header: Annotated[str | None, Meta(description=(
        "'Name: value': only requests with this header value take the route."))] = None
    shadow_unsafe: Annotated[bool, Meta(description=(
        "Shadow POST/PUT/PATCH/DELETE too: their side effects happen twice."))] = False
    ignore: Annotated[list[str], Meta(description=(
        "JSON paths (globs such as items.*.id) left out of shadow comparisons."))] = []
    legacy: Annotated[str | None, Meta(description=(
        "URL of this route's legacy side, instead of [proxy] legacy."))] = None
    service: Annotated[str | None, Meta(description=(
        "The extracted seam that serves the route (written by `strangler extract`; "
        "informational)."))] = None
    chaos: Annotated[Chaos, Meta(description=(
        "Faults injected on the new path (`strangler chaos`), to prove fallback and the "
        "breaker."))] = field(default_factory=Chaos)

    def __post_init__(self) -> None:
        if not self.prefix.startswith("/"):
            raise ValueError(f"prefix: {self.prefix!r} must start with '/'")
        check_url(self.upstream, "upstream")
        if self.legacy is not None:
            check_url(self.legacy, "legacy")
        if not (self.sticky == "client" or self.sticky.startswith(("cookie:", "header:"))):
            raise ValueError(f"sticky: {self.sticky!r} must be client, cookie:NAME or "
                             "header:NAME")
        if self.header is not None and ":" not in self.header:
            raise ValueError(f"header: {self.header!r} must be 'Name: value'")


class Weights(Table, frozen=True, kw_only=True):
    static: Annotated[float, Meta(ge=0, le=_MAX, description=(
        "Weight of imports and symbol uses."))] = 1.0
    data: Annotated[float, Meta(ge=0, le=_MAX, description=(
        "Weight of shared tables and models."))] = 1.0
    cochange: Annotated[float, Meta(ge=0, le=_MAX, description=(
        "Weight of files changed together in git history."))] = 0.5
    routes: Annotated[float, Meta(ge=0, le=_MAX, description=(
        "Weight of modules serving the same URL prefix."))] = 0.5
    package: Annotated[float, Meta(ge=0, le=_MAX, description=(
        "Bonus for modules of the same package."))] = 0.5
    words: Annotated[float, Meta(ge=0, le=_MAX, description=(
        "Weight of layered modules sharing a domain word (`views/persons`, "
        "`services/persons_service`, `models/person`)."))] = 1.0


Globs = str | list[str]


class Seam(Table, frozen=True, kw_only=True):
    modules: Annotated[Globs, Meta(description="Module globs that belong to the seam.")] = []
    interface: Annotated[Globs, Meta(description=(
        "What other seams may use: module or module.symbol names."))] = []
    tables: Annotated[Globs, Meta(description=(
        "Tables the seam owns (names or globs): `strangler check` reports another seam's "
        "module that reads or writes them. A table two seams declare is an error."))] = []


class Document(Table, frozen=True, kw_only=True):
    proxy: Annotated[Proxy, Meta(description=(
        "The strangler-fig proxy (`strangler proxy`, `strangler diff`, `strangler export "
        "nginx`)."))] = field(default_factory=Proxy)
    routes: Annotated[list[Route], Meta(description=(
        "One `[[routes]]` table per path prefix moved to a new service; other paths go to "
        "legacy."))] = []
    services: Annotated[int, Meta(ge=0, description=(
        "Services to propose; 0: chosen by the tool."))] = 0
    min_size: Annotated[int, Meta(ge=0, description=(
        "Smallest service proposed, in modules."))] = 2
    max_size: Annotated[int, Meta(ge=0, description=(
        "Largest service proposed, in modules; 0: no limit."))] = 0
    seed: Annotated[int, Meta(ge=0, description="Seed of the seam search (same seed, same "
                                                "proposal).")] = 42
    git_commits: Annotated[int, Meta(ge=0, description=(
        "Recent commits read for the co-change signal."))] = 500
    huge_commit: Annotated[int, Meta(ge=0, description=(
        "Commits touching more files than this are ignored by the co-change signal."))] = 30
    kernels: Annotated[Globs, Meta(description=(
        "Module globs of the shared kernel: in no service (a pin wins over them; roots "
        "stay roots)."))] = []
    examples: Annotated[Literal["exclude", "keep"], Meta(description=(
        "Example, demo, fixture and test-support packages (`*.example_*`, `*_demo`, "
        "`testing`; pytest plugins, fake-data generators and test projects no application "
        "module imports): `exclude` leaves them out of the proposal, `keep` treats them as "
        "application code (also `strangler analyze --keep-examples`)."))] = "exclude"
    together: Annotated[list[Globs], Meta(description=(
        "Groups of module globs always kept in one service: the pinned service of one of "
        "them, else the one holding most of them. A root or a module of `kernels` stays "
        "where it is, and the report says so; a group pinned to two services is an "
        "error."))] = []
    pin: Annotated[dict[str, Globs], Meta(description=(
        "`[pin]` table: SERVICE = module globs that must land in that service (never a "
        "root, an example or the kernel)."))] = {}
    weights: Annotated[Weights, Meta(description=(
        "Weights of the seam signals."))] = field(default_factory=Weights)
    seams: Annotated[dict[str, Globs | Seam], Meta(description=(
        "Accepted seams (`strangler analyze --write-config`, read by `strangler check`): "
        "`NAME = [globs]` or a `[seams.NAME]` table."))] = {}
