"""A request body as the proxy holds it: in memory while small, spooled to a temporary file
past `spool_bytes` (nginx's client_body_buffer_size), so clients that send big bodies, or
send them slowly, cannot grow the proxy's memory. It can be read more than once: a fallback
or a shadow copy sends the same bytes again.

The spool file is written by a thread, never on the event loop: a write that waits for the
disk (dirty-page throttling under a big upload) stalled every other client for up to 0.34 s.
`backlog` is what is handed to the thread and not yet written; the connection stops reading
a body while its backlog is over SPOOL_BACKLOG, so memory stays bounded whatever the disk."""

from __future__ import annotations

import tempfile
import threading
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import IO

CHUNK = 64 * 1024  # bytes read from the spool file at a time when sending
SPOOL_BACKLOG = 256 * 1024  # bytes waiting for the spool thread before reading pauses
_WRITER: ThreadPoolExecutor | None = None


def _writer() -> ThreadPoolExecutor:
    """One thread writes every spool file, in the order the bytes arrived per body."""
    global _WRITER
    if _WRITER is None:
        _WRITER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="strangler-spool")
    return _WRITER


class Body:
    """Bytes appended as they arrive; `chunks()` replays them from the start."""

    __slots__ = ("size", "backlog", "on_written", "_memory", "_file", "_spool_bytes", "_spooling",
                 "_pending", "_lock", "_idle", "_error", "_closed")

    def __init__(self, spool_bytes: int) -> None:
        self.size = 0
        self.backlog = 0  # bytes handed to the spool thread, not yet on disk
        # Called from the spool thread when it has written all it was given (the caller
        # hops back to its event loop with call_soon_threadsafe).
        self.on_written: Callable[[], object] | None = None
        self._memory = bytearray()
        self._file: IO[bytes] | None = None  # made by the spool thread (creating a file
        self._spooling = False                # may wait for the disk too)
        self._spool_bytes = spool_bytes
        self._pending: deque[bytes] = deque()
        self._lock = threading.Lock()
        self._idle = threading.Event()
        self._idle.set()
        self._error: OSError | None = None
        self._closed = False

    @property
    def spooled(self) -> bool:
        """The bytes are on disk (the body outgrew `spool_bytes`)."""
        return self._spooling

    def append(self, chunk: bytes) -> None:
        self.size += len(chunk)
        if self._spooling:
            self._spool(chunk)
            return
        self._memory += chunk
        if len(self._memory) > self._spool_bytes:
            self._spooling = True
            self._spool(bytes(self._memory))
            self._memory = bytearray()

    def _spool(self, chunk: bytes) -> None:
        """Hand `chunk` to the spool thread (started when it is not already writing)."""
        with self._lock:
            self._pending.append(chunk)
            self.backlog += len(chunk)
            start = self._idle.is_set()
            self._idle.clear()
        if start:
            _writer().submit(self._write_pending)

    def _write_pending(self) -> None:
        """In the spool thread: write what is pending, in order, until nothing is."""
        while True:
            with self._lock:
                if not self._pending:
                    if self._closed and self._file is not None:
                        self._file.close()
                        self._file = None
                    self._idle.set()
                    notify = self.on_written
                    break
                chunk = self._pending.popleft()
                closed = self._closed
            if not closed and self._error is None:
                try:
                    if self._file is None:
                        # Unlinked at once; closed by close() or by this thread after it.
                        self._file = tempfile.TemporaryFile(prefix="strangler-body-")  # noqa: SIM115
                    self._file.write(chunk)
                except OSError as exc:  # a full disk: the body cannot be replayed
                    self._error = exc
            with self._lock:
                self.backlog -= len(chunk)
        if notify is not None:
            notify()

    def settle(self) -> None:
        """Wait until every byte handed to the spool thread is on disk (blocking; the event
        loop waits for `on_written` instead). Raises the spool's write error, if any."""
        self._idle.wait()
        if self._error is not None:
            raise self._error

    @property
    def settled(self) -> bool:
        return self._idle.is_set()

    def chunks(self) -> Iterator[bytes]:
        """The body from its first byte, in pieces of at most CHUNK bytes."""
        if not self._spooling:
            if self._memory:
                yield bytes(self._memory)
            return
        self.settle()
        assert self._file is not None  # (settle raised the error that left it unmade)
        self._file.flush()
        offset = 0
        while offset < self.size:
            self._file.seek(offset)
            piece = self._file.read(min(CHUNK, self.size - offset))
            if not piece:
                return
            offset += len(piece)
            yield piece

    def memory(self) -> bytes:
        """The whole body as bytes, when it is in memory; spooled bodies are never loaded
        whole (ValueError): they are sent with `chunks()`."""
        if self._spooling:
            raise ValueError("a spooled body is read with chunks()")
        return bytes(self._memory)

    def close(self) -> None:
        with self._lock:
            self._closed = True
            self.backlog -= sum(len(chunk) for chunk in self._pending)
            self._pending.clear()
            if self._file is not None and self._idle.is_set():
                self._file.close()  # else the spool thread closes it when it is done
                self._file = None
        self._spooling = False
        self._memory = bytearray()


EMPTY = Body(0)
