"""`strangler check`'s table-owner rule on a hand-made index: globs, exact names, misses."""

from __future__ import annotations

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
