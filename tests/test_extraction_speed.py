"""The shortcuts that make extraction fast (array reads instead of Token objects, per-word caches, sentence
offsets instead of sentence Spans, searching only the sentences that can match) give the answers spaCy's own,
slower, accessors and a plain scan give."""

from pathlib import Path

import spacy
import yaml
from spacy.tokens import Doc

from motesgraf.extraction import lexicons as lexicons_module
from motesgraf.extraction.components import doc_words, line_sentencizer, sentence_starts
from motesgraf.extraction.lexicons import (DATA_DIR, MUNICIPALITY, ORGANISATION, Entry, _lookup_keys, _phrase_matches,
                                           _read_yaml, _WordSet, load_lexicons)
from motesgraf.extraction.normalise import clean
from motesgraf.extraction.pipeline import _MEMBERSHIP, Extractor, _bounds, _Builder, _in_spans, _Sentences
from motesgraf.extraction.reading import read_document
from motesgraf.extraction.structure import _LINE_LEAD, _TOKEN, parse_structure, tokenize

FIXTURES = sorted((Path(__file__).parent / "fixtures" / "notes").glob("*.txt"))
TRICKY = ("Närvarande:\n\n  - Anna Berg, Umeå \n\t\nMötet öppnas. 2 punkter! vad nu? Nej.Ja \n"
          "Slut.\n\n\n§ 3 Budget. Åsa berättar.\r\nSista raden utan punkt")


def _naive_sentence_starts(doc: Doc) -> list[bool]:
    """The rule of line_sentencizer, token by token, as it read before it worked on arrays."""
    starts = []
    for i, token in enumerate(doc):
        previous = doc[i - 1] if i else None
        after_break = previous is not None and "\n" in previous.text
        after_stop = previous is not None and previous.text in {".", "!", "?"} and (
            token.text[:1].isupper() or token.text[:1].isdigit())
        starts.append(i == 0 or after_break or after_stop)
    return starts


def _texts() -> list[str]:
    return [TRICKY, ""] + [read_document(path).text for path in FIXTURES]


def test_line_sentencizer_follows_its_rule_on_every_token():
    nlp = spacy.blank("sv")
    for text in _texts():
        doc = line_sentencizer(nlp.make_doc(text))
        assert [bool(token.is_sent_start) for token in doc] == _naive_sentence_starts(doc)


def test_sentence_starts_and_offsets_are_spacys():
    nlp = spacy.blank("sv")
    for text in _texts()[:1] + _texts()[2:]:
        doc = line_sentencizer(nlp.make_doc(text))
        assert sentence_starts(doc) == {sentence.start for sentence in doc.sents}
        sentences = _Sentences(doc, text)
        assert [(s.start, s.end, s.chars) for s in sentences.all()] == [
            (s.start, s.end, (s.start_char, s.end_char)) for s in doc.sents]
        for token in doc:
            span = doc[token.i:token.i + 1]
            found = sentences.of(span)
            assert (found.start, found.end, sentences.text(found)) == (span.sent.start, span.sent.end, span.sent.text)


def test_doc_words_are_the_token_texts_and_follow_a_retokenized_doc():
    nlp = spacy.blank("sv")
    doc = nlp.make_doc("Region Västerbotten och SKR:s rapport.")
    assert doc_words(doc) == [token.text for token in doc]
    with doc.retokenize() as retokenizer:
        retokenizer.merge(doc[0:2])
    assert doc_words(doc) == [token.text for token in doc] == ["Region Västerbotten", "och", "SKR:s", "rapport", "."]


def test_the_gazetteer_runs_without_sentence_boundaries():
    nlp = spacy.blank("sv")
    nlp.add_pipe("motesgraf_gazetteer")
    doc = nlp("Vi träffade Region Västerbotten i Umeå.")
    assert {(ent.text, ent.label_) for ent in doc.ents} >= {("Umeå", "Municipality")}


def test_a_name_added_to_the_gazetteer_is_found_after_earlier_lookups():
    """The per-word phrase cache is emptied when the gazetteer learns a name."""
    gazetteer = load_lexicons(None).gazetteer
    words = ["Vi", "ringer", "Snöflingebolaget", "i", "morgon"]
    assert not [m for m in gazetteer.find_all(words) if m.entry.name == "Snöflingebolaget"]
    entry = Entry(type=ORGANISATION, name="Snöflingebolaget", key="organisation:snoflingebolaget")
    try:
        gazetteer.add("Snöflingebolaget", entry)
        assert [(m.entry.key, m.start, m.end) for m in gazetteer.find_all(words)] == [(entry.key, 2, 3)]
    finally:
        phrases = gazetteer._by_first["snöflingebolaget"]
        phrases.remove(next(p for p in phrases if p.entry is entry))
        gazetteer._candidates.clear()


def test_positions_are_placed_in_spans_as_a_scan_places_them():
    """Bisection in the flat bounds of sorted spans (touching and empty ones too) agrees with a scan."""
    spans = [(0, 5), (5, 9), (9, 9), (12, 20), (20, 21), (30, 31)]
    bounds = _bounds(spans)
    for pos in range(-1, 35):
        inside = [k for k, (start, end) in enumerate(spans) if start <= pos < end]
        assert _in_spans(bounds, pos) == (inside[0] if inside else None)
    assert _in_spans(_bounds([]), 3) is None


def test_lexicon_yaml_reads_as_pyyamls_safe_loader_reads_it():
    """The C loader (libyaml) that makes Extractor() start faster gives the shipped data unchanged."""
    for path in sorted(DATA_DIR.glob("*.yaml")):
        assert _read_yaml(path) == yaml.safe_load(path.read_text(encoding="utf-8"))


def test_topics_are_found_as_the_term_list_reads():
    """find_topics (cached per word) agrees with a scan of topic_terms in their order."""
    lexicons = load_lexicons(None)
    text = read_document(FIXTURES[0]).text + "\nFeriejobben och psykisk ohälsa bland unga, validering."
    words = [token.lower_ for token in spacy.blank("sv").make_doc(text)]
    expected, i = [], 0
    while i < len(words):
        hit = next(((entry, i + len(term.split())) for term, entry in lexicons.topic_terms
                    if i + len(term.split()) <= len(words)
                    and words[i:i + len(term.split()) - 1] == term.split()[:-1]
                    and words[i + len(term.split()) - 1].startswith(term.split()[-1])
                    and words[i][:3] == term.split()[0][:3]), None)
        if hit:
            expected.append((hit[0], i, hit[1]))
            i = hit[1]
        else:
            i += 1
    assert expected and lexicons.find_topics(words) == expected


def test_extraction_is_the_same_for_a_note_read_twice():
    """Caches filled by one document change nothing for the next."""
    extractor = Extractor()
    first = [extractor.extract_path(path) for path in FIXTURES]
    again = [Extractor().extract_path(path) for path in reversed(FIXTURES)]
    assert first == list(reversed(again))


def _match_by_scan(gazetteer, words: list[str], i: int):
    """The longest phrase at words[i], first of equals in lookup order: match_at before it cached one-word hits."""
    best = None
    for first in _lookup_keys(words[i]):
        for phrase in gazetteer._by_first.get(first, ()):
            end = i + len(phrase.words)
            if end <= len(words) and _phrase_matches(phrase, words, i) and (best is None or end > best[1]):
                best = (phrase.entry.key, end)
    return best


def test_gazetteer_matches_are_the_longest_phrase_at_each_word():
    gazetteer = load_lexicons(None).gazetteer
    text = " ".join(read_document(path).text for path in FIXTURES) + " Göteborgs Stad, SKR:s, GR:s och Umeå kommun."
    words = [token.text for token in spacy.blank("sv").make_doc(text)]
    found = [gazetteer.match_at(words, i) for i in range(len(words))]
    assert sum(m is not None for m in found) > 20
    assert [(m.entry.key, m.end) if m else None for m in found] == [
        _match_by_scan(gazetteer, words, i) for i in range(len(words))]


def _tokens_one_by_one(text: str) -> list[tuple[str, int, int, bool]]:
    """The structure tokenizer's rule, token by token: bullets and indentation at a line start are dropped."""
    tokens, line_start = [], True
    for m in _TOKEN.finditer(text):
        if m.group() == "\n":
            tokens.append(("\n", m.start(), m.end(), False))
            line_start = True
        elif not (line_start and (m.group() in _LINE_LEAD or m.group().strip() == "")):
            tokens.append((m.group(), m.start(), m.end(), line_start))
            line_start = False
    return tokens


def test_structure_tokens_keep_offsets_and_line_starts():
    for text in _texts() + ["\t• Anna Berg, Umeå\n  -  * Erik Lind\n\n–Sara Ek  (S)\n"]:
        tokens = tokenize(text)
        found = [(w, tokens.starts[i], tokens.end(i), tokens.line_start(i)) for i, w in enumerate(tokens.words)]
        assert found == _tokens_one_by_one(text)


def test_word_sets_answer_as_their_test_and_stay_bounded(monkeypatch):
    """The per-word memory that sorts a note's words in C (gazetteer and topic starts) gives the test's answer,
    remembers words between notes, and is emptied, not grown, past its bound."""
    monkeypatch.setattr(lexicons_module, "_MAX_CACHED_WORDS", 10)
    tested = []
    capitalised = _WordSet(lambda word: tested.append(word) or word[:1].isupper())
    for k in range(50):
        assert capitalised.among([f"Ord{k}", f"ord{k}", "Umeå", "och", "Umeå"]) == {f"Ord{k}", "Umeå"}
        assert len(capitalised._passed) + len(capitalised._failed) <= 10 + 4
    assert 1 < tested.count("Umeå") < 50  # remembered between notes, tested again once forgotten


MEMBERSHIPS = ("Styrgrupp\n\nEtt urval av kommuner i Västernorrland respektive GR ingår i studien. I GR ingår: "
               "Kungsbacka, Lilla Edet, Mölndal och Härryda. Umeå och Vännäs är medlemmar i Umeåregionen. Region "
               "Västerbotten och SKR består av många. Nätverket har medlemmar från Luleå\noch Piteå kommun.\n")


def _memberships_by_scan(builder: _Builder) -> list[tuple]:
    """MEMBER_OF as read before only some sentences were searched: every sentence the verb occurs in."""
    found = []
    for sentence in builder.sentences.all():
        if _MEMBERSHIP.search(builder.sentences.text(sentence)):
            ents = [e for e in builder.ents if sentence.start <= e.start and e.end <= sentence.end
                    and e.label_ in (ORGANISATION, MUNICIPALITY)]
            organisations = [e for e in ents if e.label_ == ORGANISATION]
            members = [e for e in ents if e.label_ == MUNICIPALITY]
            if len(organisations) == 1 and members:
                found += [(m.kb_id_, organisations[0].kb_id_, builder.evidence(*sentence.chars)) for m in members]
    return found


def test_memberships_come_from_every_sentence_that_states_one():
    extractor = Extractor()
    total = 0
    for text in _texts() + [MEMBERSHIPS]:
        cleaned = clean(text)
        structure = parse_structure(cleaned.text, extractor.lexicons)
        builder = _Builder(text, cleaned, structure, extractor._annotate(cleaned.text, structure), extractor.lexicons)
        builder._memberships()
        expected = _memberships_by_scan(builder)
        assert [(r["source"], r["target"], r["evidence"]) for r in builder.relations] == expected
        total += len(expected)
    assert total >= 5
