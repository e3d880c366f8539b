"""Change one route of strangler.toml in place (tomlkit: comments, quoting, order and
indentation kept), and never produce a table the proxy would refuse (pure: text in, text out).

Writing the file, under a lock and atomically, is `strangler/adapters/locked_edit.py`'s job.
"""

from __future__ import annotations

from typing import Any

from strangler.proxy.config import MODES, ProxyConfigError, parse_proxy_config


def set_route_mode(text: str, prefix: str, mode: str, percent: int | None) -> str:
    """The file text with route `prefix` set to `mode` (and `percent` for canary)."""
    if mode not in MODES:
        raise ProxyConfigError(f"mode must be one of {', '.join(MODES)}, not {mode!r}")
    if mode == "canary" and percent is None:
        raise ProxyConfigError("canary needs --percent N")
    values: dict[str, Any] = {"mode": mode}
    if percent is not None:
        values["percent"] = percent
    return set_route_values(text, prefix, values)


def set_route_chaos(text: str, prefix: str, latency_ms: int, error_rate: float,
                    reset_rate: float) -> str:
    """The file text with faults injected on route `prefix`'s new path (all 0: none)."""
    if not (0 <= error_rate <= 1 and 0 <= reset_rate <= 1 and latency_ms >= 0):
        raise ProxyConfigError("rates go from 0 to 1 and latency is not negative")
    chaos = {"latency_ms": latency_ms, "error_rate": float(error_rate),
             "reset_rate": float(reset_rate)}
    return set_route_values(text, prefix, {"chaos": chaos})


def set_route_values(text: str, prefix: str, values: dict[str, Any]) -> str:
    """Set keys of the route whose prefix is `prefix`; a dict value updates a sub-table key
    by key (an inline `chaos = {...}` or a `[routes.chaos]` table stays what it was)."""
    import tomlkit  # only `route set` and `chaos` pay for it
    from tomlkit.exceptions import TOMLKitError

    try:
        document = tomlkit.parse(text)
    except TOMLKitError as exc:
        raise ProxyConfigError(f"not valid TOML: {exc}") from None
    route = _find(document.get("routes", []), prefix)
    for key, value in values.items():
        if isinstance(value, dict):
            table = route.get(key)
            if not isinstance(table, dict):
                table = tomlkit.inline_table()
                route[key] = table
            for name, item in value.items():
                table[name] = item
        else:
            route[key] = value
    updated = document.as_string()
    parse_proxy_config(updated)  # never write a table the proxy would refuse
    return updated


def _find(routes: Any, prefix: str) -> Any:
    wanted = prefix.rstrip("/") or "/"
    for route in routes if isinstance(routes, list) else ():
        found = route.get("prefix") if isinstance(route, dict) else None
        if isinstance(found, str) and (found.rstrip("/") or "/") == wanted:
            return route
    raise ProxyConfigError(f"no route with prefix {prefix!r} in the table")
