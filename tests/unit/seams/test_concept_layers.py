"""Issue 10 (helper `mailman`): one module per concept in each layer package.

- A package of per-concept plugins beside a contract layer (`runners/bounce.py`,
  `runners/digest.py` beside `interfaces/bounce.py`, `interfaces/digest.py`) is a layer: its
  modules join their concepts' units instead of making one `runner` unit of every queue.
- In a concept layer package (`model/member.py`, `model/mailinglist.py`, each with twins in
  other layers) the same-package bonus does not glue two concepts together."""

from __future__ import annotations

from pathlib import Path

from helpers import build_tree, graph_of

from strangler.seams.concept_layers import concept_layer_packages, concept_slices
from strangler.seams.config import Signals, SignalWeights
from strangler.seams.mirror_layers import mirrored_layers
from strangler.seams.signals import signal_graph
from strangler.seams.words import domain_units

CONCEPTS = ["bounce", "digest", "member", "roster", "domain", "ban", "template", "badge",
            "language", "archive", "user", "workflow", "pending", "request", "nntp",
            "pipeline", "chain", "rule", "ticket", "invoice"]  # 20 concepts


def _contract_app(queues: list[str]) -> list[str]:
    names = ["app", "app.model", "app.interfaces", "app.runners", "app.runners.base"]
    names += [f"app.interfaces.{c}" for c in CONCEPTS]
    names += [f"app.model.{c}" for c in CONCEPTS[:15]]  # the rest have no table
    names += [f"app.runners.{q}" for q in queues]
    return names


def test_a_package_mirroring_a_contract_layer_is_a_layer() -> None:
    # five queues named after concepts only the contract layer declares, three others
    names = _contract_app([*CONCEPTS[15:], "incoming", "outgoing", "retry"])
    assert "runners" in mirrored_layers(names)
    units = domain_units(names)
    assert {units[f"app.runners.{c}"] for c in CONCEPTS[15:]} \
        == {f"word:{c}" for c in CONCEPTS[15:]}
    assert units["app.runners.ticket"] == units["app.interfaces.ticket"]
    # without the contract layer the runners are one unit of their package
    plain = [n for n in names if not n.startswith("app.interfaces")]
    assert "runners" not in mirrored_layers(plain)
    assert len({domain_units(plain)[f"app.runners.{c}"] for c in CONCEPTS[15:]}) == 1


def test_a_few_concept_names_make_no_layer() -> None:
    names = _contract_app([*CONCEPTS[17:], "incoming", "outgoing", "retry"])  # three
    assert "runners" not in mirrored_layers(names)


def test_a_concept_layer_package() -> None:
    names = ["app", "app.model", "app.model.base", "app.interfaces", "app.lib",
             "app.lib.crypto", "app.lib.dates", "app.lib.mail"]
    names += [f"app.{layer}.{c}" for layer in ("model", "interfaces") for c in CONCEPTS[:5]]
    names += ["app.lib.bounce"]
    units = domain_units(names)
    assert concept_layer_packages(units) == frozenset({"app.model", "app.interfaces"})
    # the package's own plumbing is no concept
    assert "app.model.base" not in concept_slices(units)["app.model"]


def _project(tmp_path: Path, twins: bool, tables: bool = True) -> Path:
    files = {"app/__init__.py": "", "app/model/__init__.py": "",
             "app/base.py": "from sqlalchemy.orm import declarative_base\n\n"
                            "Base = declarative_base()\n"}
    for c in CONCEPTS[:5]:
        files[f"app/model/{c}.py"] = (
            "from sqlalchemy import Column, Integer\n"
            "from app.base import Base\n\n"
            f"class {c.title()}(Base):\n"
            f"    __tablename__ = '{c}'\n"
            "    id = Column(Integer, primary_key=True)\n") if tables else (
            f"class {c.title()}:\n    pass\n")
        if twins:
            files["app/interfaces/__init__.py"] = ""
            files[f"app/interfaces/{c}.py"] = f"class I{c.title()}:\n    pass\n"
    files["app/model/bounce.py"] += (
        "\n\nfrom app.model.digest import Digest\n\n"
        "def other():\n    return Digest()\n")
    return build_tree(tmp_path / f"{twins}-{tables}", files)


def _weights(root: Path) -> tuple[float, float]:
    index, graph = graph_of(root)
    alone = Signals(static=True, cochange=False, routes=False, package=False, words=False,
                    data=False)
    bonus = Signals(static=True, cochange=False, routes=False, package=True, words=False,
                    data=False)
    pair = ("app.model.bounce", "app.model.digest")
    return (signal_graph(index, graph, SignalWeights(), alone).edges[pair]["weight"],
            signal_graph(index, graph, SignalWeights(), bonus).edges[pair]["weight"])


def test_no_package_bonus_between_two_concepts_of_a_concept_layer(tmp_path: Path) -> None:
    without, with_package = _weights(_project(tmp_path, twins=True))
    assert with_package == without
    # a package of modules that are no layer's slices keeps the authors' grouping
    without, with_package = _weights(_project(tmp_path, twins=False))
    assert with_package > without
    # and so do concepts without data (forms, schemas: their package is their grouping)
    without, with_package = _weights(_project(tmp_path, twins=True, tables=False))
    assert with_package > without
