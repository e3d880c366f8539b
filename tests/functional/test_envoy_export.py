"""What only the Envoy export has, run on the real Envoy on loopback: its admin's Prometheus
stats, its JSON access log and its fault filter for [routes.chaos]. How it routes, next to
nginx and the embedded proxy, is test_gateway_parity.py."""

from __future__ import annotations

import json
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from gateways import Setup, running
from proxyhelpers import served

from strangler.proxy.routing import goes_to_new

pytestmark = pytest.mark.slow

TABLE = '''[proxy]
legacy = "{legacy}"
diff_db = "{db}"

[[routes]]
prefix = "/billing"
upstream = "{billing}"
mode = "new"

[[routes]]
prefix = "/flaky"
upstream = "{billing}"
mode = "canary"
percent = 50
sticky = "header:X-Team"

[routes.chaos]
latency_ms = 300
error_rate = 1.0
'''


@pytest.fixture()
def setup(tmp_path: Path) -> Iterator[Setup]:
    yield from running("envoy", tmp_path, TABLE)


def test_admin_serves_prometheus_stats_on_localhost_and_the_log_is_json(setup: Setup) -> None:
    served(setup.gateway, "/billing/plans")
    served(setup.gateway, "/accounts/me?x=1")
    stats = str(setup.extras["admin"]) + "/stats/prometheus"
    with urllib.request.urlopen(stats, timeout=5) as reply:
        text = reply.read().decode()
    assert "envoy_cluster_upstream_rq_total" in text
    assert 'envoy_cluster_outlier_detection_ejections_active{envoy_cluster_name="new_' in text
    access = Path(str(setup.extras["access"]))
    deadline = time.monotonic() + 10
    by_path: dict[str, dict] = {}  # type: ignore[type-arg]
    while time.monotonic() < deadline:
        text = access.read_text() if access.exists() else ""
        by_path = {line["path"]: line for line in map(json.loads, text.splitlines())}
        if {"/billing/plans", "/accounts/me"} <= set(by_path):
            break
        time.sleep(0.1)
    assert {"/billing/plans", "/accounts/me"} <= set(by_path), by_path
    billing = by_path["/billing/plans"]
    assert (billing["method"], billing["route"], billing["mode"], billing["status"],
            billing["client"]) == ("GET", "/billing", "new", 200, "127.0.0.1")
    assert billing["upstream"].startswith("new_")
    assert (by_path["/accounts/me"]["route"], by_path["/accounts/me"]["upstream"]) == (
        "default", "legacy")
    assert isinstance(billing["ms"], int)


def test_chaos_is_envoys_fault_filter_on_the_new_side_only(setup: Setup) -> None:
    """[routes.chaos] delays and aborts the requests of the route's new side; its legacy
    side is untouched. (Envoy answers the abort itself: unlike the embedded proxy, it does
    not fall back to legacy, and outlier detection does not count it.)"""
    flaky = next(r for r in setup.config.routes if r.prefix == "/flaky")
    sides: dict[bool, list[tuple[int, float]]] = {True: [], False: []}
    for i in range(16):
        started = time.monotonic()
        status, _ = served(setup.gateway, "/flaky/x", headers={"X-Team": f"t{i}"})
        sides[goes_to_new(flaky, f"t{i}")].append((status, time.monotonic() - started))
    assert sides[True] and sides[False]
    assert all(status == 503 and seconds >= 0.25 for status, seconds in sides[True]), sides
    assert all(status == 200 and seconds < 0.25 for status, seconds in sides[False])
    assert setup.billing.calls == []
