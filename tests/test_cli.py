"""The `motesgraf` command line: output shapes, bad input, exit codes, and that every command is documented."""

import json
import re
import shutil

import docx
import pytest
from click.testing import CliRunner
from fpdf import FPDF

from conftest import FIXTURE_NOTES, REPO
from motesgraf.cli import main

RECORD_KEYS = {"source", "meeting", "attendees", "minute_taker", "agenda_items", "entities", "relations"}


def run(*args, **kwargs):
    result = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False, **kwargs)
    return result


def jsonl(output):
    return [json.loads(line) for line in output.splitlines() if line.strip()]


def test_extract_prints_one_object_per_document_in_input_order(shared_dir):
    samples = sorted((shared_dir / "samples").glob("*.txt"))
    result = run("extract", samples[1], samples[0], "--format", "jsonl")
    assert result.exit_code == 0
    records = jsonl(result.stdout)
    assert [r["source"] for r in records] == [str(samples[1]), str(samples[0])]
    for record in records:
        assert RECORD_KEYS <= set(record)
        assert set(record["meeting"]) >= {"title", "date", "year", "year_inferred"}
        assert all(set(a) >= {"name", "affiliation", "status", "role", "party"} for a in record["attendees"])
        assert all(set(i) >= {"number", "title"} for i in record["agenda_items"])
        for entity in record["entities"]:
            assert entity["type"] in {"Person", "Municipality", "Organisation", "Topic", "Place"}
            assert set(entity) >= {"name", "key", "aliases", "mentions"}
        for relation in record["relations"]:
            assert set(relation) >= {"type", "source", "target", "method", "evidence"}
            assert relation["method"] in {"structure", "rule", "inferred"}


def _broken_inputs(folder):
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 20)
    (folder / "fake.pdf").write_bytes(b"this is not a pdf at all")
    (folder / "fake.docx").write_bytes(b"PK\x03\x04 broken zip")
    (folder / "notes.rtf").write_text("{\\rtf1 hej}")
    return ["empty.txt", "binary.txt", "fake.pdf", "fake.docx", "notes.rtf"]


def test_bad_files_get_one_line_each_and_the_rest_is_extracted(tmp_path):
    broken = _broken_inputs(tmp_path)
    shutil.copy(FIXTURE_NOTES / "02_natverk_arbetsmarknadschefer_2023.txt", tmp_path / "good.txt")
    inputs = [tmp_path / name for name in broken] + [tmp_path / "good.txt"]
    result = run("extract", *inputs)
    assert result.exit_code == 3  # some files were skipped, the rest went in
    assert [r["source"] for r in jsonl(result.stdout)] == [str(tmp_path / "good.txt")]
    *errors, summary = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(errors) == len(broken)
    for name, line in zip(broken, errors):
        assert name in line and "Traceback" not in line
    assert summary == ("skipped 5 of 6 files: 1 binary, 1 empty, 1 not a DOCX, 1 not a PDF, 1 unsupported type")


def test_nothing_readable_exits_non_zero(tmp_path):
    broken = _broken_inputs(tmp_path)
    result = run("extract", *[tmp_path / name for name in broken])
    assert result.exit_code == 1
    assert result.stdout == ""


def test_folder_input_reads_docx_and_pdf(tmp_path):
    document = docx.Document()
    document.add_paragraph("Anteckningar styrgruppen")
    document.add_paragraph("Närvarande")
    table = document.add_table(rows=2, cols=2)
    for row, (name, place) in zip(table.rows, [("Anna Berglund", "Umeå"), ("Erik Lindström", "Vännäs")]):
        row.cells[0].text, row.cells[1].text = name, place
    document.add_paragraph("1. Inledning")
    document.add_paragraph("Anna hälsar välkommen.")
    document.add_paragraph("2. Feriejobb")
    document.add_paragraph("Erik berättar om feriejobben i Vännäs.")
    document.save(tmp_path / "a.docx")
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=11)
    pdf.multi_cell(0, 6, "Protokoll Datum: 2019-03-14 Närvarande Åsa Öberg, Härryda Per Lindqvist, Mölndal "
                         "§ 1 Mötets öppnande Åsa hälsar välkommen.")
    pdf.output(str(tmp_path / "b.pdf"))
    records = jsonl(run("extract", tmp_path).stdout)
    assert [r["format"] for r in records] == ["docx", "pdf"]
    assert [(a["name"], a["affiliation"]) for a in records[0]["attendees"]] == [
        ("Anna Berglund", "Umeå"), ("Erik Lindström", "Vännäs")]
    assert [(a["name"], a["affiliation"]) for a in records[1]["attendees"]] == [
        ("Åsa Öberg", "Härryda"), ("Per Lindqvist", "Mölndal")]
    assert records[1]["meeting"]["date"] == "2019-03-14"


def test_date_option_overrides_the_text(shared_dir):
    sample = sorted((shared_dir / "samples").glob("*.txt"))[0]
    record = jsonl(run("extract", sample, "--date", "2021-02-05").stdout)[0]
    assert record["meeting"] == {**record["meeting"], "date": "2021-02-05", "year": 2021, "year_inferred": False}


def test_evaluate_prints_scores_per_category(shared_dir):
    result = run("evaluate", shared_dir / "gold", shared_dir / "samples")
    assert result.exit_code == 0
    rows = {line.split()[0]: line.split()[1:4] for line in result.stdout.splitlines()[2:]}
    assert rows["attendees"] == ["1.00", "1.00", "1.00"]
    assert {"persons", "municipalities", "organisations", "agenda_items", "minute_taker"} <= set(rows)


def test_review_accept_applies_on_the_next_run(tmp_path):
    note = tmp_path / "note.txt"
    note.write_text("Anteckningar\n\nNärvarande\nAnna Berglund, Umeå\n\n1. Aktuellt\n"
                    "Anna berättar om samarbetet med KLARA-projektet och Nolia.\n", encoding="utf-8")
    lexicon = tmp_path / "lexicon"
    before = run("review", note, "--lexicon-dir", lexicon)
    assert re.search(r"unknown acronym\s+KLARA", before.stdout)
    run("review", "--accept", "KLARA=Organisation", "--lexicon-dir", lexicon)
    after = jsonl(run("extract", note, "--lexicon-dir", lexicon).stdout)[0]
    assert any(e["name"] == "KLARA" and e["type"] == "Organisation" for e in after["entities"])
    assert "KLARA" not in run("review", note, "--lexicon-dir", lexicon).stdout
    run("review", "--reject", "KLARA", "--lexicon-dir", lexicon)
    rejected = jsonl(run("extract", note, "--lexicon-dir", lexicon).stdout)[0]
    assert not any(e["name"] == "KLARA" for e in rejected["entities"])
    assert not any(item["text"] == "KLARA" for item in rejected["review"])


def test_review_refuses_an_unknown_type(tmp_path):
    result = CliRunner().invoke(main, ["review", "--accept", "X=Planet", "--lexicon-dir", str(tmp_path)])
    assert result.exit_code != 0


@pytest.mark.parametrize("command", sorted(main.commands))
def test_every_command_is_documented_in_the_readme(command):
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert f"motesgraf {command}" in readme, f"README.md does not document `motesgraf {command}`"


def test_build_stats_and_export_with_the_embedded_default(shared_dir, tmp_path):
    data = ["--data-dir", tmp_path / "data"]
    first = run("build", shared_dir / "samples", *data)
    assert first.exit_code == 0 and first.stdout.startswith("2 added, 0 changed, 0 unchanged")
    second = run("build", shared_dir / "samples", *data)
    assert second.stdout.startswith("0 added, 0 changed, 2 unchanged")
    stats = run("stats", *data).stdout
    assert stats == second.stdout.split("\n", 1)[1]
    gold = [json.loads(p.read_text(encoding="utf-8")) for p in (shared_dir / "gold").glob("*.json")]
    people = set().union(*(g["persons"]["required"] for g in gold))  # the same person in two meetings is one node
    assert re.search(rf"Person\s+{len(people)}\n", stats)
    out = run("export", "--format", "graphml", tmp_path / "g.graphml", *data)
    assert out.stdout.strip() == str(tmp_path / "g.graphml")


def test_build_against_neo4j_from_the_environment(shared_dir, neo4j_uri):
    env = {"NEO4J_URI": neo4j_uri, "MOTESGRAF_BACKEND": "neo4j"}
    run("build", shared_dir / "samples", env=env)
    assert re.search(r"Meeting\s+\d+", run("stats", env=env).stdout)


def test_unreachable_neo4j_is_a_clean_error(shared_dir):
    result = CliRunner().invoke(main, ["stats", "--backend", "neo4j", "--neo4j-uri", "bolt://127.0.0.1:1"])
    assert result.exit_code == 1
    assert result.output.startswith("Error: cannot use Neo4j at bolt://127.0.0.1:1") and "Traceback" not in result.output
