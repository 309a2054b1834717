"""spaCy pipeline components of motesgraf, registered as factories so users can add them to their own pipelines:

    nlp = spacy.blank("sv")
    nlp.add_pipe("motesgraf_line_sentencizer")
    nlp.add_pipe("motesgraf_gazetteer")        # municipalities, organisations, places, topics
    nlp.add_pipe("motesgraf_person_ruler")     # people, resolved against the meeting's known people

Each writes spans whose ``kb_id_`` is a stable motesgraf key ("municipality:1480", "organisation:skr",
"person:linda-karlsson"). Entities another component found first (a statistical ``ner``, added by config)
are kept: ours are merged in with ``filter_spans``, and generic labels (PER, ORG, LOC) are read as candidates.
This module is imported by spaCy's entry points on every ``spacy.blank``: it must stay cheap to import.
"""

from __future__ import annotations

import numpy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from .lexicons import MUNICIPALITY, ORGANISATION, PERSON, PLACE, TOPIC, Lexicons, load_lexicons, slug
from .names import NAME_PARTICLES, first_name_part, is_name_word, looks_like_first_name, read_name

ENTITY_GROUP = "motesgraf_entities"
TOPIC_GROUP = "motesgraf_topics"
# Known people of the meeting, [(full name, key)], set by the caller before the person ruler runs.
KNOWN_PEOPLE = "motesgraf_known_people"
REVIEW = "motesgraf_review"  # doc.user_data key: [(text, reason)] the pipeline saw but could not type

_LOCATIVE = {"i", "från", "till", "på", "och", "samt", "med", "mellan", "inom", "för", "hos", "om", ","}
_HEAD_WORD_SUFFIXES = ("departementet", "myndigheten", "verket", "inspektionen", "förbundet")
# Words with those endings that name no particular organisation.
_GENERIC_HEADS = ("nätverket", "hantverket", "regelverket", "ramverket", "samordningsförbundet",
                  "kommunalförbundet", "kommunförbundet", "departementet", "myndigheten", "förbundet")
_HEAD_NOUNS = {"universitet", "universitetet", "högskola", "högskolan", "folkhögskola", "folkhögskolan",
               "kommunalförbund", "kommunalförbundet", "samordningsförbund", "ab", "stiftelse", "stiftelsen"}
_LEADING_HEADS = {"region", "högskolan", "folkhögskolan", "länsstyrelsen", "samordningsförbundet",
                  "kommunalförbundet", "stiftelsen", "universitetet"}

if not Doc.has_extension(KNOWN_PEOPLE):
    Doc.set_extension(KNOWN_PEOPLE, default=None)


def person_key(name: str) -> str:
    return f"person:{slug(name)}"


@Language.factory("motesgraf_line_sentencizer")
def make_line_sentencizer(nlp: Language, name: str):
    return line_sentencizer


def line_sentencizer(doc: Doc) -> Doc:
    """Sentences that respect the layout of notes: a line break ends a sentence (headings, list items,
    attendee lines), and so does . ! ? before a capitalised word."""
    starts = numpy.full(len(doc), -1, dtype="int64")
    for i, token in enumerate(doc):
        if i == 0:
            starts[i] = 1
            continue
        previous = doc[i - 1]
        after_break = "\n" in previous.text or "\n" in previous.whitespace_
        after_stop = previous.text in {".", "!", "?"} and (token.text[:1].isupper() or token.text[:1].isdigit())
        if after_break or after_stop:
            starts[i] = 1
    # One array write: setting token.is_sent_start one by one re-checks the whole doc each time.
    doc.from_array([SENT_START], starts.astype("uint64").reshape(-1, 1))
    return doc


@Language.factory("motesgraf_gazetteer", default_config={"lexicon_dir": None})
def make_gazetteer(nlp: Language, name: str, lexicon_dir: str | None):
    return GazetteerComponent(load_lexicons(lexicon_dir))


class GazetteerComponent:
    """Municipalities, organisations, places and topics from the lexicons and head-word patterns."""

    def __init__(self, lexicons: Lexicons):
        self.lex = lexicons

    def __call__(self, doc: Doc) -> Doc:
        words = [t.text for t in doc]
        spans = []
        for match in self.lex.gazetteer.find_all(words):
            if match.entry.type == TOPIC or not self._plausible(doc, match):
                continue
            spans.append(Span(doc, match.start, match.end, label=match.entry.type, kb_id=match.entry.key))
        spans.extend(self._head_word_organisations(doc, spans))
        spans.extend(_adopted(doc, spans))
        doc.spans[ENTITY_GROUP] = list(doc.spans.get(ENTITY_GROUP, [])) + spans
        doc.spans[TOPIC_GROUP] = self._topics(doc)
        doc.ents = _merge(doc.ents, spans)
        return doc

    def _plausible(self, doc: Doc, match) -> bool:
        first = doc[match.start]
        single = match.end - match.start == 1
        if single and not first.text[:1].isupper():
            return False  # "forte", "vara", "mark" are words; multi-word names may be written in lower case
        if not match.entry.ambiguous:
            return True
        if match.entry.type == MUNICIPALITY and not single:
            return True  # "Vara kommun"
        if first.is_sent_start:
            return False
        previous = doc[match.start - 1].lower_ if match.start else ""
        return previous in _LOCATIVE or self._next_to_municipality(doc, match)

    def _next_to_municipality(self, doc: Doc, match) -> bool:
        window = [t.text for t in doc[max(0, match.start - 2):match.end + 2]]
        hits = self.lex.gazetteer.find_all(window)
        return sum(h.entry.type == MUNICIPALITY and not h.entry.ambiguous for h in hits) >= 1

    def _head_word_organisations(self, doc: Doc, taken: list[Span]) -> list[Span]:
        """Organisations named by their head word: "Migrationsverket", "Billströmska folkhögskola",
        "Region Kronoberg", "Samordningsförbundet Umeå"."""
        covered = {i for span in taken for i in range(span.start, span.end)}
        found = []
        for i, token in enumerate(doc):
            if i in covered or not token.text[:1].isupper():
                continue
            span = self._head_word_span(doc, i)
            if span and not any(k in covered for k in range(span[0], span[1])):
                name = doc[span[0]:span[1]].text
                found.append(Span(doc, span[0], span[1], label=ORGANISATION,
                                  kb_id=f"organisation:{slug(_base_form(name))}"))
                covered.update(range(span[0], span[1]))
        return found

    def _head_word_span(self, doc: Doc, i: int) -> tuple[int, int] | None:
        text = doc[i].text
        lower = text.casefold()
        if lower.endswith(_HEAD_WORD_SUFFIXES) and not lower.endswith(_GENERIC_HEADS) and len(text) > 9:
            return i, i + 1
        if lower in _LEADING_HEADS and i + 1 < len(doc):
            end = i + 1
            if doc[end].lower_ == "i" and end + 1 < len(doc):
                end += 1
            if doc[end].text[:1].isupper() and doc[end].is_alpha:
                return i, end + 1
        if i + 1 < len(doc) and doc[i + 1].lower_ in _HEAD_NOUNS and not doc[i].is_sent_start:
            return i, i + 2
        if i + 1 < len(doc) and doc[i + 1].lower_ in _HEAD_NOUNS and doc[i].text.endswith(("ska", "s")):
            return i, i + 2
        return None

    def _topics(self, doc: Doc) -> list[Span]:
        words = [t.lower_ for t in doc]
        spans, i = [], 0
        while i < len(words):
            hit = self.lex.topic_at(words, i)
            if hit:
                spans.append(Span(doc, i, hit[1], label=TOPIC, kb_id=hit[0].key))
                i = hit[1]
            else:
                i += 1
        return spans


def _base_form(name: str) -> str:
    """Genitive off the last word of a head-word organisation: "Migrationsverkets" -> "Migrationsverket"."""
    if name.endswith("s") and name[:-1].casefold().endswith(("et", "en", "an", "a")):
        return name[:-1]
    return name


# Labels of statistical NER models (spaCy's and SUC's conventions) -> motesgraf types.
FOREIGN_LABELS = {"PER": PERSON, "PERSON": PERSON, "PRS": PERSON, "ORG": ORGANISATION, "LOC": PLACE, "GPE": PLACE}


def _adopted(doc: Doc, ours: list[Span]) -> list[Span]:
    """Entities an earlier component (a statistical ``ner``) found where we found nothing, typed and keyed."""
    adopted = []
    covered = {i for span in ours for i in range(span.start, span.end)}
    for ent in doc.ents:
        kind = FOREIGN_LABELS.get(ent.label_)
        if ent.kb_id_ or not kind or any(i in covered for i in range(ent.start, ent.end)):
            continue
        key = person_key(ent.text) if kind == PERSON else f"{kind.lower()}:{slug(ent.text)}"
        adopted.append(Span(doc, ent.start, ent.end, label=kind, kb_id=key))
    return adopted


def _merge(existing, ours: list[Span]) -> list[Span]:
    """Our spans win over overlapping ones from other components; other components' spans stay otherwise."""
    covered = {i for span in ours for i in range(span.start, span.end)}
    kept = [e for e in existing if not any(i in covered for i in range(e.start, e.end))]
    return filter_spans(kept + list(ours))


@Language.factory("motesgraf_person_ruler", default_config={"lexicon_dir": None})
def make_person_ruler(nlp: Language, name: str, lexicon_dir: str | None):
    return PersonRuler(load_lexicons(lexicon_dir))


class PersonRuler:
    """People: the meeting's known people by full name, first name or first name + initials; other full
    names by the first-name lexicon. A first name shared by two known people is left unresolved."""

    def __init__(self, lexicons: Lexicons):
        self.lex = lexicons

    def __call__(self, doc: Doc) -> Doc:
        known = list(doc._.get(KNOWN_PEOPLE) or [])
        taken = {i for ent in doc.ents for i in range(ent.start, ent.end)}
        words = [t.text for t in doc]
        spans = self._full_names(doc, words, known, taken)
        spans += self._short_mentions(doc, known, taken)
        doc.user_data.setdefault(REVIEW, []).extend(self._unresolved(doc, known, taken))
        doc.spans[ENTITY_GROUP] = list(doc.spans.get(ENTITY_GROUP, [])) + spans
        doc.ents = _merge(doc.ents, spans)
        doc._.set(KNOWN_PEOPLE, known)
        return doc

    def _full_names(self, doc: Doc, words: list[str], known: list, taken: set[int]) -> list[Span]:
        starts = _sentence_starts(doc)
        by_name: dict[tuple[str, ...], list[str]] = {}
        for name, key in known:
            by_name.setdefault(tuple(name.split()), []).append(key)
        longest = max((len(n) for n in by_name), default=0)
        spans, i = [], 0
        while i < len(doc):
            if i in taken:
                i += 1
                continue
            end, keys = self._known_name_at(words, i, by_name, longest)
            if keys is None:
                end = read_name(words, i, self.lex, need_first_name=True,
                                stop=lambda j: j in taken or j in starts)
                if end is None:
                    i += 1
                    continue
                name = " ".join(words[i:end])
                keys = [person_key(name)]
                known.append((name, keys[0]))
                by_name[tuple(words[i:end])] = keys
                longest = max(longest, end - i)
            if len(keys) == 1:  # two known people with this name: not silently merged
                spans.append(Span(doc, i, end, label=PERSON, kb_id=keys[0]))
                taken.update(range(i, end))
            i = end
        return spans

    @staticmethod
    def _known_name_at(words: list[str], i: int, by_name: dict, longest: int):
        for length in range(min(longest, len(words) - i), 1, -1):
            keys = by_name.get(tuple(words[i:i + length]))
            if keys:
                return i + length, keys
        return i, None

    def _short_mentions(self, doc: Doc, known: list, taken: set[int]) -> list[Span]:
        """"Linda ger ..." -> Linda Karlsson; "Lisa A L" -> Lisa Andersson Lindberg."""
        by_first: dict[str, list[tuple[str, str]]] = {}
        for name, key in dict.fromkeys(known):
            by_first.setdefault(name.split()[0], []).append((name, key))
        spans = []
        for token in doc:
            if token.i in taken or token.text not in by_first:
                continue
            people = by_first[token.text]
            initials_end = self._initials_end(doc, token.i)
            if initials_end:
                initials = "".join(t.text.rstrip(".") for t in doc[token.i + 1:initials_end])
                people = [p for p in people if _initials(p[0]) == initials] or []
                if len(people) == 1:
                    spans.append(Span(doc, token.i, initials_end, label=PERSON, kb_id=people[0][1]))
                    taken.update(range(token.i, initials_end))
                continue
            if len({key for _, key in people}) == 1:
                spans.append(Span(doc, token.i, token.i + 1, label=PERSON, kb_id=people[0][1]))
                taken.add(token.i)
        return spans

    @staticmethod
    def _initials_end(doc: Doc, i: int) -> int | None:
        end = i + 1
        while end < len(doc) and end - i <= 3 and len(doc[end].text.rstrip(".")) == 1 and doc[end].text[:1].isupper():
            end += 1
        return end if end - i >= 2 else None

    def _unresolved(self, doc: Doc, known: list, taken: set[int]) -> list[tuple[str, str]]:
        """First names of nobody known in this meeting, and acronyms no lexicon knows: for `motesgraf review`."""
        firsts = {name.split()[0] for name, _ in known}
        starts = _sentence_starts(doc)
        found = []
        for token in doc:
            if token.i in taken or token.ent_type_:
                continue
            text = token.text
            if text in firsts and len({k for n, k in known if n.split()[0] == text}) > 1:
                found.append((text, "ambiguous first name"))
            elif (looks_like_first_name(text, self.lex, strict=True) and token.i not in starts and token.i + 1 < len(doc)
                  and doc[token.i + 1].is_lower and text not in NAME_PARTICLES):
                found.append((text, "first name of nobody known in this meeting"))
            elif _unknown_acronym(text, self.lex) and token.i not in starts:
                found.append((_acronym_head(text), "unknown acronym"))
        return found


def _acronym_head(word: str) -> str:
    """"KLARA-projektet" -> "KLARA", "LOU:s" -> "LOU"."""
    return word.split("-", 1)[0].split(":", 1)[0]


def _unknown_acronym(word: str, lexicons: Lexicons) -> bool:
    head = _acronym_head(word)
    return (2 <= len(head) <= 8 and head.isupper() and head.isalpha() and head.casefold() not in lexicons.rejected
            and not lexicons.gazetteer.match_at([head], 0))


def _sentence_starts(doc: Doc) -> set[int]:
    """Token indices that start a sentence (asking each token is slow: it re-checks the annotation)."""
    return {sentence.start for sentence in doc.sents}


def _initials(name: str) -> str:
    return "".join(part[0] for part in name.split()[1:] if part[:1].isupper())
