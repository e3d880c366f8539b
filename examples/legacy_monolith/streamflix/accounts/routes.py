from __future__ import annotations

from flask import Blueprint, g

from streamflix.accounts import service
from streamflix.common.utils import get_json_body, json_response, require_user

bp = Blueprint("accounts", __name__, url_prefix="/accounts")


@bp.route("/register", methods=["POST"])
def register():
    body = get_json_body("email", "password")
    result = service.register(body["email"], body["password"], body.get("display_name"), body.get("country", "US"))
    return json_response(result, 201)


@bp.route("/login", methods=["POST"])
def login():
    body = get_json_body("email", "password")
    return json_response(service.login(body["email"], body["password"]))


@bp.route("/logout", methods=["POST"])
@require_user
def logout():
    return json_response({"logged_out": service.logout(g.session_token)})


@bp.route("/me", methods=["GET"])
@require_user
def me():
    return json_response(service.get_profile(g.user_id))


@bp.route("/me", methods=["PATCH"])
@require_user
def update_me():
    return json_response({"user": service.update_profile(g.user_id, get_json_body())})


@bp.route("/me", methods=["DELETE"])
@require_user
def delete_me():
    return json_response(service.delete_account(g.user_id))
