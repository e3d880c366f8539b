"""Document databases as tables: MongoEngine (and flask-mongoengine's `db.Document`), Beanie
and ODMantic classes are collections. A base is recognised by where it comes from (the
import), never by its name alone: many projects have a `Document` class of their own."""

from __future__ import annotations

import re

from strangler.model import TableAccess
from strangler.parse.link.names import Linker

# external base (resolved dotted name) -> the framework whose collection it maps
_PACKAGES = {"mongoengine": "mongoengine", "flask_mongoengine": "mongoengine",
             "beanie": "beanie", "odmantic": "odmantic"}
DOCUMENT_BASES = frozenset({"Document", "DynamicDocument", "Model"})
# bases that are documents but no collection of their own (embedded in another document)
DOCUMENT_KINDS = frozenset({"mongoengine", "beanie", "odmantic"})
EMBEDDED_BASES = frozenset({"EmbeddedDocument", "DynamicEmbeddedDocument", "EmbeddedModel"})


def document_kind(linker: Linker, module: str, base: str) -> str | None:
    """'mongoengine' | 'beanie' | 'odmantic' when the resolved external `base` is a
    collection document base; 'embedded' for an embedded document base; else None.
    `db.Document` counts where `db` is bound to `MongoEngine(...)` (flask-mongoengine) in
    the module that defines it."""
    holder, _, last = base.rpartition(".")
    if last not in DOCUMENT_BASES and last not in EMBEDDED_BASES:
        return None
    framework = _PACKAGES.get(base.split(".")[0])
    if framework is None and holder and _flask_mongoengine(linker, module, holder):
        framework = "mongoengine"
    if framework is None:
        return None
    if last in EMBEDDED_BASES:
        return "embedded"
    return framework if (last == "Model") == (framework == "odmantic") else None


def _flask_mongoengine(linker: Linker, module: str, holder: str) -> bool:
    """`holder` (as resolved: `app.ext.db`, or `db` of this module) is a module-level
    variable bound to flask-mongoengine's `MongoEngine(...)`."""
    owner, _, variable = holder.rpartition(".")
    owner = owner or module
    data = linker.data.get(owner)
    if data is None:
        return False
    for name, constructor in data.facts.instance_bindings:
        if name == variable and constructor.split(".")[-1] == "MongoEngine":
            head = constructor.split(".")[0]
            return linker.external_name(owner, head).startswith("flask_mongoengine") or \
                head == "flask_mongoengine"
    return False


def default_collection(framework: str, name: str) -> str:
    """The collection a document class maps when it names none: MongoEngine's rule
    (`"".join("_%s" % c if c.isupper() else c for c in name).strip("_").lower()`), Beanie's
    class name as written, ODMantic's snake case without a `Model` suffix."""
    if framework == "beanie":
        return name
    if framework == "odmantic":
        base = name[:-5] if name.endswith("Model") and len(name) > 5 else name
        return re.sub(r"((?<=[a-z0-9])[A-Z]|(?!^)[A-Z](?=[a-z]))", r"_\1", base).lower()
    return "".join(f"_{c}" if c.isupper() else c for c in name).strip("_").lower()


def imported_collections(linker: Linker) -> list[tuple[str, TableAccess, str]]:
    """(collection, access, read | write) of `db.users.find()` where `db` is imported from a
    project module that binds it to a client database (pymongo/motor, `facts/documents.py`)."""
    found: list[tuple[str, TableAccess, str]] = []
    for name in sorted(linker.data):
        data = linker.data[name]
        for local, collection, op, line in data.facts.mongo_uses:
            if local not in data.bindings:
                continue
            target, symbol, rest = linker.resolve_local(name, local)
            owner = linker.data.get(target)
            if owner is not None and not rest and symbol in owner.facts.mongo_databases:
                found.append((collection, TableAccess(name, data.source.path, line, "sql"), op))
    return found
