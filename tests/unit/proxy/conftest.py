"""Fixtures the proxy's tests share: an event loop in a thread and two loopback backends."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from proxyhelpers import Backend, LoopThread


@pytest.fixture()
def loop() -> Iterator[LoopThread]:
    thread = LoopThread()
    yield thread
    thread.stop()


@pytest.fixture()
def backends(loop: LoopThread) -> Iterator[tuple[Backend, Backend]]:
    legacy, new = Backend("legacy"), Backend("new")
    loop.run(legacy.start())
    loop.run(new.start())
    yield legacy, new
    loop.run(legacy.stop())
    loop.run(new.stop())
