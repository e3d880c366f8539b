"""Issue 10, symptom 4 (names a reviewer trusts): a package named like a layer that owns
the table of its name is a domain; the main owner of a word keeps it and no other seam is
its plural twin; a part of a domain whose word is taken is named after both."""

from __future__ import annotations

from pathlib import Path

from helpers import build_tree, graph_of

from strangler.model import Module
from strangler.seams.naming import NameEvidence, name_evidence, seam_names
from strangler.seams.propose import Choice, Grouping, name_groups
from strangler.seams.words import singular


def _modules(sizes: dict[str, int], packages: tuple[str, ...] = ()) -> dict[str, Module]:
    return {name: Module(name, f"{name.replace('.', '/')}.py", name.split(".")[0],
                         name in packages, loc, loc)
            for name, loc in sizes.items()}


def _names(groups: list[tuple[str, ...]], modules: dict[str, Module],
           evidence: NameEvidence | None = None, units: dict[str, str] | None = None
           ) -> list[str]:
    partition = name_groups(Grouping(tuple(("", g) for g in groups), Choice(None)), modules,
                            None, evidence, units)
    by_members = {members: name for name, members in partition.groups}
    return [by_members[tuple(sorted(g))] for g in groups]


def _model(table: str) -> str:
    name = "".join(w.title() for w in table.split("_"))
    return f"""
        from sqlalchemy.orm import declarative_base
        Base = declarative_base()
        class {name}(Base):
            __tablename__ = "{table}"
        """


def test_a_layer_named_package_that_owns_its_table_is_a_domain(tmp_path: Path) -> None:
    """Dispatch: `forms/` (models mapping table `forms`, views, service, `type/views`) and a
    smaller `service/` share a seam; the forms package holds most lines, yet its modules
    voted `views`, `type` and `service` and the seam was named `service`. A `views/`
    package without a table of its name stays a layer."""
    files: dict[str, str] = {"ops/__init__.py": "", "ops/forms/__init__.py": "",
                             "ops/forms/type/__init__.py": "", "ops/service/__init__.py": "",
                             "ops/views/__init__.py": ""}
    body = "".join(f"def f{i}(x):\n    return x + {i}\n" for i in range(40))
    files |= {"ops/forms/models.py": _model("forms"),
              "ops/forms/views.py": body, "ops/forms/service.py": body,
              "ops/forms/type/views.py": body, "ops/forms/type/models.py": _model("forms_type"),
              "ops/service/models.py": _model("service"),
              "ops/service/views.py": body[: len(body) // 2],
              "ops/views/orders.py": body, "ops/views/base.py": body}
    index, graph = graph_of(build_tree(tmp_path / "ops", files))
    evidence = name_evidence(index, graph)
    assert evidence.domains == frozenset({"forms", "service"})
    modules = {m.name: m for m in index.modules}
    seam = tuple(sorted(m for m in modules if m.startswith(("ops.forms", "ops.service"))))
    views = ("ops.views.base", "ops.views.orders")
    assert _names([seam, views], modules, evidence)[0] == "forms"


def test_the_main_owner_keeps_the_word_and_no_seam_is_its_plural_twin() -> None:
    """CTFd: the challenge views, API and admin (one word, all their lines) and the
    challenge plugins (five modules, half their lines say `plugins`) were `challenge` and
    `challenges`. The views keep the word; the plugins are its part."""
    modules = _modules({"ct.challenges": 400, "ct.api.v1.challenges": 500,
                        "ct.admin.challenges": 200,
                        "ct.plugins.challenges": 300, "ct.plugins.challenges.logic": 100,
                        "ct.plugins.dynamic_challenges": 120, "ct.plugins.flags": 60,
                        "ct.plugins.migrations": 80, "ct.plugins": 50,
                        "ct.teams": 300, "ct.api.v1.teams": 200},
                       packages=("ct.plugins", "ct.plugins.challenges",
                                 "ct.plugins.dynamic_challenges"))
    views = ("ct.admin.challenges", "ct.api.v1.challenges", "ct.challenges")
    plugins = tuple(m for m in sorted(modules) if m.startswith("ct.plugins"))
    teams = ("ct.api.v1.teams", "ct.teams")
    names = _names([plugins, views, teams], modules)
    assert names[1] == "challenges"
    assert names[0] != names[1] and singular(names[0]) != singular(names[1])
    assert "challenges" in names[0].split("_")  # still a part of the challenge domain
    # A pin that moves a module between other seams renames neither of these two.
    groups = {0: set(plugins), 1: set(views), 2: {"ct.teams"}, 3: {"ct.api.v1.teams"}}
    pinned = seam_names(groups, {3: "team_api"}, modules)
    assert (pinned[0], pinned[1]) == (names[0], names[1])


def test_a_part_of_a_domain_is_named_after_the_domain_and_its_own_word() -> None:
    """Redash: the query tasks (execution, maintenance, the scheduler) beside the query
    handlers were named `schedule`, after their smallest module, not after the queries they
    run: `query_schedule`."""
    modules = _modules({"rd.handlers.queries": 900, "rd.handlers.query_results": 500,
                        "rd.handlers.dashboards": 300, "rd.tasks.queries": 20,
                        "rd.tasks.queries.execution": 300, "rd.tasks.queries.maintenance": 120,
                        "rd.tasks.schedule": 90, "rd.worker": 30},
                       packages=("rd.tasks.queries",))
    handlers = ("rd.handlers.dashboards", "rd.handlers.queries", "rd.handlers.query_results")
    tasks = tuple(m for m in sorted(modules) if m not in handlers)
    # (the domain units the code's uses give: the query tasks and handlers share `query`)
    units = {m: "word:query" for m in modules if m.rsplit(".", 1)[-1] == "queries"
             or m.startswith("rd.tasks.queries")}
    units |= {"rd.handlers.query_results": "word:query_result",
              "rd.handlers.dashboards": "word:dashboard", "rd.tasks.schedule": "word:schedule",
              "rd.worker": "rd.worker"}
    assert _names([handlers, tasks], modules, units=units) == ["query", "query_schedule"]


def test_a_seam_of_several_plugins_none_with_half_is_named_after_their_container() -> None:
    """Dispatch: the Google, Jira and PagerDuty plugins and the plugin bases form one seam;
    it was named after the biggest plugin, `dispatch_google`, by a hair. A seam whose one
    plugin holds most lines keeps that plugin's name."""
    sizes = {"ops.plugins.dispatch_google": 5, "ops.plugins.dispatch_google.drive": 300,
             "ops.plugins.dispatch_google.docs": 200, "ops.plugins.dispatch_jira": 5,
             "ops.plugins.dispatch_jira.plugin": 350, "ops.plugins.dispatch_pagerduty": 5,
             "ops.plugins.dispatch_pagerduty.plugin": 250, "ops.plugins.bases": 5,
             "ops.plugins.bases.ticket": 120}
    packages = ("ops.plugins.dispatch_google", "ops.plugins.dispatch_jira",
                "ops.plugins.dispatch_pagerduty", "ops.plugins.bases")
    modules = _modules(sizes, packages)
    assert _names([tuple(sorted(sizes))], modules) == ["plugins"]
    # One plugin with most of the lines: its name.
    sizes["ops.plugins.dispatch_google.sheets"] = 900
    modules = _modules(sizes, packages)
    assert _names([tuple(sorted(sizes))], modules) == ["dispatch_google"]


def _surveys_project(root: Path, schema: str) -> tuple[dict[str, Module], NameEvidence]:
    args = f'__table_args__ = {{"schema": "{schema}"}}' if schema else ""
    body = "".join(f"def f{i}(x):\n    return x + {i}\n" for i in range(40))
    files = {"conf/__init__.py": "", "conf/events/__init__.py": "",
             "conf/events/surveys/__init__.py": "",
             "conf/events/surveys/controllers.py": body, "conf/events/surveys/util.py": body,
             "conf/events/surveys/models.py": f"""
                 from sqlalchemy.orm import declarative_base
                 Base = declarative_base()
                 class Survey(Base):
                     __tablename__ = "surveys"
                     {args}
                 class Item(Base):
                     __tablename__ = "items"
                     {args}
                 """}
    index, graph = graph_of(build_tree(root, files))
    return {m.name: m for m in index.modules}, name_evidence(index, graph)


def test_a_table_in_a_schema_votes_with_its_own_name(tmp_path: Path) -> None:
    """Indico: `events/surveys/models` maps `surveys` in the PostgreSQL schema
    `event_surveys`; the table votes with `surveys`, as it would without the schema (not with
    `event_surveys.surveys`, whose first word is the schema's), and the seam's name is the
    one the same project without schemas gets."""
    modules, evidence = _surveys_project(tmp_path / "with", "event_surveys")
    assert evidence.tables["conf.events.surveys.models"] == (
        ("event_surveys.items", "items"), ("event_surveys.surveys", "surveys"))
    plain_modules, plain = _surveys_project(tmp_path / "without", "")
    seam = tuple(sorted(m for m in modules if m.startswith("conf.events.surveys.")))
    assert _names([seam], modules, evidence) == _names([seam], plain_modules, plain)
