"""Score extraction records against hand-made gold annotations.

A gold file (``<document>.gold.json``) describes one document. ``required``
items count for recall; a predicted item in neither ``required`` nor
``optional`` counts against precision. ``aliases`` maps a canonical name to
accepted alternative names and applies to every category.

A record is the per-document dict produced by extraction. For ``PRESENTED``
relations the contract is: ``source`` is the key of a Person entity and
``target`` is ``"agenda:<index>"``, where ``index`` is the 1-based position of
the item in the record's ``agenda_items``; it is compared with the gold
presenter's 1-based ``agenda_item`` number.

Counting decisions:

* Each gold item can be matched at most once. A second predicted entity that
  matches an already matched gold item (required or optional) is a false
  positive: it would become a duplicate node in the graph.
* A predicted entity matching only an optional gold item is neither tp nor fp.
* A wrong single value (minute taker, meeting year) is both a false positive
  (the wrong value) and a false negative (the missed gold value).
* Presenter pairs are compared as sets: repeated PRESENTED relations for the
  same (person, agenda item) pair are one edge in the graph, so count once.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Iterable

CATEGORIES = (
    "attendees",
    "agenda_items",
    "minute_taker",
    "persons",
    "municipalities",
    "organisations",
    "first_name_mentions",
    "presenters",
    "meeting_year",
)

ENTITY_CATEGORIES = {
    "persons": "Person",
    "municipalities": "Municipality",
    "organisations": "Organisation",
}

_AGENDA_TARGET = re.compile(r"agenda:(\d+)")


@dataclass(frozen=True)
class Score:
    """True positive, false positive and false negative counts."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __add__(self, other: Score) -> Score:
        return Score(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    @property
    def precision(self) -> float:
        predicted = self.tp + self.fp
        if predicted:
            return self.tp / predicted
        # Predicting nothing is perfect only when nothing was expected.
        return 1.0 if self.fn == 0 else 0.0

    @property
    def recall(self) -> float:
        required = self.tp + self.fn
        if required:
            return self.tp / required
        # Nothing was expected: perfect only if nothing was predicted either.
        return 1.0 if self.fp == 0 else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


# --- loading -----------------------------------------------------------------


def load_gold(path: Path) -> dict:
    """Read one gold file; it must name the document it annotates."""
    gold = json.loads(Path(path).read_text(encoding="utf-8"))
    if "document" not in gold:
        raise ValueError(f"{path}: gold annotation has no 'document' field")
    return gold


def load_gold_dir(directory: Path) -> dict[str, dict]:
    """All ``*.gold.json`` files in ``directory``, keyed by document file name."""
    directory = Path(directory)
    if not directory.is_dir():
        # A silent empty result would make every score look vacuously perfect.
        raise FileNotFoundError(f"gold directory not found: {directory}")
    golds = (load_gold(path) for path in sorted(directory.glob("*.gold.json")))
    return {gold["document"]: gold for gold in golds}


# --- name handling -----------------------------------------------------------


def _norm(text: str | None) -> str:
    """Collapse whitespace and case-fold, so layout and case never matter."""
    return " ".join((text or "").split()).casefold()


def _accepted_names(gold: dict, canonical: str) -> set[str]:
    """The normalised canonical name plus its gold aliases."""
    aliases = gold.get("aliases", {}).get(canonical, [])
    return {_norm(canonical), *map(_norm, aliases)}


def _alias_to_canonical(gold: dict) -> dict[str, str]:
    """Map every normalised gold alias to its normalised canonical name."""
    mapping = {}
    for canonical, aliases in gold.get("aliases", {}).items():
        for name in [canonical, *aliases]:
            mapping[_norm(name)] = _norm(canonical)
    return mapping


def _entity_names(entity: dict) -> set[str]:
    return {_norm(entity.get("name")), *map(_norm, entity.get("aliases", []))}


def _resolve_person(entity: dict, gold: dict) -> str:
    """The gold person an entity refers to (normalised canonical), or its own name."""
    names = _entity_names(entity)
    candidates = [p["person"] for p in gold.get("presenters", [])]
    candidates += gold.get("persons", {}).get("required", []) + gold.get("persons", {}).get("optional", [])
    for candidate in candidates:
        if names & _accepted_names(gold, candidate):
            return _norm(candidate)
    return _norm(entity.get("name"))


def _multiset_score(gold_items: Iterable, predicted_items: Iterable) -> Score:
    gold_counts, predicted_counts = Counter(gold_items), Counter(predicted_items)
    tp = sum((gold_counts & predicted_counts).values())
    return Score(
        tp=tp,
        fp=sum(predicted_counts.values()) - tp,
        fn=sum(gold_counts.values()) - tp,
    )


def _single_value_score(gold_value, predicted_value) -> Score:
    if gold_value is None and predicted_value is None:
        return Score()
    if gold_value == predicted_value:
        return Score(tp=1)
    return Score(fp=int(predicted_value is not None), fn=int(gold_value is not None))


# --- categories --------------------------------------------------------------


def _attendee_key(attendee: dict, to_canonical: dict[str, str]) -> tuple:
    # "GR, FoU i Väst" and "Göteborgsregionen, FoU i Väst" are the same affiliation.
    parts = (_norm(part) for part in (attendee.get("affiliation") or "").split(","))
    affiliation = frozenset(to_canonical.get(part, part) for part in parts if part)
    return _norm(attendee.get("name")), affiliation, _norm(attendee.get("status"))


def score_attendees(gold: dict, record: dict) -> Score:
    to_canonical = _alias_to_canonical(gold)
    return _multiset_score(
        (_attendee_key(a, to_canonical) for a in gold.get("attendees", [])),
        (_attendee_key(a, to_canonical) for a in record.get("attendees", [])),
    )


def score_agenda_items(gold: dict, record: dict) -> Score:
    return _multiset_score(
        map(_norm, gold.get("agenda_items", [])),
        (_norm(item.get("title")) for item in record.get("agenda_items", [])),
    )


def score_minute_taker(gold: dict, record: dict) -> Score:
    gold_value, predicted = gold.get("minute_taker"), record.get("minute_taker")
    return _single_value_score(
        _norm(gold_value) if gold_value else None,
        _norm(predicted) if predicted else None,
    )


def score_meeting_year(gold: dict, record: dict) -> Score:
    predicted = (record.get("meeting") or {}).get("year")
    return _single_value_score(gold.get("meeting_year"), predicted)


def _first_unmatched(names: set[str], candidates: dict[str, set[str]], matched: set[str]) -> str | None:
    """The first not yet matched gold item whose accepted names overlap ``names``."""
    return next(
        (item for item, accepted in candidates.items() if item not in matched and names & accepted),
        None,
    )


def score_entities(gold: dict, record: dict, category: str) -> Score:
    """Score predicted entities of one type against the gold category."""
    section = gold.get(category, {})
    required = {item: _accepted_names(gold, item) for item in section.get("required", [])}
    optional = {item: _accepted_names(gold, item) for item in section.get("optional", [])}
    entity_type = ENTITY_CATEGORIES[category]
    matched: set[str] = set()
    tp = fp = 0
    for entity in record.get("entities", []):
        if entity.get("type") != entity_type:
            continue
        names = _entity_names(entity)
        # Prefer a required item so an entity matching both kinds earns its tp.
        item = _first_unmatched(names, required, matched) or _first_unmatched(names, optional, matched)
        if item is None:
            fp += 1  # unknown, or a duplicate of an already matched gold item
            continue
        matched.add(item)
        tp += item in required  # an optional match is neither tp nor fp
    return Score(tp=tp, fp=fp, fn=len(required.keys() - matched))


def _carries_mention(person: dict, text: str) -> bool:
    # Case-sensitive: lower-case "per" is a Swedish preposition, not a name.
    return any(" ".join(m.get("text", "").split()) == text for m in person.get("mentions", []))


def score_first_name_mentions(gold: dict, record: dict) -> Score:
    """A first-name mention counts when the right Person entity carries it; no fp."""
    persons = [e for e in record.get("entities", []) if e.get("type") == "Person"]
    mentions = gold.get("first_name_mentions", {})
    tp = sum(
        any(
            _entity_names(person) & _accepted_names(gold, full_name) and _carries_mention(person, first_name)
            for person in persons
        )
        for first_name, full_name in mentions.items()
    )
    return Score(tp=tp, fn=len(mentions) - tp)


def _agenda_index(target: str | None) -> int | None:
    match = _AGENDA_TARGET.fullmatch(target or "")
    return int(match.group(1)) if match else None


def _predicted_presenters(gold: dict, record: dict) -> set[tuple]:
    entities = {e.get("key"): e for e in record.get("entities", [])}
    pairs = set()
    for relation in record.get("relations", []):
        if relation.get("type") != "PRESENTED":
            continue
        person = entities.get(relation.get("source"))
        # An unresolvable source still counts: it is a predicted presenter.
        name = _resolve_person(person, gold) if person else None
        pairs.add((name, _agenda_index(relation.get("target"))))
    return pairs


def score_presenters(gold: dict, record: dict) -> Score:
    gold_pairs = {(_norm(p["person"]), int(p["agenda_item"])) for p in gold.get("presenters", [])}
    return _multiset_score(gold_pairs, _predicted_presenters(gold, record))


# --- documents and corpora ---------------------------------------------------

_SCORERS = {
    "attendees": score_attendees,
    "agenda_items": score_agenda_items,
    "minute_taker": score_minute_taker,
    **{category: partial(score_entities, category=category) for category in ENTITY_CATEGORIES},
    "first_name_mentions": score_first_name_mentions,
    "presenters": score_presenters,
    "meeting_year": score_meeting_year,
}


def evaluate_document(gold: dict, record: dict) -> dict[str, Score]:
    """Scores for one document, keyed by category in ``CATEGORIES`` order."""
    return {category: _SCORERS[category](gold, record) for category in CATEGORIES}


def evaluate(gold_dir: Path, records: Iterable[dict]) -> tuple[dict[str, Score], list[str]]:
    """Micro-averaged scores over documents that have both a record and gold.

    Records are matched to gold by file name (``gold["document"]`` equals the
    name of ``record["source"]``). Unmatched records or gold files, and repeated
    records for one document, are reported as warnings and not scored.
    """
    golds = load_gold_dir(gold_dir)
    totals = {category: Score() for category in CATEGORIES}
    warnings: list[str] = []
    seen: set[str] = set()
    for record in records:
        document = Path(record.get("source") or "").name
        if document not in golds:
            warnings.append(f"no gold annotation for record {record.get('source')!r}")
            continue
        if document in seen:
            warnings.append(f"repeated record for {document}; only the first is scored")
            continue
        seen.add(document)
        for category, score in evaluate_document(golds[document], record).items():
            totals[category] += score
    warnings.extend(f"no record for gold document {name}" for name in sorted(golds.keys() - seen))
    return totals, warnings


def format_report(per_category: dict[str, Score]) -> str:
    """Fixed-width table: category, precision, recall, F1 and raw counts."""
    width = max([len("category"), *map(len, per_category)])
    header = f"{'category':<{width}}  {'P':>5} {'R':>5} {'F1':>5} {'tp':>5} {'fp':>5} {'fn':>5}"
    rows = [
        f"{category:<{width}}  {s.precision:5.2f} {s.recall:5.2f} {s.f1:5.2f} {s.tp:5d} {s.fp:5d} {s.fn:5d}"
        for category, s in per_category.items()
    ]
    return "\n".join([header, "-" * len(header), *rows])
