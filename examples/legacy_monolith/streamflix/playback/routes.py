from __future__ import annotations

from flask import Blueprint, g

from streamflix.common.utils import ApiError, get_json_body, int_arg, json_response, require_user
from streamflix.playback import history, service

bp = Blueprint("playback", __name__, url_prefix="/playback")


@bp.route("/start", methods=["POST"])
@require_user
def start():
    body = get_json_body("title")
    episode_id = body.get("episode_id")
    result = service.start_stream(g.user_id, str(body["title"]), int(episode_id) if episode_id else None,
                                  body.get("device", "web"))
    return json_response(result, 201)


@bp.route("/stop", methods=["POST"])
@require_user
def stop():
    body = get_json_body("stream_id")
    return json_response(service.stop_stream(g.user_id, int(body["stream_id"]), int(body.get("position_s", 0))))


@bp.route("/history", methods=["GET"])
@require_user
def list_history():
    return json_response({"history": history.list_history(g.user_id, int_arg("limit", 50, maximum=200))})


@bp.route("/history/<int:entry_id>", methods=["DELETE"])
@require_user
def delete_history_entry(entry_id: int):
    if not history.delete_entry(g.user_id, entry_id):
        raise ApiError("history entry not found", 404)
    return json_response({"deleted": entry_id})


@bp.route("/continue", methods=["GET"])
@require_user
def continue_watching():
    return json_response({"items": history.continue_watching(g.user_id)})
