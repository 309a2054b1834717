"""Scoring of extraction records against the hand-made gold annotations."""

from pathlib import Path

import pytest

from motesgraf.extraction.evaluate import (
    CATEGORIES,
    Score,
    evaluate,
    evaluate_document,
    format_report,
    load_gold,
    load_gold_dir,
)

GOLD_DIR = Path(__file__).parents[2] / "shared" / "gold"
DOC_000 = "000_c362ad140e95039c.txt"
DOC_001 = "001_cfd02ca978cc86d5.txt"


@pytest.fixture(scope="module")
def golds() -> dict[str, dict]:
    # The gold files are the point of these tests: missing them is a failure, not a skip.
    if not GOLD_DIR.is_dir():
        pytest.fail(f"gold annotations not found at {GOLD_DIR} (expected ../shared/gold beside the repo)")
    return load_gold_dir(GOLD_DIR)


@pytest.fixture
def gold(golds) -> dict:
    return golds[DOC_000]


def _key(entity_type: str, name: str) -> str:
    return f"{entity_type.lower()}:{name}"


def _entity(entity_type: str, name: str, aliases=(), mentions=()) -> dict:
    return {
        "type": entity_type,
        "name": name,
        "key": _key(entity_type, name),
        "aliases": list(aliases),
        "mentions": [{"start": 0, "end": len(text), "text": text} for text in mentions],
    }


def _presented(person: str, agenda_index: int) -> dict:
    return {
        "type": "PRESENTED",
        "source": _key("Person", person),
        "target": f"agenda:{agenda_index}",
        "method": "test",
        "evidence": {"start": 0, "end": 0, "text": ""},
    }


def record_from_gold(gold: dict) -> dict:
    """A perfect prediction: everything required, nothing else."""
    first_names = {full: first for first, full in gold["first_name_mentions"].items()}
    persons = [
        _entity("Person", name, mentions=[name, *filter(None, [first_names.get(name)])])
        for name in gold["persons"]["required"]
    ]
    others = [
        _entity(entity_type, name)
        for category, entity_type in (("municipalities", "Municipality"), ("organisations", "Organisation"))
        for name in gold[category]["required"]
    ]
    return {
        "source": f"samples/{gold['document']}",
        "meeting": {"title": None, "date": None, "year": gold["meeting_year"], "year_inferred": False},
        "attendees": [{**a, "role": None, "party": None} for a in gold["attendees"]],
        "minute_taker": gold["minute_taker"],
        "agenda_items": [{"number": str(i), "title": t} for i, t in enumerate(gold["agenda_items"], 1)],
        "entities": persons + others,
        "relations": [_presented(p["person"], p["agenda_item"]) for p in gold["presenters"]],
    }


@pytest.fixture
def record(gold) -> dict:
    return record_from_gold(gold)


def _organisations(record: dict, *entities: dict) -> dict:
    """The record with its organisations replaced by ``entities``."""
    kept = [e for e in record["entities"] if e["type"] != "Organisation"]
    return {**record, "entities": kept + list(entities)}


# --- Score ---------------------------------------------------------------------


def test_score_derived_values():
    assert Score(tp=3, fp=1, fn=2).precision == 0.75
    assert Score(tp=3, fp=1, fn=2).recall == 0.6
    assert Score(tp=0, fp=2, fn=2).f1 == 0.0
    assert Score().precision == Score().recall == Score().f1 == 1.0
    assert Score(fn=1).precision == 0.0
    assert Score(fp=1).recall == 0.0


# --- loading -------------------------------------------------------------------


def test_load_gold_dir_keys_by_document(golds):
    assert set(golds) == {DOC_000, DOC_001}
    assert load_gold(GOLD_DIR / "001_cfd02ca978cc86d5.gold.json")["minute_taker"] == "Linda Karlsson"


def test_load_gold_dir_missing_directory_raises(tmp_path):
    with pytest.raises(FileNotFoundError):
        load_gold_dir(tmp_path / "nowhere")


# --- perfect prediction ----------------------------------------------------------


@pytest.mark.parametrize("document", [DOC_000, DOC_001])
def test_perfect_prediction_scores_one_everywhere(golds, document):
    gold = golds[document]
    scores = evaluate_document(gold, record_from_gold(gold))
    assert list(scores) == list(CATEGORIES)
    assert {c: s.f1 for c, s in scores.items()} == {c: 1.0 for c in CATEGORIES}
    assert all(s.fp == 0 and s.fn == 0 for s in scores.values())
    assert scores["attendees"].tp == len(gold["attendees"])
    assert scores["presenters"].tp == len(gold["presenters"])


def test_evaluate_micro_averages_and_warns(golds):
    records = [record_from_gold(g) for g in golds.values()]
    records.append({**records[0], "source": "elsewhere/unknown.txt"})
    records.append(records[0])
    totals, warnings = evaluate(GOLD_DIR, records)
    assert totals["attendees"] == Score(tp=17 + 19)
    assert totals["agenda_items"] == Score(tp=4 + 8)
    assert totals["minute_taker"] == Score(tp=1)  # doc 000 has no minute taker
    assert warnings == [
        "no gold annotation for record 'elsewhere/unknown.txt'",
        f"repeated record for {DOC_000}; only the first is scored",
    ]

    _, warnings = evaluate(GOLD_DIR, records[:1])
    assert warnings == [f"no record for gold document {DOC_001}"]


# --- attendees -------------------------------------------------------------------


def test_missing_attendee_is_fn(gold, record):
    record["attendees"] = record["attendees"][1:]
    assert evaluate_document(gold, record)["attendees"] == Score(tp=16, fp=0, fn=1)


def test_wrong_affiliation_is_fp_and_fn(gold, record):
    record["attendees"][0]["affiliation"] = "Lerum"
    assert evaluate_document(gold, record)["attendees"] == Score(tp=16, fp=1, fn=1)


def test_affiliation_parts_compared_through_aliases(golds):
    gold = golds[DOC_001]
    record = record_from_gold(gold)
    gunilla = next(a for a in record["attendees"] if a["name"] == "Gunilla Bergström")
    gunilla["affiliation"] = "FoU i Väst,  göteborgsregionen"
    assert evaluate_document(gold, record)["attendees"] == Score(tp=19)


def test_attendee_status_and_case(gold, record):
    record["attendees"][0]["name"] = "JULIA  MÅRTENSSON"  # case and spacing do not matter
    record["attendees"][1]["status"] = "absent"
    assert evaluate_document(gold, record)["attendees"] == Score(tp=16, fp=1, fn=1)


# --- agenda items and minute taker -----------------------------------------------


def test_agenda_items_order_insensitive(gold, record):
    record["agenda_items"] = list(reversed(record["agenda_items"]))
    record["agenda_items"][0]["title"] = "  kort  UPPDATERING – aktuellt "
    record["agenda_items"].append({"number": "1", "title": "Inledning"})  # duplicate
    assert evaluate_document(gold, record)["agenda_items"] == Score(tp=4, fp=1, fn=0)


@pytest.mark.parametrize(
    ("predicted", "expected"),
    [
        ("Linda Karlsson", Score(tp=1)),
        ("linda  karlsson", Score(tp=1)),
        ("Per Överberg", Score(fp=1, fn=1)),
        (None, Score(fn=1)),
    ],
)
def test_minute_taker(golds, predicted, expected):
    gold = golds[DOC_001]
    record = {**record_from_gold(gold), "minute_taker": predicted}
    assert evaluate_document(gold, record)["minute_taker"] == expected


def test_minute_taker_absent_in_gold(gold, record):
    assert evaluate_document(gold, record)["minute_taker"] == Score()
    record["minute_taker"] = "Linda Karlsson"
    assert evaluate_document(gold, record)["minute_taker"] == Score(fp=1)


# --- entities --------------------------------------------------------------------


def test_alias_matches_gold_item(gold, record):
    record = _organisations(
        record,
        _entity("Organisation", "AF"),
        _entity("Organisation", "Göteborgsregionen", aliases=["GR"]),
        _entity("Organisation", "sveriges kommuner och regioner"),
    )
    assert evaluate_document(gold, record)["organisations"] == Score(tp=3, fp=0, fn=3)


def test_optional_organisation_is_not_fp(gold, record):
    record["entities"].append(_entity("Organisation", "Regeringen"))
    assert evaluate_document(gold, record)["organisations"] == Score(tp=6, fp=0, fn=0)


def test_unknown_organisation_is_fp(gold, record):
    record["entities"].append(_entity("Organisation", "Skatteverket"))
    assert evaluate_document(gold, record)["organisations"] == Score(tp=6, fp=1, fn=0)


def test_second_prediction_of_same_gold_item_is_fp(gold, record):
    # Decision: each gold item matches once; a duplicate would be a second graph node.
    record["entities"].append(_entity("Organisation", "Arbetsförmedlingen"))
    record["entities"].append(_entity("Organisation", "AF"))
    record["entities"] += [_entity("Organisation", "Regeringen")] * 2  # optional, duplicated
    assert evaluate_document(gold, record)["organisations"] == Score(tp=6, fp=3, fn=0)


def test_entity_types_are_scored_separately(gold, record):
    record["entities"].append(_entity("Municipality", "GR"))  # right name, wrong type
    record["entities"].append(_entity("Topic", "Volvo"))  # other types are not scored
    scores = evaluate_document(gold, record)
    assert scores["municipalities"] == Score(tp=13, fp=1, fn=0)
    assert scores["organisations"] == Score(tp=6, fp=0, fn=0)


def test_missing_person_is_fn(gold, record):
    record["entities"] = [e for e in record["entities"] if e["name"] != "Roger Mörtvik"]
    assert evaluate_document(gold, record)["persons"] == Score(tp=17, fp=0, fn=1)


# --- first-name mentions ---------------------------------------------------------


def test_first_name_mention_linked_or_not(gold, record):
    persons = {e["name"]: e for e in record["entities"] if e["type"] == "Person"}
    persons["Björn Dufva Hellsten"]["mentions"] = [{"start": 0, "end": 20, "text": "Björn Dufva Hellsten"}]
    persons["Per Överberg"]["mentions"].append({"start": 0, "end": 3, "text": "per"})  # still has "Per"
    # "Linda" on the wrong person does not count for Linda Karlsson.
    persons["Linda Karlsson"]["mentions"] = []
    persons["Julia Mårtensson"]["mentions"].append({"start": 0, "end": 5, "text": "Linda"})
    assert evaluate_document(gold, record)["first_name_mentions"] == Score(tp=1, fp=0, fn=2)


# --- presenters --------------------------------------------------------------------


def test_presenters(gold, record):
    record["relations"] = [
        _presented("Linda Karlsson", 1),
        _presented("Linda Karlsson", 1),  # the same edge again counts once
        _presented("Per Överberg", 3),  # wrong agenda item
        {**_presented("Nobody", 2), "source": "person:unknown"},
        {"type": "ATTENDED", "source": _key("Person", "Per Överberg"), "target": "meeting"},
    ]
    assert evaluate_document(gold, record)["presenters"] == Score(tp=1, fp=2, fn=1)


def test_presenter_resolved_through_entity_alias(gold, record):
    per = next(e for e in record["entities"] if e["name"] == "Per Överberg")
    per["name"], per["aliases"] = "Per", ["Per Överberg"]
    assert evaluate_document(gold, record)["presenters"] == Score(tp=2)


# --- meeting year --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("year", "expected"),
    [(2021, Score(tp=1)), (2020, Score(fp=1, fn=1)), (None, Score(fn=1))],
)
def test_meeting_year(gold, record, year, expected):
    record["meeting"] = {**record["meeting"], "year": year}
    assert evaluate_document(gold, record)["meeting_year"] == expected


# --- report --------------------------------------------------------------------------


def test_format_report(gold, record):
    record["entities"].append(_entity("Organisation", "Skatteverket"))
    report = format_report(evaluate_document(gold, record))
    lines = report.splitlines()
    assert lines[0].split() == ["category", "P", "R", "F1", "tp", "fp", "fn"]
    assert [line.split()[0] for line in lines[2:]] == list(CATEGORIES)
    assert "organisations" in report
    organisations = next(line for line in lines if line.startswith("organisations"))
    assert organisations.split()[1:] == ["0.86", "1.00", "0.92", "6", "1", "0"]
    assert len({len(line) for line in lines}) == 1  # fixed width
