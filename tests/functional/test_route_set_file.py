"""`strangler route set` / `chaos` on the file: locked, atomic, mode, symlink and comments kept."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from strangler.adapters.locked_edit import edit_locked
from strangler.cli.app import app
from strangler.proxy.config import parse_proxy_config

ROUTES = 10
TABLE = "# owned by the platform team\n[proxy]\nlegacy = \"http://127.0.0.1:5000\"\n" + "".join(
    f'\n[[routes]]\nprefix = "/r{i}"  # route {i}\nupstream = "http://127.0.0.1:{8000 + i}"\n'
    f'mode = "shadow"\n' for i in range(ROUTES))

# Each child imports everything first and waits for "go", so all of them edit at once.
CHILD = """
import sys
from strangler.cli.app import app
print("ready", flush=True)
sys.stdin.readline()
sys.argv = ["strangler", "route", "set", sys.argv[1], "new", "--config", sys.argv[2]]
app()
"""


def _modes(path: Path) -> dict[str, str]:
    return {r.prefix: r.mode for r in parse_proxy_config(path.read_text()).routes}


def test_concurrent_route_sets_on_different_routes_all_land(tmp_path: Path) -> None:
    config = tmp_path / "strangler.toml"
    config.write_text(TABLE)
    children = [subprocess.Popen([sys.executable, "-c", CHILD, f"/r{i}", str(config)],
                                 stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, text=True) for i in range(ROUTES)]
    for child in children:
        assert child.stdout is not None and child.stdout.readline() == "ready\n"
    for child in children:
        assert child.stdin is not None
        child.stdin.write("go\n")
        child.stdin.flush()
    for child in children:
        _, err = child.communicate(timeout=120)
        assert child.returncode == 0, err
    assert _modes(config) == {f"/r{i}": "new" for i in range(ROUTES)}
    text = config.read_text()
    assert text.startswith("# owned by the platform team\n") and "# route 9" in text


def test_mode_symlink_and_comments_are_kept(tmp_path: Path) -> None:
    real = tmp_path / "shared" / "strangler.toml"
    real.parent.mkdir()
    real.write_text(TABLE)
    os.chmod(real, 0o644)
    link = tmp_path / "project" / "strangler.toml"
    link.parent.mkdir()
    link.symlink_to(real)
    result = CliRunner().invoke(app, ["route", "set", "/r3", "canary", "--percent", "5",
                                      "--config", str(link)])
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert stat.S_IMODE(real.stat().st_mode) == 0o644
    assert _modes(link)["/r3"] == "canary" and '"/r3"  # route 3' in real.read_text()
    os.chmod(real, 0o640)
    result = CliRunner().invoke(app, ["chaos", "/r4", "--latency-ms", "30", "--config",
                                      str(link)])
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and stat.S_IMODE(real.stat().st_mode) == 0o640
    assert parse_proxy_config(real.read_text()).routes[4].chaos.latency_ms == 30
    # no temporary file and no lock file left: an untracked file would make the git tree
    # look dirty, and `strangler extract --apply` refuses a dirty tree
    assert [p.name for p in real.parent.iterdir()] == ["strangler.toml"]


def test_a_refused_edit_leaves_the_file_untouched(tmp_path: Path) -> None:
    config = tmp_path / "strangler.toml"
    broken = TABLE.replace('mode = "shadow"', 'mdoe = "shadow"', 1)
    config.write_text(broken)
    before = config.stat().st_mtime_ns
    result = CliRunner().invoke(app, ["route", "set", "/r1", "new", "--config", str(config)])
    assert result.exit_code == 2
    assert "routes[0]: unknown key 'mdoe'; did you mean 'mode'?" in result.output
    assert config.read_text() == broken and config.stat().st_mtime_ns == before
    result = CliRunner().invoke(app, ["route", "set", "/r1", "canary", "--percent", "101",
                                      "--config", str(config)])
    assert result.exit_code == 2 and config.read_text() == broken
    missing = CliRunner().invoke(app, ["route", "set", "/r1", "new", "--config",
                                       str(tmp_path / "none.toml")])
    assert missing.exit_code == 2 and not (tmp_path / "none.toml").exists()


def test_edit_locked_creates_a_missing_file_only_when_the_change_succeeds(
        tmp_path: Path) -> None:
    target = tmp_path / "strangler.toml"

    def refuse(text: str) -> str:
        raise ValueError("no")

    with pytest.raises(ValueError):
        edit_locked(target, refuse, create=True)
    assert not target.exists()
    with pytest.raises(FileNotFoundError):
        edit_locked(target, lambda text: text + "x = 1\n")
    assert edit_locked(target, lambda text: text + "[seams]\n", create=True) == "[seams]\n"
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~umask
    assert [p.name for p in tmp_path.iterdir()] == ["strangler.toml"]
