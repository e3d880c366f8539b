"""Platform told by structure in the migration plan (issue 10, item 5): a seam whose only
tables are bookkeeping (schema versions, job schedules) or whose routes are mostly
site-wide endpoints (health, metrics, translations, sign-in) is not the first service,
whatever its name."""

from __future__ import annotations

from dataclasses import replace

from strangler.model import Route, Seam
from strangler.seams.explain import _rank_difficulty
from strangler.seams.migration import migration_plan
from strangler.seams.plan_platform import bookkeeping_table, platform_structure, site_endpoint
from strangler.seams.sensitive import SensitiveData


def _route(path: str) -> Route:
    return Route(("GET",), path, "m.views.index", "m.views", "v.py", 1, "flask")


def _seam(name: str, score: float, paths: tuple[str, ...], tables: tuple[str, ...]) -> Seam:
    """4 modules, 800 lines, the given routes and tables of its own."""
    return Seam(name=name, modules=tuple(f"{name}.m{i}" for i in range(4)), loc=800,
                interface=(), routes=tuple(_route(p) for p in paths), tables_owned=tables,
                tables_shared=(), depends_on=(), used_by=(), why_together=(), cut_edges=(),
                difficulty="", difficulty_score=score)


def _plan(*seams: Seam) -> list[tuple[str, str]]:
    plan = migration_plan(_rank_difficulty(list(seams)), SensitiveData({}))
    return [(step.seam, step.reason) for step in plan]


def test_bookkeeping_tables_are_those_every_word_of_which_is_bookkeeping() -> None:
    assert bookkeeping_table("version") and bookkeeping_table("alembic_version")
    assert bookkeeping_table("django_migrations") and bookkeeping_table("schedules")
    assert not bookkeeping_table("harvest_job") and not bookkeeping_table("document_version")


def test_site_endpoints_are_told_by_the_first_path_segment() -> None:
    assert site_endpoint(_route("/healthcheck/")) and site_endpoint(_route("/jsi18n/<lang>/"))
    assert site_endpoint(_route("/.well-known/apple-pay")) and site_endpoint(_route("/csp_report/"))
    assert site_endpoint(_route("/api/v1/openid/{provider}/login"))
    assert site_endpoint(_route("/__metrics__"))
    assert not site_endpoint(_route("/")) and not site_endpoint(_route("/reports/<id>/health"))


def test_a_scheduler_owning_only_its_schedules_table_is_not_the_first_service() -> None:
    jobs = _seam("jobs", 2.0, ("/jobs/", "/jobs/<id>/"), ("schedules",))
    reports = _seam("reports", 10.0, ("/reports/",), ("report",))
    plan = _plan(jobs, reports)
    assert plan[0][0] == "reports"
    assert "bookkeeping (schedules" in dict(plan)["jobs"]
    assert "not a service to start with" in dict(plan)["jobs"]


def test_a_seam_of_site_wide_endpoints_is_not_the_first_service_even_with_tables() -> None:
    base = _seam("domains", 2.0, ("/healthcheck/", "/jsi18n/", "/csp_report/", "/download/"),
                 ("knowndomain",))
    reports = _seam("reports", 10.0, ("/reports/",), ("report",))
    plan = _plan(base, reports)
    assert plan[0][0] == "reports"
    assert "3 of its 4 routes are site-wide endpoints" in dict(plan)["domains"]


def test_a_slice_with_a_health_route_among_many_stays_a_service() -> None:
    gallery = _seam("gallery", 2.0, ("/gallery/", "/gallery/<id>", "/health"), ("image",))
    assert platform_structure(gallery, gallery.routes) is None
    assert _plan(gallery, _seam("reports", 10.0, ("/reports/",), ("report",)))[0][0] == \
        "gallery"
    # A domain table beside a bookkeeping one keeps the seam a service.
    mixed = replace(gallery, tables_owned=("image", "version"))
    assert platform_structure(mixed, mixed.routes) is None


def test_the_reason_counts_the_routes_in_words() -> None:
    probe = _seam("probe", 1.0, ("/healthz",), ())
    assert (platform_structure(probe, probe.routes) or "").startswith(
        "its only route is a site-wide endpoint (/healthz")
    sign_in = _seam("openid", 1.0, ("/openid/login", "/openid/token"), ())
    assert (platform_structure(sign_in, sign_in.routes) or "").startswith(
        "all its 2 routes are site-wide endpoints")
