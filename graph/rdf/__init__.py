"""RDF: facts → quads, the ontology, and reading and writing RDF."""
