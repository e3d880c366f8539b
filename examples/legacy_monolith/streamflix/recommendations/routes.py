"""Mounted at /recommendations by app.py."""
from __future__ import annotations

from flask import Blueprint, g

from streamflix.common.utils import int_arg, json_response, require_user
from streamflix.recommendations import engine

bp = Blueprint("recommendations", __name__)


@bp.get("/")
@require_user
def for_me():
    return json_response({"items": engine.for_user(g.user_id, int_arg("limit", 10, maximum=50))})


@bp.get("/popular")
def popular():
    return json_response({"items": engine.popular(int_arg("limit", 10, maximum=50))})


@bp.get("/similar/<slug>")
def similar(slug: str):
    return json_response({"title": slug, "items": engine.similar(slug, int_arg("limit", 5, maximum=20))})
