"""Shadow comparisons in an embedded SQLite file: private (0600), secrets redacted
(redact.py), bounded in rows and in bytes (the oldest rows are dropped)."""

from __future__ import annotations

import contextlib
import json
import logging
import os
import sqlite3
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import orjson

from strangler.proxy.redact import Redactor

if TYPE_CHECKING:
    from strangler.proxy.config import ProxyConfig

LOG = logging.getLogger("strangler.proxy")

BATCH = 200  # comparisons per commit
FLUSH_SECONDS = 1.0  # at most this old before they reach the file
DEFAULT_MAX_BYTES = 64 * 1024 * 1024
ROW_OVERHEAD = 64  # bytes a row costs beyond its text (ids, numbers, index entry)
# Rows may fill this share of max_bytes: the rest is SQLite's page slack, the route index
# and the write-ahead log.
ROWS_SHARE = 0.5

Outcome = Literal["compared", "dropped", "failed", "too_big"]

SCHEMA = """
CREATE TABLE IF NOT EXISTS comparisons (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  route TEXT NOT NULL, method TEXT NOT NULL, path TEXT NOT NULL,
  matched INTEGER NOT NULL, fields TEXT NOT NULL, noise TEXT NOT NULL, at REAL NOT NULL,
  size INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS comparisons_route ON comparisons(route);
CREATE TABLE IF NOT EXISTS outcomes (
  route TEXT NOT NULL, outcome TEXT NOT NULL, reason TEXT NOT NULL, count INTEGER NOT NULL,
  PRIMARY KEY (route, outcome, reason)
);
"""


def _json(value: Any) -> str:
    """Compact JSON text; values JSON cannot hold are written as their str()."""
    return orjson.dumps(value, default=str, option=orjson.OPT_NON_STR_KEYS).decode()


def resolve_diff_db(diff_db: str, config_path: Path | None) -> Path:
    """Where the diff store lives: `diff_db` as written when absolute, else relative to the
    route table's folder (the same for `strangler proxy` and `strangler diff`, whatever the
    working directory); relative to the working directory only without a table file."""
    path = Path(diff_db).expanduser()
    if path.is_absolute() or config_path is None:
        return path
    return config_path.parent / path


def _private(path: str) -> None:
    """Create the file (and fix its journal files) readable by its owner only: differing
    fields are user data even when redacted."""
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    for name in (path, f"{path}-wal", f"{path}-shm"):
        try:
            if os.stat(name).st_mode & 0o077:
                os.chmod(name, 0o600)
        except FileNotFoundError:
            continue
        except PermissionError:
            LOG.warning("diff store %s: cannot make it private (not its owner)", name)


@dataclass(frozen=True)
class RouteSummary:
    route: str
    compared: int
    matched: int
    top_fields: tuple[tuple[str, int, int, Any, Any], ...]  # field, raw, noise, legacy, new
    ready: bool
    reason: str
    # (outcome, reason, count) of every copy since the store was created: compared,
    # dropped (busy, inflight), failed, too_big. Empty when the proxy does not report them.
    outcomes: tuple[tuple[str, str, int], ...] = ()

    @property
    def match_rate(self) -> float:
        return self.matched / self.compared if self.compared else 0.0


class DiffStore:
    """`DiffStore(path, max_rows)` as before; `max_bytes` bounds the rows' bytes (and so the
    file), `redact` adds JSON-path globs to the default secret rules (or is a Redactor)."""

    def __init__(self, path: str, max_rows: int = 100_000, *,
                 max_bytes: int = DEFAULT_MAX_BYTES,
                 redact: tuple[str, ...] | Redactor = ()) -> None:
        self.path = path
        self.max_rows = max_rows
        self.max_bytes = max_bytes
        self.redactor = redact if isinstance(redact, Redactor) else Redactor(tuple(redact))
        self.lock = threading.Lock()
        _private(path)
        self.db = sqlite3.connect(path, check_same_thread=False)
        self.db.execute("PRAGMA auto_vacuum=INCREMENTAL")  # a new file gives pages back
        self.db.execute("PRAGMA journal_mode=WAL")  # readers (strangler diff) never block
        self.db.execute("PRAGMA synchronous=NORMAL")
        wal_limit = max(256 * 1024, min(4 * 1024 * 1024, max_bytes // 8))
        self.db.execute(f"PRAGMA journal_size_limit={wal_limit}")
        self.db.execute(f"PRAGMA wal_autocheckpoint={max(64, wal_limit // 4096)}")
        self.db.executescript(SCHEMA)
        columns = {row[1] for row in self.db.execute("PRAGMA table_info(comparisons)")}
        if "size" not in columns:  # a file from an older version: its rows count as 0
            self.db.execute("ALTER TABLE comparisons ADD COLUMN size INTEGER NOT NULL "
                            "DEFAULT 0")
        self.stored_bytes = int(self.db.execute(
            "SELECT COALESCE(SUM(size), 0) FROM comparisons").fetchone()[0])
        self.writes = 0
        self.pending: list[tuple[Any, ...]] = []
        self.pending_bytes = 0
        # A commit's rows stay well under the write-ahead log's limit, so the log does not
        # outgrow it between checkpoints.
        self.batch_bytes = wal_limit // 4
        self.pending_outcomes: dict[tuple[str, str, str], int] = {}
        self.flushed_at = time.time()

    @classmethod
    def for_config(cls, config: ProxyConfig, config_path: Path | None) -> DiffStore:
        """The store a route table asks for, where `resolve_diff_db` puts it."""
        return cls(str(resolve_diff_db(config.diff_db, config_path)), config.diff_max_rows,
                   max_bytes=config.diff_max_bytes, redact=config.redact)

    def record(self, route: str, method: str, path: str,
               fields: dict[str, tuple[Any, Any]], noise: dict[str, tuple[Any, Any]],
               at: float) -> bool:
        """Queue one comparison (cheap: no disk); True when a batch is due for `flush()`.
        Rows reach the file in batches, one commit each, so a busy proxy does not pay a
        disk sync per shadowed request. Secrets are hidden and long values cut here."""
        kept = _json(self.redactor.fields(fields))
        noise_names = _json(sorted(self.redactor.name(n) for n in noise))
        path = self.redactor.path(path)
        size = ROW_OVERHEAD + len(route) + len(method) + len(path) + len(kept) + len(
            noise_names)
        row = (route, method, path, int(not fields), kept, noise_names, at, size)
        with self.lock:
            self.pending.append(row)
            self.pending_bytes += size
            key = (route, "compared", "")
            self.pending_outcomes[key] = self.pending_outcomes.get(key, 0) + 1
            self.writes += 1
            return (len(self.pending) >= BATCH or self.pending_bytes >= self.batch_bytes
                    or at - self.flushed_at >= FLUSH_SECONDS)

    def count(self, route: str, outcome: Outcome, reason: str = "") -> None:
        """Count a copy that was not compared (dropped: busy or inflight; failed; too_big);
        written with the next flush, so `strangler diff` can say how many there were."""
        with self.lock:
            key = (route, outcome, reason)
            self.pending_outcomes[key] = self.pending_outcomes.get(key, 0) + 1

    def flush(self) -> None:
        """Write the queued comparisons now."""
        with self.lock:
            self._flush(time.time())

    def _flush(self, now: float) -> None:
        if self.pending:
            self.db.executemany(
                "INSERT INTO comparisons (route, method, path, matched, fields, noise, at, size)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", self.pending)
            self.stored_bytes += self.pending_bytes
            self.pending = []
            self.pending_bytes = 0
            self._trim()
        if self.pending_outcomes:
            self.db.executemany(
                "INSERT INTO outcomes (route, outcome, reason, count) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (route, outcome, reason) DO UPDATE SET count = count +"
                " excluded.count", [(*key, n) for key, n in self.pending_outcomes.items()])
            self.pending_outcomes = {}
        if self.db.in_transaction:
            self.db.commit()
        self.flushed_at = now

    def _trim(self) -> None:
        """Drop the oldest rows beyond max_rows, then beyond the byte budget."""
        last = self.db.execute("SELECT MAX(id) FROM comparisons").fetchone()[0] or 0
        cut = last - self.max_rows
        budget = int(self.max_bytes * ROWS_SHARE)
        if self.stored_bytes > budget:
            # Free a quarter more than needed, so the next batches do not trim again at once.
            excess = self.stored_bytes - budget + budget // 4
            freed = 0
            for row_id, size in self.db.execute(
                    "SELECT id, size FROM comparisons ORDER BY id"):
                freed += size
                if freed >= excess:
                    cut = max(cut, row_id)
                    break
        if cut <= 0:
            return
        gone = self.db.execute("SELECT COALESCE(SUM(size), 0), COUNT(*) FROM comparisons"
                               " WHERE id <= ?", (cut,)).fetchone()
        if not gone[1]:
            return
        self.db.execute("DELETE FROM comparisons WHERE id <= ?", (cut,))
        self.stored_bytes -= int(gone[0])
        self.db.commit()
        # Give the freed pages back (through executescript: execute() runs this pragma
        # one step, which frees a single page).
        self.db.executescript("PRAGMA incremental_vacuum;")

    def summary(self, min_samples: int, match_rate: float) -> list[RouteSummary]:
        """Per route: compared, matched, fields that differ more than they do between two
        legacy calls (Diffy's raw vs noise), whether the route is ready to promote, and the
        copies' outcomes."""
        with self.lock:
            self._flush(time.time())
            rows = self.db.execute(
                "SELECT route, matched, fields, noise FROM comparisons ORDER BY id").fetchall()
            counted = self.db.execute("SELECT route, outcome, reason, count FROM outcomes"
                                      " ORDER BY route, outcome, reason").fetchall()
        per_route: dict[str, list[tuple[int, dict[str, Any], list[str]]]] = {}
        for route, matched, fields, noise in rows:
            per_route.setdefault(route, []).append((matched, json.loads(fields),
                                                    json.loads(noise)))
        outcomes: dict[str, list[tuple[str, str, int]]] = {}
        for route, outcome, reason, count in counted:
            outcomes.setdefault(route, []).append((outcome, reason, int(count)))
        return [self._route_summary(route, per_route.get(route, []),
                                    tuple(outcomes.get(route, ())), min_samples, match_rate)
                for route in sorted(set(per_route) | set(outcomes))]

    def _route_summary(self, route: str, items: list[tuple[int, dict[str, Any], list[str]]],
                       outcomes: tuple[tuple[str, str, int], ...], min_samples: int,
                       match_rate: float) -> RouteSummary:
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
        # Rows written before redaction existed are hidden when shown, too.
        shown = self.redactor.fields({name: tuple(sample[name])
                                      for name, _, _ in flagged[:10]})
        return RouteSummary(
            route, compared, matched,
            tuple((name, count, noise_count, *shown[self.redactor.name(name)])
                  for name, count, noise_count in flagged[:10]),
            ready, reason, outcomes)

    def close(self) -> None:
        with self.lock:
            self._flush(time.time())
            self.db.close()


def read_summaries(config: ProxyConfig, config_path: Path) -> tuple[Path, list[RouteSummary]]:
    """The store a route table names and its per-route summaries (none when the file does
    not exist yet); sqlite3.DatabaseError when it is not a diff store."""
    path = resolve_diff_db(config.diff_db, config_path)
    if not path.exists():
        return path, []
    store = DiffStore.for_config(config, config_path)
    try:
        return path, store.summary(config.promote_min_samples, config.promote_match_rate)
    finally:
        store.close()
