"""A package whose own folder is on sys.path (a Django project kept inside a package, with
its manage.py there): its apps import each other top-level, and those imports are links."""

from __future__ import annotations

from pathlib import Path

from helpers import build_tree, imports_of, index_of

# `pkg/manage.py` runs with `pkg/` first on sys.path: `from projects.models import Project`
# names the module discovery calls `pkg.projects.models`.
TREE = {
    "pkg/__init__.py": "",
    "pkg/manage.py": (
        "import os\n"
        "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'core.settings')\n"),
    "pkg/core/__init__.py": "",
    "pkg/core/settings.py": "ROOT_URLCONF = 'core.urls'\n",
    "pkg/core/utils.py": "def paginate(items): ...\n",
    "pkg/core/urls.py": """
        from django.urls import include, path
        urlpatterns = [
            path("projects/", include("projects.urls")),
            path("tasks/", include("tasks.urls")),
        ]
        """,
    "pkg/projects/__init__.py": "",
    "pkg/projects/models.py": """
        from core.utils import paginate
        class Project: ...
        """,
    "pkg/projects/views.py": """
        import json
        from core.utils import paginate
        from projects.models import Project
        from tasks.models import Task
        def project_list(request): ...
        """,
    "pkg/projects/urls.py": """
        from django.urls import path
        from projects import views
        urlpatterns = [path("", views.project_list)]
        """,
    "pkg/tasks/__init__.py": "",
    "pkg/tasks/models.py": """
        from projects.models import Project
        class Task: ...
        """,
    "pkg/tasks/views.py": """
        from tasks.models import Task
        def task_list(request): ...
        """,
    "pkg/tasks/urls.py": """
        from django.urls import path
        from tasks.views import task_list
        urlpatterns = [path("", task_list)]
        """,
}


def test_top_level_imports_of_a_package_on_sys_path_are_links(tmp_path: Path) -> None:
    index = index_of(build_tree(tmp_path / "proj", TREE))
    found = imports_of(index, "pkg.projects.views")
    assert ("pkg.core.utils", "paginate", ()) in found
    assert ("pkg.projects.models", "Project", ()) in found
    assert ("pkg.tasks.models", "Task", ()) in found
    assert ("pkg.projects.models", "Project", ()) in imports_of(index, "pkg.tasks.models")
    assert "json" in {e.module for e in index.external}  # the standard library stays outside
    assert "core" not in {e.module for e in index.external}


def test_string_includes_name_urlconfs_under_the_package(tmp_path: Path) -> None:
    index = index_of(build_tree(tmp_path / "proj", TREE))
    routes = {(r.path, r.handler) for r in index.routes}
    assert ("/projects/", "pkg.projects.views.project_list") in routes
    assert ("/tasks/", "pkg.tasks.views.task_list") in routes
    assert not [u for u in index.unresolved_routes if u.handler.endswith(".urls")]


def test_a_package_with_one_shadowed_name_is_no_import_root(tmp_path: Path) -> None:
    """`pkg/celery.py` importing the celery library is no sign that pkg/ is on sys.path."""
    root = build_tree(tmp_path / "proj", {
        "pkg/__init__.py": "",
        "pkg/celery.py": "from celery import Celery\napp = Celery('pkg')\n",
        "pkg/tasks.py": "from celery import shared_task\n",
        "pkg/other.py": "import celery\nfrom celery import Celery\n",
    })
    index = index_of(root)
    assert "celery" in {e.module for e in index.external}
    assert "pkg.celery" not in {target for target, _, _ in imports_of(index, "pkg.tasks")}
    assert "pkg.celery" not in {target for target, _, _ in imports_of(index, "pkg.other")}


def test_a_package_without_manage_py_is_no_import_root(tmp_path: Path) -> None:
    """Children named like outside libraries (`pkg/graphql/`, `pkg/core/prices.py`) are no
    sign that pkg/ is on sys.path when no script runs from there."""
    tree = {path: text for path, text in TREE.items() if path != "pkg/manage.py"}
    index = index_of(build_tree(tmp_path / "proj", tree))
    assert not [t for t, _, _ in imports_of(index, "pkg.projects.views") if t != "pkg"]
    assert "core" in {e.module for e in index.external}


def test_two_projects_in_one_tree_resolve_to_their_own_apps(tmp_path: Path) -> None:
    """Two Django projects side by side (`a/manage.py`, `b/manage.py`), each with its own
    `core/`: `from core.utils import ...` in `b` is `b.core.utils`, never `a`'s (the roots
    were tried in sorted order for every module, so `b` linked into `a`)."""
    tree = {f"{site}/{path}": text for site in ("a", "b")
            for path, text in ((p[len("pkg/"):], t) for p, t in TREE.items())}
    tree["b/projects/star.py"] = "from core.utils import *\n"
    index = index_of(build_tree(tmp_path / "proj", tree))
    found = imports_of(index, "b.projects.views")
    assert ("b.core.utils", "paginate", ()) in found
    assert ("b.tasks.models", "Task", ()) in found
    assert not [i for i in index.imports if i.source.startswith("b.")
                and i.target.startswith("a.")]
    assert not [i for i in index.imports if i.source.startswith("a.")
                and i.target.startswith("b.")]
    routes = {(r.path, r.handler) for r in index.routes}
    assert ("/tasks/", "b.tasks.views.task_list") in routes
    assert ("/tasks/", "a.tasks.views.task_list") in routes


def test_a_star_import_through_an_import_root_binds_its_names(tmp_path: Path) -> None:
    """`from core.helpers import *` inside the root: the star module is `pkg.core.helpers`
    and its names are bound (it was looked up as `core.helpers`, found nothing, and the
    names a settings module takes from `base` were lost)."""
    tree = dict(TREE)
    tree["pkg/core/helpers.py"] = "def slugify(text): ...\n"
    tree["pkg/tasks/api.py"] = """
        from core.helpers import *
        def task_slug(task):
            return slugify(task)
        """
    index = index_of(build_tree(tmp_path / "proj", tree))
    uses = {(u.source, u.target) for u in index.uses}
    assert ("pkg.tasks.api", "pkg.core.helpers") in uses
