"""Shared test helpers: build tiny packages on disk and analyze them."""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Mapping
from pathlib import Path, PurePosixPath

from strangler.adapters.cache import MemoryStore
from strangler.adapters.filesystem import LocalFileSystem
from strangler.graph import CouplingGraph, build_graph
from strangler.model import ProjectIndex
from strangler.parse import DiscoveryOptions, ParseOptions, link, parse_project


def build_tree(root: Path, files: dict[str, str | bytes]) -> Path:
    """Write `files` (relative path -> text, dedented, or raw bytes) under `root`."""
    for relative, content in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content).lstrip("\n"))
    return root


def package_tree(root: Path, files: dict[str, str | bytes]) -> Path:
    """`build_tree` with an empty `__init__.py` in each folder above a `.py` file of `files`
    that names none: packages all the way down (`app/db/model.py` adds `app/__init__.py`
    and `app/db/__init__.py`)."""
    folders = {folder for relative in files if relative.endswith(".py")
               for folder in PurePosixPath(relative).parents if folder.name}
    inits = {str(folder / "__init__.py"): "" for folder in sorted(folders)}
    return build_tree(root, {name: text for name, text in inits.items() if name not in files}
                      | files)


def index_of(root: Path, **discovery: object) -> ProjectIndex:
    """Parse and link the project at `root` (no disk cache, one process)."""
    options = ParseOptions(discovery=DiscoveryOptions(**discovery), jobs=1)  # type: ignore[arg-type]
    parsed = parse_project(LocalFileSystem(), str(root), MemoryStore(), options)
    return link(root.name, parsed.files, parsed.problems)


def graph_of(root: Path, **discovery: object) -> tuple[ProjectIndex, CouplingGraph]:
    index = index_of(root, **discovery)
    return index, build_graph(index)


def imports_of(index: ProjectIndex, source: str) -> list[tuple[str, str | None, tuple[str, ...]]]:
    """(target, name, flags) of every resolved import made by `source`."""
    flags = ("type_only", "lazy", "guarded", "dynamic", "star", "implicit")
    return [
        (i.target, i.name, tuple(f for f in flags if getattr(i, f)))
        for i in index.imports
        if i.source == source
    ]


def table_accessors(index: ProjectIndex, table: str) -> tuple[set[str], set[str]]:
    """The modules reading and the modules writing `table`."""
    found = {t.name: t for t in index.tables}[table]
    return {a.module for a in found.readers}, {a.module for a in found.writers}


def problems_by_path(index: ProjectIndex) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for problem in index.problems:
        found.setdefault(problem.path, []).append(problem.message)
    return found


# One model table written in both ORMs (`models.py` of the ORM write tests).
DJANGO_MODELS = """
    from django.db import models

    class Workout(models.Model):
        name = models.CharField(max_length=20)
    """

SQLALCHEMY_MODELS = """
    from sqlalchemy import Column, Integer
    from sqlalchemy.orm import DeclarativeBase

    class Base(DeclarativeBase):
        pass

    class Workout(Base):
        __tablename__ = "workout"
        id = Column(Integer, primary_key=True)
    """

# A project's SQLAlchemy declarative base (`app/db.py`) and a model of it mapping one table:
# `SQLALCHEMY_MODEL.format(name="Order", table="order")`; a line of `columns` more, if given.
SQLALCHEMY_BASE = ("from sqlalchemy.orm import DeclarativeBase\n"
                   "class Base(DeclarativeBase):\n    pass\n")
SQLALCHEMY_MODEL = ("from sqlalchemy import Column, Integer, String\n"
                    "from app.db import Base\n"
                    "class {name}(Base):\n    __tablename__ = '{table}'\n"
                    "    id = Column(Integer, primary_key=True)\n")


# A domain's service module that adds a row of its model (`{domain}`, `{name}`: the app and
# its model class).
SQLALCHEMY_SERVICE = ("from app.{domain}.models import {name}\n"
                      "def create(db):\n    db.add({name}())\n")


def sqlalchemy_app(domains: Iterable[str], files: Mapping[str, str] | None = None,
                   model: str = SQLALCHEMY_MODEL,
                   service: str = SQLALCHEMY_SERVICE) -> dict[str, str]:
    """The `build_tree` files of a SQLAlchemy project: the package `app` with its declarative
    base (`app/db.py`) and, for each of `domains`, an app `app/<domain>/` with a model of
    the table `<domain>` (`model`, as `SQLALCHEMY_MODEL`) and a service module using it
    (`service`, as `SQLALCHEMY_SERVICE`); then `files` (which may replace any of them)."""
    tree = {"app/__init__.py": "", "app/db.py": SQLALCHEMY_BASE}
    for domain in domains:
        name = domain.capitalize()
        tree |= {
            f"app/{domain}/__init__.py": "",
            f"app/{domain}/models.py": model.format(name=name, table=domain),
            f"app/{domain}/service.py": service.format(domain=domain, name=name),
        }
    return tree | dict(files or {})


def django_app(name: str) -> dict[str, str]:
    """The `build_tree` files of a Django app `name`: its AppConfig, a model of the table
    `<name>_item`, a form helper, two views and their URLconf."""
    model = name.capitalize()
    return {
        f"{name}/__init__.py": "",
        f"{name}/apps.py": ("from django.apps import AppConfig\n"
                            f"class {model}Config(AppConfig):\n    name = '{name}'\n"),
        f"{name}/models.py": (
            "from django.db import models\n"
            f"class {model}(models.Model):\n    title = models.CharField(max_length=9)\n"
            f"    class Meta:\n        db_table = '{name}_item'\n"),
        f"{name}/forms.py": (f"from {name}.models import {model}\n"
                             f"def blank():\n    return {model}()\n"),
        f"{name}/views.py": (
            f"from {name}.models import {model}\nfrom {name}.forms import blank\n"
            f"def index(request):\n    return list({model}.objects.all()) or blank()\n"
            f"def detail(request, pk):\n    return {model}.objects.get(pk=pk)\n"),
        f"{name}/urls.py": ("from django.urls import path\n"
                            f"from {name} import views\n"
                            "urlpatterns = [path('', views.index), "
                            "path('<int:pk>/', views.detail)]\n"),
    }


def django_project(apps: Iterable[str], project: str = "portal") -> dict[str, str]:
    """The `build_tree` files of a Django project: the package `project` (settings listing
    `apps` in INSTALLED_APPS, a URLconf including each app's), `manage.py`, and each app
    (`django_app`)."""
    apps = list(apps)
    files = {f"{project}/__init__.py": "",
             f"{project}/settings.py": f"INSTALLED_APPS = {apps}\n",
             f"{project}/urls.py": ("from django.urls import include, path\nurlpatterns = ["
                                    + ", ".join(f"path('{a}/', include('{a}.urls'))"
                                                for a in apps) + "]\n"),
             "manage.py": "import sys\n"}
    for app in apps:
        files |= django_app(app)
    return files


# Flask-SQLAlchemy: `db` in `app/models/__init__.py` and a model of it mapping one table
# (`FLASK_MODEL.format(cls="Person", table="person", extra="")`; `extra`: more lines).
FLASK_DB = "from flask_sqlalchemy import SQLAlchemy\n\ndb = SQLAlchemy()\n"
FLASK_MODEL = '''
from app.models import db


class {cls}(db.Model):
    __tablename__ = "{table}"
    id = db.Column(db.Integer, primary_key=True)
{extra}'''
