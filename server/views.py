"""The analyst's views: ``/map``, ``/timeline`` and the operation section of an entity page.

The pages are shells: their scripts (``static/views/``) run every query against our own
``/sparql`` from the browser and show each one, so whatever a view draws can be re-run and
taken further in the query UI. The server only hands out the shells and the outline data that
``scripts/bootstrap.sh`` installed from npm into ``ui_dir`` (served from here: no CDN).
"""

from __future__ import annotations

from flask import Blueprint, Response, abort, render_template, send_from_directory

from conflictkg.mapping.vocab import PREFIXES
from conflictkg.server.config import ServerConfig

OPERATION = PREFIXES["ck"] + "Operation"
ASSETS: dict[str, str] = {
    "countries.json": "world-atlas/countries-50m.json",
    "world-atlas-LICENSE.txt": "world-atlas/LICENSE",
    "topojson-client.min.js": "topojson-client/dist/topojson-client.min.js",
    "topojson-client-LICENSE.txt": "topojson-client/LICENSE",
}
"""What the views load from npm packages, by the name they are served under."""


def view_settings(config: ServerConfig) -> dict[str, str]:
    """What the scripts need to build their queries (read from ``data-`` attributes)."""
    return {
        "ck": PREFIXES["ck"],
        "idbase": config.iri_base + "id/",
        "endpoint": "/sparql",
    }


def views_blueprint(config: ServerConfig) -> Blueprint:
    bp = Blueprint("views", __name__)
    modules = config.ui_dir.resolve() / "node_modules" if config.ui_dir else None

    @bp.route("/map")
    def map_view() -> str:
        return render_template("map.html", settings=view_settings(config))

    @bp.route("/timeline")
    def timeline_view() -> str:
        return render_template("timeline.html", settings=view_settings(config))

    @bp.route("/views/assets/<name>")
    def asset(name: str) -> Response:
        if modules is None or name not in ASSETS:
            abort(404)
        folder, _, file = ASSETS[name].rpartition("/")
        response = send_from_directory(modules / folder, file, max_age=86400)
        if name.endswith(".txt"):
            response.mimetype = "text/plain"
        return response

    @bp.app_context_processor
    def operation_helpers() -> dict[str, object]:
        """Lets ``entity.html`` add the operation views to an operation's page."""

        def is_operation(types: object) -> bool:
            return any(getattr(t, "value", None) == OPERATION for t in types)  # type: ignore[attr-defined]

        return {"is_operation": is_operation, "view_settings": view_settings(config)}

    return bp
