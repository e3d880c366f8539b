"""The generated service reads the database settings the monolith reads (issue 12, item 8):
the project's own variables, found in its code; where none is found the plan says the team
must set them, and no variable name is made up."""

from __future__ import annotations

import json
from pathlib import Path

from helpers import build_tree
from typer.testing import CliRunner

from strangler.adapters.cache import NullStore
from strangler.adapters.filesystem import LocalFileSystem
from strangler.cli.app import app
from strangler.extract import ExtractRequest, prepare

DJANGO = {
    "manage.py": """
        import os

        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "site_cfg.settings")
        """,
    "site_cfg/__init__.py": "",
    "site_cfg/base.py": """
        import os

        DB_HOST = os.environ.get("DB_HOST", "localhost")
        DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql",
                                 "HOST": DB_HOST,
                                 "NAME": os.environ["DB_DATABASE"]}}
        """,
    "site_cfg/settings.py": """
        from .base import *  # noqa: F403

        SECRET_KEY = "test"
        INSTALLED_APPS = ["notes"]
        ROOT_URLCONF = "site_cfg.urls"
        """,
    "site_cfg/urls.py": """
        from django.urls import path

        from notes import views

        urlpatterns = [path("count/", views.count)]
        """,
    "notes/__init__.py": "",
    "notes/views.py": """
        from django.http import HttpResponse

        from notes.service import count_notes


        def count(request):
            return HttpResponse(str(count_notes("a")))
        """,
    "notes/service.py": """
        def count_notes(prefix: str) -> int:
            return len(prefix)
        """,
}

PLAIN = {
    "shop/__init__.py": "",
    "shop/pricing.py": "def price(code: str) -> int:\n    return len(code)\n",
    "shop/cart.py": "from shop.pricing import price\n\n\ndef total(code: str) -> int:\n"
                    "    return price(code)\n",
}


def _files(root: Path, name: str) -> dict[str, str]:
    result = prepare(ExtractRequest(name, root), LocalFileSystem(), NullStore())
    return {f.path: f.content for f in result.extraction.files}


def test_django_service_reads_the_settings_variables_of_the_project(tmp_path: Path) -> None:
    root = build_tree(tmp_path / "dj", DJANGO)
    result = CliRunner().invoke(app, ["extract", "notes.service", "--path", str(root),
                                      "--no-cache", "--format", "json"])
    assert result.exit_code == 0, result.output
    database = json.loads(result.output)["database"]
    # DATABASES is in the module the settings star-import; DB_HOST through a module name
    assert database["found"] == "django"
    assert database["variables"] == ["DB_DATABASE", "DB_HOST"]
    assert database["where"] == "DATABASES in site_cfg.base"
    text = CliRunner().invoke(app, ["extract", "notes.service", "--path", str(root),
                                    "--no-cache"]).output
    assert ("database settings: the monolith's Django settings (DATABASES in site_cfg.base), "
            "through DJANGO_SETTINGS_MODULE: set DB_DATABASE, DB_HOST for the service as "
            "for the monolith") in text
    files = _files(root, "notes.service")
    readme = files["services/service/README.md"]
    assert "DB_DATABASE=... DB_HOST=... python -m uvicorn" in readme
    assert not [path for path, content in files.items() if "DATABASE_URL" in content]
    # the generated tests do not point DB_HOST at a file: the settings come from Django
    assert "DB_HOST" not in files["services/service/tests/test_service.py"]


def test_without_database_settings_the_plan_says_the_team_must_set_them(
        tmp_path: Path) -> None:
    root = build_tree(tmp_path / "plain", PLAIN)
    result = CliRunner().invoke(app, ["extract", "shop.pricing", "--path", str(root),
                                      "--no-cache"])
    assert result.exit_code == 0, result.output
    assert ("database settings: no database setting found in the monolith's code: the team "
            "must set how the service reaches the monolith's database") in result.output
    files = _files(root, "shop.pricing")
    assert not [path for path, content in files.items() if "DATABASE_URL" in content]
    assert "\npython -m uvicorn pricing_service.app:app" in files[
        "services/pricing/README.md"]
