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
from strangler.report.templates import environment


def _server(url: str) -> str:
    parts = urlsplit(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    return f"{parts.hostname}:{port}"


def _slug(prefix: str, index: int) -> str:
    return f"r{index}_" + (re.sub(r"[^A-Za-z0-9]+", "_", prefix).strip("_") or "root")


def _sticky(route: RouteConfig) -> str:
    kind, _, name = route.sticky.partition(":")
    if kind == "cookie":
        return f"${{cookie_{re.sub(r'[^A-Za-z0-9_]', '_', name)}}}"
    if kind == "header":
        return f"${{http_{re.sub(r'[^A-Za-z0-9]', '_', name).lower()}}}"
    return "${remote_addr}"


def render_nginx(config: ProxyConfig, prefix_dir: str = "", listen: str | None = None) -> str:
    """nginx.conf text for `config` (`prefix_dir`: where pid and temp files go)."""
    routes = []
    for index, route in enumerate(sorted(config.routes, key=lambda r: -len(r.prefix))):
        slug = _slug(route.prefix, index)
        routes.append({
            "route": route, "slug": slug, "prefix": route.prefix.rstrip("/"),
            "new": _server(route.upstream),
            "legacy": _server(route.legacy or config.legacy),
            "sticky": _sticky(route),
            "methods": "|".join(route.methods) if route.methods else "",
        })
    host, port = config.listen
    return environment().get_template("proxy/nginx.conf.jinja").render(
        config=config, routes=routes, legacy=_server(config.legacy),
        listen=listen or f"{host}:{port}", prefix_dir=prefix_dir.rstrip("/"),
        timeout=int(max(1, config.timeout)), shadow_timeout=max(1, int(config.shadow_timeout)),
        max_body=config.max_body)
