"""`strangler check`'s table-owner rule on a hand-made index: globs, exact names, misses."""

from __future__ import annotations

from pathlib import Path

from strangler.check import find_violations
from strangler.model import Module, ProjectIndex, Table, TableAccess
from strangler.seams.config import SeamConfig
from strangler.seams.owners import table_owners, unmatched_table_globs


def _index() -> ProjectIndex:
    def access(module: str) -> TableAccess:
        return TableAccess(module, module.replace(".", "/") + ".py", 7, "sql")

    tables = (
        Table("billing_invoice", (), (access("shop.orders.views"),),
              (access("shop.billing.api"),)),
        Table("billing_refund", (), (), (access("shop.orders.views"),)),
        Table("orders", (), (access("shop.kernel"),), (access("shop.orders.views"),)),
    )
    modules = tuple(Module(name, name.replace(".", "/") + ".py", "shop", False, 10, 10)
                    for name in ("shop.billing.api", "shop.kernel", "shop.orders.views"))
    return ProjectIndex(root="shop", modules=modules, imports=(), uses=(), routes=(),
                        unresolved_routes=(), tables=tables, relations=(), external=(),
                        problems=())


CONFIG = SeamConfig(declared=(("billing", ("shop.billing*",)), ("orders", ("shop.orders*",))),
                    tables=(("billing", ("billing_*",)), ("orders", ("orders",))))


def test_globs_and_names_decide_the_owner_and_only_other_seams_are_reported() -> None:
    index = _index()
    assert table_owners(index, CONFIG) == {"billing_invoice": "billing",
                                           "billing_refund": "billing", "orders": "orders"}
    found = {(v.source, v.target, v.symbol, v.kind) for v in find_violations(index, CONFIG)}
    # The owner's own writes and the kernel's reads are free.
    assert found == {("shop.orders.views", "table:billing_invoice", "read", "table_read"),
                     ("shop.orders.views", "table:billing_refund", "write", "table_write")}
    assert unmatched_table_globs(index, CONFIG) == []
    typo = SeamConfig(declared=CONFIG.declared, tables=(("billing", ("billing_invoices",
                                                                     "refund_*")),))
    assert unmatched_table_globs(index, typo) == [("billing", "billing_invoices"),
                                                  ("billing", "refund_*")]


def test_a_fixed_table_access_reads_as_words() -> None:
    from strangler.check import compare_with_baseline, render_text

    result = compare_with_baseline([], {("shop.orders.views", "table:billing_refund", "write")},
                                   2)
    assert ("fixed since the baseline (run --update-baseline to shrink it): "
            "shop.orders.views writes table billing_refund\n") in render_text(result)


def test_a_table_two_seams_declare_is_a_config_error_naming_both() -> None:
    import pytest

    from strangler.seams.config import ConfigError

    both = SeamConfig(declared=CONFIG.declared,
                      tables=(("billing", ("billing_*", "orders")), ("orders", ("orders",))))
    with pytest.raises(ConfigError, match=r"table 'orders' is declared by \[seams.billing\] "
                                          r"tables and \[seams.orders\] tables"):
        table_owners(_index(), both)
    # a glob of one seam and a name of another claim the same table too
    overlap = SeamConfig(declared=CONFIG.declared,
                         tables=(("billing", ("billing_*",)), ("orders", ("billing_refund",))))
    with pytest.raises(ConfigError, match="'billing_refund' is declared by"):
        find_violations(_index(), overlap)


def test_strangler_check_exits_2_on_a_table_declared_twice(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from strangler.cli.app import app

    (tmp_path / "shop").mkdir()
    (tmp_path / "shop" / "__init__.py").write_text("")
    (tmp_path / "shop" / "billing.py").write_text(
        "def pay(db):\n    return db.execute('SELECT * FROM invoice')\n")
    (tmp_path / "shop" / "orders.py").write_text(
        "def order(db):\n    return db.execute('UPDATE invoice SET paid = 1')\n")
    (tmp_path / "strangler.toml").write_text(
        '[seams.billing]\nmodules = ["shop.billing"]\ninterface = []\ntables = ["invoice"]\n'
        '[seams.orders]\nmodules = ["shop.orders"]\ninterface = []\ntables = ["inv*"]\n')
    result = CliRunner().invoke(app, ["check", str(tmp_path), "--no-cache"])
    assert result.exit_code == 2, result.output
    assert "table 'invoice' is declared by [seams.billing] tables and [seams.orders] tables" \
        in result.output
