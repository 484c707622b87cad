"""The files notekg reads and writes: where by default, and in which formats (by name and suffix).

Plain Python, so the command line can list the choices without loading rdflib or networkx.

Examples
--------
>>> RDF_FILES[".nq"].rdflib, RDF_FILES[".nq"].oxigraph
('nquads', 'N_QUADS')
>>> EXPORT_FORMATS[:3], NETWORK_FORMATS[-1]
(('ttl', 'nt', 'nq'), 'html')
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "DEFAULT_NOTES",
    "DEFAULT_OUTPUT",
    "DEFAULT_GRAPH",
    "RdfFormat",
    "RDF_FILES",
    "RDF_FORMATS",
    "NETWORK_FORMATS",
    "EXPORT_FORMATS",
    "RESULT_FORMATS",
]

#: Where notes are read from when no path is given.
DEFAULT_NOTES = Path("notes")

#: Where ``notekg build`` writes graph.ttl, graph.nq and graph.html.
DEFAULT_OUTPUT = Path("exports")

#: The built graph every other command reads by default.
DEFAULT_GRAPH = DEFAULT_OUTPUT / "graph.nq"


@dataclass(frozen=True)
class RdfFormat:
    """An RDF syntax: rdflib's name for it, pyoxigraph's ``RdfFormat`` member, and whether it
    keeps named graphs."""

    rdflib: str
    oxigraph: str
    named_graphs: bool


_NQUADS = RdfFormat("nquads", "N_QUADS", True)
_TRIG = RdfFormat("trig", "TRIG", True)
_TURTLE = RdfFormat("turtle", "TURTLE", False)
_NTRIPLES = RdfFormat("nt", "N_TRIPLES", False)
_JSONLD = RdfFormat("json-ld", "JSON_LD", True)
_XML = RdfFormat("xml", "RDF_XML", False)

#: RDF files notekg reads (a built graph for every command), by suffix.
RDF_FILES: dict[str, RdfFormat] = {
    ".nq": _NQUADS,
    ".trig": _TRIG,
    ".ttl": _TURTLE,
    ".nt": _NTRIPLES,
    ".jsonld": _JSONLD,
    ".rdf": _XML,
    ".owl": _XML,
}

#: RDF serialisations of ``notekg export``, by ``--format`` name.
RDF_FORMATS: dict[str, RdfFormat] = {
    "ttl": _TURTLE,
    "nt": _NTRIPLES,
    "nq": _NQUADS,
    "trig": _TRIG,
    "jsonld": _JSONLD,
    "xml": _XML,
}

#: Formats written from the networkx view (graph files and the HTML page).
NETWORK_FORMATS: tuple[str, ...] = ("graphml", "gexf", "json", "csv", "html")

#: Every format ``notekg export --format`` accepts.
EXPORT_FORMATS: tuple[str, ...] = tuple(RDF_FORMATS) + NETWORK_FORMATS

#: Formats of SPARQL results (``notekg query --format``).
RESULT_FORMATS: tuple[str, ...] = ("table", "csv", "tsv", "json", "md")
