"""Views: projections of the RDF graph — networkx, the page, SPARQL, exports, show, stats."""
