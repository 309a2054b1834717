"""`motesgraf report` reads only through the store interface, so Neo4j and the embedded store give the same pages."""

import re

import pytest

from motesgraf.graph.build import build
from motesgraf.graph.store import open_store
from motesgraf.visualisations.network_data import GraphSnapshot, all_views
from motesgraf.visualisations.report import write_report


@pytest.fixture(scope="module")
def stores(shared_dir, tmp_path_factory, neo4j_uri):
    with open_store("embedded", data_dir=tmp_path_factory.mktemp("data")) as embedded, \
            open_store("neo4j", uri=neo4j_uri) as neo4j:
        neo4j.run("MATCH (n) DETACH DELETE n", read_only=False)
        for store in (embedded, neo4j):
            build([shared_dir / "samples"], store)
        yield embedded, neo4j


def test_both_backends_give_the_same_views(stores):
    embedded, neo4j = (all_views(GraphSnapshot.read(store)) for store in stores)
    summary = [(v.name, sorted(n.id for n in v.nodes), len(v.edges)) for v in embedded]
    assert summary == [(v.name, sorted(n.id for n in v.nodes), len(v.edges)) for v in neo4j]
    assert any(len(nodes) > 20 for _, nodes, _ in summary)


def test_report_from_neo4j(stores, tmp_path):
    pages = write_report(stores[1], tmp_path / "report")
    names = sorted(p.name for p in pages)
    assert names == ["actors.html", "co-attendance.html", "ego.html", "index.html", "meeting.html", "recurrence.html"]
    index = (tmp_path / "report" / "index.html").read_text(encoding="utf-8")
    assert re.search(r"Person\s+28", index)
