"""Editable lexicons (municipalities, places, organisations, topics, names) and the gazetteer built from them.

Everything here is data-driven: the files in ``extraction/data/`` ship with motesgraf, and a user lexicon
directory (``--lexicon-dir``) can add entries in the same formats plus review decisions
(``decisions.yaml``, written by ``motesgraf review``). Nothing in this module knows a particular meeting.
"""

from __future__ import annotations

import csv
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable, NamedTuple, Sequence

import yaml
from rapidfuzz import fuzz, process

DATA_DIR = Path(__file__).parent / "data"

MUNICIPALITY = "Municipality"
ORGANISATION = "Organisation"
PLACE = "Place"
TOPIC = "Topic"
PERSON = "Person"

# Swedish inflection written after a colon on acronyms: "SKR:s", "AF:are", "GR:n".
_COLON_SUFFIX = re.compile(r"^(?P<stem>.+?):(?:s|n|en|et|na|ns|ens|ets|ar|arna|er|erna)$")
_MAX_CACHED_WORDS = 200_000  # bounds the per-word phrase cache on very large corpora
# libyaml's loader reads organisations.yaml ~8x faster than the pure-Python one (every Extractor() pays it).
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@lru_cache(maxsize=1 << 16)  # the same names and organisations are keyed many times per note and across notes
def slug(text: str) -> str:
    """A stable, readable key fragment: lower case ASCII letters, digits and hyphens."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    ascii_only = decomposed.encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_only).strip("-")


@dataclass(frozen=True)
class Entry:
    """One thing the gazetteer can name: a municipality, place, organisation or topic."""

    type: str
    name: str
    key: str
    aliases: tuple[str, ...] = ()
    kind: str | None = None
    ambiguous: bool = False
    code: str | None = None  # SCB code for municipalities
    county: str | None = None
    municipality_key: str | None = None  # for "Göteborgs Stad": the municipality it administers

    def all_names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


class Match(NamedTuple):  # one per gazetteer hit, many per note: cheaper to make than a frozen dataclass
    """A gazetteer hit over words[start:end]."""

    entry: Entry
    start: int
    end: int


def word_forms(word: str) -> list[str]:
    """Forms to look a running-text word up under: as written, without colon inflection, genitive and
    compound prefix ("SKR:s" -> "SKR", "Göteborgs" -> "Göteborg", "ESF-medel" -> "ESF")."""
    return list(_word_forms(word))


@lru_cache(maxsize=1 << 16)  # the same words recur in every note; forms are looked up many times per word
def _word_forms(word: str) -> tuple[str, ...]:
    forms = [word]
    colon = _COLON_SUFFIX.match(word)
    if colon:
        forms.append(colon["stem"])
    if len(word) > 3 and word[-1] in "s" and word[-2] not in "s:":
        forms.append(word[:-1])
    if "-" in word.strip("-"):
        head = word.split("-", 1)[0]
        forms.append(head)
        colon_head = _COLON_SUFFIX.match(head)
        if colon_head:
            forms.append(colon_head["stem"])
    return tuple(forms)


def genitive(name: str) -> str:
    """Swedish genitive of a proper name: "Göteborg" -> "Göteborgs", "Borås" -> "Borås", "SKR" -> "SKR:s"."""
    if name.isupper():
        return f"{name}:s"
    if name[-1].lower() in "sxz":
        return name
    return f"{name}s"


class _WordSet:
    """The words that pass ``test``, each word tested once and remembered (bounded): a note's words are then
    sorted by set operations in C rather than by one Python call per distinct word of every note."""

    def __init__(self, test: Callable[[str], bool]):
        self._test = test
        self._passed: set[str] = set()
        self._failed: set[str] = set()

    def among(self, words: Iterable[str]) -> set[str]:
        """The distinct ``words`` that pass."""
        distinct = set(words)
        new = distinct - self._passed - self._failed
        if new and len(self._passed) + len(self._failed) > _MAX_CACHED_WORDS:
            self.clear()
            new = distinct
        for word in new:
            (self._passed if self._test(word) else self._failed).add(word)
        return distinct & self._passed

    def clear(self) -> None:
        self._passed.clear()
        self._failed.clear()


@dataclass
class _Phrase:
    words: tuple[str, ...]  # case-folded words
    entry: Entry
    case_sensitive: bool  # acronyms match as written


@dataclass
class Gazetteer:
    """Longest-match lookup of known names over a sequence of words.

    One mechanism serves both the spaCy component (running text) and the structure parser (attendee
    affiliations), so a name is recognised the same way everywhere.
    """

    _by_first: dict[str, list[_Phrase]] = field(default_factory=dict)
    _fuzzy_names: dict[str, list[Entry]] = field(default_factory=dict)
    # Per running-text word, the phrases of two or more words that may start with it and the one-word phrase
    # it matches, if any (most words: neither); cleared by add().
    _candidates: dict[str, tuple[tuple[_Phrase, ...], _Phrase | None]] = field(default_factory=dict, repr=False)
    _fuzzy_choices: dict[frozenset, list[str]] = field(default_factory=dict, repr=False)
    _starting: _WordSet = field(init=False, repr=False, compare=False)  # words that may start a name; cleared by add()

    def __post_init__(self) -> None:
        self._starting = _WordSet(lambda word: self._phrases_from(word) != ((), None))

    def add(self, surface: str, entry: Entry, *, case_sensitive: bool = False) -> None:
        words = tuple(_split_words(surface))
        if not words:
            return
        self._candidates.clear()
        self._starting.clear()
        self._fuzzy_choices.clear()
        folded = tuple(w if case_sensitive else w.casefold() for w in words)
        phrases = self._by_first.setdefault(folded[0], [])
        if any(p.words == folded and p.entry.key == entry.key for p in phrases):
            return
        phrases.append(_Phrase(folded, entry, case_sensitive))
        phrases.sort(key=lambda p: -len(p.words))

    def add_fuzzy_target(self, surface: str, entry: Entry) -> None:
        self._fuzzy_names.setdefault(surface.casefold(), []).append(entry)
        self._fuzzy_choices.clear()

    def match_at(self, words: Sequence[str], i: int) -> Match | None:
        """The longest known name starting at words[i], or None."""
        longer, single = self._phrases_from(words[i])
        best: Match | None = None
        # Most candidates fail on their second word: test it against the next word's forms before the full match.
        following = _lookup_forms(words[i + 1]) if longer and i + 1 < len(words) else ()
        for phrase in longer:  # any of these that matches is longer than the one-word phrase
            end = i + len(phrase.words)
            if best and end - i <= best.end - best.start:
                continue
            if phrase.words[1] in following and end <= len(words) and _phrase_matches(phrase, words, i):
                best = Match(phrase.entry, i, end)
        if best is None and single is not None:
            best = Match(single.entry, i, i + 1)
        return best

    def _phrases_from(self, word: str) -> tuple[tuple[_Phrase, ...], _Phrase | None]:
        """The phrases of several words that may start at ``word`` (in lookup order), and the first one-word
        phrase that ``word`` itself matches: that match depends on the word alone, so it is cached too."""
        found = self._candidates.get(word)
        if found is None:
            if len(self._candidates) > _MAX_CACHED_WORDS:
                self._candidates.clear()
            phrases = [p for first in _lookup_keys(word) for p in self._by_first.get(first, ())]
            single = next((p for p in phrases if len(p.words) == 1 and _phrase_matches(p, (word,), 0)), None)
            found = self._candidates[word] = (tuple(p for p in phrases if len(p.words) > 1), single)
        return found

    def find_all(self, words: Sequence[str]) -> list[Match]:
        """Non-overlapping longest matches, left to right."""
        starting = self._starting.among(words)
        found, end = [], 0
        for i in [k for k, word in enumerate(words) if word in starting]:  # most words start no name
            if i < end:
                continue
            hit = self.match_at(words, i)
            if hit:
                found.append(hit)
                end = hit.end
        return found

    def fuzzy(self, text: str, *, types: Iterable[str], min_score: float = 88.0) -> Entry | None:
        """A misspelt name ("Stenungssund") matched within the given entity types only."""
        wanted = frozenset(types)
        choices = self._fuzzy_choices.get(wanted)
        if choices is None:
            choices = [name for name, entries in self._fuzzy_names.items() if any(e.type in wanted for e in entries)]
            self._fuzzy_choices[wanted] = choices
        best = process.extractOne(text.casefold(), choices, scorer=fuzz.ratio, score_cutoff=min_score)
        if not best:
            return None
        candidates = [e for e in self._fuzzy_names[best[0]] if e.type in wanted]
        return candidates[0] if len(candidates) == 1 else None


def _split_words(text: str) -> list[str]:
    return re.findall(r"[\w][\w:'’.&-]*[\w]|[\w]|&", text)


def _lookup_keys(word: str) -> set[str]:
    keys = set()
    for form in _word_forms(word):
        keys.add(form)
        keys.add(form.casefold())
    return keys


def _phrase_matches(phrase: _Phrase, words: Sequence[str], i: int) -> bool:
    """Every word as written (or case-folded), the last one in any of its forms ("SKR:s", "Göteborgs")."""
    last = len(phrase.words) - 1
    for offset in range(last):
        word = words[i + offset]
        if (word if phrase.case_sensitive else word.casefold()) != phrase.words[offset]:
            return False
    forms = _word_forms(words[i + last]) if phrase.case_sensitive else _folded_forms(words[i + last])
    return phrase.words[last] in forms


@lru_cache(maxsize=1 << 16)
def _folded_forms(word: str) -> tuple[str, ...]:
    return tuple(form.casefold() for form in _word_forms(word))


@lru_cache(maxsize=1 << 16)
def _lookup_forms(word: str) -> frozenset[str]:
    """Every form in which a phrase may hold ``word`` past its first word: as written or case-folded, and,
    as its last word, in any of its forms (see ``_phrase_matches``)."""
    return frozenset(_word_forms(word) + _folded_forms(word))


@dataclass
class Lexicons:
    """All lexicon data, loaded once per data/user directory pair."""

    gazetteer: Gazetteer
    municipalities: dict[str, Entry]  # key -> entry
    places: dict[str, Entry]
    organisations: dict[str, Entry]
    topics: dict[str, Entry]
    topic_terms: list[tuple[str, Entry]]  # (lower-case stem, topic), longest first
    first_names: frozenset[str]
    name_stopwords: frozenset[str]
    agenda_stopwords: frozenset[str]
    parties: dict[str, str]  # any written form, case-folded -> abbreviation
    roles: frozenset[str]  # lower-case role words and phrases
    rejected: frozenset[str]  # names the user rejected in review (case-folded)
    _terms_by_prefix: dict[str, list[tuple[tuple[str, ...], Entry]]] = field(default_factory=dict, repr=False)
    _terms_by_word: dict[str, tuple] = field(default_factory=dict, repr=False)  # lower-case word -> its terms
    _topic_by_start: dict[str, Entry | None] = field(default_factory=dict, repr=False)
    _term_starts: _WordSet = field(init=False, repr=False, compare=False)  # lower-case words that may start a term

    def __post_init__(self) -> None:
        self._term_starts = _WordSet(lambda word: bool(self._terms_from(word)))

    def entry(self, key: str) -> Entry | None:
        for table in (self.municipalities, self.organisations, self.places, self.topics):
            if key in table:
                return table[key]
        return None

    def find_topics(self, words: Sequence[str]) -> list[tuple[Entry, int, int]]:
        """Non-overlapping topic terms in lower-case words, left to right: (topic, start, end)."""
        starting = self._term_starts.among(words)
        found, end = [], 0
        for i in [k for k, word in enumerate(words) if word in starting]:  # most words start no term
            if i < end:
                continue
            hit = self.topic_at(words, i)
            if hit:
                found.append((hit[0], i, hit[1]))
                end = hit[1]
        return found

    def topic_at(self, words: Sequence[str], i: int) -> tuple[Entry, int] | None:
        """The topic whose term starts at words[i] (lower case): every word of the term must match, the
        last one as a prefix ("psykisk ohälsa" matches "psykisk ohälsa", "feriejobb" matches "feriejobben")."""
        for parts, entry in self._terms_from(words[i]):
            end = i + len(parts)
            if end <= len(words) and all(words[i + k] == p for k, p in enumerate(parts[1:-1], 1)) \
                    and words[end - 1].startswith(parts[-1]):
                return entry, end
        return None

    def _terms_from(self, word: str) -> tuple[tuple[tuple[str, ...], Entry], ...]:
        """The terms whose first word matches ``word``, in the order of ``topic_terms``; cached per word."""
        terms = self._terms_by_word.get(word)
        if terms is None:
            if not self._terms_by_prefix:
                for term, entry in self.topic_terms:
                    parts = tuple(term.split())
                    self._terms_by_prefix.setdefault(parts[0][:3], []).append((parts, entry))
            if len(self._terms_by_word) > _MAX_CACHED_WORDS:
                self._terms_by_word.clear()
            terms = tuple((parts, entry) for parts, entry in self._terms_by_prefix.get(word[:3], ())
                          if (word.startswith(parts[0]) if len(parts) == 1 else word == parts[0]))
            self._terms_by_word[word] = terms
        return terms

    def topic_starting(self, word: str) -> Entry | None:
        """The first topic (longest term first) one of whose terms starts the case-folded ``word``."""
        if word not in self._topic_by_start:
            if len(self._topic_by_start) > _MAX_CACHED_WORDS:
                self._topic_by_start.clear()
            self._topic_by_start[word] = next((entry for term, entry in self.topic_terms if word.startswith(term)),
                                              None)
        return self._topic_by_start[word]

    def is_first_name(self, word: str) -> bool:
        return word in self.first_names and word not in self.name_stopwords

    def party(self, text: str) -> str | None:
        return self.parties.get(text.strip().strip(".").casefold())


# Every file _load reads from a user's directory: the cache is keyed by their contents.
USER_FILES = ("organisations.yaml", "topics.yaml", "decisions.yaml", "first_names.txt", "name_stopwords.txt",
              "agenda_stopwords.txt", "roles.txt")


def load_lexicons(user_dir: str | Path | None = None) -> Lexicons:
    """Load the shipped lexicons plus a user's additions and review decisions.

    Cached by the contents of the directory's lexicon files, not by its name or their times: an edit or a review
    decision is seen at once, and a directory with none of them (missing, empty, or holding only the
    suppression list) is the shipped lexicons, which `--jobs` workers already have from the forkserver."""
    directory = Path(user_dir).resolve() if user_dir else None
    contents = _contents(directory) if directory else ()
    return _load(str(directory) if contents else None, contents)


def _contents(directory: Path) -> tuple[tuple[str, str], ...]:
    """(name, sha256) of each lexicon file in ``directory``."""
    found = []
    for name in USER_FILES:
        try:
            found.append((name, hashlib.sha256((directory / name).read_bytes()).hexdigest()))
        except FileNotFoundError:
            continue
    return tuple(found)


@lru_cache(maxsize=8)
def _load(user_dir: str | None, _key: tuple) -> Lexicons:
    dirs = [DATA_DIR] + ([Path(user_dir)] if user_dir else [])
    gazetteer = Gazetteer()
    municipalities = _load_municipalities(gazetteer)
    places = _load_places(gazetteer, municipalities)
    organisations = {}
    for directory in dirs:
        organisations.update(_load_organisations(directory / "organisations.yaml", gazetteer))
    organisations.update(_municipal_administrations(municipalities, gazetteer))
    topics, terms = {}, []
    for directory in dirs:
        found, found_terms = _load_topics(directory / "topics.yaml")
        topics.update(found)
        terms.extend(found_terms)
    decisions = _load_decisions(Path(user_dir) / "decisions.yaml" if user_dir else None)
    organisations.update(_accepted(decisions, gazetteer, topics, terms))
    return Lexicons(
        gazetteer=gazetteer,
        municipalities=municipalities,
        places=places,
        organisations=organisations,
        topics=topics,
        topic_terms=sorted(terms, key=lambda t: -len(t[0])),
        first_names=frozenset(_read_lines(d / "first_names.txt" for d in dirs)),
        name_stopwords=frozenset(_read_lines(d / "name_stopwords.txt" for d in dirs)),
        agenda_stopwords=frozenset(w.casefold() for w in _read_lines(d / "agenda_stopwords.txt" for d in dirs)),
        parties=_load_parties(DATA_DIR / "parties.csv"),
        roles=frozenset(w.casefold() for w in _read_lines(d / "roles.txt" for d in dirs)),
        rejected=frozenset(n.casefold() for n in decisions.get("rejected", []) or []),
    )


def _read_yaml(path: Path):
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_YAML_LOADER)


def _read_lines(paths: Iterable[Path]) -> list[str]:
    lines = []
    for path in paths:
        if path.exists():
            for line in path.read_text(encoding="utf-8").splitlines():
                line = line.strip()
                if line and not line.startswith("#"):
                    lines.append(line)
    return lines


def _load_municipalities(gazetteer: Gazetteer) -> dict[str, Entry]:
    municipalities = {}
    with open(DATA_DIR / "municipalities.csv", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            entry = Entry(
                type=MUNICIPALITY,
                name=row["name"],
                key=f"municipality:{row['code']}",
                aliases=(f"{row['name']} kommun", f"{genitive(row['name'])} kommun"),
                ambiguous=row["ambiguous"].strip() == "1",
                code=row["code"],
                county=row["county"],
            )
            municipalities[entry.key] = entry
            for surface in entry.all_names():
                gazetteer.add(surface, entry)
            gazetteer.add_fuzzy_target(entry.name, entry)
    return municipalities


def _load_places(gazetteer: Gazetteer, municipalities: dict[str, Entry]) -> dict[str, Entry]:
    taken = {e.name.casefold() for e in municipalities.values()}
    places = {}
    with open(DATA_DIR / "places.csv", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["name"].casefold() in taken:
                continue
            aliases = tuple(a for a in (row.get("aliases") or "").split("|") if a)
            entry = Entry(type=PLACE, name=row["name"], key=f"place:{slug(row['name'])}", aliases=aliases,
                          kind=row.get("kind"))
            places[entry.key] = entry
            for surface in entry.all_names():
                gazetteer.add(surface, entry)
    return places


def _load_organisations(path: Path, gazetteer: Gazetteer) -> dict[str, Entry]:
    if not path.exists():
        return {}
    organisations = {}
    for item in _read_yaml(path) or []:
        acronyms = tuple(item.get("acronyms") or ())
        names = [item.get("full_name"), *(item.get("aliases") or ())]
        aliases = tuple(dict.fromkeys(n for n in [*names, *acronyms] if n and n != item["name"]))
        entry = Entry(type=ORGANISATION, name=item["name"], key=f"organisation:{slug(item['name'])}",
                      aliases=aliases, kind=item.get("kind"), ambiguous=bool(item.get("ambiguous")))
        organisations[entry.key] = entry
        gazetteer.add(entry.name, entry, case_sensitive=_looks_like_acronym(entry.name))
        for name in names:
            if name:
                gazetteer.add(name, entry, case_sensitive=_looks_like_acronym(name))
        for acronym in acronyms:
            gazetteer.add(acronym, entry, case_sensitive=True)
    return organisations


def _looks_like_acronym(name: str) -> bool:
    letters = [c for c in name if c.isalpha()]
    return " " not in name and sum(c.isupper() for c in letters) >= 2


def _municipal_administrations(municipalities: dict[str, Entry], gazetteer: Gazetteer) -> dict[str, Entry]:
    """"Göteborgs Stad", "Malmö stad": the administration, an organisation linked to its municipality."""
    administrations = {}
    for municipality in municipalities.values():
        # Official forms: "Göteborgs Stad", "Borås Stad", but "Malmö stad", "Solna stad".
        ends_in_vowel = municipality.name[-1].casefold() in "aeiouyåäö"
        name = f"{municipality.name} stad" if ends_in_vowel else f"{genitive(municipality.name)} Stad"
        entry = Entry(type=ORGANISATION, name=name, key=f"organisation:{slug(name)}", kind="municipal_administration",
                      aliases=(f"{genitive(municipality.name)} stad", f"{municipality.name} stad"),
                      municipality_key=municipality.key)
        administrations[entry.key] = entry
        for surface in entry.all_names():
            gazetteer.add(surface, entry)
    return administrations


def _load_topics(path: Path) -> tuple[dict[str, Entry], list[tuple[str, Entry]]]:
    if not path.exists():
        return {}, []
    topics, terms = {}, []
    for item in _read_yaml(path) or []:
        entry = topic_entry(item["name"])
        topics[entry.key] = entry
        for term in item.get("terms") or ():
            terms.append((str(term).casefold(), entry))
    return topics, terms


def topic_entry(name: str) -> Entry:
    return Entry(type=TOPIC, name=name, key=f"topic:{slug(name)}")


def _load_parties(path: Path) -> dict[str, str]:
    parties = {}
    with open(path, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            abbreviation = row["abbreviation"].strip()
            for form in [abbreviation, row["name"], *(row.get("aliases") or "").split("|")]:
                if form.strip():
                    parties[form.strip().casefold()] = abbreviation
    return parties


def _load_decisions(path: Path | None) -> dict:
    if not path or not path.exists():
        return {}
    return _read_yaml(path) or {}


def _accepted(decisions: dict, gazetteer: Gazetteer, topics: dict[str, Entry],
              terms: list[tuple[str, Entry]]) -> dict[str, Entry]:
    """Entries a user accepted in `motesgraf review`; they apply from the next run on."""
    organisations = {}
    for item in decisions.get("accepted", []) or []:
        name, kind = item["name"], item.get("type", ORGANISATION)
        if kind == TOPIC:
            entry = topic_entry(name)
            topics[entry.key] = entry
            terms.append((name.casefold(), entry))
            continue
        entry = Entry(type=ORGANISATION, name=name, key=f"organisation:{slug(name)}", kind="user")
        organisations[entry.key] = entry
        gazetteer.add(name, entry, case_sensitive=_looks_like_acronym(name))
    return organisations
