"""Routes of a spec-first application: the operations of its OpenAPI documents (Connexion's
`add_api("api.yml")`) that name a function of the project."""

from __future__ import annotations

import json
from pathlib import Path

from helpers import package_tree

from strangler.adapters.cache import MemoryStore
from strangler.adapters.filesystem import LocalFileSystem
from strangler.parse import ParseOptions, link, parse_project
from strangler.parse.openapi import spec_operations
from strangler.pipeline import AnalyzeRequest, analyze

OPENAPI = """\
openapi: "3.0.2"
info: {title: shop, version: "1"}
servers:
  - url: http://localhost:5000/v1.0
paths:
  /things:
    get:
      operationId: shop.routes.things.thing_list
    post:
      operationId: shop.routes.things.thing_create
  /things/{thing_id}:
    x-openapi-router-controller: shop.routes.things
    get:
      operationId: thing_show
    delete:
      operationId: thing_delete
      x-openapi-router-controller: shop.routes.admin
  /orders:
    get:
      operationId: listOrders
  /elsewhere:
    get:
      operationId: otherlib.views.handler
"""
SWAGGER = {
    "swagger": "2.0", "basePath": "/api/",
    "paths": {"/": {"get": {"operationId": "shop.routes.things.Index.get"}},
              "/users": {"get": {"operationId": "shop.routes.users.user_list"}}},
}
PROJECT = {
    "shop/__init__.py": (
        "import connexion\n\n"
        "def create_app():\n"
        "    app = connexion.FlaskApp(__name__)\n"
        "    app.add_api('api.yml')\n"
        "    return app\n"),
    "shop/api.yml": OPENAPI,
    "shop/routes/things.py": (
        "def thing_list():\n    return []\n\n"
        "def thing_create():\n    return {}\n\n"
        "def thing_show(thing_id):\n    return {}\n\n"
        "class Index:\n    def get(self):\n        return {}\n"),
    "shop/routes/admin.py": "def thing_delete(thing_id):\n    return None\n",
    "shop/routes/users.py": "def user_list():\n    return []\n",
}


def test_operations_name_their_handlers_under_the_documents_base_path() -> None:
    found = [(o.method, o.path, o.target) for o in spec_operations(OPENAPI.encode(), "api.yml")]
    assert found == [
        ("GET", "/v1.0/things", "shop.routes.things.thing_list"),
        ("POST", "/v1.0/things", "shop.routes.things.thing_create"),
        ("GET", "/v1.0/things/{thing_id}", "shop.routes.things.thing_show"),
        ("DELETE", "/v1.0/things/{thing_id}", "shop.routes.admin.thing_delete"),
        ("GET", "/v1.0/elsewhere", "otherlib.views.handler"),
    ]  # (`listOrders` names no dotted handler)
    lines = [o.line for o in spec_operations(OPENAPI.encode(), "api.yml")]
    assert lines == [8, 10, 14, 16, 23]


def test_swagger_json_documents_are_read_with_their_base_path() -> None:
    found = [(o.method, o.path, o.target)
             for o in spec_operations(json.dumps(SWAGGER).encode(), "swagger.json")]
    assert found == [("GET", "/api", "shop.routes.things.Index.get"),
                     ("GET", "/api/users", "shop.routes.users.user_list")]


def test_files_that_are_no_openapi_document_give_no_operations() -> None:
    assert spec_operations(b"services:\n  web:\n    operationId: a.b\n", "compose.yml") == ()
    assert spec_operations(b"openapi: [unclosed\noperationId: a.b", "bad.yml") == ()
    assert spec_operations(b"\xff\xfe openapi operationId", "binary.json") == ()
    assert spec_operations(b'{"openapi": "3.0.0", "info": {}}', "empty.json") == ()


def test_the_linked_index_has_a_route_per_operation_naming_project_code(tmp_path: Path) -> None:
    root = package_tree(tmp_path / "proj", PROJECT)
    parsed = parse_project(LocalFileSystem(), str(root), MemoryStore(), ParseOptions(jobs=1))
    index = link(root.name, parsed.files, parsed.problems, specs=parsed.specs)
    routes = {(r.methods, r.path, r.handler, r.framework, r.file) for r in index.routes}
    assert routes == {
        (("GET",), "/v1.0/things", "shop.routes.things.thing_list", "connexion", "shop/api.yml"),
        (("POST",), "/v1.0/things", "shop.routes.things.thing_create", "connexion",
         "shop/api.yml"),
        (("GET",), "/v1.0/things/{thing_id}", "shop.routes.things.thing_show", "connexion",
         "shop/api.yml"),
        (("DELETE",), "/v1.0/things/{thing_id}", "shop.routes.admin.thing_delete",
         "connexion", "shop/api.yml"),
    }  # (`otherlib` is not the project's; `listOrders` names nothing)


def test_analysis_serves_the_operations_and_sees_a_changed_document(tmp_path: Path) -> None:
    root = package_tree(tmp_path / "proj", PROJECT)
    store = MemoryStore()

    def served() -> set[tuple[str, str]]:
        files = analyze(AnalyzeRequest(path=root, parse=ParseOptions(jobs=1), svg=False),
                        LocalFileSystem(), store).files
        return {(r["path"], r["served_by"]) for r in json.loads(files["analysis.json"])["routes"]}

    assert ("/v1.0/things", "shop.routes.things") in served()
    assert not any(module == "shop.routes.users" for _, module in served())
    # A document edited alone (no Python file changed) is read again, not the kept result.
    (root / "shop/api.yml").write_text(OPENAPI + "  /users:\n    get:\n"
                                       "      operationId: shop.routes.users.user_list\n")
    assert ("/v1.0/users", "shop.routes.users") in served()


def test_a_dotted_api_version_is_no_route_word(tmp_path: Path) -> None:
    """`/v1.0/things` is read as `things`, as `/v1/things` is: the version segment every
    route of the document shares would otherwise be one word for all of them."""
    from strangler.seams.plan_platform import site_endpoint
    from strangler.seams.words import route_words

    root = package_tree(tmp_path / "proj", PROJECT)
    parsed = parse_project(LocalFileSystem(), str(root), MemoryStore(), ParseOptions(jobs=1))
    index = link(root.name, parsed.files, parsed.problems, specs=parsed.specs)
    assert route_words(index) == {"shop.routes.things": frozenset({"thing"}),
                                  "shop.routes.admin": frozenset({"thing"})}
    assert not any(site_endpoint(route) for route in index.routes)


def test_documents_read_as_connexion_reads_them() -> None:
    """Keys in any order (sorted: `swagger` after `paths`), Swagger 2's controller key,
    YAML merge keys, and a server URL that is no URL (no base path, no crash)."""
    swagger = {"swagger": "2.0", "basePath": "/api", "info": {"title": "x" * 5000},
               "paths": {"/things": {
                   "post": {"x-swagger-router-controller": "shop.routes.things",
                            "operationId": "thing_create"}}}}
    found = spec_operations(json.dumps(swagger, sort_keys=True).encode(), "swagger.json")
    assert [(o.method, o.path, o.target) for o in found] == [
        ("POST", "/api/things", "shop.routes.things.thing_create")]
    merged = ("openapi: 3.0.0\n"
              "x-op: &op\n  x-openapi-router-controller: shop.routes.things\n"
              "paths:\n  /things:\n"
              "    get:\n      <<: *op\n      operationId: thing_list\n")
    assert [o.target for o in spec_operations(merged.encode(), "api.yml")] == [
        "shop.routes.things.thing_list"]
    bad_url = OPENAPI.replace("http://localhost:5000/v1.0", "http://[fe80::1%eth0/v1")
    assert {o.path for o in spec_operations(bad_url.encode(), "api.yml")} >= {"/things"}


def test_a_copy_of_a_document_serves_each_operation_once(tmp_path: Path) -> None:
    root = package_tree(tmp_path / "proj", {**PROJECT, "shop/copy/api.yml": OPENAPI})
    parsed = parse_project(LocalFileSystem(), str(root), MemoryStore(), ParseOptions(jobs=1))
    index = link(root.name, parsed.files, parsed.problems, specs=parsed.specs)
    assert len(index.routes) == 4
    assert {r.file for r in index.routes} == {"shop/api.yml"}  # (the first by path)


def test_a_document_unreadable_once_is_read_again(tmp_path: Path) -> None:
    root = package_tree(tmp_path / "proj", PROJECT)
    store = MemoryStore()

    class Flaky(LocalFileSystem):
        def read_bytes(self, root: str, path: str) -> bytes:
            if path.endswith("api.yml"):
                raise PermissionError(path)
            return super().read_bytes(root, path)

    first = parse_project(Flaky(), str(root), store, ParseOptions(jobs=1))
    assert first.specs == ()
    again = parse_project(LocalFileSystem(), str(root), store, ParseOptions(jobs=1))
    assert len(again.specs) == 5


def test_extract_plans_the_routes_of_the_document(tmp_path: Path) -> None:
    from strangler.extract import ExtractRequest, prepare

    root = package_tree(tmp_path / "proj", PROJECT)
    prepared = prepare(ExtractRequest(name="shop.routes.things", path=root,
                                      parse=ParseOptions(jobs=1)),
                       LocalFileSystem(), MemoryStore())
    assert {r.path for r in prepared.extraction.plan.routes} >= {
        "/v1.0/things", "/v1.0/things/{thing_id}"}
