"""Issue 10 (kernel, layered domains): a package named by a platform word whose children
are the domains' logic (privacyIDEA's `lib/`: the token, policy, realm, machine and event
code, one module or package per domain) is a layer of the domains, not a library; its name
does not keep its modules in the kernel (`kernel_returns.named_shared`)."""

from __future__ import annotations

LOC = {f"app.lib.{d}": 100 for d in ("token", "policy", "realm", "machine", "event")}
LOC |= {"app.lib.utils": 150, "app.lib.crypto": 100, "app.lib.importotp": 50,
        "app.utils.dates": 80, "app.utils.text": 80, "app.api.token": 40}


def groups_of(*names: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    return tuple(("", (f"app.lib.{n}",)) for n in names)


def test_a_platform_named_package_of_five_seams_code_is_a_layer() -> None:
    from strangler.seams.kernel_returns import domain_layers, named_shared

    groups = groups_of("token", "policy", "realm", "machine", "event")
    kernel = ["app.lib.utils", "app.lib.crypto", "app.lib.importotp", "app.utils.dates",
              "app.utils.text"]
    assert domain_layers(groups, kernel, LOC) == {"app.lib"}
    shared = named_shared(LOC, {"app"}, {"app.lib"})
    # under the layer, only the module's own name counts
    assert "app.lib.importotp" not in shared and "app.lib.token" not in shared
    assert {"app.lib.utils", "app.utils.dates", "app.utils.text"} <= shared
    # without the layer, `lib` marks them all
    assert "app.lib.importotp" in named_shared(LOC, {"app"})


def test_four_seams_or_a_kernel_heavy_package_is_no_layer() -> None:
    from strangler.seams.kernel_returns import domain_layers

    four = groups_of("token", "policy", "realm", "machine")
    assert domain_layers(four, ["app.lib.utils"], LOC) == set()
    five = groups_of("token", "policy", "realm", "machine", "event")
    heavy = {**LOC, "app.lib.utils": 900}
    assert domain_layers(five, ["app.lib.utils"], heavy) == set()


def test_a_module_named_shared_by_a_layer_only_goes_back_when_built_on_its_seam() -> None:
    """CTFd's `utils/` is a layer too (`utils/user`, `utils/challenges`, `utils/scores`...),
    but its `countries` list, which only the user and team forms use, is a utility: a module
    that only a layer's name marks as shared goes back when it is built on one seam's code
    (rule (b) of `kernel_returns`), not because few seams use it (rule (a))."""
    from strangler.seams.kernel_returns import one_seam_homes

    groups = (("", ("app.forms.users", "app.views.users", "app.lib.user")),
              ("", ("app.forms.teams",)))
    users = [("app.forms.users", "app.utils.countries"), ("app.views.users", "app.utils.countries")]
    assert one_seam_homes(groups, {"app.utils.countries"}, users, set()) == {
        "app.utils.countries": 0}
    assert one_seam_homes(groups, {"app.utils.countries"}, users, set(),
                          {"app.utils.countries"}) == {}
    built = [("app.utils.countries", "app.lib.user"), ("app.utils.countries", "app.views.users")]
    assert one_seam_homes(groups, {"app.utils.countries"}, users + built, set(),
                          {"app.utils.countries"}) == {"app.utils.countries": 0}
