"""Shared fixtures: the real sample notes and gold annotations beside the repository, and one extractor."""

from pathlib import Path

import pytest

from motesgraf.extraction.pipeline import Extractor

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
FIXTURE_NOTES = REPO / "tests" / "fixtures" / "notes"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not (SHARED / "samples").is_dir() or not (SHARED / "gold").is_dir():
        pytest.fail(f"the sample notes and gold annotations are expected at {SHARED} (samples/, gold/)")
    return SHARED


@pytest.fixture(scope="session")
def extractor() -> Extractor:
    return Extractor()


from neo4j_fixture import free_port, neo4j_uri  # noqa: E402,F401  (a real Neo4j for every test that asks)
