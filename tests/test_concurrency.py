"""Concurrent use (issue 7): while `motesgraf build` runs in one process, other processes run canned queries,
ad-hoc Cypher and `motesgraf report` over and over. None of them fails, and none sees half a document: every
meeting seen has its document, and every meeting's number of relationships is the one the finished graph has.

On the embedded store this exercises motesgraf's lock protocol around LadybugDB (read-only snapshots beside the one
read-write Database); on Neo4j, its transactions."""

import json
import os
import subprocess
import sys
import time

import pytest

from motesgraf.graph.store import open_store

DOCUMENTS = 250  # write batches of 100, 100 and 50: long enough to read several times while the build runs
# One statement, so one snapshot or transaction: relationships per meeting (with its FROM_DOCUMENT), then every
# Meeting node marked with -1.
FACTS = ("MATCH (a)-[r]->(b) RETURN r.meeting AS meeting, count(r) AS facts, count(b.path) AS documents "
         "UNION ALL MATCH (m:Meeting) RETURN m.key AS meeting, -1 AS facts, -1 AS documents")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("corpus")
    subprocess.run([sys.executable, "-m", "bench.corpus", str(folder), "--documents", str(DOCUMENTS), "--seed", "23"],
                   check=True, capture_output=True)
    return folder / "notes"


def test_readers_never_fail_nor_see_half_a_document_on_the_embedded_store(corpus, tmp_path):
    store = ["--data-dir", str(tmp_path / "data")]
    seen = _read_while_building(corpus, store, tmp_path, lambda: _documents("embedded", data_dir=tmp_path / "data"))
    _assert_whole_documents(seen, "embedded", data_dir=tmp_path / "data")


def test_readers_never_fail_nor_see_half_a_document_on_neo4j(corpus, neo4j_uri, tmp_path):
    with open_store("neo4j", uri=neo4j_uri) as graph:
        graph.run("MATCH (n) DETACH DELETE n", read_only=False)
    seen = _read_while_building(corpus, ["--backend", "neo4j", "--neo4j-uri", neo4j_uri], tmp_path,
                                lambda: _documents("neo4j", uri=neo4j_uri))
    _assert_whole_documents(seen, "neo4j", uri=neo4j_uri)


def _read_while_building(corpus, store: list[str], tmp_path, documents) -> list[list[dict]]:
    """Once the first batch is stored, rounds of ad-hoc Cypher, a canned query and a report, from other processes,
    until the build ends. Returns what each ad-hoc query saw."""
    build = subprocess.Popen(["motesgraf", "build", str(corpus), "--jobs", "1", *store],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    seen, round_number = [], 0
    try:
        while build.poll() is None and documents() == 0:
            time.sleep(0.2)
        while build.poll() is None:
            round_number += 1
            seen.append(json.loads(_motesgraf("query", "--cypher", FACTS, "--format", "json", *store)))
            json.loads(_motesgraf("query", "co-attendance", "--format", "json", *store))
            if round_number % 4 == 2:  # a report takes several rounds of queries
                _motesgraf("report", str(tmp_path / f"report-{round_number}"), *store)
    finally:
        stdout, stderr = build.communicate(timeout=600)
    assert build.returncode == 0, stderr
    assert f"{DOCUMENTS} added" in stdout
    return seen


def _documents(backend: str, **options) -> int:
    if backend == "embedded" and not (options["data_dir"] / "graph.lbug").exists():
        return 0
    with open_store(backend, **options) as graph:
        return graph.run("MATCH (d:Document) RETURN count(d) AS n")[0]["n"]


def _motesgraf(*args: str) -> str:
    result = subprocess.run(["motesgraf", *args], capture_output=True, text=True, timeout=300,
                            env={**os.environ, "MOTESGRAF_LOCK_TIMEOUT": "120"})
    assert result.returncode == 0, f"motesgraf {args[0]} failed while a build ran: {result.stderr}"
    return result.stdout


def _assert_whole_documents(seen: list[list[dict]], backend: str, **options) -> None:
    with open_store(backend, **options) as graph:
        final = {row["meeting"]: row["facts"] for row in graph.run(FACTS) if row["facts"] >= 0}
    assert len(final) == DOCUMENTS
    partial = 0
    for rows in seen:
        meetings = {row["meeting"] for row in rows if row["facts"] < 0}
        facts = {row["meeting"]: row for row in rows if row["facts"] >= 0}
        assert set(facts) == meetings, "a meeting without its relationships, or relationships without their meeting"
        for meeting, row in facts.items():
            assert row["documents"] == 1 and row["facts"] == final[meeting], f"half of {meeting} was visible"
        partial += 0 < len(meetings) < DOCUMENTS
    assert partial, f"no read happened while the build was half-way ({len(seen)} reads)"
