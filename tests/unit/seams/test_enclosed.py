"""Issue 10 (kernel): a platform name (`exceptions`, `utils`) inside a domain's package
(`commands/dashboard/exceptions`) is that domain's helper; the name lowers the breadth a
module needs to be kernel only in the platform's own places (`commands/utils`, `utils/`)."""

from __future__ import annotations

from pathlib import Path

from helpers import build_tree, graph_of

from strangler.seams.enclosed import domain_enclosed, platform_tops
from strangler.seams.kernel import KERNEL_NAMES

NAMES = frozenset(KERNEL_NAMES)


def test_platform_places_and_domain_packages() -> None:
    tops = platform_tops(["app", "app.commands.dashboard.exceptions", "app.utils.dates",
                          "site.settings", "ipam.constants", "ipam.models", "dcim.models"])
    assert tops == {"app", "site"}  # a third of the modules; a Django project package
    assert domain_enclosed("app.commands.dashboard.exceptions", tops, NAMES)
    assert domain_enclosed("ipam.constants", tops, NAMES)  # a Django app is a domain
    assert not domain_enclosed("app.commands.utils", tops, NAMES)  # a layer's helper
    assert not domain_enclosed("app.utils.dates", tops, NAMES)
    assert not domain_enclosed("site.utils", tops, NAMES)
    assert not domain_enclosed("app.graphql.core.types", tops, NAMES)


def _project(tmp_path: Path) -> Path:
    """Three domains (`dashboard`, `chart`, `report`) each with a command; the dashboard's
    exceptions are raised by the dashboard and caught by two other domains, and a layer
    helper (`commands/utils`) is used by two domains."""
    files = {
        "app/__init__.py": "",
        "app/commands/__init__.py": "",
        "app/commands/utils.py": "def check(x):\n    return x\n",
        "app/commands/dashboard/__init__.py": "",
        "app/commands/dashboard/exceptions.py": "class DashboardNotFound(Exception):\n"
                                                "    pass\n",
        "app/commands/dashboard/create.py": """
            from app.commands.dashboard.exceptions import DashboardNotFound
            def create():
                raise DashboardNotFound()
            """,
    }
    for other in ("chart", "report"):
        files[f"app/commands/{other}/__init__.py"] = ""
        files[f"app/commands/{other}/create.py"] = (
            "from app.commands.dashboard.exceptions import DashboardNotFound\n"
            "from app.commands.utils import check\n"
            "def create():\n    try:\n        return check(1)\n"
            "    except DashboardNotFound:\n        return None\n")
    return build_tree(tmp_path / "proj", files)


def test_a_domains_exceptions_module_is_not_kernel_by_its_name(tmp_path: Path) -> None:
    from strangler.seams import SeamConfig
    from strangler.seams.kernel import find_kernel

    index, graph = graph_of(_project(tmp_path))
    # first pass: one domain per command package; each module its own group otherwise
    clusters = {m.name: (m.name.split(".")[2] if m.name.count(".") >= 3 else m.name)
                for m in index.modules}
    enclosed: set[str] = set()
    kernel = {k.module for k in find_kernel(index, graph, SeamConfig(), clusters, (),
                                            enclosed)}
    assert "app.commands.utils" in kernel  # a layer's helper used by two domains
    assert "app.commands.dashboard.exceptions" not in kernel
    # ... and the clustering is told, so that it follows its domain (a follower)
    assert enclosed == {"app.commands.dashboard.exceptions"}


def test_a_domains_exceptions_module_follows_its_domain(tmp_path: Path) -> None:
    from strangler.seams import SeamRequest, propose_seams

    index, graph = graph_of(_project(tmp_path))
    proposal = propose_seams(index, graph, SeamRequest())
    assert "app.commands.dashboard.exceptions" not in {k.module for k in proposal.kernel}
    seams = dict(proposal.assignment)
    assert seams.get("app.commands.dashboard.create") is not None
    assert seams.get("app.commands.dashboard.exceptions") == seams.get(
        "app.commands.dashboard.create")
