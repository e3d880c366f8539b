"""Layer packages named by two layer words run together.

A Tornado or Flask application often keeps its REST API's handlers beside the pages'
handlers in a package named for both words: `apihandlers/` beside `handlers/` (jupyterhub),
`api_views/` beside `views/`. The layer rules read a package's name against the
layer words one word at a time, so `apihandlers` was a domain's name: its base
(`apihandlers/base`, the `APIHandler` every resource's handler subclasses) was a domain
package's helper (`enclosed.domain_enclosed`), never the layer's scaffolding
(`broad_bases.broad_layer_bases`), and it glued every resource's API handlers into one seam."""

from __future__ import annotations

from strangler.seams.words import TRUE_LAYERS

# The interface a compound layer name starts with (`api` of `apihandlers`, `web` of
# `web_views`): the layer of that interface's request handlers.
INTERFACES = ("api", "rest", "web", "ui")


def compound_layer(name: str) -> bool:
    """Whether a package's own `name` is an interface word followed by a layer package's
    word, with or without a separator (`apihandlers`, `api_views`, `webcontrollers`). An
    interface alone is no such layer (`rest_api` is the REST API's own app, `api_v1` a
    version), nor is a layer of models (`viewmodels`: the first word is no interface)."""
    name = name.lower()
    for first in INTERFACES:
        if name.startswith(first) and len(name) > len(first):
            rest = name[len(first):].lstrip("_")
            if rest in TRUE_LAYERS and rest not in ("api", "apis"):
                return True
    return False


def layer_named(name: str, layers: frozenset[str]) -> bool:
    """Whether a package's own `name` (lower case) names a layer: one of `layers`, or a
    `compound_layer` name."""
    return name in layers or compound_layer(name)
