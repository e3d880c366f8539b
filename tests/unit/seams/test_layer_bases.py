"""Issue 10 (kernel): the base of a layer package (`forms/__init__`'s BaseForm, re-exporting
every form module, and `forms/fields`) is kernel before the clustering; left in the graph,
it glued CTFd's forms of five domains into one seam. A layer module of a domain's own
package, a base that maps a table, or one used by two domains only, is not."""

from __future__ import annotations

from pathlib import Path

from helpers import build_tree, graph_of

from strangler.seams import SeamConfig
from strangler.seams.kernel import find_kernel
from strangler.seams.layer_bases import layer_bases, plugin_frameworks

DOMAINS = ("users", "teams", "pages", "orders")
MODELS = "".join(
    f"class {d.title()}(db.Model):\n    __tablename__ = '{d}'\n"
    f"    id = db.Column(db.Integer, primary_key=True)\n" for d in DOMAINS)


def _app(tmp_path: Path) -> Path:
    """One models module; `forms/`, `views/` and a domain's own `shop/forms/` package.
    Every form subclasses `forms/__init__`'s BaseForm and uses `forms/fields`; `__init__`
    re-exports the form modules (a facade); `forms/widgets` is used by two forms only;
    `views/base` maps a table."""
    files: dict[str, str] = {
        "db.py": "class _Db:\n    Model = object\n    Integer = int\n"
                 "    def Column(self, *a, **k):\n        return None\n"
                 "db = _Db()\n",
        "models.py": "from db import db\n" + MODELS,
        "forms/__init__.py": "class BaseForm:\n    pass\n" + "".join(
            f"from forms import {d}  # noqa\n" for d in DOMAINS),
        "forms/fields.py": "class SubmitField:\n    pass\n",
        "forms/widgets.py": "class Widget:\n    pass\n",
        "views/__init__.py": "",
        "views/base.py": "from db import db\n"
                         "class Audit(db.Model):\n    __tablename__ = 'audit'\n"
                         "    id = db.Column(db.Integer, primary_key=True)\n",
        "shop/__init__.py": "",
        "shop/forms/__init__.py": "",
        "shop/forms/mixins.py": "class Mixin:\n    pass\n",
    }
    for i, d in enumerate(DOMAINS):
        widget = "from forms.widgets import Widget\n" if i < 2 else ""
        files[f"forms/{d}.py"] = (f"from forms import BaseForm\nfrom forms.fields import "
                                  f"SubmitField\n{widget}"
                                  f"class {d.title()}Form(BaseForm):\n"
                                  "    submit = SubmitField()\n")
        files[f"views/{d}.py"] = (f"from models import {d.title()}\nfrom forms.{d} import "
                                  f"{d.title()}Form\nfrom views.base import Audit\n"
                                  f"def index():\n    return {d.title()}.query.all(), "
                                  f"{d.title()}Form(), Audit\n")
        files[f"shop/forms/{d}_extra.py"] = ("from shop.forms.mixins import Mixin\n"
                                             f"class {d.title()}Extra(Mixin):\n    pass\n")
    return build_tree(tmp_path / "app", files)


def test_the_layer_packages_base_and_fields_are_its_scaffolding(tmp_path: Path) -> None:
    index, graph = graph_of(_app(tmp_path))
    found = layer_bases(index, graph)
    # `forms/widgets`: two domains; `views/base` maps a table; `shop/forms/mixins` is the
    # shop package's own.
    assert found == {"forms": 4, "forms.fields": 4}


def _composed(tmp_path: Path, name: str) -> Path:
    """`_app` where the forms of three domains also use `forms/<name>`'s form."""
    root = _app(tmp_path)
    (root / "forms" / f"{name}.py").write_text("class ComposedForm:\n    pass\n")
    for d in DOMAINS[1:]:
        path = root / "forms" / f"{d}.py"
        path.write_text(path.read_text() + f"from forms.{name} import ComposedForm\n")
    return root


def test_a_layer_module_named_after_a_domain_with_a_table_is_no_base(tmp_path: Path) -> None:
    """letta's `schemas/agent`: the schema of the agents table, composed into the schemas
    of what is attached to agents, is the agent domain's, not the layer's base; the same
    module named for no table is the layer's."""
    found = layer_bases(*graph_of(_composed(tmp_path / "a", "user")))
    assert "forms.user" not in found
    assert found == {"forms": 4, "forms.fields": 4}
    assert layer_bases(*graph_of(_composed(tmp_path / "b", "layout")))["forms.layout"] == 3


def test_the_layer_base_is_kernel_though_it_fronts_its_submodules(tmp_path: Path) -> None:
    index, graph = graph_of(_app(tmp_path))
    # A kernel-blind first pass that puts each form with its domain's view: no module is
    # used from three groups, and the facade rule alone kept `forms/__init__` out.
    clusters = {m.name: next((d for d in DOMAINS if d in m.name), m.name.split(".")[0])
                for m in index.modules}
    kernel = {k.module: k.reason for k in find_kernel(index, graph, SeamConfig(), clusters,
                                                       [])}
    assert {"forms", "forms.fields"} <= set(kernel)
    assert kernel["forms"].startswith("the base of the layer package forms")
    assert not {"forms.widgets", "views.base", "shop.forms.mixins"} & set(kernel)


def _plugins(tmp_path: Path, own_models: bool) -> Path:
    """`app/plugins/__init__` is the API two plugin packages register through; one plugin
    maps a table of its own. With `own_models`, the container maps a table directly
    (`plugins/models`, an app that stores its plugins)."""
    files = {
        "db.py": "class _Db:\n    Model = object\n    Integer = int\n"
                 "    def Column(self, *a, **k):\n        return None\n"
                 "db = _Db()\n",
        "app/__init__.py": "",
        "app/plugins/__init__.py": "PLUGINS = []\n"
                                   "def register(plugin):\n    PLUGINS.append(plugin)\n",
        "app/plugins/dynamic/__init__.py": "from app.plugins import register\n"
                                           "from app.plugins.dynamic.models import Dynamic\n"
                                           "register(Dynamic)\n",
        "app/plugins/dynamic/models.py": "from db import db\nclass Dynamic(db.Model):\n"
                                         "    __tablename__ = 'dynamic'\n"
                                         "    id = db.Column(db.Integer, primary_key=True)\n",
        "app/plugins/flags.py": "from app.plugins import register\nregister('flag')\n",
        "app/views.py": "from app.plugins import PLUGINS\ndef index():\n    return PLUGINS\n",
    }
    if own_models:
        files["app/plugins/models.py"] = ("from db import db\nclass Stored(db.Model):\n"
                                          "    __tablename__ = 'stored'\n"
                                          "    id = db.Column(db.Integer, primary_key=True)\n")
    return build_tree(tmp_path / "plugins", files)


def test_the_plugin_containers_registration_api_is_the_framework(tmp_path: Path) -> None:
    index, graph = graph_of(_plugins(tmp_path, own_models=False))
    assert plugin_frameworks(index, graph) == {"app.plugins"}
    # (one first-pass group: no breadth makes it kernel, only the rule)
    clusters = {m.name: "app" for m in index.modules}
    assert "app.plugins" in {k.module for k in find_kernel(index, graph, SeamConfig(),
                                                            clusters, [])}


def test_a_plugin_container_with_models_of_its_own_is_an_app(tmp_path: Path) -> None:
    index, graph = graph_of(_plugins(tmp_path, own_models=True))
    assert plugin_frameworks(index, graph) == set()


def test_the_tables_that_name_a_domain_are_mapped_ones(tmp_path: Path) -> None:
    """Only a table a model maps names a domain: read by raw SQL it is no domain's; the
    layer package's own `__init__` is its base whatever the tables; a Django table
    (`shop_user`) names its domain by its model class (`User`)."""
    root = _composed(tmp_path / "raw", "layout")
    (root / "reports.py").write_text(
        "def count(cursor):\n    return cursor.execute('SELECT id FROM layouts')\n")
    assert layer_bases(*graph_of(root))["forms.layout"] == 3
    root = _app(tmp_path / "layer")
    (root / "models.py").write_text((root / "models.py").read_text() + (
        "class Form(db.Model):\n    __tablename__ = 'forms'\n"
        "    id = db.Column(db.Integer, primary_key=True)\n"))
    assert layer_bases(*graph_of(root)) == {"forms": 4, "forms.fields": 4}
    root = _composed(tmp_path / "django", "member")
    (root / "models.py").write_text((root / "models.py").read_text() + (
        "class Member(db.Model):\n    __tablename__ = 'shop_member'\n"
        "    id = db.Column(db.Integer, primary_key=True)\n"))
    assert "forms.member" not in layer_bases(*graph_of(root))
