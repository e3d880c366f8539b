"""Table columns across files: the columns Django's user models give a custom user model,
the DDL fallback (CREATE/ALTER TABLE strings, alembic), and each column once."""

from __future__ import annotations

from collections import defaultdict

from strangler.model import ColumnRow, TableColumn
from strangler.parse.link.names import Linker

# Django's user models, whose fields a custom user model inherits from outside the project.
_BASE_USER: tuple[ColumnRow, ...] = (("password", "CharField"), ("last_login", "DateTimeField"))
DJANGO_USER_BASES: dict[str, tuple[ColumnRow, ...]] = {
    "django.contrib.auth.base_user.AbstractBaseUser": _BASE_USER,
    "django.contrib.auth.models.AbstractBaseUser": _BASE_USER,
    "django.contrib.auth.models.AbstractUser": _BASE_USER + (
        ("username", "CharField"), ("first_name", "CharField"), ("last_name", "CharField"),
        ("email", "EmailField"), ("is_staff", "BooleanField"), ("is_active", "BooleanField"),
        ("date_joined", "DateTimeField")),
}


def ddl_columns(linker: Linker) -> dict[str, list[ColumnRow]]:
    """The columns DDL names per table, in file order (a union over the migrations)."""
    found: dict[str, list[ColumnRow]] = defaultdict(list)
    for data in sorted(linker.data.values(), key=lambda d: d.source.path):
        for table, named in data.facts.ddl_columns:
            found[table].extend(named)
    return found


def unique_columns(columns: list[ColumnRow] | tuple[ColumnRow, ...]) -> tuple[TableColumn, ...]:
    """Each column once, in the order first seen, with the first type given for it."""
    kept: dict[str, str] = {}
    for name, kind in columns:
        if not kept.get(name):
            kept[name] = kind
    return tuple(TableColumn(name, kind) for name, kind in kept.items())
