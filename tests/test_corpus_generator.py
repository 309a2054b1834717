"""bench/corpus.py: a seeded generator of Swedish meeting notes with exact gold, and the extractor scored on it."""

import hashlib
import sys
import time
from pathlib import Path

import pytest
from rapidfuzz.distance import Levenshtein

from conftest import REPO
from motesgraf.extraction.evaluate import evaluate, format_report, load_gold_dir

if str(REPO) not in sys.path:  # bench/ is not installed; it runs from the repository root
    sys.path.insert(0, str(REPO))

from bench.corpus import NEWCOMER_FIRST_NAMES, SWEDISH_FIRST_NAMES, generate  # noqa: E402


def _digest(directory: Path) -> dict[str, str]:
    return {str(p.relative_to(directory)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(directory.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("corpus200")
    started = time.perf_counter()
    summary = generate(out, 200, seed=11)
    elapsed = time.perf_counter() - started
    assert summary.documents == 200
    assert elapsed < 30, f"200 documents took {elapsed:.1f} s"
    return out


def test_same_seed_gives_identical_files(tmp_path):
    generate(tmp_path / "a", 20, seed=3)
    generate(tmp_path / "b", 20, seed=3)
    first, second = _digest(tmp_path / "a"), _digest(tmp_path / "b")
    assert len(first) == 40
    assert first == second
    generate(tmp_path / "c", 20, seed=4)
    assert _digest(tmp_path / "c") != first


def test_one_document_and_many_networks(tmp_path):
    assert generate(tmp_path / "one", 1, seed=0).documents == 1
    summary = generate(tmp_path / "many", 30, seed=0, networks=30)
    assert summary.networks == 30 and len(list((tmp_path / "many" / "notes").glob("*.txt"))) == 30


def test_name_pools_are_curated():
    assert len(SWEDISH_FIRST_NAMES) >= 150 and len(NEWCOMER_FIRST_NAMES) >= 40
    assert len(set(SWEDISH_FIRST_NAMES)) == len(SWEDISH_FIRST_NAMES)


def test_gold_loads_and_names_are_in_the_notes(corpus):
    golds = load_gold_dir(corpus / "gold")
    assert len(golds) == 200
    years = set()
    for document, gold in golds.items():
        text = " ".join((corpus / "notes" / document).read_text(encoding="utf-8").split())
        assert gold["attendees"], document
        for attendee in gold["attendees"]:
            assert attendee["name"] in text, (document, attendee["name"])
        for person in gold["persons"]["required"]:
            assert person in text, (document, person)
        for first, full in gold["first_name_mentions"].items():
            assert full in gold["persons"]["required"] and full.startswith(first + " ")
        assert gold["minute_taker"] in text
        words = set(text.replace(",", " ").split())
        for municipality in gold["municipalities"]["required"]:  # as written, or misspelt by one letter
            assert municipality in text or municipality.upper() in text or any(
                Levenshtein.distance(municipality, w.removesuffix("s")) == 1 for w in words), (document, municipality)
        for organisation in gold["organisations"]["required"]:
            names = [organisation, *gold["aliases"].get(organisation, [])]
            assert any(name in text for name in names), (document, organisation)
        assert 2012 <= gold["meeting_year"] <= 2025
        years.add(gold["meeting_year"])
        for presenter in gold["presenters"]:
            assert 1 <= presenter["agenda_item"] <= len(gold["agenda_items"])
    assert len(years) >= 5


def test_corpus_has_the_variety_it_promises(tmp_path):
    generate(tmp_path, 200, seed=5, networks=50)  # layouts are chosen per network: many networks, all layouts
    texts = [p.read_text(encoding="utf-8") for p in sorted((tmp_path / "notes").glob("*.txt"))]
    joined = "\n".join(texts)
    for marker in ("§ ", "1) ", "EJ NÄRVARANDE", "Tjänstgörande ersättare", "Namn\tKommun/organisation",
                   "Antecknat av", "Vid protokollet", "Justerare:", "SKR:s", "ESF-medel", " kommun\n", "(S)"):
        assert marker in joined, marker
    assert any(len(t.strip().splitlines()) <= 2 for t in texts), "no flattened document"


def test_extractor_on_generated_notes(corpus, extractor, capsys):
    notes = sorted((corpus / "notes").glob("*.txt"))[:60]
    records = [extractor.extract_path(path) for path in notes]
    gold_dir = corpus / "gold60"
    gold_dir.mkdir(exist_ok=True)
    for path in notes:
        name = f"{path.stem}.gold.json"
        (gold_dir / name).write_text((corpus / "gold" / name).read_text(encoding="utf-8"), encoding="utf-8")
    scores, warnings = evaluate(gold_dir, records)
    assert not warnings
    with capsys.disabled():
        print("\nextractor on 60 generated notes (bench/corpus.py, seed 11)\n" + format_report(scores))
    assert scores["attendees"].f1 >= 0.95
    for category in ("persons", "municipalities", "organisations"):
        assert scores[category].f1 >= 0.9, category
