"""The Envoy export's structure (the live checks on the real Envoy:
tests/functional/test_envoy_export.py and test_envoy_compare.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from strangler.cli.app import app
from strangler.export.envoy import render_envoy
from strangler.proxy.config import parse_proxy_config

ROUTES = {
    "billing": '''[[routes]]
prefix = "/billing"
upstream = "http://127.0.0.1:8000"
mode = "new"
''',
    "catalog": '''[[routes]]
prefix = "/catalog"
upstream = "http://127.0.0.1:8001"
mode = "shadow"
''',
    "admin": '''[[routes]]
prefix = "/catalog/admin"
upstream = "http://127.0.0.1:8001"
mode = "legacy"
methods = ["GET", "POST"]
''',
    "shop": '''[[routes]]
prefix = "/shop"
upstream = "https://shop.internal:8443"
mode = "canary"
percent = 30
sticky = "header:X-User"
''',
}
PROXY = '[proxy]\nlegacy = "http://127.0.0.1:5000"\nadmin = "0.0.0.0:9901"\n'


def _config(*names: str, proxy: str = PROXY):  # type: ignore[no-untyped-def]
    return parse_proxy_config(proxy + "\n".join(ROUTES[n] for n in names))


def _routes(text: str) -> list[dict[str, Any]]:
    tree = yaml.safe_load(text)
    manager = tree["static_resources"]["listeners"][0]["filter_chains"][0]["filters"][-1]
    return list(manager["typed_config"]["route_config"]["virtual_hosts"][0]["routes"])


def _methods(route: dict[str, Any]) -> str | None:
    for header in route["match"].get("headers", []):
        if header["name"] == ":method":
            return str(header["string_match"]["safe_regex"]["regex"])
    return None


def test_the_same_table_in_any_order_gives_the_same_bytes() -> None:
    one = render_envoy(_config("billing", "catalog", "admin", "shop"))
    other = render_envoy(_config("shop", "admin", "catalog", "billing"))
    assert one == other
    assert one == render_envoy(_config("billing", "catalog", "admin", "shop"))


def test_routes_go_longest_prefix_first_on_segment_boundaries() -> None:
    routes = _routes(render_envoy(_config("billing", "catalog", "admin", "shop")))
    prefixes = [r["match"].get("path_separated_prefix", r["match"].get("prefix"))
                for r in routes]
    assert prefixes[0] == "/catalog/admin"
    assert prefixes[-1] == "/" and routes[-1]["name"] == "default"
    assert [len(p) for p in prefixes] == sorted((len(p) for p in prefixes), reverse=True)
    assert all("prefix" not in r["match"] for r in routes[:-1])
    assert _methods(routes[0]) == "^(GET|POST)$"  # other methods fall to /catalog


def test_shadow_copies_safe_methods_only_unless_unsafe_is_allowed() -> None:
    routes = [r for r in _routes(render_envoy(_config("catalog")))
              if r["match"].get("path_separated_prefix") == "/catalog"]
    copied, plain = routes
    assert _methods(copied) == "^(GET|HEAD|OPTIONS)$"
    mirror = copied["route"]["request_mirror_policies"][0]
    assert mirror["cluster"] == "shadow_127_0_0_1_8001"
    assert mirror["request_headers_mutations"][0]["append"]["header"] == {
        "key": "X-Strangler-Shadow", "value": "1"}
    assert "request_mirror_policies" not in plain["route"] and _methods(plain) is None
    unsafe = parse_proxy_config(PROXY + ROUTES["catalog"] + "shadow_unsafe = true\n")
    only = [r for r in _routes(render_envoy(unsafe, compare="http://127.0.0.1:8090"))
            if r["name"] != "default"]
    assert len(only) == 1 and _methods(only[0]) is None
    assert only[0]["route"]["request_mirror_policies"][0]["cluster"] == "strangler_compare"


def test_new_retries_only_idempotent_requests_after_they_reached_the_service() -> None:
    routes = [r for r in _routes(render_envoy(_config("billing"))) if r["name"] != "default"]
    idempotent, others = routes
    assert _methods(idempotent) == "^(GET|HEAD|OPTIONS|PUT|DELETE)$"
    assert "5xx" in idempotent["route"]["retry_policy"]["retry_on"]
    assert _methods(others) is None
    assert others["route"]["retry_policy"]["retry_on"] == (
        "connect-failure,refused-stream,reset-before-request")
    tree = yaml.safe_load(render_envoy(_config("billing")))
    clusters = {c["name"]: c for c in tree["static_resources"]["clusters"]}
    fallback = clusters[idempotent["route"]["cluster"]]
    assert fallback["cluster_type"]["typed_config"]["clusters"] == [
        "new_127_0_0_1_8000", "legacy"]
    assert clusters["new_127_0_0_1_8000"]["outlier_detection"]["consecutive_5xx"] == 5
    # Envoy allows 3 retries in flight by default: more failures at once must fall back too.
    assert fallback["circuit_breakers"]["thresholds"][0]["max_retries"] >= 1024


def test_a_canary_runs_the_filter_on_every_one_of_its_routes() -> None:
    text = render_envoy(_config("shop"))
    routes = [r for r in _routes(text) if r["name"] != "default"]
    assert len(routes) == 3
    for route in routes:
        assert route["typed_per_filter_config"]["envoy.filters.http.lua"]["name"] == "canary"
        assert route["metadata"]["filter_metadata"]["envoy.filters.http.lua"] == {
            "prefix": "/shop", "percent": 30, "sticky_kind": "header", "sticky_name": "x-user"}
    tree = yaml.safe_load(text)
    # the side the filter picked (or a client sent) never reaches an upstream
    route_config = tree["static_resources"]["listeners"][0]["filter_chains"][0]["filters"][0][
        "typed_config"]["route_config"]
    assert route_config["request_headers_to_remove"] == ["x-strangler-shadow",
                                                         "x-strangler-side"]
    clusters = {c["name"]: c for c in tree["static_resources"]["clusters"]}
    tls = clusters["new_shop_internal_8443_tls"]
    assert tls["type"] == "STRICT_DNS"
    assert tls["transport_socket"]["typed_config"]["sni"] == "shop.internal"


@pytest.mark.parametrize(("percent", "cluster"), [(0, "legacy"), (100, "new_")])
def test_a_canary_at_0_or_100_percent_is_plain(percent: int, cluster: str) -> None:
    config = parse_proxy_config(PROXY + ROUTES["shop"].replace("30", str(percent)))
    routes = [r for r in _routes(render_envoy(config)) if r["name"] != "default"]
    assert all(r["route"]["cluster"].startswith(cluster) for r in routes)
    assert "envoy.filters.http.lua" not in render_envoy(config)


def test_admin_listens_on_localhost_whatever_the_table_says() -> None:
    tree = yaml.safe_load(render_envoy(_config("billing")))
    assert tree["admin"]["address"]["socket_address"] == {"address": "127.0.0.1",
                                                         "port_value": 9901}


def test_the_upstreams_own_host_when_preserve_host_is_off() -> None:
    config = _config("billing", proxy=PROXY + "preserve_host = false\n")
    assert all(r["route"].get("auto_host_rewrite") for r in _routes(render_envoy(config)))
    assert not any(r["route"].get("auto_host_rewrite")
                   for r in _routes(render_envoy(_config("billing"))))


def _table(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "strangler.toml"
    path.write_text(text)
    return path


def test_a_prefix_envoy_cannot_match_the_same_way_is_refused(tmp_path: Path) -> None:
    table = _table(tmp_path, PROXY + ROUTES["billing"].replace("/billing", "/a b"))
    out = tmp_path / "envoy.yaml"
    result = CliRunner().invoke(app, ["export", "envoy", "--config", str(table),
                                      "--out", str(out)])
    assert result.exit_code == 2
    assert "cannot be matched by Envoy" in result.output
    assert not out.exists()


def test_bad_input_exits_2_with_the_reason(tmp_path: Path) -> None:
    table = _table(tmp_path, PROXY + ROUTES["catalog"])
    result = CliRunner().invoke(app, ["export", "envoy", "--config", str(table),
                                      "--compare", "127.0.0.1:8090"])
    assert result.exit_code == 2 and "--compare" in result.output
    result = CliRunner().invoke(app, ["export", "envoy", "--config",
                                      str(tmp_path / "missing.toml")])
    assert result.exit_code == 2 and "missing.toml" in result.output
    result = CliRunner().invoke(app, ["export", "envoy", "--config", str(table)])
    assert result.exit_code == 0 and result.stdout.startswith("# Generated by")
