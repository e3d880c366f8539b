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

Every key, its type, default and meaning: docs/config.md (generated from the schema).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from strangler.proxy.pattern import check_pattern, compile_prefix, same_paths
from strangler.settings import MODES, Mode

if TYPE_CHECKING:
    from strangler.settings.schema import Document, Route

__all__ = ["MODES", "Chaos", "Mode", "ProxyConfig", "ProxyConfigError", "RouteConfig",
           "parse_proxy_config", "proxy_config"]


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
    mode: Mode = "shadow"
    percent: int = 0
    sticky: str = "client"
    methods: tuple[str, ...] = ()
    header: tuple[str, str] | None = None  # only requests with this header value
    shadow_unsafe: bool = False
    ignore: tuple[str, ...] = ()
    legacy: str | None = None  # overrides [proxy].legacy for this route
    chaos: Chaos = field(default_factory=Chaos)
    # `/{lang}/exercise`: the compiled full match of the paths it takes (None: a literal).
    pattern: re.Pattern[str] | None = field(default=None, init=False, repr=False,
                                            compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "pattern", compile_prefix(self.prefix))


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
    # Client connections served at once; 0: a third of the open-file limit (each client may
    # hold an upstream connection and a spool file too). Past it, idle ones are shed.
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


def parse_proxy_config(text: str) -> ProxyConfig:
    """The routing table in `text` (strangler.toml), or ProxyConfigError with the reason.

    The whole file is checked against the one schema (strangler/settings/schema.py): an
    unknown key anywhere is an error, the seam keys included; only the proxy's part is kept.
    """
    from strangler.settings.load import SettingsError, load_text  # msgspec: only when read

    try:
        document = load_text(text)
    except SettingsError as exc:
        raise ProxyConfigError(str(exc)) from None
    return proxy_config(document)


def proxy_config(document: Document) -> ProxyConfig:
    """The proxy's table from a validated document: the checks across keys and routes."""
    from strangler.settings.schema import split_address

    routes = tuple(_route(r) for r in document.routes)
    proxy = document.proxy
    legacy = proxy.legacy or next((r.legacy for r in routes if r.legacy), None)
    if legacy is None:
        raise ProxyConfigError("[proxy] legacy = URL is missing: the default route needs it")
    prefixes = [same_paths(r.prefix) for r in routes]
    if len(set(prefixes)) != len(prefixes):
        twice = sorted({r.prefix for r in routes if prefixes.count(same_paths(r.prefix)) > 1})
        raise ProxyConfigError(f"two routes have the same prefix: {', '.join(twice)}")
    return ProxyConfig(
        legacy=legacy.rstrip("/"),
        routes=routes,
        listen=split_address(proxy.listen, "listen"),
        admin=split_address(proxy.admin, "admin"),
        timeout=proxy.timeout,
        max_body=proxy.max_body,
        shadow_inflight=proxy.shadow_inflight,
        shadow_max_cpu=proxy.shadow_max_cpu,
        shadow_timeout=proxy.shadow_timeout,
        breaker_failures=proxy.breaker.failures,
        breaker_open_seconds=proxy.breaker.open_seconds,
        diff_db=proxy.diff_db,
        diff_max_rows=proxy.diff_max_rows,
        compare_headers=tuple(h.lower() for h in proxy.compare_headers),
        noise=proxy.noise,
        preserve_host=proxy.preserve_host,
        promote_match_rate=proxy.promote.match_rate,
        promote_min_samples=proxy.promote.min_samples,
        max_connections=proxy.max_connections,
        max_headers=proxy.max_headers,
        first_byte_timeout=proxy.first_byte_timeout,
        compare_max_bytes=proxy.compare_max_bytes,
        spool_bytes=proxy.spool_bytes,
        diff_max_bytes=proxy.diff_max_bytes,
        redact=tuple(proxy.redact),
    )


def _route(route: Route) -> RouteConfig:
    wrong = check_pattern(route.prefix)
    if wrong is not None:
        raise ProxyConfigError(f"[[routes]] {wrong}")
    header = None
    if route.header is not None:
        name, _, value = route.header.partition(":")
        header = (name.strip().lower(), value.strip())
    chaos = route.chaos
    return RouteConfig(
        prefix=route.prefix.rstrip("/") or "/",
        upstream=route.upstream.rstrip("/"),
        mode=route.mode, percent=route.percent, sticky=route.sticky,
        methods=tuple(m.upper() for m in route.methods),
        header=header,
        shadow_unsafe=route.shadow_unsafe,
        ignore=tuple(route.ignore),
        legacy=route.legacy.rstrip("/") if route.legacy is not None else None,
        chaos=Chaos(latency_ms=chaos.latency_ms, error_rate=chaos.error_rate,
                    reset_rate=chaos.reset_rate),
    )
