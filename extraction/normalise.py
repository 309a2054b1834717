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
# Lower-case letters on both sides of "-\n"; "barn-\noch ungdom" is a Swedish elided compound.
_BROKEN_WORD = re.compile(r"(?<=[^\W\d_])-\n(?=[^\W\d_])(?!(?:och|eller|samt|respektive|resp)\b)")
_NON_ASCII_RUN = re.compile(r"[\x00-\x7f]?[^\x00-\x7f]+")


class _StageMap:
    """Where each character of one stage's output came from in that stage's input."""

    __slots__ = ("_out_starts", "_src_starts", "_src_ends", "_out_len", "_src_len")

    def __init__(self, edits: list[_Edit], out_len: int, src_len: int) -> None:
        self._out_starts = array("q")
        self._src_starts = array("q")
        self._src_ends = array("q")  # -1 marks an unchanged run, mapped one to one
        self._out_len = out_len
        self._src_len = src_len
        out_pos = src_pos = 0
        for start, end, replacement in edits:
            if start > src_pos:
                self._add_run(out_pos, src_pos, -1)
                out_pos += start - src_pos
            if replacement:
                self._add_run(out_pos, start, end)
                out_pos += len(replacement)
            src_pos = end
        if src_pos < src_len:
            self._add_run(out_pos, src_pos, -1)

    def _add_run(self, out_start: int, src_start: int, src_end: int) -> None:
        self._out_starts.append(out_start)
        self._src_starts.append(src_start)
        self._src_ends.append(src_end)

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


@cache
def _special_character() -> re.Pattern[str]:
    # Built on first use: scanning all code points costs ~0.1 s, too much for every import.
    spaces = []
    invisible = []
    for code_point in range(sys.maxunicode + 1):
        char = chr(code_point)
        category = unicodedata.category(char)
        if category == "Zs" and char != " ":
            spaces.append(char)
        elif category == "Cf" or (category == "Cc" and char not in "\t\n" and char not in _LINE_BREAKS):
            invisible.append(char)
    line_breaks = "".join(char for char in _LINE_BREAKS if len(char) == 1)
    return re.compile(
        # A soft hyphen at a line end marks a broken word: drop the break too.
        r"\u00ad(?:\r\n|[\r\n])|\r\n"
        f"|[{re.escape(line_breaks)}]|[{re.escape(''.join(spaces))}]|[{re.escape(''.join(invisible))}]"
    )


def _character_edits(text: str) -> list[_Edit]:
    return [(m.start(), m.end(), _replacement_for(m.group())) for m in _special_character().finditer(text)]


def _replacement_for(special: str) -> str:
    if special in _LINE_BREAKS:
        return "\n"
    if unicodedata.category(special[0]) == "Zs":
        return " "
    return ""


# --- NFC -----------------------------------------------------------------------------------


def _nfc_edits(text: str) -> list[_Edit]:
    if unicodedata.is_normalized("NFC", text):
        return []
    # An ASCII character never composes with what precedes it, so each non-ASCII run plus the
    # character before it normalises independently.
    edits = []
    for run in _NON_ASCII_RUN.finditer(text):
        if not unicodedata.is_normalized("NFC", run.group()):
            edits.extend(_cluster_edits(run.group(), run.start()))
    return edits


def _cluster_edits(run: str, offset: int) -> list[_Edit]:
    """Edits that compose each cluster (a starter and its combining marks) on its own."""
    clusters = _clusters(run)
    composed = [unicodedata.normalize("NFC", run[start:end]) for start, end in clusters]
    if "".join(composed) != unicodedata.normalize("NFC", run):
        # Rare compositions across our cluster boundaries (e.g. Hangul jamo): map run as a whole.
        return [(offset, offset + len(run), unicodedata.normalize("NFC", run))]
    return [
        (offset + start, offset + end, nfc)
        for (start, end), nfc in zip(clusters, composed)
        if nfc != run[start:end]
    ]


def _clusters(run: str) -> list[tuple[int, int]]:
    starts = [i for i, char in enumerate(run) if i == 0 or not unicodedata.combining(char)]
    return list(zip(starts, starts[1:] + [len(run)]))


# --- markdown: links, images and backslash escapes ----------------------------------------


def _markdown_edits(text: str) -> list[_Edit]:
    """Deletions of link syntax around link text and of escaping backslashes."""
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
    return [
        (m.start(), m.end(), "")
        for m in _BROKEN_WORD.finditer(text)
        if text[m.start() - 1].islower() and text[m.end()].islower()
    ]
