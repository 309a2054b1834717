"""Running extraction over files and folders: one record per readable document, one line per failure."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Callable, Iterable, Iterator

from motesgraf.extraction.pipeline import Extractor
from motesgraf.extraction.reading import ReadError, iter_document_paths

log = logging.getLogger(__name__)


def _log_error(message: str) -> None:
    log.error(message)


class ExtractionRun:
    """Iterate to extract; records stream out one at a time so memory stays bounded.

    ``failed`` lists the one-line errors of files that could not be read; ``succeeded`` counts records.
    """

    def __init__(self, inputs: Iterable[str | Path], *, lexicon_dir: str | Path | None = None,
                 date: str | None = None, on_error: Callable[[str], None] = _log_error):
        self.inputs = list(inputs)
        self.lexicon_dir = lexicon_dir
        self.date = date
        self.on_error = on_error
        self.failed: list[str] = []
        self.succeeded = 0

    def __iter__(self) -> Iterator[dict]:
        extractor = Extractor(self.lexicon_dir)
        for path in iter_document_paths(self.inputs):
            try:
                record = extractor.extract_path(path, date=self.date)
            except ReadError as error:
                self._fail(str(error))
                continue
            except Exception as error:  # a bug on one document must not stop the others
                log.debug("extraction failed", exc_info=True)
                self._fail(f"{path}: internal error while extracting ({type(error).__name__}: {error})")
                continue
            self.succeeded += 1
            yield record

    def _fail(self, message: str) -> None:
        self.failed.append(message)
        self.on_error(message)


def extract_paths(inputs: Iterable[str | Path], **options) -> ExtractionRun:
    return ExtractionRun(inputs, **options)
