"""Extraction: files in, plain serialisable records with character offsets out."""
