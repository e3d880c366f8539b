"""Shadow comparisons in an embedded SQLite file (bounded: the oldest rows are dropped)."""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from dataclasses import dataclass
from typing import Any

import orjson

BATCH = 200  # comparisons per commit
FLUSH_SECONDS = 1.0  # at most this old before they reach the file

SCHEMA = """
CREATE TABLE IF NOT EXISTS comparisons (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  route TEXT NOT NULL, method TEXT NOT NULL, path TEXT NOT NULL,
  matched INTEGER NOT NULL, fields TEXT NOT NULL, noise TEXT NOT NULL, at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS comparisons_route ON comparisons(route);
"""


def _json(value: Any) -> str:
    """Compact JSON text; values JSON cannot hold are written as their str()."""
    return orjson.dumps(value, default=str, option=orjson.OPT_NON_STR_KEYS).decode()


@dataclass(frozen=True)
class RouteSummary:
    route: str
    compared: int
    matched: int
    top_fields: tuple[tuple[str, int, int, Any, Any], ...]  # field, raw, noise, legacy, new
    ready: bool
    reason: str

    @property
    def match_rate(self) -> float:
        return self.matched / self.compared if self.compared else 0.0


class DiffStore:
    def __init__(self, path: str, max_rows: int = 100_000) -> None:
        self.path = path
        self.max_rows = max_rows
        self.lock = threading.Lock()
        self.db = sqlite3.connect(path, check_same_thread=False)
        self.db.execute("PRAGMA journal_mode=WAL")  # readers (strangler diff) never block
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.executescript(SCHEMA)
        self.writes = 0
        self.pending: list[tuple[Any, ...]] = []
        self.flushed_at = time.time()

    def record(self, route: str, method: str, path: str,
               fields: dict[str, tuple[Any, Any]], noise: dict[str, tuple[Any, Any]],
               at: float) -> bool:
        """Queue one comparison (cheap: no disk); True when a batch is due for `flush()`.
        Rows reach the file in batches, one commit each, so a busy proxy does not pay a
        disk sync per shadowed request."""
        row = (route, method, path, int(not fields), _json(fields), _json(sorted(noise)), at)
        with self.lock:
            self.pending.append(row)
            self.writes += 1
            return len(self.pending) >= BATCH or at - self.flushed_at >= FLUSH_SECONDS

    def flush(self) -> None:
        """Write the queued comparisons now."""
        with self.lock:
            self._flush(time.time())

    def _flush(self, now: float) -> None:
        if self.pending:
            self.db.executemany(
                "INSERT INTO comparisons (route, method, path, matched, fields, noise, at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)", self.pending)
            self.pending = []
            self._trim()
            self.db.commit()
        self.flushed_at = now

    def _trim(self) -> None:
        self.db.execute("DELETE FROM comparisons WHERE id <= (SELECT MAX(id) FROM comparisons)"
                        " - ?", (self.max_rows,))

    def summary(self, min_samples: int, match_rate: float) -> list[RouteSummary]:
        """Per route: compared, matched, fields that differ more than they do between two
        legacy calls (Diffy's raw vs noise), and whether the route is ready to promote."""
        with self.lock:
            self._flush(time.time())
            rows = self.db.execute(
                "SELECT route, matched, fields, noise FROM comparisons ORDER BY id").fetchall()
        per_route: dict[str, list[tuple[int, dict[str, Any], list[str]]]] = {}
        for route, matched, fields, noise in rows:
            per_route.setdefault(route, []).append((matched, json.loads(fields),
                                                    json.loads(noise)))
        result = []
        for route, items in sorted(per_route.items()):
            raw: dict[str, int] = {}
            noisy: dict[str, int] = {}
            sample: dict[str, Any] = {}
            for _, fields, noise in items:
                for name, pair in fields.items():
                    raw[name] = raw.get(name, 0) + 1
                    sample.setdefault(name, pair)
                for name in noise:
                    noisy[name] = noisy.get(name, 0) + 1
            flagged = sorted(((name, count, noisy.get(name, 0)) for name, count in raw.items()
                              if count > noisy.get(name, 0)), key=lambda x: (-x[1], x[0]))
            compared = len(items)
            # A comparison counts as matched when every differing field is noise.
            matched = sum(1 for _, fields, noise in items
                          if all(name in noise for name in fields))
            rate = matched / compared if compared else 0.0
            ready = compared >= min_samples and rate >= match_rate
            reason = (f"match rate {rate:.1%} over {compared} requests" + (
                "" if compared >= min_samples else f", fewer than {min_samples} samples") + (
                "" if rate >= match_rate else f", below {match_rate:.0%}"))
            result.append(RouteSummary(
                route, compared, matched,
                tuple((name, count, noise_count, *sample[name])
                      for name, count, noise_count in flagged[:10]),
                ready, reason))
        return result

    def close(self) -> None:
        with self.lock:
            self._flush(time.time())
            self.db.close()
