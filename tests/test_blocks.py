"""The triple count of a graph kept as N-Quads blocks equals the size of the blocks' union."""

from __future__ import annotations

import random

from graph.rdf.blocks import block_index, union_count, union_lines
from graph.rdf.term_text import statement_lines


def test_the_triple_count_from_block_indexes_is_the_union_of_the_lines():
    rng = random.Random(7)
    graphs = ["", "<urn:g1>", "<urn:g2>", "<urn:g3>"]
    for _ in range(300):
        blocks = {}
        for graph in graphs:
            # few subjects, predicates and objects: the same triple often said in several graphs,
            # and objects that look like a line's end (the graph IRI, a literal holding it)
            triples = {(f"<urn:s{rng.randrange(6)}>", f"<urn:p{rng.randrange(3)}>",
                        rng.choice([f"<urn:o{rng.randrange(4)}>", '"x <urn:g1> ."', "<urn:g1>", "_:b1"]))
                       for _ in range(rng.randrange(12))}
            blocks[graph] = "".join(statement_lines(graph, list(triples)))
        known = {graph: block_index(block) for graph, block in blocks.items() if rng.random() < 0.5}
        assert union_count(blocks, known) == len(union_lines(blocks)) == union_count(blocks)
