"""Bad input (issue 7): a corpus of hostile and odd files, generated here, through `extract` and `build`.

Each kind sits in a folder next to a good note. A refused file gets exactly one stderr line naming it (escaped
to one line), the summary counts it, the good note still goes in, and the exit code is 3; odd but readable
files are ingested as data. Nothing ever prints a traceback.
"""

from __future__ import annotations

import datetime
import io
import json
import os
import random
import shutil
import subprocess
import sys
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import docx
import pypdf
import pytest
from click.testing import CliRunner
from fpdf import FPDF

from conftest import FIXTURE_NOTES, REPO
from motesgraf.cli import main
from motesgraf.extraction.normalise import clean
from motesgraf.extraction.reading import MAX_BYTES, MAX_CHARACTERS, one_line, read_document
from motesgraf.graph.store import open_store

GOOD_NOTE = FIXTURE_NOTES / "02_natverk_arbetsmarknadschefer_2023.txt"
GOOD_NAME = "good.txt"
NOTE = "Anteckningar styrgruppen 2021-03-04\n\nNärvarande\n{attendees}\n\n1. Inledning\n{body}\n"
HOSTILE_CYPHER = "'}) MATCH (n) DETACH DELETE n //"
HOSTILE_HTML = "<script>alert('x')</script><img src=x onerror=alert(1)>"

FIRST = ["Anna", "Erik", "Maria", "Lars", "Karin", "Per", "Eva", "Nils", "Sara", "Johan"]
LAST = ["Berg", "Lind", "Ek", "Holm", "Strand", "Sjöberg", "Dahl", "Nyström", "Wall", "Forsberg"]
PLACES = ["Umeå", "Vännäs", "Luleå", "Kiruna", "Mora"]


def note(attendees: list[str], body: str = "Anna hälsar välkommen.") -> str:
    return NOTE.format(attendees="\n".join(attendees), body=body)


def pdf_bytes(pages: list[str]) -> bytes:
    pdf = FPDF()
    pdf.set_creation_date(datetime.datetime(2020, 1, 1, tzinfo=datetime.timezone.utc))  # same bytes every run
    pdf.set_font("helvetica", size=12)
    for text in pages:
        pdf.add_page()
        pdf.cell(text=text)
    return bytes(pdf.output())


# --- the kinds: each writes one bad item into the folder and returns its path -------------------------------


def write(folder: Path, name: str, data: bytes | str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def encrypted_pdf(folder: Path) -> Path:
    writer = pypdf.PdfWriter(clone_from=io.BytesIO(pdf_bytes(["Narvarande: Asa Oberg"])))
    writer.encrypt("hemligt", owner_password="ägare")
    buffer = io.BytesIO()
    writer.write(buffer)
    return write(folder, "secret.pdf", buffer.getvalue())


def image_only_pdf(folder: Path) -> Path:
    pdf = FPDF()
    pdf.add_page()
    pdf.rect(10, 10, 50, 50)
    return write(folder, "scan.pdf", bytes(pdf.output()))


def zip_of_something_else(folder: Path) -> Path:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hej")
    return write(folder, "fake.docx", buffer.getvalue())


def tables_only_docx(folder: Path) -> Path:
    document = docx.Document()
    table = document.add_table(rows=3, cols=2)
    for row, (name, place) in zip(table.rows, [("Närvarande", ""), ("Åsa Öberg", "Härryda"), ("Per Lind", "Mölndal")]):
        row.cells[0].text, row.cells[1].text = name, place
    path = folder / "tables.docx"
    document.save(path)
    return path


def truncated_docx(folder: Path) -> Path:
    tables_only_docx(folder)
    data = (folder / "tables.docx").read_bytes()
    (folder / "tables.docx").unlink()
    return write(folder, "cut.docx", data[: len(data) // 2])


def sparse_file(folder: Path, name: str, size: int) -> Path:
    path = folder / name
    with path.open("wb") as sparse:  # no blocks written: refusing it must not need reading it
        sparse.truncate(size)
    return path


def one_line_5mb(folder: Path) -> Path:
    words = "och att det som på är av för med till kommun möte arbete samverkan".split()
    rng = random.Random(5)
    text = " ".join(rng.choice(words) for _ in range(1_200_000))[: 5 * 2**20]
    return write(folder, "oneline.txt", text)


def deeply_nested(folder: Path) -> Path:
    # deeper than Python's recursion limit (1000): a recursive walk would crash
    deep = folder
    for _ in range(1200):  # Path.mkdir(parents=True) and os.makedirs recurse too
        deep = deep / "d"
        deep.mkdir()
    return write(deep, "deep.txt", note(["Åsa Öberg, Härryda"]))


def symlink_loop_folder(folder: Path) -> Path:
    (folder / "loop").symlink_to(folder)
    return folder / "loop"


def symlink_loop_file(folder: Path) -> Path:
    (folder / "self.txt").symlink_to(folder / "self.txt")
    return folder / "self.txt"


def dangling_symlink(folder: Path) -> Path:
    (folder / "gone.txt").symlink_to(folder / "nowhere" / "gone.txt")
    return folder / "gone.txt"


def unreadable_file(folder: Path) -> Path:
    path = write(folder, "locked.txt", note(["Åsa Öberg, Härryda"]))
    path.chmod(0)
    return path


def unreadable_folder(folder: Path) -> Path:
    locked = folder / "locked"
    write(locked, "inside.txt", note(["Åsa Öberg, Härryda"]))
    locked.chmod(0)
    return locked


def fifo(folder: Path) -> Path:
    os.mkfifo(folder / "pipe.txt")  # reading it would block forever
    return folder / "pipe.txt"


def many_attendees(folder: Path) -> Path:
    people = [f"{FIRST[i % 10]} {LAST[i // 10 % 10]}-{LAST[i // 100 % 10]} {LAST[i // 1000]}" for i in range(5000)]
    attendees = [f"{person}, {PLACES[i % len(PLACES)]}" for i, person in enumerate(people)]
    return write(folder, "many.txt", note(attendees))


def unicode_names(folder: Path) -> Path:
    attendees = ["Anna Berg, Umeå", "A\u030asa Lindqvist, Vännäs", "Åsa 😀 Öberg, Umeå", "مريم حسن, Luleå",
                 "דוד כהן, Mora", "Zoë\u200d Ek, Kiruna"]
    return write(folder, "unicode.txt", note(attendees, "Mötet öppnas 😀 av \u202eredro\u202c مريم."))


def cypher_text(folder: Path) -> Path:
    return write(folder, "zz_cypher.txt", note([f"Anna Berg{HOSTILE_CYPHER}, Umeå"], f"Anna berättar: {HOSTILE_CYPHER}")
                 + f"\n2. {HOSTILE_CYPHER}\n")


def html_text(folder: Path) -> Path:
    return write(folder, "zz_html.md", note(["Anna Berg, Umeå"], f"Anna visar {HOSTILE_HTML} för gruppen.")
                 + f"\n2. {HOSTILE_HTML}\n")


@dataclass(frozen=True)
class Kind:
    id: str
    make: Callable[[Path], Path]
    refused_as: str | None = None  # the summary's reason kind; None: the file is ingested (or ignored)
    given: bool = False  # also named on the command line (a folder walk does not pick it up)
    ignored: bool = False  # neither ingested nor refused: a loop that is not followed twice
    unprivileged: bool = False  # needs a user who cannot read everything
    hostile: str | None = None  # text that must be stored as data


KINDS = [
    Kind("empty", lambda f: write(f, "empty.txt", b""), "empty"),
    Kind("whitespace", lambda f: write(f, "blank.txt", " \r\n\t\n  \u00a0\n"), "empty"),
    Kind("bom-only", lambda f: write(f, "bom.txt", b"\xef\xbb\xbf"), "empty"),
    Kind("binary", lambda f: write(f, "image.txt", random.Random(1).randbytes(4096)),
         "binary"),
    Kind("nul-bytes", lambda f: write(f, "nul.txt", note(["Åsa Öberg, Härryda"]).encode() + b"\x00\x00ok"), "binary"),
    Kind("utf16-odd-length", lambda f: write(f, "odd.txt", b"\xff\xfe" + "Närvarande".encode("utf-16-le") + b"\x00"),
         "binary"),
    Kind("pdf-not-pdf", lambda f: write(f, "fake.pdf", "hej, det här är ingen pdf"), "not a PDF"),
    Kind("pdf-truncated", lambda f: write(f, "cut.pdf", pdf_bytes(["Narvarande: Asa Oberg"] * 3)[:900]), "not a PDF"),
    Kind("pdf-encrypted", encrypted_pdf, "encrypted PDF"),
    Kind("pdf-image-only", image_only_pdf, "no text layer"),
    Kind("docx-zip-of-other", zip_of_something_else, "not a DOCX"),
    Kind("docx-truncated", truncated_docx, "not a DOCX"),
    Kind("docx-plain-text", lambda f: write(f, "plain.docx", "Närvarande: Åsa Öberg"), "not a DOCX"),
    Kind("too-large-200mb", lambda f: sparse_file(f, "huge.txt", 200 * 2**20), "too large"),
    Kind("one-line-5mb", one_line_5mb, "too long"),
    Kind("unsupported-type", lambda f: write(f, "notes.rtf", "{\\rtf1 hej}"), "unsupported type", given=True),
    Kind("missing-file", lambda f: f / "missing.txt", "unreadable", given=True),
    Kind("fifo", fifo, "not a file", given=True),
    Kind("dangling-symlink", dangling_symlink, "unreadable"),
    Kind("unreadable-file", unreadable_file, "unreadable", unprivileged=True),
    Kind("unreadable-folder", unreadable_folder, "unreadable", unprivileged=True),
    Kind("name-with-newline", lambda f: write(f, "två\nrader\r.pdf", b"inte en pdf"), "not a PDF"),
    Kind("name-with-line-separator", lambda f: write(f, "sep\u2028\u0085x.txt", b""), "empty"),
    Kind("symlink-loop-folder", symlink_loop_folder, ignored=True),
    Kind("symlink-loop-file", symlink_loop_file, "symlink loop"),
    Kind("deeply-nested", deeply_nested),
    Kind("docx-tables-only", tables_only_docx),
    Kind("utf16-no-bom", lambda f: write(f, "utf16.txt", note(["Åsa Öberg, Härryda"]).encode("utf-16-le"))),
    Kind("cp1252", lambda f: write(f, "cp1252.txt", note(["Åsa Öberg, Härryda"], "Mötet – ”öppnas”…").encode("cp1252"))),
    Kind("mixed-encodings", lambda f: write(f, "mixed.txt", b"\n".join(
        line.encode("cp1252" if line.startswith("Göran") else "utf-8")
        for line in note(["Åsa Öberg, Härryda", "Göran Ärlig, Mölndal"]).split("\n")))),
    Kind("5000-attendees", many_attendees),
    Kind("attendee-lines-without-names", lambda f: write(f, "nonames.txt", note([",", ", Umeå", "-", "•", "(S)", "\t"]))),
    Kind("emoji-combining-rtl-names", unicode_names),
    Kind("cypher-text", cypher_text, hostile=HOSTILE_CYPHER),
    Kind("html-js-text", html_text, hostile=HOSTILE_HTML),
]


# --- running the commands --------------------------------------------------------------------------------------


@dataclass
class Run:
    exit_code: int
    stdout: str
    stderr: str


def corpus_with(kind: Kind, base: Path) -> tuple[Path, Path]:
    folder = base / "corpus"
    folder.mkdir()
    shutil.copy(GOOD_NOTE, folder / GOOD_NAME)
    return folder, kind.make(folder)


def run_cli(args: list[str], unprivileged: bool) -> Run:
    if unprivileged:  # a real process that permission bits apply to: root without its override capabilities
        drop = ["setpriv", "--bounding-set", "-dac_override,-dac_read_search"] if os.geteuid() == 0 else []
        done = subprocess.run([*drop, sys.executable, "-m", "motesgraf.cli", *args], capture_output=True,
                              text=True, timeout=300)
        return Run(done.returncode, done.stdout, done.stderr)
    result = CliRunner().invoke(main, args, catch_exceptions=False)
    return Run(result.exit_code, result.stdout, result.stderr)


@pytest.fixture
def base(tmp_path):
    yield tmp_path
    subprocess.run(["chmod", "-R", "u+rwx", str(tmp_path)], check=False)  # what the test locked
    subprocess.run(["rm", "-rf", str(tmp_path)], check=True)  # shutil.rmtree recurses: too deep for the nested kind


def run_kind(kind: Kind, base: Path, command: str) -> tuple[Run, Path, Path]:
    folder, bad = corpus_with(kind, base)
    extra = [str(bad)] if kind.given else []
    store = ["--data-dir", str(base / "data")] if command == "build" else []
    run = run_cli([command, str(folder), *extra, "--jobs", "1", *store], kind.unprivileged)
    assert "Traceback" not in run.stderr + run.stdout
    return run, folder, bad


def assert_refused(run: Run, kind: Kind, bad: Path, documents: int) -> None:
    lines = [line for line in run.stderr.splitlines() if line.strip()]
    assert len(lines) == 2, run.stderr
    error, summary = lines
    assert error.startswith("error: ") and one_line(str(bad)) in error
    assert summary == f"skipped 1 of {documents} files: 1 {kind.refused_as}"
    assert run.exit_code == 3


def graph_rows(data_dir: Path, cypher: str) -> list[dict]:
    with open_store("embedded", data_dir=data_dir) as store:
        return store.run(cypher)


@pytest.mark.parametrize("kind", KINDS, ids=[kind.id for kind in KINDS])
def test_extract_refuses_or_ingests_each_kind(kind, base):
    run, folder, bad = run_kind(kind, base, "extract")
    records = [json.loads(line) for line in run.stdout.splitlines()]
    sources = [record["source"] for record in records]
    assert str(folder / GOOD_NAME) in sources  # the rest of the folder went in
    if kind.refused_as:
        assert_refused(run, kind, bad, documents=2)
        assert str(bad) not in sources
        return
    assert (run.exit_code, run.stderr) == (0, "")
    if kind.ignored:
        assert sources == [str(folder / GOOD_NAME)]
        return
    (record,) = [record for record in records if record["source"] != str(folder / GOOD_NAME)]
    assert record["source"] == str(bad)
    check_ingested(kind, record)


def check_ingested(kind: Kind, record: dict) -> None:
    text = read_document(record["source"]).text
    for span in spans(record):  # offsets still point into the text as read
        assert text[span["start"]:span["end"]] == span["text"]
    attendees = [attendee["name"] for attendee in record["attendees"]]
    assert all(name.strip() for name in attendees)
    if kind.id in ("utf16-no-bom", "cp1252", "mixed-encodings", "deeply-nested", "docx-tables-only"):
        assert "Åsa Öberg" in attendees
    if kind.id == "mixed-encodings":
        assert "Göran Ärlig" in attendees
    if kind.id == "5000-attendees":
        assert len(attendees) == 5000
    if kind.id == "emoji-combining-rtl-names":
        assert {"Anna Berg", "Åsa Lindqvist"} <= set(attendees)  # the combining ring is composed


def spans(record: dict) -> list[dict]:
    found = [attendee["evidence"] for attendee in record["attendees"]]
    found += [mention for entity in record["entities"] for mention in entity["mentions"]]
    return found + [relation["evidence"] for relation in record["relations"] if relation.get("evidence")]


@pytest.mark.parametrize("kind", KINDS, ids=[kind.id for kind in KINDS])
def test_build_refuses_or_ingests_each_kind(kind, base):
    run, folder, bad = run_kind(kind, base, "build")
    meetings = {row["source"] for row in graph_rows(base / "data", "MATCH (m:Meeting) RETURN m.source AS source")}
    assert str(folder / GOOD_NAME) in meetings  # the rest of the folder went in
    if kind.refused_as:
        assert_refused(run, kind, bad, documents=2)
        assert run.stdout.startswith("1 added, 0 changed, 0 unchanged, 0 removed, 1 failed")
        assert meetings == {str(folder / GOOD_NAME)}
        return
    assert (run.exit_code, run.stderr) == (0, "")
    expected = {str(folder / GOOD_NAME)} | (set() if kind.ignored else {str(bad)})
    assert meetings == expected
    if kind.hostile:
        assert_stored_as_data(base / "data", kind.hostile, str(bad))


def assert_stored_as_data(data_dir: Path, hostile: str, source: str) -> None:
    """The hostile text is in the graph verbatim and executed nothing: the good note's people are all there."""
    titles = [row["title"] for row in graph_rows(data_dir, "MATCH (a:AgendaItem) RETURN a.title AS title")]
    evidence = [row["evidence"] for row in graph_rows(data_dir, "MATCH ()-[r:MENTIONS]->() RETURN r.evidence AS evidence")]
    assert any(hostile in text for text in titles + evidence if text)
    people = graph_rows(data_dir, "MATCH (p:Person)-[:ATTENDED]->(m:Meeting) RETURN p.name AS name, m.source AS source")
    good_people = [row for row in people if row["source"] != source]
    assert len(good_people) >= 5


# --- scale: many tiny files, and the cost of a long line --------------------------------------------------------


def test_100000_tiny_files_are_reported_quickly(base):
    folder = base / "many"
    for group in range(100):
        sub = folder / f"g{group:03}"
        sub.mkdir(parents=True)
        for index in range(1000):
            (sub / f"{index:04}.txt").touch()  # empty: rejected after one read
    shutil.copy(GOOD_NOTE, folder / GOOD_NAME)
    for command, store in [("extract", []), ("build", ["--data-dir", str(base / "data")])]:
        # CPU time, not wall time: the test machine is shared, and waiting for a core is not our cost
        started, wall = time.process_time(), time.perf_counter()
        result = CliRunner().invoke(main, [command, str(folder), "--jobs", "1", *store], catch_exceptions=False)
        seconds = time.process_time() - started
        lines = result.stderr.splitlines()
        assert result.exit_code == 3
        assert len(lines) == 100_001 and lines[-1] == "skipped 100000 of 100001 files: 100000 empty"
        print(f"\n{command}: 100,001 files in {seconds:.1f} CPU s ({time.perf_counter() - wall:.1f} s wall)")
        assert seconds < 40, f"{command} took {seconds:.1f} CPU s for 100,001 files"


def test_reading_and_cleaning_a_long_line_is_linear(tmp_path):
    """Ours (reading + normalise) on one line of 0.2 MB and 1 MB (the longest text read): 5x the text may cost
    at most ~8x the time. Longer texts are refused by length, before extraction."""
    def seconds_for(size: int) -> float:
        path = write(tmp_path, f"line{size}.md", ("Anna Berg [GR](#) \\(x\\) fö\u00ader- ening " * size)[:size])
        best = float("inf")
        for _ in range(3):
            started = time.perf_counter()
            clean(read_document(path).text)
            best = min(best, time.perf_counter() - started)
        return best

    small, large = seconds_for(200_000), seconds_for(MAX_CHARACTERS)
    print(f"\nread+clean of one line: 0.2 MB {small:.2f} s, 1 MB {large:.2f} s")
    assert large < 8 * small + 0.2


def test_too_large_is_refused_without_reading(tmp_path):
    path = sparse_file(tmp_path, "huge.txt", MAX_BYTES * 4)
    started = time.perf_counter()
    result = CliRunner().invoke(main, ["extract", str(path), "--jobs", "1"])
    assert time.perf_counter() - started < 5
    assert result.stderr.splitlines()[0] == f"error: {path}: file too large (200.0 MB > 50 MB)"
    assert result.exit_code == 1


# --- exit codes, --debug and unexpected errors ------------------------------------------------------------------


def test_nothing_readable_exits_1_and_all_good_exits_0(tmp_path):
    write(tmp_path / "bad", "empty.txt", b"")
    shutil.copy(GOOD_NOTE, tmp_path / GOOD_NAME)
    bad = CliRunner().invoke(main, ["extract", str(tmp_path / "bad"), "--jobs", "1"])
    good = CliRunner().invoke(main, ["extract", str(tmp_path / GOOD_NAME), "--jobs", "1"])
    assert (bad.exit_code, bad.stdout) == (1, "")
    assert bad.stderr.splitlines()[-1] == "skipped 1 of 1 files: 1 empty"
    assert (good.exit_code, good.stderr) == (0, "")


def test_summary_groups_reasons_by_count(tmp_path):
    for name in ["a.txt", "b.txt", "c.pdf"]:
        write(tmp_path, name, b"")
    write(tmp_path, "d.pdf", b"not a pdf")
    shutil.copy(GOOD_NOTE, tmp_path / GOOD_NAME)
    result = CliRunner().invoke(main, ["extract", str(tmp_path), "--jobs", "1"])
    assert result.stderr.splitlines()[-1] == "skipped 4 of 5 files: 3 empty, 1 not a PDF"
    assert result.exit_code == 3


def test_summary_after_evaluate_and_review(tmp_path, shared_dir):
    write(tmp_path / "notes", "empty.txt", b"")
    shutil.copy(GOOD_NOTE, tmp_path / "notes" / GOOD_NAME)
    evaluate = CliRunner().invoke(main, ["evaluate", str(shared_dir / "gold"), str(tmp_path / "notes"), "--jobs", "1"])
    review = CliRunner().invoke(main, ["review", str(tmp_path / "notes"), "--jobs", "1",
                                       "--lexicon-dir", str(tmp_path / "lexicon")])
    for result in (evaluate, review):
        assert result.exit_code == 3
        assert result.stderr.splitlines()[-1] == "skipped 1 of 2 files: 1 empty"


def unexpected_failure(tmp_path) -> list[str]:
    """A command that meets an exception no code expects: the export target's folder is a file."""
    write(tmp_path, "file.json", b"")
    return ["export", "--format", "json", str(tmp_path / "file.json" / "out.json"), "--data-dir", str(tmp_path / "data")]


def test_unexpected_errors_are_one_line_without_debug(tmp_path):
    done = subprocess.run([sys.executable, "-m", "motesgraf.cli", *unexpected_failure(tmp_path)],
                          capture_output=True, text=True, cwd=tmp_path, timeout=300)
    assert done.returncode == 1
    assert done.stderr == f"error: Not a directory: {tmp_path / 'file.json' / 'out.json'}\n"


def test_debug_shows_the_traceback(tmp_path):
    done = subprocess.run([sys.executable, "-m", "motesgraf.cli", "--debug", *unexpected_failure(tmp_path)],
                          capture_output=True, text=True, cwd=tmp_path, timeout=300)
    assert done.returncode == 1
    assert "Traceback (most recent call last)" in done.stderr


def test_debug_logs_the_traceback_of_a_failing_document(tmp_path, monkeypatch):
    from motesgraf.extraction import pipeline

    def broken(self, *args, **kwargs):
        raise RuntimeError("a bug in one document")

    shutil.copy(GOOD_NOTE, tmp_path / GOOD_NAME)
    monkeypatch.setattr(pipeline.Extractor, "extract_text", broken)  # a stand-in for a real bug
    quiet = CliRunner().invoke(main, ["extract", str(tmp_path / GOOD_NAME), "--jobs", "1"])
    loud = CliRunner().invoke(main, ["--debug", "extract", str(tmp_path / GOOD_NAME), "--jobs", "1"])
    assert quiet.stderr.splitlines() == [f"error: {tmp_path / GOOD_NAME}: internal error while extracting (RuntimeError)",
                                         "skipped 1 of 1 files: 1 internal error"]
    assert "Traceback" in loud.stderr and "a bug in one document" in loud.stderr
    assert quiet.exit_code == loud.exit_code == 1


def test_readme_documents_exit_codes_summary_and_debug():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "motesgraf --debug" in readme and "skipped 3 of 120 files" in readme
    for code in ("`0`", "`1`", "`2`", "`3`"):
        assert code in readme
