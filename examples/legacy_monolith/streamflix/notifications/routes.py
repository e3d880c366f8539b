from __future__ import annotations

from flask import Blueprint, g, request

from streamflix.common.utils import get_json_body, int_arg, json_response, require_admin, require_user
from streamflix.notifications import email

bp = Blueprint("notifications", __name__, url_prefix="/notifications")


@bp.route("/outbox", methods=["GET"])
@require_user
def my_outbox():
    messages = email.outbox(g.user_id, request.args.get("kind"), int_arg("limit", 20, maximum=100))
    return json_response({"messages": messages})


@bp.route("/preferences", methods=["GET"])
@require_user
def get_preferences():
    return json_response({"preferences": email.get_preferences(g.user_id)})


@bp.route("/preferences", methods=["PUT"])
@require_user
def update_preferences():
    body = get_json_body()
    return json_response({"preferences": email.set_preferences(g.user_id, **body)})


@require_admin
def send_digest():
    # Lazy import: catalog pulls in a lot, and this endpoint runs once a week.
    from streamflix.catalog import service as catalog_service

    titles = catalog_service.newest_titles(int_arg("count", 5, maximum=20))
    return json_response({"sent": email.send_digest(titles), "titles": [t["slug"] for t in titles]})


bp.add_url_rule("/digest", view_func=send_digest, methods=["POST"])


@bp.route("/test", methods=["POST"])
@require_admin
def send_test():
    body = get_json_body("user_id")
    queued = email.send(int(body["user_id"]), "test", message=body.get("message", "hello"))
    return json_response({"queued": queued}, 201 if queued else 200)
