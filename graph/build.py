"""Incremental build: files -> extraction -> store, touching only new or changed documents."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import stat
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

from motesgraf.extract import count_documents, extract_stream
from motesgraf.extraction.reading import MAX_BYTES, iter_document_paths
from motesgraf.progress import bar_enabled, progress_bar

from .forget import Suppression
from .model import document_id
from .store import WRITE_BATCH, GraphStore

log = logging.getLogger(__name__)
BATCH_DOCUMENTS = WRITE_BATCH  # new documents are handed to the store in batches of this size
FILE_HASHES = "file-hashes.json"  # the name of the hash cache in a data dir
SETTLED_NS = 2_000_000_000  # a file modified this recently may change again within its mtime's resolution


@dataclass
class BuildReport:
    added: int = 0
    changed: int = 0
    unchanged: int = 0
    removed: int = 0
    failed: list[str] = field(default_factory=list)

    def summary(self) -> str:
        text = (f"{self.added} added, {self.changed} changed, {self.unchanged} unchanged, {self.removed} removed, "
                f"{len(self.failed)} failed")
        return text


def build(inputs: Iterable[str | Path], store: GraphStore, *, prune: bool = False,
          lexicon_dir: str | Path | None = None, jobs: int = 1, hash_cache: str | Path | None = None,
          progress: bool | None = False, on_error: Callable[[str], None] = log.error) -> BuildReport:
    """Extract and store every new or changed document under ``inputs``.

    A document whose content hash is already stored is skipped without extraction; with ``hash_cache`` (a file,
    safe to lose) a document whose size and modification time did not change is not even read. Only the other
    documents go to extraction, on ``jobs`` processes. ``prune`` removes the documents the store has that are no
    longer under ``inputs``.
    """
    inputs = list(inputs)
    report = BuildReport()
    stored = store.documents()
    seen: set[str] = set()
    hashes = FileHashes(hash_cache)
    new: list[dict] = []  # new documents wait here (bounded) to be written as one batch
    writer = SuppressedWriter(store, Suppression.load(lexicon_dir))

    def flush() -> None:
        if new:
            writer.write(new, replace=False)
            report.added += len(new)
            new.clear()

    def needing_extraction(bar) -> Iterator[Path]:
        for path in iter_document_paths(inputs):
            key, content_hash = hashes.identify(path)
            if key in seen:  # the same file given twice
                bar.update()
                continue
            seen.add(key)
            if content_hash is not None and stored.get(key) == content_hash:
                report.unchanged += 1
                bar.update()
            else:
                yield path

    total = count_documents(inputs) if bar_enabled(progress) else None
    with progress_bar(total, unit="doc", label="build", enabled=progress) as bar:
        for outcome in extract_stream(needing_extraction(bar), jobs=jobs, lexicon_dir=lexicon_dir,
                                      suppression=writer.extracted_with):
            bar.update()
            if outcome.error:
                report.failed.append(outcome.error)
                on_error(outcome.error)
            elif _document_key(outcome.path) in stored:
                writer.write([outcome.record], replace=True)
                report.changed += 1
            else:
                new.append(outcome.record)
                if len(new) >= BATCH_DOCUMENTS:
                    flush()
        flush()
    hashes.save()
    if prune:
        for key in sorted(set(stored) - seen):
            store.delete_document(key)
            report.removed += 1
    return report


class SuppressedWriter:
    """Writes records to the store as the suppression list (``forgotten.yaml``) stands right before each write.

    Extraction applied the list as it was when the build began; a `motesgraf forget` may have run since. So each
    write first re-checks the file (a stat; read again only when it changed), with the store held: on the
    embedded store forget holds it too, so the check and the write come wholly before forget (which then removes
    what was written) or wholly after it (and see the new list). Neo4j holds nothing: see the README for the one
    transaction that can remain."""

    def __init__(self, store: GraphStore, suppression: Suppression):
        self.store = store
        self.extracted_with = self.latest = suppression

    def write(self, records: list[dict], *, replace: bool) -> None:
        with self.store.held():
            self.latest = self.latest.current()
            if self.latest is not self.extracted_with:
                records = [self.latest.apply(record) for record in records]
            self.store.write(records, replace=replace)


class FileHashes:
    """Each file's document key and content hash, remembered with its (device, inode, size, mtime) so that a
    file whose stat did not change is not read again. A changed stat means re-reading and re-hashing, so a
    touched but unchanged file is still unchanged. Kept as JSON in ``file``; losing it only costs time."""

    def __init__(self, file: str | Path | None):
        self.file = Path(file) if file else None
        self.known = self._load()
        self.current: dict[str, list] = {}  # what this run saw: the next run's cache

    def identify(self, path: Path) -> tuple[str, str | None]:
        """The document key of ``path`` and its content hash (None when it cannot be read: extraction says why)."""
        name = os.path.abspath(path)
        try:
            status = os.stat(name)
        except OSError:
            return _document_key(path), None
        signature = [status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns]
        entry = self.known.get(name)
        if entry and entry[:4] == signature:
            self.current[name] = entry
            return entry[4], entry[5]
        key, content_hash = _document_key(path), _content_hash(name, status)
        if content_hash and time.time_ns() - status.st_mtime_ns > SETTLED_NS:
            self.current[name] = [*signature, key, content_hash]
        return key, content_hash

    def save(self) -> None:
        if self.file is None or self.current == self.known:
            return
        self.file.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.file.with_name(f".{self.file.name}.{os.getpid()}")
        temporary.write_text(json.dumps({"version": 1, "files": self.current}), encoding="utf-8")
        temporary.replace(self.file)  # atomic: a build that dies half-way leaves the old cache

    def _load(self) -> dict[str, list]:
        try:
            data = json.loads(self.file.read_text(encoding="utf-8")) if self.file else {}
            files = data.get("files", {}) if data.get("version") == 1 else {}
            return {name: entry for name, entry in files.items() if isinstance(entry, list) and len(entry) == 6}
        except (OSError, ValueError, AttributeError):
            return {}  # missing or damaged: start afresh


def _document_key(path: Path) -> str:
    return f"document:{document_id(path)}"


def _content_hash(name: str, status: os.stat_result) -> str | None:
    """sha256 of the raw bytes, as reading.read_document computes it; None for what extraction will refuse."""
    if not stat.S_ISREG(status.st_mode) or status.st_size > MAX_BYTES:  # a pipe would block the read
        return None
    try:
        with open(name, "rb") as file:
            return hashlib.file_digest(file, "sha256").hexdigest()
    except OSError:
        return None
