"""Progress bars (`--progress/--no-progress`): rate and ETA on stderr, stdout untouched, no file or person names
in the bar, off by default when stderr is not a terminal."""

import json
import re
import shutil

import pytest
from click.testing import CliRunner

from conftest import FIXTURE_NOTES
from motesgraf.cli import main
from motesgraf.progress import track

# tqdm's "12/18 [00:03<00:01, 4.51doc/s]": count/total, elapsed<ETA, rate (or seconds per doc when slow)
BAR = re.compile(r"\d+/(\d+) \[\d\d:\d\d<\d\d:\d\d, +[\d.]+(?:doc/s|s/doc)\]")


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture
def notes(tmp_path, shared_dir):
    folder = tmp_path / "notes"
    folder.mkdir()
    for path in [*sorted((shared_dir / "samples").glob("*.txt")), *sorted(FIXTURE_NOTES.glob("0*.txt"))]:
        shutil.copy(path, folder / path.name)
    return folder


def _names_in(stdout):
    records = [json.loads(line) for line in stdout.splitlines()]
    people = {e["name"] for r in records for e in r["entities"] if e["type"] == "Person"}
    return people | {r["source"].rsplit("/", 1)[-1] for r in records}


def test_extract_progress_goes_to_stderr_with_rate_and_eta(notes):
    shown = run("extract", "--jobs", 1, "--progress", notes)
    quiet = run("extract", "--jobs", 1, "--no-progress", notes)
    assert shown.exit_code == quiet.exit_code == 0
    assert shown.stdout == quiet.stdout  # the JSONL is untouched
    totals = {int(match.group(1)) for match in BAR.finditer(shown.stderr)}
    assert totals == {len(list(notes.iterdir()))}
    assert quiet.stderr == ""
    names = _names_in(quiet.stdout)
    assert len(names) > 10 and not [name for name in names if name in shown.stderr]


def test_progress_is_off_when_stderr_is_not_a_terminal(notes):
    assert run("extract", "--jobs", 1, notes).stderr == ""  # CliRunner's stderr is not a terminal


def test_build_and_evaluate_show_progress(notes, tmp_path, shared_dir):
    built = run("build", "--jobs", 1, "--progress", notes, "--data-dir", tmp_path / "data")
    assert built.exit_code == 0 and BAR.search(built.stderr)
    assert built.stdout.startswith(f"{len(list(notes.iterdir()))} added")
    assert "%" not in built.stdout and "doc/s" not in built.stdout
    again = run("build", "--jobs", 1, "--progress", notes, "--data-dir", tmp_path / "data")
    assert BAR.search(again.stderr)  # unchanged documents advance the bar too
    scored = run("evaluate", "--jobs", 1, "--progress", shared_dir / "gold", shared_dir / "samples")
    assert scored.exit_code == 0 and BAR.search(scored.stderr) and scored.stdout.startswith("category")


def test_errors_are_whole_lines_next_to_the_bar(notes):
    (notes / "empty.txt").write_bytes(b"")
    result = run("extract", "--jobs", 1, "--progress", notes)
    errors = [line for line in result.stderr.replace("\r", "\n").splitlines() if "empty.txt" in line]
    assert len(errors) == 1 and errors[0].startswith(f"error: {notes / 'empty.txt'}: ")


def test_track_yields_every_item_and_counts_them(capsys):
    assert list(track(range(5), total=5, unit="item", label="phase", enabled=True)) == [0, 1, 2, 3, 4]
    assert "5/5" in capsys.readouterr().err
