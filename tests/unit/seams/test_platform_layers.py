"""A Django app below the platform's bar that is built only on the platform and on the apps
every domain uses, and that several apps use, is a layer of the platform (a template engine,
a task queue): kernel (`apps.platform_layers` in `apps.platform_apps`)."""

from __future__ import annotations

from strangler.seams.apps import platform_apps, platform_layers

DOMAINS = tuple(f"d{i}" for i in range(10))
APPS = (*DOMAINS, "core", "perms", "tmpl", "engine")


def _names() -> list[str]:
    return [f"{app}.{part}" for app in APPS for part in ("apps", "models", "views")] + list(APPS)


def _edges(back: bool = False, domain_use: bool = False) -> list[tuple[str, str]]:
    """`core` (no tables) and `perms` (tables) are used by every domain app; `tmpl` (no
    tables) by three, and it uses `core` and `perms`; `engine` (no tables) by three, it uses
    `perms` too."""
    edges = [(f"{d}.views", f"{base}.views") for d in DOMAINS for base in ("core", "perms")]
    edges += [(f"{d}.views", "tmpl.views") for d in DOMAINS[:3]]
    edges += [("tmpl.views", "core.views"), ("tmpl.views", "perms.views")]
    edges += [(f"{d}.views", "engine.views") for d in DOMAINS[3:5 if back else 6]]
    edges += [("engine.views", "perms.views")]
    if back:  # the broad app it builds on calls back into it (its third user)
        edges.append(("perms.views", "engine.views"))
    if domain_use:  # it uses a domain app below the bar
        edges.append(("tmpl.views", "d9.views"))
    return edges


def _owners() -> set[str]:
    return {"perms.models", *(f"{d}.models" for d in DOMAINS)}


def test_an_app_built_only_on_the_platform_that_several_apps_use_is_platform() -> None:
    found = {k.module: k.reason for k in platform_apps(_names(), _owners(), _edges(), set())}
    assert {"core", "core.views", "tmpl", "tmpl.views", "engine.views"} <= set(found)
    assert "a layer of the platform" in found["tmpl.views"]
    assert "perms.views" not in found  # it has tables: a domain every app uses
    assert not any(m.startswith("d") for m in found)


def test_a_layer_the_broad_app_below_it_calls_back_or_using_a_domain_is_no_platform() -> None:
    found = {k.module for k in platform_apps(_names(), _owners(),
                                             _edges(back=True, domain_use=True), set())}
    assert "core.views" in found
    assert "engine.views" not in found  # `perms` uses it: a part of that domain's cycle
    assert "tmpl.views" not in found  # it uses `d9`, a domain app below the bar


def test_platform_layers_needs_several_users_and_no_domain_data() -> None:
    users = {"core": {"a", "b", "c", "d"}, "tmpl": {"a", "b", "c"}, "tiny": {"a", "b"},
             "store": {"a", "b", "c"}}
    users_of = {app: set(by) for app, by in users.items()}
    found = platform_layers(["a", "b", "c", "d", "core", "tmpl", "tiny", "store"], users_of,
                            {"core"}, {"core"}, {"core", "tmpl", "tiny"})
    assert found == {"tmpl"}  # `tiny`: two users; `store`: domain data
