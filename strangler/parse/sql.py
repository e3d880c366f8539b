"""Find table names in raw SQL string literals.

A string counts as SQL only when it starts like a statement (SELECT, INSERT, UPDATE, DELETE,
WITH, REPLACE, CREATE/ALTER/DROP TABLE) and its keywords are upper case, or it has the strict
shape `select <columns> from <table>`: prose such as "Select a file from the list" is not SQL.
"""

from __future__ import annotations

import re
from functools import cache
from typing import NamedTuple

_START = re.compile(
    r"^\s*(SELECT|INSERT|UPDATE|DELETE|WITH|REPLACE|CREATE|ALTER|DROP|MERGE)\b", re.IGNORECASE
)
_NAME = r"""[`"\[]?([A-Za-z_][\w$]*(?:[`"\]]?\.[`"\[]?[A-Za-z_][\w$]*)?)[`"\]]?"""
_COLUMN = r"(?:[\w.]+|\*)(?:\s+as\s+\w+)?"
_IDENT = r"""[`"\[]?([A-Za-z_][\w$]*)[`"\]]?"""
_NOT_TABLES = {"select", "where", "set", "values", "dual", "lateral", "unnest", "as", "on",
               "if", "not", "exists", "only", "table", "join", "into", "from", "with"}
_DEFAULT_SCHEMAS = ("public.", "dbo.", "main.")
# What a CREATE TABLE item or an ALTER TABLE ... ADD starts with when it is not a column.
_NOT_COLUMNS = frozenset({"primary", "unique", "foreign", "constraint", "check", "index", "key",
                          "exclude", "fulltext", "spatial", "like", "period"})


class _Patterns(NamedTuple):
    read: re.Pattern[str]
    writes: tuple[re.Pattern[str], ...]
    lower_select: re.Pattern[str]
    cte: re.Pattern[str]
    inner_with: re.Pattern[str]
    system: re.Pattern[str]
    create: re.Pattern[str]
    alter: re.Pattern[str]
    add: re.Pattern[str]
    rename: re.Pattern[str]


@cache
def _patterns() -> _Patterns:
    """Compiled when the first string that starts like SQL is read: most files have none,
    and compiling these took 4 ms of every run's start-up (docs/benchmarks.md)."""
    return _Patterns(
        read=re.compile(r"\b(?:FROM|JOIN)\s+" + _NAME, re.IGNORECASE),
        writes=(
            re.compile(r"\bINSERT\s+(?:OR\s+\w+\s+)?INTO\s+" + _NAME, re.IGNORECASE),
            re.compile(r"\bREPLACE\s+INTO\s+" + _NAME, re.IGNORECASE),
            re.compile(r"\bUPDATE\s+(?:OR\s+\w+\s+)?" + _NAME + r"\s+SET\b", re.IGNORECASE),
            re.compile(r"\bDELETE\s+FROM\s+" + _NAME, re.IGNORECASE),
            re.compile(r"\b(?:CREATE|ALTER|DROP)\s+TABLE\s+(?:IF\s+(?:NOT\s+)?EXISTS\s+)?"
                       + _NAME, re.IGNORECASE),
            re.compile(r"\bMERGE\s+INTO\s+" + _NAME, re.IGNORECASE),
        ),
        lower_select=re.compile(r"^\s*select\s+(?:distinct\s+)?" + _COLUMN + r"(?:\s*,\s*"
                                + _COLUMN + r")*\s+from\s+\w+", re.IGNORECASE),
        cte=re.compile(r"\b(\w+)\s*(?:\([^)]*\))?\s+AS\s*\(", re.IGNORECASE),
        inner_with=re.compile(r"\bWITH\s+(?:RECURSIVE\s+)?\w+\s*(?:\([^)]*\))?\s+AS\s*\(",
                              re.IGNORECASE),
        # System catalogs of the databases a query-runner or admin module may talk to:
        # PostgreSQL, SQLite, SQL Server, MySQL, ClickHouse (`system.`), Redshift (`svv_`,
        # `stv_`, `stl_`, `svl_`), Oracle (`dba_`, `all_tab_`, `user_tab_`, `v$`), Snowflake
        # (`snowflake.account_usage.`), DB2 (`syscat.`, `sysibm.`, `sysstat.`),
        # Cassandra/ScyllaDB (`system_schema.`), Exasol (`exa_`).
        system=re.compile(r"^(information_schema\.|pg_catalog\.|pg_|sqlite_|sys\.|mysql\.|"
                          r"system\.|svv_|stv_|stl_|svl_|dba_|all_tab_|user_tab_|v\$|"
                          r"snowflake\.|syscat\.|sysibm\.|sysstat\.|system_schema\.|"
                          r"exa_(?:all|dba|user)_)", re.IGNORECASE),
        create=re.compile(r"\bCREATE\s+(?:(?:GLOBAL\s+|LOCAL\s+)?TEMP(?:ORARY)?\s+|UNLOGGED\s+)?"
                          r"TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?" + _NAME + r"\s*\(", re.IGNORECASE),
        alter=re.compile(r"\bALTER\s+TABLE\s+(?:IF\s+EXISTS\s+)?(?:ONLY\s+)?" + _NAME
                         + r"\s+([^;]*)", re.IGNORECASE),
        add=re.compile(r"\bADD\s+(?:COLUMN\s+)?(?:IF\s+NOT\s+EXISTS\s+)?" + _IDENT
                       + r"(?:\s+([A-Za-z_]\w*))?", re.IGNORECASE),
        rename=re.compile(r"\bRENAME\s+COLUMN\s+" + _IDENT + r"\s+TO\s+" + _IDENT,
                          re.IGNORECASE),
    )


def tables_in_sql(text: str) -> list[tuple[str, str]]:
    """[(table, 'read'|'write')] named by `text` if it is SQL, else []."""
    start = _START.match(text)
    if start is None:
        return []
    patterns = _patterns()
    if not start.group(1).isupper() and not patterns.lower_select.match(text):
        return []
    ctes: set[str] = set()
    # (a WITH opens the statement, or a subquery inside it: `ARRAY(WITH RECURSIVE cte AS (`)
    if start.group(1).upper() == "WITH" or patterns.inner_with.search(text):
        ctes = {name.lower() for name in patterns.cte.findall(text)}
    found: dict[str, str] = {}
    for pattern in patterns.writes:
        for match in pattern.finditer(text):
            if not _is_call(text, match.end()) and not _is_label(text, match.end()):
                found[_clean(match.group(1))] = "write"
    for match in patterns.read.finditer(text):
        if not _is_call(text, match.end()) and not _is_label(text, match.end()):
            found.setdefault(_clean(match.group(1)), "read")
    return [
        (name, op)
        for name, op in found.items()
        if name and name.lower() not in _NOT_TABLES and name.lower() not in ctes
        and not patterns.system.match(name)
    ]


def _is_call(text: str, end: int) -> bool:
    """`FROM generate_series(...)`: a table-valued function, not a table."""
    return text[end:end + 1] == "("


def _is_label(text: str, end: int) -> bool:
    """`CREATE TABLE query: %s` (a log line) or N1QL's `system:keyspaces`: no SQL table name
    is followed by a colon."""
    return text[end:end + 1] == ":" and text[end + 1:end + 2] != ":"


def _clean(name: str) -> str:
    name = name.replace("`", "").replace('"', "").replace("[", "").replace("]", "")
    for schema in _DEFAULT_SCHEMAS:
        if name.lower().startswith(schema):
            return name[len(schema):]
    return name


def columns_in_ddl(text: str) -> list[tuple[str, tuple[tuple[str, str], ...]]]:
    """[(table, ((column, type), ...))] that CREATE TABLE and ALTER TABLE ... ADD COLUMN /
    RENAME COLUMN ... TO in `text` name; the type is its first word ('' when not a word, as
    an f-string's `{}`)."""
    patterns = _patterns()
    found: list[tuple[str, tuple[tuple[str, str], ...]]] = []
    for match in patterns.create.finditer(text):
        columns = tuple(column for item in _items(text, match.end())
                        if (column := _column(item)) is not None)
        if columns:
            found.append((_clean(match.group(1)), columns))
    for match in patterns.alter.finditer(text):
        body = match.group(2)
        added = [(name, kind or "") for name, kind in patterns.add.findall(body)
                 if name.lower() not in _NOT_COLUMNS]
        added += [(new, "") for _old, new in patterns.rename.findall(body)]
        if added:
            found.append((_clean(match.group(1)), tuple(added)))
    return found


def _items(text: str, start: int) -> list[str]:
    """The comma-separated items of the parenthesized list that starts at `start`."""
    items, depth, begin = [], 0, start
    for position in range(start, len(text)):
        char = text[position]
        if char == "(":
            depth += 1
        elif char == ")":
            if depth == 0:
                items.append(text[begin:position])
                return items
            depth -= 1
        elif char == "," and depth == 0:
            items.append(text[begin:position])
            begin = position + 1
    return items  # unclosed: the items seen


def _column(item: str) -> tuple[str, str] | None:
    words = item.split()
    if not words:
        return None
    name = words[0].strip('`"[]')
    if not re.fullmatch(r"[A-Za-z_][\w$]*", name) or name.lower() in _NOT_COLUMNS:
        return None
    kind = re.match(r"[A-Za-z_]\w*", words[1]) if len(words) > 1 else None
    return name, kind.group(0) if kind else ""
