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
from spacy.attrs import IS_SPACE, ORTH, SENT_START
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from .lexicons import MUNICIPALITY, ORGANISATION, PERSON, PLACE, TOPIC, Lexicons, load_lexicons, slug
from .names import NAME_PARTICLES, looks_like_first_name, read_name

ENTITY_GROUP = "motesgraf_entities"
TOPIC_GROUP = "motesgraf_topics"
# Known people of the meeting, [(full name, key)], set by the caller before the person ruler runs.
KNOWN_PEOPLE = "motesgraf_known_people"
REVIEW = "motesgraf_review"  # doc.user_data key: [(text, reason)] the pipeline saw but could not type
_WORDS = "motesgraf_words"  # doc.user_data key: (token count, fingerprint of the ORTH array, token texts)
_SENTENCE_STOPS = (".", "!", "?")

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
    if not len(doc):
        return doc
    strings = doc.vocab.strings
    orth = doc.to_array(ORTH)
    starts = numpy.full(len(doc), -1, dtype="int64")
    starts[0] = 1
    # Only whitespace tokens can hold a line break (the tokenizer splits at every change to or from
    # whitespace), and only . ! ? can end a sentence mid-line: read the text of those tokens alone.
    for i in numpy.flatnonzero(doc.to_array(IS_SPACE)[:-1]).tolist():
        if "\n" in strings[orth[i]]:
            starts[i + 1] = 1
    stops = numpy.flatnonzero(numpy.isin(orth[:-1], [strings[s] for s in _SENTENCE_STOPS])).tolist()
    for i in stops:
        first = strings[orth[i + 1]][:1]
        if first.isupper() or first.isdigit():
            starts[i + 1] = 1
    # One array write: setting token.is_sent_start one by one re-checks the whole doc each time.
    doc.from_array([SENT_START], starts.astype("uint64").reshape(-1, 1))
    return doc


def doc_words(doc: Doc) -> list[str]:
    """The texts of a doc's tokens, read once and shared by the components (making a Token object per
    token costs more than the tokenizer). Kept in user_data with a fingerprint of the tokens, so a doc
    retokenized in between is read again."""
    orth = doc.to_array(ORTH)
    fingerprint = (len(doc), hash(orth.tobytes()))
    cached = doc.user_data.get(_WORDS)
    if cached is not None and cached[:2] == fingerprint:
        return cached[2]
    strings = doc.vocab.strings
    words = [strings[h] for h in orth.tolist()]
    doc.user_data[_WORDS] = (*fingerprint, words)
    return words


@Language.factory("motesgraf_gazetteer", default_config={"lexicon_dir": None})
def make_gazetteer(nlp: Language, name: str, lexicon_dir: str | None):
    return GazetteerComponent(load_lexicons(lexicon_dir))


class GazetteerComponent:
    """Municipalities, organisations, places and topics from the lexicons and head-word patterns."""

    def __init__(self, lexicons: Lexicons):
        self.lex = lexicons

    def __call__(self, doc: Doc) -> Doc:
        words = doc_words(doc)
        lower = [w.lower() for w in words]  # spaCy's LOWER is str.lower()
        # Without sentence boundaries only the first token starts a sentence (as Token.is_sent_start says).
        starts = sentence_starts(doc) if doc.has_annotation("SENT_START") else {0}
        spans = []
        for match in self.lex.gazetteer.find_all(words):
            if match.entry.type == TOPIC or not self._plausible(words, lower, starts, match):
                continue
            spans.append(Span(doc, match.start, match.end, label=match.entry.type, kb_id=match.entry.key))
        spans.extend(self._head_word_organisations(doc, words, lower, starts, spans))
        existing = _entities(doc)
        spans.extend(_adopted(doc, existing, spans))
        _extend_group(doc, ENTITY_GROUP, spans)
        doc.spans[TOPIC_GROUP] = [Span(doc, start, end, label=TOPIC, kb_id=entry.key)
                                  for entry, start, end in self.lex.find_topics(lower)]
        doc.set_ents(_merge(existing, spans))  # as `doc.ents = ...` does, without copying every Span first
        return doc

    def _plausible(self, words: list[str], lower: list[str], starts: set[int], match) -> bool:
        single = match.end - match.start == 1
        if single and not words[match.start][:1].isupper():
            return False  # "forte", "vara", "mark" are words; multi-word names may be written in lower case
        if not match.entry.ambiguous:
            return True
        if match.entry.type == MUNICIPALITY and not single:
            return True  # "Vara kommun"
        if match.start in starts:
            return False
        previous = lower[match.start - 1] if match.start else ""
        return previous in _LOCATIVE or self._next_to_municipality(words, match)

    def _next_to_municipality(self, words: list[str], match) -> bool:
        window = words[max(0, match.start - 2):match.end + 2]
        hits = self.lex.gazetteer.find_all(window)
        return sum(h.entry.type == MUNICIPALITY and not h.entry.ambiguous for h in hits) >= 1

    def _head_word_organisations(self, doc: Doc, words: list[str], lower: list[str], starts: set[int],
                                 taken: list[Span]) -> list[Span]:
        """Organisations named by their head word: "Migrationsverket", "Billströmska folkhögskola",
        "Region Kronoberg", "Samordningsförbundet Umeå"."""
        covered = {i for span in taken for i in range(span.start, span.end)}
        found = []
        for i in [k for k, word in enumerate(words) if word[:1].isupper()]:
            if i in covered:
                continue
            span = _head_word_span(words, lower, starts, i)
            if span and not any(k in covered for k in range(span[0], span[1])):
                name = doc[span[0]:span[1]].text
                found.append(Span(doc, span[0], span[1], label=ORGANISATION,
                                  kb_id=f"organisation:{slug(_base_form(name))}"))
                covered.update(range(span[0], span[1]))
        return found


def _head_word_span(words: list[str], lower: list[str], starts: set[int], i: int) -> tuple[int, int] | None:
    text = words[i]
    folded = text.casefold()
    if folded.endswith(_HEAD_WORD_SUFFIXES) and not folded.endswith(_GENERIC_HEADS) and len(text) > 9:
        return i, i + 1
    if folded in _LEADING_HEADS and i + 1 < len(words):
        end = i + 1
        if lower[end] == "i" and end + 1 < len(words):
            end += 1
        if words[end][:1].isupper() and words[end].isalpha():  # spaCy's is_alpha is str.isalpha()
            return i, end + 1
    if i + 1 < len(words) and lower[i + 1] in _HEAD_NOUNS and i not in starts:
        return i, i + 2
    if i + 1 < len(words) and lower[i + 1] in _HEAD_NOUNS and text.endswith(("ska", "s")):
        return i, i + 2
    return None


def _base_form(name: str) -> str:
    """Genitive off the last word of a head-word organisation: "Migrationsverkets" -> "Migrationsverket"."""
    if name.endswith("s") and name[:-1].casefold().endswith(("et", "en", "an", "a")):
        return name[:-1]
    return name


# Labels of statistical NER models (spaCy's and SUC's conventions) -> motesgraf types.
FOREIGN_LABELS = {"PER": PERSON, "PERSON": PERSON, "PRS": PERSON, "ORG": ORGANISATION, "LOC": PLACE, "GPE": PLACE}


def _entities(doc: Doc) -> list[Span]:
    """doc.ents, read once: the getter walks every token, and before any NER there is nothing to find."""
    return list(doc.ents) if doc.has_annotation("ENT_IOB") else []


def _adopted(doc: Doc, existing: list[Span], ours: list[Span]) -> list[Span]:
    """Entities an earlier component (a statistical ``ner``) found where we found nothing, typed and keyed."""
    adopted = []
    covered = {i for span in ours for i in range(span.start, span.end)}
    for ent in existing:
        kind = FOREIGN_LABELS.get(ent.label_)
        if ent.kb_id_ or not kind or any(i in covered for i in range(ent.start, ent.end)):
            continue
        key = person_key(ent.text) if kind == PERSON else f"{kind.lower()}:{slug(ent.text)}"
        adopted.append(Span(doc, ent.start, ent.end, label=kind, kb_id=key))
    return adopted


def _extend_group(doc: Doc, name: str, spans: list[Span]) -> None:
    """Add spans to a span group in place (reading the group back would make a new Span per member)."""
    if name in doc.spans:
        doc.spans[name].extend(spans)
    else:
        doc.spans[name] = spans


def _merge(existing, ours: list[Span]) -> list[Span]:
    """Our spans win over overlapping ones from other components; other components' spans stay otherwise."""
    covered = {i for span in ours for i in range(span.start, span.end)}
    kept = [e for e in existing if covered.isdisjoint(range(e.start, e.end))]
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
        existing = _entities(doc)
        taken = {i for ent in existing for i in range(ent.start, ent.end)}  # grows with the people found
        words = doc_words(doc)
        starts = sentence_starts(doc)
        spans = self._full_names(doc, words, starts, known, taken)
        spans += self._short_mentions(doc, words, known, taken)
        doc.user_data.setdefault(REVIEW, []).extend(self._unresolved(words, starts, known, taken))
        _extend_group(doc, ENTITY_GROUP, spans)
        doc.set_ents(_merge(existing, spans))
        doc._.set(KNOWN_PEOPLE, known)
        return doc

    def _full_names(self, doc: Doc, words: list[str], starts: set[int], known: list,
                    taken: set[int]) -> list[Span]:
        by_name: dict[tuple[str, ...], list[str]] = {}
        for name, key in known:
            by_name.setdefault(tuple(name.split()), []).append(key)
        longest = max((len(n) for n in by_name), default=0)
        firsts = {n[0] for n in by_name if n}
        # A name read from the text starts with a capital; a known one with one of its first words.
        candidates = [i for i, word in enumerate(words) if word[:1].isupper() or word in firsts]
        spans, after = [], 0
        for i in candidates:
            if i < after or i in taken:
                continue
            known_here = words[i] in firsts
            end, keys = self._known_name_at(words, i, by_name, longest) if known_here else (i, None)
            if keys is None:
                end = read_name(words, i, self.lex, need_first_name=True,
                                stop=lambda j: j in taken or j in starts)
                if end is None:
                    continue
                name = " ".join(words[i:end])
                keys = [person_key(name)]
                known.append((name, keys[0]))
                by_name[tuple(words[i:end])] = keys
                firsts.add(words[i])
                longest = max(longest, end - i)
            if len(keys) == 1:  # two known people with this name: not silently merged
                spans.append(Span(doc, i, end, label=PERSON, kb_id=keys[0]))
                taken.update(range(i, end))
            after = end
        return spans

    @staticmethod
    def _known_name_at(words: list[str], i: int, by_name: dict, longest: int):
        for length in range(min(longest, len(words) - i), 1, -1):
            keys = by_name.get(tuple(words[i:i + length]))
            if keys:
                return i + length, keys
        return i, None

    def _short_mentions(self, doc: Doc, words: list[str], known: list, taken: set[int]) -> list[Span]:
        """"Linda ger ..." -> Linda Karlsson; "Lisa A L" -> Lisa Andersson Lindberg."""
        by_first: dict[str, list[tuple[str, str]]] = {}
        for name, key in dict.fromkeys(known):
            by_first.setdefault(name.split()[0], []).append((name, key))
        spans = []
        for i in [k for k, word in enumerate(words) if word in by_first]:
            if i in taken:
                continue
            people = by_first[words[i]]
            initials_end = _initials_end(words, i)
            if initials_end:
                initials = "".join(w.rstrip(".") for w in words[i + 1:initials_end])
                people = [p for p in people if _initials(p[0]) == initials] or []
                if len(people) == 1:
                    spans.append(Span(doc, i, initials_end, label=PERSON, kb_id=people[0][1]))
                    taken.update(range(i, initials_end))
                continue
            if len({key for _, key in people}) == 1:
                spans.append(Span(doc, i, i + 1, label=PERSON, kb_id=people[0][1]))
                taken.add(i)
        return spans

    def _unresolved(self, words: list[str], starts: set[int], known: list, taken: set[int]) -> list[tuple[str, str]]:
        """First names of nobody known in this meeting, and acronyms no lexicon knows: for `motesgraf review`.
        ``taken`` holds every token of an entity, earlier components' and this one's."""
        firsts = {name.split()[0] for name, _ in known}
        found = []
        # Both a first name and an acronym start with a capital.
        for i in [k for k, text in enumerate(words) if text[:1].isupper() or text in firsts]:
            if i in taken:
                continue
            text = words[i]
            if text in firsts and len({k for n, k in known if n.split()[0] == text}) > 1:
                found.append((text, "ambiguous first name"))
            elif (looks_like_first_name(text, self.lex, strict=True) and i not in starts and i + 1 < len(words)
                  and words[i + 1].islower() and text not in NAME_PARTICLES):  # spaCy's is_lower is str.islower()
                found.append((text, "first name of nobody known in this meeting"))
            elif _unknown_acronym(text, self.lex) and i not in starts:
                found.append((_acronym_head(text), "unknown acronym"))
        return found


def _initials_end(words: list[str], i: int) -> int | None:
    end = i + 1
    while end < len(words) and end - i <= 3 and len(words[end].rstrip(".")) == 1 and words[end][:1].isupper():
        end += 1
    return end if end - i >= 2 else None


def _acronym_head(word: str) -> str:
    """"KLARA-projektet" -> "KLARA", "LOU:s" -> "LOU"."""
    return word.split("-", 1)[0].split(":", 1)[0]


def _unknown_acronym(word: str, lexicons: Lexicons) -> bool:
    head = _acronym_head(word)
    return (2 <= len(head) <= 8 and head.isupper() and head.isalpha() and head.casefold() not in lexicons.rejected
            and not lexicons.gazetteer.match_at([head], 0))


def sentence_starts(doc: Doc) -> set[int]:
    """Token indices that start a sentence, from one array read (asking each token, or making the
    sentence Spans, is slow)."""
    if not doc.has_annotation("SENT_START"):
        return {sentence.start for sentence in doc.sents}  # spaCy's own answer (or its error)
    return {0, *numpy.flatnonzero(doc.to_array(SENT_START) == 1).tolist()}


def _initials(name: str) -> str:
    return "".join(part[0] for part in name.split()[1:] if part[:1].isupper())
