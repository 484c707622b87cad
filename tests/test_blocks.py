"""The triple count of a graph kept as N-Quads blocks equals the size of the blocks' union."""

from __future__ import annotations

import random

from graph.rdf.blocks import BlockFile, block_index, union_count, union_lines
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


def test_the_triple_count_of_blocks_kept_in_files_is_that_of_their_text(tmp_path):
    # Blocks in files are searched by halving for a subject's lines: subjects that begin
    # others' text (_:b1, _:b10), runs at a file's start and end, a block after a header.
    rng = random.Random(11)
    subjects = ["_:b1", "_:b10", "_:b2", "<urn:s1>", "<urn:s1x>", "<urn:é>", "<urn:s2>"]
    for run in range(200):
        texts, files = {}, {}
        for number, graph in enumerate(["", "<urn:g1>", "<urn:g2>", "<urn:g3>"]):
            triples = {(rng.choice(subjects), f"<urn:p{rng.randrange(3)}>", f'"{rng.randrange(3)}"')
                       for _ in range(rng.randrange(15))}
            texts[graph] = "".join(statement_lines(graph, list(triples)))
            header = "a header line\n".encode() * rng.randrange(2)
            path = tmp_path / f"{run}-{number}.nq"
            path.write_bytes(header + texts[graph].encode("utf-8"))
            files[graph] = BlockFile(str(path), start=len(header))
        assert union_count(files) == union_count(texts) == len(union_lines(texts)) == len(union_lines(files))
