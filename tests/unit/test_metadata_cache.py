"""Entry points and the seam configuration, kept in the cache under the bytes of the files
they are read from (strangler/adapters/metadata_cache.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

import strangler.adapters.metadata_cache as metadata_cache
from strangler.adapters.cache import MemoryStore
from strangler.adapters.metadata_cache import config_reusing, entry_points_reusing
from strangler.seams.config import ConfigError

PYPROJECT = '''[project]
name = "shop"

[project.entry-points."shop.plugins"]
billing = "shop.billing:Plugin"
'''
SETUP_PY = 'from setuptools import setup\nsetup(entry_points={"shop.jobs": ["a = shop.jobs"]})\n'


def _refuse(*args: object) -> None:
    raise AssertionError("read again although no file changed")


@pytest.fixture
def root(tmp_path: Path) -> Path:
    (tmp_path / "pyproject.toml").write_text(PYPROJECT)
    (tmp_path / "setup.py").write_text(SETUP_PY)
    return tmp_path


def test_entry_points_are_read_once_per_content(root: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    store = MemoryStore()
    first = entry_points_reusing(root, store)
    assert {(e.group, e.module) for e in first} == {("shop.plugins", "shop.billing"),
                                                     ("shop.jobs", "shop.jobs")}
    with monkeypatch.context() as patch:
        patch.setattr(metadata_cache, "read_entry_points", _refuse)
        assert entry_points_reusing(root, store) == first
    (root / "setup.py").write_text(SETUP_PY.replace("shop.jobs\"", "shop.tasks\""))
    assert {e.group for e in entry_points_reusing(root, store)} == {"shop.plugins",
                                                                     "shop.tasks"}
    (root / "setup.cfg").write_text("[options.entry_points]\nshop.cli =\n  x = shop.cli\n")
    assert "shop.cli" in {e.group for e in entry_points_reusing(root, store)}
    (root / "setup.cfg").unlink()
    assert "shop.cli" not in {e.group for e in entry_points_reusing(root, store)}


def test_the_readers_code_is_in_the_key(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = MemoryStore()
    entry_points_reusing(root, store)
    monkeypatch.setattr(metadata_cache, "code_fingerprint", lambda *parts: "other code")
    calls: list[Path] = []
    monkeypatch.setattr(metadata_cache, "read_entry_points",
                        lambda path: calls.append(path) or ())
    assert entry_points_reusing(root, store) == ()
    assert calls == [root]


def test_config_is_read_once_per_content(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = MemoryStore()
    config, text = config_reusing(root, None, store)
    assert text == PYPROJECT and config.seed == 42
    with monkeypatch.context() as patch:
        patch.setattr(metadata_cache, "load_config", _refuse)
        assert config_reusing(root, None, store) == (config, text)
    (root / "strangler.toml").write_text("seed = 7\n")  # found first
    config, text = config_reusing(root, None, store)
    assert (config.seed, text) == (7, "seed = 7\n")
    explicit = root / "other.toml"
    explicit.write_text("seed = 9\n")
    assert config_reusing(root, explicit, store)[0].seed == 9
    assert config_reusing(root, None, store)[0].seed == 7


def test_a_config_error_is_raised_on_every_run(root: Path) -> None:
    store = MemoryStore()
    (root / "strangler.toml").write_text("no_such_key = 1\n")
    for _ in range(2):
        with pytest.raises(ConfigError):
            config_reusing(root, None, store)
    with pytest.raises(ConfigError):
        config_reusing(root, root / "missing.toml", store)


def test_a_file_saved_while_it_is_read_is_not_kept(root: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """The key is made from the bytes before the reader opens the file again: a save in
    between must not leave the new content under the old bytes' key (reused, stale, once the
    file holds the old bytes again)."""
    store = MemoryStore()
    toml = root / "strangler.toml"
    toml.write_text("seed = 7\n")
    real = metadata_cache.load_config

    def saved_meanwhile(*args: object) -> object:
        toml.write_text("seed = 8\n")  # the editor saves just before the reader opens it
        return real(*args)  # type: ignore[arg-type]

    with monkeypatch.context() as patch:
        patch.setattr(metadata_cache, "load_config", saved_meanwhile)
        assert config_reusing(root, None, store)[0].seed == 8
    toml.write_text("seed = 7\n")  # undone: the old bytes again
    assert config_reusing(root, None, store)[0].seed == 7
