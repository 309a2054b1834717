"""Finding person names in stored text and replacing them: the shared part of ``forget`` and ``--pseudonymise``.

A name is matched as a whole name in any case and across line breaks ("Linda\\nKarlsson", "LINDA KARLSSON"),
with a Swedish genitive s ("Linda Karlssons"). Name parts (a first name or a surname alone, as the notes refer to
people: "Linda ger en rapport") are matched only capitalised and only where the caller says they resolve to the
person. Names the caller protects (other people's full names, names of places and organisations) are left as
they are, so forgetting Linda Karlsson does not damage "Anna Karlsson".
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import unicodedata
from pathlib import Path
from typing import Callable, Iterable, Mapping

MARKER = "[namn borttaget]"  # what a forgotten name becomes in the remaining text
_GENITIVE = "[sS]"


def normalise_name(name: str) -> str:
    """The form names are compared and hashed in: NFC, case-folded, single spaces."""
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


def name_parts(name: str) -> list[str]:
    """The capitalised words of a name that can stand for the person alone (initials are too short to)."""
    return [part for part in unicodedata.normalize("NFC", name).split() if len(part) > 1 and part[0].isupper()]


def keyed_hash(secret: bytes, purpose: str, name: str) -> str:
    """HMAC-SHA256 of the normalised name: without the secret a list of these cannot be checked against names."""
    return hmac.new(secret, f"{purpose}:{normalise_name(name)}".encode(), hashlib.sha256).hexdigest()


def load_or_create_secret(path: Path) -> bytes:
    """A random 32-byte secret kept in ``path`` (created once, readable by the owner only)."""
    if path.exists():
        return bytes.fromhex(path.read_text(encoding="ascii").strip())
    path.parent.mkdir(parents=True, exist_ok=True)
    secret = secrets.token_bytes(32)
    path.touch(mode=0o600)
    path.write_text(secret.hex() + "\n", encoding="ascii")
    return secret


class NameReplacer:
    """Replaces names in text in one regular-expression pass.

    ``names``: full name -> replacement (matched in any case); ``parts``: name part -> replacement (matched
    capitalised, as written); ``protect``: names matched first and left unchanged.
    """

    def __init__(self, names: Mapping[str, str], parts: Mapping[str, str] | None = None,
                 protect: Iterable[str] = ()):
        parts = parts or {}
        self._replacement: dict[str, str | None] = {normalise_name(p): None for p in protect}
        self._replacement.update({normalise_name(n): r for n, r in names.items()})
        self._part_replacement = dict(parts)
        alternatives = [_loose(name) for name in sorted(set(protect) | set(names), key=len, reverse=True)]
        full = "(?i:" + "|".join(alternatives) + ")" if alternatives else None
        part = "|".join(re.escape(p) for p in sorted(parts, key=len, reverse=True)) or None
        body = "|".join(f"(?P<{group}>{pattern})" for group, pattern in (("full", full), ("part", part)) if pattern)
        self._pattern = re.compile(rf"(?<!\w)(?:{body})(?:{_GENITIVE})?(?!\w)") if body else None

    def __call__(self, text: str) -> str:
        if self._pattern is None or not text:
            return text
        return self._pattern.sub(self._substitute, text)

    def _substitute(self, match: re.Match) -> str:
        if match.lastgroup == "full":
            replacement = self._replacement.get(normalise_name(match.group("full")))
        else:
            replacement = self._part_replacement.get(match.group("part"))
        return match.group(0) if replacement is None else replacement


def _loose(name: str) -> str:
    """A name as a pattern whose words may be separated by any whitespace (line breaks in flattened text)."""
    return r"\s+".join(re.escape(word) for word in unicodedata.normalize("NFC", name).split())


def map_strings(value, change: Callable[[str], str]):
    """``change`` applied to every string in a value made of dicts, lists and scalars."""
    if isinstance(value, str):
        return change(value)
    if isinstance(value, list):
        return [map_strings(item, change) for item in value]
    if isinstance(value, dict):
        return {key: map_strings(item, change) for key, item in value.items()}
    return value
