"""Writes a framework makes for the model a class declares (Django model forms and generic
edit views, REST framework serializers and viewsets), and writes through a repository typed
by its model (`class WorkoutDAO(BaseDAO[Workout])`)."""

from __future__ import annotations

from pathlib import Path

from helpers import DJANGO_MODELS, SQLALCHEMY_MODELS, build_tree, index_of


def _access(tmp_path: Path, models: str, files: dict[str, str], table: str
            ) -> tuple[set[tuple[str, int]], set[tuple[str, int]]]:
    """(module, line) of the reads and writes of `table` outside its models module."""
    root = build_tree(tmp_path / "proj", {"shop/__init__.py": "", "shop/models.py": models,
                                          **files})
    found = {t.name: t for t in index_of(root).tables}[table]
    return ({(a.module, a.line) for a in found.readers if a.module != "shop.models"},
            {(a.module, a.line) for a in found.writers if a.module != "shop.models"})


def test_classes_that_inherit_a_frameworks_write_path_write_their_model(
        tmp_path: Path) -> None:
    readers, writers = _access(tmp_path, DJANGO_MODELS, {"shop/views.py": """
        from django import forms
        from django.views.generic import DetailView, UpdateView
        from rest_framework import serializers, viewsets
        from shop.models import Workout

        class BaseForm(forms.ModelForm):
            pass

        class WorkoutForm(BaseForm):
            class Meta:
                model = Workout

        class WorkoutEdit(UpdateView):
            model = Workout

        class WorkoutDetail(DetailView):
            model = Workout

        class WorkoutSerializer(serializers.ModelSerializer):
            class Meta:
                model = Workout

        class WorkoutViewSet(viewsets.ModelViewSet):
            queryset = Workout.objects.filter(name="a")
        """}, "shop_workout")
    assert writers == {("shop.views", 11), ("shop.views", 14), ("shop.views", 21),
                       ("shop.views", 24)}
    assert readers == {("shop.views", 17)}  # a detail view only reads


def test_a_declared_model_of_a_read_only_class_stays_a_read(tmp_path: Path) -> None:
    readers, writers = _access(tmp_path, DJANGO_MODELS, {"shop/filters.py": """
        import django_filters
        from shop.models import Workout

        class WorkoutFilter(django_filters.FilterSet):
            class Meta:
                model = Workout

        class Listing:
            model = Workout
        """}, "shop_workout")
    assert writers == set() and readers == {("shop.filters", 6), ("shop.filters", 9)}


def test_write_methods_of_a_repository_typed_by_its_model_write_it(tmp_path: Path) -> None:
    readers, writers = _access(tmp_path, SQLALCHEMY_MODELS, {
        "shop/base.py": """
            from typing import Generic, TypeVar

            T = TypeVar("T")

            class BaseDAO(Generic[T]):
                @classmethod
                def create(cls, **values):
                    pass
            """,
        "shop/dao.py": """
            from shop.base import BaseDAO
            from shop.models import Workout

            class WorkoutDAO(BaseDAO[Workout]):
                @classmethod
                def rename(cls):
                    return WorkoutDAO.update(1)
            """,
        "shop/commands.py": """
            from shop.dao import WorkoutDAO

            def run():
                WorkoutDAO.find_by_id(1)
                WorkoutDAO.create(id=2)
                WorkoutDAO.delete([])
            """}, "workout")
    assert writers == {("shop.commands", 5), ("shop.commands", 6), ("shop.dao", 7)}
    assert ("shop.commands", 4) not in readers | writers  # reads stay the repository's own


def test_a_repository_typed_by_no_model_writes_nothing(tmp_path: Path) -> None:
    _, writers = _access(tmp_path, SQLALCHEMY_MODELS, {
        "shop/dao.py": """
            from typing import Generic, TypeVar
            from shop.models import Workout

            T = TypeVar("T")

            class Pair(Generic[T]):
                pass

            class Loose(Pair[T]):
                pass

            class Rows(Pair[list[Workout]]):
                pass
            """,
        "shop/commands.py": """
            from shop.dao import Loose, Rows

            def run():
                Loose.create(id=2)
                Rows.create(id=2)
            """}, "workout")
    assert writers == set()
