"""The HTTP face of Hadath: SPARQL endpoint, graph store, linked data, ingestion."""
