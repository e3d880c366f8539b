"""Issue 10 (helper fief): the front ends of a layered application (`apps/dashboard/`,
`apps/auth/`, each holding `routers/` and `forms/` named for the domains the other layers
name) are cut by those domains, not kept as a domain word of their own."""

from __future__ import annotations

from strangler.seams.layer_apps import front_end_units
from strangler.seams.words import domain_units

# One module per table in each layer, and two front ends under a generic `apps/`.
LAYERS = ["idp", "idp.models", "idp.models.client", "idp.models.tenant", "idp.models.user",
          "idp.models.webhook", "idp.repositories", "idp.repositories.client",
          "idp.repositories.tenant", "idp.repositories.user", "idp.repositories.webhook",
          "idp.schemas", "idp.schemas.client", "idp.schemas.tenant", "idp.schemas.user",
          "idp.dependencies", "idp.dependencies.client", "idp.dependencies.tenant",
          "idp.dependencies.user", "idp.services", "idp.services.token",
          "idp.services.user_manager", "idp.services.password"]
DASHBOARD = ["idp.apps", "idp.apps.dashboard", "idp.apps.dashboard.app",
             "idp.apps.dashboard.dependencies", "idp.apps.dashboard.responses",
             "idp.apps.dashboard.routers", "idp.apps.dashboard.routers.clients",
             "idp.apps.dashboard.routers.tenants", "idp.apps.dashboard.routers.users",
             "idp.apps.dashboard.routers.webhooks", "idp.apps.dashboard.routers.auth",
             "idp.apps.dashboard.forms", "idp.apps.dashboard.forms.client",
             "idp.apps.dashboard.forms.tenant", "idp.apps.dashboard.forms.user",
             "idp.apps.dashboard.forms.webhook"]
AUTH = ["idp.apps.auth", "idp.apps.auth.app", "idp.apps.auth.routers",
        "idp.apps.auth.routers.auth", "idp.apps.auth.routers.user",
        "idp.apps.auth.routers.token",
        "idp.apps.auth.routers.dashboard", "idp.apps.auth.forms",
        "idp.apps.auth.forms.password", "idp.apps.auth.forms.auth"]
MODULES = LAYERS + DASHBOARD + AUTH


def test_a_front_end_is_cut_by_the_domains_its_layer_packages_name() -> None:
    units = domain_units(MODULES)
    assert {units[m] for m in ("idp.models.client", "idp.apps.dashboard.routers.clients",
                               "idp.apps.dashboard.forms.client")} == {"word:client"}
    assert units["idp.apps.dashboard.forms.tenant"] == units["idp.models.tenant"] \
        == "word:tenant"
    assert units["idp.apps.dashboard.routers.users"] == units["idp.apps.auth.routers.user"] \
        == "word:user"
    assert units["idp.apps.auth.forms.password"] == "word:password"
    # Its app object and own plumbing keep the front end's word; so does a module named for
    # the front end itself or for another front end.
    assert units["idp.apps.dashboard.app"] == units["idp.apps.dashboard.dependencies"] \
        == units["idp.apps.dashboard.routers.auth"] == "word:dashboard"
    assert units["idp.apps.auth.routers.dashboard"] == units["idp.apps.auth.app"] \
        == "word:auth"


def test_a_package_with_one_layer_package_is_no_front_end() -> None:
    """A domain package's one `views/` naming its own concerns (`views/search_views`) that
    happen to be words elsewhere stays the package's."""
    units = {"app.search": "word:search", "app.search.views": "word:search",
             "app.search.views.tool_views": "word:search",
             "app.search.views.index_views": "word:search",
             "app.search.views.user_views": "word:search",
             "app.models.tool": "word:tool", "app.models.index": "word:index",
             "app.models.user": "word:user"}
    packages = {"app.search": {"views"}, "app": {"search", "models"}}
    layers = frozenset({"views", "models", "forms"})

    def word(part: str) -> str:
        return part.removesuffix("_views")

    assert front_end_units(units, packages, layers, word) == units
    # (the same package with a second layer package of those names is a front end)
    two = {**units, "app.search.forms": "word:search", "app.search.forms.tool": "word:search"}
    found = front_end_units(two, {**packages, "app.search": {"views", "forms"}}, layers, word)
    assert found["app.search.views.tool_views"] == found["app.search.forms.tool"] \
        == "word:tool"
