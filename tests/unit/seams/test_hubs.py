"""Issue 10, helper hubs: a command-line layer and a fan-out hub follow the domains they
serve; they neither glue domains into one seam nor give it their name."""

from __future__ import annotations

from pathlib import Path

from helpers import build_tree, graph_of

from strangler.model import Module
from strangler.seams import SeamRequest, propose_seams
from strangler.seams.hubs import command_package, fan_out_hubs, loose_commands, route_hubs
from strangler.seams.propose import Choice, Grouping, name_groups

DOMAINS = ("users", "groups", "queries", "dashboards")


def _layered(root: Path, cli: dict[str, str]) -> Path:
    """A layered app: handlers/, services/ and models/ with one module per domain (no
    table, no route: only the code couples them); `cli` adds the command-line package."""
    files: dict[str, str] = {"app/__init__.py": "", "app/services/__init__.py": "",
                             "app/models/__init__.py": "", "app/handlers/__init__.py": ""}
    for domain in DOMAINS:
        model = domain[:-1].capitalize()
        files[f"app/models/{domain}.py"] = f"""
            class {model}:
                name = ""
                owner = None
                def save(self):
                    return self
                def delete(self):
                    return None
                def rename(self, name):
                    self.name = name
                    return self
            """
        files[f"app/services/{domain}.py"] = f"""
            from app.models.{domain} import {model}
            def create():
                return {model}().save()
            def listing():
                return [{model}()]
            """
        files[f"app/handlers/{domain}.py"] = f"""
            from app.services import {domain} as service
            def index():
                return service.listing()
            """
    files.update(cli)
    return build_tree(root, files)


def _domain_commands() -> dict[str, str]:
    """`cli/users`, `cli/groups`...: one command module per domain, registered by the
    package's runner (`cli/groups` borrows an option of `cli/users`)."""
    files = {"app/cli/__init__.py": """
        import click
        from app.cli import dashboards, groups, queries, users
        manager = click.Group()
        for command in (users.create, groups.create, queries.create, dashboards.create):
            manager.add_command(command)
        """}
    for domain in DOMAINS:
        model = domain[:-1].capitalize()
        borrowed = ""
        files[f"app/cli/{domain}.py"] = f"""
            import click
            from app.models.{domain} import {model}
            from app.services import {domain} as service
            {borrowed}
            def option():
                return click.option("--name")
            @click.command()
            def create():
                service.create()
                return option(), {model}().save(), service.listing()
            """.replace("            \n", "")
    return files


def test_a_command_layer_named_after_the_domains_follows_them(tmp_path: Path) -> None:
    index, graph = graph_of(_layered(tmp_path / "proj", _domain_commands()))
    proposal = propose_seams(index, graph, SeamRequest())
    labels = dict(proposal.assignment)
    # each command sits with its own domain's model and service ...
    for domain in DOMAINS:
        assert labels[f"app.cli.{domain}"] == labels[f"app.models.{domain}"] \
            == labels[f"app.services.{domain}"], (domain, proposal.seams)
    # ... and the command layer glues no domains together
    assert len({labels[f"app.models.{d}"] for d in DOMAINS}) == len(DOMAINS)
    assert "cli" not in {seam.name for seam in proposal.seams}


def _loose(root: Path) -> set[str]:
    """`loose_commands` of a project, its first pass grouping modules by their last name
    (`models/users`, `services/users` together)."""
    import networkx as nx

    from strangler.seams.words import domain_units

    index, graph = graph_of(root)
    pulls = nx.Graph()
    for dependency in graph.dependencies:
        pulls.add_edge(dependency.source, dependency.target, weight=dependency.weight)
    names = sorted(m.name for m in index.modules)
    first_pass = {m: m.rsplit(".", 1)[-1] for m in names}
    return loose_commands(pulls, first_pass, {m for m in names if command_package(m)},
                          domain_units(names))


def test_only_a_command_layer_named_after_the_domains_is_loose(tmp_path: Path) -> None:
    assert _loose(_layered(tmp_path / "layer", _domain_commands())) == {
        "app.cli", *(f"app.cli.{domain}" for domain in DOMAINS)}
    # Admin tools named after tasks, sharing their runner: a component, clustered as is.
    tools = {"app/cli/__init__.py": "from app.cli import runner, reset, thumbnails, shell\n",
             "app/cli/runner.py": "def run(x):\n    return x\n"}
    for task in ("reset", "thumbnails", "shell"):
        tools[f"app/cli/{task}.py"] = ("from app.cli.runner import run\n"
                                       f"def {task}():\n    return run('{task}')\n")
    assert _loose(_layered(tmp_path / "tools", tools)) == set()
    # Commands named after the domains that hold together (a shared runner, each command
    # a thin call of a service): the package is a component, not a layer.
    held = {"app/cli/__init__.py": "from app.cli import runner, users, groups, queries\n",
            "app/cli/runner.py": "def run(x):\n    return x\ndef echo(x):\n    return x\n"}
    for domain in ("users", "groups", "queries"):
        held[f"app/cli/{domain}.py"] = (
            "from app.cli.runner import run, echo\n"
            f"from app.services import {domain}\n"
            f"def main():\n    return run(echo(run(echo({domain}.listing()))))\n")
    assert _loose(_layered(tmp_path / "held", held)) == set()


def test_command_package_is_the_cli_package_or_module() -> None:
    assert command_package("app.cli.users") == "app.cli"
    assert command_package("app.cli") == "app.cli"
    assert command_package("app.common.utils.cli") == "app.common.utils.cli"
    assert command_package("cli.users") is None  # a project named `cli`
    assert command_package("app.client") is None


def _hub_project(root: Path, users: int, route: bool) -> Path:
    """`app/runner` imports one module of each of six packages; `users` modules use it."""
    files: dict[str, str] = {"app/__init__.py": ""}
    packages = ("billing", "orders", "stock", "mail", "search", "report")
    for package in packages:
        files[f"app/{package}/__init__.py"] = ""
        files[f"app/{package}/jobs.py"] = "def run():\n    return 1\n"
    body = "".join(f"from app.{p} import jobs as {p}_jobs\n" for p in packages)
    body += "def main():\n    return " + " + ".join(f"{p}_jobs.run()" for p in packages) + "\n"
    if route:
        body = ("from flask import Flask\napp = Flask(__name__)\n" + body
                + "@app.route('/run')\ndef web():\n    return str(main())\n")
    files["app/runner.py"] = body
    for i in range(users):
        files[f"app/user{i}.py"] = "from app.runner import main\nx = main()\n"
    return build_tree(root, files)


def test_a_module_wiring_six_packages_that_nothing_uses_is_a_hub(tmp_path: Path) -> None:
    def hubs(name: str, users: int, route: bool) -> set[str]:
        index, graph = graph_of(_hub_project(tmp_path / name, users, route))
        first_pass = {m.name: (m.name.split(".")[1] if m.name.count(".") >= 1 else m.name)
                      for m in index.modules}
        return fan_out_hubs(graph, first_pass, set(), {r.module for r in index.routes},
                            {t.module for t in graph.table_access})

    assert hubs("alone", 0, False) == {"app.runner"}
    assert hubs("one_user", 1, False) == {"app.runner"}
    assert hubs("used", 2, False) == set()  # a shared service, not a hub
    assert hubs("served", 0, True) == set()  # it serves a route: a domain's own module


def _modules(sizes: dict[str, int]) -> dict[str, Module]:
    return {name: Module(name, name.replace(".", "/") + ".py", "app", False, loc, loc)
            for name, loc in sizes.items()}


def test_a_big_command_module_does_not_name_a_seam_of_a_domain() -> None:
    # the biggest module, but not most of the seam (as `dispatch.cli`: 996 of 2380 lines)
    modules = _modules({"app.cli": 450, "app.workflow.models": 150,
                        "app.workflow.service": 150, "app.plugin.models": 100,
                        "app.plugin.service": 100, "app.monitor.service": 150})
    grouping = Grouping((("", tuple(sorted(modules))),), Choice(None))
    assert [name for name, _ in name_groups(grouping, modules).groups] == ["workflow"]


def test_a_seam_made_mostly_of_commands_is_named_cli() -> None:
    modules = _modules({"app.cli": 50, "app.cli.db": 300, "app.cli.jobs": 300,
                        "app.lib.system": 100})
    grouping = Grouping((("", tuple(sorted(modules))),), Choice(None))
    assert [name for name, _ in name_groups(grouping, modules).groups] == ["cli"]


def test_a_module_holding_handlers_another_module_registers_is_no_hub(
        tmp_path: Path) -> None:
    """`app/runner` calls six packages and holds a view that `app/routes` registers: it
    serves that route (its handler's module), so it leads the clustering as a domain's HTTP
    surface; counting only the declaring module took it for a hub that follows the others."""
    root = _hub_project(tmp_path / "p", 0, False)
    (root / "app/runner.py").write_text((root / "app/runner.py").read_text()
                                        + "def web():\n    return str(main())\n")
    (root / "app/routes.py").write_text("from flask import Flask\nfrom app.runner import web\n"
                                        "app = Flask(__name__)\n"
                                        "app.add_url_rule('/run', view_func=web)\n")
    index, graph = graph_of(root)
    assert [(r.module, r.handler) for r in index.routes] == [("app.routes", "app.runner.web")]
    first_pass = {m.name: m.name.split(".")[1] if "." in m.name else m.name
                  for m in index.modules}
    declared = {r.module for r in index.routes}
    assert fan_out_hubs(graph, first_pass, set(), declared, set()) == {"app.runner"}
    assert route_hubs(index, graph, first_pass, set()) == set()
