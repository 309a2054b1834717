"""The aggregates kept on nodes at build time (``AGGREGATES`` in graph/model.py: first and last meeting, meeting,
attendance and absence counts) equal a plain-Python count over the stored records after every kind of write —
new documents, a changed document, a deleted document, ``forget`` — and a store built before they existed gets
them when it is opened; on both stores."""

from __future__ import annotations

import copy

import pytest

from corpus_fixture import empty_store_opener  # first: it makes bench/ importable
from bench.corpus import generate
from motesgraf.graph.forget import forget
from motesgraf.graph.model import AGGREGATES, record_to_rows

DOCUMENTS = 60


@pytest.fixture(scope="module")
def records(tmp_path_factory, extractor):
    folder = tmp_path_factory.mktemp("aggregates-corpus")
    generate(folder, documents=DOCUMENTS, seed=5, networks=3)
    return [extractor.extract_path(path) for path in sorted((folder / "notes").glob("*.txt"))]


@pytest.fixture(params=["embedded", "neo4j"])
def opening(request, tmp_path):
    return empty_store_opener(request, tmp_path)


def expected_aggregates(records: list[dict], sort_keys: dict[str, str] | None = None) -> dict[str, dict]:
    """Every aggregate of every node the records' relationships touch, counted in Python from the definitions
    (with the meetings' ``sort_keys`` as stored, when given)."""
    sort_key, relationships = {}, []
    for record in records:
        rows = record_to_rows(record)
        sort_key.update((m["key"], m["sort_key"]) for m in rows.nodes["Meeting"])
        relationships += [dict(row, type=kind) for kind, group in rows.relationships.items() for row in group]
    sort_key.update(sort_keys or {})
    meetings_of, by_type = {}, {}
    for r in relationships:
        for key in (r["from"], r["to"]):
            meetings_of.setdefault(key, set()).add(r["meeting"])
        by_type.setdefault(r["type"], []).append(r)
    expected = {}
    for key, meetings in meetings_of.items():
        keys = sorted(sort_key[m] for m in meetings)
        if key.startswith("person:"):
            attended = sum(r["from"] == key for r in by_type.get("ATTENDED", []))
            absences = len({r["to"] for r in by_type.get("ABSENT_FROM", []) if r["from"] == key})
            expected[key] = {"first_seen": keys[0], "attended": attended, "absences": absences,
                             "listed": attended + absences}
        elif key.startswith("municipality:"):
            statuses = {}
            for r in by_type.get("REPRESENTS", []):
                if r["to"] == key:
                    statuses.setdefault(r["meeting"], []).append(r["status"])
            expected[key] = {"listed": len(statuses), "absences": sum("present" not in s for s in statuses.values())}
        elif any(r["to"] == key and r["to_label"] == "Organisation" or r["from"] == key and r["from_label"] ==
                 "Organisation" for r in relationships):
            expected[key] = {"first_seen": keys[0], "last_seen": keys[-1], "meetings": len(meetings),
                             "agenda_items": len({r["from"] for r in by_type.get("MENTIONS", [])
                                                  if r["to"] == key and r["from_label"] == "AgendaItem"})}
    for meeting in sort_key:
        expected[meeting] = {"municipalities": len({r["to"] for r in by_type.get("REPRESENTS", [])
                                                    if r["meeting"] == meeting and r["to_label"] == "Municipality"})}
    return expected


def stored_aggregates(store) -> dict[str, dict]:
    """The aggregates the store holds, for nodes with relationships (and every meeting)."""
    stored = {}
    for label, properties in AGGREGATES.items():
        columns = ", ".join(f"n.{name} AS {name}" for name in properties)
        supported = "" if label == "Meeting" else "WHERE EXISTS { MATCH (n)-[]-() } "
        for row in store.run(f"MATCH (n:{label}) {supported}RETURN n.key AS key, {columns}"):
            stored[row.pop("key")] = row
    return stored


def assert_aggregates_match(store, records, sort_keys=None):
    expected, stored = expected_aggregates(records, sort_keys), stored_aggregates(store)
    assert stored.keys() == expected.keys()
    wrong = {key: (stored[key], expected[key]) for key in expected if stored[key] != expected[key]}
    assert not wrong, f"{len(wrong)} nodes with wrong aggregates, e.g. {next(iter(wrong.items()))}"


def changed(record: dict) -> dict:
    """The record edited: moved to another year (so its meeting order changes) and half its relations gone."""
    edited = copy.deepcopy(record)
    edited["meeting"]["year"] = 2001
    edited["meeting"]["date"] = "2001-01-02"
    edited["relations"] = edited["relations"][::2]
    return edited


def test_aggregates_follow_new_changed_and_deleted_documents(opening, records):
    live = list(records[:40])
    with opening() as store:
        store.write(live[:20], replace=False)  # new documents add to what the first batch stored
        store.write(live[20:], replace=False)
        assert_aggregates_match(store, live)
        live += records[40:]
        store.write(records[40:], replace=True)
        assert_aggregates_match(store, live)

        live[3] = changed(live[3])  # an early meeting: its people's and organisations' first_seen move
        store.write([live[3]], replace=True)
        assert_aggregates_match(store, live)
        assert stored_aggregates(store)[f"meeting:{record_to_rows(live[3]).meeting_key.split(':')[1]}"]

        gone = live.pop(10)
        store.delete_document(record_to_rows(gone).document_key)
        assert_aggregates_match(store, live)


def test_aggregates_follow_documents_changed_in_place(opening, records):
    """A document rewritten with its meeting unchanged: a person only it names is deleted with its old facts and
    written again (counted once, not minus once), and organisations whose last meeting it is lose some of it."""
    live = list(records)
    by_person = {}
    for index, record in enumerate(live):
        for entity in record["entities"]:
            if entity["type"] == "Person":
                by_person.setdefault(entity["key"], set()).add(index)
    alone = next(indexes.pop() for indexes in by_person.values() if len(indexes) == 1)
    latest = max(range(len(live)), key=lambda i: record_to_rows(live[i]).nodes["Meeting"][0]["sort_key"])
    with opening() as store:
        store.write(live, replace=False)
        store.write([live[alone]], replace=True)  # the same facts again
        assert_aggregates_match(store, live)

        live[latest] = dict(live[latest], relations=live[latest]["relations"][1::2])
        store.write([live[latest]], replace=True)
        assert_aggregates_match(store, live)


def test_forget_refreshes_what_the_person_counted_in(opening, records, tmp_path):
    with opening() as store:
        store.write(records, replace=False)
        # the person who represented municipalities in the most meetings
        person = store.run("MATCH (p:Person)-[r:REPRESENTS]->(:Municipality) RETURN p.key AS key, p.name AS name, "
                           "count(r) AS n ORDER BY n DESC, key LIMIT 1")[0]
        # their earliest meeting's notes, filed under their surname: forget redacts it in that meeting's sort_key,
        # which every entity first seen there copies
        theirs = [r for r in records if any(person["key"] in (x["source"], x["target"]) for x in r["relations"])]
        earliest = min(theirs, key=lambda r: record_to_rows(r).nodes["Meeting"][0]["sort_key"])
        renamed = dict(earliest, source=f"/notes/2000 {person['name'].split()[-1]}.txt")
        renamed["meeting"] = dict(earliest["meeting"], year=2000, date="2000-01-01")
        live = [renamed if r is earliest else r for r in records]
        store.delete_document(record_to_rows(earliest).document_key)
        store.write([renamed], replace=False)
        before = stored_aggregates(store)

        forget(store, person["name"], lexicon_dir=tmp_path / "lexicon")

        remaining = [dict(record, relations=[r for r in record["relations"]
                                             if person["key"] not in (r["source"], r["target"])])
                     for record in live]
        stored_sort_keys = {row["key"]: row["sort_key"] for row in store.run(
            "MATCH (m:Meeting) RETURN m.key AS key, m.sort_key AS sort_key")}
        assert person["name"].split()[-1] not in stored_sort_keys[record_to_rows(renamed).meeting_key]
        assert_aggregates_match(store, remaining, stored_sort_keys)
        assert stored_aggregates(store) != before  # the person's municipalities' counts changed


def test_a_store_built_before_the_aggregates_gets_them_when_opened(opening, records):
    with opening() as store:
        store.write(records[:30], replace=False)
        if type(store).__name__ == "EmbeddedStore":
            older = [f"ALTER TABLE {label} DROP {name}" for label, names in AGGREGATES.items() for name in names]
        else:
            from motesgraf.graph.neo4j_store import AGGREGATE_INDEXES

            older = [f"MATCH (n:{label}) REMOVE " + ", ".join(f"n.{name}" for name in names)
                     for label, names in AGGREGATES.items()] + [f"DROP INDEX {name}" for name in AGGREGATE_INDEXES]
        for statement in older:
            store.run(statement, read_only=False)
    with opening() as store:
        assert_aggregates_match(store, records[:30])
