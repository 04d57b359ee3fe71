"""The SHACL gate: a graph that violates a shape is reported in plain words and not loaded.

pySHACL flips rdflib's global literal handling while it runs, so it only ever runs in the
build process, never in a request handler.
"""

from __future__ import annotations

from functools import cache

import pyshacl
from rdflib import Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH
from rdflib.term import Node

from conflictkg.mapping.model import ValidationResult, Violation
from conflictkg.mapping.vocab import PREFIXES, ontology_graph
from conflictkg.paths import shapes_file


@cache
def class_hierarchy() -> tuple[tuple[Node, Node, Node], ...]:
    """The ontology's rdfs:subClassOf triples: all SHACL needs of it."""
    return tuple(ontology_graph().triples((None, RDFS.subClassOf, None)))


@cache
def shapes_graph() -> Graph:
    return Graph().parse(shapes_file(), format="turtle")


def validate(key: str, data: Graph) -> ValidationResult:
    """Check one document's (or curated file's) graph against the shapes.

    The class hierarchy is mixed into the graph so that ``sh:targetClass ck:Event`` reaches
    instances of its subclasses (SHACL follows rdfs:subClassOf in the data graph only). It is
    mixed in place and taken out again: cloning a large document graph costs more than the
    validation itself.
    """
    added = [t for t in class_hierarchy() if t not in data]
    for triple in added:
        data.add(triple)
    try:
        conforms, report, _text = pyshacl.validate(
            data,
            shacl_graph=shapes_graph(),
            inference="none",
            inplace=True,
            abort_on_first=False,
            allow_infos=True,
            allow_warnings=True,
        )
    finally:
        for triple in added:
            data.remove(triple)
    assert isinstance(report, Graph)
    return ValidationResult(key=key, conforms=bool(conforms), violations=_violations(report))


def _violations(report: Graph) -> tuple[Violation, ...]:
    found: list[Violation] = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        severity = report.value(result, SH.resultSeverity)
        if severity is not None and severity != SH.Violation:
            continue
        found.append(
            Violation(
                focus_node=_text(report.value(result, SH.focusNode)),
                shape=compact(_shape_name(report, report.value(result, SH.sourceShape))),
                path=_path(report, report.value(result, SH.resultPath)),
                message=_text(report.value(result, SH.resultMessage)) or "constraint violated",
            )
        )
    return tuple(sorted(found, key=lambda v: (v.focus_node, v.shape, v.path or "", v.message)))


def _shape_name(report: Graph, shape: object) -> str:
    """Property shapes are blank nodes: name the node shape that holds them instead."""
    if isinstance(shape, URIRef):
        return str(shape)
    shapes = shapes_graph()
    for parent in shapes.subjects(SH.property, shape):
        return str(parent)
    return "(anonymous shape)"


def _text(node: object) -> str:
    if node is None:
        return ""
    return str(node)


def compact(node: object) -> str:
    """``ck:date`` rather than the full IRI, for reports people read."""
    text = str(node)
    for prefix, ns in PREFIXES.items():
        if text.startswith(ns) and "/" not in text[len(ns) :]:
            return f"{prefix}:{text[len(ns) :]}"
    return text


def _path(report: Graph, node: object) -> str | None:
    """A result path in words; alternative paths (blank nodes) as ``a | b``."""
    if node is None:
        return None
    if isinstance(node, URIRef):
        return compact(node)
    for graph in (report, shapes_graph()):
        alternatives = graph.value(node, SH.alternativePath)  # type: ignore[arg-type]
        if alternatives is not None:
            return " | ".join(compact(n) for n in Collection(graph, alternatives))
    return "(a path expression)"
