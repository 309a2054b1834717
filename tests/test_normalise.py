"""Cleaning keeps a correct map from every cleaned offset back to the source text."""

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from motesgraf.extraction.normalise import CleanText, clean


def _offsets(cleaned: CleanText) -> list[int]:
    return [cleaned.source_offset(i) for i in range(len(cleaned.text) + 1)]


def _assert_maps_back(source: str, cleaned: CleanText, fragment: str) -> None:
    start = cleaned.text.index(fragment)
    s, e = cleaned.source_span(start, start + len(fragment))
    assert source[s:e] == fragment


# --- markdown artefacts from real notes ---------------------------------------------------


def test_link_residue_keeps_only_the_link_text_and_maps_back():
    source = "Se [Även SKR:s rapport om feriejobb 2020 finns nu på SKR:s webb.](#) Den"
    cleaned = clean(source)
    assert cleaned.text == "Se Även SKR:s rapport om feriejobb 2020 finns nu på SKR:s webb. Den"
    for fragment in ["Se ", "Även SKR:s rapport", "SKR:s webb.", "Den"]:
        _assert_maps_back(source, cleaned, fragment)
    # The span over the whole link text ends at the text, before the "](#)" residue.
    whole = "Även SKR:s rapport om feriejobb 2020 finns nu på SKR:s webb."
    assert cleaned.source_span(3, 3 + len(whole)) == (4, 4 + len(whole))
    # A span crossing the removed residue covers it in the source.
    s, e = cleaned.source_span(cleaned.text.index("webb."), len(cleaned.text))
    assert source[s:e] == "webb.](#) Den"


def test_escaped_parentheses_are_unescaped_and_map_to_the_characters():
    source = "Utbildningsguiden \\(skolverket.se\\)"
    cleaned = clean(source)
    assert cleaned.text == "Utbildningsguiden (skolverket.se)"
    _assert_maps_back(source, cleaned, "skolverket.se")
    assert source[cleaned.source_offset(len("Utbildningsguiden "))] == "("
    assert cleaned.source_span(len(cleaned.text) - 1, len(cleaned.text)) == (len(source) - 1, len(source))


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("[text](https://example.se/a_(b)) slut", "text slut"),
        ("[tom]() och [](#)", "tom och "),
        ("![Logotyp](bild.png) Region", "Logotyp Region"),
        ("[Läs \\(pdf\\)](https://skr.se)", "Läs (pdf)"),
        ("[yttre [inre](#a) text](#b)", "yttre inre text"),
        ("[a](http://x/[b](c)) d", "a d"),
        ("bara [hakparentes] kvar", "bara [hakparentes] kvar"),
        ("mellanslag [text] (inte länk)", "mellanslag [text] (inte länk)"),
        ("\\[inte länk\\](#)", "[inte länk](#)"),
        ("[öppen utan slut", "[öppen utan slut"),
        ("slut utan öppen](#)", "slut utan öppen](#)"),
        ("[stycke\n\nbryter](#)", "[stycke\n\nbryter](#)"),
        ("[radbrytning\ninom](#)", "radbrytning\ninom"),
        ("\\* \\_ \\# \\- \\. \\! \\\\ \\[ \\]", "* _ # - . ! \\ [ ]"),
        ("C:\\Users\\anna", "C:\\Users\\anna"),
        ("]][[)(", "]][[)("),
    ],
)
def test_markdown_cleaning(source, expected):
    cleaned = clean(source)
    assert cleaned.text == expected
    assert _offsets(cleaned)[-1] == len(source)


# --- characters ---------------------------------------------------------------------------


def test_nfc_composes_and_maps_to_the_cluster():
    source = "Ga\u030avle A\u030ahus Ångström"
    cleaned = clean(source)
    assert cleaned.text == "Gåvle Åhus Ångström"
    assert cleaned.source_span(1, 2) == (1, 3)
    assert cleaned.source_offset(2) == 3
    _assert_maps_back(source, cleaned, "vle ")
    _assert_maps_back(source, cleaned, "ngström")


def test_line_breaks_become_newlines():
    source = "ett\r\ntvå\rtre\x0cfyra\x0bfem\u2028sex\u2029sju\nåtta"
    cleaned = clean(source)
    assert cleaned.text == "ett\ntvå\ntre\nfyra\nfem\nsex\nsju\nåtta"
    assert cleaned.source_span(3, 4) == (3, 5)
    _assert_maps_back(source, cleaned, "två")


def test_unicode_spaces_become_spaces_and_tabs_stay():
    source = "Anna\u00a0Berg\tUmeå\u2009kommun\u202f5\u3000x  y"
    cleaned = clean(source)
    assert cleaned.text == "Anna Berg\tUmeå kommun 5 x  y"
    assert len(cleaned.text) == len(source)
    assert _offsets(cleaned) == list(range(len(source) + 1))


def test_invisible_characters_are_removed():
    source = "\ufeffsam\u00adverkan\u200b mellan\u200c\u200d\x00 kom\x07muner\u2060"
    cleaned = clean(source)
    assert cleaned.text == "samverkan mellan kommuner"
    _assert_maps_back(source, cleaned, "verkan")
    assert cleaned.source_offset(0) == 1


def test_soft_hyphen_at_line_end_joins_the_word():
    assert clean("samver\u00ad\nkan och sam\u00ad\r\nverkan").text == "samverkan och samverkan"


def test_other_text_is_left_exactly_as_is():
    source = "§ 1  Mötets öppnande\n\n\n   Närvarande:\tÅsa Öberg — Härryda (GR)\n"
    cleaned = clean(source)
    assert cleaned.text == source
    assert _offsets(cleaned) == list(range(len(source) + 1))


# --- de-hyphenation -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("samver-\nkan", "samverkan"),
        ("samver-\r\nkan", "samverkan"),
        ("ar-\nbetsmarknad och ut-\nbildning", "arbetsmarknad och utbildning"),
        ("Marie-Louise och GR-kommunerna", "Marie-Louise och GR-kommunerna"),
        ("Göteborgs-\nRegionen", "Göteborgs-\nRegionen"),
        ("GR-\nkommunerna", "GR-\nkommunerna"),
        ("2020-\n2021", "2020-\n2021"),
        ("punkt -\nny rad", "punkt -\nny rad"),
        ("barn-\noch ungdomsnämnden", "barn-\noch ungdomsnämnden"),
        ("för-\neller nackdelar", "för-\neller nackdelar"),
        ("barn-\nochfolk", "barnochfolk"),
    ],
)
def test_dehyphenation(source, expected):
    cleaned = clean(source)
    assert cleaned.text == expected
    assert _offsets(cleaned)[-1] == len(source)


def test_dehyphenated_word_span_covers_the_break():
    source = "om samver-\nkan här"
    cleaned = clean(source)
    start = cleaned.text.index("samverkan")
    assert cleaned.source_span(start, start + len("samverkan")) == (3, 14)


# --- the map ------------------------------------------------------------------------------


def test_empty_text():
    cleaned = clean("")
    assert cleaned.text == ""
    assert cleaned.source_offset(0) == 0
    assert cleaned.source_span(0, 0) == (0, 0)


def test_empty_span_maps_to_a_point():
    cleaned = clean("a [b](#) c")
    assert cleaned.text == "a b c"
    assert cleaned.source_span(2, 2) == (3, 3)
    assert cleaned.source_span(3, 3) == (8, 8)


@pytest.mark.parametrize("bad", [(-1, 0), (0, 99), (3, 2)])
def test_out_of_range_spans_raise(bad):
    cleaned = clean("a [b](#) c")
    with pytest.raises(IndexError):
        cleaned.source_span(*bad)
    with pytest.raises(IndexError):
        cleaned.source_offset(99)


@pytest.mark.parametrize(
    "line",
    [
        "Närvarande: Åsa Öberg, Härryda kommun, samver-\nkan med GR\u00a0och [SKR](#) \\(x\\)\r\n",
        "Närvarande: Åsa Öberg, Härryda kommun och Göteborgsregionen om feriejobb 2020. ",
    ],
    ids=["dense-edits", "plain"],
)
def test_five_megabytes_clean_and_map_back(line):
    """Correctness on a large input; its speed is measured in bench/, not here."""
    source = line * (5_000_000 // len(line))
    cleaned = clean(source)
    assert cleaned.source_offset(len(cleaned.text)) == len(source)
    middle = len(cleaned.text) // 2
    s, e = cleaned.source_span(middle, middle + 1)
    assert unicodedata.normalize("NFC", source[s:e]).replace("\r\n", "\n").replace("\u00a0", " ") == cleaned.text[middle]


# --- properties ---------------------------------------------------------------------------

_LETTERS = "abcdekåäöÅÄÖ"
_FRAGMENTS = st.sampled_from(
    list(_LETTERS)
    + [" ", " ", "\n", "\n\n", "\r\n", "\r", "\t", "\u00a0", "\u00ad", "\u200b", "\ufeff", "\x00"]
    + ["[", "]", "(", ")", "![", "](", "](#)", "\\", "\\(", "\\)", "\\[", "-", "-\n", "a\u030a", "\u030a"]
)
_SOURCES = st.lists(_FRAGMENTS, max_size=60).map("".join)


@settings(max_examples=400, deadline=None)
@given(_SOURCES)
def test_map_is_complete_and_monotonic(source):
    cleaned = clean(source)
    offsets = _offsets(cleaned)
    assert len(offsets) == len(cleaned.text) + 1
    assert offsets == sorted(offsets)
    assert offsets[-1] == len(source)
    assert 0 <= offsets[0]


@settings(max_examples=400, deadline=None)
@given(_SOURCES)
def test_every_letter_maps_to_its_source(source):
    cleaned = clean(source)
    for i, char in enumerate(cleaned.text):
        if char in _LETTERS:
            s, e = cleaned.source_span(i, i + 1)
            if e - s == 1:  # not composed by NFC
                assert source[cleaned.source_offset(i)] == char
            # A cluster may compose to several characters ("a" + two rings -> "å" + ring).
            # Removed format characters (a soft hyphen) may sit inside the cluster.
            visible = "".join(c for c in source[s:e] if unicodedata.category(c) not in ("Cf", "Cc"))
            assert unicodedata.normalize("NFC", visible).startswith(char)


@settings(max_examples=300, deadline=None)
@given(_SOURCES, st.data())
def test_spans_without_removed_characters_equal_the_source_slice(source, data):
    cleaned = clean(source)
    start = data.draw(st.integers(0, len(cleaned.text)))
    end = data.draw(st.integers(start, len(cleaned.text)))
    s, e = cleaned.source_span(start, end)
    assert 0 <= s <= e <= len(source)
    if e - s == end - start and all(char in _LETTERS + " \n" for char in source[s:e]):
        assert source[s:e] == cleaned.text[start:end]
