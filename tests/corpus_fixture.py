"""Generated notes, and `motesgraf` run in processes of its own on them: the one way the fault, concurrency and
forget tests make a corpus and build it (a real CLI process, so that it can be killed or run beside another)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import REPO
from motesgraf.graph.embedded_store import DATABASE_FILE
from motesgraf.graph.store import open_store

if str(REPO) not in sys.path:  # bench/ is not installed; it runs from the repository root
    sys.path.insert(0, str(REPO))

from bench.corpus import generate  # noqa: E402

COUNT_DOCUMENTS = "MATCH (d:Document) RETURN count(d) AS n"


def empty_store_opener(request, tmp_path):
    """For a fixture parametrised with the backends: a function opening the same store, empty at first, each time it
    is called (the Neo4j one is the shared test server, emptied here)."""
    if request.param == "embedded":
        return lambda: open_store("embedded", data_dir=tmp_path / "data")
    uri = request.getfixturevalue("neo4j_uri")
    with open_store("neo4j", uri=uri) as store:
        store.run("MATCH (n) DETACH DELETE n", read_only=False)  # other modules share the server
    return lambda: open_store("neo4j", uri=uri)


def generated_notes(tmp_path_factory, documents: int, seed: int) -> Path:
    """A fresh folder of ``documents`` notes from bench/corpus.py (the same seed gives the same bytes)."""
    out = tmp_path_factory.mktemp(f"corpus-{documents}-{seed}")
    assert generate(out, documents, seed=seed).documents == documents
    return out / "notes"


def start(*args, env: dict | None = None) -> subprocess.Popen:
    """``motesgraf ARGS`` in its own process group, so that a kill reaches every process of it."""
    return subprocess.Popen(["motesgraf", *map(str, args)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONFAULTHANDLER": "1", **(env or {})}, start_new_session=True)


def start_build(notes, *options, env: dict | None = None) -> subprocess.Popen:
    return start("build", notes, "--jobs", "1", *options, env=env)


def finish(process: subprocess.Popen, timeout: float = 300) -> subprocess.CompletedProcess:
    """Waits for the process; a hung one gets SIGABRT, so that faulthandler prints where it hangs, and fails."""
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGABRT)
        pytest.fail(f"motesgraf {process.args[1]} hung; its stacks:\n{process.communicate()[1][-4000:]}")
    return subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)


def run_build(notes, *options, env: dict | None = None) -> subprocess.CompletedProcess:
    return finish(start_build(notes, *options, env=env))


def stored_documents(backend: str, **options) -> int:
    """Document nodes in the store (0 while an embedded store has no file yet)."""
    if backend == "embedded" and not (Path(options["data_dir"]) / DATABASE_FILE).exists():
        return 0
    with open_store(backend, **options) as store:
        return store.run(COUNT_DOCUMENTS)[0]["n"]


def wait_until_partly_loaded(build: subprocess.Popen, total: int, backend: str, *, already: int = 0,
                             timeout: float = 180, **options) -> None:
    """Until the store holds some but not all of the ``total`` documents ``build`` adds to the ``already`` stored,
    while ``build`` still runs."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert build.poll() is None, f"the build ended before it was partly loaded: {build.stderr.read()}"
        if already < stored_documents(backend, **options) < already + total:
            return
        time.sleep(0.2)
    pytest.fail("no document was stored in time")
