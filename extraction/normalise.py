"""Cleaning of source text for extraction, keeping a map from every cleaned offset to the source.

Cleaning runs as stages (characters, NFC, markdown, de-hyphenation). Each stage is a sorted list
of edits (source start, source end, replacement); its offset map is stored as one run per edit,
not one entry per character, and lookups walk back through the stages with a binary search.
"""

from __future__ import annotations

import re
import string
import sys
import unicodedata
from array import array
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cache

_Edit = tuple[int, int, str]

# Everything that ends a line besides "\n" itself; each becomes "\n".
_LINE_BREAKS = frozenset("\r\f\v\x85\u2028\u2029") | {"\r\n"}
_MARKDOWN_ESCAPABLE = re.escape(string.punctuation)
_MARKDOWN_TOKEN = re.compile(rf"\\[{_MARKDOWN_ESCAPABLE}]|!?\[|\]|\(|\)|\n\n")
# Letters around "-\n" (lower case is checked per match: `re` has no \p{Ll}); a following
# conjunction means an elided compound such as "barn-\noch ungdomsnämnd", kept as written.
_BROKEN_WORD = re.compile(r"(?<=[^\W\d_])-\n(?=[^\W\d_])(?!(?:och|eller|samt|respektive|resp)\b)")


class _StageMap:
    """Where each character of one stage's output came from in that stage's input."""

    __slots__ = ("_out_starts", "_src_starts", "_src_ends", "_out_len", "_src_len")

    def __init__(self, edits: list[_Edit], out_len: int, src_len: int) -> None:
        self._out_starts = array("q")
        self._src_starts = array("q")
        self._src_ends = array("q")  # -1 marks an unchanged run, mapped one to one
        self._out_len = out_len
        self._src_len = src_len
        add_out, add_start, add_end = (
            self._out_starts.append, self._src_starts.append, self._src_ends.append
        )
        out_pos = src_pos = 0
        for start, end, replacement in edits:
            if start > src_pos:
                add_out(out_pos), add_start(src_pos), add_end(-1)
                out_pos += start - src_pos
            if replacement:
                add_out(out_pos), add_start(start), add_end(end)
                out_pos += len(replacement)
            src_pos = end
        if src_pos < src_len:
            add_out(out_pos), add_start(src_pos), add_end(-1)

    def char_start(self, i: int) -> int:
        """Input offset where output character i starts (i == len(output) maps to the end)."""
        if i >= self._out_len:
            return self._src_len
        run = bisect_right(self._out_starts, i) - 1
        if self._src_ends[run] < 0:
            return self._src_starts[run] + i - self._out_starts[run]
        return self._src_starts[run]

    def char_end(self, i: int) -> int:
        """Input offset just after the input that produced output character i."""
        run = bisect_right(self._out_starts, i) - 1
        if self._src_ends[run] < 0:
            return self._src_starts[run] + i - self._out_starts[run] + 1
        return self._src_ends[run]


@dataclass(frozen=True)
class CleanText:
    text: str  # cleaned text that extraction runs on
    _stages: tuple[_StageMap, ...] = field(default=(), repr=False, compare=False)

    def source_offset(self, i: int) -> int:
        """Index in the cleaned text (0..len inclusive) -> index in the source text."""
        if not 0 <= i <= len(self.text):
            raise IndexError(f"offset {i} outside cleaned text of length {len(self.text)}")
        for stage in reversed(self._stages):
            i = stage.char_start(i)
        return i

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """Cleaned [start, end) -> source [s, e), e just after the source of the last character."""
        if not 0 <= start <= end <= len(self.text):
            raise IndexError(f"span {start}:{end} outside cleaned text of length {len(self.text)}")
        if not self._stages:
            return start, end  # nothing was cleaned: offsets are the source's
        source_start = self.source_offset(start)
        if start == end:
            return source_start, source_start
        source_end = end
        for stage in reversed(self._stages):
            source_end = stage.char_end(source_end - 1)
        return source_start, source_end


def clean(source: str) -> CleanText:
    """Clean source text for extraction; every step keeps the map back to `source`."""
    text = source
    stages = []
    for find_edits in (_character_edits, _nfc_edits, _markdown_edits, _dehyphenation_edits):
        edits = find_edits(text)
        if edits:
            cleaned = _apply(text, edits)
            stages.append(_StageMap(edits, len(cleaned), len(text)))
            text = cleaned
    return CleanText(text, tuple(stages))


def _apply(text: str, edits: list[_Edit]) -> str:
    pieces = []
    position = 0
    for start, end, replacement in edits:
        pieces.append(text[position:start])
        pieces.append(replacement)
        position = end
    pieces.append(text[position:])
    return "".join(pieces)


# --- characters: line breaks, spaces, invisible characters ---------------------------------


def _special_character_pattern() -> re.Pattern[str]:
    """Line breaks, non-ASCII spaces and invisible characters, as one fast pattern.

    The class lists BMP code points by category and then takes every astral code point, because
    `re` only has fast set lookups inside the BMP; astral matches are sorted out per match.
    """
    special = [
        code_point
        for code_point in range(0x10000)
        if unicodedata.category(chr(code_point)) in ("Cc", "Cf", "Zs", "Zl", "Zp")
        and chr(code_point) not in " \t\n"
    ]
    return re.compile(
        # A soft hyphen at a line end marks a broken word: drop the break too.
        r"\u00ad(?:\r\n|[\r\n])|\r\n"
        f"|[{_as_class_ranges(special)}\U00010000-\U0010ffff]"
    )


def _as_class_ranges(code_points: list[int]) -> str:
    ranges: list[list[int]] = []
    for code_point in code_points:
        if ranges and ranges[-1][1] == code_point - 1:
            ranges[-1][1] = code_point
        else:
            ranges.append([code_point, code_point])
    return "".join(
        re.escape(chr(first)) if first == last else f"{re.escape(chr(first))}-{re.escape(chr(last))}"
        for first, last in ranges
    )


_SPECIAL_CHARACTER = _special_character_pattern()


def _character_edits(text: str) -> list[_Edit]:
    edits = []
    for match in _SPECIAL_CHARACTER.finditer(text):
        replacement = _replacement_for(match.group())
        if replacement is not None:
            edits.append((match.start(), match.end(), replacement))
    return edits


def _replacement_for(special: str) -> str | None:
    if special in _LINE_BREAKS:
        return "\n"
    category = unicodedata.category(special[0])
    if category == "Zs":
        return " "
    if category in ("Cc", "Cf"):
        return ""  # also drops the line break after a soft hyphen
    return None  # an ordinary astral character, caught only by the fast pattern's class


# --- NFC -----------------------------------------------------------------------------------


def _nfc_edits(text: str) -> list[_Edit]:
    if unicodedata.is_normalized("NFC", text):
        return []
    edits = []
    for match in _nfc_cluster_pattern().finditer(text):
        composed = unicodedata.normalize("NFC", match.group())
        if composed != match.group():
            edits.append((match.start(), match.end(), composed))
    return edits


@cache  # built on first need only: scanning every code point takes about half a second
def _nfc_cluster_pattern() -> re.Pattern[str]:
    """A character with the characters that may compose with it, or a lone NFC-unstable one.

    Followers are combining marks plus the second halves of canonical pairs (e.g. Hangul vowels
    and some Indic vowel signs, which have combining class 0).
    """
    followers = set()
    unstable = []
    for code_point in range(sys.maxunicode + 1):
        char = chr(code_point)
        if unicodedata.combining(char):
            followers.add(code_point)
        decomposition = unicodedata.decomposition(char).split()
        if len(decomposition) == 2 and not decomposition[0].startswith("<"):
            followers.add(int(decomposition[1], 16))
        if unicodedata.normalize("NFC", char) != char:
            unstable.append(code_point)
    followers.update(range(0x1161, 0x1176))  # Hangul vowel jamo compose algorithmically
    followers.update(range(0x11A8, 0x11C3))  # and so do trailing consonant jamo
    return re.compile(f"(?s).[{_as_class_ranges(sorted(followers))}]+|[{_as_class_ranges(unstable)}]")


# --- markdown: links, images and backslash escapes ----------------------------------------


def _markdown_edits(text: str) -> list[_Edit]:
    """Deletions of link syntax around link text and of escaping backslashes."""
    if "[" not in text and "\\" not in text:
        return []  # nothing to delete without a link or an escape; most notes have neither (a fast scan)
    escapes, bracket_pairs, paren_close = _scan_markdown(text)
    deletions = [(start, start + 1) for start in escapes]
    for open_at, close_at, is_image in bracket_pairs:
        target_close = paren_close.get(close_at + 1)
        if target_close is not None:
            deletions.append((open_at - 1 if is_image else open_at, open_at + 1))
            deletions.append((close_at, target_close + 1))
    return [(start, end, "") for start, end in _merge_overlapping(deletions)]


def _scan_markdown(text: str) -> tuple[list[int], list[tuple[int, int, bool]], dict[int, int]]:
    """Escape positions, matched [ ] pairs (with image flag) and matched ( ) pairs, in one pass.

    Unmatched brackets are simply left alone; a blank line ends any open bracket.
    """
    escapes = []
    bracket_pairs = []
    paren_close = {}
    open_brackets: list[tuple[int, bool]] = []
    open_parens: list[int] = []
    for token in _MARKDOWN_TOKEN.finditer(text):
        kind = token.group()
        if kind[0] == "\\":
            escapes.append(token.start())
        elif kind.endswith("["):
            open_brackets.append((token.end() - 1, kind == "!["))
        elif kind == "]" and open_brackets:
            open_at, is_image = open_brackets.pop()
            bracket_pairs.append((open_at, token.start(), is_image))
        elif kind == "(":
            open_parens.append(token.start())
        elif kind == ")" and open_parens:
            paren_close[open_parens.pop()] = token.start()
        elif kind == "\n\n":
            open_brackets.clear()
            open_parens.clear()
    return escapes, bracket_pairs, paren_close


def _merge_overlapping(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    # An escape or a nested link inside a deleted link target is already gone with the target.
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


# --- de-hyphenation ------------------------------------------------------------------------


def _dehyphenation_edits(text: str) -> list[_Edit]:
    if "-\n" not in text:
        return []  # a substring test is much faster than the pattern's scan, which starts with a look-behind
    return [
        (m.start(), m.end(), "")
        for m in _BROKEN_WORD.finditer(text)
        if text[m.start() - 1].islower() and text[m.end()].islower()
    ]
