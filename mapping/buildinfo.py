"""The build graph: when, with which versions, and what came of each input.

The only graph that holds timestamps: data graphs stay byte-identical across rebuilds.
"""

from __future__ import annotations

import datetime as dt
import importlib.metadata
from typing import TYPE_CHECKING

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from conflictkg.mapping import iri
from conflictkg.mapping.vocab import PROV

if TYPE_CHECKING:
    from conflictkg.mapping.pipeline import BuildSummary

_LIBS = ("rdflib", "owlrl", "pyshacl", "pyoxigraph", "trafilatura", "ftfy", "pysbd")


def build_graph(summary: BuildSummary, version: str) -> Graph:
    g = Graph(identifier=iri.BUILD_GRAPH)
    b = URIRef(f"{iri.BASE}build/{summary.generation}")
    ns = iri.BASE + "build#"
    g.add((b, RDF.type, PROV.Activity))
    g.add((b, RDFS.label, Literal(f"conflictkg build {summary.generation}")))
    g.add(
        (
            b,
            PROV.endedAtTime,
            Literal(dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), datatype=XSD.dateTime),
        )
    )
    g.add((b, URIRef(ns + "conflictkgVersion"), Literal(version)))
    for lib in _LIBS:
        try:
            g.add(
                (
                    b,
                    URIRef(ns + "libraryVersion"),
                    Literal(f"{lib} {importlib.metadata.version(lib)}"),
                )
            )
        except importlib.metadata.PackageNotFoundError:
            continue
    g.add((b, URIRef(ns + "documentsRead"), Literal(len(summary.outcomes))))
    g.add((b, URIRef(ns + "documentsBuilt"), Literal(len(summary.built))))
    g.add((b, URIRef(ns + "events"), Literal(summary.events)))
    g.add((b, URIRef(ns + "triplesAsserted"), Literal(summary.triples_asserted)))
    g.add((b, URIRef(ns + "triplesInferred"), Literal(summary.triples_inferred)))
    for stage, secs in summary.seconds.items():
        g.add((b, URIRef(ns + "seconds_" + stage), Literal(round(secs, 4))))
    for o in summary.problems:
        g.add((b, URIRef(ns + "problem"), Literal(f"{o.key} [{o.status}]: {o.message}")))
    return g
