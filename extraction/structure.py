"""Document structure of Swedish meeting notes: attendance blocks, agenda items and the people in roles
(minute taker, chair, adjusters).

Works on the cleaned text (see ``normalise``) line by line and, for notes flattened by PDF extraction
(whole lists on one line, no separators), as a word stream. All spans are offsets into the cleaned text.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from itertools import accumulate, compress

from .lexicons import MUNICIPALITY, ORGANISATION, PLACE, Entry, Lexicons
from .names import NAME_PARTICLES, is_name_word, looks_like_first_name, read_name

PRESENT, ABSENT = "present", "absent"

# Attendance headings -> (status, role given to everyone under the heading). Matched case-insensitively.
ATTENDANCE_HEADINGS: dict[str, tuple[str, str | None]] = {
    "ej närvarande": (ABSENT, None),
    "ej närvarande ledamöter": (ABSENT, None),
    "frånvarande": (ABSENT, None),
    "frånvarande ledamöter": (ABSENT, None),
    "anmält förhinder": (ABSENT, None),
    "anmälda förhinder": (ABSENT, None),
    "förhinder": (ABSENT, None),
    "närvarande": (PRESENT, None),
    "närvarande ledamöter": (PRESENT, None),
    "deltagare": (PRESENT, None),
    "mötesdeltagare": (PRESENT, None),
    "ledamöter": (PRESENT, None),
    "beslutande": (PRESENT, None),
    "beslutande ledamöter": (PRESENT, None),
    "tjänstgörande ersättare": (PRESENT, "tjänstgörande ersättare"),
    "ersättare": (PRESENT, "ersättare"),
    "närvarande ersättare": (PRESENT, "ersättare"),
    "icke tjänstgörande ersättare": (PRESENT, "ersättare"),
    "adjungerade": (PRESENT, "adjungerad"),
    "adjungerad": (PRESENT, "adjungerad"),
    "övriga": (PRESENT, None),
    "övriga deltagare": (PRESENT, None),
    "övriga närvarande": (PRESENT, None),
    "övriga mötesdeltagare": (PRESENT, None),
}
# Headings by their first word, longest first, so a token is checked against only a few.
_HEADINGS_BY_FIRST: dict[str, list[tuple[str, ...]]] = {}
for _heading in sorted((tuple(h.split()) for h in ATTENDANCE_HEADINGS), key=len, reverse=True):
    _HEADINGS_BY_FIRST.setdefault(_heading[0], []).append(_heading)

ROLE_KEYWORDS: dict[tuple[str, ...], str] = {
    ("antecknat", "av"): "minute_taker",
    ("antecknare",): "minute_taker",
    ("anteckningar", "förda", "av"): "minute_taker",
    ("minnesanteckningar", "förda", "av"): "minute_taker",
    ("vid", "protokollet"): "minute_taker",
    ("protokollförare",): "minute_taker",
    ("sekreterare",): "minute_taker",
    ("mötessekreterare",): "minute_taker",
    ("ordförande",): "chair",
    ("mötesordförande",): "chair",
    ("justerare",): "adjuster",
    ("justeras",): "adjuster",
    ("justerat",): "adjuster",
    ("justerande",): "adjuster",
}
# Role keywords by their first word, so each token is checked against a few at most.
_ROLE_KEYWORDS_BY_FIRST: dict[str, list[tuple[tuple[str, ...], str]]] = {}
for _keyword, _role in ROLE_KEYWORDS.items():
    _ROLE_KEYWORDS_BY_FIRST.setdefault(_keyword[0], []).append((_keyword, _role))

# Role written in parentheses or after a comma, normalised ("ordf." -> "ordförande").
_ROLE_NORMAL = {
    "ordf": "ordförande", "ordf.": "ordförande", "v ordf": "vice ordförande", "v. ordf": "vice ordförande",
    "vice ordf": "vice ordförande", "v ordförande": "vice ordförande", "sekr": "sekreterare",
    "ers": "ersättare", "tjg ers": "tjänstgörande ersättare", "tjg. ers": "tjänstgörande ersättare",
}
_ROLE_SUFFIXES = ("chef", "direktör", "ordförande", "ledare", "samordnare", "strateg", "handläggare",
                  "sekreterare", "ansvarig", "råd", "utvecklare", "konsulent", "koordinator", "vägledare")

_TOKEN = re.compile(r"\w+(?:[-'’:.]\w+)*|\t| {2,}|\n|[^\w\s]", re.UNICODE)
_TOKEN_SPLIT = re.compile(f"({_TOKEN.pattern})", re.UNICODE)  # the tokens, with the gaps between them
_SEPARATORS = {",", "\t", "/", "•", "–", "-", "—", "|", "·", "▪"}
# Between two entries on one line ("Anna Berg, Umeå; Erik Lind, Vännäs", "• Anna Berg, Umeå • Erik ...").
_ENTRY_GAP = {";", "och", "samt", ",", ".", "•", "·", "▪", "|", "–", "-", "—", "*"}
# Token sets the parser asks about at every step, built once.
_BLOCK_GAP = {":", "\n"} | _ENTRY_GAP - {"och", "samt"}  # skipped between a block's entries
_AFTER_HEADING = {":", "\n", "-", "–", "•", "·", "▪", "*"}
_ENTRY_END = _SEPARATORS | {"\n", ";", "§"}
_AFFILIATION_END = _SEPARATORS | {"\n", "(", ")", ";", "."}
# Words of a table's header row ("Namn  Kommun/organisation", "Namn Parti Kommun").
_HEADER_WORDS = {"namn", "name", "kommun", "organisation", "kommun/organisation", "funktion", "parti", "roll",
                 "titel", "befattning", "företrädare", "representerar", "/"}
_BULLETS = {"-", "•", "*", "–", "—", "·", "○", "▪", "►"}
_LINE_LEAD = _BULLETS | {"\t"}  # skipped at the start of a line
# First words of the greeting and closing lines of notes sent as e-mail.
_GREETINGS = {"hej", "hejsan", "hallå", "hälsningar", "mvh", "vänliga", "vänligen", "med", "tack", "bästa", "god"}
# Head nouns that turn a place name into an organisation's name: "Umeå universitet", "Vara folkhögskola".
_AFFILIATION_HEADS = {"universitet", "högskola", "folkhögskola", "kommunalförbund", "sjukhus", "gymnasium",
                      "bibliotek", "naturbruksgymnasium", "arbetsmarknadsenhet"}
# Header labels that look like "Org:" but are not organisations.
_NOT_ORGANISATIONS = {"datum", "tid", "plats", "lokal", "närvarande", "deltagare", "ärende", "ärenden", "dagordning",
                      "paragrafer", "underskrifter", "sekreterare", "ordförande", "justerare", "kallade", "mötet",
                      "frånvarande", "övriga", "förhinder", "bilaga", "bilagor", "kopia", "sändlista"}

_NUMBERED_HEADING = re.compile(
    r"^[ \t]*(?:§[ \t]*(?P<para>\d{1,4})[ \t]*[.:]?|(?P<num>\d{1,2})(?P<style>[.)])(?!\d))[ \t]*(?P<title>\S[^\n]*)?$")
_PARAGRAPH_INLINE = re.compile(r"(?:(?<=^)|(?<=\s))§[ \t]*(?P<num>\d{1,4})[ \t]*[.:]?[ \t]+(?=[A-ZÅÄÖ])")
_NUMBER_INLINE = re.compile(r"(?<=\s)(?P<num>\d{1,2})(?P<style>[.)])[ \t]+(?=[A-ZÅÄÖ])")


class Tokens:
    """A note's tokens as parallel lists: one object per token would cost more than the whole tokenizing."""

    def __init__(self, words: list[str], starts: list[int]):
        self.words = words
        self.starts = starts

    @cached_property
    def folded(self) -> dict[str, str]:
        """Each distinct word with its case-folded form: notes repeat their words, so each is folded once."""
        return {word: word.casefold() for word in set(self.words)}

    def end(self, i: int) -> int:
        return self.starts[i] + len(self.words[i])

    def line_start(self, i: int) -> bool:
        """First token on its line (indentation and bullets are not tokens)."""
        return self.words[i] != "\n" and (i == 0 or self.words[i - 1] == "\n")


@dataclass
class AffiliationPart:
    text: str
    start: int
    end: int
    entry: Entry | None  # None for an organisation the lexicons do not know
    fuzzy: bool = False

    @property
    def canonical(self) -> str:
        return self.entry.name if self.entry else self.text


@dataclass
class Attendee:
    name: str
    start: int  # span of the name
    end: int
    line_start: int  # span of the whole entry, the evidence for ATTENDED
    line_end: int
    status: str
    role: str | None = None
    party: str | None = None
    parts: list[AffiliationPart] = field(default_factory=list)

    @cached_property  # asked often; parts are complete when the attendee is made
    def affiliation(self) -> str | None:
        return ", ".join(p.canonical for p in self.parts) or None


@dataclass
class NamedRole:
    role: str  # minute_taker | chair | adjuster
    name: str
    start: int
    end: int
    evidence_start: int
    evidence_end: int


@dataclass
class AgendaItem:
    number: str | None
    title: str
    start: int  # heading span
    end: int
    body_end: int  # the item runs from start to body_end


@dataclass
class Structure:
    attendees: list[Attendee]
    agenda_items: list[AgendaItem]
    roles: list[NamedRole]
    attendance_spans: list[tuple[int, int]]

    def role(self, role: str) -> list[NamedRole]:
        return [r for r in self.roles if r.role == role]


def tokenize(text: str) -> Tokens:
    # One split and one running sum, both in C, instead of a Match object per token: parts alternate
    # gap, token, gap, ..., so a token starts where the parts before it end.
    parts = _TOKEN_SPLIT.split(text)
    words = parts[1::2]
    starts = list(accumulate(map(len, parts)))[0:-1:2]
    keep = _without_line_leads(words)
    if keep is not None:
        words, starts = list(compress(words, keep)), list(compress(starts, keep))
    return Tokens(words, starts)


def _without_line_leads(words: list[str]) -> list[bool] | None:
    """Which tokens stay once bullets and indentation at the start of each line are dropped (None: all)."""
    keep, k = None, 0
    while True:  # k is the first token of a line
        while k < len(words) and words[k] != "\n" and (words[k] in _LINE_LEAD or words[k].strip() == ""):
            if keep is None:
                keep = [True] * len(words)
            keep[k] = False
            k += 1
        try:
            k = words.index("\n", k) + 1
        except ValueError:
            return keep


def parse_structure(text: str, lexicons: Lexicons) -> Structure:
    tokens = tokenize(text)
    parser = _AttendanceParser(tokens, lexicons)
    attendees, spans = parser.parse()
    agenda = parse_agenda(text, lexicons, skip=spans)
    roles = _parse_roles(tokens, lexicons, attendees)
    return Structure(attendees=_deduplicate(attendees), agenda_items=agenda, roles=roles, attendance_spans=spans)


def _indices_of(tokens: Tokens, folded_keys) -> list[int]:
    """Indices of the words whose case-folded form is in ``folded_keys``."""
    wanted = {word for word, folded in tokens.folded.items() if folded in folded_keys}
    return [k for k, word in enumerate(tokens.words) if word in wanted]


def _deduplicate(attendees: list[Attendee]) -> list[Attendee]:
    """The same name with the same affiliation and status listed twice is one attendee."""
    seen, unique = set(), []
    for attendee in attendees:
        key = (attendee.name.casefold(), attendee.affiliation, attendee.status)
        if key not in seen:
            seen.add(key)
            unique.append(attendee)
    return unique


def match_heading(words: list[str], i: int) -> tuple[int, str, str | None] | None:
    """An attendance heading at words[i] (the token texts): (end index, status, role), or None."""
    for heading in _HEADINGS_BY_FIRST.get(words[i].casefold(), ()):
        end = i + len(heading)
        if end > len(words):
            continue
        if all(words[i + k].casefold() == w for k, w in enumerate(heading)):
            if not words[i][0].isupper():
                return None
            status, role = ATTENDANCE_HEADINGS[" ".join(heading)]
            return end, status, role
    return None


class _AttendanceParser:
    """Finds attendance headings and reads the attendee entries that follow them.

    The entries are read as a stream of words, so "Name, Place Name, Place" on one line (PDF) and one
    entry per line both work; a line break always ends an entry.
    """

    def __init__(self, tokens: Tokens, lexicons: Lexicons):
        self.tokens = tokens
        self.lex = lexicons
        self.words = tokens.words
        self._heading_firsts = _indices_of(tokens, _HEADINGS_BY_FIRST)
        self._may_start_heading = set(self._heading_firsts)  # asked at every word of every name

    def parse(self) -> tuple[list[Attendee], list[tuple[int, int]]]:
        attendees, spans, after = [], [], 0
        for i in self._heading_firsts:
            if i < after or not self._heading_here(i):
                continue
            block_start = self.tokens.starts[i]
            after, found = self._read_block(i)
            if found:
                attendees.extend(found)
                spans.append((block_start, self.tokens.end(after - 1)))
        return attendees, spans

    def _heading_here(self, i: int) -> tuple[int, str, str | None] | None:
        heading = self._heading_at(i)
        if not heading:
            return None
        end = heading[0]
        at_line_start = self.tokens.line_start(i)
        nxt = self._skip_header_words(self._skip(end, _AFTER_HEADING))
        if at_line_start and (end >= len(self.words) or self.words[end] in {":", "\n"}):
            return heading
        # Mid-line (flattened PDF text) or "Närvarande Anna Berg ...": a name must follow.
        if nxt < len(self.words) and self._entry_start(nxt, mid_line=True):
            return heading
        return None

    def _heading_at(self, i: int) -> tuple[int, str, str | None] | None:
        """``match_heading``, asked only where a heading's first word stands."""
        return match_heading(self.words, i) if i in self._may_start_heading else None

    def _skip(self, i: int, values: set[str]) -> int:
        while i < len(self.words) and self.words[i] in values:
            i += 1
        return i

    def _read_block(self, i: int) -> tuple[int, list[Attendee]]:
        """Read entries after the heading at i until something that is not an entry."""
        end, status, role = self._heading_here(i)
        i, found, blank_lines = end, [], 0
        while i < len(self.words):
            token = self.words[i]
            if token in _BLOCK_GAP or token.strip() == "":
                blank_lines = blank_lines + 1 if token == "\n" else blank_lines
                if blank_lines > 3 or (blank_lines > 2 and found):
                    break
                i += 1
                continue
            next_heading = self._heading_here(i)
            if next_heading:
                i, status, role = next_heading[0], next_heading[1], next_heading[2]
                blank_lines = 0
                continue
            if self._table_header(i):
                i = self._line_end(i)
                continue
            if self.words[i].casefold() in ("namn", "name"):
                i = self._skip_header_words(i)  # a flattened table header: "NÄRVARANDE Namn Kommun/organisation ..."
                continue
            entries, after = self._read_line_entries(i, status, role)
            if not entries:
                break
            found.extend(entries)
            i, blank_lines = after, 0
        return i, found

    def _table_header(self, i: int) -> bool:
        """"Namn<TAB>Kommun/organisation": the header row of an attendee table."""
        return self.tokens.line_start(i) and self.words[i].casefold() in {"namn", "name", "deltagare", "ledamot"} \
            and i + 1 < len(self.words) and (self.words[i + 1].strip() == "" or self.words[i + 1] in _SEPARATORS)

    def _skip_header_words(self, i: int) -> int:
        """Past a table header ("Namn Kommun/organisation"); only when it starts with "Namn"."""
        if i >= len(self.words) or self.words[i].casefold() not in ("namn", "name"):
            return i
        while i < len(self.words) and self.words[i].casefold() in _HEADER_WORDS:
            i += 1
        return i

    def _line_end(self, i: int) -> int:
        while i < len(self.words) and self.words[i] != "\n":
            i += 1
        return i

    def _read_line_entries(self, i: int, status: str, role: str | None) -> tuple[list[Attendee], int]:
        """Entries starting at token i, up to the end of the line (or the end of the flattened list).

        `Org: Name, Name` groups may stand anywhere ("…; Arbetsförmedlingen: Sara Lind; …"). Words left over
        after the last entry that belongs to the line ("Båtad kommun") are skipped, so one odd line does not
        end the list."""
        entries: list[Attendee] = []
        while i < len(self.words) and self.words[i] != "\n":
            if entries and self._heading_here(i):
                return entries, i
            grouped = self._org_prefixed(i, status, role)
            if grouped:
                entries.extend(grouped[0])
                i = self._skip(grouped[1], _ENTRY_GAP)
                continue
            entry, after = self._read_entry(i, status, role, mid_line=bool(entries))
            if not entry:
                break
            entries.append(entry)
            i = self._skip(after, _ENTRY_GAP)
        if entries and i < len(self.words) and self.words[i] != "\n":
            if self._rest_of_line_is_short(i):
                i = self._line_end(i)
        return entries, i

    def _rest_of_line_is_short(self, i: int) -> bool:
        """Leftover words on an attendee line: a few, not a flattened paragraph that follows the list."""
        end = self._line_end(i)
        return end - i <= 4 and not any(self.words[k] in {"§"} or self.words[k][:1].isdigit() for k in range(i, end))

    def _org_prefixed(self, i: int, status: str, role: str | None) -> tuple[list[Attendee], int] | None:
        """`Arbetsförmedlingen: Sara Lind, Ahmed Hassan` — everyone on the line belongs to the prefix."""
        colon = next((j for j in range(i, min(i + 8, len(self.words))) if self.words[j] in {":", "\n"}), None)
        if colon is None or self.words[colon] != ":" or colon == i:
            return None
        parts = self._affiliation_parts(i, colon)
        if not parts or (parts[0].entry is None and not self.words[i][0].isupper()):
            return None
        entries, j = [], colon + 1
        while j < len(self.words) and self.words[j] != "\n":
            after_separator = j > 0 and self.words[j - 1] in {",", ";", "och", "samt", ":"}
            name_end = read_name(self.words, j, self.lex, need_first_name=not after_separator,
                                 stop=self._is_name_boundary)
            if name_end is None:
                break
            entries.append(self._attendee(j, name_end, name_end, status, role, parts))
            j = name_end
            if j < len(self.words) and self.words[j] == ";":
                break  # the group ends; another entry or group follows
            j = self._skip(j, {",", "och", "samt"})
        return (entries, j) if entries else None

    def _affiliation_parts(self, i: int, colon: int) -> list[AffiliationPart]:
        """The `Org` of an `Org: Name, Name` line: a known name, or capitalised words that are not a role."""
        match = self.lex.gazetteer.match_at(self.words, i)
        if match and match.end == colon and match.entry.type in (ORGANISATION, MUNICIPALITY):
            return [self._part(i, colon, self._as_affiliation(match.entry))]
        prefix = " ".join(self.words[i:colon])
        if (all(is_name_word(w) or w.isupper() for w in self.words[i:colon]) and not self._role_text(prefix)
                and tuple(w.casefold() for w in self.words[i:colon]) not in ROLE_KEYWORDS
                and prefix.casefold() not in _NOT_ORGANISATIONS):
            return [self._part(i, colon, None)]
        return []

    def _entry_start(self, i: int, *, mid_line: bool) -> bool:
        start = self._skip_title(i)
        need_first = mid_line or not self.tokens.line_start(i)
        return read_name(self.words, start, self.lex, need_first_name=need_first,
                         stop=self._name_stop(start)) is not None

    def _skip_title(self, i: int) -> int:
        """Skip a leading title: "Kommundirektör Eva Ström"."""
        if i + 1 < len(self.words) and self._role_text(self.words[i]) and is_name_word(self.words[i + 1]):
            return i + 1
        return i

    def _is_name_boundary(self, j: int) -> bool:
        """A name ends before a known organisation or unambiguous municipality ("Gunilla Bergström GR")."""
        match = self.lex.gazetteer.match_at(self.words, j)
        if match and match.entry.type in (ORGANISATION, MUNICIPALITY) and not match.entry.ambiguous:
            return True
        return self._heading_at(j) is not None

    def _name_stop(self, i: int):
        """Where a name starting at i ends. In a list flattened without commas ("Johan Sandberg Mora Emelie
        Andersson Mora"), past two words a name also ends before an ambiguous or misspelt municipality that a
        new name follows, and before a new first name + surname."""
        if self.tokens.line_start(i):
            return self._is_name_boundary

        def stop(j: int) -> bool:
            if self._is_name_boundary(j):
                return True
            if j - i < 2:
                return False
            if _starts_a_name(self.words, j, self.lex):
                return True
            after = j + 1
            ends_entry = after >= len(self.words) or _starts_a_name(self.words, after, self.lex) or \
                self.words[after] in _ENTRY_END or self.words[after][:1].isdigit() or \
                self._heading_at(after) is not None
            return ends_entry and self._municipality_like(j)
        return stop

    def _municipality_like(self, j: int) -> bool:
        match = self.lex.gazetteer.match_at(self.words, j)
        if match:
            return match.entry.type == MUNICIPALITY
        word = self.words[j]
        # Stricter than in an affiliation position: surnames lie close to place names (Lindberg, Lindesberg).
        return len(word) >= 4 and bool(self.lex.gazetteer.fuzzy(word, types=[MUNICIPALITY], min_score=92))

    def _read_entry(self, i: int, status: str, role: str | None, *, mid_line: bool):
        title_end = self._skip_title(i)
        title = self._role_text(self.words[i]) if title_end > i else None
        need_first = mid_line or not self.tokens.line_start(i)
        name_end = read_name(self.words, title_end, self.lex, need_first_name=need_first,
                             stop=self._name_stop(title_end))
        if name_end is None:
            return None, i
        j, party, entry_role = name_end, None, title or role
        j, party, entry_role = self._parentheses(j, party, entry_role)
        parts, j, entry_role, column_party = self._read_affiliation(j, entry_role)
        party = party or column_party
        j, party, entry_role = self._parentheses(j, party, entry_role)
        attendee = self._attendee(title_end, name_end, j, status, entry_role, parts, party=party, line_from=i)
        return attendee, j

    def _parentheses(self, j: int, party: str | None, role: str | None):
        while j < len(self.words) and self.words[j] == "(":
            close = next((k for k in range(j + 1, min(j + 8, len(self.words))) if self.words[k] == ")"), None)
            if close is None:
                break
            for piece in re.split(r"[,/]", " ".join(self.words[j + 1:close]).replace(" .", ".")):
                piece = piece.strip()
                found_party = self.lex.party(piece)
                if found_party and not party:
                    party = found_party
                elif self._role_text(piece):
                    role = self._role_text(piece)
            j = close + 1
        return j, party, role

    def _read_affiliation(self, j: int, role: str | None):
        """Affiliation parts after a name: ", Umeå", " GR, FoU i Väst", ", enhetschef, Arbetsförmedlingen",
        and a party column ("Anna Berg<TAB>S<TAB>Umeå"). Returns (parts, next index, role, party)."""
        parts: list[AffiliationPart] = []
        party = None
        while j < len(self.words) and self.words[j] != "\n":
            separated = self.words[j] in _SEPARATORS or self.words[j].strip() == ""
            k = self._skip(j, _SEPARATORS) if separated else j
            k = self._skip_spaces(k)
            if k >= len(self.words) or self.words[k] == "\n":
                return parts, k, role, party
            if separated and self._party_column(k):
                party, j = self.lex.party(self.words[k]), k + 1
                continue
            if not separated and parts:
                break
            if self.words[k] == "(":
                break
            known = self._known_affiliation(k)
            if known and known[1] < len(self.words) and self.words[known[1]] == ":":
                break  # "… Umeåregionen - Arbetsförmedlingen: Ulf Blom": a new group starts
            if known:
                part, j = known
                parts.append(part)
                continue
            role_end = self._role_phrase(k)
            if role_end:
                role = self._role_text(" ".join(self.words[k:role_end])) or role
                j = role_end
                continue
            if not separated and not parts:
                break
            if self._entry_start(k, mid_line=True):
                break  # "Anna Berg, Erik Lind": the next entry, not an affiliation
            end = self._unknown_affiliation_end(k)
            if end == k:
                break
            parts.append(self._part(k, end, None))
            j = end
        return parts, j, role, party

    def _party_column(self, k: int) -> bool:
        """A party abbreviation standing alone between separators ("S", "KD", "MP")."""
        word = self.words[k]
        following = self.words[k + 1] if k + 1 < len(self.words) else "\n"
        return word.isupper() and len(word) <= 4 and bool(self.lex.party(word)) and (
            following in _SEPARATORS or following.strip() == "")

    def _skip_spaces(self, k: int) -> int:
        while k < len(self.words) and self.words[k].strip() == "" and self.words[k] != "\n":
            k += 1
        return k

    def _known_affiliation(self, k: int) -> tuple[AffiliationPart, int] | None:
        match = self.lex.gazetteer.match_at(self.words, k)
        if match and match.end < len(self.words) and self.words[match.end].casefold() in _AFFILIATION_HEADS:
            return None  # "Umeå universitet" that the lexicon lacks: read it whole as an unknown organisation
        if match and match.entry.type in (MUNICIPALITY, ORGANISATION, PLACE):
            return self._part(k, match.end, self._as_affiliation(match.entry)), match.end
        return self._fuzzy_municipality(k)

    def _as_affiliation(self, entry: Entry) -> Entry:
        """"Borås Stad" in an attendee line: the person comes from the municipality Borås."""
        return self.lex.municipalities[entry.municipality_key] if entry.municipality_key else entry

    def _fuzzy_municipality(self, k: int) -> tuple[AffiliationPart, int] | None:
        """A misspelt municipality in an affiliation position ("Stenungssund" -> Stenungsund)."""
        end = k
        while end < len(self.words) and end - k < 3 and is_name_word(self.words[end]):
            end += 1
        for stop in range(end, k, -1):
            text = " ".join(self.words[k:stop])
            if len(text) < 4 or (stop == k + 1 and looks_like_first_name(text, self.lex) and stop < end):
                continue
            suffixed = stop < len(self.words) and self.words[stop].casefold() in ("kommun", "kommuns", "stad")
            candidates = [text, text[:-1]] if suffixed and text.endswith("s") else [text]
            entry = next(filter(None, (self.lex.gazetteer.fuzzy(c, types=[MUNICIPALITY]) for c in candidates)), None)
            if entry:
                end_part = stop + 1 if suffixed else stop  # "Båtad kommun": the misspelt name with its "kommun"
                return self._part(k, end_part, entry, fuzzy=True), end_part
        return None

    def _role_phrase(self, k: int) -> int | None:
        if not self.words[k][:1].islower():
            return None  # a role phrase starts in lower case ("enhetschef", "tjg ers")
        for length in (3, 2, 1):
            end = k + length
            if end <= len(self.words) and "\n" not in self.words[k:end]:
                text = " ".join(self.words[k:end]).replace(" .", ".")
                if self._role_text(text):
                    if end < len(self.words) and self.words[end] == ".":
                        end += 1
                    return end
        return None

    def _role_text(self, text: str) -> str | None:
        return _role_text(text, self.lex.roles)

    def _unknown_affiliation_end(self, k: int) -> int:
        """An organisation the lexicons do not know: words up to the next separator or the next name."""
        end = k
        while end < len(self.words) and self.words[end] not in _AFFILIATION_END:
            if self.words[end].strip() == "":
                break
            if end > k and (self._entry_start(end, mid_line=True) or self._heading_at(end)):
                break
            if self.words[end] == "§" or self.words[end][:1].isdigit():
                break
            end += 1
        return end

    def _part(self, k: int, end: int, entry: Entry | None, fuzzy: bool = False) -> AffiliationPart:
        start, stop = self.tokens.starts[k], self.tokens.end(end - 1)
        return AffiliationPart(" ".join(self.words[k:end]), start, stop, entry, fuzzy)

    def _attendee(self, name_start: int, name_end: int, entry_end: int, status: str, role: str | None,
                  parts: list[AffiliationPart], *, party: str | None = None, line_from: int | None = None) -> Attendee:
        first = line_from if line_from is not None else name_start
        last = max(entry_end, name_end) - 1
        name = " ".join(self.words[name_start:name_end])
        return Attendee(name=name, start=self.tokens.starts[name_start], end=self.tokens.end(name_end - 1),
                        line_start=self.tokens.starts[first], line_end=self.tokens.end(last), status=status,
                        role=role, party=party, parts=list(parts))


@lru_cache(maxsize=1 << 14)  # the same words are asked about on every attendee line
def _role_text(text: str, roles: frozenset[str]) -> str | None:
    """The normalised role a text names ("ordf." -> "ordförande", "enhetschef"), or None."""
    folded = text.casefold().strip().rstrip(".").strip()
    if not folded:
        return None
    folded = re.sub(r"\s+", " ", folded.replace(".", ". ")).replace(" .", ".").strip()
    for form in (folded, folded.replace(".", ""), folded.rstrip(".")):
        if form in _ROLE_NORMAL:
            return _ROLE_NORMAL[form]
        if form in roles:
            return _ROLE_NORMAL.get(form, form)
    words = folded.split()
    if len(words) == 1 and len(folded) > 5 and folded.endswith(_ROLE_SUFFIXES) and folded.isalpha():
        return folded
    return None


def _parse_roles(tokens: Tokens, lexicons: Lexicons, attendees: list[Attendee]) -> list[NamedRole]:
    """Minute taker, chair and adjusters: from role keywords followed by names, and from attendee roles."""
    words = tokens.words
    roles: list[NamedRole] = []
    for i in _indices_of(tokens, _ROLE_KEYWORDS_BY_FIRST):
        for keyword, role in _ROLE_KEYWORDS_BY_FIRST[words[i].casefold()]:
            end = i + len(keyword)
            if end > len(words) or any(words[i + k].casefold() != w for k, w in enumerate(keyword)):
                continue
            if not words[i][0].isupper():
                continue
            roles.extend(_names_after(tokens, end, role, lexicons, tokens.starts[i], many=role == "adjuster"))
    for attendee in attendees:
        if attendee.role in ("ordförande", "mötesordförande"):
            roles.append(NamedRole("chair", attendee.name, attendee.start, attendee.end,
                                   attendee.line_start, attendee.line_end))
        if attendee.role == "sekreterare":
            roles.append(NamedRole("minute_taker", attendee.name, attendee.start, attendee.end,
                                   attendee.line_start, attendee.line_end))
    return roles


def _names_after(tokens: Tokens, i: int, role: str, lexicons: Lexicons, evidence_start: int, *,
                 many: bool) -> list[NamedRole]:
    """Names right after a role keyword, on the same line or the next non-blank line(s)."""
    words = tokens.words
    found, newlines = [], 0
    while i < len(words) and (words[i] in {":", "-", "–", "\n", ","} or words[i].strip() == ""):
        newlines += words[i] == "\n"
        i += 1
    if newlines > 4:
        return []
    while i < len(words):
        end = read_name(words, i, lexicons, need_first_name=bool(found) or not tokens.line_start(i),
                        stop=lambda j: words[j] == "\n" or (j > i + 1 and _starts_a_name(words, j, lexicons)))
        if end is None:
            break
        # Two names on one line without separator: "Erik Lind Maria Sund" splits at the second first name.
        end = _split_at_first_name(words, i, end, lexicons)
        found.append(NamedRole(role, " ".join(words[i:end]), tokens.starts[i], tokens.end(end - 1),
                               evidence_start, tokens.end(end - 1)))
        if not many:
            break
        i = end
        while i < len(words) and (words[i] in {",", "och", "samt", "\n", "&"} or words[i].strip() == ""):
            i += 1
    return found


def _split_at_first_name(words: list[str], i: int, end: int, lexicons: Lexicons) -> int:
    for j in range(i + 2, end - 1):
        if _starts_a_name(words, j, lexicons) and words[j] not in NAME_PARTICLES:
            return j
    return end


def _starts_a_name(words: list[str], j: int, lexicons: Lexicons) -> bool:
    """A first name followed by a surname: where a second person's name begins ("Erik Lind Maria Sund"),
    unlike a surname that is also a first name ("Ann-Sofie Bergström Lind")."""
    return (looks_like_first_name(words[j], lexicons) and j + 1 < len(words) and is_name_word(words[j + 1]))


# ---------------------------------------------------------------- agenda


def parse_agenda(text: str, lexicons: Lexicons, *, skip: list[tuple[int, int]] = ()) -> list[AgendaItem]:
    """Agenda items: numbered headings ("1. Inledning", "§ 12 Budget"), else un-numbered headings.

    A numbered list inside an item (restarting at 1, or introduced by a line ending in ":") is not a
    new agenda item.
    """
    lines = _lines(text)
    candidates = [c for c in _numbered_candidates(lines, lexicons) if not _inside(c.start, skip)]
    candidates += _inline_paragraphs(text, lines, skip, lexicons)
    candidates.sort(key=lambda c: c.start)
    items = _main_sequence(candidates, lines)
    if not items:
        items = _unnumbered_headings(lines, lexicons, skip)
    else:
        # "Övriga frågor" / "Nästa möte" left unnumbered after the last numbered item still are items.
        closing = _unnumbered_headings(lines, lexicons, skip, only=lexicons.agenda_stopwords)
        items += [h for h in closing if h.start > items[-1].start]
    return _with_bodies(items, text)


@dataclass
class _Line:
    text: str
    start: int
    end: int
    index: int


@dataclass
class _Candidate:
    number: int
    label: str
    title: str
    start: int
    end: int
    line: int  # index in lines (-1 for an inline § in flattened text)
    paragraph: bool
    style: str  # "§", "." or ")": an agenda keeps one numbering style, lists inside items often differ
    heading: bool = True  # False for a numbered sentence: never an item, but part of the list it stands in


def _lines(text: str) -> list[_Line]:
    lines, pos = [], 0
    for index, raw in enumerate(text.split("\n")):
        lines.append(_Line(raw, pos, pos + len(raw), index))
        pos += len(raw) + 1
    return lines


def _inside(pos: int, spans) -> bool:
    """Whether pos falls in one of the sorted, non-overlapping spans (by bisection)."""
    index = bisect_right(spans, (pos, float("inf"))) - 1
    return index >= 0 and spans[index][0] <= pos < spans[index][1]


def _numbered_candidates(lines: list[_Line], lexicons: Lexicons) -> list[_Candidate]:
    found = []
    for line in lines:
        m = _NUMBERED_HEADING.match(line.text)
        if not m or not m.group("title"):
            continue
        title = m.group("title").strip()
        paragraph = m.group("para") is not None
        if paragraph and len(title) > 120:
            title = _title_from_run_on(title, lexicons)
        number = m.group("para") or m.group("num")
        title_start = line.start + m.start("title")
        found.append(_Candidate(int(number), number, title.rstrip(":").strip(), title_start,
                                title_start + len(title), line.index, paragraph, m.group("style") or "§",
                                _heading_like(title, allow_long=paragraph)))
    return found


def _heading_like(title: str, *, allow_long: bool = False) -> bool:
    if not title or not (title[0].isupper() or title[0].isdigit() or title[0] in "\"'”«"):
        return False
    words = title.split()
    if len(words) > (25 if allow_long else 14) or len(title) > 160:
        return False
    # A sentence ("1. Vi behöver mer tid.") is a list item, not a heading.
    return not (title.endswith((".", "?")) and len(words) > 6)


def _inline_paragraphs(text: str, lines: list[_Line], skip, lexicons: Lexicons) -> list[_Candidate]:
    """`§ 3 Budget 2024 Ekonomichefen redogör ...` and `... välkomna. 2. Val av justerare Anna ...` in text
    flattened onto long lines. Inline "N." items must form a sequence from 1 (see ``_main_sequence``)."""
    found = []
    for line in lines:
        if len(line.text) < 200:
            continue
        for pattern in (_PARAGRAPH_INLINE, _NUMBER_INLINE):
            for m in pattern.finditer(line.text):
                if m.start() == 0 and _NUMBERED_HEADING.match(line.text):
                    continue  # the line-start form handles it
                start = line.start + m.end()
                if _inside(start, skip):
                    continue
                window = line.text[m.end():m.end() + 400]
                title = _run_on_title(window, lexicons)
                if title:
                    style = m.groupdict().get("style") or "§"
                    # "4. Nätverket bjuder in … till ett kommande möte." is a sentence in a list, not a title.
                    sentence = window[len(title):len(title) + 1] in ".?" and len(title.split()) > 6
                    found.append(_Candidate(int(m.group("num")), m.group("num"), title, start, start + len(title),
                                            -1, style == "§", style, not sentence))
    return found


def _run_on_title(rest: str, lexicons: Lexicons) -> str | None:
    """The title at the start of run-on text: words up to where the next sentence starts, i.e. the next
    capitalised word that is not a known name ("§ 5 Insatser för unga i Höör Bengt-Göran berättar ...")."""
    words = rest.split(" ")[:14]
    bare = [word.strip(".,:;()") for word in words]
    title: list[str] = []
    index = 0
    while index < len(words) and len(title) < 12:
        word = words[index]
        if word.startswith("§") or not bare[index] or (index and _NUMBER_INLINE.match(" " + word + " X")):
            break
        known = lexicons.gazetteer.match_at(bare, index)
        acronym_head = bare[index].split("-", 1)[0].isupper()  # "DUA-samverkan", "ESF-projekt"
        if index > 0 and bare[index][:1].isupper() and not acronym_head and not known:
            break
        step = known.end - index if known else 1
        title.extend(words[index:index + step])
        index += step
        if title[-1].endswith((".", ":")):
            break
    result = " ".join(title).rstrip(".:").strip()
    return result or None


def _title_from_run_on(title: str, lexicons: Lexicons) -> str:
    return _run_on_title(title, lexicons) or title[:80]


def _main_sequence(candidates: list[_Candidate], lines: list[_Line]) -> list[AgendaItem]:
    nested = _nested_runs(candidates, lines)
    items: list[AgendaItem] = []
    expected, style = None, None
    for candidate in candidates:
        if id(candidate) in nested or not candidate.heading:
            continue
        if expected is not None and (candidate.number != expected or candidate.style != style):
            continue
        if expected is None and candidate.line < 0 and candidate.style != "§" and candidate.number != 1:
            continue  # a run-on "7. Sedan ..." is no agenda unless the numbering starts at 1
        style = candidate.style
        items.append(AgendaItem(candidate.label, candidate.title, candidate.start, candidate.end, candidate.end))
        expected = candidate.number + 1
    # A lone "1." line is a list, not an agenda.
    # A lone "1." line is a list, not an agenda, unless it is the only numbered line in the note.
    lone = sum(c.heading and id(c) not in nested for c in candidates) == 1
    return items if len(items) >= 2 or (items and (candidates[0].paragraph or lone)) else []


def _nested_runs(candidates: list[_Candidate], lines: list[_Line]) -> set[int]:
    """Candidates that form a list inside an item: consecutive numbered lines with no text between
    them, introduced by a line ending in ":" or restarting at 1 after the agenda already began."""
    runs: list[list[_Candidate]] = []
    for candidate in candidates:
        if candidate.line < 0:
            continue
        previous = runs[-1][-1] if runs else None
        if (previous and _adjacent(previous, candidate, lines) and previous.style == candidate.style
                and candidate.number == previous.number + 1):
            runs[-1].append(candidate)
        else:
            runs.append([candidate])
    nested: set[int] = set()
    seen_items = False
    for run in runs:
        intro = _previous_text_line(lines, run[0].line)
        introduced = intro is not None and intro.text.rstrip().endswith(":")
        restarts = seen_items and run[0].number == 1
        if len(run) >= 2 and (introduced or restarts) and not run[0].paragraph:
            nested.update(id(c) for c in run)
        else:
            seen_items = True
    return nested


def _adjacent(a: _Candidate, b: _Candidate, lines: list[_Line]) -> bool:
    """A list's items stand on consecutive lines; agenda headings are separated by text or blank lines."""
    return b.line == a.line + 1


def _previous_text_line(lines: list[_Line], index: int) -> _Line | None:
    for k in range(index - 1, -1, -1):
        if lines[k].text.strip():
            return lines[k]
    return None


def _unnumbered_headings(lines: list[_Line], lexicons: Lexicons, skip,
                         only: frozenset[str] | None = None) -> list[AgendaItem]:
    """Notes without numbering: a short line standing alone, followed by a paragraph. ``only``: just the
    headings with these (case-folded) titles."""
    items = []
    first_text = next((l.index for l in lines if l.text.strip()), None)
    for line in lines:
        title = line.text.strip()
        if only is not None and title.rstrip(":").casefold() not in only:
            continue
        if line.index == first_text or _inside(line.start, skip) or not _heading_like(title):
            continue
        if len(title.split()) > 8 or title.endswith((".", ",", ";", "!", "?")) or title.startswith(tuple(_BULLETS)):
            continue
        if _NUMBERED_HEADING.match(line.text):
            continue  # a numbered line that the numbered agenda did not take is a list item
        if title.split()[0].casefold().strip(",") in _GREETINGS:
            continue
        before = lines[line.index - 1].text.strip() if line.index > 0 else ""
        after = lines[line.index + 1].text.strip() if line.index + 1 < len(lines) else ""
        follows = next((l.text.strip() for l in lines[line.index + 1:] if l.text.strip()), "")
        if before or not follows or len(follows) < 40 and not after:
            continue
        if title.casefold().rstrip(":") in ATTENDANCE_HEADINGS or re.match(r"^(Antecknat|Vid protokollet|Justera)", title):
            continue
        start = line.start + line.text.index(title)
        items.append(AgendaItem(None, title.rstrip(":"), start, start + len(title), start + len(title)))
    return items


def _with_bodies(items: list[AgendaItem], text: str) -> list[AgendaItem]:
    for current, following in zip(items, items[1:] + [None]):
        current.body_end = following.start if following else len(text)
    return items
