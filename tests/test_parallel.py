"""Parallel extraction (`--jobs`): the same records in the same order as in one process, errors still one line
per file, a bounded number of documents in flight, workers that honour --lexicon-dir, and a build that stores
the same graph."""

import json
import multiprocessing
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

import corpus_fixture  # noqa: F401  (first: it puts the repository, where bench/ is, on sys.path)
from bench import processes
from conftest import FIXTURE_NOTES
from motesgraf.cli import main
from motesgraf.extract import IN_FLIGHT_PER_JOB, WARMUP_MODULE, extract_stream
from motesgraf.extraction.reading import iter_document_paths
from motesgraf.graph.build import build
from motesgraf.graph.export import read_nodes, read_relationships
from motesgraf.graph.store import open_store


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture
def inputs(shared_dir):
    """The fixture notes and the samples: more documents than two workers take at once, so the pool is used."""
    folders = [FIXTURE_NOTES, shared_dir / "samples"]
    assert len(list(iter_document_paths(folders))) > IN_FLIGHT_PER_JOB * 2
    return folders


@pytest.mark.parametrize("output_format", ["jsonl", "json"])
def test_extract_output_is_identical_for_any_number_of_jobs(inputs, output_format):
    one = run("extract", "--jobs", 1, "--format", output_format, *inputs)
    two = run("extract", "--jobs", 2, "--format", output_format, *inputs)
    assert one.exit_code == two.exit_code == 0
    assert two.stdout == one.stdout
    records = json.loads(one.stdout) if output_format == "json" else [json.loads(line) for line in one.stdout.splitlines()]
    assert [r["source"] for r in records] == [str(p) for p in iter_document_paths(inputs)]


def test_the_pool_runs_workers_and_keeps_input_order(inputs):
    paths = list(iter_document_paths(inputs))
    sources = []
    for outcome in extract_stream(paths, jobs=2):
        if not sources:
            assert len(multiprocessing.active_children()) == 2  # two worker processes extract
        sources.append(outcome.record["source"])
    assert sources == [str(p) for p in paths]


def test_a_few_documents_are_extracted_without_starting_workers(shared_dir):
    paths = sorted((shared_dir / "samples").glob("*.txt"))
    records = [outcome.record for outcome in extract_stream(paths, jobs=2)]
    assert [r["source"] for r in records] == [str(p) for p in paths]
    assert multiprocessing.active_children() == []


def test_documents_in_flight_are_bounded(inputs):
    pulled = []

    def paths():
        for path in iter_document_paths(inputs):
            pulled.append(path)
            yield path

    for done, _ in enumerate(extract_stream(paths(), jobs=2), start=1):
        assert len(pulled) - done < IN_FLIGHT_PER_JOB * 2  # the input is read lazily, a window ahead at most
    assert done == len(pulled)


def test_bad_files_give_one_line_each_with_workers(tmp_path, inputs):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 20)
    (tmp_path / "fake.pdf").write_bytes(b"this is not a pdf at all")
    broken = ["binary.txt", "empty.txt", "fake.pdf"]  # the walk's (sorted) order
    one = run("extract", "--jobs", 1, tmp_path, *inputs)
    two = run("extract", "--jobs", 2, tmp_path, *inputs)
    assert two.exit_code == one.exit_code and two.stdout == one.stdout
    assert len(two.stdout.splitlines()) == len(list(iter_document_paths(inputs)))  # the others went on
    errors = [line for line in two.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == len(broken) and "Traceback" not in two.stderr
    for name, line in zip(broken, errors):
        assert str(tmp_path / name) in line


def test_workers_use_the_lexicon_dir(tmp_path, inputs):
    lexicon = tmp_path / "lexicon"
    assert run("review", "--accept", "OCN", "--lexicon-dir", lexicon).exit_code == 0

    def organisations(*options):
        result = run("extract", "--jobs", 2, *options, *inputs)
        return {e["name"] for line in result.stdout.splitlines() for e in json.loads(line)["entities"]
                if e["type"] == "Organisation"}

    assert "OCN" not in organisations("--lexicon-dir", tmp_path / "none")
    assert "OCN" in organisations("--lexicon-dir", lexicon)


def test_a_dead_worker_does_not_lose_documents(inputs):
    paths = list(iter_document_paths(inputs))
    expected = [outcome.record for outcome in extract_stream(paths, jobs=1)]
    records = []
    for outcome in extract_stream(paths, jobs=2):
        if not records:
            os.kill(multiprocessing.active_children()[0].pid, signal.SIGKILL)
        records.append(outcome.record)
    assert records == expected


def test_build_with_workers_stores_the_same_graph(tmp_path, inputs):
    graphs = []
    for jobs in (1, 2):
        with open_store("embedded", data_dir=tmp_path / f"data-{jobs}") as store:
            report = build(inputs, store, jobs=jobs)
            assert (report.added, report.failed) == (len(list(iter_document_paths(inputs))), [])
            graphs.append((store.stats(), read_nodes(store), read_relationships(store)))
    assert graphs[1] == graphs[0]


def test_build_command_takes_jobs(tmp_path, inputs):
    notes = tmp_path / "notes"
    for folder in inputs:
        shutil.copytree(folder, notes, dirs_exist_ok=True, ignore=shutil.ignore_patterns("*.json", "*.md"))
    data = ["--data-dir", tmp_path / "data"]
    first = run("build", "--jobs", 2, notes, *data)
    assert first.exit_code == 0 and first.stdout.startswith(f"{len(list(notes.iterdir()))} added, 0 changed")
    second = run("build", "--jobs", 2, notes, *data)
    assert second.stdout.startswith(f"0 added, 0 changed, {len(list(notes.iterdir()))} unchanged")


def _workers_of(pid):
    """The command's forkserver, which has preloaded the pipeline, and the workers forked from it."""
    tree = processes.parents()
    servers = [child for child in processes.children(pid, tree)
               if "forkserver" in (command := processes.command_line(child)) and WARMUP_MODULE in command]
    return servers, [worker for server in servers for worker in processes.children(server, tree)]


def _alive(pid):
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ")[1][0] != "Z"  # a zombie has exited
    except FileNotFoundError:
        return False


def test_workers_exit_when_the_command_is_killed(tmp_path, inputs):
    for copy in range(4):  # enough documents that the command is still extracting when it is killed
        for folder in inputs:
            shutil.copytree(folder, tmp_path / f"notes{copy}" / folder.name, ignore=shutil.ignore_patterns("*.json", "*.md"))
    command = subprocess.Popen([sys.executable, "-m", "motesgraf.cli", "extract", "--jobs", "2", tmp_path],
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    command.stdout.readline()  # the first record: the workers are running
    servers, workers = _workers_of(command.pid)
    assert len(servers) == 1 and len(workers) == 2
    command.kill()
    command.wait()
    deadline = time.monotonic() + 30
    while any(map(_alive, servers + workers)) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not any(map(_alive, servers + workers))
