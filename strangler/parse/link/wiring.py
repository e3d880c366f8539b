"""The project modules the settings name as framework wiring: code the framework (Django,
DRF, logging, a cache or storage layer) loads by dotted path, never imported by the project
(`MIDDLEWARE`, `AUTHENTICATION_BACKENDS`, context processors, `REST_FRAMEWORK`'s
`DEFAULT_PAGINATION_CLASS`, `LOGGING`'s `()` factories, `EMAIL_BACKEND`, `*_CLASS`). Told by
the setting key, a framework convention (`WIRING_KEY`); lists of plugins and apps
(`INSTALLED_APPS`, `CELERY_IMPORTS`, a project's own `PLUGINS`) are not wiring, and the
roots (`ROOT_URLCONF`, `WSGI_APPLICATION`) are `declared_roots.py`'s. A setting link is no
import: it adds no edge to the graph (so no breadth to the kernel rules); the seams stage
reads it as a fact (`seams/settings_wiring.py`)."""

from __future__ import annotations

import re

from strangler.parse.link.dotted_lists import named_project_module
from strangler.parse.link.names import Linker

# The key a dotted path sits under, as Django, DRF, logging.config and the common backends
# name them: middleware, backends, classes, handlers, routers, hashers, processors, finders,
# the exception reporter and failure views, logging's factory key "()".
WIRING_KEY = re.compile(
    r"^(?:\(\)|BACKEND|context_processors|[A-Z0-9_]*(?:MIDDLEWARES?|MIDDLEWARE_CLASSES"
    r"|BACKENDS?|_CLASS(?:ES)?|HANDLERS?|ROUTERS|HASHERS|PROCESSORS|FINDERS"
    r"|EXCEPTION_REPORTER_FILTER|FAILURE_VIEW))$")


# Keys only a framework's settings module sets (Django's): the settings a framework reads.
FRAMEWORK_SETTINGS = frozenset({"INSTALLED_APPS", "MIDDLEWARE", "MIDDLEWARE_CLASSES",
                                "ROOT_URLCONF"})


def settings_wiring(linker: Linker) -> tuple[tuple[str, str], ...]:
    """(module, setting key) for each project module a wiring setting names, sorted. Only
    the framework's settings are read: a module setting one of `FRAMEWORK_SETTINGS`, and the
    modules of its package (settings split over `settings/base.py`, `settings/prod.py`). A
    project's own `*_CLASS` option (`app.config["X_CLASS"]`) is loaded by the project, from
    a module that imports it: the graph knows it already."""
    packages = {name.rpartition(".")[0] for name, data in linker.data.items()
                if any(key in FRAMEWORK_SETTINGS for key, _, _ in data.facts.settings_paths)
                or any(key == "ROOT_URLCONF" for key, _ in data.facts.settings)}
    found: set[tuple[str, str]] = set()
    for name, data in linker.data.items():
        if name.rpartition(".")[0] not in packages:
            continue
        for key, text, _ in data.facts.settings_paths:
            if not WIRING_KEY.match(key):
                continue
            target = named_project_module(linker, text)
            if target is not None and target != name:
                found.add((target, key))
    return tuple(sorted(found))
