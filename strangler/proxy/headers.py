"""Which request and answer headers cross the proxy (RFC 9110 7.6.1), and the ones it sets."""

from __future__ import annotations

from collections.abc import Iterable

from strangler.proxy.http_request import HttpRequest

HOP_BY_HOP = {"connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te",
              "trailer", "trailers", "transfer-encoding", "upgrade", "proxy-connection"}
SHADOW_HEADER = "X-Strangler-Shadow"  # marks the copies shadow mode sends the new service
# (Expect: the proxy has the whole body before it sends the request; a 100 would only
# delay the answer.)
# The proxy's own marks: the shadow copy's marker and the side the Envoy export's canary
# filter picks. A client's are dropped, or a client could make a real request look like a
# copy to a service that skips side effects for copies.
OWN_HEADERS = frozenset({SHADOW_HEADER.lower(), "x-strangler-side"})
NOT_FORWARDED = frozenset({*HOP_BY_HOP, *OWN_HEADERS, "host", "content-length", "expect",
                           "x-forwarded-for", "x-forwarded-proto", "x-forwarded-host"})
NOT_PASSED_BACK = frozenset({*HOP_BY_HOP, "content-length"})
# WSGI servers (gunicorn before 22, Werkzeug's) and CGI-style frameworks read `X_Forwarded_For`
# and `X-Forwarded-For` as one name, HTTP_X_FORWARDED_FOR: passed on, `X_Forwarded_Proto:
# https` sat before the proxy's own `http` and Django's SECURE_PROXY_SSL_HEADER, which takes
# the first value, called a plain-http request secure. Such aliases of a header the proxy
# drops or sets are dropped (nginx drops every name with an underscore by default).
_ALIASES = frozenset(name.replace("-", "_") for name in NOT_FORWARDED if "-" in name)


def forward_headers(request: HttpRequest) -> list[tuple[str, str]]:
    """The request's headers to send upstream: hop-by-hop ones (RFC 9110 7.6.1, and those its
    Connection header lists) dropped, and their underscore spellings; repeated ones kept, and
    X-Forwarded-* set by the proxy: a client's own X-Forwarded-For is extended, its
    X-Forwarded-Proto and -Host replaced."""
    headers = request.headers
    connection = headers.get("connection")
    listed = _listed(connection) if connection else frozenset()
    forwarded = [(name, value) for name, value in headers.pairs
                 if (lower := name.lower()) not in NOT_FORWARDED and lower not in listed
                 and ("_" not in lower or lower.replace("-", "_") not in _ALIASES)]
    client = request.remote or ""
    previous = headers.get("x-forwarded-for")
    forwarded.append(("X-Forwarded-For", f"{previous}, {client}" if previous else client))
    forwarded.append(("X-Forwarded-Proto", request.scheme))
    forwarded.append(("X-Forwarded-Host", headers.get("host", "")))
    return forwarded


def response_headers(pairs: Iterable[tuple[str, str]], keep_length: bool = False
                     ) -> list[tuple[str, str]]:
    """An upstream answer's headers to pass on: hop-by-hop ones (and those its Connection
    header lists) and Content-Length (the proxy frames the answer itself) are dropped;
    repeated headers such as Set-Cookie and Content-Encoding (bodies pass as they are) stay.
    `keep_length`: an answer without a body that announces the size of one (HEAD, 304)."""
    kept: list[tuple[str, str]] = []
    listed: frozenset[str] = frozenset()
    for name, value in pairs:
        lower = name.lower()
        if lower in NOT_PASSED_BACK and not (keep_length and lower == "content-length"):
            if lower == "connection":
                listed |= _listed(value)
            continue
        kept.append((name, value))
    if listed:
        kept = [(name, value) for name, value in kept if name.lower() not in listed]
    return kept


def announces_length(method: str, status: int) -> bool:
    """An answer without a body whose Content-Length tells the size of one (RFC 9110 8.6)."""
    return method == "HEAD" or status == 304


def as_dict(pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Lower-case names to values (for comparisons)."""
    return {name.lower(): value for name, value in pairs}


def _listed(connection: str) -> frozenset[str]:
    """The header names a Connection header lists (hop-by-hop too)."""
    return frozenset(item.strip().lower() for item in connection.split(","))
