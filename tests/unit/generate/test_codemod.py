"""The import-redirect codemod, on inline before/after source."""

from __future__ import annotations

import textwrap

from strangler.generate.codemod import redirect_imports

REDIRECTS = {
    "shop.billing.payments": "shop.billing_client.payments",
    "shop.billing.plans": "shop.billing_client.plans",
}


def _rewrite(before: str, module: str = "shop.cart.views", package: bool = False) -> str:
    source = textwrap.dedent(before).lstrip("\n")
    return redirect_imports(source, "x.py", module, package, REDIRECTS).after


def test_submodule_import_moves_and_keeps_comments_and_formatting() -> None:
    before = """
        import os  # stdlib

        from shop.billing import payments  # the money part
        from shop.common import utils


        def pay(user):
            # charge the user
            return payments.charge(user,  100)
        """
    after = _rewrite(before)
    assert after == textwrap.dedent(before).lstrip("\n").replace(
        "from shop.billing import payments", "from shop.billing_client import payments")


def test_name_import_from_a_redirected_module() -> None:
    after = _rewrite("from shop.billing.payments import charge as pay, refund\n")
    assert after == "from shop.billing_client.payments import charge as pay, refund\n"


def test_mixed_import_is_split_and_unrelated_names_stay() -> None:
    after = _rewrite("from shop.billing import plans, routes, payments\n")
    assert after == ("from shop.billing_client import plans, payments\n"
                     "from shop.billing import routes\n")


def test_relative_and_lazy_imports_are_redirected() -> None:
    before = """
        def entitled(user):
            from ..billing import plans  # lazy
            return plans.get(user)
        """
    after = _rewrite(before, module="shop.cart.views")
    assert "from shop.billing_client import plans  # lazy" in after


def test_plain_import_with_alias_is_rewritten_without_alias_is_reported() -> None:
    rewrite = redirect_imports("import shop.billing.plans as p\nimport shop.billing.payments\n",
                               "x.py", "shop.cart.views", False, REDIRECTS)
    assert rewrite.after.splitlines()[0] == "import shop.billing_client.plans as p"
    assert rewrite.after.splitlines()[1] == "import shop.billing.payments"
    assert rewrite.unchanged_sites[0][0] == 2


def test_files_without_seam_imports_are_untouched() -> None:
    source = "from shop.common import utils\n# billing is elsewhere\n"
    assert redirect_imports(source, "x.py", "shop.a", False, REDIRECTS).after == source



def test_multi_line_parenthesized_import_keeps_its_layout_and_comments() -> None:
    before = """
        from shop.billing import (
            payments,  # why we charge here
            plans,
        )
        from shop.billing.payments import (
            charge,  # the only entry point
            refund,
        )
        """
    after = _rewrite(before)
    assert after == textwrap.dedent(before).lstrip("\n").replace(
        "from shop.billing import", "from shop.billing_client import").replace(
        "from shop.billing.payments import", "from shop.billing_client.payments import")


def test_multi_line_mixed_import_is_split_into_two_multi_line_imports() -> None:
    before = """
        def view():
            from shop.billing import (
                routes,  # stays in the monolith
                payments,  # goes through the client
                other
            )
            return payments, routes, other
        """
    after = _rewrite(before)
    assert after == textwrap.dedent("""
        def view():
            from shop.billing_client import (
                payments,  # goes through the client
            )
            from shop.billing import (
                routes,  # stays in the monolith
                other
            )
            return payments, routes, other
        """).lstrip("\n")
    compile(after, "x.py", "exec")


def test_one_line_parenthesized_import_stays_on_one_line_per_target() -> None:
    after = _rewrite("from shop.billing import (payments, routes)\n")
    assert after == ("from shop.billing_client import (payments)\n"
                     "from shop.billing import (routes)\n")
