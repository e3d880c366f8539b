"""Every table has one owner: the seam of its model, else its main writer, else its main reader."""

from __future__ import annotations

from pathlib import Path

from helpers import build_tree, graph_of

from strangler.model import TableSide
from strangler.report import analysis_document, render_markdown
from strangler.seams import SeamRequest, propose_seams
from strangler.seams.config import SeamConfig, seams_config_text
from strangler.seams.owners import ModelHome, TableOwner, table_owner

KERNEL = "(shared kernel)"


def _side(seam: str, reads: int, writes: int) -> TableSide:
    return TableSide(seam, 1, reads, writes, "f.py", 1)


def test_the_model_home_owns_even_when_another_seam_writes_more() -> None:
    sides = [_side("billing", 1, 0), _side("orders", 0, 9)]
    homes = {"billing": ModelHome(1, "billing/models.py", 3)}
    assert table_owner(sides, homes, KERNEL) == TableOwner("billing", "model")


def test_a_model_in_a_seam_that_never_uses_its_table_does_not_own_it() -> None:
    # `models/core.py` (in `database`) defines CssTemplate; only `css_template` reads it.
    sides = [_side("css_template", 6, 0), _side(KERNEL, 2, 2)]
    homes = {"database": ModelHome(1, "core.py", 9)}
    assert table_owner(sides, homes, KERNEL) == TableOwner("css_template", "reads")
    # With no seam using it at all, the model's seam owns it.
    assert table_owner(sides[1:], homes, KERNEL) == TableOwner("database", "model")


def test_without_one_model_home_the_main_writer_then_reader_owns_a_tie_has_none() -> None:
    sides = [_side("billing", 5, 1), _side("orders", 0, 3), _side(KERNEL, 0, 7)]
    assert table_owner(sides, {}, KERNEL) == TableOwner("orders", "writes")
    two_homes = {"billing": ModelHome(1, "a.py", 1), "orders": ModelHome(1, "b.py", 1)}
    assert table_owner(sides, two_homes, KERNEL) == TableOwner("orders", "writes")
    assert table_owner([_side("billing", 0, 2), _side("orders", 0, 2)], {}, KERNEL) is None
    # The kernel never owns: its writes do not count; the main seam reader owns.
    assert table_owner([_side("billing", 4, 0), _side(KERNEL, 0, 5)], {}, KERNEL) == \
        TableOwner("billing", "reads")
    assert table_owner([_side("billing", 4, 0), _side("orders", 1, 0)], {}, KERNEL) == \
        TableOwner("billing", "reads")
    assert table_owner([_side("billing", 1, 0), _side("orders", 1, 0)], {}, KERNEL) is None


def _shop(root: Path) -> Path:
    """`billing` defines the Invoice model; `orders` reads it and writes it, and writes its
    own `orders` table (raw SQL, no model)."""
    return build_tree(root, {
        "shop/__init__.py": "",
        "shop/db.py": """
            class Model:
                objects = None
            """,
        "shop/billing/__init__.py": "",
        "shop/billing/models.py": """
            from shop.db import Model

            class Invoice(Model):
                __tablename__ = "invoices"
            """,
        "shop/billing/api.py": """
            from shop.billing.models import Invoice

            def totals():
                return Invoice.query.all()
            """,
        "shop/orders/__init__.py": "",
        "shop/orders/checkout.py": """
            from shop.billing.models import Invoice

            def pay(session, db):
                invoice = Invoice()
                session.add(invoice)
                db.execute("INSERT INTO orders VALUES (1)")
                return Invoice.query.get(1)
            """,
    })


def test_a_seam_owns_the_tables_of_its_models_and_the_report_names_the_owner(
        tmp_path: Path) -> None:
    index, graph = graph_of(_shop(tmp_path / "shop"))
    invoices = next(t for t in index.tables if t.name == "invoices")
    assert {m.module for m in invoices.models} == {"shop.billing.models"}
    assert {a.module for a in invoices.writers} == {"shop.orders.checkout"}
    config = SeamConfig(min_size=1, pins=(("billing", ("shop.billing.*",)),
                                          ("orders", ("shop.orders.*",))))
    proposal = propose_seams(index, graph, SeamRequest(config=config))
    seams = {s.name: s for s in proposal.seams}
    # Before, `orders` "owned" nothing it shares and `billing` owned nothing at all.
    assert "invoices" in seams["billing"].tables_owned
    assert "invoices" not in seams["orders"].tables_owned
    assert "orders" in seams["orders"].tables_owned
    shared = {t.table: t for t in proposal.shared_tables}
    assert (shared["invoices"].owner, shared["invoices"].owner_basis) == ("billing", "model")
    assert "orders" not in shared

    document = analysis_document(index, graph, proposal)
    row = next(t for t in document["shared_tables"] if t["table"] == "invoices")
    assert row["owner"] == "billing" and row["owner_basis"] == "model"
    assert {s["seam"]: s["models"] for s in row["seams"]} == {"billing": 1, "orders": 0}
    markdown = render_markdown(document)
    assert "| billing (model) | billing 1/0 (model), orders 1/1 |" in markdown
    assert "1 table is used by more than one service" in markdown
    assert "1 of them is also written by a service other than its owner" in markdown
    assert "written by a service other than its owner, or by several (invoices)" in markdown


def test_write_config_tables_round_trip_whatever_their_characters() -> None:
    """A table name can hold any character (a quoted SQL identifier): the `tables` written
    for `strangler check` must be valid TOML that gives the same names back. JSON's `\\u`
    escapes of a character beyond the BMP are surrogates, which TOML rejects."""
    from types import SimpleNamespace

    from strangler.settings.load import load_text

    names = ("café", 'we"ird', "back\\slash", "tab\tle", "del\x7f", "emoji😀", "𠀀cjk")
    seam = SimpleNamespace(name="billing", modules=("shop.billing",), interface=(),
                           tables_owned=names)
    text = seams_config_text(SimpleNamespace(seams=(seam,)))
    assert tuple(load_text(text).seams["billing"].tables) == names


def test_write_config_quotes_a_seam_name_that_is_no_bare_key() -> None:
    """A pinned service may have any name (`[pin] "core.ui" = [...]`): `[seams.core.ui]`
    would be a nested table, `[seams.play back]` no TOML at all (the user's strangler.toml
    left unreadable)."""
    from types import SimpleNamespace

    from strangler.settings.load import load_text

    seams = tuple(SimpleNamespace(name=name, modules=(f"shop.m{i}",), interface=(),
                                  tables_owned=("t",) if i == 0 else ())
                  for i, name in enumerate(("core.ui", "play back", "billing-v2")))
    declared = load_text(seams_config_text(SimpleNamespace(seams=seams))).seams
    assert list(declared) == ["core.ui", "play back", "billing-v2"]
    assert declared["core.ui"].tables == ["t"]


def test_a_write_by_the_shared_kernel_is_no_service_writing_the_owners_table(
        tmp_path: Path) -> None:
    root = _shop(tmp_path / "shop")
    (root / "shop" / "billing" / "plans.py").write_text(
        "from shop.db import Model\n\nclass Plan(Model):\n    __tablename__ = 'plans'\n\n"
        "def cheapest():\n    return Plan.query.first()\n")
    (root / "shop" / "orders" / "pricing.py").write_text(
        "from shop.billing.plans import Plan\n\ndef price():\n    return Plan.query.all()\n")
    (root / "shop" / "maintenance.py").write_text(
        "def reset(db):\n    db.execute('DELETE FROM plans')\n")
    index, graph = graph_of(root)
    config = SeamConfig(min_size=1, pins=(("billing", ("shop.billing.*",)),
                                          ("orders", ("shop.orders.*",))),
                        kernels=("shop.db", "shop.maintenance"))
    proposal = propose_seams(index, graph, SeamRequest(config=config))
    assert "shop.maintenance" in {k.module for k in proposal.kernel}
    markdown = render_markdown(analysis_document(index, graph, proposal))
    # `plans` is shared (billing owns it, orders reads it) and only the kernel writes it:
    # one table, `invoices`, is written by a service other than its owner.
    assert "2 tables are used by more than one service" in markdown
    assert "1 of them is also written by a service other than its owner" in markdown
