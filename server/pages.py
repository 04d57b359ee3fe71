"""What a person sees: the home page with example queries, the query form, and the
service description (RDF) a SPARQL client gets from ``GET /sparql`` without a query."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import pyoxigraph as ox
import yaml
from flask import Blueprint, Response, abort, render_template, send_from_directory, url_for

from conflictkg.mapping.vocab import PREFIXES
from conflictkg.server import conneg
from conflictkg.server.config import ServerConfig
from conflictkg.server.execute import GRAPH_FORMATS, RESULTS_FORMATS

SD = "http://www.w3.org/ns/sparql-service-description#"
YASGUI_BUILD = Path("node_modules/@zazuko/yasgui/build")
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


@dataclass(frozen=True)
class Example:
    """An example query shown on the home page (from ``examples.yaml``)."""

    title: str
    description: str
    query: str


def load_examples(path: Path | None = None) -> tuple[Example, ...]:
    """Read the examples file: a YAML list of ``{title, description, query}``."""
    source = path or Path(str(resources.files("conflictkg.server") / "examples.yaml"))
    data = yaml.safe_load(source.read_text(encoding="utf-8")) or []
    if not isinstance(data, list):
        raise ValueError(f"{source}: expected a list of examples")
    examples = []
    for i, item in enumerate(data):
        if not isinstance(item, dict) or not {"title", "query"} <= item.keys():
            raise ValueError(f"{source}: example {i + 1} needs at least a title and a query")
        examples.append(
            Example(
                title=str(item["title"]),
                description=str(item.get("description", "")),
                query=str(item["query"]).strip() + "\n",
            )
        )
    return tuple(examples)


def query_page(query: str) -> Response:
    """The query form, prefilled with ``query`` (run by the page's script when not empty)."""
    html = render_template(
        "query.html",
        query=query,
        results_formats=conneg.RESULTS_FORMATS,
        graph_formats=conneg.GRAPH_FORMATS,
    )
    response = Response(html, mimetype="text/html")
    response.headers["Vary"] = "Accept"
    return response


def service_description(
    endpoint: str,
    media_type: str,
    writable: bool = False,
    void: str | None = None,
    federated: bool = False,
) -> bytes:
    """A SPARQL 1.1 Service Description of this endpoint in an RDF format."""
    service = ox.BlankNode("service")
    terms = ("Service", "endpoint", "supportedLanguage", "SPARQL11Query", "resultFormat")
    extra = ("feature", "UnionDefaultGraph", "SPARQL11Update", "BasicFederatedQuery")
    sd = {name: ox.NamedNode(SD + name) for name in (*terms, *extra, "defaultDataset")}
    triples = [
        ox.Triple(service, RDF_TYPE, sd["Service"]),
        ox.Triple(service, sd["endpoint"], ox.NamedNode(endpoint)),
        ox.Triple(service, sd["supportedLanguage"], sd["SPARQL11Query"]),
        ox.Triple(service, sd["feature"], sd["UnionDefaultGraph"]),
    ]
    if federated:
        triples.append(ox.Triple(service, sd["feature"], sd["BasicFederatedQuery"]))
    if writable:
        triples.append(ox.Triple(service, sd["supportedLanguage"], sd["SPARQL11Update"]))
    if void is not None:
        dataset = ox.NamedNode(void + "#dataset")
        triples.append(ox.Triple(service, sd["defaultDataset"], dataset))
    result_formats: tuple[ox.QueryResultsFormat | ox.RdfFormat, ...] = (
        *RESULTS_FORMATS.values(),
        *GRAPH_FORMATS.values(),
    )
    triples += [
        ox.Triple(service, sd["resultFormat"], ox.NamedNode(fmt.iri)) for fmt in result_formats
    ]
    rdf_format = ox.RdfFormat.from_media_type(media_type)
    assert rdf_format is not None
    body = ox.serialize(triples, format=rdf_format, prefixes={"sd": SD})
    assert body is not None
    return body


def ui_build(config: ServerConfig) -> Path | None:
    """The YASGUI build folder scripts/bootstrap.sh installed, or None (plain form only)."""
    if config.ui_dir is None:
        return None
    build = config.ui_dir.resolve() / YASGUI_BUILD
    return build if (build / "yasgui.min.js").is_file() else None


def pages_blueprint(examples: tuple[Example, ...], config: ServerConfig) -> Blueprint:
    bp = Blueprint("pages", __name__)
    build = ui_build(config)

    @bp.route("/")
    def index() -> str:
        links = [
            (
                example,
                url_for("sparql.query", query=example.query),
                url_for("sparql.query", query=example.query, format="json"),
            )
            for example in examples
        ]
        ui_config = {
            "endpoint": url_for("sparql.query"),
            "prefixes": dict(sorted(PREFIXES.items())),
            "idBases": sorted(
                {config.iri_base + "id/", url_for("pages.index", _external=True) + "id/"}
            ),
        }
        return render_template(
            "index.html", examples=links, ui=build is not None, ui_config=ui_config
        )

    @bp.route("/ui/<path:name>")
    def ui_asset(name: str) -> Response:
        if build is None:
            abort(404)
        response = send_from_directory(build, name, max_age=3600)
        return response

    return bp
