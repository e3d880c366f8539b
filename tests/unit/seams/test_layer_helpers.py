"""Issue 10 (cuts follow layers): the role modules of a layer package that several domains
share (`model/forms`, `model/base` beside `model/repo`, `model/user`, `model/gist`) are the
layer's plumbing, not the domain that pulls them hardest."""

from __future__ import annotations

from pathlib import Path

from helpers import build_tree, graph_of

from strangler.seams.layer_helpers import layer_role_modules
from strangler.seams.propose import Choice, Grouping

DOMAINS = ("repo", "user", "gist", "group")


def _site(tmp_path: Path, own_table: bool = False) -> Path:
    """`model/db.py` maps every table (the schema module: four or more); `model/repo`,
    `model/user`... work on them, the controllers call them. With `own_table`, the gists'
    model module maps a table of its own: `model/` is then a domain's package."""
    files = {"model/__init__.py": "", "controllers/__init__.py": "",
             "model/meta.py": "class Base:\n    pass\n",
             "model/db.py": "from model.meta import Base\n" + "".join(
                 f"class {d.title()}(Base):\n    __tablename__ = '{d}s'\n"
                 for d in DOMAINS),
             "model/forms.py": "def form(x):\n    return x\n",
             "model/validators.py": "from model.db import User\n"
                                    "def check(x):\n    return User, x\n"}
    for d in DOMAINS:
        files[f"model/{d}.py"] = (f"from model.db import {d.title()}\n"
                                  f"from model.forms import form\n"
                                  f"def save():\n    return form({d.title()}())\n")
        files[f"controllers/{d}s.py"] = (f"from model.{d} import save\n"
                                         f"def show():\n    return save()\n")
    files["controllers/users.py"] += "from model.validators import check\n"
    if own_table:
        files["model/gist.py"] += ("from model.meta import Base\n"
                                   "class Note(Base):\n    __tablename__ = 'notes'\n")
    return build_tree(tmp_path / "site", files)


def _grouping() -> Grouping:
    return Grouping(tuple(
        ("", tuple(sorted((f"model.{d}", f"controllers.{d}s")
                          + (("model.forms", "model.validators") if d == "user" else ()))))
        for d in DOMAINS), Choice(None))


def test_a_shared_layers_role_module_used_by_two_seams_joins_the_kernel(
        tmp_path: Path) -> None:
    index, graph = graph_of(_site(tmp_path))
    grouping, moved = layer_role_modules(index, graph, _grouping(), [])
    # forms: used by the three domains' models; validators: by the users' controller only.
    assert [k.module for k in moved] == ["model.forms"]
    assert "layer package model" in moved[0].reason
    left = {m for _, members in grouping.groups for m in members}
    assert "model.forms" not in left and "model.validators" in left
    # Excluded modules stay, and so does everything where the layer is one domain's.
    assert layer_role_modules(index, graph, _grouping(), ["model.forms"])[1] == []
    one = Grouping((("", tuple(sorted(m for _, ms in _grouping().groups for m in ms))),),
                   Choice(None))
    assert layer_role_modules(index, graph, one, [])[1] == []
    # A package with a module mapping one domain's table is that domain's.
    index, graph = graph_of(_site(tmp_path / "own", own_table=True))
    assert layer_role_modules(index, graph, _grouping(), [])[1] == []
