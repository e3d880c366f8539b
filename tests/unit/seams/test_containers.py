"""Containers of domains (`app/modules/<domain>/`, `modules/events/<part>/`): the packages
baseline splits them into their domains, and no seam is named after them."""

from __future__ import annotations

from strangler.model import Module
from strangler.seams.containers import domain_containers, domain_path
from strangler.seams.metrics import package_baseline
from strangler.seams.propose import Choice, Grouping, name_groups
from strangler.seams.words import domain_units

DOMAINS = ("rooms", "news", "users")
PARTS = ("abstracts", "papers", "surveys")


def _monolith() -> list[str]:
    """`app/modules/` holds the domains (each with models and controllers); `events` is a
    domain holding domains of its own beside its own `controllers/` layer package; `app/web`
    and `app/util` are the platform."""
    names = ["app", "app.modules", "app.web", "app.web.flask", "app.web.forms", "app.util",
             "app.util.date", "app.modules.events", "app.modules.events.util",
             "app.modules.events.controllers", "app.modules.events.controllers.base",
             "app.modules.events.controllers.display"]
    for domain in DOMAINS:
        names += [f"app.modules.{domain}", f"app.modules.{domain}.models",
                  f"app.modules.{domain}.controllers"]
    for part in PARTS:
        names += [f"app.modules.events.{part}", f"app.modules.events.{part}.models",
                  f"app.modules.events.{part}.controllers",
                  f"app.modules.events.{part}.forms"]
    return names


def test_a_package_holding_the_domains_and_a_domain_holding_domains_are_containers() -> None:
    assert domain_containers(_monolith()) == {"app.modules", "app.modules.events"}
    # a package made of layers is one domain's, not a container
    layered = [f"app.core.{layer}.{m}" for layer in ("views", "models", "services")
               for m in ("a", "b")] + ["app.core", "app.web.x"]
    assert domain_containers(layered) == frozenset()
    containers = domain_containers(_monolith())
    assert domain_path("app.modules.events.papers.controllers", containers) == \
        "papers.controllers"
    assert domain_path("app.modules.events.controllers.base", containers) == \
        "events.controllers.base"
    assert domain_path("app.web.flask", containers) is None


def test_the_packages_baseline_splits_containers_into_their_domains() -> None:
    labels = package_baseline(set(_monolith()))
    assert labels["app.modules.rooms.models"] == "app.modules.rooms"
    assert labels["app.modules.events.papers.forms"] == "app.modules.events.papers"
    # the events package's own layer stays the events domain's
    assert labels["app.modules.events.controllers.base"] == "app.modules.events"
    assert len({labels[m] for m in _monolith() if m.startswith("app.modules.")}) == \
        1 + len(DOMAINS) + len(PARTS)


def test_a_container_of_domains_names_no_seam() -> None:
    """One seam per domain: each is named after its domain package, not `modules` or
    `modules_events`."""
    names = _monolith()
    modules = {n: Module(n, f"{n.replace('.', '/')}.py", n.split(".")[0],
                         n.count(".") < 3 and not n.endswith(("models", "controllers",
                                                                "forms", "util", "date")),
                         40, 40) for n in names}
    groups = [tuple(sorted(n for n in names if n.startswith(f"app.modules.{d}.")))
              for d in DOMAINS]
    groups += [tuple(sorted(n for n in names if n.startswith(f"app.modules.events.{p}")))
               for p in PARTS]
    partition = name_groups(Grouping(tuple(("", g) for g in groups), Choice(None)), modules)
    assert sorted(name for name, _ in partition.groups) == sorted(DOMAINS + PARTS)


def test_domain_units_are_the_domain_packages_of_a_container() -> None:
    """The domain units stopped at `app.modules`: one unit of every domain."""
    units = domain_units(_monolith())
    assert units["app.modules.rooms.models"] == "app.modules.rooms"
    assert units["app.modules.events.papers.forms"] == "app.modules.events.papers"
    assert units["app.modules.events.controllers.base"] == "app.modules.events"
    assert units["app.web.forms"] == units["app.web.flask"]


def test_a_container_whose_children_mirror_domains_elsewhere_keeps_its_units() -> None:
    """`api/<domain>` beside the `<domain>/` packages: the mirror joins each child to its
    domain, and what is left of `api` is not split into more units."""
    names = ["app", "app.api", "app.api.core", "app.api.core.views", "app.api.core.utils"]
    for domain in ("orders", "books", "shelves", "users"):
        names += [f"app.{domain}", f"app.{domain}.models", f"app.{domain}.logic",
                  f"app.api.{domain}", f"app.api.{domain}.views", f"app.api.{domain}.types"]
    names += [f"app.api.{domain}.more{i}" for domain in ("orders", "books") for i in range(4)]
    units = domain_units(names)
    assert units["app.api.orders.views"] == units["app.orders.models"]
    assert units["app.api.core.views"] == units["app.api.core.utils"] == units["app.api"]
