"""A command-line package holding several console scripts' packages is a box of tools
(`seams.toolboxes`): a one-domain tool joins its domain, a many-domain tool stays a group
and only its domain-named commands follow their domains."""

from __future__ import annotations

from pathlib import Path

from helpers import build_tree

from strangler.adapters.cache import MemoryStore
from strangler.adapters.entry_points import read_entry_points
from strangler.adapters.filesystem import LocalFileSystem
from strangler.graph import build_graph
from strangler.parse import ParseOptions, link, parse_project
from strangler.seams import SeamConfig
from strangler.seams.commands import command_groups
from strangler.seams.propose import Choice, Grouping
from strangler.seams.toolboxes import toolbox_moves, tools_of

SCRIPTS = ("app.cli.manage", "app.cli.janitor", "app.cli.tools.cron",
           "app.cli.tools.cleanup")
PACKAGES = ("app.cli", "app.cli.manage", "app.cli.janitor", "app.cli.tools")
BOX = ("app.cli", "app.cli.manage", "app.cli.manage.main", "app.cli.manage.audit",
       "app.cli.manage.backup", "app.cli.janitor", "app.cli.janitor.find",
       "app.cli.janitor.update", "app.cli.tools", "app.cli.tools.cron",
       "app.cli.tools.cleanup")


def test_the_tools_of_a_toolbox() -> None:
    tools = tools_of("app.cli", BOX, PACKAGES, SCRIPTS)
    assert {frozenset(t) for t in tools} == {
        frozenset({"app.cli.manage", "app.cli.manage.main", "app.cli.manage.audit",
                   "app.cli.manage.backup"}),
        frozenset({"app.cli.janitor", "app.cli.janitor.find", "app.cli.janitor.update"}),
        frozenset({"app.cli.tools.cron"}), frozenset({"app.cli.tools.cleanup"})}
    # One script package only, or scripts that are modules of the command package itself
    # (`cmd/manage`, `cmd/status`): no toolbox.
    assert tools_of("app.cli", BOX, PACKAGES, ("app.cli.manage",)) == []
    assert tools_of("app.cli", BOX, PACKAGES, ("app.cli.main", "app.cli.status")) == []


def test_one_domain_tools_join_it_and_domain_named_commands_follow() -> None:
    group_of = {"app.tokens.service": 0, "app.tokens.models": 0, "app.audit.service": 1,
                "app.users.service": 2, "app.jobs.service": 3}
    edges = [("app.cli.janitor.find", "app.tokens.service", 3.0),
             ("app.cli.janitor.update", "app.tokens.models", 2.0),
             ("app.cli.janitor.update", "app.users.service", 1.0),
             ("app.cli.manage.audit", "app.audit.service", 2.0),
             ("app.cli.manage.backup", "app.users.service", 2.0),
             ("app.cli.manage.main", "app.tokens.service", 1.0),
             ("app.cli.manage.main", "app.jobs.service", 1.0),
             ("app.cli.manage.main", "app.cli.manage.audit", 5.0),
             ("app.cli.tools.cron", "app.jobs.service", 2.0)]
    moves = toolbox_moves("app.cli", BOX, PACKAGES, SCRIPTS, edges, group_of,
                          lambda m: m.rsplit(".", 1)[-1] in {"audit", "tokens", "users"})
    assert moves == {"app.cli.janitor": 0, "app.cli.janitor.find": 0,
                     "app.cli.janitor.update": 0, "app.cli.manage.audit": 1,
                     "app.cli.tools.cron": 3}
    # A tool with no pull to any group (`tools.cleanup`) and the many-domain tool's other
    # commands (`manage.backup`: not named after a domain) stay in the box.


def test_command_groups_send_a_toolboxs_tools_home(tmp_path: Path) -> None:
    files = {
        "setup.cfg": "[options.entry_points]\nconsole_scripts =\n"
                     "    app-manage = app.cli.manage:main\n"
                     "    app-janitor = app.cli.janitor:main\n",
        "app/__init__.py": "",
        "app/cli/__init__.py": "def runner():\n    return 1\n",
        "app/cli/manage/__init__.py": "from app.cli.manage import audit, backup\n\n"
                                      "def main():\n    return audit, backup\n",
        "app/cli/manage/audit.py": "from app.audit.service import purge\n\ndef run():\n"
                                   "    return purge()\n",
        "app/cli/manage/backup.py": "from app.cli import runner\nfrom app.tokens.service "
                                    "import purge\n\ndef run():\n    return runner(), purge()\n",
        "app/cli/janitor/__init__.py": "from app.cli.janitor import find\n\ndef main():\n"
                                       "    return find\n",
        "app/cli/janitor/find.py": "from app.cli import runner\nfrom app.tokens.service "
                                   "import find\n\ndef run():\n    return runner(), find()\n",
    }
    for d in ("audit", "tokens"):
        files[f"app/{d}/__init__.py"] = ""
        files[f"app/{d}/service.py"] = "def find():\n    return 1\n\ndef purge():\n    return 2\n"
    root = build_tree(tmp_path / "proj", files)
    parsed = parse_project(LocalFileSystem(), str(root), MemoryStore(), ParseOptions(jobs=1))
    index = link(root.name, parsed.files, parsed.problems, read_entry_points(root))
    assert set(index.scripts) == {"app.cli.manage", "app.cli.janitor"}
    graph = build_graph(index)
    box = [m.name for m in index.modules if m.name.startswith("app.cli")]
    grouping = Grouping.ordered([
        ("", ["app.audit.service", *box]), ("", ["app.tokens.service"])], Choice(None))
    units = {m.name: "word:" + ("cli" if m.name.startswith("app.cli") else m.name.split(".")[1])
             for m in index.modules if "." in m.name}
    groups = {frozenset(members) for _, members in command_groups(
        index, graph, SeamConfig(), grouping, units=units).groups}
    # The janitor (token code only) joins the tokens; `manage` calls two domains and stays
    # with the runner, but its `audit` command follows the audit domain.
    assert groups == {
        frozenset({"app.audit.service", "app.cli.manage.audit"}),
        frozenset({"app.tokens.service", "app.cli.janitor", "app.cli.janitor.find"}),
        frozenset({"app.cli", "app.cli.manage", "app.cli.manage.backup"})}
    # A pinned group (the user's seam) takes no tool: the janitor stays with the box.
    pinned = Grouping.ordered([("", ["app.audit.service", *box]),
                               ("tokens", ["app.tokens.service"])], Choice(None))
    kept = {frozenset(members) for _, members in command_groups(
        index, graph, SeamConfig(pins=(("tokens", ("app.tokens.*",)),)), pinned,
        units=units).groups}
    assert frozenset({"app.tokens.service"}) in kept
    assert not any({"app.cli.janitor", "app.tokens.service"} <= g for g in kept)
