"""Property tests (hypothesis) of the parsers on random and near-Swedish input: the only exception that may
escape is ReadError (reading), nothing at all from cleaning, structure parsing and extraction, and every span
in a record is a slice of the text as read."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from motesgraf.extraction.lexicons import load_lexicons
from motesgraf.extraction.normalise import clean
from motesgraf.extraction.reading import READ_ERROR_KINDS, SUPPORTED_SUFFIXES, ReadError, read_document
from motesgraf.extraction.structure import parse_structure

# Words and layout that the parsers react to, so random documents reach deep into them.
SWEDISH_PIECES = [
    "Närvarande", "NÄRVARANDE:", "Frånvarande", "Deltagare", "Ersättare", "Anmält förhinder", "Justerare",
    "Antecknat av", "Vid protokollet", "Ordförande", "(ordf.)", "(S)", "(M)", "§ 12", "1.", "2)", "3.",
    "Anna", "Berg", "Åsa", "Öberg", "Lisa A L", "Erik Lindström", "Umeå", "Göteborgs Stad", "Härryda kommun",
    "GR", "SKR", "KLARA", "Stenungssund", "berättar om", "informerar", "hälsar välkommen", "samverkan med",
    "I GR ingår:", "Datum: 2019-03-14", "2021", "feriejobb", "[SKR](#)", "\\(x\\)", "samver-\nkan", "\u00ad",
    "A\u030a", "😀", "مريم", "\u202e", "'}) DETACH DELETE n //", "<script>", ",", ":", ";", "-", "•", "\t",
    "\n", "\n\n", "\r\n", " ", "  ",
]
near_swedish = st.lists(st.sampled_from(SWEDISH_PIECES) | st.text(max_size=12), max_size=80).map("".join)
any_text = st.text(max_size=400) | near_swedish

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture(scope="module")
def lexicons():
    return load_lexicons(None)


@pytest.mark.parametrize("suffix", SUPPORTED_SUFFIXES)
@FAST
@given(data=st.binary(max_size=2048) | near_swedish.map(lambda text: text.encode("utf-8")))
def test_read_document_raises_only_read_error(tmp_path, suffix, data):
    path = tmp_path / f"random{suffix}"
    path.write_bytes(data)
    try:
        source = read_document(path)
    except ReadError as error:
        assert error.kind in READ_ERROR_KINDS
        assert len(str(error).splitlines()) == 1 and str(path) in str(error)
    else:
        assert source.text.strip()


@FAST
@given(text=any_text)
def test_clean_never_raises_and_maps_every_span_back(text):
    cleaned = clean(text)
    assert cleaned.source_offset(len(cleaned.text)) == len(text)
    for start in range(0, len(cleaned.text), 7):
        source_start, source_end = cleaned.source_span(start, min(start + 5, len(cleaned.text)))
        assert 0 <= source_start <= source_end <= len(text)


@FAST
@given(text=any_text)
def test_structure_never_raises_and_its_spans_lie_in_the_text(lexicons, text):
    cleaned = clean(text).text
    structure = parse_structure(cleaned, lexicons)
    for attendee in structure.attendees:
        assert 0 <= attendee.line_start <= attendee.start < attendee.end <= attendee.line_end <= len(cleaned)
        assert attendee.name.strip()
    for item in structure.agenda_items:
        assert 0 <= item.start <= item.end <= item.body_end <= len(cleaned)
    for role in structure.roles:
        assert 0 <= role.start < role.end <= len(cleaned)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=any_text)
def test_extractor_never_raises_and_every_span_is_a_slice(extractor, text):
    record = extractor.extract_text(text, source="random")
    for span in _spans(record):
        assert text[span["start"]:span["end"]] == span["text"]
    for item in record["agenda_items"]:
        assert 0 <= item["start"] <= item["end"] <= len(text)


def _spans(record: dict) -> list[dict]:
    found = [attendee["evidence"] for attendee in record["attendees"]]
    found += [mention for entity in record["entities"] for mention in entity["mentions"]]
    return found + [relation["evidence"] for relation in record["relations"] if relation.get("evidence")]
