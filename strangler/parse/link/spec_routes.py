"""Routes of the project's OpenAPI documents: each operation served by the project
function its id names (`parse.openapi`)."""

from __future__ import annotations

from collections.abc import Sequence

from strangler.model import Route
from strangler.parse.link.names import Linker
from strangler.parse.openapi import SpecOperation

SPEC_FRAMEWORK = "connexion"


def spec_routes(linker: Linker, specs: Sequence[SpecOperation]) -> list[Route]:
    """A route per operation whose target is a function (or a class's method) defined in a
    module of the project: the longest dotted prefix of the target that is a module, the
    rest a name that module defines. Operations naming code outside the project (a
    client's document, a library's handlers) are none of its routes."""
    found: list[Route] = []
    seen: set[tuple[str, str, str]] = set()  # (a document and its copy: `openapi.yaml`,
    # the generated `openapi.json`; the first by the documents' paths serves it)
    for operation in specs:
        parts = operation.target.split(".")
        for end in range(len(parts) - 1, 0, -1):
            module = ".".join(parts[:end])
            data = linker.data.get(module)
            if data is None:
                continue
            key = (operation.method, operation.path, operation.target)
            if parts[end] in data.facts.defined and key not in seen:
                seen.add(key)
                found.append(Route((operation.method,), operation.path, operation.target,
                                   module, operation.spec, operation.line, SPEC_FRAMEWORK))
            break
    return found
