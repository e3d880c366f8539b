"""nginx's `split_clients` arithmetic, so the embedded proxy and the nginx export put every
client on the same side of a canary (pure).

nginx hashes the key string with MurmurHash2 (32-bit, seed 0: src/core/ngx_murmurhash.c) and
sends a client to the first variant when `hash < percent * 100 * 0xffffffff // 10000`
(src/http/modules/ngx_http_split_clients_module.c).
"""

from __future__ import annotations

import functools
import struct

_M = 0x5BD1E995
_MASK = 0xFFFFFFFF
_CACHED_KEY_CHARS = 128  # longer keys are hashed each time: the cache stays a few MB at most


def murmur2(data: bytes) -> int:
    """ngx_murmur_hash2: MurmurHash2, 32-bit, little-endian blocks, seed 0."""
    length = len(data)
    h = length
    blocks = length >> 2
    for k in struct.unpack_from(f"<{blocks}I", data):
        k = k * _M & _MASK
        h = h * _M & _MASK ^ (k ^ k >> 24) * _M & _MASK
    if length & 3:
        h = (h ^ int.from_bytes(data[blocks * 4:], "little")) * _M & _MASK
    h = (h ^ h >> 13) * _M & _MASK
    return h ^ h >> 15


@functools.lru_cache(maxsize=8192)
def _cached(key: str) -> int:
    return murmur2(key.encode())


def split_hash(key: str) -> int:
    """The 32-bit hash nginx's split_clients computes for `key` (its UTF-8 bytes); a
    returning client costs a cache lookup, not a hash."""
    return _cached(key) if len(key) <= _CACHED_KEY_CHARS else murmur2(key.encode())


def in_first_share(key: str, percent: int) -> bool:
    """Does `key` fall in the first `percent`% of `split_clients`? 0 and 100 are exact (the
    export writes no split_clients for them: nginx refuses `0%`)."""
    if percent <= 0:
        return False
    if percent >= 100:
        return True
    return split_hash(key) < percent * 100 * _MASK // 10000
