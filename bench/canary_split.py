"""The canary decision's cost per request (run by hand): `goes_to_new` with nginx's
split_clients hash, for a returning client (cached), a new one, and the former sha256 split.

    python bench/canary_split.py [--calls 200000]
"""

from __future__ import annotations

import argparse
import hashlib
import time

from strangler.proxy.config import RouteConfig
from strangler.proxy.routing import goes_to_new
from strangler.proxy.split_hash import _cached

ROUTE = RouteConfig("/orders", "http://127.0.0.1:8000", mode="canary", percent=10)
SESSION = "3f2b9c1e0d4a4b6f8e7d6c5b4a392817"  # a 32-character session id


def _sha256_split(route: RouteConfig, key: str) -> bool:
    """The split before nginx's arithmetic was adopted, for comparison."""
    digest = hashlib.sha256(f"{route.prefix}|{key}".encode()).digest()
    return int.from_bytes(digest[:4], "big") % 100 < route.percent


def _time(calls: int, run: object) -> float:
    best = float("inf")
    for _ in range(5):
        start = time.perf_counter()
        run()  # type: ignore[operator]
        best = min(best, time.perf_counter() - start)
    return best / calls * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--calls", type=int, default=200_000)
    calls = parser.parse_args().calls
    keys = [f"{SESSION[:-6]}{i:06d}" for i in range(calls)]

    def returning() -> None:
        for _ in range(calls):
            goes_to_new(ROUTE, SESSION)

    def new_clients() -> None:
        _cached.cache_clear()
        for key in keys:
            goes_to_new(ROUTE, key)

    def former() -> None:
        for key in keys:
            _sha256_split(ROUTE, key)

    print(f"returning client (cached hash): {_time(calls, returning):.2f} us/call")
    print(f"new client each call (MurmurHash2 in Python): {_time(calls, new_clients):.2f} us/call")
    print(f"former sha256 split: {_time(calls, former):.2f} us/call")


if __name__ == "__main__":
    main()
