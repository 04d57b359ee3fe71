"""Linked data: ``/id/...`` resolves every entity IRI on this server, whatever its base.

``GET /id/place/mosul`` describes ``<{iri_base}id/place/mosul>`` (or, failing that, the IRI
with this server's own base): HTML for browsers, Turtle / N-Triples / RDF/XML / JSON-LD by
``Accept``, or by URL: ``?format=ttl|nt|rdf|jsonld|html`` or the suffix ``.ttl .nt .rdf
.jsonld .html``. JSON-LD uses the context published at ``/context.jsonld``. An IRI a
previous build served but the current one lacks is 410 Gone; one merged into another of ours
(only ``owl:sameAs`` / ``ck:mergedInto`` left) is 301 to it.
"""

from __future__ import annotations

import json

import pyoxigraph as ox
from flask import Blueprint, Response, redirect, render_template, request, url_for
from werkzeug.exceptions import Gone, NotFound

from conflictkg.mapping.store import StoreLayout
from conflictkg.mapping.vocab import PREFIXES
from conflictkg.server import conneg
from conflictkg.server.config import ServerConfig
from conflictkg.server.entity import EntityJob, EntityPage, Missing, Term
from conflictkg.server.errors import NotAcceptable
from conflictkg.server.execute import QueryAnswer
from conflictkg.server.sparql import answer_response, ensure_built, raise_failure
from conflictkg.server.workers import WorkerPool

SUFFIXES = {".ttl": "turtle", ".nt": "ntriples", ".rdf": "rdfxml", ".jsonld": "jsonld"}
SUFFIXES[".html"] = "html"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def context_document() -> dict[str, object]:
    return {"@context": {name: iri for name, iri in sorted(PREFIXES.items())}}


def _compact(iri: str) -> str:
    for name, base in PREFIXES.items():
        if iri.startswith(base) and iri != base:
            local = iri[len(base) :]
            if local.replace("_", "").replace("-", "").isalnum():
                return f"{name}:{local}"
    return iri


def jsonld(triples: list[ox.Triple], context_url: str) -> bytes:
    """Compact JSON-LD: prefixed names from the published context, one node per subject."""
    nodes: dict[str, dict[str, object]] = {}
    for t in triples:
        subject = t.subject.value if isinstance(t.subject, ox.NamedNode) else str(t.subject)
        node = nodes.setdefault(subject, {"@id": _compact(subject)})
        predicate = t.predicate.value
        obj = t.object
        if predicate == RDF_TYPE and isinstance(obj, ox.NamedNode):
            node.setdefault("@type", []).append(_compact(obj.value))  # type: ignore[union-attr]
            continue
        value: dict[str, str]
        if isinstance(obj, ox.NamedNode):
            value = {"@id": _compact(obj.value)}
        elif isinstance(obj, ox.Literal):
            value = {"@value": obj.value}
            if obj.language:
                value["@language"] = obj.language
            elif obj.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
                value["@type"] = _compact(obj.datatype.value)
        else:
            value = {"@id": str(obj)}
        node.setdefault(_compact(predicate), []).append(value)  # type: ignore[union-attr]
    document = {"@context": context_url, "@graph": [nodes[k] for k in sorted(nodes)]}
    return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")


def ld_blueprint(config: ServerConfig, pool: WorkerPool) -> Blueprint:
    bp = Blueprint("ld", __name__)
    id_prefix = config.iri_base + "id/"

    def local(iri: str) -> str | None:
        """This server's path for one of our IRIs (for links), or None."""
        for base in (id_prefix, request.host_url + "id/"):
            if iri.startswith(base):
                return "/id/" + iri[len(base) :]
        return None

    def run(job: EntityJob) -> EntityPage | Missing | QueryAnswer:
        ensure_built(config)
        outcome = pool.run(job, config.query_timeout)
        if not isinstance(outcome, EntityPage | Missing | QueryAnswer):
            raise_failure(outcome)
        return outcome  # type: ignore[no-any-return]

    @bp.route("/context.jsonld")
    def context() -> Response:
        response = Response(
            json.dumps(context_document(), indent=1), mimetype="application/ld+json"
        )
        response.headers["Cache-Control"] = "public, max-age=86400"
        return response

    @bp.route("/id/<path:rest>")
    def entity(rest: str) -> Response:
        fmt_name = request.args.get("format")
        for suffix, name in SUFFIXES.items():
            if rest.endswith(suffix):
                rest, fmt_name = rest[: -len(suffix)], name
                break
        fmt = conneg.negotiate(
            conneg.GRAPH_FORMATS, request.headers.get("Accept"), fmt_name, html=True
        )
        if fmt is None and fmt_name in ("html", "text/html"):
            fmt = conneg.HTML
        if fmt is None:
            raise NotAcceptable(
                "offered: text/html (format=html), " + conneg.describe(conneg.GRAPH_FORMATS)
            )
        page = max(1, request.args.get("page", 1, type=int) or 1)
        wanted = None if fmt is conneg.HTML else fmt.media_type
        if wanted == "application/ld+json":
            wanted = "application/n-triples"
        outcome: EntityPage | Missing | QueryAnswer = Missing()
        for base in dict.fromkeys((id_prefix, request.host_url + "id/")):
            outcome = run(
                EntityJob(base + rest, id_prefix, page, config.page_size, wanted, config.row_cap)
            )
            if not isinstance(outcome, Missing) or outcome.redirect:
                break
        if isinstance(outcome, Missing):
            if outcome.redirect:
                target = local(outcome.redirect) or outcome.redirect
                return redirect(target, 301)  # type: ignore[return-value]
            if StoreLayout(config.store_dir).was_served(id_prefix + rest):
                raise Gone(f"<{id_prefix}{rest}> was retired by a rebuild of the graph")
            raise NotFound(f"no entity <{id_prefix}{rest}> in the graph")
        if isinstance(outcome, QueryAnswer):
            if fmt.media_type == "application/ld+json":
                triples = [q.triple for q in ox.parse(outcome.body, ox.RdfFormat.N_TRIPLES)]
                body = jsonld(triples, url_for("ld.context", _external=True))
                outcome = QueryAnswer(body, fmt.media_type, outcome.generation, outcome.rows)
            response = answer_response(outcome)
            response.headers["Link"] = f'<{request.base_url}>; rel="describedby"'
            return response
        html = render_template(
            "entity.html",
            page=outcome,
            number=page,
            size=config.page_size,
            local=local,
            term_href=lambda t: _href(t, local),
            formats=(
                ("ttl", "Turtle"),
                ("nt", "N-Triples"),
                ("jsonld", "JSON-LD"),
                ("rdf", "RDF/XML"),
            ),
        )
        response = Response(html, mimetype="text/html")
        response.headers["Vary"] = "Accept"
        return response

    return bp


def _href(term: Term, local: object) -> str | None:
    if not term.is_iri:
        return None
    return local(term.value) or term.value  # type: ignore[operator]
