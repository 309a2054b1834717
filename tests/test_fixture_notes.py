"""Invented notes from all over Sweden (tests/fixtures/notes): every attendance heading and format,
flattened PDF text, protocols, e-mail notes. Each note has a hand-checked .expected.json."""

import json

import pytest

from conftest import FIXTURE_NOTES

STEMS = sorted(p.name.removesuffix(".expected.json") for p in FIXTURE_NOTES.glob("*.expected.json"))


@pytest.fixture(scope="module")
def cases(extractor):
    return {stem: (json.loads((FIXTURE_NOTES / f"{stem}.expected.json").read_text(encoding="utf-8")),
                   extractor.extract_path(FIXTURE_NOTES / f"{stem}.txt")) for stem in STEMS}


def test_corpus_is_there():
    assert len(STEMS) >= 16


def _attendees(rows):
    return sorted((a["name"], a["affiliation"], a["status"], a["role"], a["party"]) for a in rows)


@pytest.mark.parametrize("stem", STEMS)
def test_attendees(cases, stem):
    expected, record = cases[stem]
    assert _attendees(record["attendees"]) == _attendees(expected["attendees"])


@pytest.mark.parametrize("stem", STEMS)
def test_agenda_items(cases, stem):
    expected, record = cases[stem]
    got = [(i["number"], i["title"]) for i in record["agenda_items"]]
    assert got == [(i["number"], i["title"]) for i in expected["agenda_items"]]


@pytest.mark.parametrize("stem", STEMS)
def test_roles(cases, stem):
    expected, record = cases[stem]
    assert (record["minute_taker"], record["chair"]) == (expected["minute_taker"], expected["chair"])
    assert sorted(record["adjusters"]) == sorted(expected["adjusters"])


@pytest.mark.parametrize("stem", STEMS)
def test_meeting(cases, stem):
    expected, record = cases[stem]
    meeting = {k: record["meeting"][k] for k in ("title", "date", "year", "year_inferred")}
    assert meeting == expected["meeting"]


@pytest.mark.parametrize("stem", STEMS)
def test_first_name_mentions(cases, stem):
    """Linked to the one attendee with that first name; a first name two attendees share stays unlinked."""
    expected, record = cases[stem]
    people = [e for e in record["entities"] if e["type"] == "Person"]
    for mention, full_name in expected["first_name_mentions"].items():
        holders = {p["name"] for p in people if any(m["text"] == mention for m in p["mentions"])}
        assert holders == ({full_name} if full_name else set()), mention


def _names(entity):
    return {n.casefold() for n in [entity["name"], *entity["aliases"]]}


@pytest.mark.parametrize("stem", STEMS)
@pytest.mark.parametrize("kind,key", [("Person", "persons"), ("Municipality", "municipalities"),
                                      ("Organisation", "organisations")])
def test_entities(cases, stem, kind, key):
    """Every expected entity is found (by name or alias) and nothing else of that type is."""
    expected, record = cases[stem]
    found = [e for e in record["entities"] if e["type"] == kind]
    wanted = {n.casefold() for n in expected[key]}
    missing = [n for n in expected[key] if not any(n.casefold() in _names(e) for e in found)]
    extra = [e["name"] for e in found if not _names(e) & wanted]
    assert (missing, extra) == ([], [])
