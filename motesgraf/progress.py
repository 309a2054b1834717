"""Progress bars for long commands: counts, rate and ETA on stderr, never file or person names.

Shared by every command that walks many documents or items::

    from motesgraf.progress import progress_option, track, progress_bar

    @progress_option                    # adds --progress/--no-progress (default: on when stderr is a terminal)
    def command(..., progress): ...

    for item in track(items, total=len(items), unit="doc", label="build", enabled=progress): ...

    with progress_bar(total, unit="view", label="report", enabled=progress) as bar:
        do_work(on_step=bar.update)     # a callback advancing the bar by one (or by n)
"""

from __future__ import annotations

import sys
from typing import Iterable, Iterator, TypeVar

import click
from tqdm import tqdm

T = TypeVar("T")

progress_option = click.option(
    "--progress/--no-progress", "progress", default=None,
    help="Show a progress bar with rate and ETA on stderr (default: only when stderr is a terminal).")


def progress_bar(total: int | None, *, unit: str, label: str, enabled: bool | None = None) -> tqdm:
    """A bar on stderr; ``enabled=None`` shows it only when stderr is a terminal. ``label`` names the phase
    (a fixed word such as "build"), never a document."""
    # sys.stderr is looked up now, not at import, so redirected or captured stderr gets the bar
    return tqdm(total=total, unit=unit, desc=label, file=sys.stderr, disable=not bar_enabled(enabled),
                dynamic_ncols=True)


def bar_enabled(enabled: bool | None) -> bool:
    """``None`` means: when stderr is a terminal (so pipes and logs stay clean)."""
    return sys.stderr.isatty() if enabled is None else enabled


def track(items: Iterable[T], *, total: int | None, unit: str, label: str,
          enabled: bool | None = None) -> Iterator[T]:
    """Yield ``items`` while advancing a bar by one per item."""
    with progress_bar(total, unit=unit, label=label, enabled=enabled) as bar:
        for item in items:
            yield item
            bar.update()


def echo_error(message: str) -> None:
    """One line on stderr that does not tear an active bar apart."""
    tqdm.write(message, file=sys.stderr)
