"""GraphQL operations reach the plan as operations with a risk, never as path prefixes: the
proxy and its nginx/Envoy exports route by path, and an operation has none of its own."""

from __future__ import annotations

from pathlib import Path

from helpers import build_tree, index_of
from typer.testing import CliRunner

from strangler.cli.app import app
from strangler.extract import _routes_toml
from strangler.plan import make_plan


def _project(tmp_path: Path) -> Path:
    return build_tree(tmp_path / "shop", {
        "shop/__init__.py": "",
        "shop/orders/__init__.py": "",
        "shop/orders/views.py": """
            from flask import Blueprint
            bp = Blueprint("orders", __name__, url_prefix="/orders")

            @bp.get("/export")
            def export(): ...
            """,
        "shop/orders/schema.py": """
            import graphene

            class OrderCreate(graphene.Mutation):
                def mutate(self, info): ...

            class OrderQueries(graphene.ObjectType):
                orders = graphene.List(graphene.String)

                def resolve_orders(self, info): ...

            class OrderMutations(graphene.ObjectType):
                order_create = OrderCreate.Field()
            """,
    })


def test_operations_are_a_risk_and_never_a_prefix_nor_an_nginx_or_envoy_route(
        tmp_path: Path) -> None:
    root = _project(tmp_path)
    index = index_of(root)
    assert {r.path for r in index.routes if r.kind == "graphql"} == {
        "/graphql#Query.orders", "/graphql#Mutation.order_create"}
    sources = {m.name: (root / m.path).read_text() for m in index.modules}
    members = tuple(m.name for m in index.modules if m.name.startswith("shop.orders"))
    plan = make_plan(index, "orders", members, sources)
    assert [r.path for r in plan.routes] == ["/orders/export"]
    assert {r.path for r in plan.graphql_operations} == {
        "/graphql#Query.orders", "/graphql#Mutation.order_create"}
    assert plan.route_prefixes == ("/orders",)
    risk = [r.message for r in plan.risks if r.kind == "graphql"]
    assert len(risk) == 1 and "2 GraphQL operation(s)" in risk[0]
    assert "Mutation.order_create" in risk[0]

    table = tmp_path / "strangler.toml"
    table.write_text('[proxy]\nlegacy = "http://127.0.0.1:9"\n' + _routes_toml(plan, ""))
    runner = CliRunner()
    for target in ("nginx", "envoy"):
        out = tmp_path / f"{target}.conf"
        result = runner.invoke(app, ["export", target, "--config", str(table),
                                     "--out", str(out)])
        assert result.exit_code == 0, result.output
        text = out.read_text()
        assert "/orders" in text
        assert "graphql" not in text and "#Query" not in text and "#Mutation" not in text


def test_a_seam_with_operations_only_routes_nothing(tmp_path: Path) -> None:
    root = _project(tmp_path)
    index = index_of(root)
    sources = {m.name: (root / m.path).read_text() for m in index.modules}
    plan = make_plan(index, "orders", ("shop.orders.schema",), sources)
    assert plan.routes == () and plan.route_prefixes == ()
    assert len(plan.graphql_operations) == 2
    assert _routes_toml(plan, "") == ""
