"""Logs and error output carry no personal names unless `motesgraf --debug`: build, extract, query, report, export
and forget on the sample notes, as real processes (stderr) and in-process at INFO (every logger, Neo4j's driver
included), never print a name from the gold annotations; with --debug they may, and the check sees it."""

import logging
import os
import subprocess
import sys

import pytest

from gold_names import found_in, gold_names
from motesgraf.graph.build import build
from motesgraf.graph.store import open_store
from motesgraf.queries import run_query
from motesgraf.visualisations.report import write_report

MOTESGRAF = [sys.executable, "-m", "motesgraf.cli"]


@pytest.fixture(scope="module")
def names(shared_dir):
    return gold_names(shared_dir)


@pytest.fixture(scope="module")
def notes(shared_dir, tmp_path_factory):
    """The samples plus files that fail (empty, binary), so error paths are exercised too."""
    folder = tmp_path_factory.mktemp("notes")
    for sample in sorted((shared_dir / "samples").iterdir()):
        (folder / sample.name).write_bytes(sample.read_bytes())
    (folder / "empty.txt").write_text("")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 8)
    return folder


def _stderr(*args, cwd) -> str:
    env = {**os.environ, "PYTHONWARNINGS": "default"}
    done = subprocess.run([*MOTESGRAF, *map(str, args)], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=600)
    assert done.returncode in (0, 1, 3), done.stderr
    return done.stderr


def test_command_stderr_has_no_names(notes, names, tmp_path):
    commands = [
        ("build", notes, "--jobs", 1),
        ("build", notes, "--jobs", 2),  # worker processes too (unchanged documents: nothing to extract)
        ("extract", notes, "--jobs", 1),
        ("query", "person-history", "--param", "name=Linda Karlsson"),
        ("query", "--cypher", "MATCH (p:Person) RETURN p.name AS name"),
        ("report", tmp_path / "report"),
        ("export", "--format", "json", tmp_path / "graph.json"),
        ("forget", "Linda Karlson"),  # not found: says so without suggesting stored names
        ("forget", "Per Överberg"),
    ]
    stderr = "\n".join(_stderr(*command, cwd=tmp_path) for command in commands)
    assert "error:" in stderr  # the failing files were reported
    typed = ["Per Överberg"]  # the forget command's own argument
    assert found_in(stderr, [n for n in names if n not in typed]) == [], stderr


def test_debug_may_show_names_and_the_check_sees_them(notes, names, tmp_path):
    _stderr("build", notes, "--jobs", 1, cwd=tmp_path)
    quiet = _stderr("forget", "Linda Karlson", cwd=tmp_path)
    loud = _stderr("--debug", "forget", "Linda Karlson", cwd=tmp_path)
    assert found_in(quiet, names) == []
    assert found_in(loud, names) == ["Linda Karlsson"]  # the close match, offered at debug level only


@pytest.mark.parametrize("backend", ["embedded", "neo4j"])
def test_library_logs_at_info_have_no_names(backend, notes, names, tmp_path, caplog, request):
    caplog.set_level(logging.INFO)
    options = ({"uri": request.getfixturevalue("neo4j_uri")} if backend == "neo4j"
               else {"data_dir": tmp_path / "data"})
    with open_store(backend, **options) as store:
        if backend == "neo4j":
            store.run("MATCH (n) DETACH DELETE n", read_only=False)
        report = build([notes], store, jobs=1)
        rows = run_query(store, "person-history", name="Linda Karlsson")
        write_report(store, tmp_path / "report")
    assert report.added == 2 and len(report.failed) == 2 and rows  # names were read and returned, not logged
    assert caplog.records  # the failing files were logged
    assert found_in(caplog.text, names) == [], caplog.text
