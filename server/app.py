"""``create_app(config)``: the Flask app over the store a build published; ``serve`` runs it.

Resources (config, worker pool, examples) hang off ``app.extensions["conflictkg"]`` and are
handed to each blueprint explicitly; nothing lives in module globals.
"""

from __future__ import annotations

import atexit
import logging
import signal
import threading
from dataclasses import dataclass
from types import FrameType

from flask import Flask, Response, jsonify

from conflictkg.server.config import ServerConfig
from conflictkg.server.docs import docs_blueprint
from conflictkg.server.dumps import dumps_blueprint
from conflictkg.server.errors import ServiceUnavailable, register_error_handlers
from conflictkg.server.gsp import gsp_blueprint
from conflictkg.server.ld import ld_blueprint
from conflictkg.server.ops import install_http_policies
from conflictkg.server.pages import Example, load_examples, pages_blueprint
from conflictkg.server.remote import current_generation, remote_dumps_blueprint, remote_source
from conflictkg.server.sparql import sparql_blueprint
from conflictkg.server.views import views_blueprint
from conflictkg.server.void import void_blueprint
from conflictkg.server.workers import WorkerPool

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Resources:
    """What the views share, reachable as ``app.extensions["conflictkg"]``."""

    config: ServerConfig
    pool: WorkerPool
    examples: tuple[Example, ...]

    def close(self) -> None:
        self.pool.close()


def create_app(config: ServerConfig) -> Flask:
    """Build the app and start its query workers (they are stopped at interpreter exit)."""
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = config.max_request_bytes
    app.json.sort_keys = False  # type: ignore[attr-defined]
    pool = WorkerPool(config.store_dir, config.workers, remote_source(config))
    resources = Resources(config=config, pool=pool, examples=load_examples())
    app.extensions["conflictkg"] = resources
    register_error_handlers(app)
    install_http_policies(app, config)
    app.register_blueprint(pages_blueprint(resources.examples, config))
    app.register_blueprint(docs_blueprint())
    app.register_blueprint(sparql_blueprint(config, pool))
    app.register_blueprint(gsp_blueprint(config, pool))
    app.register_blueprint(void_blueprint(config, pool))
    dumps = dumps_blueprint if config.remote is None else remote_dumps_blueprint
    app.register_blueprint(dumps(config))
    app.register_blueprint(ld_blueprint(config, pool))
    app.register_blueprint(views_blueprint(config))

    @app.route("/health")
    @app.route("/healthz")
    def health() -> Response:
        generation = current_generation(config)
        if generation is None:
            raise ServiceUnavailable(
                f"no built graph in {config.store_dir}: run `conflictkg build` first"
            )
        status = pool.status()
        return jsonify(
            {
                "ok": True,
                "generation": generation,
                "workers": {"size": status.size, "alive": status.alive, "idle": status.idle},
                "writable": config.writable,
            }
        )

    pool.start()
    atexit.register(resources.close)
    return app


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def serve(config: ServerConfig, host: str = "127.0.0.1", port: int = 5000) -> None:
    """Serve until interrupted or terminated (threaded; queries run in worker processes).

    SIGTERM stops it like Ctrl-C, so that the workers are shut down cleanly either way.
    """
    from werkzeug.serving import make_server

    app = create_app(config)
    server = make_server(host, port, app, threaded=True)
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _interrupt)
    log.info("serving %s on http://%s:%d/", config.store_dir, host, server.server_port)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        app.extensions["conflictkg"].close()
