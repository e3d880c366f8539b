"""The dry run's pre-filter before the libcst import rewrite (issue 12, item 8): it must let
through every file that can import a redirected module, and not every file that merely
mentions a leaf name like `utils` (a 45k-line Django dry run spent 64 of 65 s there)."""

from __future__ import annotations

import pytest

from strangler.generate.render import _may_import

REDIRECTS = {"shop.billing.payments": "shop.billing_client.payments",
             "wger.utils": "wger.utils_client", "toplev": "toplev_client"}


@pytest.mark.parametrize(("module", "text"), [
    ("a.b", "import shop.billing.payments\n"),
    ("a.b", "from shop.billing.payments import charge\n"),
    ("a.b", "from shop.billing import (\n    plans,  # a comment\n    payments,\n)\n"),
    ("shop.x", "from .billing import payments\n"),
    ("shop.billing.y", "from . import payments\n"),
    ("shop.billing.y", "from .payments import charge\n"),
    ("wger.core.x", "from wger import utils\n"),
    ("a", "import toplev\n"),
    ("a", "from toplev import q\n"),
])
def test_files_that_can_import_a_redirected_module_pass(module: str, text: str) -> None:
    assert _may_import(module, text, REDIRECTS)


@pytest.mark.parametrize(("module", "text"), [
    ("a.b", "from shop.billing import plans\npayments = 1\n"),
    ("other.y", "from . import payments\n"),  # relative, from another top-level package
    ("wger.core.x", "from wger.core import utils\nimport wger\n"),  # another `utils`
    ("wger.core.x", "from django.utils import timezone\n"),
    ("a", "toplevel = 1\n"),
])
def test_a_leaf_name_alone_does_not_pass(module: str, text: str) -> None:
    assert not _may_import(module, text, REDIRECTS)
