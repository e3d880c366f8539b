"""Issue 10 (kernel): the base of a layer package that most of the layer's domains stand on
is kernel even when it touches a table (a DRF base viewset whose roles mixin writes the
creator's role rows), and the layer may be one known by its shape only (`viewsets/` beside
`models/`). Left in, pulpcore's `viewsets/base` and `viewsets/__init__` glued the viewsets
of a dozen domains, with the OpenAPI set-up, into one seam. A mixin two domains use, or a
base that maps a table of its own, stays out."""

from __future__ import annotations

from pathlib import Path

from helpers import build_tree, graph_of

from strangler.seams import SeamConfig
from strangler.seams.broad_bases import broad_layer_bases
from strangler.seams.kernel import find_kernel
from strangler.seams.layer_bases import layer_bases

DOMAINS = ("orders", "users", "teams", "pages")


def _model(name: str) -> str:
    return (f"class {name}(models.Model):\n"
            "    name = models.CharField(max_length=9)\n")


def _app(tmp_path: Path) -> Path:
    """`app/models/<d>.py` per domain (and roles, audits); `app/viewsets/<d>.py` per domain
    (a layer only by its shape: `viewsets` is no layer name). Every viewset subclasses
    `viewsets/__init__`'s ViewSet (no tables) and `viewsets/base`'s RolesMixin (writes the
    roles table); `viewsets/mixins` writes too but two viewsets use it; `viewsets/audit`
    maps a table of its own and every viewset uses it; `viewsets/sync_service` writes a
    table, every viewset calls it, and a domain's name names it."""
    files: dict[str, str] = {
        "app/__init__.py": "",
        "app/models/__init__.py": "",
        "app/viewsets/__init__.py": "class ViewSet:\n    pass\n",
        "app/viewsets/base.py": "from app.models.roles import Roles\n"
                                "class RolesMixin:\n    def assign(self, user):\n"
                                "        Roles.objects.create(name=user)\n",
        "app/viewsets/mixins.py": "from app.models.roles import Roles\n"
                                  "class Export:\n    def export(self):\n"
                                  "        Roles.objects.create(name='x')\n",
        "app/viewsets/audit.py": "from django.db import models\n" + _model("Audit"),
        # every viewset calls it and it writes a table, but a domain's name names it
        "app/viewsets/sync_service.py": "from app.models.roles import Roles\n"
                                        "def sync():\n    Roles.objects.create(name='s')\n",
    }
    for d in (*DOMAINS, "roles"):
        files[f"app/models/{d}.py"] = "from django.db import models\n" + _model(d.title())
    for i, d in enumerate(DOMAINS):
        mixin = "from app.viewsets.mixins import Export\n" if i < 2 else ""
        files[f"app/viewsets/{d}.py"] = (
            f"from app.viewsets import ViewSet\nfrom app.viewsets.base import RolesMixin\n"
            f"from app.viewsets.audit import Audit\nfrom app.viewsets.sync_service import sync\n"
            f"{mixin}"
            f"from app.models.{d} import {d.title()}\n"
            f"class {d.title()}ViewSet(RolesMixin, ViewSet):\n"
            f"    def get(self):\n        return {d.title()}.objects.all(), Audit, sync()\n")
    return build_tree(tmp_path / "proj", files)


def test_a_base_most_domains_use_is_broad_though_it_writes_a_table(tmp_path: Path) -> None:
    index, graph = graph_of(_app(tmp_path))
    assert broad_layer_bases(index, graph) == {"app.viewsets": 4, "app.viewsets.base": 4}


def test_a_layer_known_by_its_shape_has_a_base(tmp_path: Path) -> None:
    index, graph = graph_of(_app(tmp_path))
    # (`viewsets/base` writes a table: only the broad rule takes it)
    assert layer_bases(index, graph) == {"app.viewsets": 4}


def test_the_broad_base_is_kernel_before_the_clustering(tmp_path: Path) -> None:
    index, graph = graph_of(_app(tmp_path))
    clusters = {m.name: next((d for d in DOMAINS if d in m.name), m.name)
                for m in index.modules}
    kernel = {k.module: k.reason for k in find_kernel(index, graph, SeamConfig(), clusters,
                                                       [])}
    assert kernel["app.viewsets.base"].startswith("the base of the layer package app.viewsets")
    assert "app.viewsets" in kernel
    assert not {"app.viewsets.mixins", "app.viewsets.audit", "app.viewsets.sync_service"
                } & set(kernel)


def test_a_layer_named_like_a_helper_package_has_no_base_of_its_own(tmp_path: Path) -> None:
    # (`lib/<domain>.py` beside `models/<domain>.py` is a layer for the domain words; its
    # own modules are the platform's by their breadth, not bases taken before the clustering)
    root = _app(tmp_path)
    (root / "app" / "viewsets").rename(root / "app" / "lib")
    for path in (root / "app" / "lib").glob("*.py"):
        path.write_text(path.read_text().replace("app.viewsets", "app.lib"))
    index, graph = graph_of(root)
    assert layer_bases(index, graph) == {}
    assert broad_layer_bases(index, graph) == {}


def _embedded_app(tmp_path: Path, own_tables: bool) -> Path:
    """`app/models.py` maps one table per domain; `app/api/<d>.py` per domain, each using
    `app/api/embedded.py`: a nested serializer for every domain's model whose related field
    reads the model's table (patchwork's `api/embedded`). `own_tables=False`: `embedded`
    reads tables the domains' names do not name (`ledger_*`)."""
    names = DOMAINS if own_tables else tuple(f"ledger{i}" for i in range(len(DOMAINS)))
    files: dict[str, str] = {
        "app/__init__.py": "",
        "app/models.py": "from django.db import models\n" + "".join(
            _model(n.title()) for n in (*DOMAINS, *names)),
        "app/api/__init__.py": "",
        "app/api/embedded.py": "from app import models\n" + "".join(
            f"class {n.title()}Serializer:\n    def queryset(self):\n"
            f"        return models.{n.title()}.objects.all()\n" for n in names),
    }
    for d in DOMAINS:
        files[f"app/api/{d}.py"] = (
            "from app import models\nfrom app.api.embedded import *\n"
            f"def get():\n    return models.{d.title()}.objects.all()\n")
    return build_tree(tmp_path / "proj", files)


def test_a_base_reading_the_tables_of_the_domains_that_use_it_is_broad(tmp_path: Path) -> None:
    index, graph = graph_of(_embedded_app(tmp_path, own_tables=True))
    assert broad_layer_bases(index, graph).get("app.api.embedded") == 4


def test_a_base_reading_other_tables_is_no_scaffolding(tmp_path: Path) -> None:
    index, graph = graph_of(_embedded_app(tmp_path, own_tables=False))
    assert "app.api.embedded" not in broad_layer_bases(index, graph)


def test_a_base_named_for_a_table_is_its_domain_s(tmp_path: Path) -> None:
    """`api/project` reads the tables of the domains whose API modules use it, but a
    `project` table exists: the project domain's API module, not scaffolding."""
    root = _embedded_app(tmp_path, own_tables=True)
    embedded = (root / "app/api/embedded.py").read_text()
    (root / "app/api/project.py").write_text(embedded)
    (root / "app/api/embedded.py").unlink()
    models = (root / "app/models.py").read_text()
    (root / "app/models.py").write_text(models + _model("Project"))
    for d in DOMAINS:
        path = root / f"app/api/{d}.py"
        path.write_text(path.read_text().replace("app.api.embedded", "app.api.project"))
    index, graph = graph_of(root)
    assert "app.api.project" not in broad_layer_bases(index, graph)
