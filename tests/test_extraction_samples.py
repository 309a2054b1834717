"""The two real sample notes against the hand-made gold annotations."""

import pytest

from motesgraf.extraction.evaluate import evaluate
from motesgraf.extraction.reading import read_document


@pytest.fixture(scope="module")
def records(shared_dir, extractor):
    return [extractor.extract_path(path) for path in sorted((shared_dir / "samples").glob("*.txt"))]


@pytest.fixture(scope="module")
def scores(shared_dir, records):
    scores, warnings = evaluate(shared_dir / "gold", records)
    assert not warnings
    return scores


@pytest.mark.parametrize("category", ["attendees", "agenda_items", "minute_taker", "meeting_year"])
def test_structure_matches_gold_exactly(scores, category):
    score = scores[category]
    assert (score.precision, score.recall) == (1.0, 1.0), score


@pytest.mark.parametrize("category", ["persons", "municipalities", "organisations"])
def test_entities_f1_at_least_095(scores, category):
    assert scores[category].f1 >= 0.95, scores[category]


def test_all_first_name_mentions_linked(scores):
    assert scores["first_name_mentions"].recall == 1.0, scores["first_name_mentions"]


def test_every_span_is_a_slice_of_the_text_as_read(records):
    for record in records:
        text = read_document(record["source"]).text
        spans = [m for e in record["entities"] for m in e["mentions"]]
        spans += [r["evidence"] for r in record["relations"]]
        spans += [a["evidence"] for a in record["attendees"]]
        assert spans
        for span in spans:
            assert text[span["start"]:span["end"]] == span["text"]


def test_markdown_link_residue_is_cleaned_but_offsets_point_into_the_source(records):
    """`[SKR har gjort en skrivelse ...](#)`: SKR is found inside the link, at its place in the raw text."""
    record = next(r for r in records if r["source"].endswith("000_c362ad140e95039c.txt"))
    text = read_document(record["source"]).text
    skr = next(e for e in record["entities"] if e["name"] == "SKR")
    inside_link = text.index("[SKR har gjort") + 1
    assert any(m["start"] == inside_link for m in skr["mentions"])
    sentences = [r["evidence"]["text"] for r in record["relations"] if r["type"] == "MENTIONS"]
    assert any("](#)" in s for s in sentences)  # evidence is the text as read


def test_misspelt_municipality_is_corrected_in_the_attendee_list(records):
    record = next(r for r in records if r["source"].endswith("001_cfd02ca978cc86d5.txt"))
    margareta = next(a for a in record["attendees"] if a["name"] == "Margareta Olander")
    assert margareta["affiliation"] == "Stenungsund"
    assert "Stenungssund" in margareta["evidence"]["text"]


def test_same_person_under_another_municipality_is_one_key(records):
    keys = [next(e["key"] for e in r["entities"] if e["name"] == "Joakim Valtin") for r in records]
    affiliations = [next(a["affiliation"] for a in r["attendees"] if a["name"] == "Joakim Valtin") for r in records]
    assert keys[0] == keys[1]
    assert affiliations == ["Ale", "Lilla Edet"]


def test_genitives_and_aliases_resolve(records):
    first, second = records
    skr = next(e for e in first["entities"] if e["name"] == "SKR")
    assert "SKR:s" in {m["text"] for m in skr["mentions"]}
    af = next(e for e in second["entities"] if e["name"] == "Arbetsförmedlingen")
    assert "AF" in {m["text"] for m in af["mentions"]}
    assert any(e["name"] == "Göteborgs Stad" and e["type"] == "Organisation" for e in first["entities"])
    part_of = [r for r in first["relations"] if r["type"] == "PART_OF"]
    assert part_of and part_of[0]["target"].startswith("municipality:1480")


def test_membership_list_gives_member_of(records):
    second = records[1]
    members = {r["source"] for r in second["relations"] if r["type"] == "MEMBER_OF" and r["target"] == "organisation:gr"}
    assert {"municipality:1384", "municipality:1462", "municipality:1481", "municipality:1401"} <= members
