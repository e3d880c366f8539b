"""Application factory."""
from __future__ import annotations

from typing import Any

from flask import Flask
from werkzeug.exceptions import HTTPException

from streamflix import config, db
from streamflix.accounts.routes import bp as accounts_bp
from streamflix.billing.routes import bp as billing_bp
from streamflix.catalog.routes import bp as catalog_bp
from streamflix.common.utils import ApiError, json_response, now_iso
from streamflix.notifications.routes import bp as notifications_bp
from streamflix.playback.routes import bp as playback_bp
from streamflix.recommendations.routes import bp as recommendations_bp


def _register_error_handlers(app: Flask) -> None:
    @app.errorhandler(ApiError)
    def handle_api_error(error: ApiError):
        return json_response(error.to_dict(), error.status)

    @app.errorhandler(HTTPException)
    def handle_http_error(error: HTTPException):
        code = (error.name or "error").lower().replace(" ", "_")
        return json_response({"error": code, "message": error.description}, error.code or 500)

    @app.errorhandler(Exception)
    def handle_unexpected(error: Exception):
        app.logger.exception("unhandled error")
        return json_response({"error": "internal_error", "message": "something went wrong"}, 500)


def create_app(config_overrides: dict[str, Any] | None = None) -> Flask:
    app = Flask("streamflix")
    app.config.update(config.load_settings(config_overrides))
    db.init_app(app)

    # Some blueprints set url_prefix themselves, others get it here.  Historic.
    app.register_blueprint(accounts_bp)
    app.register_blueprint(catalog_bp, url_prefix="/catalog")
    app.register_blueprint(playback_bp)
    app.register_blueprint(recommendations_bp, url_prefix="/recommendations")
    app.register_blueprint(billing_bp, url_prefix="/billing")
    app.register_blueprint(notifications_bp)
    _register_error_handlers(app)

    @app.route("/health")
    def health():
        db.scalar("SELECT 1")
        return json_response({"status": "ok", "version": config.VERSION, "time": now_iso()})

    @app.get("/")
    def index():
        routes = sorted(
            ({"path": r.rule, "methods": sorted(r.methods - {"HEAD", "OPTIONS"})}
             for r in app.url_map.iter_rules() if r.endpoint != "static"),
            key=lambda item: (item["path"], item["methods"]),
        )
        return json_response({"name": "streamflix", "version": config.VERSION, "routes": routes})

    if app.config.get("INIT_DB", True):
        with app.app_context():
            db.init_schema()
            if app.config.get("SEED_DEMO_DATA") and db.is_empty():
                db.seed_demo_data()
    return app
