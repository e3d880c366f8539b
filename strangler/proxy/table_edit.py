"""Change one route's mode in strangler.toml in place (text edit: comments and order kept)."""

from __future__ import annotations

import re

from strangler.proxy.config import MODES, ProxyConfigError, parse_proxy_config

_BLOCK = re.compile(r"^\[\[routes\]\]\s*$", re.MULTILINE)


def set_route_mode(text: str, prefix: str, mode: str, percent: int | None) -> str:
    """The file text with route `prefix` set to `mode` (and `percent` for canary)."""
    if mode not in MODES:
        raise ProxyConfigError(f"mode must be one of {', '.join(MODES)}")
    if mode == "canary" and percent is None:
        raise ProxyConfigError("canary needs --percent N")
    values = {"mode": f'"{mode}"'}
    if percent is not None:
        values["percent"] = str(percent)
    return set_route_values(text, prefix, values)


def set_route_chaos(text: str, prefix: str, latency_ms: int, error_rate: float,
                    reset_rate: float) -> str:
    """The file text with faults injected on route `prefix`'s new path (all 0: none)."""
    if not (0 <= error_rate <= 1 and 0 <= reset_rate <= 1 and latency_ms >= 0):
        raise ProxyConfigError("rates go from 0 to 1 and latency is not negative")
    inline = (f"{{ latency_ms = {latency_ms}, error_rate = {error_rate}, "
              f"reset_rate = {reset_rate} }}")
    return set_route_values(text, prefix, {"chaos": inline})


def set_route_values(text: str, prefix: str, values: dict[str, str]) -> str:
    """Set `key = value` lines in the [[routes]] block of `prefix`; the rest is kept."""
    starts = [m.start() for m in _BLOCK.finditer(text)] + [len(text)]
    for start, end in zip(starts, starts[1:], strict=False):
        block = text[start:end]
        following = re.search(r"^\[", block[len("[[routes]]"):], re.MULTILINE)
        body_end = start + len("[[routes]]") + (following.start() if following else len(
            block) - len("[[routes]]"))
        body = text[start:body_end]
        found = re.search(r'^prefix\s*=\s*"([^"]*)"', body, re.MULTILINE)
        if not found or found.group(1).rstrip("/") != prefix.rstrip("/"):
            continue
        for key, value in values.items():
            body = _set(body, key, value)
        updated = text[:start] + body + text[body_end:]
        parse_proxy_config(updated)  # never write a table the proxy would refuse
        return updated
    raise ProxyConfigError(f"no route with prefix {prefix!r} in the table")


def _set(body: str, key: str, value: str) -> str:
    pattern = re.compile(rf"^{key}\s*=.*$", re.MULTILINE)
    if pattern.search(body):
        return pattern.sub(f"{key} = {value}", body, count=1)
    lines = body.rstrip("\n").split("\n")
    return "\n".join([*lines, f"{key} = {value}"]) + "\n" + body[len(body.rstrip("\n")) + 1:]
