"""The extraction plan's types (`strangler extract`), re-exported by strangler.model.

Kept apart so that `strangler analyze`, which never makes them, does not pay for creating
them at start-up; import them from strangler.model as every other model type.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from strangler.model import carried_prefixes

if TYPE_CHECKING:
    from strangler.model import Route


@dataclass(frozen=True)
class Param:
    name: str
    kind: str  # positional | keyword | var_positional | var_keyword | positional_only
    annotation: str | None
    default: str | None


@dataclass(frozen=True)
class InterfaceFunction:
    """A function other code calls: becomes an RPC endpoint and a client wrapper."""

    module: str
    name: str
    params: tuple[Param, ...]
    returns: str | None
    line: int
    read_only: bool
    writes: tuple[str, ...]  # tables written (directly or through seam functions it calls)
    callers: tuple[tuple[str, int], ...]  # (module, line) outside the seam
    json_safe: bool


@dataclass(frozen=True)
class Risk:
    kind: str  # not_json | mutable_state | shared_table | transaction | private_import | ...
    message: str
    file: str
    line: int


TaskSystem = Literal["celery", "rq", "dramatiq", "huey", "arq", "taskiq", "none"]


@dataclass(frozen=True)
class SeamTask:
    """A Celery task defined in the seam, by the name the broker carries."""

    module: str
    function: str
    name: str  # the registered task name (`name=` of the decorator, else module.function)
    line: int
    writes: tuple[str, ...] = ()  # tables it writes (directly or through seam functions)


@dataclass(frozen=True)
class CeleryApp:
    """The project's Celery application and how its workers boot."""

    module: str  # where `X = Celery(...)` is
    attribute: str  # X
    line: int  # of that assignment (the routing line goes right after it)
    path: str  # the module's file, relative to the root
    worker_entry: str = ""  # the module the monolith's workers are started from ('' none)
    django_settings: str = ""  # DJANGO_SETTINGS_MODULE the app module sets ('' none)


@dataclass(frozen=True)
class TasksPlan:
    """The tasks strategy: which task names move to the seam's queue, consumed by the
    service's worker on the project's own broker; `refused` says why it cannot ('' if it
    can)."""

    system: TaskSystem
    tasks: tuple[SeamTask, ...]
    queue: str
    app: CeleryApp | None = None
    refused: str = ""


StrategyName = Literal["routes", "functions", "tasks", "none"]
ScopeStatus = Literal["ok", "heavy", "empty"]


@dataclass(frozen=True)
class Strategy:
    """How the seam leaves the monolith, chosen from what it has, and why (shown in the plan).

    routes: the service answers the seam's HTTP paths with the monolith's own app code, and
    the proxy moves those paths (needs no JSON-safe function interface); functions: branch
    by abstraction, for functions proven JSON-safe; tasks: a task stays a task, through the
    project's broker; none: nothing can go over the wire yet."""

    chosen: StrategyName
    why: str
    # Other strategies that apply to part of the seam, each with its reason.
    also: tuple[tuple[StrategyName, str], ...] = ()


@dataclass(frozen=True)
class ScopeJudgement:
    """Whether the seam can be separated now: what it drags along, and what to cut first."""

    status: ScopeStatus
    summary: str
    cut_first: tuple[tuple[str, str, int], ...] = ()  # (seam module, import, modules it pulls)
    split_tables: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (table, other accessors)


@dataclass(frozen=True)
class ExtractionPlan:
    seam: str
    modules: tuple[str, ...]
    package: str  # the seam's common package (`streamflix.billing`)
    functions: tuple[InterfaceFunction, ...]
    local_symbols: tuple[tuple[str, str, str], ...]  # (module, name, why it stays local)
    routes: tuple[Route, ...]  # HTTP routes only: the proxy can move these by path
    route_prefixes: tuple[str, ...]
    tables_owned: tuple[str, ...]
    tables_to_move: tuple[tuple[str, tuple[str, ...]], ...]  # (table, other accessors)
    carried: tuple[str, ...]  # shared modules the service carries along
    risks: tuple[Risk, ...]
    strategy: Strategy | None = None  # set by extract once it knows how routes are served
    scope: ScopeJudgement | None = None
    tasks: TasksPlan | None = None  # the seam's tasks and the project's task system
    # GraphQL operations the seam's modules resolve: served through the one schema endpoint,
    # so no path prefix moves them (a `graphql` risk says what to do instead)
    graphql_operations: tuple[Route, ...] = ()
    # Tables its modules use that another seam owns (table, owner): they do not move with
    # this service; it calls their owner instead (or keeps a read model)
    tables_of_others: tuple[tuple[str, str], ...] = ()

    @property
    def routable_prefixes(self) -> tuple[str, ...]:
        """The route prefixes a route table can carry: literal segments and whole `{name}`
        segments (one segment, any value: `/{lang}/weight`), with at least one literal
        segment: a prefix of parameters only (`/{param}`) would take every path of its
        depth, the legacy application's included."""
        return carried_prefixes(self.route_prefixes)


DatabaseFound = Literal["django", "config", "environment", "none"]


@dataclass(frozen=True)
class DatabaseSettings:
    """How the monolith reaches its database: the settings the extracted service reads."""

    found: DatabaseFound
    variables: tuple[str, ...]  # the environment variables the monolith reads for it
    where: str = ""  # the module and setting they were found in

    def describe(self) -> str:
        names = ", ".join(self.variables)
        if self.found == "django":
            if not self.variables:
                return (f"the monolith's Django settings ({self.where}), through "
                        "DJANGO_SETTINGS_MODULE; they read no environment variable: the "
                        "service uses the database configured there")
            return (f"the monolith's Django settings ({self.where}), through "
                    f"DJANGO_SETTINGS_MODULE: set {names} for the service as for the monolith")
        if self.found == "config" and not self.variables:
            return (f"{self.where} is set in the code (no environment variable): the service "
                    "loads the same config; check it points at the monolith's database")
        if self.found in ("config", "environment"):
            them = "them" if len(self.variables) > 1 else "it"
            return f"{self.where} reads {names}: set {them} for the service as for the monolith"
        return ("no database setting found in the monolith's code: the team must set how the "
                "service reaches the monolith's database (its connection settings, in the "
                "service's environment) before the parallel run")
