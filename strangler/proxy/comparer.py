"""Shadow comparisons in a worker process: parsing and flattening two JSON answers is
CPU-bound Python that holds the interpreter's lock for its whole length, so in a thread it
still froze every other request (bench/proxy_abuse.py: another client's p99 went from 6 ms
to 47 ms while 0.8 MiB answers were compared). The worker is started at the first
comparison and started again if it dies."""

from __future__ import annotations

import asyncio
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from strangler.proxy.diff import Response, differences

Fields = dict[str, tuple[Any, Any]]


class Comparer:
    """One worker process that compares answers; `compare` awaits it off the event loop."""

    def __init__(self) -> None:
        self._pool: ProcessPoolExecutor | None = None

    async def compare(self, primary: Response, candidate: Response, second: Response | None,
                      headers: tuple[str, ...], ignore: tuple[str, ...], limit: int
                      ) -> tuple[Fields, Fields]:
        """(differences legacy/new, noise legacy/legacy); TooBigToCompare past `limit`."""
        loop = asyncio.get_running_loop()
        for attempt in range(2):
            pool = self._start()
            try:
                return await loop.run_in_executor(pool, compare_answers, primary, candidate,
                                                  second, headers, ignore, limit)
            except BrokenProcessPool:  # the worker died (killed, out of memory): a new one
                self._pool = None
                pool.shutdown(wait=False, cancel_futures=True)
                if attempt:
                    raise
        raise AssertionError("unreachable")  # pragma: no cover

    def _start(self) -> ProcessPoolExecutor:
        if self._pool is None:
            # spawn: a fork would copy the proxy's event loop, sockets and threads
            self._pool = ProcessPoolExecutor(
                max_workers=1, mp_context=multiprocessing.get_context("spawn"))
        return self._pool

    def worker_pids(self) -> list[int]:
        """The worker's process id, once it has started (for the metrics and tests)."""
        processes = getattr(self._pool, "_processes", None) or {}
        return sorted(processes)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None


def compare_answers(primary: Response, candidate: Response, second: Response | None,
                    headers: tuple[str, ...], ignore: tuple[str, ...], limit: int
                    ) -> tuple[Fields, Fields]:
    """Run in the worker: the differences, and the noise when legacy was called twice."""
    noise = differences(primary, second, headers, ignore, limit) if second else {}
    return differences(primary, candidate, headers, ignore, limit), noise
