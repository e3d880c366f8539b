"""The checks on a request head before it is routed: size limits, the request target,
upgrades the proxy never tunnels, and the requests it refuses outright."""

from __future__ import annotations

import re

import httptools

from strangler.proxy.http_request import Headers

MAX_HEAD_BYTES = 64 * 1024  # request line and headers (nginx's large_client_header_buffers)
MAX_HEADERS = 100  # header fields in a request head (Envoy's default); more: 431
HEADER_OVERHEAD = 4  # ": " and CRLF: every byte of the head counts against MAX_HEAD_BYTES
REFUSED_METHODS = frozenset({"CONNECT", "TRACE"})  # a reverse proxy serves neither (405)
# A Host: a registered name or IPv4 address, or an IP literal, and an optional port.
_VALID_HOST = re.compile(r"(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._~!$&'()*+;=%-]+)(:[0-9]{0,5})?")
REQUEST_LINE_OVERHEAD = 16  # method, version, spaces and CRLF of the request line
IGNORED_UPGRADES = frozenset({"h2c"})  # served as plain requests, as nginx and Envoy do


def offered(headers: Headers) -> list[str]:
    return [token.strip() for token in headers.get("upgrade", "").split(",") if token.strip()]


def ignored_upgrade(headers: Headers) -> bool:
    """Does the request offer an upgrade the proxy never tunnels (h2c)? After a 101 its
    later requests would bypass routing and the access log."""
    return any(token.lower() in IGNORED_UPGRADES for token in offered(headers))


def without_upgrade(pairs: list[tuple[str, str]], headers: Headers
                     ) -> tuple[list[tuple[str, str]], bool]:
    """The headers without the upgrades the proxy never tunnels, and whether another
    upgrade (a WebSocket) is still asked for."""
    kept = [token for token in offered(headers) if token.lower() not in IGNORED_UPGRADES]
    pairs = [(name, value) for name, value in pairs
             if name.lower() not in ("upgrade", "http2-settings")]
    if kept:
        pairs.append(("Upgrade", ", ".join(kept)))
    return pairs, bool(kept)


def refusal(method: str, version: str, headers: Headers, authority: str | None) -> int:
    """The status a request is refused with before it is routed, or 0: HTTP/2+ in the
    request line (505), CONNECT or TRACE (405), a transfer coding other than chunked (501),
    an HTTP/1.1 request without exactly one valid Host (400: two Hosts are joined with a
    comma, which no valid Host has)."""
    if version != "1.1" and not version.startswith("1."):
        return 505
    if method in REFUSED_METHODS:
        return 405
    lower = headers._lower
    coding = lower.get("transfer-encoding")
    if coding is not None and coding.strip().lower() != "chunked":
        return 501
    host = lower.get("host")
    if host is None:
        return 400 if authority is None and version == "1.1" else 0
    if host and host not in _valid_hosts:
        if ".." in host or not _VALID_HOST.fullmatch(host):
            return 400
        if len(_valid_hosts) < 1024:  # the same few hosts come again and again
            _valid_hosts.add(host)
    return 0


_valid_hosts: set[str] = set()



def request_target(url: bytes) -> tuple[str, str | None]:
    """The request target as origin-form, and the authority of an absolute-form target
    (`GET http://host/x`): the proxy never connects to it, but it is the request's Host
    (RFC 9112 3.2.2), as nginx's `$host` takes it."""
    if url[:1] != b"/" and b"://" in url[:16]:
        try:
            parsed = httptools.parse_url(url)
        except httptools.HttpParserInvalidURLError:
            return "/", None
        path = parsed.path or b"/"
        authority = (parsed.host or b"").decode("latin-1")
        if parsed.port:
            authority += f":{parsed.port}"
        return (path + (b"?" + parsed.query if parsed.query else b"")).decode("latin-1"), \
            authority or None
    return url.decode("latin-1"), None
