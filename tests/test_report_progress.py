"""`motesgraf report` shows a progress bar with rate and ETA on stderr when asked (or on a terminal), never
names from the notes, and nothing when stderr is not a terminal or with --no-progress."""

import re
import shutil

import pytest
from click.testing import CliRunner

from motesgraf.cli import main
from motesgraf.graph.build import build
from motesgraf.graph.store import open_store
from motesgraf.visualisations.report import report_steps, write_report


@pytest.fixture(scope="module")
def data_dir(shared_dir, tmp_path_factory):
    notes = tmp_path_factory.mktemp("notes")
    for path in sorted((shared_dir / "samples").glob("*.txt")):
        shutil.copy(path, notes / path.name)
    data = tmp_path_factory.mktemp("data")
    with open_store("embedded", data_dir=data) as store:
        build([notes], store)
        names = [row["name"] for row in store.run("MATCH (p:Person) RETURN p.name AS name")]
    assert names
    return data, names


def test_write_report_calls_back_once_per_step(data_dir, tmp_path):
    calls = []
    with open_store("embedded", data_dir=data_dir[0]) as store:
        write_report(store, tmp_path / "out", on_step=lambda: calls.append(1))
    assert len(calls) == report_steps(screenshots=False) == 7


def test_progress_bar_on_stderr_with_rate_and_no_names(data_dir, tmp_path):
    data, names = data_dir
    result = CliRunner().invoke(main, ["report", str(tmp_path / "out"), "--data-dir", str(data), "--progress"])
    assert result.exit_code == 0, result.output
    bar = result.stderr
    final = bar.replace("\r", "\n").strip().splitlines()[-1]
    assert re.match(r"report: 100%\|.*\| 7/7 \[[0-9:]+<[0-9:]+, +[0-9.?]+ *(step/s|s/step)\]", final), final
    assert not any(name in bar for name in names)
    assert "index.html" in result.stdout and "index.html" not in bar


@pytest.mark.parametrize("flags", [[], ["--no-progress"]])
def test_no_bar_without_a_terminal_or_with_no_progress(data_dir, tmp_path, flags):
    result = CliRunner().invoke(main, ["report", str(tmp_path / "out"), "--data-dir", str(data_dir[0]), *flags])
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert "actors.html" in result.stdout
