"""The proxy's housekeeping: the admin endpoints, reloading a changed table, and measuring
whether there is CPU to spare for shadow copies."""

from __future__ import annotations

import asyncio
import logging
import os
import time

import orjson

from strangler.proxy.config import ProxyConfig, ProxyConfigError, parse_proxy_config
from strangler.proxy.http_request import HttpRequest
from strangler.proxy.http_server import connection_limit
from strangler.proxy.state import ProxyState

LOG = logging.getLogger("strangler.proxy")
ACCESS_FLUSH_SECONDS = 0.25


async def serve_admin(state: ProxyState, request: HttpRequest) -> None:
    """The admin port (served by a lean server of its own): /_strangler/metrics in
    Prometheus' text format and /_strangler/routes, the table in use, as JSON."""
    if request.method not in ("GET", "HEAD"):
        request.send(405, [("Allow", "GET, HEAD"), ("Content-Type", "text/plain")],
                     b"method not allowed\n")
        return
    if request.path == "/_strangler/metrics":
        request.send(200, [("Content-Type", "text/plain; charset=utf-8")],
                     state.metrics.render().encode())
    elif request.path == "/_strangler/routes":
        request.send(200, [("Content-Type", "application/json; charset=utf-8")],
                     orjson.dumps(_routes(state)))
    else:
        request.send(404, [("Content-Type", "text/plain")], b"not found\n")


def _routes(state: ProxyState) -> dict[str, object]:
    config = state.config
    return {
        "legacy": config.legacy,
        "default": "legacy",
        "routes": [{"prefix": r.prefix, "upstream": r.upstream, "mode": r.mode,
                    "percent": r.percent, "breaker": state.breaker(r.upstream).state}
                   for r in config.routes],
        "reload_error": state.reload_error,
    }


def reload_config(state: ProxyState) -> bool:
    """Re-read the table when the file changed; a broken file keeps the last good table.
    `reload_error` says what is wrong until the file is good again."""
    if state.config_path is None:
        return False
    try:
        mtime = os.stat(state.config_path).st_mtime_ns
    except OSError as exc:
        state.reload_error = f"cannot read {state.config_path}: {exc}"
        state.config_mtime = 0  # read it again once it is back, whatever its time
        return False
    if mtime == state.config_mtime:
        return False
    state.config_mtime = mtime
    try:
        config = parse_proxy_config(state.config_path.read_text(encoding="utf-8"))
    except (ProxyConfigError, OSError, UnicodeDecodeError) as exc:
        state.reload_error = str(exc)
        state.metrics.inc("config_reload_errors_total")
        LOG.error("keeping the last good route table: %s", exc)
        return False
    notes = _not_reloaded(state, config.listen, config.admin)
    if state.store_settings and store_settings(config) != state.store_settings:
        notes = "; ".join(filter(None, [notes, "diff store settings changed in the table: the "
                                        "proxy still records as it started; restart it"]))
    _apply_limits(state, config)
    state.config = config
    state.reload_error = notes
    state.metrics.inc("config_reloads_total")
    LOG.info("route table reloaded: %d routes", len(config.routes))
    if notes:
        LOG.warning("%s", notes)
    return True


def store_settings(config: ProxyConfig) -> tuple[object, ...]:
    """What the diff store was opened with (a reload cannot change it)."""
    return config.diff_db, config.diff_max_rows, config.diff_max_bytes, config.redact


def _apply_limits(state: ProxyState, config: ProxyConfig) -> None:
    """Settings held outside the table take a reload too: the breakers made so far, the
    shadow copies' slots and the proxy port's limits (a reload changed the table only, and
    a breaker's `failures` stayed what it was when its upstream was first called)."""
    for breaker in state.breakers.values():
        breaker.failures = config.breaker_failures
        breaker.open_seconds = config.breaker_open_seconds
    if state.shadow_slots is not None and config.shadow_inflight != (
            state.config.shadow_inflight):
        state.shadow_slots = asyncio.Semaphore(config.shadow_inflight)  # (copies out
        # hold the old one until they end)
    server = state.server
    if server is not None:
        server.max_body = config.max_body
        server.max_headers = config.max_headers
        server.first_byte_timeout = config.first_byte_timeout
        server.spool_bytes = config.spool_bytes
        server.max_connections = connection_limit(config.max_connections)
        state.metrics.set("max_connections", float(server.max_connections))


def _not_reloaded(state: ProxyState, listen: tuple[str, int], admin: tuple[str, int]) -> str:
    """What a reload cannot change while the proxy runs (its addresses), said plainly until
    the file asks for the addresses it started with again."""
    if state.listening is None:
        return ""
    changed = [f"{key} changed to {new[0]}:{new[1]} in the table: the proxy still listens on "
               f"{old[0]}:{old[1]}; restart it to move"
               for key, old, new in (("listen", state.listening[0], listen),
                                     ("admin", state.listening[1], admin)) if new != old]
    return "; ".join(changed)


def measure_busy(state: ProxyState) -> None:
    """Is there CPU to spare for shadow copies? Not when the proxy itself used at least
    `shadow_max_cpu` of a core since the last look, nor when the whole machine had less than
    1 - `shadow_max_cpu` of its CPU idle (the new service or the legacy app on the same
    machine would pay for the copies, and the users with them)."""
    cpu, wall, machine = time.process_time(), time.monotonic(), _machine_cpu()
    (last_cpu, last_wall), last_machine = state.cpu_mark, state.machine_mark
    state.cpu_mark, state.machine_mark = (cpu, wall), machine
    if not last_wall or wall <= last_wall:
        return
    limit = state.config.shadow_max_cpu
    busy = (cpu - last_cpu) / (wall - last_wall) >= limit
    if not busy and machine is not None and last_machine is not None:
        total, idle = machine[0] - last_machine[0], machine[1] - last_machine[1]
        busy = total > 0 and idle / total < 1 - limit
    if busy != state.busy:
        state.busy = busy
        state.metrics.set("shadow_paused", 1.0 if busy else 0.0)


def _machine_cpu() -> tuple[int, int] | None:
    """(total, idle) CPU ticks of the machine since boot, from /proc/stat (Linux); None
    elsewhere."""
    try:
        with open("/proc/stat", "rb") as handle:
            fields = handle.readline().split()[1:]
    except OSError:
        return None
    ticks = [int(value) for value in fields[:8]]
    return (sum(ticks), ticks[3] + ticks[4]) if len(ticks) >= 5 else None


async def watch(state: ProxyState, interval: float) -> None:
    """Write the access log's queued lines every quarter second; every `interval`, reload a
    changed table and write queued shadow comparisons."""
    loop = asyncio.get_running_loop()
    due = loop.time() + interval
    while True:
        await asyncio.sleep(min(interval, ACCESS_FLUSH_SECONDS))
        if state.access is not None:
            state.access.flush()
        measure_busy(state)
        if loop.time() < due:
            continue
        due = loop.time() + interval
        reload_config(state)
        if state.store is not None and state.store.pending:
            await asyncio.to_thread(state.store.flush)
