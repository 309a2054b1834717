"""`motesgraf report OUT_DIR [--screenshots] [--max-nodes N] [--since DATE] [--until DATE] [--progress/--no-progress]`:
the HTML views, charts and tables of the stored graph (or of one period's meetings).

The CLI registers it with ``add_report_commands(main, store_options, _open)`` so the command takes the same store
options as every graph command and opens the store the same way.
"""

from __future__ import annotations

from pathlib import Path

import click

from motesgraf.progress import progress_bar, progress_option
from motesgraf.visualisations.aggregate import MAX_NODES
from motesgraf.visualisations.periods import check_bound

from .privacy_cli import pseudonymise_option


def _date_bound(context, parameter, value):
    try:
        return check_bound(value)
    except ValueError as error:
        raise click.BadParameter(str(error)) from None


def add_report_commands(main: click.Group, store_options, open_from_options) -> click.Command:
    """Define ``report`` on ``main``. ``store_options`` is the decorator adding --backend/--data-dir/--neo4j-*,
    ``open_from_options(**those options)`` opens the store (a context manager)."""

    @main.command("report")
    @click.argument("out_dir", type=click.Path(file_okay=False, path_type=Path))
    @click.option("--screenshots", is_flag=True,
                  help="Also write a PNG beside each page (headless Chromium, /usr/bin/chromium, no network).")
    @click.option("--max-nodes", type=click.IntRange(min=10), default=MAX_NODES, show_default=True,
                  help="Largest network a page shows whole; above it the least linked nodes are collapsed into "
                       "one summary node per type, and the page says so.")
    @click.option("--since", callback=_date_bound, metavar="DATE",
                  help="Only meetings on or after DATE (YYYY, YYYY-MM or YYYY-MM-DD).")
    @click.option("--until", callback=_date_bound, metavar="DATE",
                  help="Only meetings on or before DATE (YYYY, YYYY-MM or YYYY-MM-DD; --until 2019 includes all "
                       "of 2019).")
    @progress_option
    @pseudonymise_option
    @store_options
    def report(out_dir: Path, screenshots: bool, max_nodes: int, since: str | None, until: str | None,
               progress: bool | None, pseudonymise: bool, **store):
        """Write OUT_DIR/index.html (charts, sortable tables, links) and one self-contained page per view:
        actors, co-attendance, recurrence, ego and meeting. The pages work offline."""
        from motesgraf.graph.pseudonymise import pseudonymised
        from motesgraf.visualisations.report import report_steps, write_report
        from motesgraf.visualisations.screenshot import BrowserMissing

        with open_from_options(**store) as graph, \
                progress_bar(report_steps(screenshots), unit="step", label="report", enabled=progress) as bar:
            try:
                source = pseudonymised(graph, store["data_dir"]) if pseudonymise else graph
                written = write_report(source, out_dir, screenshots=screenshots, max_nodes=max_nodes,
                                       on_step=bar.update, since=since, until=until)
            except BrowserMissing as error:
                raise click.ClickException(str(error)) from None
        for path in written:
            click.echo(str(path))

    return report
