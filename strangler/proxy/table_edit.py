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
        body = _set(body, "mode", f'"{mode}"')
        if percent is not None:
            body = _set(body, "percent", str(percent))
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
