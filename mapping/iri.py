"""The one place IRIs are minted. They derive from document keys and content only.

Nothing here depends on the host the server runs on: the server answers for an IRI by its
path (``/id/...``), whatever base it was minted with.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from rdflib import URIRef

BASE = "https://w3id.org/conflictkg/"
ID = BASE + "id/"
GRAPH = BASE + "graph/"

REFERENCE_GRAPH = URIRef(GRAPH + "reference")
MERGED_GRAPH = URIRef(GRAPH + "merged")  # prefix of the merged events' graphs
INFERRED_GRAPH = URIRef(GRAPH + "inferred")
ONTOLOGY_GRAPH = URIRef(GRAPH + "ontology")
BUILD_GRAPH = URIRef(GRAPH + "build")
GAZETTEER_SOURCE = URIRef(BASE + "source/gazetteer")

_SLUG_MAX = 60


def slug(text: str) -> str:
    """ASCII, lowercase, hyphen-separated; stable across runs and machines."""
    norm = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    norm = re.sub(r"[^A-Za-z0-9]+", "-", norm).strip("-").lower()
    return norm or "x"


def digest(*parts: object, length: int = 16) -> str:
    """A short stable hash of the parts (joined unambiguously)."""
    joined = "\x1f".join(str(p) for p in parts)
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()[:length]


def document_slug(key: str) -> str:
    """Readable and unique: a slug of the key, plus a hash when the slug had to be cut or lost
    characters (URLs, non-ASCII names)."""
    s = slug(key)
    if len(s) > _SLUG_MAX or s != key.lower():
        s = f"{s[:_SLUG_MAX].rstrip('-')}-{digest(key, length=10)}"
    return s


def entity_iri(entity_id: str) -> URIRef:
    """``place/mosul`` -> ``.../id/place/mosul``."""
    kind, _, name = entity_id.partition("/")
    return URIRef(f"{ID}{slug(kind)}/{slug(name)}")


def geometry_iri(entity_id: str) -> URIRef:
    return URIRef(str(entity_iri(entity_id)) + "/geometry")


def document_iri(key: str) -> URIRef:
    return URIRef(f"{ID}doc/{document_slug(key)}")


def document_graph(key: str) -> URIRef:
    return URIRef(f"{GRAPH}doc/{document_slug(key)}")


def merged_graph(node: URIRef) -> URIRef:
    """A merged event's or estimate's own graph: ``id/merged/x`` -> ``graph/merged/x``,
    ``id/estimate/x`` -> ``graph/merged/estimate/x``."""
    rest = node.removeprefix(ID)
    return URIRef(f"{MERGED_GRAPH}/{rest.removeprefix('merged/')}")


def inferred_graph(graph: URIRef) -> URIRef:
    """Where the consequences of one graph's own triples go (``reason.document_inference``):
    ``graph/doc/x`` -> ``graph/inferred/doc/x``. Every inferred graph's IRI starts with
    ``INFERRED_GRAPH``."""
    return URIRef(f"{INFERRED_GRAPH}/{graph.removeprefix(GRAPH)}")


def is_data_graph(name: str) -> bool:
    """What documents, merge and gazetteer assert: not inferred, not the ontology, not the
    build graph (reasoning's own input, e.g. to compare with owlrl)."""
    return not is_inferred_graph(name) and name not in (str(ONTOLOGY_GRAPH), str(BUILD_GRAPH))


def is_inferred_graph(name: str) -> bool:
    """``graph/inferred`` (what needs several graphs) or one graph's ``graph/inferred/...``."""
    return name == str(INFERRED_GRAPH) or name.startswith(f"{INFERRED_GRAPH}/")


def event_iri(key: str, event_type: str, start: int, end: int, trigger: str) -> URIRef:
    return URIRef(f"{ID}event/{digest(key, event_type, start, end, trigger)}")


def evidence_iri(key: str, start: int, end: int) -> URIRef:
    return URIRef(f"{ID}evidence/{digest(key, start, end)}")


def claim_iri(key: str, counted: str, start: int, end: int) -> URIRef:
    return URIRef(f"{ID}claim/{digest(key, counted, start, end)}")


def quotation_iri(key: str, person_id: str, start: int) -> URIRef:
    return URIRef(f"{ID}quotation/{digest(key, person_id, start)}")


def estimate_iri(counted: str, *parts: object) -> URIRef:
    return URIRef(f"{ID}estimate/{digest(counted, *parts)}")


def merged_event_iri(*parts: object) -> URIRef:
    """A merged event's IRI: a digest of what identifies it, never of build order."""
    return URIRef(f"{ID}merged/{digest(*parts)}")


def publisher_id(name: str) -> str:
    return f"publisher/{slug(name)}"


def entity_id_of(node: object) -> str | None:
    """The entity id (``place/mosul``) an entity IRI was minted from, or None."""
    text = str(node)
    if not text.startswith(ID):
        return None
    rest = text[len(ID) :]
    return rest if rest.count("/") == 1 else None
