"""Erasure requests: ``motesgraf forget "Full Name"``.

Forgetting a person

1. adds a keyed hash of the normalised name (never the name) to ``forgotten.yaml`` in the lexicon directory, so
   ``build`` and ``extract`` drop the person from their source notes again (see :class:`Suppression`); first,
   before anything in the graph changes, because a running build re-reads the file right before each write;
2. replaces their name in every stored text with ``[namn borttaget]``: the full name everywhere, and a first
   name or surname alone in the meetings they took part in (that is where the notes' "Linda ger en rapport"
   resolves to them), leaving other people's names intact;
3. removes review decisions (``decisions.yaml``) that contain the name;
4. deletes their Person node(s) (every key whose name matches) and all their relationships;
5. on the embedded store (:func:`forget_embedded`, which holds the store alone throughout), rewrites the database
   file from the remaining graph (deleted bytes stay in a LadybugDB file until overwritten); the command then
   checks that no file in the data directory contains the name.
"""

from __future__ import annotations

import logging
import os
import secrets
import shutil
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

import yaml

from .model import NODES, RELATIONSHIPS, STRING, STRINGS, GraphRows
from .redaction import MARKER, NameReplacer, keyed_hash, map_strings, name_parts, normalise_name

log = logging.getLogger(__name__)
SUPPRESSION_FILE = "forgotten.yaml"
DECISIONS_FILE = "decisions.yaml"
_PURPOSE = "forget"
_UNCHANGED_NODE_PROPERTIES = {"key", "content_hash"}  # identifiers and hashes hold no names
_UNCHANGED_RELATIONSHIP_PROPERTIES = {"meeting", "method"}


class PersonNotFound(LookupError):
    """No stored person has the name asked for."""


@dataclass
class ForgetReport:
    persons: int = 0
    relationships: int = 0
    texts_redacted: int = 0
    meetings: int = 0
    decisions_removed: int = 0

    def summary(self) -> str:
        return (f"forgot {self.persons} person(s): {self.relationships} relationship(s) removed, "
                f"{self.texts_redacted} text(s) redacted in the graph ({self.meetings} meeting(s)), "
                f"{self.decisions_removed} review decision(s) removed; later builds will leave the person out")


def forget(store, name: str, *, lexicon_dir: str | Path) -> ForgetReport:
    """Forget the person called ``name`` in ``store`` and in the lexicon directory; raises PersonNotFound."""
    keys, stored_names = _matching_persons(store, name)
    # First, before the graph changes: a build re-reads the list right before each write, so on Neo4j (where
    # nothing waits) only a batch checked before this line can still name the person (see README)
    Suppression.add(lexicon_dir, name)
    report = ForgetReport(persons=len(keys))
    meetings = [row["m"] for row in store.run(
        "MATCH (p:Person)-[r]-() WHERE p.key IN $keys AND r.meeting IS NOT NULL RETURN DISTINCT r.meeting AS m",
        {"keys": keys})]
    report.meetings = len(meetings)
    report.relationships = store.run("MATCH (p:Person)-[r]-() WHERE p.key IN $keys RETURN count(r) AS n",
                                     {"keys": keys})[0]["n"]
    others = [row["name"] for row in store.run(
        "MATCH (p:Person)-[r]-() WHERE r.meeting IN $meetings AND NOT p.key IN $keys RETURN DISTINCT p.name AS name",
        {"meetings": meetings, "keys": keys})]
    everywhere = NameReplacer({n: MARKER for n in {name, *stored_names}})
    in_their_meetings = NameReplacer({n: MARKER for n in {name, *stored_names}},
                                     {part: MARKER for n in stored_names for part in name_parts(n)}, protect=others)
    their_meetings = set(meetings)
    replacer_for = lambda meeting: in_their_meetings if meeting in their_meetings else everywhere  # noqa: E731
    report.texts_redacted = (_redact_nodes(store, replacer_for, keys)
                             + _redact_relationships(store, replacer_for, keys))
    report.decisions_removed = _remove_decisions(lexicon_dir, everywhere)
    # last, so that after a failure half-way the person is still found and `forget` can simply be run again
    store.delete_persons(keys)  # with their relationships, refreshing the aggregates they counted in
    return report


def _matching_persons(store, name: str) -> tuple[list[str], list[str]]:
    wanted = normalise_name(name)
    persons = store.run("MATCH (p:Person) RETURN p.key AS key, p.name AS name", {})
    matches = [p for p in persons if normalise_name(p["name"] or "") == wanted]
    if not matches:
        _log_close_matches(wanted, [p["name"] for p in persons])
        raise PersonNotFound("no person with that name in the graph (names are compared ignoring case and spacing)")
    return [p["key"] for p in matches], sorted({p["name"] for p in matches})


def _log_close_matches(wanted: str, names: list[str]) -> None:
    """Only with --debug: stored names are personal data, so they are not suggested at the normal log level."""
    if log.isEnabledFor(logging.DEBUG):
        from rapidfuzz import process

        close = process.extract(wanted, names, processor=normalise_name, limit=3, score_cutoff=80)
        log.debug("close matches: %s", ", ".join(match for match, _, _ in close) or "none")


def _redact_nodes(store, replacer_for, forgotten_keys: list[str]) -> int:
    changed = 0
    for label, properties in NODES.items():
        for prop, kind in properties.items():
            if prop in _UNCHANGED_NODE_PROPERTIES or kind not in (STRING, STRINGS):
                continue
            meeting = "n.key" if label == "Meeting" else ("n.meeting" if "meeting" in properties else "null")
            rows = store.run(f"MATCH (n:{label}) WHERE n.{prop} IS NOT NULL AND NOT n.key IN $keys "
                             f"RETURN n.key AS key, {meeting} AS meeting, n.{prop} AS old", {"keys": forgotten_keys})
            changes = [{"key": r["key"], "new": new} for r in rows
                       if (new := map_strings(r["old"], replacer_for(r["meeting"]))) != r["old"]]
            if changes:
                store.run(f"UNWIND $changes AS c MATCH (n:{label}) WHERE n.key = c.key SET n.{prop} = c.new",
                          {"changes": changes}, read_only=False)
            changed += len(changes)
    return changed


def _redact_relationships(store, replacer_for, forgotten_keys: list[str]) -> int:
    """Relationships have no key; equal old text in one meeting gives equal new text, so they are matched by it
    (the forgotten person's own relationships may be rewritten too: they are deleted next)."""
    changed = 0
    for kind, declared in RELATIONSHIPS.items():
        for prop, type_ in declared.all_properties.items():
            if prop in _UNCHANGED_RELATIONSHIP_PROPERTIES or type_ != STRING:
                continue
            rows = store.run(f"MATCH (a)-[r:{kind}]->(b) WHERE r.{prop} IS NOT NULL AND NOT a.key IN $keys "
                             f"AND NOT b.key IN $keys RETURN DISTINCT r.meeting AS meeting, r.{prop} AS old",
                             {"keys": forgotten_keys})
            changes = [{"meeting": r["meeting"], "old": r["old"], "new": new} for r in rows
                       if (new := replacer_for(r["meeting"])(r["old"])) != r["old"]]
            if changes:
                store.run(f"UNWIND $changes AS c MATCH ()-[r:{kind}]->() WHERE r.meeting = c.meeting "
                          f"AND r.{prop} = c.old SET r.{prop} = c.new", {"changes": changes}, read_only=False)
            changed += len(changes)
    return changed


def _remove_decisions(lexicon_dir: str | Path, replacer: NameReplacer) -> int:
    path = Path(lexicon_dir) / DECISIONS_FILE
    if not path.exists():
        return 0
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    kept = {section: [e for e in entries if replacer(_decision_name(e)) == _decision_name(e)]
            for section, entries in data.items()}
    removed = sum(len(data[s]) - len(kept[s]) for s in data)
    if removed:
        _write_atomically(path, yaml.safe_dump(kept, allow_unicode=True, sort_keys=True))
    return removed


def _decision_name(entry) -> str:
    """An accepted decision is ``{name, type}``, a rejected one the name alone."""
    return entry["name"] if isinstance(entry, dict) else entry


def _write_atomically(path: Path, text: str) -> None:
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}-", suffix=path.suffix)
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        out.write(text)
    os.replace(temporary, path)


# ---------------------------------------------------------------------------------------------- suppression


class Suppression:
    """The forgotten people, as salted hashes in ``<lexicon dir>/forgotten.yaml``, applied to every extracted
    record so the next build of the same notes does not bring them back."""

    def __init__(self, salt: bytes, hashes: set[str], *, path: Path | None = None, signature: tuple | None = None):
        self.salt, self.hashes = salt, hashes
        self.path, self.signature = path, signature  # the file, and its stat when it was read

    @classmethod
    def load(cls, lexicon_dir: str | Path | None) -> "Suppression":
        path = Path(lexicon_dir) / SUPPRESSION_FILE if lexicon_dir else None
        signature = _signature(path)  # before reading: a file replaced meanwhile only makes current() read again
        if signature is None:
            return cls(b"", set(), path=path)
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        return cls(bytes.fromhex(data["salt"]), set(data.get("hashes") or []), path=path, signature=signature)

    def current(self) -> "Suppression":
        """This list, or the file's newer one if it changed since it was read (a build calls this right before
        each write: a `forget` that ran meanwhile is honoured). Costs one stat when nothing changed; `add`
        replaces the file, so a change is a new inode."""
        if self.path is None or _signature(self.path) == self.signature:
            return self
        return Suppression.load(self.path.parent)

    @classmethod
    def add(cls, lexicon_dir: str | Path, name: str) -> None:
        current = cls.load(lexicon_dir)
        salt = current.salt or secrets.token_bytes(32)
        hashes = sorted(current.hashes | {keyed_hash(salt, _PURPOSE, name)})
        Path(lexicon_dir).mkdir(parents=True, exist_ok=True)
        _write_atomically(Path(lexicon_dir) / SUPPRESSION_FILE, yaml.safe_dump(
            {"about": "people removed with `motesgraf forget`: salted hashes of their names, never the names",
             "salt": salt.hex(), "hashes": hashes}, sort_keys=False))

    def is_forgotten(self, name: str | None) -> bool:
        return bool(self.hashes and name) and keyed_hash(self.salt, _PURPOSE, name) in self.hashes

    def apply_to_outcome(self, outcome):
        """An extraction outcome (``motesgraf.extract.Outcome``) with its record passed through :meth:`apply`."""
        return replace(outcome, record=self.apply(outcome.record)) if outcome.record else outcome

    def apply(self, record: dict) -> dict:
        """The record without the forgotten people: their entities, relations, attendance and roles removed and
        their names replaced in every remaining text (evidence offsets then no longer slice the file's text)."""
        forgotten = [e for e in record["entities"] if e["type"] == "Person" and self.is_forgotten(e["name"])]
        if not forgotten:
            return record
        keys, names = {e["key"] for e in forgotten}, {e["name"] for e in forgotten}
        others = [e["name"] for e in record["entities"] if e["type"] == "Person" and e["key"] not in keys]
        replacer = NameReplacer({n: MARKER for n in names}, {p: MARKER for n in names for p in name_parts(n)},
                                protect=others)
        kept = dict(record)
        kept["entities"] = [e for e in record["entities"] if e["key"] not in keys]
        kept["relations"] = [r for r in record["relations"] if r["source"] not in keys and r["target"] not in keys]
        kept["attendees"] = [a for a in record.get("attendees", []) if not self.is_forgotten(a["name"])]
        kept["adjusters"] = [a for a in record.get("adjusters", []) if not self.is_forgotten(a)]
        for role in ("minute_taker", "chair"):
            if self.is_forgotten(record.get(role)):
                kept[role] = None
        untouched = {k: kept.pop(k) for k in ("source", "content_hash", "format") if k in kept}
        return untouched | map_strings(kept, replacer)


def _signature(path: Path | None) -> tuple | None:
    """The file's identity and state; None when there is none."""
    if path is None:
        return None
    try:
        status = path.stat()
    except FileNotFoundError:
        return None
    return status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns


# ---------------------------------------------------------------------------------------------- embedded store


def forget_embedded(data_dir: str | Path, name: str, *, lexicon_dir: str | Path) -> ForgetReport:
    """:func:`forget` on the embedded store, holding it alone from the first read to the swap of the rewritten file
    (:func:`~motesgraf.graph.embedded_store.exclusive_access`): a build running at the same time finishes first, or
    waits and then writes into the forgotten store; none of its writes can land in a file about to be replaced."""
    from .embedded_store import exclusive_access

    with exclusive_access(data_dir) as store:
        report = forget(store, name, lexicon_dir=lexicon_dir)
        _compact(store)
    return report


def _compact(store) -> None:
    """Rewrite the store's file from the graph it holds and swap it in (LadybugDB keeps deleted and overwritten
    values in its file until the space is reused). The caller holds the store alone."""
    from .embedded_store import DATABASE_FILE, EmbeddedStore
    from .export import read_nodes, read_relationships

    nodes, relationships = read_nodes(store), read_relationships(store)
    store.close()
    scratch = Path(tempfile.mkdtemp(dir=store.data_dir, prefix=".compact-"))
    try:
        with EmbeddedStore(scratch) as new:
            new.write_rows(_as_rows(nodes, relationships), replace=False)
        for leftover in store.data_dir.glob(f"{DATABASE_FILE}.*"):  # WAL and shadow files of the old database
            leftover.unlink()
        os.replace(scratch / DATABASE_FILE, store.data_dir / DATABASE_FILE)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _as_rows(nodes: list[dict], relationships: list[dict]) -> GraphRows:
    rows = GraphRows("", "", "")
    label_of = {}
    for node in nodes:
        label = node.pop("label")
        label_of[node["key"]] = label
        rows.nodes.setdefault(label, []).append(node)
    for rel in relationships:
        kind, source, target = rel.pop("type"), rel.pop("source"), rel.pop("target")
        rows.relationships.setdefault(kind, []).append(
            {"from": source, "to": target, "from_label": label_of[source], "to_label": label_of[target], **rel})
    return rows


def files_containing(directory: str | Path, name: str) -> list[Path]:
    """Files under ``directory`` whose bytes contain the name in UTF-8 (NFC or NFD; as typed, lower or upper
    case)."""
    import unicodedata

    variants = {v for form in ("NFC", "NFD") for v in (unicodedata.normalize(form, name),
                                                       unicodedata.normalize(form, " ".join(name.split())))}
    needles = {v.encode() for v in variants} | {v.lower().encode() for v in variants} | {
        v.upper().encode() for v in variants}
    found = []
    for path in sorted(Path(directory).rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            if any(needle in data for needle in needles):
                found.append(path)
    return found
