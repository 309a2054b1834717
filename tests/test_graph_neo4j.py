"""The Neo4j store against a real Neo4j server on 127.0.0.1 (bundled, started by the test setup), and the
promise that both stores hold the same graph."""

import shutil

import pytest

from conftest import FIXTURE_NOTES
from motesgraf.graph import neo4j_server
from motesgraf.graph.build import build
from motesgraf.graph.export import admin_import_command, export, read_nodes, read_relationships
from motesgraf.graph.neo4j_store import Neo4jStore
from motesgraf.graph.store import ReadOnlyViolation, StoreError, open_store


@pytest.fixture(scope="module")
def notes(tmp_path_factory, shared_dir):
    folder = tmp_path_factory.mktemp("notes")
    for path in sorted((shared_dir / "samples").glob("*.txt")):
        shutil.copy(path, folder / path.name)
    for path in sorted(FIXTURE_NOTES.glob("*.txt")):
        shutil.copy(path, folder / path.name)
    return folder


@pytest.fixture
def neo4j(neo4j_uri):
    with open_store("neo4j", uri=neo4j_uri) as store:
        store.run("MATCH (n) DETACH DELETE n", read_only=False)
        yield store


@pytest.fixture(scope="module")
def embedded(tmp_path_factory, notes):
    with open_store("embedded", data_dir=tmp_path_factory.mktemp("data")) as store:
        build([notes], store)
        yield store


def _normalised(nodes):
    return sorted(({k: (v or None) if isinstance(v, list) else v for k, v in n.items()} for n in nodes),
                  key=lambda n: (n["label"], n["key"]))


def test_both_stores_hold_the_same_graph(neo4j, embedded, notes):
    build([notes], neo4j)
    assert neo4j.stats() == embedded.stats()
    assert neo4j.stats().text() == embedded.stats().text()
    assert _normalised(read_nodes(neo4j)) == _normalised(read_nodes(embedded))
    assert read_relationships(neo4j) == read_relationships(embedded)


def test_rebuild_is_a_no_op_and_a_rewrite_converges(neo4j, notes):
    build([notes], neo4j)
    before = (neo4j.stats(), read_relationships(neo4j))
    report = build([notes], neo4j)
    assert report.added == report.changed == 0
    assert (neo4j.stats(), read_relationships(neo4j)) == before
    for key in list(neo4j.documents())[:3]:
        neo4j.delete_document(key)
    assert neo4j.stats() != before[0]
    assert build([notes], neo4j).added == 3
    assert (neo4j.stats(), read_relationships(neo4j)) == before


def test_deleting_a_document_removes_entities_only_it_supported(neo4j, notes, tmp_path):
    one = tmp_path / "one"
    one.mkdir()
    shutil.copy(notes / "13_dua_umea_vannas_nordmaling_2021.txt", one)
    shutil.copy(notes / "05_flat_kommundirektorer_umearegionen_december.txt", one)
    build([one], neo4j)
    key = next(k for k, _ in neo4j.documents().items()
               if neo4j.run("MATCH (m:Meeting)-[:FROM_DOCUMENT]->(d:Document {key: $k}) RETURN m.source AS s",
                            {"k": k})[0]["s"].endswith("13_dua_umea_vannas_nordmaling_2021.txt"))
    neo4j.delete_document(key)
    names = {r["name"] for r in neo4j.run("MATCH (p:Person) RETURN p.name AS name")}
    assert "Abdirahman Yusuf" not in names and "Ulla-Britt Öhman" in names
    assert neo4j.run("MATCH ()-[r]->() WHERE r.meeting = $m RETURN count(r) AS n",
                     {"m": "meeting:" + key.split(":", 1)[1]})[0]["n"] == 0


def test_queries_are_read_only_and_parameterised(neo4j, notes):
    build([notes], neo4j)
    with pytest.raises(ReadOnlyViolation):
        neo4j.run("MATCH (p:Person) DETACH DELETE p")
    with pytest.raises(ReadOnlyViolation):
        neo4j.run("CREATE (:Topic {key: 'topic:x'})")
    hostile = "'}) DETACH DELETE n //"
    assert neo4j.run("MATCH (p:Person {name: $name}) RETURN count(p) AS n", {"name": hostile}) == [{"n": 0}]
    assert neo4j.stats().nodes["Person"] > 0


def test_unreachable_server_is_one_clear_line():
    with pytest.raises(StoreError) as error:
        Neo4jStore("bolt://127.0.0.1:1", password="secret-never-shown")
    message = str(error.value)
    assert "127.0.0.1:1" in message and "\n" not in message and "secret-never-shown" not in message


def test_csv_export_imports_with_neo4j_admin(embedded, tmp_path):
    folder = tmp_path / "csv"
    export(embedded, "csv", folder)
    home = tmp_path / "imported"
    port = __import__("neo4j_fixture").free_port()
    neo4j_server.admin(home, admin_import_command(folder), port=port)
    status = neo4j_server.start(home, port)
    try:
        with Neo4jStore(status.uri) as imported:
            assert imported.stats() == embedded.stats()
    finally:
        neo4j_server.stop(home)


def test_rows_are_what_the_driver_gives(neo4j):
    """Rows of plain values take a fast conversion; nodes, relationships, paths and dates the driver's own:
    either way each row equals the driver's ``record.data()``."""
    neo4j.run("CREATE (:Topic {key: 'topic:a', name: 'A'})-[:MENTIONS {meeting: 'm', count: 2}]->"
              "(:Topic {key: 'topic:b', name: 'B'})", read_only=False)
    queries = ["RETURN 1 AS n, 2.5 AS x, 'å' AS s, true AS b, null AS z, [1, [2, {k: ['v', null]}]] AS nested",
               "MATCH p = (a:Topic)-[r]->(b) RETURN a, r, p, [a, b] AS both, {node: b} AS holder",
               "RETURN date('2024-05-01') AS day, [date('2024-05-02')] AS days, {when: datetime('2024-05-03T10:00')} AS at"]
    for cypher in queries:
        with neo4j.driver.session() as session:
            expected = [record.data() for record in session.run(cypher)]
        assert neo4j.run(cypher) == expected
        assert expected and all(expected)
