"""Issue 10 (helper `zoufold`): a layer word (`task`) that names one of the project's tables,
mapped in a module named by the same word (`models/task.py`), is a domain word there: the
task model, its blueprint and its service are one word unit. Celery's `tasks.py` beside no
`task` table stays a layer."""

from __future__ import annotations

from pathlib import Path

from helpers import FLASK_DB, FLASK_MODEL, build_tree, graph_of

from strangler.seams import SeamRequest, propose_seams
from strangler.seams.layer_domains import table_layer_words
from strangler.seams.words import domain_units


def _project(root: Path, task_table: bool) -> Path:
    files: dict[str, str | bytes] = {
        "app/__init__.py": "",
        "app/models/__init__.py": FLASK_DB,
        "app/models/person.py": FLASK_MODEL.format(cls="Person", table="person", extra=""),
        "app/blueprints/__init__.py": "",
        "app/blueprints/tasks/__init__.py": "",
        "app/blueprints/tasks/resources.py": "from app.services import tasks_service\n\n\n"
                                             "def get(item):\n"
                                             "    return tasks_service.get_task(item)\n",
        "app/blueprints/persons/__init__.py": "",
        "app/blueprints/persons/resources.py": "from app.models.person import Person\n",
        "app/services/__init__.py": "",
        "app/services/tasks_service.py": "from app.models.task import Task\n\n\n"
                                         "def get_task(item):\n"
                                         "    return Task.query.get(item)\n",
    }
    if task_table:
        files["app/models/task.py"] = FLASK_MODEL.format(cls="Task", table="task", extra="")
    else:  # a task is a job here, not a row
        files["app/models/task.py"] = "class Task:\n    pass\n"
    return build_tree(root, files)


TASK_MODULES = ["app.models.task", "app.blueprints.tasks.resources",
                "app.services.tasks_service"]


def test_a_layer_word_that_names_a_table_is_a_domain_word(tmp_path: Path) -> None:
    index, _ = graph_of(_project(tmp_path / "proj", task_table=True))
    domains = table_layer_words(index)
    assert domains == frozenset({"task"})
    names = sorted(m.name for m in index.modules)
    units = domain_units(names, domains=domains)
    assert {units[m] for m in TASK_MODULES} == {"word:task"}
    assert units["app.blueprints.persons.resources"] == "word:person"
    # without the project's tables, `task` is a layer and names no unit
    assert "word:task" not in domain_units(names).values()
    # the model, its blueprint and its service are one seam, named after the domain
    # (without the rule the model is a seam apart from `tasks_service`'s)
    proposal = propose_seams(index, graph_of(tmp_path / "proj")[1], SeamRequest())
    seam_of = dict(proposal.assignment)
    assert {seam_of[m] for m in TASK_MODULES} == {"task"}


def test_no_task_table_keeps_the_word_a_layer(tmp_path: Path) -> None:
    index, _ = graph_of(_project(tmp_path / "proj", task_table=False))
    assert table_layer_words(index) == frozenset()


def test_a_verb_that_names_a_table_is_a_domain_word(tmp_path: Path) -> None:
    """patchwork's `patch` table: `api/patch` and `views/patch` are the patch domain's,
    not modules of an operation; without a `patch` table the verb names no unit."""
    def project(root: Path, patch_table: bool) -> Path:
        models = FLASK_MODEL.format(cls="Comment", table="comment", extra="")
        if patch_table:
            models += FLASK_MODEL.format(cls="Patch", table="patch", extra="")
        files: dict[str, str | bytes] = {
            "app/__init__.py": "",
            "app/db.py": FLASK_DB,
            "app/models.py": "from app.db import db\n" + models.replace(
                "from app.models import db\n", ""),
            "app/api/__init__.py": "",
            "app/views/__init__.py": "",
            "app/forms/__init__.py": "",
        }
        for layer in ("api", "views", "forms"):
            for name in ("patch", "comment", "project", "bundle"):
                files[f"app/{layer}/{name}.py"] = "from app import models\n"
        return build_tree(root, files)

    index, _ = graph_of(project(tmp_path / "with", patch_table=True))
    domains = table_layer_words(index)
    assert "patch" in domains
    names = sorted(m.name for m in index.modules)
    units = domain_units(names, domains=domains)
    assert units["app.api.patch"] == units["app.views.patch"] == "word:patch"
    index, _ = graph_of(project(tmp_path / "without", patch_table=False))
    assert "patch" not in table_layer_words(index)
    units = domain_units(sorted(m.name for m in index.modules))
    assert "word:patch" not in units.values()
