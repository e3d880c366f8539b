"""Envoy clusters for the route table's upstreams (pure): one per distinct URL, the new
services with outlier detection (the embedded proxy's breaker), and an aggregate cluster per
(new, legacy) pair that fails over from the first to the second."""

from __future__ import annotations

import ipaddress
import re
from typing import Any
from urllib.parse import urlsplit

from strangler.proxy.config import ProxyConfig

TYPE = "@type"
SYSTEM_CA = "/etc/ssl/certs/ca-certificates.crt"
RETRIES_IN_FLIGHT = 1024  # as many as Envoy's default for requests in flight


def seconds(value: float) -> str:
    """A protobuf Duration in YAML: whole seconds, or milliseconds when needed."""
    millis = round(value * 1000)
    return f"{millis // 1000}s" if millis % 1000 == 0 else f"{millis / 1000:g}s"


def endpoint(url: str) -> tuple[str, int, bool]:
    """(host, port, tls) of an upstream URL."""
    parts = urlsplit(url)
    tls = parts.scheme == "https"
    return parts.hostname or "", parts.port or (443 if tls else 80), tls


def _slug(url: str) -> str:
    host, port, tls = endpoint(url)
    return re.sub(r"[^A-Za-z0-9]+", "_", f"{host}_{port}").strip("_") + ("_tls" if tls else "")


def legacy_name(config: ProxyConfig, url: str) -> str:
    return "legacy" if url == config.legacy else f"legacy_{_slug(url)}"


def new_name(url: str) -> str:
    return f"new_{_slug(url)}"


def shadow_name(url: str) -> str:
    """Where a shadow route's copies go without `strangler compare`: the new service, as a
    cluster of its own so the bound on copies never limits its real traffic."""
    return f"shadow_{_slug(url)}"


def fallback_name(config: ProxyConfig, new: str, legacy: str) -> str:
    """The aggregate cluster: the new service first, its route's legacy when it fails."""
    return f"{new_name(new)}_or_{legacy_name(config, legacy)}"


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def static_cluster(name: str, url: str, timeout: float, ca_file: str = SYSTEM_CA
                   ) -> dict[str, Any]:
    """A cluster of one upstream URL (http or https). Its endpoint's hostname is the
    `host:port` the embedded proxy sends as Host when `preserve_host` is off."""
    host, port, tls = endpoint(url)
    cluster: dict[str, Any] = {
        "name": name,
        "type": "STATIC" if _is_ip(host) else "STRICT_DNS",
        "connect_timeout": seconds(timeout),
    }
    if not _is_ip(host):
        cluster["dns_lookup_family"] = "V4_PREFERRED"
    cluster["load_assignment"] = {"cluster_name": name, "endpoints": [{"lb_endpoints": [{
        "endpoint": {"address": {"socket_address": {"address": host, "port_value": port}},
                     "hostname": f"{host}:{port}"}}]}]}
    if tls:
        cluster["transport_socket"] = {"name": "envoy.transport_sockets.tls", "typed_config": {
            TYPE: "type.googleapis.com/envoy.extensions.transport_sockets.tls.v3."
                  "UpstreamTlsContext",
            "sni": host,
            "common_tls_context": {"validation_context": {
                "trusted_ca": {"filename": ca_file},
                "match_typed_subject_alt_names": [{
                    "san_type": "IP_ADDRESS" if _is_ip(host) else "DNS",
                    "matcher": {"exact": host}}]}}}}
    return cluster


def clusters(config: ProxyConfig, compare: str | None, ca_file: str = SYSTEM_CA
             ) -> list[dict[str, Any]]:
    """Every cluster the routes use, in a fixed order: legacy ones, new ones, fallbacks,
    and `strangler compare` when shadow copies go to it."""
    legacies = {config.legacy: None}
    news: dict[str, None] = {}
    shadows: dict[str, None] = {}
    pairs: dict[tuple[str, str], None] = {}
    for route in sorted(config.routes, key=lambda r: r.prefix):
        legacy = route.legacy or config.legacy
        legacies[legacy] = None
        if route.mode == "shadow" and compare is None:
            shadows[route.upstream] = None
        elif route.mode in ("canary", "new"):
            news[route.upstream] = None
            pairs[(route.upstream, legacy)] = None
    out = [static_cluster(legacy_name(config, url), url, config.timeout, ca_file)
           for url in legacies]
    for url in news:
        cluster = static_cluster(new_name(url), url, config.timeout, ca_file)
        # The breaker: `failures` 5xx or connection errors in a row eject the service for
        # `open_seconds` (each time: never lengthened), and its traffic goes to legacy.
        cluster["outlier_detection"] = {
            "consecutive_5xx": config.breaker_failures,
            "consecutive_gateway_failure": config.breaker_failures,
            "interval": "1s",
            "base_ejection_time": seconds(max(config.breaker_open_seconds, 0.001)),
            "max_ejection_time": seconds(max(config.breaker_open_seconds, 0.001)),
            "max_ejection_percent": 100,
        }
        out.append(cluster)
    for new, legacy in pairs:
        name = fallback_name(config, new, legacy)
        out.append({
            "name": name,
            "connect_timeout": seconds(config.timeout),
            # Every failed idempotent request may fall back at once (Envoy's default
            # allows 3 retries in flight: the rest would fail).
            "circuit_breakers": {"thresholds": [{"max_retries": RETRIES_IN_FLIGHT}]},
            "lb_policy": "CLUSTER_PROVIDED",
            "cluster_type": {"name": "envoy.clusters.aggregate", "typed_config": {
                TYPE: "type.googleapis.com/envoy.extensions.clusters.aggregate.v3."
                      "ClusterConfig",
                "clusters": [new_name(new), legacy_name(config, legacy)]}},
        })
    copies = [static_cluster(shadow_name(url), url, config.shadow_timeout, ca_file)
              for url in shadows]
    if compare is not None and any(r.mode == "shadow" for r in config.routes):
        copies.append(static_cluster("strangler_compare", compare, config.shadow_timeout,
                                     ca_file))
    for cluster in copies:
        # `shadow_inflight` copies at once; Envoy drops the others (never queued), counted
        # as upstream_rq_pending_overflow of this cluster.
        cluster["circuit_breakers"] = {"thresholds": [{
            "max_connections": config.shadow_inflight,
            "max_pending_requests": config.shadow_inflight,
            "max_requests": config.shadow_inflight, "max_retries": 0}]}
    return out + copies
