"""Links from a module-level list of dotted strings to the project modules it names
(`QUERY_RUNNERS = ["app.query_runner.pg", ...]`): such lists are loaded by name
(`import_module`, Django's `import_string`, `__import__`), so without these links the modules
they name look unused. A string counts when it names a project module, or a class or
function a project module defines; a list counts when two or more of its strings do (one
dotted string alone is as likely a logger or a setting name).

Django's wiring settings are skipped: `INSTALLED_APPS` and `MIDDLEWARE` name every app
and middleware from the settings module, and Django itself (or DRF, for `REST_FRAMEWORK`),
not the project, loads them (see docs/decisions.md for the measurement). The modules they
name are a fact of their own, with no import edge (`wiring.py`)."""

from __future__ import annotations

from strangler.model import Import
from strangler.parse.link.names import Linker

DJANGO_WIRING = frozenset({
    "INSTALLED_APPS", "MIDDLEWARE", "MIDDLEWARE_CLASSES", "AUTHENTICATION_BACKENDS",
    "TEMPLATE_CONTEXT_PROCESSORS", "PASSWORD_HASHERS", "AUTH_PASSWORD_VALIDATORS",
    "STATICFILES_FINDERS", "FILE_UPLOAD_HANDLERS", "TEST_RUNNER", "DATABASE_ROUTERS",
    "REST_FRAMEWORK",  # Django REST framework's own wiring, read by DRF
})
MIN_MODULES = 2


def dotted_list_links(linker: Linker) -> dict[str, list[Import]]:
    """By module holding the list: a lazy dynamic import of each project module it names."""
    found: dict[str, list[Import]] = {}
    for name, data in linker.data.items():
        links: dict[str, int] = {}
        for variable, strings, line in data.facts.dotted_lists:
            if variable in DJANGO_WIRING:
                continue
            targets = {target for text in strings
                       if (target := named_project_module(linker, text)) is not None
                       and target != name}
            if len(targets) >= MIN_MODULES:
                for target in targets:
                    links.setdefault(target, line)
        if links:
            found[name] = [Import(name, target, line, None, type_only=False, lazy=True,
                                  guarded=False, dynamic=True, star=False, registry=True)
                           for target, line in sorted(links.items())]
    return found


def named_project_module(linker: Linker, text: str) -> str | None:
    """The project module `text` names, as `module` or `module.attr` (attr defined there)."""
    prefix = linker.module_prefix(text)
    if prefix is None:
        return None
    module, rest = prefix
    if not rest:
        return module
    if len(rest) == 1 and rest[0] in linker.data[module].facts.defined:
        return module
    return None
