"""Generate a synthetic notekg RDF graph of a given size, following ``docs/data-model.md``.

Papers (about 82% of the nodes) sit in a three-level topic tree and use techniques, address
tasks and are evaluated on datasets, each relation with a reified ``nk:Evidence`` statement;
techniques have broader techniques. About two edges per node, like real notes.

Usage::

    .venv/bin/python bench/gen_graph.py 5000 -o bench/out/g5000.nq

or from Python: ``generate_dataset(5000, seed=0)`` returns an ``rdflib.Dataset``.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

from rdflib import XSD, Dataset, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from graph.vocab import NK, SCHEMA  # noqa: E402

__all__ = ["generate_dataset"]

ID = Namespace("https://w3id.org/notekg/id/")
WORDS = (
    "adaptive attention boundary cascade context dense dynamic efficient feature gated global "
    "graph hierarchical implicit latent local multi neural octave pyramid quantized recurrent "
    "residual scale sparse spectral temporal transformer unsupervised variational wavelet"
).split()


def _name(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize()


def generate_dataset(n_nodes: int, seed: int = 0) -> Dataset:
    """An RDF Dataset of about ``n_nodes`` projected nodes and ``2 * n_nodes`` edges."""
    rng = random.Random(seed)
    ds = Dataset(default_union=True)
    notes = ID["notes/generated"]
    g = ds.graph(notes)
    quads: list[tuple[URIRef, URIRef, object, object]] = []

    def add(s: URIRef, p: URIRef, o: object) -> None:
        quads.append((s, p, o, g))

    n_topics = max(3, n_nodes * 6 // 100)
    n_tech = max(2, n_nodes * 8 // 100)
    n_tasks = max(1, n_nodes * 2 // 100)
    n_data = max(1, n_nodes * 2 // 100)
    n_papers = max(1, n_nodes - n_topics - n_tech - n_tasks - n_data)

    topics = []
    for i in range(n_topics):
        t = ID[f"topic/t{i}"]
        label = f"{_name(rng, 2)} {i}"
        add(t, RDF.type, NK.Topic)
        add(t, SKOS.prefLabel, Literal(label))
        add(t, RDFS.label, Literal(label))
        add(t, NK.sourceLine, Literal(i + 1, datatype=XSD.integer))
        if i >= 5:
            add(t, SKOS.broader, topics[rng.randrange(max(1, i // 3))])
        topics.append(t)

    concepts: dict[str, list[URIRef]] = {}
    for kind, cls, count in (("tech", NK.Technique, n_tech), ("task", NK.Task, n_tasks), ("data", NK.Dataset, n_data)):
        items = []
        for i in range(count):
            c = ID[f"concept/{kind}{i}"]
            label = f"{_name(rng, 2)} {kind} {i}"
            add(c, RDF.type, cls)
            add(c, SKOS.prefLabel, Literal(label))
            add(c, RDFS.label, Literal(label))
            add(c, SKOS.altLabel, Literal(f"{kind}{i}"))
            if kind == "tech" and i >= 5 and rng.random() < 0.5:
                add(c, SKOS.broader, items[rng.randrange(i // 2)])
            items.append(c)
        concepts[kind] = items

    line = n_topics + 1
    for i in range(n_papers):
        p = ID[f"paper/p{i}"]
        title = f"{_name(rng, 1).upper()}{i}: {_name(rng, 5)}"
        line += 1
        add(p, RDF.type, NK.Paper)
        add(p, RDFS.label, Literal(title))
        add(p, DCTERMS.title, Literal(title))
        add(p, NK.shortName, Literal(title.split(":")[0]))
        add(p, SKOS.altLabel, Literal(title.split(":")[0]))
        add(p, NK.sourceLine, Literal(line, datatype=XSD.integer))
        add(p, PROV.wasDerivedFrom, notes)
        add(p, SCHEMA.url, URIRef(f"https://arxiv.org/abs/1900.{i:05d}"))
        if rng.random() < 0.8:
            add(p, NK.rating, Literal(rng.randint(1, 10), datatype=XSD.integer))
            add(p, NK.tldr, Literal(_name(rng, 8)))
        for t in {rng.choice(topics) for _ in range(1 if rng.random() < 0.9 else 2)}:
            add(p, DCTERMS.subject, t)
        targets = [(NK.uses, c) for c in {rng.choice(concepts["tech"]) for _ in range(rng.randint(1, 2))}]
        if rng.random() < 0.2:
            targets.append((NK.addresses, rng.choice(concepts["task"])))
        if rng.random() < 0.1:
            targets.append((NK.evaluatedOn, rng.choice(concepts["data"])))
        for pred, obj in targets:
            add(p, pred, obj)
            ev = ID[f"evidence/p{i}-{str(obj).rsplit('/', 1)[-1]}"]
            add(ev, RDF.type, RDF.Statement)
            add(ev, RDF.type, NK.Evidence)
            add(ev, RDF.subject, p)
            add(ev, RDF.predicate, pred)
            add(ev, RDF.object, obj)
            add(ev, NK.quote, Literal(f"{pred.split('#')[-1]} {_name(rng, 2).lower()}"))
            add(ev, NK.rule, Literal("generated"))
            add(ev, NK.field, Literal("tldr"))
            add(ev, NK.sourceLine, Literal(line, datatype=XSD.integer))
            add(ev, PROV.wasDerivedFrom, notes)
    ds.addN(quads)  # type: ignore[arg-type]
    return ds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("nodes", type=int)
    parser.add_argument("-o", "--output", type=Path, required=True, help="N-Quads file to write")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    args.output.parent.mkdir(parents=True, exist_ok=True)
    generate_dataset(args.nodes, args.seed).serialize(args.output, format="nquads")


if __name__ == "__main__":
    main()
