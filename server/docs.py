"""The ontology and the shapes at their namespace IRIs: readable HTML, or RDF by ``Accept``.

``https://w3id.org/conflictkg/ontology#Capture`` resolves to ``/ontology`` (the fragment is
an anchor on the page); ``/shapes`` likewise. RDF formats are those of the SPARQL endpoint,
also by ``?format=`` or a suffix (``/ontology.ttl``).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pyoxigraph as ox
from flask import Blueprint, Response, render_template, request

from conflictkg.mapping.vocab import PREFIXES
from conflictkg.paths import ontology_file, shapes_file
from conflictkg.server import conneg
from conflictkg.server.errors import NotAcceptable

RDFS = "http://www.w3.org/2000/01/rdf-schema#"
LABELS = (
    RDFS + "label",
    "http://www.w3.org/2004/02/skos/core#prefLabel",
    "http://www.w3.org/ns/shacl#name",
)
COMMENTS = (
    RDFS + "comment",
    "http://www.w3.org/ns/shacl#description",
    "http://purl.org/dc/terms/description",
)
SUFFIXES = {".ttl": "turtle", ".nt": "ntriples", ".rdf": "rdfxml", ".jsonld": "jsonld"}


@dataclass(frozen=True)
class Value:
    text: str
    href: str | None


@dataclass(frozen=True)
class Entry:
    """One documented term: anchor, label, comment and its other statements."""

    iri: str
    anchor: str
    label: str
    comment: str
    facts: tuple[tuple[str, tuple[Value, ...]], ...]


SHORT = {**PREFIXES, "sh": "http://www.w3.org/ns/shacl#"}


def _short(iri: str) -> str:
    for name, base in sorted(SHORT.items(), key=lambda item: -len(item[1])):
        if iri.startswith(base) and iri != base:
            return f"{name}:{iri[len(base) :]}"
    return iri


def _summary(node: ox.BlankNode, blanks: dict[str, list[ox.Quad]]) -> str:
    """A blank node (a SHACL property shape, a restriction) as one line of its statements."""
    parts = []
    for q in blanks.get(str(node), []):
        obj = q.object
        text = (
            _short(obj.value)
            if isinstance(obj, ox.NamedNode)
            else (obj.value if isinstance(obj, ox.Literal) else "[...]")
        )
        parts.append(f"{_short(q.predicate.value)} {text}")
    return "[ " + " ; ".join(parts) + " ]" if parts else "(anonymous)"


def _value(term: object, namespace: str, blanks: dict[str, list[ox.Quad]]) -> Value:
    if isinstance(term, ox.BlankNode):
        return Value(_summary(term, blanks), None)
    if isinstance(term, ox.NamedNode):
        href = (
            "#" + term.value[len(namespace) :] if term.value.startswith(namespace) else term.value
        )
        return Value(_short(term.value), href)
    if isinstance(term, ox.Literal):
        return Value(term.value, None)
    return Value("(anonymous)", None)


@cache
def entries(path: Path, namespace: str) -> tuple[Entry, ...]:
    """Every term of ``namespace`` the file describes, in IRI order."""
    by_subject: dict[str, list[ox.Quad]] = defaultdict(list)
    blanks: dict[str, list[ox.Quad]] = defaultdict(list)
    for quad in ox.parse(path=path, format=ox.RdfFormat.TURTLE):
        if isinstance(quad.subject, ox.BlankNode):
            blanks[str(quad.subject)].append(quad)
        elif quad.subject.value.startswith(namespace):  # type: ignore[union-attr]
            by_subject[quad.subject.value].append(quad)  # type: ignore[union-attr]
    out = []
    for iri in sorted(by_subject):
        quads = by_subject[iri]
        label = next((q.object.value for q in quads if q.predicate.value in LABELS), "")
        comment = next((q.object.value for q in quads if q.predicate.value in COMMENTS), "")
        facts: dict[str, list[Value]] = defaultdict(list)
        for q in quads:
            if q.predicate.value not in (*LABELS, *COMMENTS):
                facts[_short(q.predicate.value)].append(_value(q.object, namespace, blanks))
        out.append(
            Entry(
                iri,
                iri[len(namespace) :],
                label,
                comment,
                tuple((p, tuple(v)) for p, v in sorted(facts.items())),
            )
        )
    return tuple(out)


def _document(title: str, path: Path, namespace: str, suffix: str) -> Response:
    fmt_name = request.args.get("format") or SUFFIXES.get(suffix)
    fmt = conneg.negotiate(conneg.GRAPH_FORMATS, request.headers.get("Accept"), fmt_name, html=True)
    if fmt is None and fmt_name == "html":
        fmt = conneg.HTML
    if fmt is None:
        raise NotAcceptable("offered: text/html, " + conneg.describe(conneg.GRAPH_FORMATS))
    if fmt is conneg.HTML:
        html = render_template(
            "docs.html", title=title, namespace=namespace, entries=entries(path, namespace)
        )
        response = Response(html, mimetype="text/html")
    elif fmt.media_type == "text/turtle":
        response = Response(path.read_bytes(), mimetype="text/turtle")
    else:
        quads = ox.parse(path=path, format=ox.RdfFormat.TURTLE)
        rdf_format = ox.RdfFormat.from_media_type(fmt.media_type)
        body = ox.serialize((q.triple for q in quads), format=rdf_format)  # type: ignore[arg-type]
        response = Response(body, mimetype=fmt.media_type)
    response.headers["Vary"] = "Accept"
    return response


def docs_blueprint() -> Blueprint:
    bp = Blueprint("docs", __name__)

    @bp.route("/ontology")
    @bp.route("/ontology<any('.ttl','.nt','.rdf','.jsonld'):suffix>")
    def ontology(suffix: str = "") -> Response:
        return _document("The conflictkg ontology", ontology_file(), PREFIXES["ck"], suffix)

    @bp.route("/shapes")
    @bp.route("/shapes<any('.ttl','.nt','.rdf','.jsonld'):suffix>")
    def shapes(suffix: str = "") -> Response:
        return _document("The conflictkg shapes", shapes_file(), PREFIXES["cks"], suffix)

    return bp
