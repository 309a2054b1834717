"""Checks on the geography and party data files in extraction/data/."""

import csv
from collections import defaultdict
from pathlib import Path

import pytest

DATA = Path(__file__).parents[1] / "extraction" / "data"


def _load(name):
    with open(DATA / name, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def municipalities():
    return _load("municipalities.csv")


@pytest.fixture(scope="module")
def places():
    return _load("places.csv")


@pytest.fixture(scope="module")
def parties():
    return _load("parties.csv")


def test_municipality_columns(municipalities):
    with open(DATA / "municipalities.csv", newline="", encoding="utf-8") as f:
        header = next(csv.reader(f))
    assert header == ["code", "name", "county_code", "county", "ambiguous", "note"]


def test_exactly_290_municipalities(municipalities):
    assert len(municipalities) == 290


def test_codes_unique_and_four_digits(municipalities):
    codes = [r["code"] for r in municipalities]
    assert len(set(codes)) == len(codes)
    for code in codes:
        assert len(code) == 4 and code.isdigit(), code


def test_county_code_is_code_prefix(municipalities):
    for r in municipalities:
        assert r["county_code"] == r["code"][:2], r
        assert len(r["county_code"]) == 2


def test_21_counties_each_with_one_name(municipalities):
    names = defaultdict(set)
    for r in municipalities:
        names[r["county_code"]].add(r["county"])
    assert len(names) == 21
    assert sorted(names) == [
        "01", "03", "04", "05", "06", "07", "08", "09", "10", "12", "13",
        "14", "17", "18", "19", "20", "21", "22", "23", "24", "25",
    ]
    for code, county in names.items():
        assert len(county) == 1, (code, county)
    assert len({next(iter(v)) for v in names.values()}) == 21
    assert names["14"] == {"Västra Götalands län"}
    assert names["01"] == {"Stockholms län"}
    assert names["09"] == {"Gotlands län"}


def test_names_unique_and_without_kommun(municipalities):
    names = [r["name"] for r in municipalities]
    assert len(set(names)) == len(names)
    assert len({n.lower() for n in names}) == len(names)
    for n in names:
        assert n and n == n.strip()
        assert not n.lower().endswith("kommun"), n


@pytest.mark.parametrize(
    "name,code",
    [
        ("Göteborg", "1480"),
        ("Stockholm", "0180"),
        ("Malmö", "1280"),
        ("Uppsala", "0380"),
        ("Umeå", "2480"),
        ("Stenungsund", "1415"),
        ("Kiruna", "2584"),
        ("Gotland", "0980"),
        ("Upplands Väsby", "0114"),
        ("Vännäs", "2460"),
        ("Bjurholm", "2403"),
        ("Malung-Sälen", "2023"),
        ("Upplands-Bro", "0139"),
        ("Dals-Ed", "1438"),
        ("Lilla Edet", "1462"),
        ("Östra Göinge", "1256"),
        ("Falun", "2080"),
    ],
)
def test_spot_checks(municipalities, name, code):
    by_name = {r["name"]: r["code"] for r in municipalities}
    assert by_name[name] == code


def test_ambiguous_flag(municipalities):
    by_name = {r["name"]: r for r in municipalities}
    for r in municipalities:
        assert r["ambiguous"] in {"0", "1"}, r
        if r["ambiguous"] == "1":
            assert r["note"].strip(), r
    for name in ["Ale", "Mark", "Vara", "Berg", "Lund"]:
        assert by_name[name]["ambiguous"] == "1", name
    assert by_name["Göteborg"]["ambiguous"] == "0"


def _surface_forms(row):
    return [row["name"]] + [a for a in row["aliases"].split("|") if a]


def test_places_kinds_and_no_municipality_names(municipalities, places):
    muni = {r["name"].casefold() for r in municipalities}
    seen = {}
    for r in places:
        assert r["kind"] in {"county", "province", "region", "country", "continent"}, r
        for form in _surface_forms(r):
            assert form == form.strip() and form, r
            assert form.casefold() not in muni, form
            assert form.casefold() not in seen, (form, seen.get(form.casefold()))
            seen[form.casefold()] = r["name"]


def test_places_cover_counties_and_key_names(municipalities, places):
    counties = {r["name"] for r in places if r["kind"] == "county"}
    assert counties == {r["county"] for r in municipalities}
    forms = {f for r in places for f in _surface_forms(r)}
    for name in [
        "Västernorrland", "Västra Götaland", "Skåne", "Norrbotten",
        "Bohuslän", "Dalsland", "Ångermanland", "Lappland", "Norrland",
        "Sverige", "Norge", "Danmark", "Finland", "Syrien", "Afghanistan",
        "Irak", "Somalia", "Eritrea", "Iran", "Ukraina", "Europa",
    ]:
        assert name in forms, name


def test_parties(parties):
    with open(DATA / "parties.csv", newline="", encoding="utf-8") as f:
        header = next(csv.reader(f))
    assert header == ["abbreviation", "name", "aliases"]
    abbrs = [r["abbreviation"] for r in parties]
    assert len(set(abbrs)) == len(abbrs)
    for a in ["S", "M", "SD", "C", "V", "KD", "L", "MP"]:
        assert a in abbrs, a
    by_abbr = {r["abbreviation"]: r for r in parties}
    assert by_abbr["L"]["name"] == "Liberalerna"
    assert "FP" in by_abbr["L"]["aliases"].split("|")
    # No surface form (abbreviation, name or alias) may point at two parties.
    owner = {}
    for r in parties:
        for form in {r["abbreviation"], r["name"], *filter(None, r["aliases"].split("|"))}:
            assert owner.setdefault(form, r["abbreviation"]) == r["abbreviation"], form
