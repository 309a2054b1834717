"""The embedded store (LadybugDB): building from notes, incremental rebuilds, pruning, read-only queries,
persistence and exports."""

import csv
import json
import shutil

import networkx as nx
import pytest

from conftest import FIXTURE_NOTES
from motesgraf.graph.build import build
from motesgraf.graph.export import export, read_nodes, read_relationships, to_networkx
from motesgraf.graph.model import RELATIONSHIPS, record_to_rows, stored_properties
from motesgraf.graph.store import ReadOnlyViolation, open_store


@pytest.fixture
def notes(tmp_path, shared_dir):
    folder = tmp_path / "notes"
    folder.mkdir()
    for path in sorted((shared_dir / "samples").glob("*.txt")):
        shutil.copy(path, folder / path.name)
    for name in ("05_flat_kommundirektorer_umearegionen_december.txt", "13_dua_umea_vannas_nordmaling_2021.txt"):
        shutil.copy(FIXTURE_NOTES / name, folder / name)
    return folder


@pytest.fixture
def store(tmp_path):
    with open_store("embedded", data_dir=tmp_path / "data") as opened:
        yield opened


def _people(store):
    return {row["name"] for row in store.run("MATCH (p:Person) RETURN p.name AS name")}


def test_build_stores_every_document_and_shares_entities(store, notes):
    report = build([notes], store)
    assert (report.added, report.failed) == (4, [])
    stats = store.stats()
    assert stats.nodes["Document"] == stats.nodes["Meeting"] == 4
    # Joakim Valtin attends both sample meetings, for two municipalities: one person, two ATTENDED, two REPRESENTS.
    rows = store.run("MATCH (p:Person {name: $name})-[r:REPRESENTS]->(m:Municipality) RETURN m.name AS place ORDER BY place",
                     {"name": "Joakim Valtin"})
    assert [r["place"] for r in rows] == ["Ale", "Lilla Edet"]
    assert len(_people(store)) == stats.nodes["Person"]
    # Ulla-Britt Öhman is in two fixture notes: one node.
    assert store.run("MATCH (p:Person {name: 'Ulla-Britt Öhman'})-[:ATTENDED]->(m) RETURN count(m) AS n")[0]["n"] == 2


def test_every_relationship_carries_method_meeting_and_evidence(store, notes):
    build([notes], store)
    for relationship in read_relationships(store):
        assert relationship["method"] in {"structure", "rule", "inferred"}
        assert relationship["meeting"].startswith("meeting:")
        if relationship["type"] != "FROM_DOCUMENT":
            assert relationship["evidence"] and relationship["span_end"] > relationship["span_start"]


def test_rebuild_changes_nothing(store, notes):
    build([notes], store)
    before = (store.stats(), read_nodes(store), read_relationships(store))
    report = build([notes], store)
    assert (report.added, report.changed, report.unchanged) == (0, 0, 4)
    assert (store.stats(), read_nodes(store), read_relationships(store)) == before


def test_editing_one_note_replaces_only_its_facts(store, notes):
    build([notes], store)
    before = read_relationships(store)
    sample = notes / "000_c362ad140e95039c.txt"
    sample.write_text(sample.read_text(encoding="utf-8").replace("Roger Mörtvik", "Rut Mörtvik"), encoding="utf-8")
    report = build([notes], store)
    assert (report.changed, report.unchanged) == (1, 3)
    after = read_relationships(store)
    edited = {r["meeting"] for r in after} ^ set()  # all meetings
    changed_meetings = {r["meeting"] for r in before if r not in after} | {r["meeting"] for r in after if r not in before}
    assert len(changed_meetings) == 1 and changed_meetings <= edited
    assert "Rut Mörtvik" in _people(store) and "Roger Mörtvik" not in _people(store)


def test_prune_removes_vanished_documents_and_unsupported_entities(store, notes):
    build([notes], store)
    (notes / "13_dua_umea_vannas_nordmaling_2021.txt").unlink()
    report = build([notes], store)
    assert report.removed == 0  # without --prune nothing is removed
    report = build([notes], store, prune=True)
    assert report.removed == 1
    assert store.stats().nodes["Document"] == 3
    people = _people(store)
    assert "Abdirahman Yusuf" not in people  # only that note named him
    assert "Ulla-Britt Öhman" in people  # still in the Umeåregionen note


def test_queries_run_read_only_unless_asked(store, notes):
    build([notes], store)
    for cypher in ["MATCH (p:Person) SET p.name = 'x' RETURN p", "MATCH (p:Person) DETACH DELETE p",
                   "CREATE (t:Topic {key: 'topic:x', name: 'x'})", "MERGE (t:Topic {key: 'topic:y'})",
                   "MATCH (p:Person) RETURN p.name; MATCH (n) DETACH DELETE n"]:
        with pytest.raises(ReadOnlyViolation):
            store.run(cypher)
    count = store.stats().nodes["Person"]
    assert store.run("MATCH (p:Person) WHERE p.name = $name RETURN count(p) AS n", {"name": "x' OR 1=1 //"})[0]["n"] == 0
    store.run("CREATE (t:Topic {key: 'topic:ad-hoc', name: 'Ad hoc'})", read_only=False)
    assert store.stats().nodes["Person"] == count
    assert store.run("MATCH (t:Topic {key: 'topic:ad-hoc'}) RETURN t.name AS name") == [{"name": "Ad hoc"}]


def test_data_survives_reopening(tmp_path, notes):
    with open_store("embedded", data_dir=tmp_path / "data") as first:
        build([notes], first)
        stats = first.stats()
    with open_store("embedded", data_dir=tmp_path / "data") as second:
        assert second.stats() == stats


def test_model_rows_declare_every_property(shared_dir, extractor):
    record = extractor.extract_path(sorted((shared_dir / "samples").glob("*.txt"))[0])
    rows = record_to_rows(record)
    for label, nodes in rows.nodes.items():
        assert all(set(node) == set(stored_properties(label)) for node in nodes)  # the store adds the aggregates
    for kind, relationships in rows.relationships.items():
        expected = set(RELATIONSHIPS[kind].all_properties) | {"from", "to", "from_label", "to_label"}
        assert all(set(r) == expected for r in relationships)
    assert rows.relationships["ATTENDED"][0]["meeting"] == rows.meeting_key


def test_exports_load_back(store, notes, tmp_path):
    build([notes], store)
    graph = to_networkx(store)
    assert isinstance(graph, nx.MultiDiGraph)
    stats = store.stats()
    assert graph.number_of_nodes() == sum(stats.nodes.values())
    assert graph.number_of_edges() == sum(stats.relationships.values())
    for fmt, reader in (("graphml", nx.read_graphml), ("gexf", nx.read_gexf)):
        path = tmp_path / f"graph.{fmt}"
        export(store, fmt, path)
        loaded = reader(path)
        assert (loaded.number_of_nodes(), loaded.number_of_edges()) == (graph.number_of_nodes(), graph.number_of_edges())
    export(store, "json", tmp_path / "graph.json")
    data = json.loads((tmp_path / "graph.json").read_text(encoding="utf-8"))
    assert len(data["nodes"]) == graph.number_of_nodes() and len(data["relationships"]) == graph.number_of_edges()
    files = export(store, "csv", tmp_path / "csv")
    header = (tmp_path / "csv" / "nodes_Person.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header == "key:ID,name,first_seen,attended:long,absences:long,listed:long,:LABEL"  # with the aggregates
    rows = sum(len(list(csv.reader(p.open(encoding="utf-8", newline="")))) - 1
               for p in files if p.name.startswith("relationships_"))
    assert rows == graph.number_of_edges()
