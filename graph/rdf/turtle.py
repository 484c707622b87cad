"""Turtle by Oxigraph's writer, made deterministic: prefixes sorted, a blank line between subjects.

Needs no rdflib: ``notekg query`` prints CONSTRUCT results with it, and :mod:`graph.rdf.write`
writes the Turtle export with it.

Examples
--------
>>> import pyoxigraph as ox
>>> paper = ox.NamedNode("https://w3id.org/notekg/id/paper/a")
>>> print(turtle_of_triples([ox.Triple(paper, ox.NamedNode(PREFIXES["nk"] + "rating"), ox.Literal(9))]), end="")
@prefix nk: <https://w3id.org/notekg/vocab#> .
<BLANKLINE>
<https://w3id.org/notekg/id/paper/a> nk:rating 9 .
"""

from __future__ import annotations

from typing import Any, Iterable

import pyoxigraph as ox

from graph.domain import PREFIXES

__all__ = ["turtle_of_triples"]


def _uses(text: str, name: str) -> bool:
    r"""Does ``text`` use the prefixed name ``name`` ("nk:"), not inside a word, an IRI or a string's start?

    What ``re.search(r'(?<![\w<"])nk:', text)`` finds, by ``str.find`` (a regular expression
    that starts with a look-behind tries every position of a large file; this jumps).

    >>> _uses('x a nk:Paper', 'nk:'), _uses('"nk:b" xnk:c <nk:d>', 'nk:')
    (True, False)
    """
    start = text.find(name)
    while start != -1:
        before = text[start - 1] if start else " "
        if not (before.isalnum() or before in '_<"'):
            return True
        start = text.find(name, start + 1)
    return False


def turtle_of_triples(triples: Iterable[Any]) -> str:
    """Turtle of Oxigraph triples with notekg's prefixes; only the prefixes used are declared."""
    text = bytes(ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES) or b"").decode("utf-8")
    lines = text.splitlines()
    prefixes = sorted(line for line in lines if line.startswith("@prefix"))  # the writer's order varies
    body: list[str] = []
    for line in lines:
        if line.startswith("@prefix"):
            continue
        if body and body[-1].endswith(" .") and not line.startswith(("\t", " ")):
            body.append("")  # a blank line between subjects
        body.append(line)
    text = "\n".join(body)
    used = [line for line in prefixes if _uses(text, line.split()[1])]
    return "\n".join(used + [""] + body) + "\n"
