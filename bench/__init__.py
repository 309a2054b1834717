"""Benchmarks and synthetic corpora for motesgraf (not installed; run from the repository root)."""
