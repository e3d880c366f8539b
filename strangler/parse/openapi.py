"""Operations of an OpenAPI document that name their handler: the routes of a spec-first
application.

Connexion (and frameworks built the same way) declares no route in Python: `app.add_api(
"api.yml")` mounts an OpenAPI 3 or Swagger 2 document whose operations name the function
that serves them, `operationId: pkg.routes.things.thing_list`, or a function of the module
an `x-openapi-router-controller` (Swagger 2: `x-swagger-router-controller`) names, on the
operation or its path. Without reading the document, a project of 145 such operations
showed 13 routes, all from its Flask blueprints, and its seams had no route prefix to go by.

Read from the bytes alone: a file is a document when its top level has `openapi` or
`swagger` and `paths`. The base path is the one the document declares (`servers[0].url`'s
path, Swagger's `basePath`); a `base_path=` given to `add_api` at run time is not known
here. An operation whose id is no dotted name (`listWatches`: a documentation spec, or a
client's) names no handler and is left out; the linker keeps those naming project code."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from yaml import Node

MAX_SPEC_BYTES = 8_000_000  # a bigger file is data, not an API description
HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
# Connexion's keys naming the module of an operation's function (OpenAPI 3, Swagger 2).
CONTROLLER_KEYS = ("x-openapi-router-controller", "x-swagger-router-controller")
# What a document naming a handler holds somewhere: a dotted `operationId` or a controller
# key. Checked on the bytes before any parse: a client's document of 5 MB whose ids name no
# module costs a scan, not a node tree.
_NAMES_A_HANDLER = re.compile(
    rb"operationId[\"']?\s*:\s*[\"']?[A-Za-z_]\w*\.[A-Za-z_]|x-(?:openapi|swagger)-router-controller")
_MERGE_TAG = "tag:yaml.org,2002:merge"


@dataclass(frozen=True, slots=True)
class SpecOperation:
    """One operation of an OpenAPI document that names its handler."""

    spec: str  # the document's path, relative to the analyzed root
    line: int  # of the operation's `operationId` (1-based)
    method: str  # upper case
    path: str  # the document's base path joined with the operation's path
    target: str  # dotted: `pkg.module.function` (or `pkg.module.Class.method`)


def looks_like_spec(data: bytes) -> bool:
    """Whether a file may be an OpenAPI document naming its handlers (cheap: no parse; its
    top-level keys may come in any order, `swagger` after `paths` when they are sorted)."""
    return (b"openapi" in data or b"swagger" in data) and bool(_NAMES_A_HANDLER.search(data))


def spec_operations(data: bytes, spec: str) -> tuple[SpecOperation, ...]:
    """The operations naming a dotted handler in the OpenAPI document `data` (a file at
    `spec`), in document order; none when it is no OpenAPI document or cannot be read."""
    if len(data) > MAX_SPEC_BYTES or b"operationId" not in data or not looks_like_spec(data):
        return ()
    root = _compose(data)
    if root is None:
        return ()
    top = _mapping(root)
    if ("openapi" not in top and "swagger" not in top) or "paths" not in top:
        return ()
    base = _base_path(top)
    found: list[SpecOperation] = []
    for path, item in _mapping(top["paths"]).items():
        if not path.startswith("/"):
            continue
        operations = _mapping(item)
        shared = _controller(operations)
        for method in HTTP_METHODS:
            if method not in operations:
                continue
            operation = _mapping(operations[method])
            node = operation.get("operationId")
            name = _scalar(node)
            if not name:
                continue
            controller = _controller(operation) or shared
            target = f"{controller}.{name}" if controller else name
            if not _dotted(target):
                continue
            line = node.start_mark.line + 1 if node is not None else 0
            found.append(SpecOperation(spec, line, method.upper(), _join(base, path), target))
    return tuple(found)


def _compose(data: bytes) -> Node | None:
    """The document's node tree (YAML, of which JSON is a subset), None when unreadable."""
    import yaml  # only here: most projects have no OpenAPI document

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        return yaml.compose(data, Loader=loader)
    except (yaml.YAMLError, UnicodeDecodeError, RecursionError):
        return None


def _mapping(node: Node | None, depth: int = 0) -> dict[str, Node]:
    """A mapping node's items by their scalar keys ({} for any other node), with the items
    of the mappings it merges (`<<: *operation`: the node tree keeps merge keys as they are
    written, which a loader would apply) under its own."""
    import yaml

    if not isinstance(node, yaml.MappingNode):
        return {}
    found: dict[str, Node] = {}
    merged: dict[str, Node] = {}
    for key, value in node.value:
        if not isinstance(key, yaml.ScalarNode):
            continue
        if key.tag == _MERGE_TAG and depth < 32:
            sources = value.value if isinstance(value, yaml.SequenceNode) else [value]
            for source in sources:
                for name, item in _mapping(source, depth + 1).items():
                    merged.setdefault(name, item)
        elif isinstance(key.value, str):
            found[key.value] = value
    return {**merged, **found} if merged else found


def _controller(node: dict[str, Node]) -> str:
    """The module an operation's (or a path's) controller key names ('' if none)."""
    return next((found for key in CONTROLLER_KEYS if (found := _scalar(node.get(key)))), "")


def _scalar(node: Node | None) -> str:
    import yaml

    return node.value.strip() if isinstance(node, yaml.ScalarNode) \
        and isinstance(node.value, str) else ""


def _base_path(top: dict[str, Node]) -> str:
    """The document's base path: Swagger's `basePath`, else the path of OpenAPI 3's first
    server URL (`http://localhost:5000/v1.0` -> `/v1.0`; a URL with variables keeps none)."""
    import yaml

    base = _scalar(top.get("basePath"))
    if not base:
        servers = top.get("servers")
        if isinstance(servers, yaml.SequenceNode) and servers.value:
            url = _scalar(_mapping(servers.value[0]).get("url"))
            try:
                base = "" if "{" in url else urlsplit(url).path
            except ValueError:  # (`http://[fe80::1%eth0/v1`: no URL, no base path)
                base = ""
    return "/" + base.strip("/") if base.strip("/") else ""


def _join(base: str, path: str) -> str:
    return (base + path) if path != "/" or not base else base


def _dotted(target: str) -> bool:
    parts = target.split(".")
    return len(parts) >= 2 and all(part.isidentifier() for part in parts)
