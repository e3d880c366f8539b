"""The routing table the proxy serves, read from `strangler.toml` (pure: text in, table out).

```toml
[proxy]
legacy = "http://127.0.0.1:5000"      # the default route: everything else goes here
listen = "127.0.0.1:8080"
admin = "127.0.0.1:8081"               # /_strangler/metrics and /_strangler/routes
preserve_host = true                   # upstreams see the client's Host (false: their own)

[[routes]]
prefix = "/billing"
upstream = "http://127.0.0.1:8000"    # the new service
mode = "shadow"                        # legacy | shadow | canary | new
percent = 10                           # canary share
sticky = "cookie:session"              # canary key: cookie:NAME, header:NAME or client
methods = ["GET", "POST"]              # optional: only these methods
shadow_unsafe = false                  # copy POST/PUT/PATCH/DELETE too (side effects twice!)
ignore = ["generated_at", "items.*.id"]  # JSON paths left out of diffs
```
"""

from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

MODES = ("legacy", "shadow", "canary", "new")


class ProxyConfigError(Exception):
    """The file cannot be used as a routing table; the message says why."""


@dataclass(frozen=True)
class Chaos:
    """Faults injected on the new path (to prove fallback and the breaker)."""

    latency_ms: int = 0
    error_rate: float = 0.0  # share of requests answered 503 by the proxy itself
    reset_rate: float = 0.0  # share of requests whose upstream connection is dropped


@dataclass(frozen=True)
class RouteConfig:
    prefix: str
    upstream: str
    mode: str = "shadow"
    percent: int = 0
    sticky: str = "client"
    methods: tuple[str, ...] = ()
    header: tuple[str, str] | None = None  # only requests with this header value
    shadow_unsafe: bool = False
    ignore: tuple[str, ...] = ()
    legacy: str | None = None  # overrides [proxy].legacy for this route
    chaos: Chaos = field(default_factory=Chaos)


@dataclass(frozen=True)
class ProxyConfig:
    legacy: str
    routes: tuple[RouteConfig, ...]
    listen: tuple[str, int] = ("127.0.0.1", 8080)
    admin: tuple[str, int] = ("127.0.0.1", 8081)
    timeout: float = 10.0
    max_body: int = 10 * 1024 * 1024
    # Shadow copies in flight at once; more are dropped. Small on purpose: a copy shares the
    # CPU with user requests, and sampling a share of the traffic is enough for diffs
    # (4 kept the user's p99 within 1.2x of legacy mode under load; docs/benchmarks.md).
    shadow_inflight: int = 2
    # Copies pause while the proxy's own CPU use is at least this share of a core: a proxy
    # that is CPU-bound would make its users wait for the copies (1.0 or more: never pause).
    shadow_max_cpu: float = 0.85
    shadow_timeout: float = 5.0
    breaker_failures: int = 5
    breaker_open_seconds: float = 30.0
    diff_db: str = "strangler-diffs.sqlite"
    diff_max_rows: int = 100_000
    compare_headers: tuple[str, ...] = ("content-type",)
    noise: bool = False  # call legacy twice for shadowed requests and learn the noise
    # Upstreams see the client's Host (Django's ALLOWED_HOSTS, absolute URLs), as the nginx
    # export does; false: the upstream's own host:port. X-Forwarded-Host is set either way.
    preserve_host: bool = True
    promote_match_rate: float = 0.99
    promote_min_samples: int = 200
    # Client connections served at once; 0: half the process's open-file limit (each client
    # may hold an upstream connection too). Past it, the oldest idle connections are shed.
    max_connections: int = 0
    max_headers: int = 100  # request header fields (Envoy's default); more: 431
    first_byte_timeout: float = 10.0  # a new connection that sends nothing is closed
    # Shadow comparisons: each side's body is kept up to this size; larger answers are
    # counted as too big to compare (the user's answer streams on regardless).
    compare_max_bytes: int = 1024 * 1024
    # Request bodies above this size are spooled to a temporary file while a copy is needed
    # (shadow, fallback); smaller ones stay in memory.
    spool_bytes: int = 1024 * 1024
    diff_max_bytes: int = 64 * 1024 * 1024  # the diff store's file, on top of diff_max_rows
    redact: tuple[str, ...] = ()  # JSON paths (globs) whose values the diff store hides


def _url(value: Any, where: str) -> str:
    if not isinstance(value, str):
        raise ProxyConfigError(f"{where}: expected a URL string")
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ProxyConfigError(f"{where}: {value!r} is not an http(s) URL")
    return value.rstrip("/")


def _number(table: dict[str, Any], key: str, default: float, where: str,
            kind: type = float, low: float = 0.0, high: float | None = None) -> Any:
    """`table[key]` as an int or float within [low, high], or ProxyConfigError saying why."""
    value = table.get(key, default)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or (
            kind is int and not isinstance(value, int)):
        expected = "an integer" if kind is int else "a number"
        raise ProxyConfigError(f"{where}.{key}: expected {expected}, got {value!r}")
    if not math.isfinite(value) or value < low or (high is not None and value > high):
        bounds = f"from {low:g} to {high:g}" if high is not None else f"at least {low:g}"
        raise ProxyConfigError(f"{where}.{key}: {value!r} is out of range ({bounds})")
    return kind(value)


def _flag(table: dict[str, Any], key: str, default: bool, where: str) -> bool:
    """`table[key]` as a boolean: `true` or `false`, never a string that looks like one."""
    value = table.get(key, default)
    if not isinstance(value, bool):
        raise ProxyConfigError(f"{where}.{key}: expected true or false, got {value!r}")
    return value


def _table(data: dict[str, Any], key: str, where: str) -> dict[str, Any]:
    value = data.get(key, {})
    if not isinstance(value, dict):
        raise ProxyConfigError(f"{where}: expected a table")
    return value


def _list(table: dict[str, Any], key: str, where: str) -> list[Any]:
    value = table.get(key, [])
    if not isinstance(value, list):
        raise ProxyConfigError(f"{where}.{key}: expected a list")
    return value


def _address(value: Any, where: str) -> tuple[str, int]:
    if not isinstance(value, str) or ":" not in value:
        raise ProxyConfigError(f"{where}: expected HOST:PORT")
    host, _, port = value.rpartition(":")
    if not port.isdigit():
        raise ProxyConfigError(f"{where}: {value!r} has no port number")
    return host, int(port)


def _route(data: Any, index: int) -> RouteConfig:
    where = f"routes[{index}]"
    if not isinstance(data, dict):
        raise ProxyConfigError(f"{where}: expected a table")
    prefix = data.get("prefix")
    if not isinstance(prefix, str) or not prefix.startswith("/"):
        raise ProxyConfigError(f"{where}: prefix must start with '/'")
    mode = data.get("mode", "shadow")
    if mode not in MODES:
        raise ProxyConfigError(f"{where}: mode must be one of {', '.join(MODES)}")
    percent = _number(data, "percent", 0, where, int, 0, 100)
    sticky = data.get("sticky", "client")
    if not (sticky == "client" or str(sticky).startswith(("cookie:", "header:"))):
        raise ProxyConfigError(f"{where}: sticky must be client, cookie:NAME or header:NAME")
    header = data.get("header")
    header_match = None
    if header is not None:
        name, sep, value = str(header).partition(":")
        if not sep:
            raise ProxyConfigError(f"{where}: header must be 'Name: value'")
        header_match = (name.strip().lower(), value.strip())
    chaos = _table(data, "chaos", f"{where}.chaos")
    for key in ("methods", "ignore"):
        if not isinstance(data.get(key, []), list):
            raise ProxyConfigError(f"{where}.{key}: expected a list")
    return RouteConfig(
        prefix=prefix.rstrip("/") or "/",
        upstream=_url(data.get("upstream"), f"{where}.upstream"),
        mode=mode, percent=percent, sticky=str(sticky),
        methods=tuple(str(m).upper() for m in data.get("methods", [])),
        header=header_match,
        shadow_unsafe=_flag(data, "shadow_unsafe", False, where),
        ignore=tuple(str(p) for p in data.get("ignore", [])),
        legacy=_url(data["legacy"], f"{where}.legacy") if "legacy" in data else None,
        chaos=Chaos(latency_ms=_number(chaos, "latency_ms", 0, f"{where}.chaos", int),
                    error_rate=_number(chaos, "error_rate", 0.0, f"{where}.chaos", high=1.0),
                    reset_rate=_number(chaos, "reset_rate", 0.0, f"{where}.chaos", high=1.0)),
    )


def parse_proxy_config(text: str) -> ProxyConfig:
    """The routing table in `text` (strangler.toml), or ProxyConfigError with the reason."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ProxyConfigError(f"not valid TOML: {exc}") from exc
    proxy = _table(data, "proxy", "[proxy]")
    routes = data.get("routes", [])
    if not isinstance(routes, list):
        raise ProxyConfigError("routes: expected [[routes]] tables")
    parsed = tuple(_route(r, i) for i, r in enumerate(routes))
    legacy = proxy.get("legacy") or next((r.legacy for r in parsed if r.legacy), None)
    if legacy is None:
        raise ProxyConfigError("[proxy] legacy = URL is missing: the default route needs it")
    prefixes = [r.prefix for r in parsed]
    if len(set(prefixes)) != len(prefixes):
        raise ProxyConfigError("two routes have the same prefix")
    breaker = _table(proxy, "breaker", "[proxy.breaker]")
    promote = _table(proxy, "promote", "[proxy.promote]")
    compare_headers = proxy.get("compare_headers", ["content-type"])
    if not isinstance(compare_headers, list) or not all(
            isinstance(h, str) for h in compare_headers):
        raise ProxyConfigError("proxy.compare_headers: expected a list of header names")
    return ProxyConfig(
        legacy=_url(legacy, "proxy.legacy"),
        routes=parsed,
        listen=_address(proxy.get("listen", "127.0.0.1:8080"), "proxy.listen"),
        admin=_address(proxy.get("admin", "127.0.0.1:8081"), "proxy.admin"),
        timeout=_number(proxy, "timeout", 10.0, "proxy", low=0.001),
        max_body=_number(proxy, "max_body", 10 * 1024 * 1024, "proxy", int),
        shadow_inflight=_number(proxy, "shadow_inflight", 2, "proxy", int),
        shadow_timeout=_number(proxy, "shadow_timeout", 5.0, "proxy", low=0.001),
        shadow_max_cpu=_number(proxy, "shadow_max_cpu", 0.85, "proxy"),
        breaker_failures=_number(breaker, "failures", 5, "proxy.breaker", int, 1),
        breaker_open_seconds=_number(breaker, "open_seconds", 30.0, "proxy.breaker"),
        diff_db=str(proxy.get("diff_db", "strangler-diffs.sqlite")),
        diff_max_rows=_number(proxy, "diff_max_rows", 100_000, "proxy", int, 1),
        compare_headers=tuple(h.lower() for h in compare_headers),
        noise=_flag(proxy, "noise", False, "proxy"),
        preserve_host=_flag(proxy, "preserve_host", True, "proxy"),
        promote_match_rate=_number(promote, "match_rate", 0.99, "proxy.promote", high=1.0),
        promote_min_samples=_number(promote, "min_samples", 200, "proxy.promote", int),
        max_connections=_number(proxy, "max_connections", 0, "proxy", int),
        max_headers=_number(proxy, "max_headers", 100, "proxy", int, 1),
        first_byte_timeout=_number(proxy, "first_byte_timeout", 10.0, "proxy", low=0.001),
        compare_max_bytes=_number(proxy, "compare_max_bytes", 1024 * 1024, "proxy", int),
        spool_bytes=_number(proxy, "spool_bytes", 1024 * 1024, "proxy", int),
        diff_max_bytes=_number(proxy, "diff_max_bytes", 64 * 1024 * 1024, "proxy", int,
                               1024 * 1024),
        redact=tuple(str(p) for p in _list(proxy, "redact", "proxy")),
    )
