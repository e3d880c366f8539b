"""A seam's interface: each symbol used from outside, with its uses and first call sites."""

from __future__ import annotations

from strangler.graph import CouplingGraph
from strangler.model import Module, ProjectIndex, SymbolUse
from strangler.seams.explain import MAX_CALL_SITES, describe_seams
from strangler.seams.propose import Partition


def _module(name: str) -> Module:
    return Module(name, name.replace(".", "/") + ".py", name.split(".")[0], False, 10, 10)


def test_a_symbol_lists_its_uses_and_the_first_call_sites_in_order() -> None:
    """Every line counts as a use; the call sites shown are the first MAX_CALL_SITES by
    (module, file, line) over all callers; a use with no line and a use from inside the
    seam add nothing."""
    callers = [f"web.c{i:02d}" for i in range(12)]
    uses = [SymbolUse(caller, "shop.orders", "total", "call", (30, 2, 17))
            for caller in reversed(callers)]
    uses += [SymbolUse("web.c00", "shop.orders", "refund", "call", ()),
             SymbolUse("shop.cart", "shop.orders", "total", "call", (5,))]
    names = ["shop.orders", "shop.cart", *callers]
    index = ProjectIndex("", tuple(_module(n) for n in names), (), tuple(uses), (), (), (),
                         (), (), ())
    graph = CouplingGraph(tuple(names), (), ())
    partition = Partition((("shop", ("shop.cart", "shop.orders")), ("web", tuple(callers))))
    seams = {seam.name: seam for seam in describe_seams(index, graph, partition, {})}
    (symbol,) = seams["shop"].interface
    assert (symbol.module, symbol.name, symbol.uses) == ("shop.orders", "total", 36)
    expected = sorted((c, c.replace(".", "/") + ".py", line) for c in callers
                      for line in (30, 2, 17))[:MAX_CALL_SITES]
    assert list(symbol.call_sites) == expected
    assert seams["web"].interface == ()
