"""Issue 10 item 4: a seam is never named after a layer or platform folder (`controllers`,
`lib`, `bin`, `config`) while its members carry a word past it."""

from __future__ import annotations

from strangler.model import Module
from strangler.seams.propose import Choice, Grouping, name_groups


def _modules(sizes: dict[str, int], packages: tuple[str, ...] = ()) -> dict[str, Module]:
    return {name: Module(name, f"{name.replace('.', '/')}.py", name.split(".")[0],
                         name in packages, loc, loc)
            for name, loc in sizes.items()}


def _names(groups: list[tuple[str, ...]], modules: dict[str, Module]) -> list[str]:
    partition = name_groups(Grouping(tuple(("", g) for g in groups), Choice(None)), modules,
                            None, None)
    by_members = {members: name for name, members in partition.groups}
    return [by_members[tuple(sorted(g))] for g in groups]


def test_platform_folders_are_read_past() -> None:
    """Kallithea: the login plugins in `lib/auth_modules/`, the LDAP sync command in `bin/`,
    the hosting middlewares in `config/middleware/`, the JSON-RPC API controller in
    `controllers/api/api.py` (every part of its path a layer word)."""
    modules = _modules({
        "site.lib.auth_modules": 300, "site.lib.auth_modules.auth_ldap": 300,
        "site.lib.auth_modules.auth_pam": 100,
        "site.bin.ldap_sync": 180, "site.bin.backup": 70,
        "site.config.middleware.simplegit": 50, "site.config.middleware.pygrack": 160,
        "site.controllers.api": 190, "site.controllers.api.api": 2000,
        "site.model.gist": 170,
    }, packages=("site.lib.auth_modules", "site.controllers.api"))
    groups = [
        ("site.lib.auth_modules", "site.lib.auth_modules.auth_ldap",
         "site.lib.auth_modules.auth_pam"),
        ("site.bin.ldap_sync", "site.bin.backup"),
        ("site.config.middleware.simplegit", "site.config.middleware.pygrack"),
        ("site.controllers.api", "site.controllers.api.api", "site.model.gist"),
    ]
    names = _names(groups, modules)
    assert names[0] == "auth_modules"
    assert names[1] == "ldap_sync"
    assert names[2] == "middleware"
    assert names[3] in ("api", "gist")
    assert not {"lib", "bin", "config", "controllers"} & set(names)


def test_an_api_version_package_names_no_seam() -> None:
    """`api/v1/chat`, `api/v2/workflow`: the version says which API, not which domain."""
    modules = _modules({
        "site.api": 10, "site.api.v1": 10, "site.api.v1.chat": 400, "site.api.v1.chat_events": 90,
        "site.api.v2": 10, "site.api.v2.workflow": 500, "site.api.v2.workflow_runs": 200,
        "site.api_v3.billing": 300, "site.api_v3.billing_export": 120,
    }, packages=("site.api", "site.api.v1", "site.api.v2"))
    groups = [("site.api.v1", "site.api.v1.chat", "site.api.v1.chat_events"),
              ("site.api", "site.api.v2", "site.api.v2.workflow", "site.api.v2.workflow_runs"),
              ("site.api_v3.billing", "site.api_v3.billing_export")]
    assert _names(groups, modules) == ["chat", "workflow", "billing"]
