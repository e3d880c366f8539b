"""A Flask monolith on MongoDB (flask-mongoengine): its collections get owners, and a
collection another domain reads and writes is a shared table."""

from __future__ import annotations

import json
from pathlib import Path

from helpers import build_tree

from strangler.adapters.cache import MemoryStore
from strangler.adapters.filesystem import LocalFileSystem
from strangler.parse import ParseOptions
from strangler.pipeline import AnalyzeRequest, analyze

FILES: dict[str, str | bytes] = {
    "shop/__init__.py": """
from flask import Flask
from shop.orders.views import bp as orders_bp
from shop.billing.views import bp as billing_bp

app = Flask(__name__)
app.register_blueprint(orders_bp, url_prefix="/orders")
app.register_blueprint(billing_bp, url_prefix="/billing")
""",
    "shop/billing/__init__.py": """
""",
    "shop/billing/models.py": """
from shop.ext import db


class Invoice(db.Document):
    order = db.ReferenceField("Order")
    amount = db.IntField()
""",
    "shop/billing/views.py": """
from flask import Blueprint

from shop.billing.models import Invoice
from shop.orders.models import Order

bp = Blueprint("billing", __name__)


@bp.route("/")
def invoices():
    return [i.amount for i in Invoice.objects()]


@bp.route("/bill/<oid>", methods=["POST"])
def bill(oid):
    order = Order.objects.get(id=oid)
    Invoice(order=order, amount=order.total).save()
    Order.objects(id=oid).update(set__total=0)
    return "ok"
""",
    "shop/ext.py": """
from flask_mongoengine import MongoEngine

db = MongoEngine()
""",
    "shop/orders/__init__.py": """
""",
    "shop/orders/models.py": """
from shop.ext import db


class Customer(db.Document):
    email = db.StringField()


class Order(db.Document):
    meta = {"collection": "orders"}
    customer = db.ReferenceField(Customer)
    total = db.IntField()
""",
    "shop/orders/views.py": """
from flask import Blueprint

from shop.orders.models import Customer, Order

bp = Blueprint("orders", __name__)


@bp.route("/")
def list_orders():
    return [o.total for o in Order.objects(total__gt=0)]


@bp.route("/new", methods=["POST"])
def new_order():
    Order(total=1, customer=Customer.objects.first()).save()
    return "ok"
""",
}


def test_a_two_domain_flask_mongoengine_app_gets_owners_and_shared_tables(
        tmp_path: Path) -> None:
    root = build_tree(tmp_path / "proj", FILES)
    result = analyze(AnalyzeRequest(path=root, parse=ParseOptions(jobs=1), svg=False),
                     LocalFileSystem(), MemoryStore())
    document = json.loads(result.files["analysis.json"])
    assert {t["name"] for t in document["tables"]} == {"customer", "invoice", "orders"}
    owned = {seam["name"]: seam["tables_owned"] for seam in document["seams"]}
    assert "invoice" in owned["billing"]
    shared = {s["table"]: s for s in document["shared_tables"]}
    assert shared["orders"]["owner"] == "orders"
    assert {s["seam"] for s in shared["orders"]["seams"]} == {"orders", "billing"}
    relations = {(r["source"], r["target"]) for r in document["relations"]}
    assert ("shop.billing.models.Invoice", "shop.orders.models.Order") in relations
