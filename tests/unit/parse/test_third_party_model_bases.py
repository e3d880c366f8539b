"""Django models whose base class comes from a third-party package (django-lifecycle's
`LifecycleModel`, django-model-utils' `TimeStampedModel`, `MPTTModel`...) own tables too."""

from __future__ import annotations

from pathlib import Path

from helpers import build_tree, index_of


def test_models_on_a_third_party_django_model_base_map_tables(tmp_path: Path) -> None:
    root = build_tree(tmp_path / "proj", {
        "repo/__init__.py": "",
        "repo/models/__init__.py": "",
        "repo/models/base.py": """
            from django.db import models
            from django_lifecycle import LifecycleModel

            class BaseModel(LifecycleModel):
                pulp_id = models.UUIDField(primary_key=True)
                class Meta:
                    abstract = True
            """,
        "repo/models/content.py": """
            from django.db import models
            from repo.models.base import BaseModel

            class Artifact(BaseModel):
                size = models.BigIntegerField()
            """,
        "repo/tasks.py": """
            from repo.models.content import Artifact

            def orphans():
                return Artifact.objects.filter(size=0)
            """,
    })
    tables = {t.name: t for t in index_of(root).tables}
    assert {m.name for m in tables["repo_artifact"].models} == {
        "repo.models.content.Artifact"}
    assert "repo.tasks" in {a.module for a in tables["repo_artifact"].readers}
    assert not any(m.name.endswith("BaseModel") for t in tables.values() for m in t.models)


def test_a_pydantic_model_with_fields_is_no_table(tmp_path: Path) -> None:
    root = build_tree(tmp_path / "proj", {
        "api/__init__.py": "",
        "api/schemas.py": """
            from pydantic import BaseModel, Field

            class Item(BaseModel):
                name: str = Field(max_length=10)
                price = Field(default=0)
            """,
    })
    assert index_of(root).tables == ()
