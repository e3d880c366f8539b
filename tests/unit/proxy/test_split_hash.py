"""The canary split is nginx's split_clients arithmetic (the live check is in
tests/functional/test_nginx_export.py)."""

from __future__ import annotations

import pytest

from strangler.proxy.config import RouteConfig
from strangler.proxy.routing import canary_bucket, goes_to_new
from strangler.proxy.split_hash import in_first_share, murmur2, split_hash

# ngx_murmur_hash2 (src/core/ngx_murmurhash.c) compiled with gcc gave these values.
NGINX_VALUES = {b"": 0, b"a": 2456313694, b"ab": 446775395, b"abc": 324500635,
                b"abcd": 646393889, b"hello": 3848350155, b"/orders|127.0.0.1": 944449758}


@pytest.mark.parametrize(("data", "expected"), sorted(NGINX_VALUES.items()))
def test_murmur2_is_nginx_murmur_hash2(data: bytes, expected: int) -> None:
    assert murmur2(data) == expected


def test_long_keys_hash_as_short_ones_do() -> None:
    key = "/orders|" + "x" * 500  # not cached: hashed each time
    assert split_hash(key) == murmur2(key.encode()) == split_hash(key)
    assert split_hash("café") == murmur2("café".encode())  # UTF-8 bytes, as nginx sees them


def test_share_boundary_is_split_clients_arithmetic() -> None:
    # nginx: first variant when hash < percent * 100 * 0xffffffff // 10000.
    key = "/orders|127.0.0.1"
    hash_ = NGINX_VALUES[key.encode()]
    limit = next(p for p in range(101) if hash_ < p * 100 * 0xFFFFFFFF // 10000)
    assert not in_first_share(key, limit - 1) and in_first_share(key, limit)
    assert not in_first_share(key, 0) and in_first_share(key, 100)


def test_canary_routes_split_like_nginx() -> None:
    route = RouteConfig("/orders", "http://new", mode="canary", percent=22)
    assert goes_to_new(route, "127.0.0.1") == (944449758 < 22 * 0xFFFFFFFF // 100)
    shares = sum(goes_to_new(route, f"session-{i}") for i in range(10_000))
    assert 2000 <= shares <= 2400  # about 22%
    assert canary_bucket("/orders|127.0.0.1") == 944449758 * 100 >> 32 == 21
