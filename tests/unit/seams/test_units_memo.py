"""domain_units remembers the last module sets it was asked about, by their content."""

from __future__ import annotations

from strangler.seams import words
from strangler.seams.words import domain_units, unit_of_each

SHOP = ["shop.views.orders", "shop.models.orders", "shop.views.users", "shop.models.users",
        "shop.services.orders", "shop.services.users", "shop.utils"]
BLOG = ["blog.posts.views", "blog.posts.models", "blog.users.views", "blog.users.models"]


def test_each_module_set_gets_its_own_units_and_a_copy_it_may_change() -> None:
    """Answers match the uncached computation for each input; the same set in another order
    is the same answer; a caller changing its dict changes no later answer; and inputs that
    differ by one module do not share an answer."""
    shop = domain_units(SHOP)
    assert shop == unit_of_each(frozenset(SHOP))
    assert shop["shop.views.orders"] == shop["shop.models.orders"] == "word:order"
    blog = domain_units(BLOG)
    assert blog == unit_of_each(frozenset(BLOG))
    assert blog["blog.posts.views"] == "blog.posts"
    shop["shop.views.orders"] = "changed"
    again = domain_units(list(reversed(SHOP)))
    assert again["shop.views.orders"] == "word:order"
    fewer = domain_units(SHOP[:-1])
    assert "shop.utils" not in fewer and fewer == unit_of_each(frozenset(SHOP[:-1]))


def test_only_the_last_few_sets_are_kept() -> None:
    for n in range(2 * words._UNITS_KEPT):
        domain_units([f"app{n}.a", f"app{n}.b"])
    assert len(words._units_memo) <= words._UNITS_KEPT
