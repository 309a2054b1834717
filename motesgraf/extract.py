"""Running extraction over files and folders: one record per readable document, one line per failure.

Documents are extracted in this process or, with ``jobs > 1``, on a pool of worker processes that each build
their Extractor once. Either way the records come out in input order and are the same.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import multiprocessing.connection
import os
import threading
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from itertools import chain, islice
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Iterator

from motesgraf.extraction.reading import FailureLine, ReadError, iter_document_paths
from motesgraf.graph.forget import Suppression

from .progress import bar_enabled, track

if TYPE_CHECKING:  # imported where an Extractor is built: spaCy costs ~1 s, and a build with nothing new needs none
    from motesgraf.extraction.pipeline import Extractor

log = logging.getLogger(__name__)

MAX_DEFAULT_JOBS = 8  # each worker holds its own spaCy pipeline and lexicons; beyond this the gain is small
IN_FLIGHT_PER_JOB = 4  # documents handed to the pool per worker: keeps workers busy, memory bounded
WARMUP_MODULE = "motesgraf.extract_warmup"


def default_jobs() -> int:
    """The CPUs this process may use, capped at MAX_DEFAULT_JOBS."""
    return max(1, min(len(os.sched_getaffinity(0)), MAX_DEFAULT_JOBS))


@dataclass(frozen=True)
class Outcome:
    """One document's result: its record, or the one-line error that names the file."""
    path: Path
    record: dict | None = None
    error: str | None = None


def extract_stream(paths: Iterable[Path], *, jobs: int = 1, lexicon_dir: str | Path | None = None,
                   date: str | None = None, suppression: Suppression | None = None) -> Iterator[Outcome]:
    """Extract every path, yielding outcomes in input order; ``paths`` is consumed lazily. The records leave out
    the people in ``suppression`` (default: the lexicon directory's list as it is when extraction begins).

    With ``jobs > 1`` at most ``IN_FLIGHT_PER_JOB × jobs`` documents are in flight. An input of fewer
    documents is extracted in this process: starting workers would cost more than it saves.
    """
    paths = iter(paths)
    window = IN_FLIGHT_PER_JOB * jobs
    head = list(islice(paths, window)) if jobs > 1 else []
    if suppression is None:
        suppression = Suppression.load(lexicon_dir)  # people removed with `motesgraf forget` stay out
    if jobs > 1 and len(head) == window:
        yield from map(suppression.apply_to_outcome, _in_pool(chain(head, paths), jobs, window, lexicon_dir, date))
    else:
        yield from map(suppression.apply_to_outcome, _in_process(chain(head, paths), lexicon_dir, date))


def _in_process(paths: Iterator[Path], lexicon_dir, date) -> Iterator[Outcome]:
    from motesgraf.extraction.pipeline import Extractor

    extractor: Extractor | None = None  # built on the first document: nothing to extract costs nothing
    for path in paths:
        extractor = extractor or Extractor(lexicon_dir)
        yield _extract_one(extractor, path, date)


def start_pool(jobs: int, lexicon_dir) -> ProcessPoolExecutor:
    """``jobs`` workers, each with its own Extractor, forked from a forkserver that has already imported spaCy
    and the pipeline and loaded the shipped lexicons (motesgraf/extract_warmup.py), so a worker starts in a
    fraction of a second instead of importing everything again. Not forked from this process: it may hold an
    open store with its own threads, which fork would copy half-way; the forkserver is a fresh, single-threaded
    process started once and reused by every later pool."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["__main__", WARMUP_MODULE])  # read when the server starts (the first pool)
    return ProcessPoolExecutor(jobs, mp_context=context, initializer=_start_worker, initargs=(lexicon_dir,))


def _in_pool(paths: Iterator[Path], jobs: int, window: int, lexicon_dir, date) -> Iterator[Outcome]:
    pool = start_pool(jobs, lexicon_dir)
    in_flight: deque[tuple[Path, Future]] = deque()
    submitting: Path | None = None
    try:
        for submitting in paths:
            in_flight.append((submitting, pool.submit(_extract_in_worker, submitting, date)))
            submitting = None
            if len(in_flight) == window:
                yield _next_result(in_flight)
        while in_flight:
            yield _next_result(in_flight)
    except BrokenProcessPool:  # a worker was killed (out of memory, a crash in native code)
        log.warning("a worker process died; the remaining documents are extracted in this process")
        pool.shutdown(cancel_futures=True)
        unfinished = [path for path, _ in in_flight] + ([submitting] if submitting else [])
        yield from _in_process(chain(unfinished, paths), lexicon_dir, date)
    finally:
        pool.shutdown(cancel_futures=True)


def _next_result(in_flight: deque[tuple[Path, Future]]) -> Outcome:
    """The oldest document's outcome; it stays in flight if its worker died."""
    outcome = in_flight[0][1].result()
    in_flight.popleft()
    return outcome


_worker_extractor: Extractor | None = None


def _start_worker(lexicon_dir) -> None:
    from motesgraf.extraction.pipeline import Extractor

    global _worker_extractor
    _exit_with_parent()
    _worker_extractor = Extractor(lexicon_dir)
    # The pipeline's lexicons are hundreds of thousands of long-lived objects: moved out of the collector's sight,
    # they are not traversed again on every collection (about 8 % of extraction time, measured).
    gc.freeze()


def _exit_with_parent() -> None:
    """A parent that is killed (SIGKILL, out of memory) cannot shut its pool down, and its workers would wait
    for work forever, each holding a pipeline: they watch the parent and exit with it."""
    parent = multiprocessing.parent_process()

    def watch() -> None:
        multiprocessing.connection.wait([parent.sentinel])
        os._exit(1)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


def _extract_in_worker(path: Path, date: str | None) -> Outcome:
    return _extract_one(_worker_extractor, path, date)


def _extract_one(extractor: Extractor, path: Path, date: str | None) -> Outcome:
    try:
        return Outcome(path, record=extractor.extract_path(path, date=date))
    except ReadError as error:
        return Outcome(path, error=error.line())
    except Exception as error:  # a bug on one document must not stop the others
        log.debug("extraction failed", exc_info=True)
        # the exception's text may quote the notes (names): it goes to the debug log only
        return Outcome(path, error=FailureLine(f"{path}: internal error while extracting ({type(error).__name__})",
                                               "internal error"))


def count_documents(inputs: Iterable[str | Path]) -> int:
    """How many documents ``inputs`` hold (a second, cheap walk: it gives the progress bar its ETA)."""
    return sum(1 for _ in iter_document_paths(inputs))


def _log_error(message: str) -> None:
    log.error(message)


class ExtractionRun:
    """Iterate to extract; records stream out one at a time so memory stays bounded.

    ``failed`` lists the one-line errors of files that could not be read; ``succeeded`` counts records.
    """

    def __init__(self, inputs: Iterable[str | Path], *, lexicon_dir: str | Path | None = None,
                 date: str | None = None, jobs: int = 1, progress: bool | None = False,
                 on_error: Callable[[str], None] = _log_error):
        self.inputs = list(inputs)
        self.lexicon_dir = lexicon_dir
        self.date = date
        self.jobs = jobs
        self.progress = progress
        self.on_error = on_error
        self.failed: list[str] = []
        self.succeeded = 0

    def __iter__(self) -> Iterator[dict]:
        outcomes = extract_stream(iter_document_paths(self.inputs), jobs=self.jobs, lexicon_dir=self.lexicon_dir,
                                  date=self.date)
        total = count_documents(self.inputs) if bar_enabled(self.progress) else None
        for outcome in track(outcomes, total=total, unit="doc", label="extract", enabled=self.progress):
            if outcome.error:
                self.failed.append(outcome.error)
                self.on_error(outcome.error)
                continue
            self.succeeded += 1
            yield outcome.record


def extract_paths(inputs: Iterable[str | Path], **options) -> ExtractionRun:
    return ExtractionRun(inputs, **options)
