"""Issue 10 (kernel): a platform-named module (`exceptions`, `utils/database`) that many of
the project's domain units use is kernel even where the first, kernel-blind grouping puts
its users in one group (flaskbb's forum, user and message code together); it is taken
out after the clustering, so that the seams around it keep their shape."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from helpers import build_tree, graph_of

DOMAINS = ("forum", "user", "message")
OTHERS = ("search", "report", "tag", "poll", "badge")  # units that use none of them


def _project(tmp_path: Path) -> Path:
    """Eight domain packages, three of whose views raise the project's `app.exceptions`
    and use `app.security` (3 of 8 units: less than the half that makes any module kernel),
    two of which use `app.audit`, and all use a forum-only `app/forum/exceptions.py` and a
    forum `service` module."""
    files = {"app/__init__.py": "",
             "app/exceptions.py": "class AppError(Exception):\n    pass\n",
             "app/forum/exceptions.py": "class ForumError(Exception):\n    pass\n",
             "app/forum/service.py": "def post():\n    return 1\n",
             "app/security.py": "def allowed():\n    return True\n",
             "app/audit.py": "def log():\n    return None\n"}
    for i, domain in enumerate(DOMAINS):
        other = DOMAINS[(i + 1) % len(DOMAINS)]
        files[f"app/{domain}/__init__.py"] = ""
        files[f"app/{domain}/models.py"] = f"class {domain.title()}:\n    pass\n"
        audit = "from app.audit import log\n" if i < 2 else ""
        files[f"app/{domain}/views.py"] = (
            f"from app.{domain}.models import {domain.title()}\n"
            f"from app.{other}.models import {other.title()}\n"
            "from app.exceptions import AppError\n"
            "from app.forum.exceptions import ForumError\n"
            "from app.forum.service import post\n"
            f"from app.security import allowed\n{audit}"
            f"def show():\n    if not ({domain.title()} and {other.title()} and post()):\n"
            "        raise AppError()\n    raise ForumError()\n")
    for domain in OTHERS:
        files[f"app/{domain}/__init__.py"] = ""
        files[f"app/{domain}/models.py"] = f"class {domain.title()}:\n    pass\n"
        files[f"app/{domain}/views.py"] = (f"from app.{domain}.models import {domain.title()}\n"
                                           f"def show():\n    return {domain.title()}\n")
    return build_tree(tmp_path / "proj", files)


def _lumped(index: Any) -> dict[str, str]:
    """A first pass that puts every module in one group: no breadth at all."""
    return {m.name: "0" for m in index.modules}


def test_a_platform_named_module_many_units_use_is_late_kernel(tmp_path: Path) -> None:
    from strangler.model import KernelModule
    from strangler.seams import SeamConfig
    from strangler.seams.kernel import find_kernel

    index, graph = graph_of(_project(tmp_path))
    late: list[KernelModule] = []
    kernel = find_kernel(index, graph, SeamConfig(), _lumped(index), (), set(), late)
    reasons = {k.module: k.reason for k in late}
    assert set(reasons) == {"app.exceptions", "app.security"}
    assert reasons["app.exceptions"].startswith("a exceptions module")
    assert "used by 3 of the project's 8 domain units" in reasons["app.security"]
    # not kernel before the clustering, with or without `late`
    assert "app.exceptions" not in {k.module for k in kernel}
    assert "app.exceptions" not in {k.module for k in find_kernel(
        index, graph, SeamConfig(), _lumped(index), ())}
    # two units of eight are not enough; a domain's own exceptions and a module in a
    # domain's package stay out, however broad
    assert "app.audit" not in reasons
    assert "app.forum.exceptions" not in {k.module for k in late}
    assert "app.forum.service" not in {k.module for k in late}


def test_late_kernel_leaves_the_seams_after_the_clustering(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import strangler.seams.kernel as kernel_module
    from strangler.seams import SeamRequest, seam_core

    index, graph = graph_of(_project(tmp_path))
    real = kernel_module.find_kernel

    def lumped_first_pass(index: Any, graph: Any, config: Any, clusters: dict[str, str],
                          *args: Any) -> Any:
        return real(index, graph, config, _lumped(index), *args)

    monkeypatch.setattr(kernel_module, "find_kernel", lumped_first_pass)
    core = seam_core(index, graph, SeamRequest())
    reasons = {k.module: k.reason for k in core.kernel}
    assert "domain units" in reasons.get("app.exceptions", "")
    grouped = {m for _, members in core.grouping.groups for m in members}
    assert "app.exceptions" not in grouped
    assert {f"app.{d}.views" for d in DOMAINS} <= grouped
