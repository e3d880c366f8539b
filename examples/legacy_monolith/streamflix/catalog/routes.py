"""Catalog endpoints.  Mounted at /catalog in app.py."""
from __future__ import annotations

from flask import Blueprint, request

from streamflix.catalog import search as title_search
from streamflix.catalog import service
from streamflix.common import utils
from streamflix.common.utils import ApiError, json_response, require_admin

bp = Blueprint("catalog", __name__)


@bp.get("/titles")
def list_titles():
    titles = service.list_titles(request.args.get("genre"), request.args.get("kind"),
                                 request.args.get("sort", "name"))
    page = utils.paginate(titles, utils.int_arg("page", 1), utils.int_arg("per_page", 20))
    return json_response(page)


@bp.get("/titles/<slug>")
def get_title(slug: str):
    title = service.get_title(slug)
    if title is None:
        raise ApiError("title not found", 404)
    return json_response({"title": title})


@bp.route("/titles/<slug>/episodes", methods=["GET"])
def list_episodes(slug: str):
    title = service.get_title_model(slug)
    if title is None:
        raise ApiError("title not found", 404)
    return json_response({"title": slug, "seasons": service.episodes_by_season(title)})


@bp.post("/titles")
@require_admin
def create_title():
    return json_response({"title": service.create_title(utils.get_json_body("name", "genre"))}, 201)


@bp.route("/titles/<slug>", methods=["PATCH"])
@require_admin
def update_title(slug: str):
    return json_response({"title": service.update_title(slug, utils.get_json_body())})


@bp.route("/genres", methods=["GET"])
def list_genres():
    return json_response({"genres": service.genres()})


@bp.route("/search", methods=["GET"])
def search():
    query = request.args.get("q", "").strip()
    if not query:
        raise ApiError("q is required", 400)
    results = title_search.search(query, utils.int_arg("limit", 20, maximum=50), request.args.get("genre"))
    return json_response({"query": query, "results": results})
