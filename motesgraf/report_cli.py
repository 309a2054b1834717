"""`motesgraf report OUT_DIR [--screenshots]`: the HTML views, charts and tables of the stored graph.

The CLI registers it with ``add_report_commands(main, store_options, _open)`` so the command takes the same store
options as every graph command and opens the store the same way.
"""

from __future__ import annotations

from pathlib import Path

import click


def add_report_commands(main: click.Group, store_options, open_from_options) -> click.Command:
    """Define ``report`` on ``main``. ``store_options`` is the decorator adding --backend/--data-dir/--neo4j-*,
    ``open_from_options(**those options)`` opens the store (a context manager)."""

    @main.command("report")
    @click.argument("out_dir", type=click.Path(file_okay=False, path_type=Path))
    @click.option("--screenshots", is_flag=True,
                  help="Also write a PNG beside each page (headless Chromium, /usr/bin/chromium, no network).")
    @store_options
    def report(out_dir: Path, screenshots: bool, **store):
        """Write OUT_DIR/index.html (charts, sortable tables, links) and one self-contained page per view:
        actors, co-attendance, recurrence, ego and meeting. The pages work offline."""
        from motesgraf.visualisations.report import write_report
        from motesgraf.visualisations.screenshot import BrowserMissing

        with open_from_options(**store) as graph:
            try:
                written = write_report(graph, out_dir, screenshots=screenshots)
            except BrowserMissing as error:
                raise click.ClickException(str(error)) from None
        for path in written:
            click.echo(str(path))

    return report
