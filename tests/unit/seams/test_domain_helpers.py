"""A helper-package module named for a domain's slice leaves the kernel for that slice's
seam (`seams.domain_helpers`)."""

from __future__ import annotations

from strangler.model import KernelModule
from strangler.seams.domain_helpers import domain_helpers

UNITS = {"app.api.notifications": "word:notification",
         "app.schemas.notifications": "word:notification",
         "app.forms.notifications": "word:notification",
         "app.utils.notifications": "word:notification",
         "app.api.users": "word:user", "app.schemas.users": "word:user",
         "app.utils.dates": "app.utils.dates", "app.utils": "app.utils",
         "app.plugins": "word:plugin", "app.plugins.challenges": "word:plugin",
         "app.plugins.flags": "word:plugin", "app.utils.plugins": "word:plugin",
         "app.services.users": "word:user"}
GROUPS = (("", ("app.api.notifications", "app.forms.notifications",
                "app.schemas.notifications")),
          ("", ("app.api.users", "app.schemas.users")),
          ("", ("app.plugins.challenges", "app.plugins.flags")))


def _kernel(*names: str) -> list[KernelModule]:
    return [KernelModule(name, "a helper") for name in names]


def never(_: str) -> bool:
    return False


def test_a_helper_named_for_a_slice_joins_the_slice_seam() -> None:
    groups, kernel = domain_helpers(GROUPS, _kernel("app.utils", "app.utils.dates",
                                                    "app.utils.notifications"), UNITS, never)
    assert groups[0] == ("", ("app.api.notifications", "app.forms.notifications",
                              "app.schemas.notifications", "app.utils.notifications"))
    assert groups[1:] == GROUPS[1:]
    assert [k.module for k in kernel] == ["app.utils", "app.utils.dates"]


def test_a_word_whose_own_package_is_kernel_is_the_platform_s() -> None:
    # (`plugins/` is the plugin framework: `utils/plugins` is its helper, not a domain's)
    kernel = _kernel("app.plugins", "app.utils.plugins")
    assert domain_helpers(GROUPS, kernel, UNITS, never) == (GROUPS, kernel)


def test_no_slice_no_majority_a_pin_or_a_user_lever_keeps_the_helper() -> None:
    kernel = _kernel("app.utils.notifications")
    # (one member outside the kernel is no slice)
    lone = (("", ("app.api.notifications",)), GROUPS[1])
    assert domain_helpers(lone, kernel, UNITS, never) == (lone, kernel)
    # (a slice split evenly over two seams names no home)
    split = (("", ("app.api.notifications",)), ("", ("app.schemas.notifications",)))
    assert domain_helpers(split, kernel, UNITS, never) == (split, kernel)
    pinned = (("alerts", GROUPS[0][1]), *GROUPS[1:])
    assert domain_helpers(pinned, kernel, UNITS, never) == (pinned, kernel)
    assert domain_helpers(GROUPS, kernel, UNITS,
                          lambda m: m == "app.utils.notifications") == (GROUPS, kernel)


def test_only_modules_of_a_helper_package_move() -> None:
    # (a kernel module outside `utils/`, `constants/`... was judged on other grounds)
    kernel = _kernel("app.services.users")
    assert domain_helpers(GROUPS, kernel, UNITS, never) == (GROUPS, kernel)
