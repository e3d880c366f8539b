"""Route table parsing, editing, routing decisions and the breaker (pure)."""

from __future__ import annotations

import re

import pytest

from strangler.proxy.breaker import Breaker
from strangler.proxy.config import ProxyConfigError, parse_proxy_config
from strangler.proxy.diff import Response, differences
from strangler.proxy.routing import BadPath, clean_path, match_route
from strangler.proxy.table_edit import set_route_mode

TABLE = '''# the team's table
[proxy]
legacy = "http://127.0.0.1:5000"

[[routes]]
prefix = "/billing"   # money
upstream = "http://127.0.0.1:8000"
mode = "shadow"

[[routes]]
prefix = "/billing/admin"
upstream = "http://127.0.0.1:8001"
mode = "legacy"
methods = ["GET"]
'''


def test_parse_and_longest_prefix_match() -> None:
    config = parse_proxy_config(TABLE)
    assert match_route(config, "GET", "/billing/plans", {}).prefix == "/billing"  # type: ignore[union-attr]
    assert match_route(config, "GET", "/billing/admin/x", {}).prefix == "/billing/admin"  # type: ignore[union-attr]
    assert match_route(config, "POST", "/billing/admin/x", {}).prefix == "/billing"  # type: ignore[union-attr]
    assert match_route(config, "GET", "/billingx", {}) is None  # default: legacy
    assert match_route(config, "GET", "/", {}) is None


@pytest.mark.parametrize("text, reason", [
    ("[proxy\n", "TOML"),
    ('[[routes]]\nprefix = "/x"\nupstream = "http://a:1"\n', "legacy"),
    ('[proxy]\nlegacy = "ftp://x"\n', "http"),
    ('[proxy]\nlegacy = "http://a:1"\n[[routes]]\nprefix = "x"\nupstream = "http://b:2"\n',
     "prefix"),
    ('[proxy]\nlegacy = "http://a:1"\n[[routes]]\nprefix = "/x"\nupstream = "http://b:2"\n'
     'mode = "sometimes"\n', "mode"),
])
def test_broken_tables_are_refused_with_the_reason(text: str, reason: str) -> None:
    with pytest.raises(ProxyConfigError, match=reason):
        parse_proxy_config(text)


def test_route_set_edits_only_that_route_and_keeps_comments() -> None:
    updated = set_route_mode(TABLE, "/billing", "canary", 25)
    assert "# the team's table" in updated and 'prefix = "/billing"   # money' in updated
    config = parse_proxy_config(updated)
    billing = next(r for r in config.routes if r.prefix == "/billing")
    admin = next(r for r in config.routes if r.prefix == "/billing/admin")
    assert (billing.mode, billing.percent, admin.mode) == ("canary", 25, "legacy")
    with pytest.raises(ProxyConfigError, match="no route"):
        set_route_mode(TABLE, "/nowhere", "new", None)
    with pytest.raises(ProxyConfigError, match="percent"):
        set_route_mode(TABLE, "/billing", "canary", None)


def test_clean_path_refuses_climbing() -> None:
    assert clean_path("/a/./b//c") == "/a/b/c"
    assert clean_path("/a/%62/") == clean_path("/a/b/") == "/a/b/"  # the slash is kept
    assert clean_path("") == clean_path("/") == "/"
    for bad in ("/a/../b", "/a/%2e%2e/b", "/a/..%2fb", "/a\\\\b"):
        with pytest.raises(BadPath):
            clean_path(bad)


def test_breaker_closed_open_half_open_closed() -> None:
    now = [0.0]
    breaker = Breaker(failures=3, open_seconds=10, clock=lambda: now[0])
    for _ in range(3):
        assert breaker.allow()
        breaker.failure()
    assert breaker.state == "open" and not breaker.allow()
    now[0] = 10.5
    assert breaker.allow() and breaker.state == "half_open"
    assert not breaker.allow()  # one trial at a time
    breaker.failure()
    assert breaker.state == "open"
    now[0] = 21.0
    assert breaker.allow()
    breaker.success()
    assert breaker.state == "closed" and breaker.transitions == 5


def test_json_diff_is_structural_with_ignore_paths() -> None:
    legacy = Response(200, {"content-type": "application/json"},
                      b'{"total": 1, "items": [{"id": 7, "name": "a"}], "at": "now"}')
    new = Response(200, {"content-type": "application/json"},
                   b'{"at": "later", "items": [{"id": 9, "name": "a"}], "total": 2}')
    assert differences(legacy, new, ("content-type",), ("at", "items.*.id")) == {
        "body.total": (1, 2)}
    assert differences(legacy, legacy) == {}
    text = Response(500, {}, b"oops")
    assert set(differences(legacy, text)) == {"status", "body"}


def test_chaos_is_set_on_one_route_and_parsed() -> None:
    from strangler.proxy.table_edit import set_route_chaos

    updated = set_route_chaos(TABLE, "/billing", 200, 0.25, 0.1)
    billing = next(r for r in parse_proxy_config(updated).routes if r.prefix == "/billing")
    assert (billing.chaos.latency_ms, billing.chaos.error_rate, billing.chaos.reset_rate) == (
        200, 0.25, 0.1)
    again = set_route_chaos(updated, "/billing", 0, 0.0, 0.0)  # replaced, not duplicated
    assert again.count("chaos =") == 1
    with pytest.raises(ProxyConfigError):
        set_route_chaos(TABLE, "/billing", 0, 1.5, 0)


def test_diff_store_is_bounded_batched_and_summarised(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from strangler.proxy.store import DiffStore

    store = DiffStore(str(tmp_path / "d.sqlite"), max_rows=120)
    for index in range(300):
        fields = {"body.total": (1, 2)} if index % 3 == 0 else {}
        noise = {"body.at": ("a", "b")} if index % 2 == 0 else {}
        store.record("/billing", "GET", "/billing/x", fields, noise, at=1000.0)
    store.flush()
    rows = store.db.execute("SELECT COUNT(*) FROM comparisons").fetchone()[0]
    assert rows <= 120  # the oldest rows were dropped
    summary = store.summary(min_samples=50, match_rate=0.9)[0]
    assert summary.compared == rows and summary.top_fields[0][0] == "body.total"
    assert not summary.ready  # a third of the requests differ
    store.close()
    reader = DiffStore(str(tmp_path / "d.sqlite"))  # another process reading: sees it all
    assert reader.summary(1, 0.5)[0].compared == rows
    reader.close()


def test_compressed_bodies_are_compared_decompressed() -> None:
    import gzip
    import zlib

    payload = b'{"total": 1, "items": [1, 2]}'
    legacy = Response(200, {"content-encoding": "gzip"}, gzip.compress(payload, mtime=1))
    same = Response(200, {"content-encoding": "gzip"}, gzip.compress(payload, mtime=2))
    assert legacy.body != same.body  # the gzip header carries a timestamp
    assert differences(legacy, same) == {}
    plain = Response(200, {}, payload)
    assert differences(legacy, plain) == {}  # one compressed, one not: same content
    changed = Response(200, {"content-encoding": "deflate"},
                       zlib.compress(b'{"total": 2, "items": [1, 2]}'))
    assert differences(legacy, changed) == {"body.total": (1, 2)}
    broken = Response(200, {"content-encoding": "gzip"}, b"not gzip at all")
    assert set(differences(legacy, broken)) == {"body"}  # compared as it is, no crash


def test_latency_histogram_is_cumulative_in_prometheus_text() -> None:
    from strangler.proxy.metrics import Metrics

    metrics = Metrics()
    for seconds in (0.003, 0.005, 0.02, 7.0):
        metrics.request("/billing", "legacy", "legacy", 200, seconds)
    metrics.request("/billing", "legacy", "legacy", 502, 0.02)
    text = metrics.render()
    labels = 'mode="legacy",route="/billing",upstream="legacy"'
    for bound, count in (("0.005", 2), ("0.01", 2), ("0.025", 4), ("5.0", 4), ("+Inf", 5)):
        assert f'strangler_request_seconds_bucket{{{labels},le="{bound}"}} {count}\n' in text
    assert f"strangler_request_seconds_count{{{labels}}} 5\n" in text
    assert f"strangler_request_seconds_sum{{{labels}}} 7.048000\n" in text
    assert 'strangler_requests_total{mode="legacy",route="/billing",status="502",' \
           'upstream="legacy"} 1\n' in text


@pytest.mark.parametrize(("text", "named"), [
    ('[proxy]\nlegacy = "http://h:1"\ntimeout = "soon"', "proxy.timeout"),
    ('[proxy]\nlegacy = "http://h:1"\ntimeout = 0', "proxy.timeout"),
    ('[proxy]\nlegacy = "http://h:1"\nmax_body = 1.5', "proxy.max_body"),
    ('[proxy]\nlegacy = "http://h:1"\nbreaker = 3', "[proxy.breaker]"),
    ('[proxy]\nlegacy = "http://h:1"\n[proxy.breaker]\nfailures = true', "proxy.breaker.failures"),
    ('[proxy]\nlegacy = "http://h:1"\n[proxy.promote]\nmatch_rate = 2', "proxy.promote.match_rate"),
    ('[proxy]\nlegacy = "http://h:1"\ncompare_headers = "etag"', "proxy.compare_headers"),
    ('proxy = 1', "[proxy]"),
    ('[proxy]\nlegacy = "http://h:1"\ntimeout = nan', "proxy.timeout"),
    ('[proxy]\nlegacy = "http://h:1"\npreserve_host = "false"', "proxy.preserve_host"),
    ('[proxy]\nlegacy = "http://h:1"\n[[routes]]\nprefix = "/b"\nupstream = "http://n:2"\n'
     'percent = "10"', "routes[0].percent"),
    ('[proxy]\nlegacy = "http://h:1"\n[[routes]]\nprefix = "/b"\nupstream = "http://n:2"\n'
     'chaos = {error_rate = 1.5}', "routes[0].chaos.error_rate"),
    ('[proxy]\nlegacy = "http://h:1"\n[[routes]]\nprefix = "/b"\nupstream = "http://n:2"\n'
     'methods = "GET"', "routes[0].methods"),
])
def test_a_wrong_value_is_a_config_error_naming_it(text: str, named: str) -> None:
    with pytest.raises(ProxyConfigError, match=re.escape(named)):
        parse_proxy_config(text)
