"""A very small ORM-ish base class (written before we "had time" for SQLAlchemy)."""
from __future__ import annotations

from typing import Any, ClassVar, TypeVar

from streamflix import db
from streamflix.common import utils

M = TypeVar("M", bound="Model")


class Model:
    __tablename__: ClassVar[str] = ""
    __columns__: ClassVar[tuple[str, ...]] = ()
    __primary_key__: ClassVar[str] = "id"
    __hidden__: ClassVar[tuple[str, ...]] = ()

    def __init__(self, **fields: Any) -> None:
        for column in self.__columns__:
            setattr(self, column, fields.get(column))

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.__primary_key__}={getattr(self, self.__primary_key__, None)!r}>"

    def __eq__(self, other: object) -> bool:
        return type(self) is type(other) and self.pk == other.pk  # type: ignore[attr-defined]

    __hash__ = object.__hash__

    @property
    def pk(self) -> Any:
        return getattr(self, self.__primary_key__)

    # ------------------------------------------------------------ helpers
    @classmethod
    def _check_columns(cls, names: Any) -> None:
        unknown = [n for n in names if n not in cls.__columns__]
        if unknown:
            raise ValueError(f"{cls.__name__} has no column(s) {unknown}")

    @classmethod
    def _order_clause(cls, order_by: str | None) -> str:
        if not order_by:
            return ""
        column = order_by.lstrip("-")
        cls._check_columns([column])
        clause = f" ORDER BY {column} {'DESC' if order_by.startswith('-') else 'ASC'}"
        if column != cls.__primary_key__:
            clause += f", {cls.__primary_key__} ASC"  # stable order for ties
        return clause

    @classmethod
    def _from_row(cls: type[M], row: dict[str, Any] | None) -> M | None:
        return cls(**row) if row is not None else None

    # ------------------------------------------------------------ queries
    @classmethod
    def get(cls: type[M], pk: Any) -> M | None:
        sql = f"SELECT * FROM {cls.__tablename__} WHERE {cls.__primary_key__} = ?"
        return cls._from_row(db.query_one(sql, (pk,)))

    @classmethod
    def all(cls: type[M], order_by: str | None = None, limit: int | None = None) -> list[M]:
        return cls.filter(order_by=order_by, limit=limit)

    @classmethod
    def filter(cls: type[M], order_by: str | None = None, limit: int | None = None, **criteria: Any) -> list[M]:
        cls._check_columns(criteria)
        sql = f"SELECT * FROM {cls.__tablename__}"
        if criteria:
            sql += " WHERE " + " AND ".join(f"{k} = ?" for k in criteria)
        sql += cls._order_clause(order_by or cls.__primary_key__)
        if limit:
            sql += f" LIMIT {int(limit)}"
        return [cls(**row) for row in db.query(sql, list(criteria.values()))]

    @classmethod
    def first(cls: type[M], order_by: str | None = None, **criteria: Any) -> M | None:
        found = cls.filter(order_by=order_by, limit=1, **criteria)
        return found[0] if found else None

    @classmethod
    def count(cls, **criteria: Any) -> int:
        cls._check_columns(criteria)
        sql = f"SELECT COUNT(*) FROM {cls.__tablename__}"
        if criteria:
            sql += " WHERE " + " AND ".join(f"{k} = ?" for k in criteria)
        return int(db.scalar(sql, list(criteria.values())) or 0)

    @classmethod
    def create(cls: type[M], **fields: Any) -> M:
        cls._check_columns(fields)
        if "created_at" in cls.__columns__ and not fields.get("created_at"):
            fields["created_at"] = utils.now_iso()
        columns = ", ".join(fields)
        marks = ", ".join("?" for _ in fields)
        new_id = db.execute(
            f"INSERT INTO {cls.__tablename__} ({columns}) VALUES ({marks})", list(fields.values())
        )
        if cls.__primary_key__ in fields:
            new_id = fields[cls.__primary_key__]
        obj = cls.get(new_id)
        assert obj is not None
        return obj

    # ----------------------------------------------------------- instance
    def save(self) -> None:
        columns = [c for c in self.__columns__ if c != self.__primary_key__]
        assignments = ", ".join(f"{c} = ?" for c in columns)
        db.execute(
            f"UPDATE {self.__tablename__} SET {assignments} WHERE {self.__primary_key__} = ?",
            [getattr(self, c) for c in columns] + [self.pk],
        )

    def delete(self) -> None:
        db.execute(f"DELETE FROM {self.__tablename__} WHERE {self.__primary_key__} = ?", (self.pk,))

    def to_dict(self, exclude: tuple[str, ...] = ()) -> dict[str, Any]:
        skip = set(exclude) | set(self.__hidden__)
        return {c: getattr(self, c) for c in self.__columns__ if c not in skip}
