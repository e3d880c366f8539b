"""The structured access log: one JSON object per request, written in batches.

A line per request through `logging` (record, formatter, a write and a flush each) cost about
an eighth of the proxy's CPU; here a line is one orjson call into a buffer that the event loop
writes out every `interval` seconds or when it reaches `limit` bytes.
"""

from __future__ import annotations

from typing import Any, BinaryIO

import orjson


class AccessLog:
    def __init__(self, stream: BinaryIO, limit: int = 64 * 1024) -> None:
        self.stream = stream
        self.limit = limit
        self.lines: list[bytes] = []
        self.size = 0

    def request(self, method: str, path: str, route: str, mode: str, upstream: str,
                status: int, seconds: float, client: str | None, rejected: str = "") -> None:
        """Queue the line of one answered request (`rejected`: why it was refused unrouted)."""
        record: dict[str, Any] = {"method": method, "path": path, "route": route, "mode": mode,
                                  "upstream": upstream, "status": status,
                                  "ms": round(seconds * 1000, 2), "client": client}
        if rejected:
            record["rejected"] = rejected
        self.write(record)

    def write(self, record: dict[str, Any]) -> None:
        """Queue one line."""
        line = orjson.dumps(record)
        self.lines.append(line)
        self.size += len(line) + 1
        if self.size >= self.limit:
            self.flush()

    def flush(self) -> None:
        """Write the queued lines (a closed or broken stream drops them: never the request)."""
        if not self.lines:
            return
        data = b"\n".join(self.lines) + b"\n"
        self.lines, self.size = [], 0
        try:
            self.stream.write(data)
            self.stream.flush()
        except (OSError, ValueError):
            pass
