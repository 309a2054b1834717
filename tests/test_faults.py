"""Faults (issue 7): a Neo4j server killed in the middle of `motesgraf build`, and `motesgraf build` itself killed
(SIGKILL) against both stores. The build fails with one line, and after a restart a rerun gives exactly the graph
a clean build gives: the same counts and the same checksum over every node and relationship.

The Neo4j server here is this module's own (it is killed), not the session's shared one."""

import os
import signal
import subprocess

import pytest

from corpus_fixture import finish, generated_notes, start_build, wait_until_partly_loaded
from motesgraf.graph import neo4j_server
from motesgraf.graph.checksum import checksum
from motesgraf.graph.store import open_store
from neo4j_fixture import bundled_neo4j, free_port

DOCUMENTS = 200  # two write batches of 100: a kill can land after the first commit and before the last
RETRY = {"MOTESGRAF_NEO4J_RETRY_SECONDS": "3"}  # a killed server is given up on soon


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return generated_notes(tmp_path_factory, DOCUMENTS, seed=17)


@pytest.fixture(scope="module")
def clean(corpus, tmp_path_factory):
    """Counts and checksum of a clean build of the corpus into a fresh store."""
    data = tmp_path_factory.mktemp("clean")
    assert _build(corpus, "--data-dir", data).returncode == 0
    with open_store("embedded", data_dir=data) as store:
        assert store.stats().nodes["Document"] == DOCUMENTS
        return store.stats().text(), checksum(store)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    home, port = tmp_path_factory.mktemp("neo4j-faults"), free_port()
    with bundled_neo4j(home, port):
        yield home, port


@pytest.fixture
def fresh_neo4j(server):
    home, port = server
    status = neo4j_server.start(home, port)  # running already, or again after a test killed it
    with open_store("neo4j", uri=status.uri) as store:
        store.run("MATCH (n) DETACH DELETE n", read_only=False)
    return status.uri


def test_neo4j_killed_mid_build_fails_in_one_line_and_a_rerun_converges(corpus, clean, server, fresh_neo4j):
    home, port = server
    build = start_build(corpus, "--backend", "neo4j", "--neo4j-uri", fresh_neo4j, env=RETRY)
    wait_until_partly_loaded(build, DOCUMENTS, "neo4j", uri=fresh_neo4j)
    os.kill(neo4j_server.status(home).pid, signal.SIGKILL)
    _, stderr = build.communicate(timeout=120)
    assert build.returncode == 1
    assert "Traceback" not in stderr
    assert stderr.strip().startswith("Error: Neo4j:") and len(stderr.strip().splitlines()) == 1, stderr
    neo4j_server.start(home, port)
    assert _build(corpus, "--backend", "neo4j", "--neo4j-uri", fresh_neo4j).returncode == 0
    assert _graph("neo4j", uri=fresh_neo4j) == clean


def test_build_killed_mid_run_converges_on_neo4j(corpus, clean, fresh_neo4j):
    build = start_build(corpus, "--backend", "neo4j", "--neo4j-uri", fresh_neo4j, env=RETRY)
    wait_until_partly_loaded(build, DOCUMENTS, "neo4j", uri=fresh_neo4j)
    _kill(build)
    assert _build(corpus, "--backend", "neo4j", "--neo4j-uri", fresh_neo4j).returncode == 0
    assert _graph("neo4j", uri=fresh_neo4j) == clean


def test_build_killed_mid_run_converges_on_the_embedded_store(corpus, clean, tmp_path):
    data = tmp_path / "data"
    build = start_build(corpus, "--data-dir", data)
    wait_until_partly_loaded(build, DOCUMENTS, "embedded", data_dir=data)
    _kill(build)
    with open_store("embedded", data_dir=data) as store:  # opens: the WAL is replayed, no lock is left
        stored = store.documents()
        assert 0 < len(stored) < DOCUMENTS
    rerun = _build(corpus, "--data-dir", data)
    assert rerun.returncode == 0, rerun.stderr
    assert _graph("embedded", data_dir=data) == clean


# ---------------------------------------------------------------------------------------------- helpers


def _build(corpus, *options) -> subprocess.CompletedProcess:
    return finish(start_build(corpus, *options, env=RETRY))


def _kill(build: subprocess.Popen) -> None:
    assert build.poll() is None, "the build finished before the kill: the corpus is too small"
    os.killpg(build.pid, signal.SIGKILL)
    build.communicate()
    assert build.returncode == -signal.SIGKILL


def _graph(backend: str, **options) -> tuple[str, str]:
    with open_store(backend, **options) as store:
        return store.stats().text(), checksum(store)
