"""The route table as a static Envoy bootstrap: the same routes, at production scale.

One listener with one HTTP connection manager: paths normalized and slashes merged before
routing (as `clean_path`), each route's prefix matched on segment boundaries
(`path_separated_prefix`), modes as in envoy_routes.py, clusters as in envoy_clusters.py.
X-Forwarded-For gets the client's address, X-Forwarded-Proto and X-Forwarded-Host are set,
the client's Host is kept (or the upstream's own with `preserve_host = false`); bodies above
`max_body` get 413, more than `max_headers` header fields 431. The admin port (Prometheus
stats at /stats/prometheus) listens on 127.0.0.1 only, and each request is logged as one
JSON line with the embedded proxy's fields.
"""

from __future__ import annotations

from typing import Any

from strangler.export.envoy_clusters import SYSTEM_CA, TYPE, clusters, seconds
from strangler.export.envoy_routes import FAULT, LUA, SIDE_HEADER, routes, serve
from strangler.proxy.config import ProxyConfig
from strangler.proxy.headers import OWN_HEADERS
from strangler.templating import environment

HCM = "type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3." \
      "HttpConnectionManager"
READ_TIMEOUT_SECONDS = 60.0  # the embedded proxy's limits (proxy/http_server.py, http_head.py)
KEEPALIVE_SECONDS = 75.0
MAX_HEAD_KB = 64

# The embedded proxy's access-log fields, where Envoy has them; `upstream` is the cluster
# that answered (legacy..., new_... or strangler_compare), `flags` Envoy's response flags.
ACCESS_LOG_FORMAT = {
    "method": "%REQ(:METHOD)%",
    "path": "%REQ_WITHOUT_QUERY(:PATH)%",
    "route": "%METADATA(ROUTE:strangler:route)%",
    "mode": "%METADATA(ROUTE:strangler:mode)%",
    "upstream": "%UPSTREAM_CLUSTER_RAW%",
    "upstream_host": "%UPSTREAM_HOST%",
    "status": "%RESPONSE_CODE%",
    "ms": "%DURATION%",
    "client": "%DOWNSTREAM_DIRECT_REMOTE_ADDRESS_WITHOUT_PORT%",
    "flags": "%RESPONSE_FLAGS%",
    "details": "%RESPONSE_CODE_DETAILS%",
}


def _address(host: str, port: int) -> dict[str, Any]:
    return {"socket_address": {"address": host, "port_value": port}}


def _http_filters(config: ProxyConfig, upgrade: bool) -> list[dict[str, Any]]:
    """Lua (canary sides), fault (chaos), buffer (the body limit), router. A WebSocket
    upgrade has no end of body to buffer: its chain has no buffer."""
    out: list[dict[str, Any]] = []
    if any(serve(r) == "canary" for r in config.routes):
        source = environment().get_template("proxy/envoy_canary.lua.jinja").render(
            side_header=SIDE_HEADER)
        out.append({"name": LUA, "typed_config": {
            TYPE: "type.googleapis.com/envoy.extensions.filters.http.lua.v3.Lua",
            "source_codes": {"canary": {"inline_string": source}}}})
    if not upgrade and any(serve(r) in ("canary", "new") and (
            r.chaos.latency_ms or r.chaos.error_rate or r.chaos.reset_rate)
            for r in config.routes):
        out.append({"name": FAULT, "typed_config": {
            TYPE: "type.googleapis.com/envoy.extensions.filters.http.fault.v3.HTTPFault"}})
    if not upgrade:
        out.append({"name": "envoy.filters.http.buffer", "typed_config": {
            TYPE: "type.googleapis.com/envoy.extensions.filters.http.buffer.v3.Buffer",
            "max_request_bytes": config.max_body}})
    out.append({"name": "envoy.filters.http.router", "typed_config": {
        TYPE: "type.googleapis.com/envoy.extensions.filters.http.router.v3.Router",
        "suppress_envoy_headers": True}})
    return out


def _connection_manager(config: ProxyConfig, compare: bool, access_log: str
                        ) -> dict[str, Any]:
    return {
        TYPE: HCM,
        "stat_prefix": "strangler",
        "codec_type": "AUTO",
        "normalize_path": True,
        "merge_slashes": True,
        "path_with_escaped_slashes_action": "UNESCAPE_AND_FORWARD",
        "use_remote_address": True,
        "xff_num_trusted_hops": 0,
        "skip_xff_append": False,
        "generate_request_id": False,
        "server_header_transformation": "PASS_THROUGH",
        "request_headers_timeout": seconds(READ_TIMEOUT_SECONDS),
        "stream_idle_timeout": seconds(READ_TIMEOUT_SECONDS),
        "common_http_protocol_options": {"idle_timeout": seconds(KEEPALIVE_SECONDS),
                                         "max_headers_count": config.max_headers},
        "max_request_headers_kb": MAX_HEAD_KB,
        "upgrade_configs": [{"upgrade_type": "websocket",
                             "filters": _http_filters(config, upgrade=True)}],
        "access_log": [{"name": "envoy.access_loggers.file", "typed_config": {
            TYPE: "type.googleapis.com/envoy.extensions.access_loggers.file.v3.FileAccessLog",
            "path": access_log,
            "log_format": {"json_format": ACCESS_LOG_FORMAT, "formatters": [{
                "name": "envoy.formatter.req_without_query", "typed_config": {
                    TYPE: "type.googleapis.com/envoy.extensions.formatter.req_without_query."
                          "v3.ReqWithoutQuery"}}]}}}],
        "route_config": {
            "name": "strangler",
            # the proxy's own marks, a client's included, never reach an upstream (the
            # shadow copy's marker is added to the copy after this)
            "request_headers_to_remove": sorted(OWN_HEADERS),
            "virtual_hosts": [{
                "name": "strangler",
                "domains": ["*"],
                "routes": routes(config, compare),
            }],
            # Set for every request, whatever the client sent (as the embedded proxy does).
            "request_headers_to_add": [{
                "header": {"key": "x-forwarded-host", "value": "%REQ(:AUTHORITY)%"},
                "append_action": "OVERWRITE_IF_EXISTS_OR_ADD"}],
        },
        "http_filters": _http_filters(config, upgrade=False),
    }


def render_envoy(config: ProxyConfig, listen: str | None = None, admin_port: int | None = None,
                 compare: str | None = None, access_log: str = "/dev/stdout",
                 ca_file: str = SYSTEM_CA) -> str:
    """Envoy bootstrap YAML for `config` (the same text for the same arguments).
    `compare`: the URL of `strangler compare`, where shadow copies go (None: straight to
    the new service, not compared). ValueError for a prefix Envoy cannot match the same way.
    """
    host, port = config.listen
    if listen:
        host, _, text = listen.rpartition(":")
        port = int(text)
    network_filters: list[dict[str, Any]] = []
    if config.max_connections:
        network_filters.append({"name": "envoy.filters.network.connection_limit",
                                "typed_config": {
                                    TYPE: "type.googleapis.com/envoy.extensions.filters."
                                          "network.connection_limit.v3.ConnectionLimit",
                                    "stat_prefix": "strangler",
                                    "max_connections": config.max_connections}})
    network_filters.append({"name": "envoy.filters.network.http_connection_manager",
                            "typed_config": _connection_manager(config, compare is not None,
                                                                access_log)})
    bootstrap = {
        "admin": {"address": _address("127.0.0.1", admin_port or config.admin[1])},
        "static_resources": {
            "listeners": [{
                "name": "strangler",
                "address": _address(host or "127.0.0.1", port),
                "per_connection_buffer_limit_bytes": 1024 * 1024,
                "filter_chains": [{"filters": network_filters}],
            }],
            "clusters": clusters(config, compare, ca_file),
        },
    }
    header = ("# Generated by `strangler export envoy` from the route table: the default route\n"
              "# goes to legacy; each prefix follows its mode (legacy, shadow, canary or new).\n")
    return header + _yaml(bootstrap)


def _yaml(tree: dict[str, Any]) -> str:
    """YAML in the order the mappings hold their keys; multi-line text (the Lua source) as
    a literal block."""
    import yaml

    class Dumper(yaml.SafeDumper):
        pass

    def text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value,
                                       style="|" if "\n" in value else None)

    Dumper.add_representer(str, text)
    return str(yaml.dump(tree, Dumper=Dumper, sort_keys=False, default_flow_style=False,
                         width=100, allow_unicode=True))
