"""``--pseudonymise`` on export and report: every person name becomes a stable pseudonym such as
"Person 3F7A2C9B", in names, keys and every text that contains them (evidence sentences, titles).

The pseudonym is a keyed hash (HMAC-SHA256) of the normalised name, with a secret kept in the data directory
(``pseudonym.key``, created on first use): the same person gets the same pseudonym in every run and every file,
and without the secret nobody can check a guessed name against a pseudonym. A first name or surname alone
becomes the pseudonym of the one person it belongs to, or ``[person]`` when several people share it.

:class:`PseudonymisedStore` wraps a store and pseudonymises every row it returns, so the exporters and the
report, which read only through ``store.run``, need no change and the graph's structure (counts) stays the same.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from .model import NODES
from .redaction import NameReplacer, keyed_hash, load_or_create_secret, map_strings, name_parts

KEY_FILE = "pseudonym.key"
AMBIGUOUS_PART = "[person]"
PSEUDONYM_DIGITS = 8  # 32 bits: collisions are rare, and resolved below
_PERSON_KEY_PREFIX = "person:"


class Pseudonymiser:
    def __init__(self, secret: bytes, persons: list[dict], other_names: set[str]):
        """``persons``: the stored people (``key``, ``name``); ``other_names``: names of every other node, whose
        words are never taken for a person's first name or surname (a surname "Lund", the municipality Lund)."""
        self.secret = secret
        self._keys = {p["key"]: f"{_PERSON_KEY_PREFIX}{keyed_hash(secret, 'key', p['key'])[:12]}" for p in persons}
        names = {p["name"] for p in persons if p["name"]}
        self._pseudonyms = _distinct_pseudonyms(secret, names)
        owners: dict[str, set[str]] = {}
        for name in names:
            for part in name_parts(name):
                owners.setdefault(part, set()).add(self.name(name))
        parts = {part: next(iter(who)) if len(who) == 1 else AMBIGUOUS_PART
                 for part, who in owners.items() if part not in other_names}
        self._replace = NameReplacer({name: self.name(name) for name in names}, parts, protect=other_names - names)

    @classmethod
    def for_store(cls, store, data_dir: str | Path) -> "Pseudonymiser":
        persons = store.run("MATCH (p:Person) RETURN p.key AS key, p.name AS name", {})
        others = {row["name"] for label, properties in NODES.items() if "name" in properties and label != "Person"
                  for row in store.run(f"MATCH (n:{label}) WHERE n.name IS NOT NULL RETURN n.name AS name", {})}
        return cls(load_or_create_secret(Path(data_dir) / KEY_FILE), persons, others)

    def name(self, name: str) -> str:
        return self._pseudonyms.get(name) or _pseudonym(keyed_hash(self.secret, "name", name), PSEUDONYM_DIGITS)

    def value(self, value):
        """Any value a query returns, with person keys, names and name mentions replaced."""
        return map_strings(value, lambda text: self._keys.get(text) or self._replace(text))


def _pseudonym(digest: str, digits: int) -> str:
    return f"Person {digest[:digits].upper()}"


def _distinct_pseudonyms(secret: bytes, names: set[str]) -> dict[str, str]:
    """Eight hex digits per name; the rare names whose eight digits collide get the whole digest, so two people
    never share a pseudonym (a shared one would merge them in every view)."""
    digests = {name: keyed_hash(secret, "name", name) for name in names}
    counts = Counter(digest[:PSEUDONYM_DIGITS] for digest in digests.values())
    return {name: _pseudonym(digest, PSEUDONYM_DIGITS if counts[digest[:PSEUDONYM_DIGITS]] == 1 else len(digest))
            for name, digest in digests.items()}


class PseudonymisedStore:
    """A read-only view of ``store`` in which every returned value is pseudonymised."""

    def __init__(self, store, pseudonymiser: Pseudonymiser):
        self._store, self._pseudonymiser = store, pseudonymiser

    def run(self, cypher: str, params: dict | None = None, read_only: bool = True) -> list[dict]:
        if not read_only:
            raise ValueError("a pseudonymised store is read-only")
        return [{column: self._pseudonymiser.value(v) for column, v in row.items()}
                for row in self._store.run(cypher, params, read_only=True)]

    def stats(self):
        return self._store.stats()

    def documents(self) -> dict[str, str]:
        return self._store.documents()


def pseudonymised(store, data_dir: str | Path) -> PseudonymisedStore:
    return PseudonymisedStore(store, Pseudonymiser.for_store(store, data_dir))

