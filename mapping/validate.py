"""The SHACL gate: a graph that violates a shape is reported in plain words and not loaded.

pySHACL flips rdflib's global literal handling while it runs, so it only ever runs in the
build process, never in a request handler.
"""

from __future__ import annotations

from functools import cache

import pyshacl
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SH

from conflictkg.mapping.model import ValidationResult, Violation
from conflictkg.mapping.vocab import ontology_graph
from conflictkg.paths import shapes_file


@cache
def shapes_graph() -> Graph:
    return Graph().parse(shapes_file(), format="turtle")


def validate(key: str, data: Graph) -> ValidationResult:
    """Check one document's (or curated file's) graph against the shapes.

    The ontology is mixed in so that ``sh:targetClass ck:Event`` reaches instances of its
    subclasses (SHACL follows rdfs:subClassOf in the data graph only).
    """
    conforms, report, _text = pyshacl.validate(
        data,
        shacl_graph=shapes_graph(),
        ont_graph=ontology_graph(),
        inference="none",
        abort_on_first=False,
        allow_infos=True,
        allow_warnings=True,
    )
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
                shape=_shape_name(report, report.value(result, SH.sourceShape)),
                path=_opt(report.value(result, SH.resultPath)),
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


def _opt(node: object) -> str | None:
    return None if node is None else str(node)
