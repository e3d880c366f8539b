"""The modules that make the application object: they call a web framework's application
class (`Flask(__name__)`, `FastAPI()`, `Starlette()`) or a project class derived from one
(`CKANFlask(MultiStaticFlask)`, `MultiStaticFlask(Flask)`: followed through the project's
class hierarchy), or Django's `get_wsgi_application()`/`get_asgi_application()`. Such a
module is the application factory whatever its name (`seams.kernel.find_roots`)."""

from __future__ import annotations

from strangler.model import APP_FACTORY_NAMES
from strangler.parse.link.names import Linker, external_bases

# The application classes and functions of the web frameworks, by dotted name.
APP_CONSTRUCTORS = frozenset({
    "flask.Flask", "flask.app.Flask", "quart.Quart", "apiflask.APIFlask",
    "fastapi.FastAPI", "fastapi.applications.FastAPI",
    "starlette.applications.Starlette",
    "django.core.wsgi.get_wsgi_application", "django.core.asgi.get_asgi_application",
    "connexion.App", "connexion.FlaskApp", "connexion.AsyncApp",
    "sanic.Sanic", "falcon.App", "falcon.asgi.App", "aiohttp.web.Application",
    "litestar.Litestar",
})


def app_builders(linker: Linker) -> tuple[str, ...]:
    """The project modules that call an application constructor, sorted."""
    classes, bases = linker.class_hierarchy()
    memo: dict[str, bool] = {}

    def makes_app(ref: str) -> bool:
        if ref in memo:
            return memo[ref]
        found = any(base in APP_CONSTRUCTORS for base in external_bases(ref, classes, bases))
        memo[ref] = found
        return found

    # (a call can only make an application if its last name is a constructor's or a
    # project class's: the others are not resolved at all)
    callable_names = {ref.rsplit(".", 1)[-1] for ref in (*APP_CONSTRUCTORS, *classes)}
    found: list[str] = []
    for name, data in sorted(linker.data.items()):
        for used, attrs, kind, _ in data.facts.uses:
            if kind != "call" or (attrs[-1] if attrs else used) not in callable_names:
                continue
            expression = ".".join((used, *attrs))
            if makes_app(linker.class_ref(name, expression)):
                found.append(name)
                break
    return tuple(found)


def factory_definers(linker: Linker) -> tuple[str, ...]:
    """The project modules binding an application factory's name at top level (a `def`, an
    assignment or an import of it), sorted: pybossa's CLI calls `cached_apps.get_app()`, a
    function its module no longer defines, and that module is no factory."""
    return tuple(sorted(name for name, data in linker.data.items()
                        if APP_FACTORY_NAMES.intersection(data.facts.defined)))
