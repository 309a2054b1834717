"""Checks of the shipped organisation and topic lexicons and the agenda stop-word list."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import yaml

DATA = Path(__file__).parents[1] / "extraction" / "data"

KINDS = {
    "government_agency", "ministry", "government", "parliament", "region", "county_board", "municipal_federation",
    "member_organisation", "university", "folk_high_school", "school", "research_funder", "research",
    "coordination_association", "union", "employer_organisation", "employer", "eu_body", "international", "ngo",
    "religious", "political", "municipal_unit", "other",
}

REGIONS = {
    "Region Stockholm", "Region Uppsala", "Region Sörmland", "Region Östergötland", "Region Jönköpings län",
    "Region Kronoberg", "Region Kalmar län", "Region Gotland", "Region Blekinge", "Region Skåne", "Region Halland",
    "Västra Götalandsregionen", "Region Värmland", "Region Örebro län", "Region Västmanland", "Region Dalarna",
    "Region Gävleborg", "Region Västernorrland", "Region Jämtland Härjedalen", "Region Västerbotten",
    "Region Norrbotten",
}

COUNTIES = [
    "Stockholms län", "Uppsala län", "Södermanlands län", "Östergötlands län", "Jönköpings län", "Kronobergs län",
    "Kalmar län", "Gotlands län", "Blekinge län", "Skåne län", "Hallands län", "Västra Götalands län",
    "Värmlands län", "Örebro län", "Västmanlands län", "Dalarnas län", "Gävleborgs län", "Västernorrlands län",
    "Jämtlands län", "Västerbottens län", "Norrbottens län",
]


@pytest.fixture(scope="module")
def organisations() -> list[dict]:
    data = yaml.safe_load((DATA / "organisations.yaml").read_text(encoding="utf-8"))
    assert isinstance(data, list)
    return data


@pytest.fixture(scope="module")
def topics() -> list[dict]:
    data = yaml.safe_load((DATA / "topics.yaml").read_text(encoding="utf-8"))
    assert isinstance(data, list)
    return data


@pytest.fixture(scope="module")
def by_name(organisations) -> dict[str, dict]:
    return {o["name"]: o for o in organisations}


def test_every_organisation_has_name_and_valid_kind(organisations):
    for org in organisations:
        assert isinstance(org.get("name"), str) and org["name"].strip() == org["name"] and org["name"], org
        assert org.get("kind") in KINDS, org
        assert isinstance(org.get("ambiguous", False), bool), org
        for field in ("acronyms", "aliases"):
            values = org.get(field) or []
            assert isinstance(values, list), org
            assert all(isinstance(v, str) and v.strip() == v and v for v in values), org
        if org.get("full_name") is not None:
            assert isinstance(org["full_name"], str) and org["full_name"], org


def test_organisation_names_are_unique(organisations):
    counts = Counter(o["name"].casefold() for o in organisations)
    assert [n for n, c in counts.items() if c > 1] == []


def test_every_acronym_belongs_to_one_entry(organisations):
    owners: dict[str, set[str]] = {}
    for org in organisations:
        for acronym in org.get("acronyms") or []:
            owners.setdefault(acronym, set()).add(org["name"])
    assert {a: o for a, o in owners.items() if len(o) > 1} == {}


def test_every_alias_belongs_to_one_entry(organisations):
    """Names, full names and aliases are matched case-insensitively, so they must be unique that way."""
    owners: dict[str, set[str]] = {}
    for org in organisations:
        for alias in [org["name"], org.get("full_name"), *(org.get("aliases") or [])]:
            if alias:
                owners.setdefault(alias.casefold(), set()).add(org["name"])
    assert {a: o for a, o in owners.items() if len(o) > 1} == {}


def test_acronyms_do_not_name_another_entry(organisations):
    names = {}
    for org in organisations:
        for alias in [org["name"], org.get("full_name"), *(org.get("aliases") or [])]:
            if alias:
                names[alias.casefold()] = org["name"]
    clashes = [(a, org["name"], names[a.casefold()]) for org in organisations for a in org.get("acronyms") or []
               if names.get(a.casefold(), org["name"]) != org["name"]]
    assert clashes == []


def test_at_least_300_organisations(organisations):
    assert len(organisations) >= 300


@pytest.mark.parametrize("name", ["SKR", "GR", "Arbetsförmedlingen", "ESF", "Volvo", "Mittuniversitetet", "Forte",
                                  "Svenska kyrkan", "Validering Väst", "FoU i Väst", "Skolverket"])
def test_key_organisations_present(by_name, name):
    assert name in by_name


def test_key_organisation_details(by_name):
    assert "SKR" in by_name["SKR"]["acronyms"]
    assert by_name["SKR"]["full_name"] == "Sveriges Kommuner och Regioner"
    assert "Göteborgsregionen" in by_name["GR"]["aliases"]
    assert "AF" in by_name["Arbetsförmedlingen"]["acronyms"]
    assert "FK" in by_name["Försäkringskassan"]["acronyms"]
    assert {"ESF-rådet", "Svenska ESF-rådet"} <= set(by_name["ESF"]["aliases"])
    assert by_name["ESF"]["full_name"] == "Europeiska socialfonden"
    assert by_name["Forte"]["full_name"] == "Forskningsrådet för hälsa, arbetsliv och välfärd"
    assert "Volvo Cars" in by_name["Volvo"]["aliases"]
    assert by_name["FoU i Väst"]["kind"] == "research"
    assert by_name["Validering Väst"]["kind"] == "other"
    assert by_name["Kommunal"]["ambiguous"] and by_name["Vision"]["ambiguous"]


def test_all_regions_present(organisations):
    regions = {o["name"] for o in organisations if o["kind"] == "region"}
    assert regions == REGIONS


def test_all_county_boards_present(organisations):
    boards = [o for o in organisations if o["kind"] == "county_board"]
    assert len(boards) == 21
    official = {o.get("full_name") for o in boards} | {a for o in boards for a in o.get("aliases") or []}
    for county in COUNTIES:
        assert f"Länsstyrelsen i {county}" in official, county


def test_excluded_things_are_not_organisations(by_name):
    for name in ["DUA", "Finsam", "LOU", "LSS", "Jobbspår", "Extratjänster", "Göteborgs Stad", "Göteborg"]:
        assert name not in by_name


def test_topics_are_well_formed(topics):
    names = Counter(t["name"] for t in topics)
    assert [n for n, c in names.items() if c > 1] == []
    for topic in topics:
        assert topic["name"][:1].isupper(), topic
        terms = topic.get("terms")
        assert terms and isinstance(terms, list), topic
        for term in terms:
            assert isinstance(term, str) and term == term.lower() and term.strip() == term and term, topic


def test_topic_terms_belong_to_one_topic(topics):
    counts = Counter(term for t in topics for term in t["terms"])
    assert [t for t, c in counts.items() if c > 1] == []


@pytest.mark.parametrize("name", ["Feriejobb", "Jobbspår", "Validering", "Kompetensförsörjning", "DUA",
                                  "Försörjningsstöd", "Psykisk ohälsa", "Nyanlända"])
def test_key_topics_present(topics, name):
    assert name in {t["name"] for t in topics}


def test_agenda_stopwords():
    lines = [line.strip() for line in (DATA / "agenda_stopwords.txt").read_text(encoding="utf-8").splitlines()]
    words = [line for line in lines if line and not line.startswith("#")]
    assert len(words) == len(set(words))
    assert all(w == w.lower() for w in words)
    for expected in ["inledning", "övriga frågor", "nästa möte", "val av justerare", "runda bordet"]:
        assert expected in words
