"""Find table names in raw SQL string literals.

A string counts as SQL only when it starts like a statement (SELECT, INSERT, UPDATE, DELETE,
WITH, REPLACE, CREATE/ALTER/DROP TABLE) and its keywords are upper case, or it has the strict
shape `select <columns> from <table>`: prose such as "Select a file from the list" is not SQL.
"""

from __future__ import annotations

import re

_START = re.compile(
    r"^\s*(SELECT|INSERT|UPDATE|DELETE|WITH|REPLACE|CREATE|ALTER|DROP|MERGE)\b", re.IGNORECASE
)
_NAME = r"""[`"\[]?([A-Za-z_][\w$]*(?:[`"\]]?\.[`"\[]?[A-Za-z_][\w$]*)?)[`"\]]?"""
_READ = re.compile(r"\b(?:FROM|JOIN)\s+" + _NAME, re.IGNORECASE)
_WRITE = [
    re.compile(r"\bINSERT\s+(?:OR\s+\w+\s+)?INTO\s+" + _NAME, re.IGNORECASE),
    re.compile(r"\bREPLACE\s+INTO\s+" + _NAME, re.IGNORECASE),
    re.compile(r"\bUPDATE\s+(?:OR\s+\w+\s+)?" + _NAME + r"\s+SET\b", re.IGNORECASE),
    re.compile(r"\bDELETE\s+FROM\s+" + _NAME, re.IGNORECASE),
    re.compile(r"\b(?:CREATE|ALTER|DROP)\s+TABLE\s+(?:IF\s+(?:NOT\s+)?EXISTS\s+)?" + _NAME,
               re.IGNORECASE),
    re.compile(r"\bMERGE\s+INTO\s+" + _NAME, re.IGNORECASE),
]
_COLUMN = r"(?:[\w.]+|\*)(?:\s+as\s+\w+)?"
_LOWER_SELECT = re.compile(
    r"^\s*select\s+(?:distinct\s+)?" + _COLUMN + r"(?:\s*,\s*" + _COLUMN + r")*\s+from\s+\w+",
    re.IGNORECASE,
)
_CTE = re.compile(r"\b(\w+)\s*(?:\([^)]*\))?\s+AS\s*\(", re.IGNORECASE)
_NOT_TABLES = {"select", "where", "set", "values", "dual", "lateral", "unnest", "as", "on",
               "if", "not", "exists", "only", "table", "join", "into", "from", "with"}
_DEFAULT_SCHEMAS = ("public.", "dbo.", "main.")
# System catalogs of the databases a query-runner or admin module may talk to: PostgreSQL,
# SQLite, SQL Server, MySQL, ClickHouse (`system.`), Redshift (`svv_`, `stv_`, `stl_`, `svl_`),
# Oracle (`dba_`, `all_tab_`, `user_tab_`, `v$`), Snowflake (`snowflake.account_usage.`).
_SYSTEM = re.compile(r"^(information_schema\.|pg_catalog\.|pg_|sqlite_|sys\.|mysql\.|system\.|"
                     r"svv_|stv_|stl_|svl_|dba_|all_tab_|user_tab_|v\$|snowflake\.)",
                     re.IGNORECASE)


def tables_in_sql(text: str) -> list[tuple[str, str]]:
    """[(table, 'read'|'write')] named by `text` if it is SQL, else []."""
    start = _START.match(text)
    if start is None:
        return []
    if not start.group(1).isupper() and not _LOWER_SELECT.match(text):
        return []
    ctes: set[str] = set()
    if start.group(1).upper() == "WITH":
        ctes = {name.lower() for name in _CTE.findall(text)}
    found: dict[str, str] = {}
    for pattern in _WRITE:
        for match in pattern.finditer(text):
            if not _is_call(text, match.end()):
                found[_clean(match.group(1))] = "write"
    for match in _READ.finditer(text):
        if not _is_call(text, match.end()):
            found.setdefault(_clean(match.group(1)), "read")
    return [
        (name, op)
        for name, op in found.items()
        if name and name.lower() not in _NOT_TABLES and name.lower() not in ctes
        and not _SYSTEM.match(name)
    ]


def _is_call(text: str, end: int) -> bool:
    """`FROM generate_series(...)`: a table-valued function, not a table."""
    return text[end:end + 1] == "("


def _clean(name: str) -> str:
    name = name.replace("`", "").replace('"', "").replace("[", "").replace("]", "")
    for schema in _DEFAULT_SCHEMAS:
        if name.lower().startswith(schema):
            return name[len(schema):]
    return name
