"""Plain pymongo / motor collections as written in one file: `db.users.find(...)`,
`db["users"].insert_one(...)`, `users = db.users; users.delete_one(...)`, where `db` is bound
in this file to a client database (`client["app"]`, `client.get_database()`,
`MongoClient(...).app`) and the client to `MongoClient(...)` / `AsyncIOMotorClient(...)` of
an imported pymongo or motor, or `db` is imported by name from a project module whose own
facts bind it so (`databases`, checked by the linker). No guessing on a name `db`.

(MongoEngine, Beanie and ODMantic documents are classes: `classes.py` reads their
collection names and relations, `link/documents.py` tells their bases apart.)"""

from __future__ import annotations

import ast

from strangler.model import RawSql
from strangler.parse.facts.syntax import dotted, literal_str, resolve_relative
from strangler.parse.facts.walk import Collector, Walk

_PACKAGES = ("pymongo", "motor")
_CLIENTS = frozenset({"MongoClient", "AsyncIOMotorClient", "AsyncMongoClient", "MotorClient"})
_DATABASE_CALLS = frozenset({"get_database", "get_default_database"})
_READS = frozenset({"find", "find_one", "count_documents", "estimated_document_count",
                    "aggregate", "distinct", "count", "watch", "list_indexes"})
_WRITES = frozenset({"insert_one", "insert_many", "update_one", "update_many", "replace_one",
                     "delete_one", "delete_many", "bulk_write", "find_one_and_update",
                     "find_one_and_delete", "find_one_and_replace", "drop", "insert",
                     "update", "remove", "save"})


class DocumentFacts(Collector):
    """sql: (collection, read | write, line) of plain pymongo/motor collection calls."""

    call_names = _READS | _WRITES

    def __init__(self, walk: Walk) -> None:
        super().__init__(walk)
        self.sql: list[RawSql] = []
        self._clients: set[str] = set()  # client classes imported here (local names)
        self._handles: dict[str, str] = {}  # bound name -> "client" | "database"
        self._collections: dict[str, str] = {}  # bound name -> collection
        self._imported: set[str] = set()  # names imported from project-looking modules
        self.databases: list[str] = []  # module-level names bound to a database
        self.uses: list[tuple[str, str, str, int]] = []  # (imported name, collection, op, line)

    def visit_Import(self, node: ast.Import) -> None:
        for item in node.names:
            if item.name.split(".")[0] in _PACKAGES:
                local = item.asname or item.name.split(".")[0]
                self._clients.update(f"{local}.{client}" for client in _CLIENTS)
                self._clients.update(f"{item.name}.{client}" for client in _CLIENTS)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        if node.level == 0 and node.module and node.module.split(".")[0] in _PACKAGES:
            self._clients.update(item.asname or item.name for item in node.names
                                 if item.name in _CLIENTS)
        elif resolve_relative(self.walk.module, self.walk.is_package, node.level, node.module):
            self._imported.update(item.asname or item.name for item in node.names
                                  if item.name != "*")

    def visit_Assign(self, node: ast.Assign) -> None:
        if len(node.targets) != 1:
            return
        target = node.targets[0]
        if not self._clients:
            # No pymongo/motor client here (most files): the assignment can bind no handle
            # and can only shadow an imported name, which is a plain name (no dots).
            if isinstance(target, ast.Name):
                self._imported.discard(target.id)
            return
        name = dotted(target)
        if name is None:
            return
        self._imported.discard(name)
        kind = self._handle(node.value)
        collection = self._collection(node.value)
        if kind:
            self._handles[name] = kind
            if kind == "database" and not self.walk.scope and "." not in name:
                self.databases.append(name)
        elif collection:
            self._collections[name] = collection
        else:
            self._handles.pop(name, None)
            self._collections.pop(name, None)

    def visit_Call(self, node: ast.Call, chain: str | None, last: str | None) -> None:
        if not isinstance(node.func, ast.Attribute):
            return
        receiver = node.func.value
        op = "write" if node.func.attr in _WRITES else "read"
        if isinstance(receiver, ast.Attribute | ast.Subscript) and isinstance(
                receiver.value, ast.Name) and receiver.value.id in self._imported:
            # `db.users.find()` with `from app.store import db`: the linker checks that
            # app.store binds `db` to a database (`databases`)
            name = (receiver.attr if isinstance(receiver, ast.Attribute)
                    else literal_str(receiver.slice))
            if name:
                self.uses.append((receiver.value.id, name, op, node.lineno))
            return
        if not (self._handles or self._collections):
            return
        held = dotted(receiver)
        collection = self._collections.get(held) if held else None
        collection = collection or self._collection(receiver)
        if collection:
            self.sql.append(RawSql(collection, op, node.lineno))

    def _handle(self, value: ast.expr) -> str | None:
        """'client' or 'database' when `value` evaluates to one."""
        if isinstance(value, ast.Await):
            value = value.value
        if isinstance(value, ast.Call):
            callee = dotted(value.func)
            if callee in self._clients:
                return "client"
            if (isinstance(value.func, ast.Attribute) and value.func.attr in _DATABASE_CALLS
                    and self._handle(value.func.value) == "client"):
                return "database"
            return None
        if isinstance(value, ast.Name | ast.Attribute):
            held = dotted(value)
            if held in self._handles:
                return self._handles[held]
            if isinstance(value, ast.Attribute) and self._handle(value.value) == "client":
                return "database"  # `client.app`
        if isinstance(value, ast.Subscript) and self._handle(value.value) == "client":
            return "database"  # `client["app"]`
        return None

    def _collection(self, value: ast.expr) -> str | None:
        """The collection `db.users` / `db["users"]` names, `db` a database handle."""
        if isinstance(value, ast.Attribute) and self._handle(value.value) == "database":
            return value.attr
        if isinstance(value, ast.Subscript) and self._handle(value.value) == "database":
            return literal_str(value.slice)
        if isinstance(value, ast.Name):
            return self._collections.get(value.id)
        return None
