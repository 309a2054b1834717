"""From one document's text to one plain, JSON-serialisable record (the interface the graph stage reads).

    record = Extractor().extract_path("notes/2021-01-23.txt")

Every span in a record ("start", "end") is a character offset into the text as read from the file
(``SourceText.text``), and every "text" is that slice of it.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path
from typing import NamedTuple

import spacy
from spacy.attrs import IDX
from spacy.language import Language
from spacy.tokens import Doc, Span

from .components import ENTITY_GROUP, KNOWN_PEOPLE, REVIEW, TOPIC_GROUP, doc_words, person_key, sentence_starts
from .lexicons import MUNICIPALITY, ORGANISATION, PERSON, PLACE, TOPIC, Entry, Lexicons, load_lexicons, slug, topic_entry
from .metadata import find_date, find_title
from .normalise import CleanText, clean
from .reading import SourceText, read_document
from .structure import ABSENT, Attendee, Structure, parse_structure

MEETING = "meeting"  # the key of the document's own meeting in relations

_PRESENTING = re.compile(
    r"^\s*(?:berättar|informerar|presenterar|redogör|redovisar|föredrar|rapporterar|inleder|visar|delger|"
    r"går igenom|återkopplar|ger\s+(?:en\s+|ett\s+)?(?:\w+\s+){0,2}?"
    r"(?:rapport|återrapportering|uppdatering|bild|information|presentation|återkoppling|lägesrapport|lägesbild|"
    r"genomgång|redovisning|sammanfattning|introduktion|inledning|orientering)|"
    r"håller\s+(?:en\s+|i\s+)?(?:presentation|dragning|genomgång)|hälsar\b[^.\n]{0,40}?välkom)",
    re.IGNORECASE)
_COOPERATION = re.compile(
    r"\b(?:samverka\w*|samarbet\w*|tillsammans|överenskommelse\w*|partnerskap\w*|gemensam\w*|i samråd|"
    r"avsiktsförklaring\w*|avtal\w*|samfinansier\w*|samordn\w*)", re.IGNORECASE)
_MEMBERSHIP = re.compile(r"\b(?:ingår|består av|medlemskommuner\w*|medlemmar|medlem i)\b", re.IGNORECASE)
_TITLE_NOISE = re.compile(r"\(.*?\)|\b(?:19|20)\d\d(?:[-–/]\d{2,4})?\b|[\d§.:;–-]+\s*$|^\s*[\d§.:;–-]+")


@dataclass
class _Mentions:
    """Entities of one document, keyed by their stable key."""

    entities: dict[str, dict]
    starts: dict[str, set[int]] = field(default_factory=dict)  # mention starts per entity, to skip repeats

    def add(self, entity_type: str, name: str, key: str, span: tuple[int, int] | None, source: str,
            **extra) -> None:
        entity = self.entities.get(key)
        if entity is None:  # most adds repeat an entity: build its dict only for the first
            entity = self.entities[key] = {"type": entity_type, "name": name, "key": key, "aliases": [],
                                           "mentions": [], **extra}
            self.starts[key] = set()
        seen = self.starts[key]
        if span and span[1] > span[0] and span[0] not in seen:
            seen.add(span[0])
            entity["mentions"].append({"start": span[0], "end": span[1], "text": source[span[0]:span[1]]})

    def add_entry(self, entry: Entry, span, source: str) -> None:
        extra = {}
        if entry.code:
            extra.update(code=entry.code, county=entry.county)
        if entry.kind:
            extra["kind"] = entry.kind
        self.add(entry.type, entry.name, entry.key, span, source, **extra)
        self.entities[entry.key]["aliases"] = list(entry.aliases)


class Extractor:
    """Holds the spaCy pipeline and lexicons; extracting many documents reuses them."""

    def __init__(self, lexicon_dir: str | Path | None = None, nlp: Language | None = None):
        self.lexicon_dir = str(lexicon_dir) if lexicon_dir else None
        self.lexicons: Lexicons = load_lexicons(self.lexicon_dir)
        self.nlp = nlp or build_nlp(self.lexicon_dir)

    def extract_path(self, path: str | Path, *, date: str | None = None) -> dict:
        return self.extract_source(read_document(path), date=date)

    def extract_source(self, source: SourceText, *, date: str | None = None) -> dict:
        record = self.extract_text(source.text, source=source.path, date=date)
        record["format"] = source.format
        record["content_hash"] = source.content_hash
        return record

    def extract_text(self, text: str, *, source: str = "<text>", date: str | None = None) -> dict:
        cleaned = clean(text)
        structure = parse_structure(cleaned.text, self.lexicons)
        doc = self._annotate(cleaned.text, structure)
        return _Builder(text, cleaned, structure, doc, self.lexicons).build(source, date)

    def _annotate(self, text: str, structure: Structure) -> Doc:
        doc = self.nlp.make_doc(text)
        doc._.set(KNOWN_PEOPLE, _known_people(structure))
        for _, component in self.nlp.pipeline:
            doc = component(doc)
        return doc


def build_nlp(lexicon_dir: str | None = None) -> Language:
    """spacy.blank("sv") with motesgraf's registered components. A statistical ``ner`` can be added
    before "motesgraf_gazetteer" by config; its entities are kept as candidates."""
    nlp = spacy.blank("sv")
    nlp.add_pipe("motesgraf_line_sentencizer")
    nlp.add_pipe("motesgraf_gazetteer", config={"lexicon_dir": lexicon_dir})
    nlp.add_pipe("motesgraf_person_ruler", config={"lexicon_dir": lexicon_dir})
    return nlp


def _known_people(structure: Structure) -> list[tuple[str, str]]:
    """Attendees and people in roles, each with a key; homonyms in one meeting get distinct keys."""
    affiliations: dict[str, set] = {}
    for attendee in structure.attendees:
        affiliations.setdefault(attendee.name, set()).add(attendee.affiliation)
    people = []
    for attendee in structure.attendees:
        people.append((attendee.name, _attendee_key(attendee, affiliations)))
    for role in structure.roles:
        if role.name not in affiliations:
            people.append((role.name, person_key(role.name)))
    return list(dict.fromkeys(people))


def _attendee_key(attendee: Attendee, affiliations: dict[str, set]) -> str:
    if len(affiliations[attendee.name]) > 1:
        return f"{person_key(attendee.name)}--{slug(attendee.affiliation or 'unknown')}"
    return person_key(attendee.name)


class _Builder:
    """Turns structure + annotated doc into the record, mapping every span back to the source text."""

    def __init__(self, source_text: str, cleaned: CleanText, structure: Structure, doc: Doc, lexicons: Lexicons):
        self.source = source_text
        self.cleaned = cleaned
        self.structure = structure
        self.doc = doc
        self.lex = lexicons
        self.mentions = _Mentions({})
        self.relations: list[dict] = []
        self.warnings: list[str] = []
        self.known_people: list[tuple[str, str]] = doc._.get(KNOWN_PEOPLE) or []
        self.known = dict(self.known_people)
        self._attendance = _bounds(sorted(structure.attendance_spans))
        self._items = _bounds((item.start, item.body_end) for item in structure.agenda_items)
        self._source_spans: dict[tuple[int, int], tuple[int, int]] = {}  # the same lines and sentences recur
        self._openings: dict[int, int] = {}
        # Read once: doc.ents and span groups make new Span objects on every access.
        self.ents = _span_data(doc.ents, cleaned.text)
        self.entity_spans = _span_data(doc.spans.get(ENTITY_GROUP, []), cleaned.text)
        self.topic_spans = _span_data(doc.spans.get(TOPIC_GROUP, []), cleaned.text)
        self.sentences = _Sentences(doc, cleaned.text)
        self._part_of: set[str] = set()  # entities that already have their PART_OF
        self._actors: list[_SpanData] | None = None

    def span(self, start: int, end: int) -> tuple[int, int]:
        found = self._source_spans.get((start, end))
        if found is None:
            found = self._source_spans[(start, end)] = self.cleaned.source_span(start, end)
        return found

    def evidence(self, start: int, end: int) -> dict:
        s, e = self.span(start, end)
        return {"start": s, "end": e, "text": self.source[s:e]}

    def relate(self, kind: str, source: str, target: str, method: str, evidence: tuple[int, int], **props) -> None:
        relation = {"type": kind, "source": source, "target": target, "method": method,
                    "evidence": self.evidence(*evidence)}
        for name, value in props.items():
            if value is not None:
                relation[name] = value
        self.relations.append(relation)

    def build(self, source: str, date: str | None) -> dict:
        text = self.cleaned.text
        attendance_start = min((s for s, _ in self.structure.attendance_spans), default=None)
        when = find_date(text, Path(source).name, date)
        title = find_title(text, stop_at=attendance_start)
        attendees = self._attendees()
        roles = self._roles()
        agenda = self._agenda()
        self._entities()
        self._presenters()
        self._item_mentions()
        self._co_mentions()
        self._memberships()
        return {
            "source": source,
            "meeting": {"title": title.title, "body": title.body, "date": when.date, "year": when.year,
                        "year_inferred": when.year_inferred},
            "attendees": attendees,
            "minute_taker": roles.get("minute_taker"),
            "chair": roles.get("chair"),
            "adjusters": roles.get("adjusters", []),
            "agenda_items": agenda,
            "entities": sorted(self.mentions.entities.values(), key=lambda e: (e["type"], e["key"])),
            "relations": self.relations,
            "review": self._review(),
            "warnings": self.warnings,
        }

    # ---------------------------------------------------------------- structure

    def _attendees(self) -> list[dict]:
        rows = []
        keys_by_name: dict[str, list[str]] = {}
        for name, key in self.known_people:
            keys_by_name.setdefault(name, []).append(key)
        for attendee in self.structure.attendees:
            key = self.known.get(attendee.name) or person_key(attendee.name)
            suffix = slug(attendee.affiliation or "unknown")
            key = next((k for k in keys_by_name.get(attendee.name, ()) if k.endswith(suffix)), key)
            self.mentions.add(PERSON, attendee.name, key, self.span(attendee.start, attendee.end), self.source)
            line = (attendee.line_start, attendee.line_end)
            kind = "ABSENT_FROM" if attendee.status == ABSENT else "ATTENDED"
            self.relate(kind, key, MEETING, "structure", line, role=attendee.role, party=attendee.party,
                        affiliation=attendee.affiliation)
            for part in attendee.parts:
                target = self._affiliation_entity(part)
                self.relate("REPRESENTS", key, target, "structure", line, status=attendee.status)
            rows.append({"name": attendee.name, "affiliation": attendee.affiliation, "status": attendee.status,
                         "role": attendee.role, "party": attendee.party,
                         "evidence": self.evidence(*line)})
        for name, keys in _homonyms(self.structure.attendees).items():
            self.warnings.append(f"{len(keys)} different attendees named {name!r}: kept apart")
        return rows

    def _affiliation_entity(self, part) -> str:
        span = self.span(part.start, part.end)
        if part.entry:
            self.mentions.add_entry(part.entry, span, self.source)
            self._link_administration(part.entry, span)
            return part.entry.key
        key = f"organisation:{slug(part.text)}"
        self.mentions.add(ORGANISATION, part.text, key, span, self.source, kind="unknown")
        return key

    def _roles(self) -> dict:
        found: dict = {"adjusters": []}
        relation = {"minute_taker": "MINUTED", "chair": "CHAIRED", "adjuster": "ADJUSTED"}
        seen = set()
        for role in self.structure.roles:
            name = self._full_name(role.name)
            if (role.role, name) in seen:
                continue
            seen.add((role.role, name))
            key = self.known.get(name) or person_key(name)
            self.mentions.add(PERSON, name, key, self.span(role.start, role.end), self.source)
            self.relate(relation[role.role], key, MEETING, "structure", (role.evidence_start, role.evidence_end))
            if role.role == "adjuster":
                found["adjusters"].append(name)
            else:
                found.setdefault(role.role, name)
        return found

    def _full_name(self, name: str) -> str:
        """A role line may name someone by first name only; the attendee list has the full name."""
        if name in self.known:
            return name
        matches = [n for n in self.known if n.split()[0] == name.split()[0] and len(name.split()) == 1]
        return matches[0] if len(matches) == 1 else name

    def _agenda(self) -> list[dict]:
        items = []
        for index, item in enumerate(self.structure.agenda_items, start=1):
            key = f"agenda:{index}"
            heading = (item.start, item.end)
            self.relate("HAS_ITEM", MEETING, key, "structure", heading, order=index)
            topic = self._title_topic(item.title)
            if topic:
                self.mentions.add(TOPIC, topic.name, topic.key, self.span(*heading), self.source)
                self.relate("MENTIONS", key, topic.key, "structure", heading, count=1)
            start, end = self.span(*heading)
            items.append({"number": item.number, "title": item.title, "key": key, "start": start, "end": end})
        return items

    def _title_topic(self, title: str) -> Entry | None:
        """An agenda title as a topic, normalised so "Feriejobb 2022" and "Feriejobb" are one topic."""
        core = re.sub(r"\s+", " ", _TITLE_NOISE.sub(" ", title)).strip(" ,:;-–")
        if not core or core.casefold() in self.lex.agenda_stopwords or len(core) < 3:
            return None
        words = core.split()
        if len(words) <= 2:
            entry = self.lex.topic_starting(words[0].casefold())
            if entry:
                return entry
        return topic_entry(core[0].upper() + core[1:])

    # ---------------------------------------------------------------- running text

    def _entities(self) -> None:
        chosen = {(e.start, e.end, e.label_) for e in self.ents}
        name_of: dict[str, str] = {}  # person key -> the first known name with it
        for name, key in self.known.items():
            name_of.setdefault(key, name)
        for span in self.entity_spans:
            if span.label_ not in (PERSON, MUNICIPALITY, ORGANISATION, PLACE):
                continue
            if (span.start, span.end, span.label_) not in chosen and span.label_ != PERSON:
                continue
            if self._in_attendance(span.start_char):
                continue  # the attendee lines were read by the structure parser, which knows better
            location = self.span(span.start_char, span.end_char)
            entry = self.lex.entry(span.kb_id_)
            if entry:
                self.mentions.add_entry(entry, location, self.source)
                self._link_administration(entry, location)
            elif span.label_ == PERSON:
                name = name_of.get(span.kb_id_, span.text)
                self.mentions.add(PERSON, name, span.kb_id_, location, self.source)
            else:
                self.mentions.add(span.label_, _display(span.text), span.kb_id_, location, self.source)
        for span in self.topic_spans:
            entry = self.lex.topics.get(span.kb_id_)
            if entry:
                self.mentions.add(TOPIC, entry.name, entry.key, self.span(span.start_char, span.end_char), self.source)

    def _link_administration(self, entry: Entry, location: tuple[int, int]) -> None:
        """"Göteborgs Stad" is the administration of Göteborg: both are entities, linked by PART_OF."""
        if not entry.municipality_key:
            return
        municipality = self.lex.municipalities[entry.municipality_key]
        self.mentions.add_entry(municipality, None, self.source)
        if entry.key not in self._part_of:
            self._part_of.add(entry.key)
            clean_span = self._clean_span_of(location)
            self.relate("PART_OF", entry.key, municipality.key, "rule", clean_span)

    def _clean_span_of(self, location: tuple[int, int]) -> tuple[int, int]:
        for span in self.entity_spans:
            if self.span(span.start_char, span.end_char) == location:
                return span.start_char, span.end_char
        return 0, 0

    def _actor_spans(self) -> list[_SpanData]:
        if self._actors is None:
            spans = [s for s in self.ents if s.label_ in (PERSON, MUNICIPALITY, ORGANISATION)]
            self._actors = [s for s in spans if not self._in_attendance(s.start_char)]
        return self._actors

    def _in_attendance(self, pos: int) -> bool:
        return _in_spans(self._attendance, pos) is not None

    def _item_index(self, pos: int) -> int | None:
        found = _in_spans(self._items, pos)
        return None if found is None else found + 1

    def _presenters(self) -> None:
        """Who presents an item: a person in the item's opening paragraph followed by a presenting verb
        ("Gunilla Bergström berättar om ...", "Linda ger en återrapportering ..."). Welcoming ("hälsar
        välkommen") counts only when nobody else presents the item."""
        text = self.cleaned.text
        found: dict[int, list[tuple[str, _SpanData, bool]]] = {}
        for span in self._actor_spans():
            index = self._item_index(span.start_char)
            if span.label_ != PERSON or index is None or span.start_char > self._opening_end(index):
                continue
            verb = _PRESENTING.match(text[span.end_char:span.end_char + 80])
            if verb:
                welcome = verb.group().strip().casefold().startswith("hälsar")
                found.setdefault(index, []).append((span.kb_id_, span, welcome))
        for index, candidates in found.items():
            presenting = [c for c in candidates if not c[2]] or candidates
            for key in dict.fromkeys(key for key, _, _ in presenting):
                sentence = self.sentences.of(next(span for k, span, _ in presenting if k == key))
                self.relate("PRESENTED", key, f"agenda:{index}", "rule", sentence.chars)

    def _opening_end(self, index: int) -> int:
        """End of the first paragraph of agenda item ``index`` (1-based), computed once per item."""
        if index not in self._openings:
            self._openings[index] = self._first_paragraph_end(self.structure.agenda_items[index - 1])
        return self._openings[index]

    def _first_paragraph_end(self, item) -> int:
        body = self.cleaned.text[item.end:item.body_end]
        start = len(body) - len(body.lstrip())
        blank = re.search(r"\n[ \t]*\n", body[start:])
        return item.end + start + (blank.start() if blank else len(body) - start)

    def _item_mentions(self) -> None:
        counts: Counter = Counter()
        first: dict = {}
        topics = [s for s in self.topic_spans if s.kb_id_ in self.lex.topics]
        # A topic in an agenda title is already that item's topic (method "structure").
        headings = [(item.start, item.end) for item in self.structure.agenda_items]
        topics = [s for s in topics if not any(start <= s.start_char < end for start, end in headings)]
        spans = self._actor_spans() + topics
        spans += [s for s in self.ents if s.label_ == PLACE]
        for span in spans:
            index = self._item_index(span.start_char)
            source = f"agenda:{index}" if index else MEETING
            counts[(source, span.kb_id_)] += 1
            if (source, span.kb_id_) not in first:
                first[(source, span.kb_id_)] = self.sentences.of(span)
        for (source, target), count in counts.items():
            self.relate("MENTIONS", source, target, "rule", first[(source, target)].chars, count=count)

    def _co_mentions(self) -> None:
        """Organisations (and municipalities) named in one sentence; COLLABORATES_WITH when it speaks of
        cooperation, CO_MENTIONED otherwise."""
        by_sentence: dict[int, tuple[_Sentence, list[str]]] = {}
        for span in self._actor_spans():
            if span.label_ in (ORGANISATION, MUNICIPALITY):
                sentence = self.sentences.of(span)
                keys = by_sentence.setdefault(sentence.start, (sentence, []))[1]
                if span.kb_id_ not in keys:
                    keys.append(span.kb_id_)
        for sentence, keys in by_sentence.values():
            kind = "COLLABORATES_WITH" if _COOPERATION.search(self.sentences.text(sentence)) else "CO_MENTIONED"
            method = "rule" if kind == "COLLABORATES_WITH" else "inferred"
            for a, b in combinations(sorted(keys), 2):
                self.relate(kind, a, b, method, sentence.chars)

    def _memberships(self) -> None:
        """"I GR ingår: Kungsbacka, Lilla Edet, Mölndal och Härryda." -> MEMBER_OF. Only a sentence that names
        one organisation and a municipality can say so: only those are searched for the verb (a search of the
        whole text cost more than the rest of this)."""
        for sentence, ents in self._sentence_actors().items():
            organisations = [e for e in ents if e.label_ == ORGANISATION]
            members = [e for e in ents if e.label_ == MUNICIPALITY]
            if len(organisations) == 1 and members and _MEMBERSHIP.search(self.sentences.text(sentence)):
                for member in members:
                    self.relate("MEMBER_OF", member.kb_id_, organisations[0].kb_id_, "rule", sentence.chars)

    def _sentence_actors(self) -> dict[_Sentence, list[_SpanData]]:
        """Organisations and municipalities (doc.ents) per sentence, in text order; an entity that runs past
        the end of its sentence counts for none."""
        found: dict[_Sentence, list[_SpanData]] = {}
        for ent in self.ents:
            if ent.label_ in (ORGANISATION, MUNICIPALITY):
                sentence = self.sentences.of(ent)
                if ent.end <= sentence.end:
                    found.setdefault(sentence, []).append(ent)
        return found

    def _review(self) -> list[dict]:
        counts = Counter(self.doc.user_data.get(REVIEW, []))
        for entity in self.mentions.entities.values():
            if entity.get("kind") == "unknown":
                counts[(entity["name"], "organisation in an attendee line, not in the lexicon")] += 1
        return [{"text": text, "reason": reason, "count": count}
                for (text, reason), count in sorted(counts.items()) if text.casefold() not in self.lex.rejected]


class _SpanData(NamedTuple):
    """What the builder reads of a Span, read once: each Span attribute is looked up anew on every access."""

    start: int
    end: int
    start_char: int
    end_char: int
    label_: str
    kb_id_: str
    text: str


def _span_data(spans, text: str) -> list[_SpanData]:
    """Spans of a doc whose text is ``text`` (Span.text is that slice of it)."""
    data = []
    for span in spans:
        start, end = span.start_char, span.end_char
        data.append(_SpanData(span.start, span.end, start, end, span.label_, span.kb_id_, text[start:end]))
    return data


class _Sentence(NamedTuple):  # one per question about a span: cheaper to make than a frozen dataclass
    start: int  # token indices
    end: int
    chars: tuple[int, int]  # character offsets into the cleaned text


class _Sentences:
    """A doc's sentences from its sentence starts and token offsets, without making a Span per question."""

    def __init__(self, doc: Doc, text: str):
        self._doc_text = text  # the doc's text (Doc.text joins every token anew)
        self._starts = sorted(sentence_starts(doc)) if len(doc) else []
        self._length = len(doc)
        self._offsets = doc.to_array(IDX).tolist()
        self._words = doc_words(doc)

    def of(self, span: Span | _SpanData) -> _Sentence:
        """The sentence holding the span's first token, as ``Span.sent`` gives it."""
        index = bisect_right(self._starts, span.start) - 1
        return self._sentence(index)

    def all(self) -> list[_Sentence]:
        return [self._sentence(index) for index in range(len(self._starts))]

    def text(self, sentence: _Sentence) -> str:
        return self._doc_text[sentence.chars[0]:sentence.chars[1]]

    def _sentence(self, index: int) -> _Sentence:
        start = self._starts[index]
        end = self._starts[index + 1] if index + 1 < len(self._starts) else self._length
        last = end - 1
        return _Sentence(start, end, (self._offsets[start], self._offsets[last] + len(self._words[last])))


def _bounds(spans) -> list[int]:
    """Sorted, non-overlapping spans as one flat list [start0, end0, start1, end1, ...] for ``_in_spans``."""
    return [offset for span in spans for offset in span]


def _in_spans(bounds: list[int], pos: int) -> int | None:
    """Index of the span that contains pos, by bisection in ``_bounds``: inside one iff an odd number of
    bounds are <= pos."""
    index = bisect_right(bounds, pos)
    return index // 2 if index % 2 else None


def _homonyms(attendees: list[Attendee]) -> dict[str, set]:
    seen: dict[str, set] = {}
    for attendee in attendees:
        seen.setdefault(attendee.name, set()).add(attendee.affiliation)
    return {name: affs for name, affs in seen.items() if len(affs) > 1}


def _display(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()
