"""Finding the database settings a monolith reads, on inline sources."""

from __future__ import annotations

import textwrap

from strangler.plan.database import find_database_settings


def _find(framework: str = "", settings: str = "", **modules: str) -> tuple[str, tuple[str, ...],
                                                                            str]:
    sources = {name.replace("__", "."): textwrap.dedent(text) for name, text in modules.items()}
    found = find_database_settings(sources, framework, settings)
    return found.found, found.variables, found.where


def test_flask_config_key_reads_its_variable() -> None:
    config = """
        import os

        def make(overrides):
            return {"DATABASE": os.environ.get("SHOP_DB", "shop.db"), "DEBUG": False}
        """
    assert _find("flask", shop__config=config) == ("config", ("SHOP_DB",),
                                                   "DATABASE in shop.config")


def test_sqlalchemy_uri_built_from_parts_and_app_config_assignment() -> None:
    app = """
        from os import environ
        from decouple import config

        USER = config("PGUSER")
        app.config["SQLALCHEMY_DATABASE_URI"] = f"postgresql://{USER}@{environ['PGHOST']}/x"
        """
    assert _find("flask", shop__app=app) == (
        "config", ("PGHOST", "PGUSER"), "SQLALCHEMY_DATABASE_URI in shop.app")


def test_django_environ_db_reads_database_url_by_default() -> None:
    settings = """
        import environ

        env = environ.Env()
        DATABASES = {"default": env.db()}
        """
    assert _find("django", "site.settings", site__settings=settings) == (
        "django", ("DATABASE_URL",), "DATABASES in site.settings")


def test_django_settings_fixed_in_code_read_no_variable() -> None:
    settings = 'DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3"}}\n'
    found = find_database_settings({"site.settings": settings}, "django", "site.settings")
    assert (found.found, found.variables) == ("django", ())
    assert "read no environment variable" in found.describe()


def test_pydantic_settings_fields_name_their_variables() -> None:
    settings = """
        from pydantic_settings import BaseSettings

        class Settings(BaseSettings):
            app_database_url: str | None = None
            debug: bool = False
        """
    assert _find("fastapi", app__settings=settings) == (
        "config", ("APP_DATABASE_URL",), "the settings class in app.settings")


def test_other_config_reads_are_not_taken_for_database_variables() -> None:
    code = """
        def pick(config):
            return config.get("CACHE_REDIS_DB"), config["PREFERRED_DATABASES"]
        """
    found = find_database_settings({"app.cache": textwrap.dedent(code)})
    assert (found.found, found.variables) == ("none", ())
    assert "the team must set" in found.describe()


def test_any_database_variable_is_the_last_resort_in_module_order() -> None:
    b = 'import os\nHOST = os.getenv("ORDERS_DB_HOST")\n'
    a = 'import os\nNAME = os.environ["ORDERS_DATABASE"]\nKEY = os.environ["SECRET"]\n'
    assert _find(b__conn=b, a__conn=a) == ("environment", ("ORDERS_DATABASE", "ORDERS_DB_HOST"),
                                          "a.conn, b.conn")
