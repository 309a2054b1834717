"""Meeting metadata: title, body, date, and the year when no date is written.

Order of trust for the date: an explicit ``--date``, a date in the note's header, a date anywhere in the
text, a date in the file name. Without any, the year is inferred from the years the text talks about and
flagged as inferred.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path

MONTHS = {
    "januari": 1, "jan": 1, "februari": 2, "feb": 2, "mars": 3, "mar": 3, "april": 4, "apr": 4, "maj": 5,
    "juni": 6, "jun": 6, "juli": 7, "jul": 7, "augusti": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9,
    "oktober": 10, "okt": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_YEAR = r"(?:19[89]\d|20[0-4]\d)"
_ISO = re.compile(rf"(?<![\d-])(?P<y>{_YEAR})[-./](?P<m>0?[1-9]|1[0-2])[-./](?P<d>0?[1-9]|[12]\d|3[01])(?![\d])")
_COMPACT = re.compile(rf"(?<!\d)(?P<y>{_YEAR})(?P<m>0[1-9]|1[0-2])(?P<d>0[1-9]|[12]\d|3[01])(?!\d)")
_WRITTEN = re.compile(
    rf"(?<![\w])(?P<d>[1-9]|[12]\d|3[01])(?::e|:a)?\s+(?P<mon>{_MONTH})\.?(?:\s+(?P<y>{_YEAR}))?(?![\w])",
    re.IGNORECASE)
_NUMERIC_DMY = re.compile(rf"(?<![\d/.])(?P<d>[1-9]|[12]\d|3[01])[/.](?P<m>[1-9]|1[0-2])[ /.-](?P<y>{_YEAR})(?!\d)")
_YEAR_TOKEN = re.compile(rf"(?<![\d\w–-])(?P<y>{_YEAR})(?![\d\w]|\s?[–-]\s?\d)")
_HEADER_LINES = 15
_GENRE_WORDS = re.compile(
    r"\b(minnesanteckningar|mötesanteckningar|anteckningar|protokoll|sammanträdesprotokoll|justerat|utdrag|"
    r"dagordning|kallelse|från|vid|för|möte|mötet|sammanträde|sammanträdet)\b", re.IGNORECASE)

# Words near a year that tell whether the text looks back on it or ahead to it.
_PAST = {"gjordes", "genomfördes", "anordnade", "anordnades", "fick", "hade", "var", "blev", "visade", "visar",
         "prioriterade", "beviljades", "startade", "avslutades", "förra", "föregående", "tidigare", "sammanställning",
         "sammanställningen", "rapport", "resultat", "resultaten", "utfall", "utfallet", "genomförda"}
_AHEAD = {"kommer", "ska", "skall", "planerad", "planerade", "planeras", "planerar", "inför", "till", "för",
          "efterfrågas", "prioriteringar", "prioriteras", "fokusområden", "ambition", "ambitionen", "påbörjas",
          "budget", "mål", "målet", "plan", "planen", "verksamhetsplan", "uppdrag", "uppdragen", "regleringsbrevet",
          "önskar", "vill", "tänkt", "beräknas", "behöver"}


@dataclass(frozen=True)
class MeetingDate:
    date: str | None  # ISO date when day, month and year are known
    year: int | None
    year_inferred: bool
    start: int | None = None  # span of the date in the cleaned text
    end: int | None = None


@dataclass(frozen=True)
class Title:
    title: str | None
    body: str | None
    start: int | None = None
    end: int | None = None


def find_date(text: str, file_name: str | None = None, override: str | None = None) -> MeetingDate:
    if override:
        parsed = date.fromisoformat(override)
        return MeetingDate(parsed.isoformat(), parsed.year, False)
    header_end = _header_end(text)
    for region_end in (header_end, len(text)):
        found = _first_date(text[:region_end])
        if found and found.year:
            return found
    partial = _first_date(text[:header_end]) or _first_date(text)
    from_name = _first_date(Path(file_name).stem) if file_name else None
    if from_name and from_name.year:
        return MeetingDate(from_name.date, from_name.year, False)
    month, day = (int(x) for x in partial.date.split("-")[1:]) if partial and partial.date else (None, None)
    year = infer_year(text, month)
    if partial and year:
        return MeetingDate(_iso(year, month, day), year, True, partial.start, partial.end)
    return MeetingDate(None, year, year is not None)


def _header_end(text: str) -> int:
    pos = 0
    for _ in range(_HEADER_LINES):
        nxt = text.find("\n", pos)
        if nxt < 0:
            return min(len(text), 600)
        pos = nxt + 1
    return min(pos, 2000)


def _first_date(text: str) -> MeetingDate | None:
    """The earliest complete or day-month date in text. A day-month without year keeps year None and
    stores month and day with year 1 as placeholder in ``date`` (replaced by the caller)."""
    found = []
    for pattern in (_ISO, _COMPACT, _NUMERIC_DMY):
        for m in pattern.finditer(text):
            iso = _iso(int(m["y"]), int(m["m"]), int(m["d"]))
            if iso:
                found.append(MeetingDate(iso, int(m["y"]), False, m.start(), m.end()))
    for m in _WRITTEN.finditer(text):
        month = MONTHS[m["mon"].casefold()]
        if m["y"]:
            iso = _iso(int(m["y"]), month, int(m["d"]))
            if iso:
                found.append(MeetingDate(iso, int(m["y"]), False, m.start(), m.end()))
        elif _iso(2000, month, int(m["d"])):
            found.append(MeetingDate(f"0001-{month:02d}-{int(m['d']):02d}", None, True, m.start(), m.end()))
    return min(found, key=lambda f: f.start) if found else None


def _iso(year: int | None, month: int | None, day: int | None) -> str | None:
    if not (year and month and day):
        return None
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def infer_year(text: str, month: int | None = None) -> int | None:
    """The meeting year from the years a note talks about.

    Notes look back on finished work ("Under hösten 2022 gjordes ...") and ahead to plans ("planerad till
    hösten 2023"). The meeting lies after the latest year looked back on and no later than the earliest year
    looked ahead to; when both exist, the earliest year ahead that is not before the latest year back wins.
    An autumn meeting (``month`` October-December) plans for the next year, so there the year before the
    earliest year ahead wins. Without such cues, the most frequent year (the latest on a tie).
    """
    past, ahead, neutral = [], [], []
    for m in _YEAR_TOKEN.finditer(text):
        year = int(m["y"])
        cue = _cue(text, m.start(), m.end())
        (past if cue == "past" else ahead if cue == "ahead" else neutral).append(year)
    latest_past = max(past, default=None)
    later = [y for y in ahead if latest_past is None or y >= latest_past]
    if later:
        nearest = min(later)
        autumn = month is not None and month >= 10
        return nearest - 1 if autumn and (latest_past is None or nearest - 1 >= latest_past) else nearest
    if latest_past is not None and ahead:
        return latest_past
    counts = Counter(past or neutral)
    if not counts:
        return None
    return max(counts, key=lambda y: (counts[y], y))


def _cue(text: str, start: int, end: int) -> str | None:
    window_start = max(0, start - 200)  # a clause is short; never scan the whole text per year
    clause_start = max([text.rfind(c, window_start, start) for c in ".,;:\n"] + [window_start - 1]) + 1
    clause_end = min([i for i in (text.find(c, end, end + 200) for c in ".;\n") if i >= 0] or [min(len(text), end + 200)])
    before = re.findall(r"\w+", text[clause_start:start].casefold())[-6:]
    after = re.findall(r"\w+", text[end:clause_end].casefold())[:6]
    words = before + after
    if before and before[-1] in {"till", "inför"}:
        return "ahead"
    if any(w in _PAST for w in words):
        return "past"  # "Rapporten för 2018 visar ...": looking back, whatever the preposition
    if before and before[-1] == "för" or any(w in _AHEAD for w in words):
        return "ahead"
    return None


def find_title(text: str, stop_at: int | None = None) -> Title:
    """The note's title: its first line (or, in flattened text, the words before the first date or
    attendance heading). The body is what remains without genre words ("Minnesanteckningar ...")."""
    stripped = text.lstrip()
    if not stripped:
        return Title(None, None)
    start = len(text) - len(stripped)
    line_end = text.find("\n", start)
    line_end = len(text) if line_end < 0 else line_end
    if stop_at is not None and start < stop_at < line_end:
        line_end = stop_at
    title = text[start:line_end]
    cut = re.search(rf"\s(?:Datum|Tid|Plats|Närvarande|NÄRVARANDE|Deltagare|§\s*\d|{_YEAR}-\d)", title)
    if cut:
        title = title[:cut.start()]
    title = title.strip(" \t:–-")
    if not title or len(title) > 150:
        return Title(None, None)
    body = re.sub(r"\s+", " ", _GENRE_WORDS.sub(" ", title)).strip(" ,:–-") or None
    return Title(title, body, start, start + len(title))
