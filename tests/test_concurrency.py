"""Concurrent use (issue 7): while `motesgraf build` runs in one process, other processes run canned queries,
ad-hoc Cypher and `motesgraf report` over and over. None of them fails, and none sees half a document: every
meeting seen has its document, and every meeting's number of relationships is the one the finished graph has.

On the embedded store this exercises motesgraf's lock protocol around LadybugDB (read-only snapshots beside the one
read-write Database); on Neo4j, its transactions. Then `motesgraf forget` and `motesgraf build` at the same time,
in both orders: nothing the build writes is lost."""

import contextlib
import fcntl
import json
import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest

from corpus_fixture import (finish, generated_notes, run_build, start, start_build, stored_documents,
                            wait_until_partly_loaded)
from motesgraf.graph import embedded_store
from motesgraf.graph.embedded_store import DATABASE_FILE, LOCK_FILE, EmbeddedStore, StoreBusy, exclusive_access
from motesgraf.graph.export import read_nodes, read_relationships
from motesgraf.graph.forget import files_containing
from motesgraf.graph.store import open_store

DOCUMENTS = 250  # write batches of 100, 100 and 50: long enough to read several times while the build runs
# One statement, so one snapshot or transaction: relationships per meeting (with its FROM_DOCUMENT), then every
# Meeting node marked with -1.
FACTS = ("MATCH (a)-[r]->(b) RETURN r.meeting AS meeting, count(r) AS facts, count(b.path) AS documents "
         "UNION ALL MATCH (m:Meeting) RETURN m.key AS meeting, -1 AS facts, -1 AS documents")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return generated_notes(tmp_path_factory, DOCUMENTS, seed=23)


def test_readers_never_fail_nor_see_half_a_document_on_the_embedded_store(corpus, tmp_path):
    store = ["--data-dir", str(tmp_path / "data")]
    data = tmp_path / "data"
    seen = _read_while_building(corpus, store, tmp_path, lambda: stored_documents("embedded", data_dir=data))
    _assert_whole_documents(seen, "embedded", data_dir=data)


def test_readers_never_fail_nor_see_half_a_document_on_neo4j(corpus, neo4j_uri, tmp_path):
    with open_store("neo4j", uri=neo4j_uri) as graph:
        graph.run("MATCH (n) DETACH DELETE n", read_only=False)
    seen = _read_while_building(corpus, ["--backend", "neo4j", "--neo4j-uri", neo4j_uri], tmp_path,
                                lambda: stored_documents("neo4j", uri=neo4j_uri))
    _assert_whole_documents(seen, "neo4j", uri=neo4j_uri)


def _read_while_building(corpus, store: list[str], tmp_path, documents) -> list[list[dict]]:
    """Once the first batch is stored, rounds of ad-hoc Cypher, a canned query and a report, from other processes,
    until the build ends. Returns what each ad-hoc query saw."""
    build = start_build(corpus, *store)
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
        built = finish(build, timeout=600)
    assert built.returncode == 0, built.stderr
    assert f"{DOCUMENTS} added" in built.stdout
    return seen


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


# ---------------------------------------------------------------------------------------------- forget and build
# `motesgraf forget` rewrites the embedded store's file and swaps it in, so it holds the store alone from its first
# read to the swap: a build already writing is waited for, and a build that comes later waits and then writes into
# the forgotten store. Either way none of the build's writes is lost. The other process is frozen (SIGSTOP) at the
# moment that matters, so each order really happens.

FORGOTTEN = "Linda Karlsson"  # in the sample notes, not in the generated ones
ADDED = 150  # write batches of 100 and 50: the build is part-way after the first
PATIENT = {"MOTESGRAF_LOCK_TIMEOUT": "300"}  # waiting for the other process is what is tested
PER_MEETING = "MATCH ()-[r]->() WHERE r.meeting IS NOT NULL RETURN r.meeting AS meeting, count(r) AS n"


@pytest.fixture
def started():
    """The processes a test starts; any still running at its end (the test failed) are killed."""
    processes: list[subprocess.Popen] = []
    yield processes
    for process in processes:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()


@pytest.fixture(scope="module")
def added_notes(tmp_path_factory):
    notes = generated_notes(tmp_path_factory, ADDED, seed=29)
    assert not any(FORGOTTEN.encode() in path.read_bytes() for path in notes.iterdir())
    return notes


@pytest.fixture(scope="module")
def added_alone(added_notes, tmp_path_factory) -> dict[str, int]:
    """Relationships per meeting of the added notes, built alone into a fresh store."""
    data = tmp_path_factory.mktemp("alone")
    assert run_build(added_notes, "--data-dir", data).returncode == 0
    return _per_meeting("embedded", data_dir=data)


@pytest.fixture
def samples_store(shared_dir, tmp_path):
    """The sample notes (where the forgotten person is) in a fresh store, and its lexicon folder."""
    data, lexicon = tmp_path / "data", tmp_path / "lexicon"
    assert run_build(shared_dir / "samples", "--data-dir", data, "--lexicon-dir", lexicon).returncode == 0
    return data, lexicon


def test_forget_waits_for_a_running_build_then_forgets(samples_store, added_notes, added_alone, started):
    data, lexicon = samples_store
    build = start_build(added_notes, "--data-dir", data, "--lexicon-dir", lexicon, env=PATIENT)
    started.append(build)
    wait_until_partly_loaded(build, ADDED, "embedded", already=2, data_dir=data)
    os.killpg(build.pid, signal.SIGSTOP)  # between two batches: it keeps its read-write Database open
    try:
        forget = _start_forget(data, lexicon)
        started.append(forget)
        _wait_for(lambda: _reached_the_store(forget.pid, data), "forget to reach the store")
        time.sleep(2)
        assert forget.poll() is None, "forget went ahead while a build was half-way"
    finally:
        os.killpg(build.pid, signal.SIGCONT)
    assert _ending_order(build, forget) == [build, forget]
    _assert_nothing_lost(finish(build), finish(forget), added_alone, lexicon, "embedded", data_dir=data)


def test_a_build_waits_for_forget_then_writes_into_the_forgotten_store(samples_store, added_notes, added_alone,
                                                                        started):
    data, lexicon = samples_store
    forget = _start_forget(data, lexicon)
    started.append(forget)
    _wait_for(lambda: any(data.glob(f".compact-*/{DATABASE_FILE}")), "forget to write the rewritten file")
    os.killpg(forget.pid, signal.SIGSTOP)  # the graph is read and being rewritten; the swap is yet to come
    try:
        assert _held_exclusively(data), "forget let go of the store before the swap"
        build = start_build(added_notes, "--data-dir", data, "--lexicon-dir", lexicon, env=PATIENT)
        started.append(build)
        _wait_for(lambda: _has_open(build.pid, data / LOCK_FILE), "the build to reach the store")
        time.sleep(2)
        assert build.poll() is None and _has_open(build.pid, data / LOCK_FILE), "the build did not wait"
    finally:
        os.killpg(forget.pid, signal.SIGCONT)
    assert _ending_order(build, forget) == [forget, build]
    _assert_nothing_lost(finish(build), finish(forget), added_alone, lexicon, "embedded", data_dir=data)


def test_forget_in_the_middle_of_a_build_on_neo4j_loses_nothing(shared_dir, added_notes, added_alone, neo4j_uri,
                                                                 tmp_path, started):
    """Neo4j needs no lock for this: a build writes each batch in one transaction, forget runs one transaction per
    statement, and no file is swapped, so forget between two batches leaves every later batch intact."""
    store, lexicon = ["--backend", "neo4j", "--neo4j-uri", neo4j_uri], tmp_path / "lexicon"
    with open_store("neo4j", uri=neo4j_uri) as graph:
        graph.run("MATCH (n) DETACH DELETE n", read_only=False)
    assert run_build(shared_dir / "samples", *store, "--lexicon-dir", lexicon).returncode == 0
    build = start_build(added_notes, *store, "--lexicon-dir", lexicon)
    started.append(build)
    wait_until_partly_loaded(build, ADDED, "neo4j", already=2, uri=neo4j_uri)
    os.killpg(build.pid, signal.SIGSTOP)  # so that forget runs to its end while the build is half-way
    try:
        forgot = finish(start("forget", FORGOTTEN, *store, "--lexicon-dir", lexicon), timeout=120)
    finally:
        os.killpg(build.pid, signal.SIGCONT)
    _assert_nothing_lost(finish(build), forgot, added_alone, lexicon, "neo4j", uri=neo4j_uri)


# A build reads forgotten.yaml before it extracts; `forget` may run between that and the build's writes. Each write
# re-checks the list, so the person does not come back. The build is frozen once it is extracting (spaCy loaded: the
# list was read) and before it wrote anything, and forget runs to its end meanwhile.


def test_a_build_that_read_the_list_before_forget_does_not_write_the_person_back(samples_store, shared_dir,
                                                                                  added_notes, tmp_path, started):
    data, lexicon = samples_store
    notes = _notes_naming_the_person(shared_dir, added_notes, tmp_path)
    _forget_while_a_build_extracts(notes, ["--data-dir", data], lexicon, started, "embedded", data_dir=data)
    assert files_containing(data, FORGOTTEN) == []


def test_a_build_that_read_the_list_before_forget_does_not_write_the_person_back_on_neo4j(
        shared_dir, added_notes, neo4j_uri, tmp_path, started):
    store, lexicon = ["--backend", "neo4j", "--neo4j-uri", neo4j_uri], tmp_path / "lexicon"
    with open_store("neo4j", uri=neo4j_uri) as graph:
        graph.run("MATCH (n) DETACH DELETE n", read_only=False)
    assert run_build(shared_dir / "samples", *store, "--lexicon-dir", lexicon).returncode == 0
    notes = _notes_naming_the_person(shared_dir, added_notes, tmp_path)
    _forget_while_a_build_extracts(notes, store, lexicon, started, "neo4j", uri=neo4j_uri)


def _notes_naming_the_person(shared_dir, added_notes, tmp_path) -> Path:
    """The added notes and a copy of the samples (new documents: other paths), which name the person."""
    notes = tmp_path / "notes"
    shutil.copytree(added_notes, notes / "added")
    shutil.copytree(shared_dir / "samples", notes / "samples")
    assert sum(FORGOTTEN.encode() in path.read_bytes() for path in (notes / "samples").iterdir()) == 2
    return notes


def _forget_while_a_build_extracts(notes, store: list, lexicon, started, backend: str, **options) -> None:
    build = start_build(notes, *store, "--lexicon-dir", lexicon, env=PATIENT)
    started.append(build)
    _wait_for(lambda: "/spacy/" in Path(f"/proc/{build.pid}/maps").read_text(), "the build to extract")
    os.killpg(build.pid, signal.SIGSTOP)
    try:
        assert stored_documents(backend, **options) == 2, "the build wrote before it was frozen"
        forgot = finish(start("forget", FORGOTTEN, *store, "--lexicon-dir", lexicon, env=PATIENT), timeout=120)
    finally:
        os.killpg(build.pid, signal.SIGCONT)
    built = finish(build)
    assert forgot.returncode == 0 and "forgot 1 person(s)" in forgot.stdout, forgot.stderr
    assert built.returncode == 0 and f"{ADDED + 2} added" in built.stdout, built.stderr
    assert stored_documents(backend, **options) == ADDED + 4
    with open_store(backend, **options) as graph:
        text = json.dumps([read_nodes(graph), read_relationships(graph)], ensure_ascii=False)  # every property
    assert FORGOTTEN not in text


@pytest.mark.parametrize("busy", [False, True])
def test_exclusive_access_closes_its_store_once_and_then_lets_go(samples_store, monkeypatch, busy):
    """Closed once, under the lock when it had it (closing folds the WAL into the file), also when it could not
    get the lock; afterwards other processes can have the store."""
    data, _ = samples_store
    closed = []
    close = EmbeddedStore.close
    monkeypatch.setattr(EmbeddedStore, "close", lambda store: closed.append(_held_exclusively(data)) or close(store))
    monkeypatch.setattr(embedded_store, "LOCK_TIMEOUT", 0.5)
    with open(data / LOCK_FILE, "a") as other:
        if busy:  # as another process holding it would
            fcntl.flock(other, fcntl.LOCK_EX)
        with pytest.raises(StoreBusy) if busy else contextlib.nullcontext():
            with exclusive_access(data) as store:
                assert store.run("MATCH (d:Document) RETURN count(d) AS n")[0]["n"] == 2
    assert closed == [True]
    assert not _held_exclusively(data)


def test_reads_in_one_reading_block_see_one_state(samples_store, monkeypatch):
    """A query and its post-step's further reads (``store.reading()``) keep writers out until the block ends."""
    data, _ = samples_store
    monkeypatch.setattr(embedded_store, "LOCK_TIMEOUT", 0.5)
    documents = "MATCH (d:Document) RETURN count(d) AS n"
    with EmbeddedStore(data) as reader, EmbeddedStore(data) as writer:
        gone = next(iter(writer.documents()))
        with reader.reading():
            before = reader.run(documents)[0]["n"]
            with pytest.raises(StoreBusy):  # as another process's build would wait
                writer.delete_document(gone)
            assert reader.run(documents)[0]["n"] == before
        writer.delete_document(gone)
        assert reader.run(documents)[0]["n"] == before - 1


def _start_forget(data, lexicon) -> subprocess.Popen:
    return start("forget", FORGOTTEN, "--data-dir", data, "--lexicon-dir", lexicon, env=PATIENT)


def _assert_nothing_lost(built, forgot, added_alone: dict[str, int], lexicon, backend: str, **options) -> None:
    """Both ended well, every added document is there with all its relationships, the person is gone, and no
    file (the embedded store's, the lexicon) holds the name."""
    assert built.returncode == 0 and f"{ADDED} added" in built.stdout, built.stderr
    assert forgot.returncode == 0 and "forgot 1 person(s)" in forgot.stdout, forgot.stderr
    stored = _per_meeting(backend, **options)
    assert {meeting: stored.get(meeting) for meeting in added_alone} == added_alone
    assert stored_documents(backend, **options) == ADDED + 2
    with open_store(backend, **options) as graph:
        persons = [row["name"] for row in graph.run("MATCH (p:Person) RETURN p.name AS name")]
    assert FORGOTTEN not in persons and len(persons) > 100
    assert files_containing(lexicon, FORGOTTEN) == []
    if backend == "embedded":
        assert files_containing(options["data_dir"], FORGOTTEN) == []


def _per_meeting(backend: str, **options) -> dict[str, int]:
    with open_store(backend, **options) as graph:
        return {row["meeting"]: row["n"] for row in graph.run(PER_MEETING)}


def _held_exclusively(data) -> bool:
    """Whether a process holds the store's lock file exclusively (a shared lock cannot be had at once)."""
    with open(data / LOCK_FILE, "a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(handle, fcntl.LOCK_UN)
        return False


def _reached_the_store(pid: int, data: Path) -> bool:
    """Whether the process waits for the store's lock file (the frozen build held it), or has tried to open the
    database (LadybugDB's library is loaded only then)."""
    return _has_open(pid, data / LOCK_FILE) or "_lbug" in Path(f"/proc/{pid}/maps").read_text()


def _has_open(pid: int, path: Path) -> bool:
    """Whether the process has ``path`` open: it does while it waits for the lock on it."""
    fds = Path(f"/proc/{pid}/fd")
    return any(os.path.realpath(fd) == str(path.resolve()) for fd in fds.iterdir())


def _wait_for(condition, what: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    pytest.fail(f"waited {timeout:.0f} s for {what}")


def _ending_order(*processes: subprocess.Popen, timeout: float = 600) -> list[subprocess.Popen]:
    """The processes in the order they end (their output is a few lines, so their pipes do not fill)."""
    ended, deadline = [], time.monotonic() + timeout
    while len(ended) < len(processes) and time.monotonic() < deadline:
        ended += [process for process in processes if process not in ended and process.poll() is not None]
        time.sleep(0.05)
    return ended
