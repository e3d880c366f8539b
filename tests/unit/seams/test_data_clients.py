"""A domain's logic without tables joins the slice whose data only it uses
(`seams.data_clients`)."""

from __future__ import annotations

from strangler.graph import Dependency
from strangler.seams.data_clients import client_homes, sole_clients

UNITS = {
    "app.crud.webpush": "word:webpush", "app.models.webpush": "word:webpush",
    "app.views.webpush_api": "word:webpush",
    "app.models.notifications": "word:notification",
    "app.services.notifications": "word:notification",
    "app.crud.payments": "word:payment", "app.services.payments": "word:payment",
    "app.views.payment_api": "word:payment",
}
OWNERS = {"app.crud.webpush", "app.crud.payments"}
GROUPS = (
    ("", ("app.crud.payments", "app.models.notifications", "app.services.notifications",
          "app.services.payments", "app.views.payment_api")),
    ("", ("app.crud.webpush", "app.models.webpush", "app.views.webpush_api")),
)


def _use(source: str, target: str) -> Dependency:
    return Dependency(source, target, (("call", 1),), (), 1.0, 1)


USES = [
    _use("app.views.webpush_api", "app.crud.webpush"),  # (inside the slice)
    _use("app.crud", "app.crud.webpush"),  # (the layer package's facade)
    _use("app.services.notifications", "app.crud.webpush"),
    _use("app.services.notifications", "app.crud.payments"),
    _use("app.services.payments", "app.services.notifications"),
    _use("app.services.payments", "app.crud.payments"),
    _use("app.views.wallet_api", "app.crud.payments"),
]


def test_the_logic_that_alone_uses_a_slice_s_data_joins_that_slice() -> None:
    assert sole_clients(UNITS, USES, OWNERS) == {"word:notification": "word:webpush"}
    assert client_homes(GROUPS, UNITS, USES, OWNERS) == (
        ("", ("app.crud.payments", "app.services.payments", "app.views.payment_api")),
        ("", ("app.crud.webpush", "app.models.notifications", "app.models.webpush",
              "app.services.notifications", "app.views.webpush_api")),
    )


def test_data_used_by_two_domains_names_no_client() -> None:
    uses = [*USES, _use("app.services.payments", "app.crud.webpush")]
    assert sole_clients(UNITS, uses, OWNERS) == {}
    assert client_homes(GROUPS, UNITS, uses, OWNERS) == GROUPS


def test_a_client_with_tables_of_its_own_or_in_one_layer_stays() -> None:
    # (the payments slice writes its own table: it is no table-less logic)
    uses = [_use("app.services.payments", "app.crud.webpush"),
            _use("app.views.webpush_api", "app.crud.webpush")]
    assert sole_clients(UNITS, uses, OWNERS) == {}
    # (a lone module of one layer is a helper, not a domain's logic)
    units = {**UNITS, "app.models.notifications": "word:notice"}
    assert sole_clients(units, USES, OWNERS) == {}


def test_the_sole_client_of_two_slices_data_names_no_home() -> None:
    uses = [u for u in USES if u.source != "app.views.wallet_api"]
    assert sole_clients(UNITS, uses, OWNERS) == {}


def test_pinned_groups_and_kept_modules_stay() -> None:
    pinned = (("money", GROUPS[0][1]), GROUPS[1])
    assert client_homes(pinned, UNITS, USES, OWNERS) == pinned
    kept = client_homes(GROUPS, UNITS, USES, OWNERS, kept=["app.services.notifications"])
    assert "app.services.notifications" in kept[0][1]
