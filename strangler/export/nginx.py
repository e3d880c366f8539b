"""The route table as an nginx configuration: the same routes, at production scale.

legacy -> proxy_pass to legacy; shadow -> `mirror` to an internal location that copies only
safe methods (unless the route allows unsafe ones) to the new service; canary ->
`split_clients` on the route's sticky key; new -> an upstream with the new service first and
legacy as `backup`, with `proxy_next_upstream` (nginx never retries POST/PATCH on another
server unless told to, which is the fallback rule the embedded proxy follows too). Everything
else takes the default route to legacy.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from strangler.proxy.config import ProxyConfig, RouteConfig
from strangler.proxy.pattern import PARAM, first_match_key, is_pattern, nginx_regex
from strangler.templating import environment


def _server(url: str) -> str:
    parts = urlsplit(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    return f"{parts.hostname}:{port}"


def _slug(prefix: str, index: int) -> str:
    return f"r{index}_" + (re.sub(r"[^A-Za-z0-9]+", "_", prefix).strip("_") or "root")


def _sticky_source(route: RouteConfig) -> str:
    """The cookie or header variable a canary's key comes from ("" for the client address)."""
    kind, _, name = route.sticky.partition(":")
    if kind == "cookie":
        return f"${{cookie_{re.sub(r'[^A-Za-z0-9_]', '_', name)}}}"
    if kind == "header":
        return f"${{http_{re.sub(r'[^A-Za-z0-9]', '_', name).lower()}}}"
    return ""


def _serve(route: RouteConfig) -> str:
    """How the route's requests are served: legacy, shadow, split (a canary) or new. A canary
    at 0% or 100% is plain legacy or new: nginx refuses a `0%` share."""
    if route.mode == "canary":
        return "legacy" if route.percent <= 0 else "new" if route.percent >= 100 else "split"
    return route.mode


def _locations(prefix: str, regex: bool) -> list[str]:
    """nginx locations matching what match_route matches: the prefix itself and the paths
    below it (`/orders`, `/orders/x`), not a longer name (`/ordersx`). With `regex` (the
    table has `{param}` routes), one regex location per route: nginx takes the first regex
    location that matches, ahead of any prefix location, so every route must be one and
    they are written most specific first, as match_route chooses."""
    if prefix == "/":
        return ["/"]
    if regex:
        return [f"~ {nginx_regex(prefix)}"]
    return [f"= {prefix}", f"{prefix}/"]


# Characters a prefix may carry into nginx's syntax unquoted (no `$`, `;`, braces, quotes,
# `#` or spaces, which would change the configuration's meaning).
_SAFE_PREFIX = re.compile(r"/[A-Za-z0-9\-._~/%@:+,!*()=&]*")


def _check_prefix(prefix: str) -> None:
    if not _SAFE_PREFIX.fullmatch(PARAM.sub("p", prefix)):
        raise ValueError(f"route prefix {prefix!r} cannot be written into an nginx "
                         "configuration: use letters, digits and -._~/%@:+,!*()=& only")


def render_nginx(config: ProxyConfig, prefix_dir: str = "", listen: str | None = None) -> str:
    """nginx.conf text for `config` (`prefix_dir`: where pid and temp files go); ValueError
    for a prefix nginx cannot be given safely."""
    routes = []
    regex = any(is_pattern(r.prefix) for r in config.routes)
    ordered = sorted(config.routes, key=lambda r: first_match_key(r.prefix, regex))
    for index, route in enumerate(ordered):
        _check_prefix(route.prefix)
        slug = _slug(route.prefix, index)
        source = _sticky_source(route)
        routes.append({
            "route": route, "slug": slug, "serve": _serve(route),
            "locations": _locations(route.prefix, regex),
            "new": _server(route.upstream),
            "legacy": _server(route.legacy or config.legacy),
            "key_source": source, "key": f"${{{slug}_key}}" if source else "${remote_addr}",
            "methods": "|".join(route.methods) if route.methods else "",
        })
    host, port = config.listen
    return environment().get_template("proxy/nginx.conf.jinja").render(
        config=config, routes=routes, legacy=_server(config.legacy),
        root_routed=any(r.prefix == "/" for r in config.routes), regex=regex,
        listen=listen or f"{host}:{port}", prefix_dir=prefix_dir.rstrip("/"),
        timeout=int(max(1, config.timeout)), shadow_timeout=max(1, int(config.shadow_timeout)),
        max_body=config.max_body)
