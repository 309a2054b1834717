"""Canned Cypher queries."""
