"""Reading people's names off a word sequence: shared by the structure parser and the person ruler."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Protocol, Sequence

from .lexicons import Lexicons

# Lower-case particles inside names ("Ludwig van Beethoven", "Carl af Klercker", "Ali bin Said").
NAME_PARTICLES = frozenset({"von", "van", "af", "de", "da", "del", "der", "den", "di", "du", "la", "le", "bin", "ibn",
                            "al", "el", "ben", "ter", "zu"})
_NAME_WORD = re.compile(r"^[A-ZÅÄÖÉÈÜÆØ][\w'’\-]*$", re.UNICODE)
MAX_NAME_WORDS = 4
# Capitalised words of a note's structure that never belong to a name, even in flattened text
# ("Vid protokollet Helena Dahl Ordförande Karin Berg Justerare ...").
STRUCTURE_WORDS = frozenset({
    "ordförande", "ordf", "justerare", "justeras", "justerat", "sekreterare", "vid", "sida", "närvarande",
    "frånvarande", "deltagare", "övriga", "ersättare", "adjungerade", "beslutande", "ledamöter", "datum", "tid",
    "plats", "protokoll", "antecknat", "antecknare", "förhinder", "kommun", "stad", "namn", "organisation",
    "ärende", "bilaga", "dagordning", "mötesordförande", "utses", "paragraf", "paragrafer"})


class Word(Protocol):
    text: str


@lru_cache(maxsize=1 << 16)  # asked for the same words over and over by the parser and the person ruler
def is_name_word(text: str) -> bool:
    """A capitalised word that can be part of a person's name ("Marie-Louise", "O'Brien", "Överberg")."""
    if len(text) < 2 or not _NAME_WORD.match(text) or any(c.isdigit() for c in text):
        return False  # single letters are initials ("Lisa A L"), not names
    if text.casefold() in STRUCTURE_WORDS:
        return False
    letters = [c for c in text if c.isalpha()]
    # All-caps words longer than one letter are acronyms (SKR, GR), not names.
    return not (len(letters) > 1 and all(c.isupper() for c in letters))


def first_name_part(word: str) -> str:
    """The first part of a double first name, for the lexicon lookup ("Ulla-Britt" -> "Ulla")."""
    return word.split("-", 1)[0]


def looks_like_first_name(word: str, lexicons: Lexicons, *, strict: bool = False) -> bool:
    """A first name from the lexicon. ``strict`` also rules out names that are mostly ordinary words
    ("Hans", "Dag"); a capitalised surname right after is evidence enough, so name reading is not strict."""
    if not is_name_word(word):
        return False
    known = lexicons.is_first_name if strict else lexicons.first_names.__contains__
    return known(word) or known(first_name_part(word))


def read_name(words: Sequence[str], i: int, lexicons: Lexicons, *, need_first_name: bool,
              stop: callable = lambda j: False) -> int | None:
    """End index of a full name (first name plus one or more surnames) starting at words[i], or None.

    ``stop(j)`` tells where a name must end (a known organisation, a new entry's first name, ...).
    ``need_first_name`` asks for the first word to be a known first name; attendee lists without separators
    need that to find where one name ends and the next begins.
    """
    if i >= len(words) or not is_name_word(words[i]):
        return None
    if need_first_name and not looks_like_first_name(words[i], lexicons):
        return None
    end = i + 1
    while end < len(words) and end - i < MAX_NAME_WORDS and not stop(end):
        word = words[end]
        if word in NAME_PARTICLES and end + 1 < len(words) and is_name_word(words[end + 1]):
            end += 2
            continue
        if not is_name_word(word):
            break
        end += 1
    return end if end - i >= 2 else None
