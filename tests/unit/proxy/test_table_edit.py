"""`route set` / `chaos` edits: valid TOML the old regexes failed on, layout kept."""

from __future__ import annotations

import pytest

from strangler.proxy.config import ProxyConfigError, parse_proxy_config
from strangler.proxy.table_edit import set_route_chaos, set_route_mode

TABLE = '''# the team's table: do not reorder
[proxy]
legacy = 'http://127.0.0.1:5000'  # the monolith

  [[routes]]
  prefix = '/billing/'   # money
  upstream = "http://127.0.0.1:8000"
  mode = "shadow"  # until the diffs are clean

[[routes]]
prefix = "/orders"
upstream = "http://127.0.0.1:8001"
mode = "legacy"
chaos = { latency_ms = 50 }

[[routes]]
prefix="/users"
upstream="http://127.0.0.1:8002"
[routes.chaos]
error_rate = 0.5   # half of them
'''


def _route(text: str, prefix: str):  # type: ignore[no-untyped-def]
    return next(r for r in parse_proxy_config(text).routes if r.prefix == prefix)


def test_mode_is_set_in_indented_single_quoted_commented_route() -> None:
    updated = set_route_mode(TABLE, "/billing", "canary", 25)
    billing = _route(updated, "/billing")
    assert (billing.mode, billing.percent) == ("canary", 25)
    assert '  mode = "canary"  # until the diffs are clean\n  percent = 25\n' in updated
    # everything else is byte for byte what it was
    assert updated.replace('"canary"', '"shadow"').replace("  percent = 25\n", "") == TABLE
    assert _route(updated, "/orders").mode == "legacy"


def test_a_key_without_spaces_and_a_missing_mode_are_handled() -> None:
    updated = set_route_mode(TABLE, "/users/", "new", None)
    assert _route(updated, "/users").mode == "new"
    assert 'prefix="/users"' in updated and "error_rate = 0.5   # half of them" in updated


def test_chaos_updates_an_inline_table_or_a_sub_table_in_place() -> None:
    updated = set_route_chaos(TABLE, "/orders", 200, 0.25, 0.1)
    orders = _route(updated, "/orders").chaos
    assert (orders.latency_ms, orders.error_rate, orders.reset_rate) == (200, 0.25, 0.1)
    assert updated.count("chaos =") == 1 and "[routes.chaos]" in updated
    updated = set_route_chaos(updated, "/users", 5, 0.0, 0.0)
    users = _route(updated, "/users").chaos
    assert (users.latency_ms, users.error_rate) == (5, 0.0)
    assert updated.count("[routes.chaos]") == 1 and updated.count("chaos =") == 1
    fresh = set_route_chaos(updated, "/billing", 1, 0.0, 0.5)
    assert _route(fresh, "/billing").chaos.reset_rate == 0.5


def test_routes_as_an_inline_array_are_edited_too() -> None:
    text = ('routes = [{ prefix = "/a", upstream = "http://n:2" }]\n'
            '[proxy]\nlegacy = "http://l:1"\n')
    assert _route(set_route_mode(text, "/a", "new", None), "/a").mode == "new"


@pytest.mark.parametrize(("text", "args", "message"), [
    (TABLE, ("/billing", "canary", 150), "routes[0].percent"),
    (TABLE, ("/nowhere", "new", None), "no route with prefix '/nowhere'"),
    (TABLE, ("/billing", "canary", None), "--percent"),
    (TABLE, ("/billing", "live", None), "mode must be one of"),
    (TABLE.replace('mode = "legacy"', 'mdoe = "legacy"'), ("/billing", "new", None),
     "routes[1]: unknown key 'mdoe'; did you mean 'mode'?"),
    ("[proxy\n", ("/billing", "new", None), "not valid TOML"),
])
def test_an_edit_the_proxy_would_refuse_is_refused(text: str, args: tuple, message: str) -> None:
    with pytest.raises(ProxyConfigError, match=message.replace("[", r"\[").replace("?", r"\?")):
        set_route_mode(text, *args)
