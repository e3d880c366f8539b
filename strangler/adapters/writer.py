"""Write report files into the output folder, atomically, touching no other file."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from strangler.adapters.atomic import replace_file


class OutputError(Exception):
    """The output folder cannot be created or written."""


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _writer(content: bytes) -> Callable[[BinaryIO], object]:
    return lambda handle: handle.write(content)


def write_outputs(out_dir: Path, files: dict[str, bytes]) -> list[Path]:
    """Write each named file into `out_dir` (temp file + rename); return the paths written."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create output folder {out_dir}: {exc.strerror or exc}") from exc
    if not out_dir.is_dir():
        raise OutputError(f"output path {out_dir} exists and is not a folder")
    written: list[Path] = []
    for name, content in files.items():
        target = out_dir / name
        try:
            replace_file(str(target), _writer(content), prefix=f".{name}.", suffix="",
                         mode=0o666 & ~_umask())
        except OSError as exc:
            raise OutputError(f"cannot write {target}: {exc.strerror or exc}") from exc
        written.append(target)
    return written
