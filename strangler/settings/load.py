"""Read `strangler.toml` text against the schema; errors name the key, where it is, and the
closest valid key when a name is unknown."""

from __future__ import annotations

import re
import types
from typing import Annotated, Any, Literal, Union, get_args, get_origin

import msgspec

from strangler.settings.schema import Document, Table
from strangler.settings.toml import SettingsError, parse_toml

__all__ = ["SettingsError", "load_document", "load_text", "parse_toml"]


def load_document(data: dict[str, Any], label: str = "") -> Document:
    """`data` (a parsed file, or its `[tool.strangler]` table named by `label`) as a Document."""
    try:
        return msgspec.convert(data, Document, strict=True)
    except msgspec.ValidationError as exc:
        raise SettingsError(explain(str(exc), data, label)) from None


def load_text(text: str, label: str = "") -> Document:
    """Parse and validate a whole strangler.toml."""
    return load_document(parse_toml(text), label)


# --- turning msgspec's message into one that names the key the user wrote -----------------

_STEP = re.compile(r"\.(\w+)|\[(\d+)\]|(\[\.\.\.\])")
_MISSING = object()


def explain(message: str, data: dict[str, Any], label: str) -> str:
    """msgspec's `reason - at `$.path`` rewritten: the user's path, the value, a suggestion."""
    reason, _, at = message.partition(" - at `")
    steps, annotation, value = _walk(at.rstrip("`") or "$", data)
    where = ".".join(filter(None, (label, *steps))).replace(".[", "[")
    unknown = re.match(r"Object contains unknown field `(.*)`$", reason)
    if unknown:
        return _unknown(unknown.group(1), annotation, where)
    missing = re.match(r"Object missing required field `(.*)`$", reason)
    if missing:
        return f"{where or 'top level'}: required key {missing.group(1)!r} is missing"
    if reason.startswith(("Expected", "Invalid enum value")):
        expected = describe(annotation)
        if expected == "a table" and where and "[" not in where:
            where = f"[{where}]"
        return f"{where}: expected {expected}, got {_toml(value)}"
    own = re.match(r"(\w+): (.*)$", reason)  # a __post_init__ check names its key
    if own and own.group(1) in _fields(annotation):
        return f"{where + '.' if where else ''}{own.group(1)}: {own.group(2)}"
    return f"{where or 'top level'}: {reason}"


def _unknown(key: str, annotation: Any, where: str) -> str:
    import difflib  # only on this error path

    valid = list(_fields(annotation))
    if where and key in _fields(Document):  # TOML puts keys after [table] into that table
        return (f"{where}: unknown key {key!r}; it is a top-level key: move it above the "
                "first [table] header")
    close = difflib.get_close_matches(key, valid, n=1, cutoff=0.6)
    hint = f"did you mean {close[0]!r}?" if close else f"valid keys: {', '.join(valid)}"
    return f"{where or 'top level'}: unknown key {key!r}; {hint}"


def _walk(path: str, data: Any) -> tuple[list[str], Any, Any]:
    """Follow msgspec's path through the data and the schema: the user's steps, the type and
    the value there. msgspec writes `[...]` for a dict key; the key is the first entry that
    fails on its own."""
    steps: list[str] = []
    annotation: Any = Document
    value: Any = data
    for name, index, any_key in (m.groups() for m in _STEP.finditer(path)):
        annotation = _pick(annotation, value)
        if name is not None:
            annotation = _fields(annotation).get(name, Any)
            value = value.get(name, _MISSING) if isinstance(value, dict) else _MISSING
            steps.append(name)
        elif index is not None:
            annotation = _args(annotation)[0] if _args(annotation) else Any
            value = value[int(index)] if isinstance(value, list) else _MISSING
            steps.append(f"[{index}]")
        elif any_key and isinstance(value, dict):
            annotation = _args(annotation)[-1]
            key = next((k for k, v in value.items() if not _fits(v, annotation)), "...")
            value = value.get(key, _MISSING)
            steps.append(key if re.fullmatch(r"[\w-]+", key) else repr(key))
    return steps, _pick(annotation, value), value


def _fits(value: Any, annotation: Any) -> bool:
    try:
        msgspec.convert(value, annotation, strict=True)
    except msgspec.ValidationError:
        return False
    return True


def bare_type(annotation: Any) -> Any:
    """The type without Annotated's metadata."""
    while get_origin(annotation) is Annotated:
        annotation = get_args(annotation)[0]
    return annotation


def _args(annotation: Any) -> tuple[Any, ...]:
    return get_args(bare_type(annotation))


def union_members(annotation: Any) -> tuple[Any, ...]:
    bare = bare_type(annotation)
    if get_origin(bare) in (Union, types.UnionType):
        return tuple(bare_type(a) for a in get_args(bare))
    return (bare,)


def _pick(annotation: Any, value: Any) -> Any:
    """The member of a union that the value's TOML kind selects (a table, a list, ...)."""
    options = union_members(annotation)
    if len(options) == 1:
        return annotation
    for option in options:
        origin = get_origin(option) or option
        if isinstance(value, dict) and (origin is dict or is_table(option)):
            return option
        if isinstance(value, list) and origin is list:
            return option
    return annotation


def is_table(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, Table)


def _fields(annotation: Any) -> dict[str, Any]:
    """A table's keys and their types ({} for anything else)."""
    bare = bare_type(annotation)
    if not is_table(bare):
        return {}
    return {f.encode_name: f.type for f in msgspec.structs.fields(bare)}


def describe(annotation: Any) -> str:
    """What a value of this type looks like, for messages and docs/config.md."""
    options = union_members(annotation)
    if len(options) > 1:
        named = [describe(a) for a in options if a is not type(None)]
        return ", ".join(named[:-1]) + " or " + named[-1] if len(named) > 1 else named[0]
    bare = options[0]
    bounds = ""
    for meta in get_args(annotation)[1:] if get_origin(annotation) is Annotated else ():
        low, high = getattr(meta, "ge", None), getattr(meta, "le", None)
        if low is not None and high is not None and high < 1e300:
            bounds = f" from {_number(low)} to {_number(high)}"
        elif low is not None:
            bounds = f" of at least {_number(low)}"
    if get_origin(bare) is Literal:
        return "one of " + ", ".join(f'"{v}"' for v in get_args(bare))
    if get_origin(bare) is list:
        inner = describe(get_args(bare)[0])
        plural = {"a string": "strings", "a table": "tables"}
        return f"a list of {plural[inner]}" if inner in plural else f"a list of ({inner})"
    if get_origin(bare) is dict:
        return "a table"
    simple = {bool: "true or false", int: "an integer", float: "a number", str: "a string"}
    if bare in simple:
        return simple[bare] + bounds
    return "a table" if is_table(bare) else str(bare)


def _number(value: float) -> str:
    return f"{value:,}".replace(",", "_") if isinstance(value, int) else f"{value:g}"


def _toml(value: Any) -> str:
    if value is _MISSING:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list" if len(repr(value)) > 60 else repr(value)
    return repr(value)
