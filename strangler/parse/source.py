"""Turn a file's bytes into text and a stdlib `ast` tree, or a reason why not.

Parsing is the hot path of `strangler analyze`, so the stdlib parser (C, fast) reads every
file first. Only files it rejects go to libcst, whose grammar knows syntax newer than the
running interpreter (PEP 695 generics, PEP 701 f-strings, PEP 758 excepts, t-strings ...);
libcst lowers those constructs to equivalents this interpreter parses, keeping every line
where it was, so the facts keep their true line numbers.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
from dataclasses import dataclass

_CODING = re.compile(rb"^[ \t\f]*#.*?coding[:=]")
_NESTING_LIMIT = 180  # libcst's native parser overflows the C stack on very deep nesting


def _undecodable(line: bytes) -> bool:
    try:
        line.decode("utf-8")
    except UnicodeDecodeError:
        return True
    return False


def _max_nesting(text: str) -> int:
    """Deepest bracket nesting, counting brackets inside strings too (an upper bound)."""
    depth = deepest = 0
    for char in text:
        if char in "([{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in ")]}":
            depth = max(0, depth - 1)
    return deepest


@dataclass(frozen=True, slots=True)
class Decoded:
    """The text of a file, or why it could not be decoded."""

    text: str | None
    problem: str | None
    line: int = 0


def decode(data: bytes) -> Decoded:
    """Decode source bytes honouring a BOM and a PEP 263 coding line."""
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        return Decoded(None, "contains NUL bytes: binary data, not Python source", line)
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    except SyntaxError as exc:
        head = data.split(b"\n", 2)[:2]
        if any(_CODING.search(line) for line in head):
            return Decoded(None, f"bad encoding declaration: {exc.msg}", exc.lineno or 1)
        line = 1 if _undecodable(head[0]) else 2
        return Decoded(None, f"cannot decode as utf-8 (no coding declaration): bad bytes in "
                             f"line {line}", line)
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        line = 1
        if isinstance(exc, UnicodeDecodeError):
            line = data[: exc.start].count(b"\n") + 1
        return Decoded(None, f"cannot decode as {encoding}: {exc}", line)
    if text.startswith("\ufeff"):
        text = text[1:]
    return Decoded(text, None)


@dataclass(frozen=True, slots=True)
class Parsed:
    """The syntax tree of a file, or why it could not be parsed."""

    tree: ast.Module | None
    problem: str | None
    line: int = 0
    lowered: bool = False  # parsed after lowering newer syntax or renaming pre-3.7 names


def parse(text: str, filename: str) -> Parsed:
    """Parse with the stdlib; fall back to libcst for syntax newer than this interpreter."""
    try:
        return Parsed(ast.parse(text, filename), None)
    except SyntaxError as exc:
        first_error = exc
    except (RecursionError, MemoryError, ValueError) as exc:
        return Parsed(None, f"cannot parse: {type(exc).__name__}: nesting too deep", 1)
    if "too many nested" in (first_error.msg or "") or _max_nesting(text) > _NESTING_LIMIT:
        return Parsed(None, f"cannot parse: nesting too deep ({first_error.msg})",
                      first_error.lineno or 1)
    from strangler.parse.lowering import (  # libcst: imported only when needed
        lower_new_syntax,
        rename_old_keywords,
    )

    # Newer syntax than this interpreter's (libcst lowers it), then the grammar before 3.7,
    # where `async` and `await` were names, then both (old names in a file with new syntax).
    renamed = rename_old_keywords(text)
    candidates = (lambda: lower_new_syntax(text), lambda: renamed,
                  lambda: lower_new_syntax(renamed) if renamed else None)
    for candidate in candidates:
        lowered = candidate()
        if lowered is None:
            continue
        try:
            return Parsed(ast.parse(lowered, filename), None, lowered=True)
        except (SyntaxError, RecursionError, MemoryError, ValueError):
            pass
    return Parsed(None, _describe_syntax_error(first_error), first_error.lineno or 1)


def _describe_syntax_error(exc: SyntaxError) -> str:
    message = exc.msg or "invalid syntax"
    if "Missing parentheses in call to 'print'" in message or "exec" in message:
        return f"syntax error: {message} (Python 2 code?)"
    if message.startswith("invalid syntax") and exc.text and exc.text.lstrip().startswith(
        ("print ", "exec ")
    ):
        return f"syntax error: {message} (Python 2 code?)"
    return f"syntax error: {message}"
