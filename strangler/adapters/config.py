"""Find and read the seam configuration of an analyzed project."""

from __future__ import annotations

from pathlib import Path

from strangler.seams.config import ConfigError, SeamConfig, parse_config


def load_config(root: Path, explicit: Path | None = None) -> tuple[SeamConfig, str]:
    """(config, its text for cache keys): `explicit`, else strangler.toml, else pyproject.toml."""
    candidates = [explicit] if explicit else [root / "strangler.toml", root / "pyproject.toml"]
    for path in candidates:
        if path is None or not path.is_file():
            if explicit is not None:
                raise ConfigError(f"config file not found: {explicit}")
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(f"cannot read {path}: {exc}") from exc
        config = parse_config(text, str(path), in_pyproject=path.name == "pyproject.toml")
        return config, text
    return SeamConfig(), ""
