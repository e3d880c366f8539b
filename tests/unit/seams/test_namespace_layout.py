"""An application inside a namespace package (`acme/shop/`, `acme/` without __init__.py)
is read as the same application at the top level."""

from __future__ import annotations

from pathlib import Path

from helpers import build_tree, graph_of

from strangler.model import SeamProposal
from strangler.seams import SeamConfig, SeamRequest, propose_seams
from strangler.seams.kernel import find_roots
from strangler.seams.words import namespace_prefix

DOMAINS = ("orders", "accounts", "billing", "catalog", "reviews")


def _shop(prefix: str) -> dict[str, str]:
    base = prefix.replace(".", "/")
    files = {f"{base}/__init__.py": "", f"{base}/settings.py": "DEBUG = False\n",
             f"{base}/db.py": "def execute(sql):\n    return sql\n"}
    for domain in DOMAINS:
        files[f"{base}/{domain}/__init__.py"] = ""
        files[f"{base}/{domain}/models.py"] = (
            f"from {prefix}.db import execute\n"
            f"def load():\n    return execute('SELECT * FROM {domain}')\n")
        files[f"{base}/{domain}/views.py"] = (
            f"from flask import Blueprint\nfrom {prefix}.{domain}.models import load\n"
            f"bp = Blueprint('{domain}', __name__)\n"
            f"@bp.route('/{domain}')\ndef show():\n    return load()\n")
    files[f"{base}/app.py"] = "from flask import Flask\n" + "".join(
        f"from {prefix}.{d}.views import bp as {d}\n" for d in DOMAINS
    ) + "app = Flask(__name__)\n"
    # An initializer that wires the domains (no telling name: found by its breadth).
    files[f"{base}/boot.py"] = "".join(
        f"from {prefix}.{d}.models import load as {d}\n" for d in DOMAINS)
    return files


def test_roots_of_an_application_in_a_namespace_package(tmp_path: Path) -> None:
    plain = graph_of(build_tree(tmp_path / "plain", _shop("shop")))
    spaced = graph_of(build_tree(tmp_path / "spaced", _shop("acme.shop")))
    roots = {r.module for r in find_roots(*plain, SeamConfig())}
    assert {"shop.app", "shop.settings", "shop.boot"} <= roots
    assert {r.module for r in find_roots(*spaced, SeamConfig())} == {
        "acme." + root for root in roots}


def test_the_proposal_in_a_namespace_package_is_the_top_level_one(tmp_path: Path) -> None:
    """Units, words and names read past `acme.`: the seams were named `shop`,
    `shop_billing`, `shop_catalog`... and the shared helpers left the kernel."""
    files = _shop("shop")
    files["shop/utils.py"] = "def slug(x):\n    return str(x)\n"
    for domain in DOMAINS:
        files[f"shop/{domain}/models.py"] += "from shop.utils import slug\n"
    spaced = {f"acme/{path}": text.replace("from shop", "from acme.shop")
              for path, text in files.items()}
    request = SeamRequest(config=SeamConfig(min_size=1))
    plain = propose_seams(*graph_of(build_tree(tmp_path / "plain", files)), request)
    inside = propose_seams(*graph_of(build_tree(tmp_path / "spaced", spaced)), request)
    assert sorted(s.name for s in plain.seams) == sorted(DOMAINS)

    def seen(proposal: SeamProposal) -> tuple[object, ...]:
        return (sorted((s.name, [m.removeprefix("acme.") for m in s.modules])
                       for s in proposal.seams),
                [k.module.removeprefix("acme.") for k in proposal.kernel],
                [r.module.removeprefix("acme.") for r in proposal.roots])

    assert seen(inside) == seen(plain)


def test_namespace_prefix() -> None:
    assert namespace_prefix(["acme.shop", "acme.shop.a", "acme.shop.b", "tools.x"]) == "acme."
    # a regular package, a minority, or a name that would clash once the prefix is gone
    assert namespace_prefix(["shop", "shop.a", "shop.b"]) == ""
    assert namespace_prefix(["acme.shop.a", "x", "y", "z"]) == ""
    assert namespace_prefix(["acme.shop.a", "acme.shop.b", "shop.c"]) == ""
    # a namespace of several packages (`app/` without __init__.py holding the domains or
    # the layers) is read as it is
    assert namespace_prefix(["app.users", "app.users.a", "app.orders", "app.orders.b"]) == ""
    assert namespace_prefix(["acme.shop.a", "acme.shop.b"]) == ""  # (no `acme.shop` module)


def _layered(prefix: str) -> dict[str, str]:
    """A layered application (api/, services/, models/ by domain) under `prefix`."""
    base = prefix.replace(".", "/")
    files = {f"{base}/__init__.py": "", f"{base}/db.py": "def execute(sql):\n    return sql\n"}
    for layer in ("api", "services", "models"):
        files[f"{base}/{layer}/__init__.py"] = ""
    for domain in DOMAINS:
        files[f"{base}/models/{domain}.py"] = (
            f"from {prefix}.db import execute\n"
            f"def load():\n    return execute('SELECT * FROM {domain}')\n"
            f"def save():\n    return execute('UPDATE {domain} SET x = 1')\n")
        files[f"{base}/services/{domain}.py"] = (
            f"from {prefix}.models.{domain} import load, save\n"
            f"def run():\n    save()\n    return load()\n")
        files[f"{base}/api/{domain}.py"] = (
            f"from fastapi import APIRouter\nfrom {prefix}.services.{domain} import run\n"
            f"router = APIRouter()\n"
            f"@router.get('/{domain}')\ndef show():\n    return run()\n")
    files[f"{base}/main.py"] = "from fastapi import FastAPI\n" + "".join(
        f"from {prefix}.api.{d} import router as {d}\n" for d in DOMAINS
    ) + "app = FastAPI()\n"
    return files


def test_a_wrapper_package_holding_one_package_is_read_past(tmp_path: Path) -> None:
    """`acme/__init__.py` that only wraps `acme/server/` (a distribution's top package with
    one sub-package): the layered server is cut by domain as it is at the top level, not
    taken for one `server` domain."""
    assert namespace_prefix(["acme", "acme.server", "acme.server.a", "acme.server.b"],
                            wrapper=True) == "acme."
    assert namespace_prefix(["acme", "acme.server", "acme.server.a", "acme.server.b"]) == ""
    # a top package with two children is the application itself
    assert namespace_prefix(["acme", "acme.server", "acme.server.a", "acme.cli"],
                            wrapper=True) == ""
    files = {"acme/__init__.py": "__version__ = '1'\n", **_layered("acme.server")}
    request = SeamRequest(config=SeamConfig(min_size=1))
    proposal = propose_seams(*graph_of(build_tree(tmp_path / "wrapped", files)), request)
    seam_of = {m: s.name for s in proposal.seams for m in s.modules}
    for domain in DOMAINS:
        layers = {seam_of.get(f"acme.server.{layer}.{domain}")
                  for layer in ("api", "services", "models")}
        assert len(layers) == 1 and None not in layers, (domain, layers)
    assert len({seam_of[f"acme.server.models.{d}"] for d in DOMAINS}) == len(DOMAINS)
