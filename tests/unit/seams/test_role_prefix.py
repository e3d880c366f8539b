"""Issue 10 item 2 (mealie, set 15): a repository layer's `repository_<table>` modules are
read past their role prefix (`role_packages.without_role`), as `<domain>_policy` modules
are past their suffix, and join the units of the domains other layers name."""

from __future__ import annotations

from strangler.seams.words import domain_units

LAYERED = [
    "cook", "cook.app",
    "cook.db", "cook.db.models", "cook.db.models.household",
    "cook.db.models.household.household", "cook.db.models.household.mealplan",
    "cook.db.models.household.cookbook", "cook.db.models.household.preferences",
    "cook.db.models.recipe", "cook.db.models.recipe.recipe", "cook.db.models.recipe.tag",
    "cook.db.models.users", "cook.db.models.users.user",
    "cook.schema", "cook.schema.household", "cook.schema.household.household",
    "cook.schema.meal_plan", "cook.schema.meal_plan.plan", "cook.schema.meal_plan.rules",
    "cook.schema.cookbook", "cook.schema.cookbook.cookbook",
    "cook.schema.recipe", "cook.schema.recipe.recipe", "cook.schema.user",
    "cook.schema.user.user",
    "cook.repos", "cook.repos.repository_recipes", "cook.repos.repository_users",
    "cook.repos.repository_household", "cook.repos.repository_cookbooks",
    "cook.repos.repository_generic",
    "cook.routes", "cook.routes.households", "cook.routes.households.controller_mealplan",
    "cook.routes.households.controller_cookbooks",
    "cook.routes.households.controller_household_self_service",
    "cook.routes.recipe", "cook.routes.recipe.crud", "cook.routes.users",
    "cook.routes.users.crud",
    "cook.schema.tag", "cook.schema.tag.tag", "cook.routes.tag", "cook.routes.tag.crud",
    "cook.services", "cook.services.recipe_service", "cook.services.user_service",
    "cook.services.household_service",
]


def test_a_repository_layer_is_read_past_its_role_prefix() -> None:
    units = domain_units(LAYERED)
    assert units["cook.repos.repository_recipes"] == units["cook.schema.recipe.recipe"]
    assert units["cook.repos.repository_users"] == units["cook.schema.user.user"]
    assert units["cook.repos.repository_household"] == units["cook.schema.household.household"]
