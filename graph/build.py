"""Incremental build: files -> extraction -> store, touching only new or changed documents."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from motesgraf.extraction.pipeline import Extractor
from motesgraf.extraction.reading import ReadError, iter_document_paths, read_document

from .model import document_id
from .store import WRITE_BATCH, GraphStore

log = logging.getLogger(__name__)
BATCH_DOCUMENTS = WRITE_BATCH  # new documents are handed to the store in batches of this size


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
          lexicon_dir: str | Path | None = None, on_error: Callable[[str], None] = log.error,
          on_document: Callable[[Path], None] = lambda path: None) -> BuildReport:
    """Extract and store every new or changed document under ``inputs``.

    A document whose content hash is already stored is skipped without extraction. ``prune`` removes the
    documents the store has that are no longer under ``inputs``.
    """
    report = BuildReport()
    stored = store.documents()
    seen: set[str] = set()
    extractor: Extractor | None = None
    new: list[dict] = []  # new documents wait here (bounded) to be written as one batch

    def flush() -> None:
        if new:
            store.write(new, replace=False)
            report.added += len(new)
            new.clear()

    for path in iter_document_paths(inputs):
        on_document(path)
        key = f"document:{document_id(path)}"
        seen.add(key)
        try:
            source = read_document(path)
        except ReadError as error:
            report.failed.append(str(error))
            on_error(str(error))
            continue
        if stored.get(key) == source.content_hash:
            report.unchanged += 1
            continue
        extractor = extractor or Extractor(lexicon_dir)
        try:
            record = extractor.extract_source(source)
        except Exception as error:  # one document's bug must not stop the build
            log.debug("extraction failed", exc_info=True)
            message = f"{path}: internal error while extracting ({type(error).__name__}: {error})"
            report.failed.append(message)
            on_error(message)
            continue
        if key in stored:
            store.write([record], replace=True)
            report.changed += 1
        else:
            new.append(record)
            if len(new) >= BATCH_DOCUMENTS:
                flush()
    flush()
    if prune:
        for key in sorted(set(stored) - seen):
            store.delete_document(key)
            report.removed += 1
    return report
