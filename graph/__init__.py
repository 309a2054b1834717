"""Graph model and stores (embedded and Neo4j)."""
