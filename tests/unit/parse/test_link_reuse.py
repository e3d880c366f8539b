"""Linking reuses a file's links only while everything they were resolved from is unchanged."""

from __future__ import annotations

import os
from pathlib import Path

from helpers import build_tree

from strangler.adapters.cache import MemoryStore
from strangler.adapters.filesystem import LocalFileSystem
from strangler.model import ProjectIndex
from strangler.parse import ParseOptions, link, parse_project
from strangler.parse.link import LinkMemo, link_reusing

APP = {
    "app/__init__.py": "",
    "app/models/__init__.py": """
        from app.models.user import User
        from app.models.order import Order
        """,
    "app/models/user.py": "class User:\n    pass\n",
    "app/models/order.py": "class Order:\n    pass\n",
    "app/helpers.py": "def public():\n    return 1\n",
    "app/views.py": """
        from app.models import User

        def show():
            return User.query.get(1)
        """,
    "app/orders.py": """
        from app.models import Order

        def pay():
            return Order.query.all()
        """,
    "app/star.py": """
        from app.helpers import *

        def run():
            return later()
        """,
}


def _write(path: Path, text: str) -> None:
    path.write_text(text)
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))


class Linked:
    def __init__(self, root: Path) -> None:
        self.root, self.store, self.memo = root, MemoryStore(), None

    def run(self) -> tuple[ProjectIndex, int]:
        """Link with the last run's memo; check the result against linking from scratch."""
        parsed = parse_project(LocalFileSystem(), str(self.root), self.store,
                               ParseOptions(jobs=1))
        index, memo, reused = link_reusing("app", parsed.files, parsed.problems,
                                           dict(parsed.digests), self.memo)
        assert isinstance(memo, LinkMemo)
        self.memo = memo
        assert index == link("app", parsed.files, parsed.problems)
        return index, reused


def _uses(index: ProjectIndex, source: str) -> set[tuple[str, str]]:
    return {(u.target, u.name) for u in index.uses if u.source == source}


def test_an_edit_relinks_only_the_edited_file(tmp_path: Path) -> None:
    linked = Linked(build_tree(tmp_path / "app", APP))
    _, reused = linked.run()
    assert reused == 0
    _write(tmp_path / "app/app/orders.py", (tmp_path / "app/app/orders.py").read_text()
           + "\nfrom app.models import User\n\ndef more():\n    return User\n")
    index, reused = linked.run()
    assert reused == len(index.modules) - 1
    assert ("app.models.user", "User") in _uses(index, "app.orders")


def test_a_changed_re_export_relinks_the_files_that_resolved_through_it(
        tmp_path: Path) -> None:
    linked = Linked(build_tree(tmp_path / "app", APP))
    index, _ = linked.run()
    assert ("app.models.user", "User") in _uses(index, "app.views")
    init = tmp_path / "app/app/models/__init__.py"
    _write(init, "from app.models.order import Order as User\n" + init.read_text())
    index, reused = linked.run()
    assert ("app.models.order", "Order") in _uses(index, "app.views")
    # models/__init__ and views (it resolved `User` through it) are linked again; orders
    # resolved `Order` through the same module, whose interface changed: also linked again.
    assert reused == len(index.modules) - 3


def test_a_class_that_shadows_a_re_export_is_seen(tmp_path: Path) -> None:
    linked = Linked(build_tree(tmp_path / "app", APP))
    linked.run()
    init = tmp_path / "app/app/models/__init__.py"
    _write(init, init.read_text() + "\n\nclass User:\n    pass\n")
    index, _ = linked.run()
    assert ("app.models", "User") in _uses(index, "app.views")


def test_a_name_added_to_a_star_imported_module_is_seen_by_its_importer(
        tmp_path: Path) -> None:
    linked = Linked(build_tree(tmp_path / "app", APP))
    index, _ = linked.run()
    assert _uses(index, "app.star") == set()
    helpers = tmp_path / "app/app/helpers.py"
    _write(helpers, helpers.read_text() + "\n\ndef later():\n    return 2\n")
    index, _ = linked.run()  # star.py did not change; its bindings did
    assert ("app.helpers", "later") in _uses(index, "app.star")


def test_a_new_module_relinks_everything(tmp_path: Path) -> None:
    linked = Linked(build_tree(tmp_path / "app", APP))
    linked.run()
    # `app.models.user` was the longest module prefix of `app.models.user.User`; a new
    # module can change what a dotted name's longest prefix is.
    (tmp_path / "app/app/extra.py").write_text("from app.models import User\n")
    index, reused = linked.run()
    assert reused == 0
    assert "app.extra" in {m.name for m in index.modules}
