"""The diff store: private, redacted, bounded in bytes as well as rows, found where the
route table says."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from strangler.proxy.config import parse_proxy_config
from strangler.proxy.store import DiffStore, resolve_diff_db

SECRETS = {"body.user.token": ("tok-legacy-AAAA", "tok-new-BBBB"),
           "body.card": ("4111 1111 1111 1111", "5500 0055 5555 5559"),
           "body.total": (10, 11)}


def _files(path: Path) -> dict[str, int]:
    return {p.name: p.stat().st_size for p in path.parent.glob(path.name + "*")}


def test_the_file_and_its_journals_are_private(tmp_path: Path) -> None:
    path = tmp_path / "d.sqlite"
    store = DiffStore(str(path))
    store.record("/r", "GET", "/r/1", SECRETS, {}, at=1.0)
    store.flush()
    names = [path, Path(f"{path}-wal"), Path(f"{path}-shm")]
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in names)
    store.close()
    os.chmod(path, 0o644)  # a file from an older version
    DiffStore(str(path)).close()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_secrets_never_reach_the_file_and_differences_still_show(tmp_path: Path) -> None:
    path = tmp_path / "d.sqlite"
    store = DiffStore(str(path), redact=("total",))
    for _ in range(5):
        store.record("/r", "GET", "/r/1", SECRETS, {}, at=1.0)
    store.flush()
    stored = b"".join((tmp_path / name).read_bytes() for name in _files(path))
    for secret in (b"tok-legacy-AAAA", b"tok-new-BBBB", b"4111 1111", b"5500 0055"):
        assert secret not in stored
    summary = store.summary(min_samples=1, match_rate=0.9)[0]
    assert summary.compared == 5 and summary.matched == 0
    shown = {name: (legacy, new) for name, _, _, legacy, new in summary.top_fields}
    assert set(shown) == set(SECRETS)
    for legacy, new in shown.values():
        assert legacy.startswith("[redacted ") and legacy != new
    store.close()


def test_rows_written_in_clear_before_are_hidden_when_shown(tmp_path: Path) -> None:
    path = tmp_path / "d.sqlite"
    store = DiffStore(str(path))
    store.db.execute("INSERT INTO comparisons (route, method, path, matched, fields, noise, at)"
                     " VALUES ('/r', 'GET', '/r', 0, '{\"body.password\": [\"a1\", \"b2\"]}',"
                     " '[]', 1.0)")
    store.db.commit()
    (_, _, _, legacy, new), = store.summary(1, 0.9)[0].top_fields
    assert legacy.startswith("[redacted ") and new.startswith("[redacted ")
    store.close()


def test_huge_values_cannot_grow_the_file(tmp_path: Path) -> None:
    # The case: 20 rows of 1 MiB strings made an 86 MB file and an 86 MB log.
    path = tmp_path / "d.sqlite"
    store = DiffStore(str(path), max_bytes=1024 * 1024)
    big = "x" * (1 << 20)
    for index in range(20):
        fields = {f"body.items.{j}.text": (big + str(index), big) for j in range(50)}
        if store.record("/r", "GET", "/r/1", fields, {}, at=1.0):
            store.flush()
    store.flush()
    assert sum(_files(path).values()) <= 1024 * 1024
    assert store.summary(1, 0.9)[0].compared >= 1
    store.close()


def test_bytes_are_bounded_as_well_as_rows(tmp_path: Path) -> None:
    path = tmp_path / "d.sqlite"
    store = DiffStore(str(path), max_rows=100_000, max_bytes=1024 * 1024)
    fields = {f"body.items.{j}.name": ("a" * 150 + str(j), "b" * 150) for j in range(50)}
    peak = 0
    for _ in range(1000):  # about 18 MB of rows unbounded
        if store.record("/r", "GET", "/r/1", fields, {}, at=1.0):
            store.flush()
            peak = max(peak, sum(_files(path).values()))
    store.flush()
    rows = store.db.execute("SELECT COUNT(*) FROM comparisons").fetchone()[0]
    assert 10 <= rows < 1000  # the oldest were dropped, the newest kept
    assert peak <= 1024 * 1024
    store.close()


def test_copies_that_were_not_compared_are_counted(tmp_path: Path) -> None:
    store = DiffStore(str(tmp_path / "d.sqlite"))
    store.record("/r", "GET", "/r/1", {}, {}, at=1.0)
    for _ in range(3):
        store.count("/r", "dropped", "busy")
    store.count("/r", "failed")
    store.count("/only-dropped", "dropped", "inflight")
    store.close()
    reader = DiffStore(str(tmp_path / "d.sqlite"))
    summaries = {s.route: s for s in reader.summary(1, 0.9)}
    assert summaries["/r"].outcomes == (("compared", "", 1), ("dropped", "busy", 3),
                                        ("failed", "", 1))
    assert summaries["/only-dropped"].compared == 0
    assert summaries["/only-dropped"].outcomes == (("dropped", "inflight", 1),)
    reader.close()


def test_diff_db_is_relative_to_the_route_table(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    table = tmp_path / "conf" / "strangler.toml"
    assert resolve_diff_db("diffs.sqlite", table) == tmp_path / "conf" / "diffs.sqlite"
    assert resolve_diff_db("/var/x.sqlite", table) == Path("/var/x.sqlite")
    assert resolve_diff_db("diffs.sqlite", None) == Path("diffs.sqlite")
    config = parse_proxy_config('[proxy]\nlegacy = "http://127.0.0.1:9"\ndiff_db = "d.sqlite"'
                                '\ndiff_max_bytes = 2097152\nredact = ["a.b"]\n')
    table.parent.mkdir()
    store = DiffStore.for_config(config, table)
    assert (Path(store.path), store.max_bytes, store.redactor.paths) == (
        table.parent / "d.sqlite", 2097152, ("a.b",))
    store.close()
    assert not (tmp_path / "d.sqlite").exists()
