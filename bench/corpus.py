"""Deterministic generator of realistic Swedish meeting notes with exact ground truth.

    python -m bench.corpus OUT_DIR --documents N --seed S [--networks K]

writes ``OUT_DIR/notes/<name>.txt`` and ``OUT_DIR/gold/<name>.gold.json`` (the format of ``../shared/gold``,
scored by ``motesgraf.extraction.evaluate``). Importable as ``generate(out_dir, documents, seed, networks=None)``.

Model: ``K`` networks (a regional association such as Umeåregionen or GR, a "nätverk för arbetsmarknadschefer",
a samordningsförbund board, a kommunstyrelsens arbetsutskott), each with real member municipalities of one county
and recurring organisations from ``extraction/data/organisations.yaml``. A network meets about monthly between
2012 and 2025; each member municipality has one or two representatives who stay for a few years and are then
replaced (sometimes by someone moving over from another member municipality), with substitutes and absences.
Every network has its own layout (headings, attendee line format, agenda numbering, date style), with some
per-meeting noise (flattened PDF text, a misspelt municipality, a changed heading).

The ground truth is exact by construction: every name is written through a ``_Doc`` that records what it wrote.
Networks are generated one after the other and every document is written as soon as it is made, so memory stays
bounded for any number of documents. The same seed gives byte-identical files (string seeds of ``random.Random``
do not depend on ``PYTHONHASHSEED``).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import math
import random
import re
import sys
import time
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

DATA = Path(__file__).resolve().parents[1] / "extraction" / "data"

# --- name pools ----------------------------------------------------------------------------------------------
# Very common Swedish first names (every one is in extraction/data/first_names.txt; checked at load time).
SWEDISH_FIRST_NAMES = """
Anna Eva Maria Karin Sara Kristina Lena Emma Kerstin Marie Malin Ingrid Jenny Hanna Linda Annika Susanne Johanna
Birgitta Elin Monica Ulrika Camilla Carina Helena Sofia Åsa Therese Jessica Cecilia Lisa Frida Ida Louise Anneli
Agneta Gunilla Ann-Sofie Anna-Karin Marie-Louise Ulla-Britt Eva-Lena Pia Petra Sandra Josefin Matilda Emelie
Caroline Amanda Katarina Elisabeth Margareta Inger Marianne Gunnel Yvonne Lotta Madeleine Mikaela Linnea Tove
Veronica Charlotte Mona Anette Ewa Britt Maja Julia Sofie Ellen Karolina Lina Jeanette Pernilla Ylva Annelie
Lars Anders Johan Per Erik Karl Peter Jan Thomas Daniel Fredrik Hans Bengt Mikael Stefan Mats Magnus Andreas Jonas
Martin Niklas Mattias Marcus Henrik Patrik Björn Christer Ulf Tomas Joakim Jörgen Göran Roger Kent Håkan Lennart
Leif Torbjörn Robert Sebastian Oskar Viktor Gustav Emil Simon Jesper Kristoffer Tobias Rickard Pontus Olof Nils
Gunnar Sven Kjell Ola Jens Pär Mårten Åke Rolf Staffan Claes Jimmy Anton Axel Johnny Conny Hampus Linus Ludvig
Mathias Jakob Per-Erik Jan-Olov Karl-Erik Lars-Göran Bengt-Göran Per-Anders Carl Christian Alexander Filip
Rasmus Kenneth
""".split()

# First names common among people who came to Sweden in the last decades (also all in first_names.txt).
NEWCOMER_FIRST_NAMES = """
Ahmed Mohammed Ali Hassan Omar Fatima Amina Aisha Yasmin Leila Mariam Zainab Hussein Mustafa Ibrahim Yusuf Karim
Reza Amir Nour Rania Dragan Goran Zoran Milan Jelena Ivana Mehmet Emine Elif Aleksandra Katarzyna Piotr Tomasz
Marta Nadia Samir Tariq Faisal Dalia Hamid Amira Emir Khalid Layla Sanja
""".split()

SWEDISH_SURNAMES = """
Andersson Johansson Karlsson Nilsson Eriksson Larsson Olsson Persson Svensson Gustafsson Pettersson Jonsson
Jansson Hansson Bengtsson Jönsson Lindberg Jakobsson Magnusson Olofsson Lindström Lindqvist Lindgren Axelsson
Berg Bergström Lundberg Lind Lundgren Lundqvist Mattsson Berglund Fredriksson Sandberg Henriksson Forsberg
Sjöberg Wallin Engström Eklund Danielsson Lundin Håkansson Björk Bergman Gunnarsson Holm Wikström Samuelsson
Isaksson Fransson Bergqvist Nyström Holmberg Arvidsson Löfgren Söderberg Nyberg Blomqvist Claesson Nordström
Mårtensson Lundström Viklund Björklund Eliasson Pålsson Berggren Sandström Lund Nordin Ström Åberg Hermansson
Ekström Holmgren Sundberg Hedlund Dahlberg Hellström Sjögren Abrahamsson Falk Öberg Andreasson Blom Ek Månsson
Strand Holmqvist Martinsson Sundström Åström Dahl Hedström Lindholm Östlund Ekberg Borg Jonasson Wallén
Hedman Marklund Lidström Granström Öhman Sundqvist Ohlsson Fagerström Lööf Hellqvist Jeppsson Rydén Westerlund
Backman Nordqvist Lindblom Boström Söderström Edlund Forsman Wahlström Lindahl Nyman Grönqvist Bäckström
Ahlberg Sjöström Lundmark Strömberg Westman Hägglund Norén Ekman Mörk Zetterberg Stenberg Söderlund Byström
Kvist Hallberg Engberg Wennberg Höglund Rosén Sjödin Nordlund Nordgren Tedenby Zetterman Hesslind Ahlstedt
Överberg Valtin Tindvall Landon Brännström Hörnqvist Öquist Lejon Frisk Åkesson Palm Lilja Sellberg Ljung
""".split()

DOUBLE_SURNAMES = """
Nordberg_Markhede Andersson_Ståhl Dufva_Hellsten Lipovskaja_Nilsson Andersson_Lindberg Berglund-Nilsson
Carlsson-Bäck Dahl-Åkesson Strand-Holm Lind_Åkerlund Eriksson-Grip Svensson_Ek Holm-Persson Karlsson_Wiik
Bergström_Lind Nyberg-Sundin Öberg_Hallin Jansson-Falk
""".split()
DOUBLE_SURNAMES = [name.replace("_", " ") for name in DOUBLE_SURNAMES]

FOREIGN_SURNAMES = """
Hassan Yilmaz Nguyen Petrović Kovačević Nowak Kowalski Ahmadi Hosseini Rahimi Haddad Khalil Osman Warsame Jama
Demir Kaya Horvat Popović Jovanović Mäkinen Keinänen Virtanen Korhonen Al-Khatib Abdullahi Farah Mohamud Karimi
Sadeghi Begović Suljić Hodžić Mansour Saleh Aziz
""".split()

PARTIES = ["S", "M", "C", "V", "KD", "L", "MP", "SD"]
PARTY_WEIGHTS = [30, 22, 12, 8, 7, 6, 6, 9]

MONTHS = ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober",
          "november", "december"]
WEEKDAYS = ["måndagen", "tisdagen", "onsdagen", "torsdagen", "fredagen", "lördagen", "söndagen"]

# County -> (region, county administrative board, university): canonical names in organisations.yaml.
COUNTY_ORGS = {
    "Stockholms län": ("Region Stockholm", "Länsstyrelsen Stockholm", "Stockholms universitet"),
    "Uppsala län": ("Region Uppsala", "Länsstyrelsen Uppsala län", "Uppsala universitet"),
    "Södermanlands län": ("Region Sörmland", "Länsstyrelsen Södermanland", "Mälardalens universitet"),
    "Östergötlands län": ("Region Östergötland", "Länsstyrelsen Östergötland", "Linköpings universitet"),
    "Jönköpings län": ("Region Jönköpings län", "Länsstyrelsen Jönköpings län", "Jönköping University"),
    "Kronobergs län": ("Region Kronoberg", "Länsstyrelsen Kronoberg", "Linnéuniversitetet"),
    "Kalmar län": ("Region Kalmar län", "Länsstyrelsen Kalmar län", "Linnéuniversitetet"),
    "Blekinge län": ("Region Blekinge", "Länsstyrelsen Blekinge", "Blekinge tekniska högskola"),
    "Skåne län": ("Region Skåne", "Länsstyrelsen Skåne", "Malmö universitet"),
    "Hallands län": ("Region Halland", "Länsstyrelsen Halland", "Högskolan i Halmstad"),
    "Västra Götalands län": ("Västra Götalandsregionen", "Länsstyrelsen Västra Götaland", "Göteborgs universitet"),
    "Värmlands län": ("Region Värmland", "Länsstyrelsen Värmland", "Karlstads universitet"),
    "Örebro län": ("Region Örebro län", "Länsstyrelsen Örebro län", "Örebro universitet"),
    "Västmanlands län": ("Region Västmanland", "Länsstyrelsen Västmanland", "Mälardalens universitet"),
    "Dalarnas län": ("Region Dalarna", "Länsstyrelsen Dalarna", "Högskolan Dalarna"),
    "Gävleborgs län": ("Region Gävleborg", "Länsstyrelsen Gävleborg", "Högskolan i Gävle"),
    "Västernorrlands län": ("Region Västernorrland", "Länsstyrelsen Västernorrland", "Mittuniversitetet"),
    "Jämtlands län": ("Region Jämtland Härjedalen", "Länsstyrelsen Jämtlands län", "Mittuniversitetet"),
    "Västerbottens län": ("Region Västerbotten", "Länsstyrelsen Västerbotten", "Umeå universitet"),
    "Norrbottens län": ("Region Norrbotten", "Länsstyrelsen Norrbotten", "Luleå tekniska universitet"),
}
COUNTY_SHORT = {county: re.sub(r"s? län$", "", county) for county in COUNTY_ORGS}
COUNTY_SHORT.update({"Kalmar län": "Kalmar län", "Örebro län": "Örebro län", "Uppsala län": "Uppsala län",
                     "Skåne län": "Skåne", "Blekinge län": "Blekinge"})

# The regional associations (fixed members, host organisation, extra recurring organisations).
REGIONAL = [
    ("umearegionen", "Umeåregionen", "Västerbottens län",
     ["Umeå", "Vännäs", "Robertsfors", "Nordmaling", "Vindeln", "Bjurholm"], []),
    ("gr", "GR", "Västra Götalands län",
     ["Ale", "Alingsås", "Göteborg", "Härryda", "Kungsbacka", "Kungälv", "Lerum", "Lilla Edet", "Mölndal",
      "Partille", "Stenungsund", "Tjörn", "Öckerö"], ["FoU i Väst", "Validering Väst", "Volvo"]),
    ("fyrbodal", "Fyrbodals kommunalförbund", "Västra Götalands län",
     ["Bengtsfors", "Dals-Ed", "Färgelanda", "Lysekil", "Mellerud", "Munkedal", "Orust", "Sotenäs", "Strömstad",
      "Tanum", "Trollhättan", "Uddevalla", "Vänersborg", "Åmål"], ["Högskolan Väst"]),
    ("skaraborg", "Skaraborgs kommunalförbund", "Västra Götalands län",
     ["Essunga", "Falköping", "Grästorp", "Gullspång", "Götene", "Hjo", "Karlsborg", "Lidköping", "Mariestad",
      "Skara", "Skövde", "Tibro", "Tidaholm", "Töreboda", "Vara"], ["Högskolan i Skövde"]),
    ("sjuharad", "Sjuhärads kommunalförbund", "Västra Götalands län",
     ["Bollebygd", "Borås", "Herrljunga", "Mark", "Svenljunga", "Tranemo", "Ulricehamn", "Vårgårda"],
     ["Högskolan i Borås", "Samordningsförbundet Sjuhärad"]),
    ("storsthlm", "Storsthlm", "Stockholms län",
     ["Botkyrka", "Danderyd", "Haninge", "Huddinge", "Järfälla", "Lidingö", "Nacka", "Norrtälje", "Nykvarn",
      "Sollentuna", "Solna", "Stockholm", "Sundbyberg", "Södertälje", "Tyresö", "Täby", "Upplands Väsby",
      "Vallentuna", "Värmdö", "Österåker"], []),
    ("familjen-helsingborg", "Familjen Helsingborg", "Skåne län",
     ["Bjuv", "Båstad", "Helsingborg", "Höganäs", "Klippan", "Landskrona", "Perstorp", "Svalöv", "Åstorp",
      "Ängelholm", "Örkelljunga"], ["Lunds universitet"]),
]
SAMORDNING = [
    ("Samordningsförbundet Göteborg", "Västra Götalands län", ["Göteborg"]),
    ("Samordningsförbundet Umeå", "Västerbottens län", ["Umeå"]),
    ("Samordningsförbundet Sjuhärad", "Västra Götalands län",
     ["Borås", "Bollebygd", "Herrljunga", "Svenljunga", "Tranemo", "Ulricehamn", "Vårgårda"]),
    ("Samordningsförbundet Centrala Östergötland", "Östergötlands län",
     ["Linköping", "Boxholm", "Kinda", "Åtvidaberg", "Ödeshög"]),
    ("Samordningsförbundet Östra Södertörn", "Stockholms län", ["Haninge", "Nynäshamn", "Tyresö"]),
    ("Samordningsförbundet Älv & Kust", "Västra Götalands län", ["Kungälv", "Stenungsund", "Tjörn", "Orust"]),
]
NATIONAL_ORGS = ["Arbetsförmedlingen", "Försäkringskassan", "SKR", "ESF", "Samhall", "Migrationsverket",
                 "Socialstyrelsen", "Skolverket", "Delegationen mot segregation"]
HOST_TITLES = {
    "Umeåregionen": "Umeåregionens", "GR": "GR:s", "Fyrbodals kommunalförbund": "Fyrbodals",
    "Skaraborgs kommunalförbund": "Skaraborgs", "Sjuhärads kommunalförbund": "Sjuhärads",
    "Storsthlm": "Storsthlms", "Familjen Helsingborg": "Familjen Helsingborgs",
}
HOST_ALIAS_FORMS = {"Fyrbodals kommunalförbund": "Fyrbodal"}  # written form in titles -> still that org

STAFF_ROLES = ["processledare", "utvecklingsledare", "samordnare", "förbundschef", "strateg", "projektledare"]
ORG_ROLES = ["enhetschef", "sektionschef", "handläggare", "samordnare", "verksamhetsutvecklare", "strateg",
             "arbetsförmedlare", "forskare", "utvecklingsledare"]
ORG_ROLES_SAFE = {"enhetschef", "sektionschef", "handläggare", "samordnare", "strateg", "utvecklingsledare"}


# --- reference data --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reference:
    municipalities: dict  # name -> (county, ambiguous)
    by_county: dict  # county -> [names]
    organisations: dict  # canonical name -> entry


@lru_cache(maxsize=1)
def reference() -> Reference:
    municipalities, by_county = {}, {}
    with open(DATA / "municipalities.csv", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            municipalities[row["name"]] = (row["county"], row["ambiguous"] == "1")
            by_county.setdefault(row["county"], []).append(row["name"])
    entries = yaml.safe_load((DATA / "organisations.yaml").read_text(encoding="utf-8"))
    organisations = {entry["name"]: entry for entry in entries}
    first_names = {line.strip() for line in (DATA / "first_names.txt").read_text(encoding="utf-8").splitlines()
                   if line.strip() and not line.startswith("#")}
    missing = [n for n in SWEDISH_FIRST_NAMES + NEWCOMER_FIRST_NAMES if n not in first_names]
    if missing:
        raise ValueError(f"first names not in first_names.txt: {missing}")
    needed = {o for trio in COUNTY_ORGS.values() for o in trio} | set(NATIONAL_ORGS)
    needed |= {r[0] for r in SAMORDNING}
    needed |= {r[1] for r in REGIONAL} | {o for r in REGIONAL for o in r[4]}
    missing = sorted(needed - organisations.keys())
    if missing:
        raise ValueError(f"organisations not in organisations.yaml: {missing}")
    for _, _, _county, members, _ in REGIONAL:
        bad = [m for m in members if m not in municipalities]  # GR includes Kungsbacka (Halland)
        if bad:
            raise ValueError(f"unknown municipalities: {bad}")
    for _, _, members in SAMORDNING:
        if any(m not in municipalities for m in members):
            raise ValueError(f"unknown municipalities: {members}")
    return Reference(municipalities, by_county, organisations)


def org_aliases(name: str) -> list[str]:
    """Accepted other names of an organisation, from organisations.yaml."""
    entry = reference().organisations[name]
    names = [entry.get("full_name")] + list(entry.get("acronyms") or []) + list(entry.get("aliases") or [])
    return list(dict.fromkeys(n for n in names if n and n != name))


# --- people and networks ---------------------------------------------------------------------------------------


@dataclass(eq=False)
class Person:
    first: str
    last: str
    party: str | None = None

    @property
    def full(self) -> str:
        return f"{self.first} {self.last}"


@dataclass(eq=False)
class Seat:
    """One member's seat: who holds it, until which meeting, and a substitute."""
    affiliation: str  # municipality or organisation canonical name
    kind: str  # "mun" or "org"
    holder: Person
    until: int
    substitute: Person | None = None
    role: str | None = None


@dataclass
class Style:
    present_heading: str
    absent_heading: str
    attendee_format: str  # plain, kommun, party, role_org, bullets, table, inline
    org_grouped: bool
    numbering: str  # dot, paren, paragraph, none
    date_style: str  # iso, long, weekday, none
    taker_label: str
    taker_position: str  # top, bottom
    flat_list: float  # probability of a flattened attendee list
    flat_doc: float  # probability of the whole document on one or two lines
    list_absent: float
    title: str


@dataclass
class Network:
    slug: str
    kind: str  # regional, amchef, samordning, ksau
    county: str
    host: str | None  # organisation canonical name, or None
    members: list  # municipality names
    orgs: list  # recurring organisations attending
    text_orgs: list  # organisations mentioned in text
    style: Style
    name_words: str = ""


class _Names:
    """Invented people, unique within a network."""

    def __init__(self, rng: random.Random):
        self.rng, self.used = rng, set()

    def person(self, party: bool = False) -> Person:
        rng = self.rng
        while True:
            newcomer = rng.random() < 0.18
            first = rng.choice(NEWCOMER_FIRST_NAMES if newcomer else SWEDISH_FIRST_NAMES)
            roll = rng.random()
            if newcomer:
                last = rng.choice(FOREIGN_SURNAMES) if roll < 0.8 else rng.choice(SWEDISH_SURNAMES)
            else:
                last = (rng.choice(DOUBLE_SURNAMES) if roll < 0.07 else
                        rng.choice(FOREIGN_SURNAMES) if roll < 0.1 else rng.choice(SWEDISH_SURNAMES))
            if f"{first} {last}" not in self.used:
                self.used.add(f"{first} {last}")
                return Person(first, last, rng.choices(PARTIES, PARTY_WEIGHTS)[0] if party else None)


def _network(index: int, seed: int) -> Network:
    ref = reference()
    rng = random.Random(f"motesgraf-corpus:{seed}:network:{index}")
    counties = sorted(COUNTY_ORGS)
    if index < len(REGIONAL) and rng.random() < 0.85:
        kind = "regional"
    else:
        kind = rng.choices(["regional", "amchef", "samordning", "ksau"], [3, 4, 2, 2])[0]
    if kind == "regional":
        slug, host, county, members, extra = REGIONAL[index % len(REGIONAL)] if index < len(REGIONAL) \
            else rng.choice(REGIONAL)
        members = list(members)
        region, lst, uni = COUNTY_ORGS[county]
        orgs = ["Arbetsförmedlingen"] + [o for o in extra if o not in ("Volvo",)][:1]
        if rng.random() < 0.5:
            orgs.append(rng.choice(["SKR", region, "Försäkringskassan"]))
        text_orgs = ["Arbetsförmedlingen", "SKR", "ESF", region, lst, uni, "Försäkringskassan", *extra]
        theme = rng.choice(["arbetsmarknad", "kommundirektörer", "socialchefer", "integration"])
        words = {"arbetsmarknad": "arbetsmarknadsnätverk", "kommundirektörer": "kommundirektörsgrupp",
                 "socialchefer": "nätverk för socialchefer", "integration": "integrationsnätverk"}[theme]
        title = "{host_gen} " + words
    else:
        county = rng.choice(counties)
        region, lst, uni = COUNTY_ORGS[county]
        pool = [m for m in ref.by_county[county]]
        if kind == "amchef":
            members = sorted(rng.sample(pool, min(len(pool), rng.randint(4, 10))))
            host = None
            orgs = ["Arbetsförmedlingen"] + (["Försäkringskassan"] if rng.random() < 0.5 else [])
            text_orgs = ["Arbetsförmedlingen", "SKR", "ESF", region, lst, "Försäkringskassan", "Samhall", uni]
            topic = rng.choice(["arbetsmarknadschefer", "försörjningsstödschefer", "vuxenutbildning",
                                "integration och etablering"])
            title = f"nätverk för {topic}"
            slug = "natverk-" + _slug(COUNTY_SHORT[county])
        elif kind == "samordning":
            host, county, members = rng.choice(SAMORDNING)
            region, lst, uni = COUNTY_ORGS[county]
            members = list(members)
            orgs = ["Arbetsförmedlingen", "Försäkringskassan", region]
            text_orgs = ["Arbetsförmedlingen", "Försäkringskassan", region, "ESF", "Socialstyrelsen"]
            title = "styrelse"
            slug = "samordning-" + _slug(host.split(" ", 1)[1])
        else:  # ksau
            members = [rng.choice(pool)]
            host = None
            orgs = []
            text_orgs = ["Arbetsförmedlingen", "SKR", region, lst, "Migrationsverket", "Skolverket"]
            title = "kommunstyrelsens arbetsutskott"
            slug = "ksau-" + _slug(members[0])
    # Ambiguous municipalities are fine in attendee lines; keep the generated ksau/samordning seats unambiguous.
    if kind in ("ksau", "samordning") and ref.municipalities[members[0]][1]:
        members = [m for m in members if not ref.municipalities[m][1]] or ["Umeå"]
        if kind == "ksau":
            members = members[:1]
    text_orgs = list(dict.fromkeys(o for o in text_orgs if o in ref.organisations))
    style = _style(kind, rng)
    style.title = title
    return Network(f"{_slug(slug)}", kind, county, host, members, orgs, text_orgs, style)


def _style(kind: str, rng: random.Random) -> Style:
    protocol = kind in ("samordning", "ksau")
    present = rng.choice(["Beslutande", "Ledamöter", "Närvarande"] if protocol else
                         ["NÄRVARANDE", "Närvarande", "Närvarande:", "Deltagare", "Deltagare:"])
    absent = rng.choice(["Frånvarande", "Anmält förhinder", "Förhinder"] if protocol else
                        ["EJ NÄRVARANDE", "Frånvarande", "Frånvarande:", "Anmält förhinder", "Förhinder"])
    if kind == "ksau":
        attendee_format = "party_only"
    elif kind == "samordning":
        attendee_format = rng.choice(["party", "role_party"])
    else:
        attendee_format = rng.choices(["plain", "kommun", "bullets", "table", "inline", "party"],
                                      [5, 4, 2, 2, 2, 1])[0]
    return Style(
        present_heading=present,
        absent_heading=absent,
        attendee_format=attendee_format,
        org_grouped=rng.random() < 0.3,
        numbering=("paragraph" if protocol and rng.random() < 0.85 else
                   rng.choices(["dot", "paren", "paragraph"], [6, 2, 1])[0]),
        date_style=rng.choices(["iso", "long", "weekday", "none"], [5, 3, 2, 1])[0],
        taker_label=(rng.choice(["Vid protokollet:", "Sekreterare:"]) if protocol else
                     rng.choice(["Antecknat av:", "Antecknat av", "Antecknare:", "Vid protokollet:"])),
        taker_position=rng.choice(["top", "bottom"]),
        flat_list=rng.choice([0.0, 0.0, 0.05, 0.3]),
        flat_doc=rng.choice([0.0, 0.0, 0.0, 0.03, 0.15]),
        list_absent=rng.choice([0.5, 0.8, 1.0]),
        title="",
    )


def _slug(text: str) -> str:
    table = str.maketrans("åäöéÅÄÖÉ", "aaoeAAOE")
    return re.sub(r"[^a-z0-9]+", "-", text.translate(table).lower()).strip("-")


# --- text with bookkeeping -----------------------------------------------------------------------------------


def municipality_kommun(name: str) -> str:
    """'Umeå kommun', 'Lerums kommun', 'Alingsås kommun'."""
    if name[-1] in "sxz" or name[-1].lower() in "aeiouyåäö":
        return f"{name} kommun"
    return f"{name}s kommun"


def genitive(name: str) -> str:
    if name.isupper():
        return f"{name}:s"
    return name if name[-1] in "sxz" else f"{name}s"


class _Doc:
    """One document: records every person, municipality and organisation it writes."""

    def __init__(self, rng: random.Random, named: list[Person]):
        self.rng = rng
        self.persons: dict[str, None] = {}
        self.municipalities: dict[str, None] = {}
        self.organisations: dict[str, None] = {}
        self.first_name_mentions: dict[str, str] = {}
        counts: dict[str, int] = {}
        for person in named:
            counts[person.first] = counts.get(person.first, 0) + 1
        self.unique_first = {p.first for p in named if counts[p.first] == 1}

    def person(self, person: Person, short: bool = True) -> str:
        self.persons[person.full] = None
        if short and person.first in self.unique_first and self.rng.random() < 0.8:
            self.first_name_mentions[person.first] = person.full
            return person.first
        return person.full

    def mun(self, name: str, form: str = "plain") -> str:
        self.municipalities[name] = None
        ambiguous = reference().municipalities[name][1]
        if form == "kommun" or (ambiguous and form != "line"):
            return municipality_kommun(name)
        if form == "gen":
            return genitive(name)
        return name

    def org(self, name: str, form: str = "plain") -> str:
        self.organisations[name] = None
        entry = reference().organisations[name]
        acronyms = list(entry.get("acronyms") or [])
        if form == "alias" and name == "Arbetsförmedlingen":
            return "AF"
        if form == "full" and entry.get("full_name"):
            return entry["full_name"]
        if form == "compound":
            compounds = {"ESF": ["ESF-medel"], "GR": ["GR-kommunerna"],
                         "SKR": ["SKR-rapporten"]}
            if name in compounds:
                return self.rng.choice(compounds[name])
        if form == "gen":
            if name == "ESF":
                return "ESF:s"
            if name in acronyms or name.isupper():
                return f"{name}:s"
            if " " in name and name.split()[-1] in ("län", "Härjedalen"):
                return name + ("s" if name.endswith("n") and not name.endswith("län") else "s")
            return genitive(name)
        return name


# --- content -----------------------------------------------------------------------------------------------
# Templates: {P} presenter (only in the opening sentence), {A} {B} other attendees, {M} {M2} member
# municipalities (plain), {Mg} genitive, {Mk} "X kommun", {X} a municipality outside the network,
# {O:KEY[:form]} an organisation (AF FK SKR ESF REG LST UNI HOST SAMHALL MIGR SOS SKOLV DMS EXTRA),
# {Y} year, {Y1} next year, {N} a number, {E} a non-attendee by full name.

TOPICS = {
    "feriejobb": (
        ["Feriejobb {Y}", "Feriejobb och sommarjobb för unga", "Uppföljning av feriejobben"],
        ["{P} berättar om årets feriejobb och att {Mk} erbjöd fler platser än förra året.",
         "{P} redovisar sammanställningen av feriejobben {Y} i medlemskommunerna.",
         "{P} ger en återrapportering om feriejobben och {O:SKR:gen} nationella enkät."],
        ["Totalt fick drygt {N} ungdomar ett feriejobb under sommaren.",
         "Många platser fanns inom äldreomsorgen och i de kommunala fastighetsbolagen."],
        ["{A} lyfter att det är svårt att hitta handledare i {M}.",
         "{A} påpekar att {O:SKR:gen} rapport om feriejobb visar liknande resultat i hela landet.",
         "{A} frågar om fler privata arbetsgivare kan engageras, vilket flera kommuner instämmer i.",
         "I {M} har ungdomarna fått utbildning i arbetsmiljö innan sommaren."]),
    "jobbspar": (
        ["Jobbspår", "Regionala jobbspår", "Jobbspår inom vård och omsorg"],
        ["{P} informerar om läget i jobbspåren och att {O:AF} har anvisat fler deltagare.",
         "{P} presenterar utvärderingen av jobbspåret inom industri i {M}.",
         "{P} går igenom planeringen av nästa omgång jobbspår tillsammans med {O:AF}."],
        ["Tio av tolv deltagare i förra omgången har fått anställning.",
         "Jobbspåren finansieras delvis med {O:ESF:compound}."],
        ["{A} undrar hur urvalet av deltagare går till.",
         "{A} framhåller att samarbetet med {O:AF} fungerar bra i {M}.",
         "{A} föreslår att fler kommuner ska kunna anvisa deltagare till jobbspåret.",
         "{A} lyfter att {O:EXTRA} vill medverka i nästa omgång.",
         "Volym och matchning diskuteras, särskilt för personer som står långt ifrån arbetsmarknaden."]),
    "dua": (
        ["DUA – lokala överenskommelser", "DUA och unga som varken arbetar eller studerar",
         "Lokal jobbspårs- och DUA-samverkan"],
        ["{P} berättar om arbetet med de lokala DUA-överenskommelserna.",
         "{P} informerar om att DUA-överenskommelsen för {M} har förlängts."],
        ["Överenskommelserna ska följas upp två gånger per år.",
         "Målgruppen är unga och nyanlända som står utanför arbetsmarknaden."],
        ["{A} påpekar att {O:AF:gen} omorganisation har försvårat den lokala samverkan.",
         "{A} konstaterar att {Mg} arbete med unga har gett goda resultat.",
         "{A} efterfrågar en gemensam mall för uppföljning."]),
    "validering": (
        ["Validering", "Validering inom vård och omsorg", "Regionalt valideringsstöd"],
        ["{P} presenterar arbetet med validering och det regionala stödet.",
         "{P} redogör för hur {Mk} arbetar med validering inom vuxenutbildningen."],
        ["Branschmodellerna för validering används ännu i liten omfattning.",
         "Flera kommuner vill samverka kring validering inom industri."],
        ["{A} lyfter behovet av fler validerare inom vård och omsorg.",
         "{A} frågar om stödet även omfattar personer som inte är inskrivna på {O:AF}.",
         "{A} betonar att validering måste kopplas till yrkesutbildning."]),
    "kompetens": (
        ["Kompetensförsörjning", "Kompetensförsörjning inom välfärden", "Regional kompetensförsörjning"],
        ["{P} ger en lägesbild av kompetensförsörjningen i länet.",
         "{P} informerar om {O:REG:gen} arbete med kompetensförsörjning.",
         "{P} presenterar en analys av rekryteringsbehoven i medlemskommunerna {Y}–{Y1}."],
        ["Behovet av undersköterskor och lärare är fortsatt stort.",
         "Analysen bygger på statistik från {O:SKR} och kommunernas egna prognoser."],
        ["{A} lyfter att {M} har svårt att rekrytera socionomer.",
         "{A} framhåller vikten av samarbete med {O:UNI}.",
         "{A} kommenterar att pendlingen till {X} påverkar rekryteringen.",
         "{A} menar att erfarenheterna från {O:HOST:compound} är värdefulla."]),
    "forsorjning": (
        ["Ekonomiskt bistånd", "Försörjningsstöd – utveckling och statistik", "Ekonomiskt bistånd och arbete"],
        ["{P} redovisar statistiken för försörjningsstöd i kommunerna.",
         "{P} berättar om {Mg} arbete med att minska behovet av ekonomiskt bistånd."],
        ["Antalet hushåll med försörjningsstöd har minskat något jämfört med {Y}.",
         "Andelen långvariga biståndsmottagare är fortsatt hög."],
        ["{A} konstaterar att {M} ser en ökning bland unga vuxna.",
         "{A} påpekar att samverkan med {O:FK} behöver stärkas.",
         "{A} undrar hur andra kommuner arbetar med arbetskrav."]),
    "nyanlanda": (
        ["Nyanländas etablering", "Etableringen av nyanlända", "Mottagande av nyanlända"],
        ["{P} informerar om {O:MIGR:gen} prognos för mottagandet i länet.",
         "{P} ger en uppdatering om etableringsprogrammet och samarbetet med {O:AF}."],
        ["Antalet nyanlända i etableringsprogrammet har minskat, men andelen med kort utbildning ökar.",
         "Flera deltagare vill kombinera sfi med yrkesutbildning."],
        ["{A} berättade vid förra mötet om språkombud, och {M} har nu infört samma modell.",
         "{A} lyfter att {O:DMS} har utlyst medel för lokalt utvecklingsarbete.",
         "{A} frågar hur {O:AF} bedömer läget i {M}."]),
    "psykisk": (
        ["Psykisk ohälsa och arbetsliv", "Samverkan kring psykisk ohälsa", "Unga med psykisk ohälsa"],
        ["{P} presenterar {O:REG:gen} arbete med tidiga insatser vid psykisk ohälsa.",
         "{P} informerar om {O:FK:gen} nya rutin för avstämningsmöten."],
        ["Nätverket diskuterar hur socialtjänsten kan få snabbare konsultationer.",
         "Arbetet följs upp av {O:SOS}."],
        ["{A} framhåller att {M} har goda erfarenheter av gemensamma team.",
         "{A} efterfrågar bättre samverkan med primärvården.",
         "{A} undrar om {O:SAMHALL} kan ta emot fler personer från målgruppen."]),
    "esf": (
        ["{O:ESF}-projekt och finansiering", "Ansökan om {O:ESF:compound}", "Projektmedel {Y1}"],
        ["{P} informerar om utlysningen från {O:ESF:full}.",
         "{P} går igenom möjligheterna att söka {O:ESF:compound} för ett gemensamt projekt."],
        ["Ansökan ska vara inne före sommaren.",
         "Medfinansieringen från kommunerna behöver beslutas i respektive kommun."],
        ["{A} påpekar att {O:ESF:compound} tidigare har använts för liknande insatser i {M}.",
         "{A} föreslår att {O:HOST} samordnar ansökan.",
         "{A} undrar vilken medfinansiering som krävs."]),
    "skr": (
        ["Aktuellt från {O:SKR}", "Aktuellt {O:SKR} (information och dialog)", "Omvärldsbevakning"],
        ["{P} ger en aktuell bild av {O:SKR:gen} dialoger med departementet och {O:AF}.",
         "{P} informerar om vad som är på gång nationellt och om {O:SKR:gen} nya rapport."],
        ["Det finns ett stort nationellt intresse av att kommunerna kan vara utförare av arbetsmarknadsinsatser.",
         "Reformeringen av {O:AF} påverkar kommunerna på olika sätt."],
        ["{A} undrar hur kommunerna kan påverka inriktningen.",
         "{A} lyfter att {E} på {O:SKR} har erbjudit sig att komma till ett senare möte.",
         "{A} konstaterar att kommunernas roll fortsatt är otydlig."]),
    "lansstyrelsen": (
        ["Information från {O:LST}", "Aktuellt från {O:LST}", "Regionalt utvecklingsarbete"],
        ["{P} informerar om {O:LST:gen} uppdrag inom integration och etablering.",
         "{P} berättar om {O:LST:gen} utlysning av medel för samverkan."],
        ["Medlen kan sökas av kommuner och ideella organisationer.",
         "Uppdraget gäller till och med {Y1}."],
        ["{A} frågar om kommunerna kan söka tillsammans.",
         "{A} framhåller att {M} redan har ett pågående projekt."]),
}

OPENINGS = ["Inledning", "Välkommen", "Mötet öppnas", "Välkomna och presentationsrunda"]
PROTOCOL_OPENINGS = ["Mötets öppnande", "Sammanträdets öppnande"]
INNER_LISTS = [
    ("Nätverket enas om följande prioriteringar:",
     ["Samarbetet med {O:AF} ska stärkas på lokal nivå.", "Kommunerna tar fram en gemensam rutin för uppföljning.",
      "Erfarenhetsutbyte sker vid varje möte.", "Nätverket bjuder in {O:REG} till ett kommande möte."]),
    ("Följande frågor lyfts i diskussionen:",
     ["Hur kan fler unga nås av insatserna?", "Vilka resurser finns hos {O:FK}?",
      "Hur ska resultaten följas upp under {Y}?"]),
]


@dataclass
class _Meeting:
    network: Network
    index: int
    date: dt.date
    present: list  # (Person, affiliation or None, section, role, party)
    absent: list
    chair: Person
    taker: Person
    externals: list  # non-attendees, by full name
    next_date: dt.date | None


class _Simulation:
    """The people of one network, meeting after meeting."""

    def __init__(self, network: Network, seed: int, index: int):
        self.net = network
        self.rng = random.Random(f"motesgraf-corpus:{seed}:people:{index}")
        self.names = _Names(self.rng)
        protocol = network.kind in ("samordning", "ksau")
        self.protocol = protocol
        self.seats: list[Seat] = []
        per_mun = 1
        for mun in network.members:
            count = 5 if network.kind == "ksau" else (1 if protocol or self.rng.random() < 0.65 else 2)
            for _ in range(count if network.kind != "ksau" else 1):
                pass
            for _ in range(count):
                self.seats.append(self._seat(mun, "mun", 0))
            per_mun = count
        for org in network.orgs:
            self.seats.append(self._seat(org, "org", 0))
        self.staff = [self._seat(network.host, "org", 0) for _ in range(self.rng.randint(1, 2))] \
            if network.host else []
        if network.kind == "ksau":
            self.staff = [self._seat(network.members[0], "mun", 0) for _ in range(2)]
        self.externals = [self.names.person() for _ in range(4)]
        self.movers: list[Person] = []
        del per_mun

    def _seat(self, affiliation: str, kind: str, meeting: int) -> Seat:
        seat = Seat(affiliation, kind, self.names.person(party=self.protocol), meeting + self._tenure())
        if self.protocol:
            seat.substitute = self.names.person(party=True)
        return seat

    def _tenure(self) -> int:
        return self.rng.randint(14, 48)

    def turnover(self, meeting: int) -> None:
        for seat in self.seats + self.staff:
            if seat.until > meeting:
                continue
            leaving = seat.holder
            mover = None
            if self.movers and seat.kind == "mun" and self.rng.random() < 0.35:
                mover = self.movers.pop(0)
                if any(s.holder is mover for s in self.seats + self.staff):
                    mover = None
            seat.holder = mover or self.names.person(party=self.protocol)
            seat.until = meeting + self._tenure()
            if seat.kind == "mun" and self.rng.random() < 0.2:
                self.movers.append(leaving)
                self.movers = self.movers[-3:]
            if self.protocol and self.rng.random() < 0.5:
                seat.substitute = self.names.person(party=True)
        if self.rng.random() < 0.05:
            self.externals[self.rng.randrange(len(self.externals))] = self.names.person()

    def meeting(self, meeting: int, date: dt.date, next_date: dt.date | None) -> _Meeting:
        rng = self.rng
        self.turnover(meeting)
        present, absent = [], []
        for seat in self.seats:
            if rng.random() < 0.13:
                absent.append((seat.holder, seat.affiliation, "absent", None, seat.holder.party))
                if self.protocol and seat.substitute is not None and rng.random() < 0.7:
                    present.append((seat.substitute, seat.affiliation, "substitute", None, seat.substitute.party))
            else:
                present.append((seat.holder, seat.affiliation, "member", None, seat.holder.party))
        if not present:
            present.append(absent.pop())
        if self.protocol and rng.random() < 0.5:
            for seat in rng.sample(self.seats, min(2, len(self.seats))):
                sub = seat.substitute
                if seat.holder in [p[0] for p in present] and sub and sub not in [p[0] for p in present]:
                    present.append((sub, seat.affiliation, "deputy", None, sub.party))
        for seat in self.staff:
            role = rng.choice(STAFF_ROLES) if self.net.kind != "ksau" else rng.choice(
                ["kommundirektör", "sekreterare", "kanslichef"])
            seat.role = seat.role or role
            present.append((seat.holder, seat.affiliation, "staff", seat.role, None))
        members = [p for p in present if p[2] == "member"]
        chair = members[0][0] if members else present[0][0]
        staff = [p[0] for p in present if p[2] == "staff"]
        taker = staff[-1] if staff else rng.choice(present)[0]
        attendees = {p[0].full for p in present + absent}
        externals = [e for e in self.externals if e.full not in attendees]
        externals = rng.sample(externals, min(len(externals), rng.choice([0, 0, 1, 1, 2])))
        return _Meeting(self.net, meeting, date, present, absent, chair, taker, externals, next_date)


# --- rendering -------------------------------------------------------------------------------------------------

_SLOT = re.compile(r"\{(\w+)(?::(\w+))?(?::(\w+))?\}")


def _misspell(name: str, rng: random.Random) -> str | None:
    if len(name) < 6 or not name.isalpha():
        return None
    for _ in range(5):
        pos = rng.randrange(2, len(name) - 1)
        spelt = name[:pos] + name[pos] + name[pos:] if rng.random() < 0.5 else name[:pos] + name[pos + 1:]
        if spelt != name and spelt not in reference().municipalities:
            return spelt
    return None


class _Renderer:
    def __init__(self, meeting: _Meeting, rng: random.Random):
        self.m, self.rng, self.net = meeting, rng, meeting.network
        named = [p[0] for p in meeting.present + meeting.absent] + meeting.externals
        self.doc = _Doc(rng, named)
        self.style = self.net.style
        region, lst, uni = COUNTY_ORGS[self.net.county]
        extra = [o for o in self.net.text_orgs if o not in (region, lst, uni) and o not in NATIONAL_ORGS]
        self.org_keys = {"AF": "Arbetsförmedlingen", "FK": "Försäkringskassan", "SKR": "SKR", "ESF": "ESF",
                         "REG": region, "LST": lst, "UNI": uni, "HOST": self.net.host or "SKR",
                         "SAMHALL": "Samhall", "MIGR": "Migrationsverket", "SOS": "Socialstyrelsen",
                         "SKOLV": "Skolverket", "DMS": "Delegationen mot segregation",
                         "EXTRA": rng.choice(extra) if extra else "Samhall"}
        self.year = meeting.date.year
        self.munis = list(self.net.members)
        rng.shuffle(self.munis)
        self.state = {"A": 0, "M": 0}
        self.no_date = self.style.date_style == "none" or (rng.random() < 0.04)

    # -- slots --
    def fill(self, template: str, presenter: Person | None, others: list[Person]) -> str:
        others = list(others)
        munis = self.munis
        state = self.state

        def slot(match: re.Match) -> str:
            key, arg, form = match.group(1), match.group(2), match.group(3)
            if key == "P":
                return self.doc.person(presenter)
            if key in ("A", "B"):
                if not others:
                    return self.doc.person(presenter) if presenter else "Någon"
                person = others[state["A"] % len(others)]
                state["A"] += 1
                return self.doc.person(person)
            if key in ("M", "M2", "Mg", "Mk"):
                mun = munis[state["M"] % len(munis)]
                state["M"] += 1
                return self.doc.mun(mun, {"Mg": "gen", "Mk": "kommun"}.get(key, "plain"))
            if key == "X":
                county = reference().by_county[self.net.county]
                outside = [c for c in county if c not in self.net.members and not reference().municipalities[c][1]]
                return self.doc.mun(self.rng.choice(outside or ["Stockholm"]))
            if key == "O":
                name = self.org_keys[arg]
                if form is None and name == "Arbetsförmedlingen" and self.rng.random() < 0.3:
                    form = "alias"
                return self.doc.org(name, form or "plain")
            if key == "Y":
                return str(self.year)
            if key == "Y1":
                return str(self.year + 1)
            if key == "N":
                return str(self.rng.randint(12, 480))
            if key == "E":
                if self.m.externals:
                    return self.doc.person(self.m.externals[0], short=False)
                return "en handläggare"
            raise KeyError(key)

        text = _SLOT.sub(slot, template)
        if self.no_date:  # no other year may appear when the year has to be inferred from the text
            text = text.replace(f"{self.year + 1}", f"{self.year}")
        return text

    # -- attendance --
    def attendee_line(self, person: Person, affiliation: str | None, section: str, role: str | None,
                      fmt: str, misspell: bool) -> tuple[str, str | None]:
        """The written line and the gold affiliation."""
        ref = reference()
        is_mun = affiliation in ref.municipalities
        name = self.doc.person(person, short=False)
        if section == "staff" and (self.net.kind in ("ksau", "samordning") or fmt == "role_only"):
            return f"{name}, {role}", None
        if fmt == "party_only":
            party = f" ({person.party})" if person.party else ""
            if person is self.m.chair:
                return f"{name} (ordf.){party if self.rng.random() < 0.3 else ''}", None
            return f"{name}{party}", None
        if is_mun:
            written = self.doc.mun(affiliation, "line")
            if misspell:
                written = _misspell(affiliation, self.rng) or written
            if fmt in ("kommun", "role_party") or (fmt == "party" and self.rng.random() < 0.3):
                written = municipality_kommun(written)
            if self.rng.random() < 0.02 and written == affiliation:
                written = affiliation.upper()
        else:
            form = "alias" if affiliation == "Arbetsförmedlingen" and self.rng.random() < 0.3 else "plain"
            written = self.doc.org(affiliation, form)
            if section == "staff" and role and fmt != "table" and self.rng.random() < 0.5:
                written = f"{role}, {written}"
            elif fmt in ("kommun", "role_party") and self.rng.random() < 0.4:
                written = f"{self.rng.choice(sorted(ORG_ROLES_SAFE))}, {written}"
        if (is_mun and section == "member" and fmt in ("plain", "kommun", "bullets")
                and self.rng.random() < 0.04):
            name = f"{self.rng.choice(['Kommundirektör', 'Socialchef', 'Arbetsmarknadschef', 'Utbildningschef'])} {name}"
        if fmt in ("party", "role_party") and person.party and is_mun:
            marker = "ordf." if person is self.m.chair and self.rng.random() < 0.5 else person.party
            return f"{name} ({marker}), {written}", affiliation
        return f"{name}, {written}", affiliation

    def attendance(self) -> tuple[list[str], list[dict]]:
        rng, style, m = self.rng, self.style, self.m
        fmt = style.attendee_format
        gold: list[dict] = []
        sections: list[tuple[str, list]] = []
        members = [p for p in m.present if p[2] in ("member",)]
        subs = [p for p in m.present if p[2] == "substitute"]
        deputies = [p for p in m.present if p[2] == "deputy"]
        staff = [p for p in m.present if p[2] == "staff"]
        heading = style.present_heading
        if rng.random() < 0.1:
            heading = rng.choice(["Närvarande", "Närvarande:", "Deltagare"])
        if self.net.kind in ("samordning", "ksau"):
            sections.append((heading, members))
            if subs:
                sections.append(("Tjänstgörande ersättare", subs))
            if deputies:
                sections.append(("Ersättare", deputies))
            if staff:
                sections.append((rng.choice(["Övriga", "Övriga deltagare", "Adjungerade"]), staff))
        else:
            sections.append((heading, members + staff + subs))
        if m.absent and rng.random() < style.list_absent:
            sections.append((style.absent_heading, m.absent))
        misspell_target = None
        if rng.random() < 0.08:
            candidates = [p for p in m.present if p[1] in reference().municipalities and len(p[1]) >= 6]
            if candidates and fmt != "party_only":
                misspell_target = rng.choice(candidates)[0]
        lines: list[str] = []
        flat = rng.random() < style.flat_list
        for title, rows in sections:
            status = "absent" if title.rstrip(":") in ("EJ NÄRVARANDE", "Frånvarande", "Anmält förhinder",
                                                          "Förhinder") else "present"
            written: list[str] = []
            grouped: dict[str, list] = {}
            for person, affiliation, section, role, _party in rows:
                is_org = affiliation not in reference().municipalities
                if (style.org_grouped and is_org and section != "staff" and fmt not in ("table", "party_only")
                        and status == "present" and not flat):
                    grouped.setdefault(affiliation, []).append(person)
                    gold.append({"name": person.full, "affiliation": affiliation, "status": status})
                    continue
                line, affiliation_gold = self.attendee_line(person, affiliation, section, role, fmt,
                                                            person is misspell_target)
                gold.append({"name": person.full, "affiliation": affiliation_gold, "status": status})
                written.append(line)
            for org, people in grouped.items():
                names = ", ".join(self.doc.person(p, short=False) for p in people)
                written.append(f"{self.doc.org(org)}: {names}")
            if not written:
                continue
            label = title.rstrip(":")
            if flat:
                sep = rng.choice([" ", " ", "; "])
                colon = ":" if sep == "; " else ""
                lines += [f"{label}{colon} " + sep.join(written), ""]
            elif fmt == "inline" and status == "present" or (fmt == "inline" and status == "absent"):
                lines += [f"{label}: " + "; ".join(written)]
            elif fmt == "table" and self.net.kind not in ("samordning", "ksau"):
                lines += [title, "Namn\tKommun/organisation"]
                lines += [line.replace(", ", "\t", 1) for line in written]
                lines.append("")
            elif fmt == "bullets":
                bullet = rng.choice(["- ", "• "]) if not hasattr(self, "_bullet") else self._bullet
                self._bullet = bullet
                lines += [title, *[bullet + line for line in written], ""]
            else:
                lines += [title, *written, ""]
        if fmt == "inline":
            lines.append("")
        return lines, gold

    # -- date --
    def date_lines(self) -> list[str]:
        d, rng = self.m.date, self.rng
        if self.no_date:
            return []
        style = self.style.date_style
        if style == "none":
            style = "iso"
        place = ""
        if rng.random() < 0.6:
            place_mun = rng.choice(self.net.members)
            if reference().municipalities[place_mun][1]:
                place = rng.choice(["Teams", "digitalt via Teams"])
            else:
                # Choose the pattern first: only a municipality actually written may enter the gold.
                pattern = rng.choice(["Stadshuset, {}", "Kommunhuset i {}", "Teams", "{} och digitalt"])
                place = pattern.format(self.doc.mun(place_mun)) if "{}" in pattern else pattern
        if style == "iso":
            lines = [rng.choice([f"Datum: {d.isoformat()}", f"Möte {d.isoformat()}", f"Tid: {d.isoformat()} kl. 9.00–12.00"])]
        elif style == "long":
            lines = [rng.choice([f"Datum: {d.day} {MONTHS[d.month - 1]} {d.year}",
                                 f"Mötesdatum: {d.day} {MONTHS[d.month - 1]} {d.year}"])]
        else:
            when = f"{WEEKDAYS[d.weekday()]} den {d.day} {MONTHS[d.month - 1]} {d.year}"
            lines = [rng.choice([f"Sammanträdet hölls {when} kl. 13.15–16.00.", f"Tid: {when}, kl. 9–12"])]
        if place:
            lines.append(f"Plats: {place}")
        return lines

    def title_lines(self) -> list[str]:
        net, rng = self.net, self.rng
        kind = net.kind
        if kind == "regional":
            host = net.host
            written = HOST_TITLES.get(host, genitive(host))
            self.doc.org(host)
            head = rng.choice(["Minnesanteckningar", "Anteckningar", "Minnesanteckningar från"])
            return [f"{head} {written} {net.style.title.split(' ', 1)[1]}"]
        if kind == "amchef":
            county = COUNTY_SHORT[net.county]
            return [rng.choice(["Minnesanteckningar", "Anteckningar"]) + f" – {net.style.title}, {county}"]
        if kind == "samordning":
            return [rng.choice(["Protokoll från styrelsemöte", "Protokoll styrelsen", "Sammanträdesprotokoll"]),
                    self.doc.org(net.host)]
        mun = net.members[0]
        return ["Protokoll", f"Kommunstyrelsens arbetsutskott, {self.doc.mun(mun, 'kommun')}"]

    # -- agenda --
    def agenda(self, attendees_present: list[Person]) -> tuple[list[str], list[str], list[dict]]:
        rng, net = self.rng, self.net
        protocol = net.kind in ("samordning", "ksau")
        numbering = self.style.numbering
        start = rng.randint(1, 60) if numbering == "paragraph" and protocol else 1
        topics = rng.sample(sorted(TOPICS), rng.randint(2, 4))
        items: list[tuple[str, list[str], Person | None]] = []
        chair = self.m.chair
        others = [p for p in attendees_present if p is not chair]
        # opening
        if protocol:
            title = rng.choice(PROTOCOL_OPENINGS)
            items.append((title, [f"Ordförande {self.doc.person(chair, short=False)} hälsar välkommen och "
                                  "förklarar mötet öppnat."], chair))
            adjuster = rng.choice(others) if others else chair
            items.append(("Val av justerare",
                          [f"{rng.choice(['Styrelsen', 'Arbetsutskottet'])} utser "
                           f"{self.doc.person(adjuster, short=False)} att justera dagens protokoll."], None))
            self.adjuster = adjuster
            items.append(("Godkännande av dagordning", ["Dagordningen godkänns."], None))
        else:
            title = rng.choice(OPENINGS)
            items.append((title, [f"{self.doc.person(chair)} hälsar välkommen till mötet."
                                  + rng.choice(["", " Dagordningen godkänns.",
                                                " Föregående anteckningar gås igenom och läggs till handlingarna."])],
                          chair))
        for topic in topics:
            titles, openers, more, discussion = TOPICS[topic]
            title = self.fill(rng.choice(titles), None, [])
            presenter = rng.choice(attendees_present)
            rest = [p for p in attendees_present if p is not presenter]
            rng.shuffle(rest)
            opening = self.fill(rng.choice(openers), presenter, rest)
            if rng.random() < 0.6:
                opening += " " + self.fill(rng.choice(more), None, rest)
            paragraphs = [opening]
            pending = rng.sample(discussion, len(discussion))
            for _ in range(rng.randint(0, 3)):
                take = rng.randint(1, 2)
                sentences, pending = pending[:take], pending[take:]
                if sentences:
                    paragraphs.append(" ".join(self.fill(s, None, rest) for s in sentences))
            if rng.random() < 0.12:
                intro, entries = rng.choice(INNER_LISTS)
                numbered = rng.random() < 0.7
                lst = [intro] + [(f"{i}. " if numbered else "- ") + self.fill(e, None, rest)
                                 for i, e in enumerate(entries, 1)]
                paragraphs.append("\n".join(lst))
            if protocol:
                paragraphs.append(rng.choice(["Beslut: Informationen noteras.",
                                              f"{rng.choice(['Styrelsen', 'Arbetsutskottet'])} beslutar att lägga "
                                              "informationen till handlingarna."]))
            items.append((title, paragraphs, presenter))
        if rng.random() < 0.5:
            raiser = rng.choice(attendees_present)
            items.append(("Övriga frågor", [self.fill(
                rng.choice(["{A} tar upp frågan om gemensam kompetensutveckling under våren.",
                            "{A} lyfter att {M} söker en ny enhetschef.", "Inga övriga frågor."]), None,
                [raiser])], None))
        if self.m.next_date and rng.random() < 0.7:
            d = self.m.next_date
            if self.no_date or rng.random() < 0.5:
                sentence = f"Nästa möte hålls den {d.day} {MONTHS[d.month - 1]}."
            else:
                sentence = f"Nästa möte: {d.isoformat()}."
            items.append(("Nästa möte", [sentence], None))
        lines, titles, presenters = [], [], []
        for number, (title, paragraphs, presenter) in enumerate(items, start):
            if numbering == "dot":
                head = f"{number - start + 1}. {title}"
            elif numbering == "paren":
                head = f"{number - start + 1}) {title}"
            elif numbering == "paragraph":
                head = f"§ {number} {title}"
            else:
                head = title
            titles.append(title)
            lines += [head, *"\n\n".join(paragraphs).split("\n"), ""]
            if presenter is not None:
                presenters.append({"person": presenter.full, "agenda_item": len(titles)})
        return lines, titles, presenters

    def render(self) -> tuple[str, dict]:
        rng, m = self.rng, self.m
        self.optional_orgs: list[str] = []
        self.adjuster = None
        lines = self.title_lines() + [""]
        lines += self.date_lines()
        lines.append("")
        attendance, gold_attendees = self.attendance()
        lines += attendance
        present = [p[0] for p in m.present]
        taker_line = f"{self.style.taker_label} {self.doc.person(m.taker, short=False)}"
        chair_line = None
        if rng.random() < 0.3 and self.net.kind not in ("samordning", "ksau"):
            chair_line = f"Mötesordförande: {self.doc.person(m.chair, short=False)}"
        if self.style.taker_position == "top":
            lines += [line for line in (chair_line, taker_line) if line] + [""]
        agenda, titles, presenters = self.agenda(present)
        if self.no_date:
            agenda = self._year_hint(agenda)
        lines += agenda
        if self.style.taker_position == "bottom":
            lines += [line for line in (chair_line, taker_line) if line]
        if self.adjuster is not None:
            lines.append(f"Justerare: {self.adjuster.full}")
        text = "\n".join(lines).strip() + "\n"
        if rng.random() < self.style.flat_doc:
            text = _flatten(text, rng)
        gold = self._gold(gold_attendees, titles, presenters)
        return text, gold

    def _year_hint(self, agenda: list[str]) -> list[str]:
        hint = rng_choice(self.rng, [f"Statistiken för {self.year} visar en liknande utveckling som tidigare.",
                                     f"Nätverkets planering för {self.year} gås igenom kort.",
                                     f"Under {self.year} har nätverket träffats regelbundet."])
        # Put the hint in the first item's body (after its heading), as its own paragraph.
        for i, line in enumerate(agenda):
            if i > 0 and line == "":
                return agenda[:i] + ["", hint] + agenda[i:]
        return agenda + [hint]

    def _gold(self, attendees: list[dict], titles: list[str], presenters: list[dict]) -> dict:
        doc = self.doc
        organisations = list(doc.organisations)
        return {
            "document": "",
            "note": "Generated by bench/corpus.py; exact by construction.",
            "minute_taker": self.m.taker.full,
            "meeting_year": self.year,
            "attendees": attendees,
            "persons": {"required": list(doc.persons), "optional": []},
            "first_name_mentions": dict(doc.first_name_mentions),
            "municipalities": {"required": list(doc.municipalities), "optional": []},
            "organisations": {"required": [o for o in organisations if o not in self.optional_orgs],
                              "optional": list(self.optional_orgs)},
            "aliases": {o: org_aliases(o) for o in organisations
                        if o in reference().organisations and org_aliases(o)},
            "agenda_items": titles,
            "presenters": presenters,
        }


def rng_choice(rng: random.Random, options: list):
    return options[rng.randrange(len(options))]


def _flatten(text: str, rng: random.Random) -> str:
    """PDF-like text: the whole document on one line, or two with a page footer between them."""
    words = " ".join(text.split())
    cut = words.find(". ", len(words) // 2)
    if rng.random() < 0.5 or cut < 0:
        return words + "\n"
    return words[:cut + 1] + " Sida 1 av 2\n" + words[cut + 2:] + "\n"


# --- dates -----------------------------------------------------------------------------------------------------

FIRST_DAY, LAST_DAY = dt.date(2012, 1, 10), dt.date(2025, 12, 12)


def _schedule(count: int, rng: random.Random) -> list[dt.date]:
    """Meeting dates: about monthly (no July), more often when a network has more meetings than months."""
    span = (LAST_DAY - FIRST_DAY).days
    step = min(35.0, span / max(count, 1))
    length = step * count
    start = FIRST_DAY + dt.timedelta(days=rng.uniform(0, max(0.0, span - length)))
    dates = []
    for i in range(count):
        day = start + dt.timedelta(days=int(i * step + rng.uniform(0, step * 0.3)))
        if day.month == 7 and step > 7:
            day = day.replace(day=min(day.day, 28), month=8)
        while day.weekday() >= 5:
            day += dt.timedelta(days=1)
        dates.append(min(day, LAST_DAY))
    return dates


# --- driver ----------------------------------------------------------------------------------------------------


@dataclass
class Summary:
    out_dir: Path
    documents: int
    networks: int
    persons: int
    seconds: float
    per_network: list = field(default_factory=list)

    def __str__(self) -> str:
        return (f"{self.documents} documents from {self.networks} networks ({self.persons} distinct people) "
                f"in {self.out_dir} [{self.seconds:.1f} s]")


def default_networks(documents: int) -> int:
    return max(1, min(documents, max(8, math.ceil(documents / 120))))


def generate(out_dir: str | Path, documents: int, seed: int = 0, networks: int | None = None) -> Summary:
    """Write ``documents`` notes and gold files under ``out_dir``; deterministic for a given seed."""
    if documents < 1:
        raise ValueError("documents must be at least 1")
    started = time.perf_counter()
    out_dir = Path(out_dir)
    notes_dir, gold_dir = out_dir / "notes", out_dir / "gold"
    notes_dir.mkdir(parents=True, exist_ok=True)
    gold_dir.mkdir(parents=True, exist_ok=True)
    networks = networks or default_networks(documents)
    networks = max(1, min(networks, documents))
    base, extra = divmod(documents, networks)
    written = 0
    persons = 0
    per_network = []
    width = max(5, len(str(documents)))
    for n in range(networks):
        count = base + (n < extra)
        network = _network(n, seed)
        sim = _Simulation(network, seed, n)
        rng = random.Random(f"motesgraf-corpus:{seed}:meetings:{n}")
        dates = _schedule(count, rng)
        for i, date in enumerate(dates):
            meeting = sim.meeting(i, date, dates[i + 1] if i + 1 < len(dates) else None)
            text, gold = _Renderer(meeting, rng).render()
            name = f"{written:0{width}d}_{network.slug}_{date.isoformat()}"
            gold["document"] = f"{name}.txt"
            (notes_dir / f"{name}.txt").write_text(text, encoding="utf-8")
            (gold_dir / f"{name}.gold.json").write_text(
                json.dumps(gold, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
            written += 1
        persons += len(sim.names.used)
        per_network.append((network.slug, network.kind, count))
    return Summary(out_dir, written, networks, persons, time.perf_counter() - started, per_network)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.corpus", description=__doc__.split("\n\n")[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--documents", type=int, required=True)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--networks", type=int, default=None,
                        help="number of networks (default: max(8, documents/120), at most documents)")
    args = parser.parse_args(argv)
    if not 1 <= args.documents <= 1_000_000:
        parser.error("--documents must be between 1 and 1,000,000")
    print(generate(args.out_dir, args.documents, args.seed, networks=args.networks))
    return 0


if __name__ == "__main__":
    sys.exit(main())
