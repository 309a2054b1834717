"""How the command line reports failures: one line per bad file, a summary, exit codes, and --debug.

Exit codes: 0 every file went in; 3 some files were skipped (the rest went in); 1 nothing could be read or a
fatal error; 2 is Click's usage error.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Sequence

import click

from motesgraf.extraction.reading import one_line

EXIT_OK, EXIT_FATAL, EXIT_SOME_SKIPPED = 0, 1, 3
INTERNAL_ERROR = "internal error"  # the kind of a failure that is not a ReadError


def failure_kind(message: str) -> str:
    """The reason class of a failure message (a FailureLine knows it; a plain string is an internal error)."""
    return getattr(message, "kind", INTERNAL_ERROR)


def skipped_summary(total: int, failed: Sequence[str]) -> str:
    """e.g. "skipped 3 of 120 files: 2 empty, 1 encrypted PDF" — reasons by count, then name."""
    counts = Counter(failure_kind(message) for message in failed)
    reasons = ", ".join(f"{count} {kind}" for kind, count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
    return f"skipped {len(failed)} of {total} files: {reasons}"


def exit_code(ingested: int, failed: Sequence[str]) -> int:
    if not failed:
        return EXIT_OK
    return EXIT_SOME_SKIPPED if ingested else EXIT_FATAL


class OneLineErrors(click.Group):
    """A group whose unexpected exceptions become one `error: …` line and exit 1; --debug keeps the traceback."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.Abort, SystemExit, KeyboardInterrupt):
            raise
        except Exception as error:
            if (ctx.obj or {}).get("debug"):
                raise
            click.echo(f"error: {describe(error)}", err=True)
            ctx.exit(EXIT_FATAL)


def describe(error: Exception) -> str:
    """One line about an unexpected exception. Its text may quote the notes (names), so only OS errors,
    whose text is the system's, are shown in full."""
    if isinstance(error, OSError) and error.strerror:
        where = f": {error.filename}" if error.filename else ""
        return one_line(f"{error.strerror}{where}")
    return f"internal error ({type(error).__name__}); run `motesgraf --debug …` for the traceback"


class _StderrHandler(logging.Handler):
    """Writes to the stderr of the moment (Click's test runner swaps it), one record per line."""

    def emit(self, record: logging.LogRecord) -> None:
        click.echo(self.format(record), err=True)


def configure_logging(debug: bool) -> None:
    """--debug: motesgraf's debug messages and tracebacks on stderr. Otherwise the library default
    (warnings and errors only). Called once per command, so the setting never leaks into the next one."""
    logger = logging.getLogger("motesgraf")
    for handler in [h for h in logger.handlers if isinstance(h, _StderrHandler)]:
        logger.removeHandler(handler)
    if debug:
        handler = _StderrHandler()
        handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
        logger.addHandler(handler)
    logger.setLevel(logging.DEBUG if debug else logging.NOTSET)
