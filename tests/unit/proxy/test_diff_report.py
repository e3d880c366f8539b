"""`strangler diff`: says when there is nothing yet, shows copies not compared, prints JSON,
and its exit code gates a promotion (0 ready, 1 not, 2 bad input)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from strangler.cli.app import app
from strangler.proxy.store import DiffStore

TABLE = '''[proxy]
legacy = "http://127.0.0.1:9"
diff_db = "diffs.sqlite"

[proxy.promote]
min_samples = 10
match_rate = 0.9

[[routes]]
prefix = "/ready"
upstream = "http://127.0.0.1:10"

[[routes]]
prefix = "/risky"
upstream = "http://127.0.0.1:10"

[[routes]]
prefix = "/idle"
upstream = "http://127.0.0.1:10"
'''


@pytest.fixture()
def table(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "conf"
    folder.mkdir()
    path = folder / "strangler.toml"
    path.write_text(TABLE)
    monkeypatch.chdir(tmp_path)  # diff_db is found next to the table, not here
    return path


def _fill(table: Path) -> None:
    store = DiffStore(str(table.parent / "diffs.sqlite"))
    for index in range(20):
        store.record("/ready", "GET", "/ready/x", {}, {}, at=1.0)
        fields = {"body.user.token": ("t-1", "t-2")} if index % 2 else {}
        store.record("/risky", "GET", "/risky/x", fields, {}, at=1.0)
    for _ in range(114):
        store.count("/risky", "dropped", "busy")
    store.count("/risky", "failed", "timeout")
    store.close()


def _diff(table: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["diff", "--config", str(table), *args])
    return result.exit_code, result.output


def test_an_empty_store_says_so_and_is_not_ready(table: Path) -> None:
    code, out = _diff(table)
    assert code == 1 and out.startswith("no comparisons yet")
    code, out = _diff(table, "--format", "json")
    assert code == 1 and json.loads(out)["routes"] == [] and not json.loads(out)["ready"]


def test_text_shows_dropped_and_failed_copies_and_hides_secrets(table: Path) -> None:
    _fill(table)
    code, out = _diff(table)
    assert code == 1  # /risky is not ready
    assert "/ready: 20 compared, 100.0% match: READY to promote" in out
    assert "/risky: 20 compared, 50.0% match: not ready" in out
    assert "copies so far: 20 compared, 114 dropped (busy 114), 1 failed (timeout 1)" in out
    assert "body.user.token" in out and "t-1" not in out and "[redacted " in out


def test_json_and_the_exit_code_per_named_route(table: Path) -> None:
    _fill(table)
    code, out = _diff(table, "--format", "json", "--route", "/ready")
    report = json.loads(out)
    assert code == 0 and report["ready"] is True
    assert [r["route"] for r in report["routes"]] == ["/ready"]
    assert report["routes"][0]["copies"] == {"compared": 20}
    code, out = _diff(table, "--format", "json", "--route", "/ready", "--route", "/risky/")
    risky = json.loads(out)["routes"][1]
    assert code == 1 and risky["copies"]["dropped"] == {"busy": 114}
    assert risky["top_fields"][0]["field"] == "body.user.token"
    code, out = _diff(table, "--route", "/idle")  # in the table, never compared
    assert code == 1 and "/idle: no comparisons yet" in out
    assert _diff(table, "--format", "json") == _diff(table, "--format", "json")  # stable


def test_bad_input_exits_2(table: Path) -> None:
    _fill(table)
    assert _diff(table, "--route", "/nope")[0] == 2
    assert _diff(table, "--format", "yaml")[0] == 2
    (table.parent / "diffs.sqlite").write_bytes(b"not a database" * 100)
    for suffix in ("-wal", "-shm"):
        (table.parent / f"diffs.sqlite{suffix}").unlink(missing_ok=True)
    code, out = _diff(table)
    assert code == 2 and "cannot read the diff store" in out
