"""A request body as the proxy holds it: in memory while small, spooled to a temporary file
past `spool_bytes` (nginx's client_body_buffer_size), so clients that send big bodies, or
send them slowly, cannot grow the proxy's memory. It can be read more than once: a fallback
or a shadow copy sends the same bytes again."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from typing import IO

CHUNK = 64 * 1024  # bytes read from the spool file at a time when sending


class Body:
    """Bytes appended as they arrive; `chunks()` replays them from the start."""

    __slots__ = ("size", "_memory", "_file", "_spool_bytes")

    def __init__(self, spool_bytes: int) -> None:
        self.size = 0
        self._memory = bytearray()
        self._file: IO[bytes] | None = None
        self._spool_bytes = spool_bytes

    @property
    def spooled(self) -> bool:
        """The bytes are on disk (the body outgrew `spool_bytes`)."""
        return self._file is not None

    def append(self, chunk: bytes) -> None:
        self.size += len(chunk)
        if self._file is not None:
            self._file.write(chunk)
            return
        self._memory += chunk
        if len(self._memory) > self._spool_bytes:
            # Unlinked at once; closed in close() (it outlives this call, no `with`).
            self._file = tempfile.TemporaryFile(prefix="strangler-body-")  # noqa: SIM115
            self._file.write(self._memory)
            self._memory = bytearray()

    def chunks(self) -> Iterator[bytes]:
        """The body from its first byte, in pieces of at most CHUNK bytes."""
        if self._file is None:
            if self._memory:
                yield bytes(self._memory)
            return
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
        if self._file is not None:
            raise ValueError("a spooled body is read with chunks()")
        return bytes(self._memory)

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None
        self._memory = bytearray()


EMPTY = Body(0)
