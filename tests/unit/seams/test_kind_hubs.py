"""Issue 10 (helper s18-paperless): a flat Django app's tasks and signal handlers of every
concern are kernel when the app's one models module, the schema of every concept, is.

A main app laid out by kind (`models`, `views`, `tasks`, `signals/handlers`) beside one-job
modules (`consumer`, `matching`, `search`...) had its `tasks` (every concern's Celery task)
and its signal handlers glue all its concerns into one seam. `seams.kind_hubs` sends them to
the kernel; an app's own `tasks` of one concern, an app whose schema is no kernel module,
and a tasks module with data of its own are left alone."""

from __future__ import annotations

from pathlib import Path

from helpers import build_tree, graph_of

from strangler.seams.kind_hubs import HOOK_REACH, kind_hubs

JOBS = [f"job{i}" for i in range(HOOK_REACH)]


def _names(app: str = "docs") -> list[str]:
    return [app, f"{app}.apps", f"{app}.models", f"{app}.views", f"{app}.tasks",
            f"{app}.signals", f"{app}.signals.handlers",
            *(f"{app}.{j}" for j in JOBS), "mail", "mail.apps", "mail.models", "mail.tasks",
            "users", "users.apps", "users.models"]


def _edges(app: str = "docs", reach: int = HOOK_REACH) -> list[tuple[str, str]]:
    jobs = JOBS[:reach]
    return [*((f"{app}.tasks", f"{app}.{j}") for j in jobs),
            *((f"{app}.signals.handlers", f"{app}.{j}") for j in jobs),
            *((f"{app}.{j}", f"{app}.models") for j in JOBS),
            ("mail.tasks", "mail.models"), *(("mail.tasks", f"{app}.{j}") for j in jobs)]


def _found(names: list[str], kernel: set[str], edges: list[tuple[str, str]],
           touched: dict[str, set[str]] | None = None, maps: set[str] | None = None
           ) -> list[str]:
    mapped_by = {"docs_document": frozenset({"docs.models"}),
                 "mail_rule": frozenset({"mail.models"})}
    touched = touched if touched is not None else {"docs.tasks": {"docs_document"}}
    return [k.module for k in kind_hubs(names, kernel, edges, maps or {"docs.models",
                                                                      "mail.models"},
                                        touched, mapped_by, frozenset({"docs.views"}),
                                        kernel)]


def test_the_tasks_and_handlers_of_every_concern_are_kernel() -> None:
    found = _found(_names(), {"docs.models"}, _edges())
    # (the mail app's tasks reach as far, but its schema is its own domain's: no kernel)
    assert found == ["docs.signals.handlers", "docs.tasks"]


def test_a_tasks_module_of_few_concerns_stays() -> None:
    assert _found(_names(), {"docs.models"}, _edges(reach=HOOK_REACH - 1)) == []


def test_no_schema_in_the_kernel_no_kind_hub() -> None:
    assert _found(_names(), set(), _edges()) == []


def test_a_tasks_module_with_data_of_its_own_stays() -> None:
    found = _found(_names(), {"docs.models"}, _edges(),
                   touched={"docs.tasks": {"docs_document", "mail_rule"}})
    assert found == ["docs.signals.handlers"]


def test_seam_core_puts_the_main_apps_tasks_in_the_kernel(tmp_path: Path) -> None:
    from strangler.seams import SeamRequest, seam_core

    files = {"manage.py": "import os\n", "docs/__init__.py": "", "docs/apps.py": "",
             "docs/models.py": "from django.db import models\n"
                               + "".join(f"class Thing{i}(models.Model):\n"
                                         f"    name = models.CharField(max_length=9)\n"
                                         for i in range(6)),
             "docs/tasks.py": "".join(f"from docs.{j} import run as run_{j}\n" for j in JOBS)
                              + "from docs.models import Thing0\n"
                              + "def consume():\n    Thing0.objects.create(name='x')\n"
                              + "".join(f"    run_{j}()\n" for j in JOBS)}
    for i, j in enumerate(JOBS):
        files[f"docs/{j}.py"] = (f"from docs.models import Thing{i % 6}\n"
                                 f"def run():\n    return Thing{i % 6}.objects.all()\n")
    for app in ("mail", "users"):
        files.update({f"{app}/__init__.py": "", f"{app}/apps.py": "",
                      f"{app}/models.py": "from django.db import models\n"
                                          f"class {app.title()}(models.Model):\n"
                                          "    name = models.CharField(max_length=9)\n",
                      f"{app}/views.py": f"from {app}.models import {app.title()}\n"
                                         "from docs.tasks import consume\n"
                                         "def index(request):\n"
                                         f"    consume()\n"
                                         f"    return {app.title()}.objects.all()\n"})
    index, graph = graph_of(build_tree(tmp_path / "proj", files))
    core = seam_core(index, graph, SeamRequest())
    kernel = {k.module: k.reason for k in core.kernel}
    assert "docs.models" in kernel
    assert "every concern" in kernel.get("docs.tasks", "")
