"""Registry packages of per-domain modules under a platform package (`seams.registries`)."""

from __future__ import annotations

from strangler.seams.registries import registry_homes, registry_members

MODULES = ["app", "app.common", "app.common.policies", "app.common.policies.base",
           "app.common.policies.user", "app.common.policies.project",
           "app.common.policies.credential", "app.common.policies.audit",
           "app.api", "app.api.users", "app.api.projects", "app.identity",
           "app.identity.core", "app.credential", "app.credential.core"]
PACKAGES = {"app", "app.common", "app.common.policies", "app.api", "app.identity",
            "app.credential"}
GATHERED = [("app.common.policies", f"app.common.policies.{n}")
            for n in ("base", "user", "project", "credential")]
BASE = [(f"app.common.policies.{n}", "app.common.policies.base")
        for n in ("user", "project", "credential")]


def test_modules_gathered_by_a_platform_package_init_are_registry_members() -> None:
    found = registry_members(MODULES, PACKAGES, GATHERED + BASE)
    # (`base` is a platform name, no domain's)
    assert found == {"app.common.policies.user": "user",
                     "app.common.policies.project": "project",
                     "app.common.policies.credential": "credential"}


def test_a_module_used_outside_its_package_is_no_registry_member() -> None:
    found = registry_members(MODULES, PACKAGES,
                             GATHERED + BASE + [("app.api.users", "app.common.policies.user")])
    assert "app.common.policies.user" not in found
    assert "app.common.policies.project" in found


def test_no_registry_outside_a_platform_package_or_with_few_members() -> None:
    moved = [(a.replace("common.", ""), b.replace("common.", "")) for a, b in GATHERED]
    modules = [m.replace("common.", "") for m in MODULES]
    assert registry_members(modules, {p.replace("common.", "") for p in PACKAGES},
                            moved) == {}
    assert registry_members(MODULES, PACKAGES, GATHERED[:2]) == {}


def test_kernel_registry_modules_join_the_group_of_their_domain_word() -> None:
    groups = (("", ("app.api.users", "app.identity.core")),
              ("", ("app.api.projects",)),
              ("", ("app.credential", "app.credential.core")))
    members = registry_members(MODULES, PACKAGES, GATHERED + BASE)
    kernel = ["app.common.policies", "app.common.policies.base", "app.common.policies.user",
              "app.common.policies.project", "app.common.policies.credential"]
    result, taken = registry_homes(groups, kernel, members)
    assert result == (("", ("app.api.users", "app.common.policies.user", "app.identity.core")),
                      ("", ("app.api.projects", "app.common.policies.project")),
                      ("", ("app.common.policies.credential", "app.credential",
                            "app.credential.core")))
    assert taken == {"app.common.policies.user", "app.common.policies.project",
                     "app.common.policies.credential"}


def test_a_word_two_groups_hold_equally_stays_in_the_kernel() -> None:
    groups = (("", ("app.api.users",)), ("", ("app.identity.users",)))
    result, taken = registry_homes(groups, ["app.common.policies.user"],
                                   {"app.common.policies.user": "user"})
    assert result == groups and taken == set()
