"""ORM writes no name chain shows: write methods on query results, on variables holding a
query or a row, and rows handed to a session are writes of the model's table, not reads."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import DJANGO_MODELS, SQLALCHEMY_MODELS, build_tree, index_of


def _access(tmp_path: Path, models: str, body: str, table: str
            ) -> tuple[set[int], set[int]]:
    """Lines of `shop/views.py` that read and write `table`."""
    root = build_tree(tmp_path / "proj", {
        "shop/__init__.py": "",
        "shop/models.py": models,
        "shop/views.py": body,
    })
    found = {t.name: t for t in index_of(root).tables}[table]
    return ({a.line for a in found.readers if a.module == "shop.views"},
            {a.line for a in found.writers if a.module == "shop.views"})


@pytest.mark.parametrize("call", [
    "Workout.objects.filter(name='a').update(name='b')",
    "Workout.objects.filter(name='a').delete()",
    "Workout.objects.all().delete()",
    "Workout.objects.get(pk=1).delete()",
    "Workout.objects.select_related('x').filter(name='a').exclude(pk=2).update(name='c')",
    "Workout.objects.filter(name='a')[0].save()",
])
def test_django_queryset_writes_are_writes(tmp_path: Path, call: str) -> None:
    readers, writers = _access(tmp_path, DJANGO_MODELS, f"""
        from shop.models import Workout

        def rename():
            {call}
        """, "shop_workout")
    assert writers == {4} and readers == set()


@pytest.mark.parametrize("call", [
    "Workout.objects.create(name='a')",
    "Workout.objects.get_or_create(name='a')",
    "Workout.objects.update_or_create(name='a')",
    "Workout.objects.bulk_create([])",
    "Workout.objects.bulk_update([], ['name'])",
])
def test_django_manager_writes_stay_writes(tmp_path: Path, call: str) -> None:
    _, writers = _access(tmp_path, DJANGO_MODELS, f"""
        from shop.models import Workout

        def make():
            {call}
        """, "shop_workout")
    assert writers == {4}


@pytest.mark.parametrize(("bind", "write"), [
    ("obj = Workout.objects.get(pk=1)", "obj.save()"),
    ("obj = Workout.objects.get(pk=1)", "obj.delete()"),
    ("obj = get_object_or_404(Workout, pk=1)", "obj.save()"),
    ("qs = Workout.objects.filter(name='a')", "qs.update(name='b')"),
    ("qs = Workout.objects.filter(name='a').exclude(pk=1)", "qs.delete()"),
])
def test_django_writes_through_a_variable_of_the_same_function(
        tmp_path: Path, bind: str, write: str) -> None:
    readers, writers = _access(tmp_path, DJANGO_MODELS, f"""
        from django.shortcuts import get_object_or_404
        from shop.models import Workout

        def rename():
            {bind}
            {write}
        """, "shop_workout")
    assert writers == {6} and readers == {5}


def test_reads_and_unknown_rows_are_not_writes(tmp_path: Path) -> None:
    readers, writers = _access(tmp_path, DJANGO_MODELS, """
        from shop.models import Workout

        def show(obj):
            rows = Workout.objects.filter(name='a').values().first()
            rows.update({'x': 1})
            data = Workout.objects.get(pk=1).to_dict()
            data.update({'x': 1})
            Workout.objects.filter(name='a').count()
            obj.save()

        def other():
            obj = Workout.objects.get(pk=1)

        def elsewhere(obj):
            obj.save()
        """, "shop_workout")
    assert writers == set() and readers == {4, 6, 8, 12}


@pytest.mark.parametrize("call", [
    "session.query(Workout).filter(Workout.id == 1).delete()",
    "session.query(Workout).filter_by(id=1).update({'id': 2})",
    "db.session.query(Workout.id).filter_by(id=1).delete()",
    "Workout.query.filter_by(id=1).delete()",
    "session.delete(session.get(Workout, 1))",
])
def test_sqlalchemy_query_writes_are_writes(tmp_path: Path, call: str) -> None:
    readers, writers = _access(tmp_path, SQLALCHEMY_MODELS, f"""
        from shop.models import Workout

        def drop(session, db):
            {call}
        """, "workout")
    assert writers == {4} and readers == set()


@pytest.mark.parametrize(("bind", "write"), [
    ("row = session.get(Workout, 1)", "session.delete(row)"),
    ("row = Workout.query.get(1)", "db.session.delete(row)"),
    ("row = session.query(Workout).first()", "session.merge(row)"),
    ("q = session.query(Workout).filter_by(id=1)", "q.delete()"),
    ("row = session.execute(select(Workout)).scalar_one()", "session.delete(row)"),
])
def test_sqlalchemy_writes_through_a_variable(tmp_path: Path, bind: str, write: str) -> None:
    readers, writers = _access(tmp_path, SQLALCHEMY_MODELS, f"""
        from sqlalchemy import select
        from shop.models import Workout

        def drop(session, db):
            {bind}
            {write}
        """, "workout")
    assert writers == {6} and 5 in readers


@pytest.mark.parametrize("call", [
    "session.execute(insert(Workout).values(id=1))",
    "session.execute(update(Workout).values(id=1))",
    "session.execute(delete(Workout))",
    "session.add(Workout(id=1))",
])
def test_sqlalchemy_statements_stay_writes(tmp_path: Path, call: str) -> None:
    _, writers = _access(tmp_path, SQLALCHEMY_MODELS, f"""
        from sqlalchemy import delete, insert, update
        from shop.models import Workout

        def drop(session):
            {call}
        """, "workout")
    assert writers == {5}


def test_a_constructed_row_saved_or_added_is_one_write(tmp_path: Path) -> None:
    """`obj = Model(...)` counts as the write; `obj.save()` / `session.add(obj)` is the same
    row written, not a second write."""
    readers, writers = _access(tmp_path, SQLALCHEMY_MODELS, """
        from shop.models import Workout

        def make(session):
            row = Workout(id=1)
            session.add(row)
            row.save()
        """, "workout")
    assert writers == {4} and readers == set()


@pytest.mark.parametrize(("loop", "write"), [
    ("for row in Workout.objects.filter(name='a'):", "row.save()"),
    ("for row in Workout.objects.all():", "row.delete()"),
    ("for row in session.query(Workout).filter_by(id=1):", "session.delete(row)"),
    ("for row in session.query(Workout).all():", "db.session.merge(row)"),
    ("async for row in Workout.objects.filter(name='a'):", "row.save()"),
])
def test_rows_bound_by_a_for_loop_are_written(tmp_path: Path, loop: str, write: str) -> None:
    models = DJANGO_MODELS if "objects" in loop else SQLALCHEMY_MODELS
    table = "shop_workout" if "objects" in loop else "workout"
    readers, writers = _access(tmp_path, models, f"""
        from shop.models import Workout

        async def rename(session, db):
            {loop}
                {write}
        """, table)
    assert writers == {5} and readers == {4}


def test_a_loop_over_a_bound_query_writes_its_model(tmp_path: Path) -> None:
    readers, writers = _access(tmp_path, DJANGO_MODELS, """
        from shop.models import Workout

        def rename():
            qs = Workout.objects.filter(name='a')
            for row in qs:
                row.save()
            first = qs.first()
            first.delete()
        """, "shop_workout")
    assert writers == {6, 8} and readers == {4}


def test_a_loop_over_values_or_unknown_rows_writes_nothing(tmp_path: Path) -> None:
    _, writers = _access(tmp_path, DJANGO_MODELS, """
        from shop.models import Workout

        def rename(rows):
            for row in Workout.objects.values('name'):
                row.update({'x': 1})
            for row in rows:
                row.save()
        """, "shop_workout")
    assert writers == set()


def _own(tmp_path: Path, models: str, table: str) -> set[int]:
    root = build_tree(tmp_path / "proj", {"shop/__init__.py": "", "shop/models.py": models})
    found = {t.name: t for t in index_of(root).tables}[table]
    return {a.line for a in found.writers if a.module == "shop.models"}


def test_a_models_own_methods_write_its_table(tmp_path: Path) -> None:
    assert _own(tmp_path, """
        from django.db import models

        class Workout(models.Model):
            name = models.CharField(max_length=20)

            def rename(self, name):
                self.name = name
                self.save(update_fields=["name"])

            def save(self, *args, **kwargs):
                super().save(*args, **kwargs)

            def helper(self):
                def inner(self):
                    self.save()
                return inner

        class Form:
            def done(self):
                self.save()
        """, "shop_workout") == {8, 11}


def test_a_row_handed_to_the_session_in_its_own_method_is_a_write(tmp_path: Path) -> None:
    assert _own(tmp_path, """
        from sqlalchemy import Column, Integer
        from sqlalchemy.orm import DeclarativeBase

        class Base(DeclarativeBase):
            pass

        class Workout(Base):
            __tablename__ = "workout"
            id = Column(Integer, primary_key=True)

            def remove(self, session):
                session.delete(self)
                session.commit()
        """, "workout") == {12}


def test_rows_reached_through_a_relation_are_not_the_rows_model(tmp_path: Path) -> None:
    """`order.lines.all()` and `order.customer` are rows of other models: writing them is
    no write of the order's table (a query step on the order's own query still is)."""
    readers, writers = _access(tmp_path, DJANGO_MODELS, """
        from shop.models import Workout

        def clear(pk):
            workout = Workout.objects.get(pk=pk)
            for line in workout.lines.all():
                line.delete()
            owner = workout.owner
            owner.save()
            sets = workout.sets.all()
            sets.delete()
            again = Workout.objects.filter(pk=pk)
            first = again.first()
            first.save()
        """, "shop_workout")
    assert writers == {13} and readers == {4, 11}


def test_a_model_alias_still_carries_its_model(tmp_path: Path) -> None:
    """`Model = Workout` then `Model.objects...`: CTFd's topics API deletes this way."""
    _, writers = _access(tmp_path, DJANGO_MODELS, """
        from shop.models import Workout

        def drop(pk):
            Model = Workout
            row = Model.objects.filter(pk=pk).first()
            row.delete()
        """, "shop_workout")
    assert writers == {6}


@pytest.mark.parametrize(("loop", "write"), [
    ("for i, row in enumerate(Workout.objects.filter(name='a')):", "row.save()"),
    ("for name, row in zip(names, Workout.objects.all()):", "row.delete()"),
    ("for i, row in enumerate(session.query(Workout).all()):", "session.delete(row)"),
    ("for row, other in session.query(Workout, Other).join(Other).all():",
     "session.delete(row)"),
])
def test_rows_bound_by_a_tuple_loop_target_are_written(tmp_path: Path, loop: str,
                                                       write: str) -> None:
    models = DJANGO_MODELS if "objects" in loop else SQLALCHEMY_MODELS
    table = "shop_workout" if "objects" in loop else "workout"
    readers, writers = _access(tmp_path, models, f"""
        from shop.models import Workout

        def rename(session, names, Other):
            {loop}
                {write}
        """, table)
    assert writers == {5} and readers == {4}


def test_a_tuple_loop_over_plain_pairs_writes_nothing(tmp_path: Path) -> None:
    _, writers = _access(tmp_path, DJANGO_MODELS, """
        from shop.models import Workout

        def rename(pairs):
            row = Workout.objects.get(pk=1)
            for key, row in pairs.items():
                row.save()
        """, "shop_workout")
    assert writers == set()  # `row` is rebound to something not known to be a row


@pytest.mark.parametrize("expression", [
    "[row.delete() for row in Workout.objects.filter(name='a')]",
    "list(row.save() for row in Workout.objects.all())",
    "{row.pk: row.save() for row in Workout.objects.all()}",
    "[row.save() for i, row in enumerate(Workout.objects.all())]",
])
def test_rows_bound_by_a_comprehension_are_written(tmp_path: Path, expression: str) -> None:
    readers, writers = _access(tmp_path, DJANGO_MODELS, f"""
        from shop.models import Workout

        def rename():
            {expression}
        """, "shop_workout")
    assert writers == {4} and readers == set()


def test_the_row_of_get_or_create_is_the_models_row(tmp_path: Path) -> None:
    _, writers = _access(tmp_path, DJANGO_MODELS, """
        from shop.models import Workout

        def rename():
            row, created = Workout.objects.get_or_create(name='a')
            row.name = 'b'
            row.save()
        """, "shop_workout")
    assert writers == {4, 6}
