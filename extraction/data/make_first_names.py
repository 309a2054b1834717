"""Generate ``first_names.txt`` from Jörg Michael's first-name dictionary.

Source: ``nam_dict.txt`` as shipped in the PyPI package ``gender-guesser`` 0.4.0
(``gender_guesser/data/nam_dict.txt``), (c) 2007-2008 Jörg Michael, released
under the GNU Free Documentation License 1.2 or later.  The generated list is a
derived work of that file and is therefore also under the GNU FDL 1.2.

Run from the repository root (deterministic; no network)::

    python extraction/data/make_first_names.py

File format (see the header of nam_dict.txt itself):

* ``#`` lines are comments, ``=`` lines are nickname equivalences (skipped).
* Columns 0-1: gender code (``M``, ``F``, ``?``, ``1M``, ``?F`` ...).
* Columns 3-28: the name, padded with spaces.  A ``+`` inside a name (Arabic,
  Chinese, Korean names) stands for ``-``, a space, or nothing
  ("Abdel+Aziz" = "Abdel-Aziz", "Abdel Aziz", "Abdelaziz").
* Column 29: ``+`` marks a duplicate line sorted with "expanded" umlauts; the
  header says to ignore these lines when reformatting.
* Columns 30-84: one character per country (55 countries, order below):
  blank = not listed, ``1``..``9``, ``A``..``D`` = hexadecimal frequency class
  (logarithmic; 10 ~ at least 2 % of the population, each step ~ factor 2).

The copy in gender-guesser 0.4.0 is already UTF-8 (the original distribution
was ISO-8859-1 with ``<...>`` escape codes); we decode it as UTF-8 and check
that the fixed-column layout holds on every line.

Selection rule:

* every name with a non-zero frequency in Sweden, plus
* every name whose frequency in at least one of the countries in
  ``THRESHOLDS`` reaches that country's threshold (countries people in Sweden
  commonly come from: the Nordic neighbours, Germany, Poland, the Baltics,
  former Yugoslavia, Russia/Ukraine, Turkey, Arabia/Persia, southern Europe,
  the UK/USA, ...).  Nordic neighbours use a low threshold, distant countries
  with many short romanised names (China, Japan, Korea, Vietnam) a high one;
* ``+`` names are written as the hyphenated and the joined form
  ("Abdel-Aziz", "Abdelaziz"); the spaced form is dropped (the extractor works
  word by word);
* the parts of a selected hyphenated name are added when the part is itself
  an entry in nam_dict ("Anne-Marie" -> "Anne", "Marie");
* ``SWEDISH_DOUBLE_NAMES`` adds common Swedish hyphenated double names that
  nam_dict does not list ("Marie-Louise", "Karl-Erik"); each part must be a
  selected name;
* names of one letter, names not starting with an upper-case letter and names
  with characters other than letters, ``-`` and ``'`` are dropped.

Output: one name per line, sorted by code point, UTF-8, after a ``#`` header.
"""

from __future__ import annotations

import sys
from pathlib import Path

# Column order of the frequency block (header of nam_dict.txt).
COUNTRIES = (
    "great_britain ireland usa italy malta portugal spain france belgium luxembourg "
    "the_netherlands east_frisia germany austria swiss iceland denmark norway sweden "
    "finland estonia latvia lithuania poland czech_republic slovakia hungary romania "
    "bulgaria bosnia_herzegovina croatia kosovo macedonia montenegro serbia slovenia "
    "albania greece russia belarus moldova ukraine armenia azerbaijan georgia "
    "kazakhstan_uzbekistan_etc turkey arabia_persia israel china india_sri_lanka "
    "japan korea vietnam other_countries"
).split()
assert len(COUNTRIES) == 55

NAME_START, NAME_END, SORT_COL, FREQ_START = 3, 29, 29, 30

# Minimum frequency class (1..13) per country besides Sweden (any value >= 1 counts there).
THRESHOLDS: dict[str, int] = {
    # Nordic neighbours
    "norway": 2, "denmark": 2, "finland": 2, "iceland": 4,
    # Poland, the Baltics
    "poland": 3, "estonia": 3, "latvia": 3, "lithuania": 3,
    # former Yugoslavia and Albania
    "bosnia_herzegovina": 3, "croatia": 3, "kosovo": 3, "macedonia": 3,
    "montenegro": 3, "serbia": 3, "slovenia": 3, "albania": 3,
    # Russia, Ukraine, ...
    "russia": 3, "belarus": 3, "ukraine": 3, "moldova": 4,
    "armenia": 4, "azerbaijan": 4, "georgia": 4, "kazakhstan_uzbekistan_etc": 4,
    # Turkey, Arab countries, Iran
    "turkey": 3, "arabia_persia": 3, "israel": 5,
    # rest of Europe
    "germany": 4, "austria": 4, "swiss": 5, "the_netherlands": 4, "belgium": 5,
    "france": 4, "italy": 4, "spain": 4, "portugal": 4, "greece": 4,
    "romania": 4, "bulgaria": 4, "hungary": 4, "czech_republic": 4, "slovakia": 4,
    # English-speaking
    "great_britain": 4, "ireland": 5, "usa": 4,
    # Asia
    "india_sri_lanka": 4, "china": 6, "japan": 6, "korea": 6, "vietnam": 6,
}

# Common Swedish hyphenated double first names missing from nam_dict.
SWEDISH_DOUBLE_NAMES = """
Ann-Britt Ann-Charlotte Ann-Christin Ann-Christine Ann-Kristin Ann-Louise Ann-Mari
Ann-Marie Ann-Sofi Ann-Sofie Anna-Karin Anna-Lena Anna-Lisa Anna-Maria Anne-Marie
Britt-Marie Carl-Axel Carl-Gustaf Carl-Johan Eva-Britt Eva-Karin Eva-Lena Eva-Lotta
Gun-Britt Hans-Erik Hans-Olof Jan-Erik Jan-Olof Jan-Olov Jan-Åke Karl-Erik Karl-Gustav
Karl-Johan Lars-Erik Lars-Göran Lars-Olof Lars-Olov Lars-Åke Lena-Maria Lisa-Britt
Maj-Britt Maj-Lis Marie-Louise Mats-Olof Nils-Erik Nils-Olof Per-Anders Per-Erik
Per-Olof Per-Olov Per-Åke Rolf-Erik Stig-Olof Sven-Erik Sven-Olof Sven-Åke Ulla-Britt
Ulla-Karin Bengt-Göran Bengt-Åke Karl-Axel Jan-Eric Carl-Henrik Per-Ola Per-Johan
""".split()

DEFAULT_OUT = Path(__file__).resolve().parent / "first_names.txt"

HEADER = """\
# First names used by the rule-based person-name extractor (one per line, sorted).
# GENERATED by extraction/data/make_first_names.py -- do not edit by hand; add
# names to the script (or a separate list) and regenerate.
#
# Source: nam_dict.txt by Jörg Michael (c) 2007-2008, as shipped in the PyPI
# package gender-guesser 0.4.0 (gender_guesser/data/nam_dict.txt).
# Licence: GNU Free Documentation License, Version 1.2 or any later version, with
# no Invariant Sections, no Front-Cover Texts and no Back-Cover Texts. This list
# is a modified version (a selection) of that document and is under the same licence.
#
# Selection: all names with a non-zero frequency in Sweden, plus names whose
# frequency class reaches a per-country threshold in countries common among
# people living in Sweden (Norway/Denmark/Finland >= 2, Poland/Baltics/former
# Yugoslavia/Russia/Ukraine/Turkey/Arabia-Persia >= 3, most other European
# countries, UK/USA, India >= 4, China/Japan/Korea/Vietnam >= 6; see THRESHOLDS in
# the script). "+" names become hyphenated and joined forms; parts of hyphenated
# names are added when nam_dict lists them; a short list of common Swedish double
# names (Marie-Louise, Karl-Erik, ...) is added. One-letter names are dropped.
"""


def default_source() -> Path:
    """Path of nam_dict.txt inside the installed gender_guesser package."""
    import gender_guesser  # imported lazily so --help works without it

    return Path(gender_guesser.__file__).resolve().parent / "data" / "nam_dict.txt"


def parse_nam_dict(path: Path) -> list[tuple[str, dict[str, int]]]:
    """(name, {country: frequency class}) for every name line of nam_dict.txt."""
    entries: list[tuple[str, dict[str, int]]] = []
    with open(path, encoding="utf-8") as f:
        for lineno, raw in enumerate(f, 1):
            line = raw.rstrip("\r\n")
            if not line or line[0] in "#=":
                continue
            if len(line) < FREQ_START + len(COUNTRIES):
                raise ValueError(f"{path}:{lineno}: line too short for the fixed-column layout")
            if line[SORT_COL] == "+":  # duplicate with "expanded" umlaut sorting
                continue
            name = line[NAME_START:NAME_END].strip()
            freq_block = line[FREQ_START:FREQ_START + len(COUNTRIES)]
            freqs = {c: int(ch, 16) for c, ch in zip(COUNTRIES, freq_block) if ch != " "}
            entries.append((name, freqs))
    return entries


def selected(freqs: dict[str, int]) -> bool:
    if freqs.get("sweden", 0) >= 1:
        return True
    return any(freqs.get(c, 0) >= t for c, t in THRESHOLDS.items())


def _valid(name: str) -> bool:
    return (
        len(name) >= 2
        and name[0].isupper()
        and all(ch.isalpha() or ch in "-'" for ch in name)
        and not name.endswith("-")
        and "--" not in name
    )


def _forms(name: str) -> list[str]:
    """Written forms of a nam_dict name: "Abdel+Aziz" -> ["Abdel-Aziz", "Abdelaziz"]."""
    if "+" not in name:
        return [name]
    parts = name.split("+")
    joined = parts[0] + "".join(p.lower() for p in parts[1:])
    return ["-".join(parts), joined]


def build_names(source: Path | None = None) -> list[str]:
    """The sorted, de-duplicated list of selected first names."""
    entries = parse_nam_dict(source or default_source())
    known = {form for name, _ in entries for form in _forms(name)}
    names: set[str] = set()
    for name, freqs in entries:
        if not selected(freqs):
            continue
        for form in _forms(name):
            names.add(form)
            if "-" in form:
                names.update(p for p in form.split("-") if p in known)
    for double in SWEDISH_DOUBLE_NAMES:
        if all(p in names for p in double.split("-")):
            names.add(double)
    return sorted(n for n in names if _valid(n))


def render(names: list[str]) -> str:
    return HEADER + "".join(n + "\n" for n in names)


def main(argv: list[str] | None = None) -> int:
    import argparse

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--source", type=Path, help="nam_dict.txt (default: from gender_guesser)")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = ap.parse_args(argv)
    names = build_names(args.source)
    args.out.write_text(render(names), encoding="utf-8")
    print(f"wrote {len(names)} names to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
