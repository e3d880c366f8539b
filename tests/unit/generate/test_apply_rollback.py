"""A rolled-back --apply leaves the tree as it was, also when the checks ran code that
wrote into the new folders (mealie's service made its data folders under src/)."""

from __future__ import annotations

from pathlib import Path

from strangler.adapters.apply import apply_files, rollback


def test_rollback_removes_what_the_checks_wrote_in_new_folders(tmp_path: Path) -> None:
    root = tmp_path / "mono"
    (root / "app").mkdir(parents=True)
    (root / "app" / "views.py").write_text("x = 1\n")
    (root / "app" / "data").mkdir()
    (root / "app" / "data" / "keep.txt").write_text("the user's\n")
    report = apply_files(root, root / "services" / "s", [
        ("services/s/src/app/views.py", "x = 1\n"),
        ("services/s/README.md", "# s\n"),
        ("app/s_client/__init__.py", ""),
    ], [("app/views.py", "x = 1\n", "x = 2\n")])
    # what a boot check leaves behind: a data folder and a cache, not written by apply
    (root / "services" / "s" / "src" / "dev" / "data").mkdir(parents=True)
    (root / "services" / "s" / "src" / "dev" / "data" / "mealie.db").write_text("")
    (root / "app" / "s_client" / "__pycache__").mkdir()
    (root / "app" / "s_client" / "__pycache__" / "x.pyc").write_text("")
    (root / "app" / "data" / "new.txt").write_text("made by the tests\n")
    rollback(root, report)
    assert not (root / "services").exists()
    assert not (root / "app" / "s_client").exists()
    assert (root / "app" / "views.py").read_text() == "x = 1\n"
    # an existing folder is the user's: only what apply wrote is taken out of it
    assert (root / "app" / "data" / "keep.txt").exists()
    assert (root / "app" / "data" / "new.txt").exists()
