"""`motesgraf report OUT_DIR [--screenshots] [--max-nodes N] [--progress/--no-progress]`: the HTML views, charts
and tables of the stored graph.

The CLI registers it with ``add_report_commands(main, store_options, _open)`` so the command takes the same store
options as every graph command and opens the store the same way.
"""

from __future__ import annotations

from pathlib import Path

import click

from motesgraf.progress import progress_bar, progress_option
from motesgraf.visualisations.aggregate import MAX_NODES

from .privacy_cli import pseudonymise_option


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
    @progress_option
    @pseudonymise_option
    @store_options
    def report(out_dir: Path, screenshots: bool, max_nodes: int, progress: bool | None, pseudonymise: bool, **store):
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
                                       on_step=bar.update)
            except BrowserMissing as error:
                raise click.ClickException(str(error)) from None
        for path in written:
            click.echo(str(path))

    return report
