"""bench/seams_causes.py: which layers leave their domain's seam, and what ties them to data."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def _load():
    sys.path.insert(0, str(ROOT / "bench"))
    path = ROOT / "bench" / "seams_causes.py"
    spec = importlib.util.spec_from_file_location("seams_causes", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["seams_causes"] = module
    spec.loader.exec_module(module)
    return module


causes = _load()


def _module(name: str, loc: int) -> dict[str, object]:
    return {"name": name, "loc": loc}


def _access(module: str) -> dict[str, object]:
    return {"module": module, "file": "x.py", "line": 1, "via": "sql"}


DOCUMENT = {
    "modules": [_module(n, loc) for n, loc in (
        ("app.crud.orders", 200), ("app.models.orders", 50), ("app.views.orders", 80),
        ("app.services.orders", 60), ("app.crud.users", 90), ("app.views.users", 70),
        ("app.helpers", 40), ("app.report", 30))],
    "tables": [
        {"name": "orders", "models": [{"module": "app.models.orders", "name": "Order"}],
         "readers": [_access("app.crud.orders"), _access("app.report")],
         "writers": [_access("app.crud.orders")]},
        {"name": "users", "models": [],
         "readers": [_access("app.crud.users"), _access("app.views.orders")],
         "writers": [_access("app.crud.users")]},
    ],
    "proposal": {
        "assignment": {"app.crud.orders": "orders", "app.models.orders": "orders",
                       "app.views.orders": "web", "app.services.orders": "web",
                       "app.crud.users": "users", "app.views.users": "users",
                       "app.report": "web"},
        "kernel": [{"module": "app.helpers", "reason": "helpers"}],
    },
}

REFERENCE = {
    "app.crud.orders": ("orders", "crud"), "app.models.orders": ("orders", "models"),
    "app.views.orders": ("orders", "views"), "app.services.orders": ("orders", "services"),
    "app.helpers": ("orders", "services"), "app.report": ("orders", "views"),
    "app.crud.users": ("users", "crud"), "app.views.users": ("users", "views"),
}


def test_table_owner_is_the_mapping_domain_else_the_heaviest_user() -> None:
    owners = causes.table_owners(DOCUMENT, {m: d for m, (d, _) in REFERENCE.items()})
    # `orders` is mapped by a one-table models module of the orders domain; `users` has no
    # model, and the users domain's modules use it three times to the orders domain's once.
    assert owners == {"orders": "orders", "users": "users"}


def test_stray_layers_name_the_cause_of_each_module() -> None:
    found = causes.stray_layers(DOCUMENT, REFERENCE)
    # The orders domain's main seam is `orders` (250 lines, against 170 in `web`); its
    # views and services layers went to `web`.
    assert [(s.domain, s.layer, s.seam, s.main) for s in found] == [
        ("orders", "services", "web", "orders"), ("orders", "views", "web", "orders")]
    services, views = found
    # services.orders touches no table; the helper it shares the layer with is kernel.
    assert services.lines == {"no table": 60, "kernel": 40}
    # views.orders reads only `users` (another domain's table); report reads `orders`.
    assert views.lines == {"other tables": 80, "own tables": 30}


def test_a_domain_kept_whole_has_no_stray_layer() -> None:
    whole = {**DOCUMENT["proposal"]["assignment"], "app.views.orders": "orders",
             "app.services.orders": "orders", "app.report": "orders"}
    document = {**DOCUMENT, "proposal": {**DOCUMENT["proposal"], "assignment": whole}}
    assert causes.stray_layers(document, REFERENCE) == []
