"""The service's dependencies come from the monolith's own metadata, with its pins (issue 12,
item 8): import names resolved to the distributions the project declares, never guessed."""

from __future__ import annotations

from pathlib import Path

from helpers import build_tree

from strangler.adapters.project_metadata import read_metadata, resolve


def test_requirements_and_setup_cfg_pins(tmp_path: Path) -> None:
    root = build_tree(tmp_path / "p", {
        "requirements.txt": """
            Flask-SQLAlchemy==2.3.2  # the ORM
            python-socketio>=5 ; python_version >= "3.8"
            -e .
            git+https://example.com/x.git
            ffmpeg-python==0.2.0
            """,
        "setup.cfg": """
            [options]
            python_requires = >=3.8
            install_requires =
                celery>=4
                Flask-SQLAlchemy
            """,
    })
    metadata = read_metadata(root)
    assert metadata.requires_python == ">=3.8"
    assert resolve("flask_sqlalchemy", "Flask-SQLAlchemy", metadata) == "Flask-SQLAlchemy==2.3.2"
    assert resolve("socketio", None, metadata) == "python-socketio>=5"
    assert resolve("ffmpeg", None, metadata) == "ffmpeg-python==0.2.0"
    assert resolve("celery", None, metadata) == "celery>=4"
    assert resolve("azure", None, metadata) is None  # declared nowhere: reported, not guessed


def test_lock_files_pin_what_pyproject_declares(tmp_path: Path) -> None:
    root = build_tree(tmp_path / "p", {
        "pyproject.toml": """
            [project]
            name = "app"
            requires-python = ">=3.10"
            dependencies = ["fastapi>=0.100", "loguru"]

            [tool.poetry.dependencies]
            python = "^3.10"
            bolt11 = "^2.0"
            """,
        "uv.lock": """
            version = 1

            [[package]]
            name = "fastapi"
            version = "0.116.2"

            [[package]]
            name = "starlette"
            version = "0.47.0"
            """,
    })
    metadata = read_metadata(root)
    assert metadata.requires_python == ">=3.10"
    assert resolve("fastapi", "fastapi", metadata) == "fastapi==0.116.2"
    assert resolve("loguru", None, metadata) == "loguru"
    assert resolve("bolt11", None, metadata) == "bolt11>=2.0"
    assert resolve("starlette", None, metadata) == "starlette==0.47.0"  # locked, transitively
