"""Shadow copies: a request served by legacy is copied to the new service off the user's
path, bounded (`shadow_inflight`, paused while the CPU is busy, dropped never queued), and
the two answers are compared in a worker process (comparer.py), within `compare_max_bytes`
each."""

from __future__ import annotations

import asyncio
import time
from concurrent.futures.process import BrokenProcessPool

from strangler.proxy.body import EMPTY, Body
from strangler.proxy.calls import AnswerTooBig, UpstreamFailure, fetch
from strangler.proxy.comparer import compare_answers
from strangler.proxy.config import RouteConfig
from strangler.proxy.diff import Response, TooBigToCompare
from strangler.proxy.headers import SHADOW_HEADER
from strangler.proxy.http_request import HttpRequest
from strangler.proxy.routing import SAFE_METHODS
from strangler.proxy.state import ProxyState, background
from strangler.proxy.store import Outcome
from strangler.proxy.upstream import HeaderPairs

INLINE_COMPARE_BYTES = 16 * 1024  # answers up to this size are compared on the event loop


def shadowed(route: RouteConfig, method: str) -> bool:
    """Is this request copied to the new service? Safe methods, or any with shadow_unsafe."""
    return method in SAFE_METHODS or route.shadow_unsafe


def start_shadow(state: ProxyState, route: RouteConfig, legacy: str, request: HttpRequest,
                 path: str, body: Body, headers: HeaderPairs, primary: Response | None
                 ) -> None:
    """Copy the request to the new service and compare its answer with `primary` (legacy's,
    None when it outgrew the comparison's bound): drop, never queue."""
    config, name = state.config, route.prefix
    if primary is None or len(primary.body) > config.compare_max_bytes or body.spooled:
        not_compared(state, name, "too_big")
        return
    slots = copy_slots(state, name)
    if slots is None:
        return
    copy_headers = [*headers, (SHADOW_HEADER, "1")]
    copy_body = EMPTY
    if body.size:  # the request's own body is let go once it is answered: keep a copy
        copy_body = Body(config.spool_bytes)
        copy_body.append(body.memory())
    # Noise (legacy against itself) is learnt from safe requests only: a second legacy call
    # of a POST would act twice, whatever the copy's header says.
    learn_noise = config.noise and request.method in SAFE_METHODS

    async def run() -> None:
        async with slots:
            try:
                candidate = await fetch(state, route.upstream, request, copy_body,
                                        copy_headers, config.shadow_timeout,
                                        config.compare_max_bytes, route.chaos)
                second = None
                if learn_noise:
                    second = await fetch(state, legacy, request, copy_body, copy_headers,
                                         config.shadow_timeout, config.compare_max_bytes)
            except UpstreamFailure:
                not_compared(state, name, "failed")
                return
            except AnswerTooBig:
                not_compared(state, name, "too_big")
                return
            await compare_and_record(state, route, request.method, path, primary, candidate,
                                     second)

    background(state, run())


async def compare_and_record(state: ProxyState, route: RouteConfig, method: str, path: str,
                             primary: Response, candidate: Response, second: Response | None
                             ) -> None:
    """Compare legacy's answer with the new service's (and with legacy's second one, the
    noise): small answers here, others in the worker process; count and record the result."""
    config, name = state.config, route.prefix
    answers = (primary, candidate, second, config.compare_headers, route.ignore,
               config.compare_max_bytes)
    try:
        if _small(primary, candidate, second):  # well under a millisecond: here
            fields, noise = compare_answers(*answers)
        else:
            fields, noise = await state.comparer.compare(*answers)
    except BrokenProcessPool:
        not_compared(state, name, "failed")
        return
    except TooBigToCompare:
        not_compared(state, name, "too_big")
        return
    state.metrics.inc("shadow_compared_total", route=name)
    if any(field not in noise for field in fields):
        state.metrics.inc("diff_mismatches_total", route=name)
    if state.store is not None and state.store.record(
            name, method, path, fields, noise, time.time()):
        await asyncio.to_thread(state.store.flush)


def _small(*answers: Response | None) -> bool:
    """Answers small enough to compare on the event loop: a worker process round trip would
    cost more than the comparison (and copies would wait for it)."""
    return all(answer is None or (len(answer.body) <= INLINE_COMPARE_BYTES and not
                                  answer.headers.get("content-encoding"))  # may inflate
               for answer in answers)


def copy_slots(state: ProxyState, route: str) -> asyncio.Semaphore | None:
    """The slots a copy holds while it runs, or None when there is no room for one more
    now: `shadow_inflight` copies are out, or the CPU is busy. Such a copy is dropped (and
    counted), never queued."""
    slots = state.shadow_slots
    assert slots is not None
    if slots.locked():
        not_compared(state, route, "dropped", "inflight")
        return None
    if state.busy:
        not_compared(state, route, "dropped", "busy")
        return None
    return slots


def not_compared(state: ProxyState, route: str, outcome: Outcome, reason: str = "") -> None:
    """A copy that was not compared: counted in the metrics and for `strangler diff`."""
    if outcome == "failed":
        state.metrics.inc("shadow_failed_total", route=route)
    else:
        state.metrics.inc("shadow_dropped_total", route=route, reason=reason or outcome)
    if state.store is not None:
        state.store.count(route, outcome, reason)
