"""`shortest-path` for pairs joined by thousands of shortest paths (issue 6): the embedded store's rows must equal
a plain-Python breadth-first search over the same records, and Neo4j's rows. LadybugDB 0.22.0's list_transform
mixed up paths once a result held more than about 2,048 path nodes (graph/embedded_dialect.md)."""

from collections import defaultdict

import pytest

from motesgraf.graph.model import combine, record_to_rows
from motesgraf.graph.store import open_store
from motesgraf.queries import run_query

MEETINGS = 60  # Anna and Bo both attend and represent Ale at each: 60 + 60 × 60 shortest walks between them
TITLES = 5
PAIRS = [("Anna Berg", "Bo Ek"), ("Cecilia Dahl", "Ale"), ("SKR", "Ale"), ("Anna Berg", "Budget"),
         ("person:cecilia-dahl", "Budget")]
ANNA, BO, CECILIA = "person:anna-berg", "person:bo-ek", "person:cecilia-dahl"
ALE, SKR, BUDGET = "municipality:1440", "organisation:skr", "topic:budget"


def _record(index: int) -> dict:
    """One meeting's extraction record: Anna and Bo attend for Ale; Anna presents an item that mentions Budget
    at every third meeting; Cecilia (for SKR) only at the first."""
    entities = [{"key": ANNA, "type": "Person", "name": "Anna Berg"}, {"key": BO, "type": "Person", "name": "Bo Ek"},
                {"key": ALE, "type": "Municipality", "name": "Ale", "code": "1440"},
                {"key": BUDGET, "type": "Topic", "name": "Budget"}]
    relations = [{"type": "ATTENDED", "source": ANNA, "target": "meeting"},
                 {"type": "ATTENDED", "source": BO, "target": "meeting"},
                 {"type": "REPRESENTS", "source": ANNA, "target": ALE},
                 {"type": "REPRESENTS", "source": BO, "target": ALE},
                 {"type": "HAS_ITEM", "source": "meeting", "target": "agenda:1", "position": 1},
                 {"type": "MENTIONS", "source": "agenda:1", "target": BUDGET}]
    if index % 3 == 0:
        relations.append({"type": "PRESENTED", "source": ANNA, "target": "agenda:1"})
    if index == 0:
        entities += [{"key": CECILIA, "type": "Person", "name": "Cecilia Dahl"},
                     {"key": SKR, "type": "Organisation", "name": "SKR", "kind": "association"}]
        relations += [{"type": "ATTENDED", "source": CECILIA, "target": "meeting"},
                      {"type": "REPRESENTS", "source": CECILIA, "target": SKR}]
    return {"source": f"meeting-{index:03}.txt", "content_hash": f"hash-{index}", "format": "txt",
            "meeting": {"title": f"Styrgrupp {index % TITLES}", "year": 2020 + index % 4},
            "agenda_items": [{"title": f"Ekonomi {index % 2}"}], "entities": entities, "relations": relations}


RECORDS = [_record(index) for index in range(MEETINGS)]


def _reference(source_name: str, target_name: str) -> tuple[list[dict], int]:
    """Every shortest path (up to 8 steps) by breadth-first search over the records' rows, as the query's rows
    (parallel relationships of one type are one row), and the number of shortest walks counting parallel ones."""
    rows = combine([record_to_rows(record) for record in RECORDS])
    label, shown = {}, {}
    for node_label, nodes in rows.nodes.items():
        for node in nodes:
            label[node["key"]] = node_label
            shown[node["key"]] = node.get("name") if node.get("name") is not None else node.get("title")
    edges = defaultdict(list)  # node -> [(neighbour, type)], one entry per relationship
    for kind, relationships in rows.relationships.items():
        for rel in relationships:
            edges[rel["from"]].append((rel["to"], kind))
            edges[rel["to"]].append((rel["from"], kind))
    source, = [key for key in label if key == source_name or (shown[key] or "").lower() == source_name.lower()]
    target, = [key for key in label if key == target_name or (shown[key] or "").lower() == target_name.lower()]
    distance, parents, frontier = {source: 0}, defaultdict(list), [source]
    while frontier and target not in distance and distance[frontier[0]] < 8:
        reached = []
        for node in frontier:
            for neighbour, kind in edges[node]:
                if neighbour not in distance:
                    distance[neighbour] = distance[node] + 1
                    reached.append(neighbour)
                if distance[neighbour] == distance[node] + 1:
                    parents[neighbour].append((node, kind))
        frontier = reached

    def walks(node):  # (nodes, types) from source to node, once per combination of relationships
        if node == source:
            yield [source], []
            return
        for parent, kind in parents[node]:
            for nodes, kinds in walks(parent):
                yield nodes + [node], kinds + [kind]

    every = list(walks(target)) if target in distance else []
    distinct = {(tuple(nodes), tuple(kinds)) for nodes, kinds in every}
    found = [{"from": shown[source], "to": shown[target], "length": len(kinds),
              "path": [shown[n] for n in nodes], "labels": [label[n] for n in nodes], "relationships": list(kinds)}
             for nodes, kinds in distinct]
    unique = {repr(row): row for row in found}.values()  # nodes that show the same name are one row
    return sorted(unique, key=lambda row: (row["length"], row["path"], row["labels"], row["relationships"])), len(every)


@pytest.fixture(scope="module")
def embedded(tmp_path_factory):
    with open_store("embedded", data_dir=tmp_path_factory.mktemp("many-paths")) as store:
        store.write(RECORDS, replace=False)
        yield store


@pytest.fixture(scope="module")
def neo4j(neo4j_uri):
    with open_store("neo4j", uri=neo4j_uri) as store:
        store.run("MATCH (n) DETACH DELETE n", read_only=False)  # other modules share the server
        store.write(RECORDS, replace=False)
        yield store


def test_the_graph_has_a_pair_with_far_more_than_512_shortest_paths():
    rows, walks = _reference("Anna Berg", "Bo Ek")
    assert walks == MEETINGS + MEETINGS * MEETINGS
    assert {tuple(row["labels"]) for row in rows} == {("Person", "Meeting", "Person"),
                                                      ("Person", "Municipality", "Person")}


@pytest.mark.parametrize("source, target", PAIRS)
def test_embedded_rows_equal_breadth_first_search_and_neo4j(embedded, neo4j, source, target):
    expected, _ = _reference(source, target)
    assert expected and len({row["length"] for row in expected}) == 1
    for _ in range(2):  # the wrong rows changed between identical runs
        assert run_query(embedded, "shortest-path", **{"from": source, "to": target}) == expected
    assert run_query(neo4j, "shortest-path", **{"from": source, "to": target}) == expected
