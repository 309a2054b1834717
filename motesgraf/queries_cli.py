"""`motesgraf queries` and `motesgraf query`: the canned Cypher queries (and ad-hoc Cypher) from the command line.

Registered on the main group by ``add_query_commands(main, store_options, open_store_from_options)``, so they
take the same store options as every other graph command.
"""

from __future__ import annotations

import csv
import io
import json

import click

TRUNCATE = 60
FORMATS = ("table", "json", "csv")


def add_query_commands(main: click.Group, store_options, open_store_from_options) -> None:
    """Define ``queries`` and ``query`` and add them to ``main``.

    ``store_options`` is the decorator adding --backend/--data-dir/--neo4j-* options; ``open_store_from_options``
    opens a store from those options' values (``_open`` in ``motesgraf.cli``).
    """

    @main.command("queries")
    def queries_command():
        """List the canned queries with their descriptions and parameters."""
        from motesgraf.queries import list_queries

        for query in list_queries():
            click.echo(query.name)
            click.echo(f"    {query.description}")
            for param in query.params:
                click.echo(f"    --param {param.signature()}" + (f"  {param.help}" if param.help else ""))
            click.echo(f"    returns: {', '.join(query.returns)}")

    @main.command("query")
    @click.argument("name", required=False)
    @click.option("--param", "params", multiple=True, metavar="KEY=VALUE",
                  help="A parameter of the query (repeatable); converted to the type the query declares.")
    @click.option("--cypher", default=None, metavar="TEXT", help="Run this ad-hoc Cypher instead of a canned query.")
    @click.option("--write", is_flag=True, help="Allow the ad-hoc --cypher to write (canned queries never write).")
    @click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
                  help="table: aligned columns; json: a list of row objects; csv: header and rows.")
    @store_options
    def query_command(name, params, cypher, write, fmt, **store):
        """Run the canned query NAME (see `motesgraf queries`), or --cypher TEXT, read-only."""
        from motesgraf.graph.store import ReadOnlyViolation, StoreError
        from motesgraf.queries import QueryError, get_query, run_query

        if bool(name) == bool(cypher):
            raise click.UsageError("give either a query NAME or --cypher TEXT")
        if write and not cypher:
            raise click.UsageError("--write applies only to ad-hoc --cypher; canned queries are read-only")
        values = {}
        for item in params:
            key, sep, value = item.partition("=")
            if not sep or not key.strip():
                raise click.UsageError(f"--param {item!r}: expected KEY=VALUE")
            values[key.strip()] = value
        try:
            if name:
                get_query(name).bind(values)  # fail on bad parameters before opening a store
            elif values:
                values = {k: _literal(v) for k, v in values.items()}
        except QueryError as error:
            raise click.ClickException(str(error)) from None
        with open_store_from_options(**store) as graph:
            try:
                if name:
                    rows = run_query(graph, name, **values)
                else:
                    rows = graph.run(cypher, values, read_only=not write)
            except ReadOnlyViolation:
                raise click.ClickException("refused: this query writes to the graph, and queries run read-only "
                                           "(pass --write with --cypher to allow an ad-hoc write)") from None
            except (QueryError, StoreError) as error:
                raise click.ClickException(str(error).splitlines()[0] if str(error) else type(error).__name__) from None
        click.echo(format_rows(rows, fmt), nl=False)

    return None


def _literal(value: str):
    """An ad-hoc --param value: an integer, true/false, or else the string itself."""
    text = value.strip()
    if text.lower() in ("true", "false"):
        return text.lower() == "true"
    try:
        return int(text)
    except ValueError:
        return value


def format_rows(rows: list[dict], fmt: str = "table") -> str:
    """Rows as ``table`` (aligned, values cut to about 60 characters, lists joined with ", "), ``json`` or ``csv``."""
    if fmt == "json":
        return json.dumps(rows, ensure_ascii=False, indent=2, default=str) + "\n"
    columns = _columns(rows)
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow([_cell(row.get(column), None) for column in columns])
        return buffer.getvalue()
    if not rows:
        return "(no rows)\n"
    cells = [[_cell(row.get(column), TRUNCATE) for column in columns] for row in rows]
    widths = [max(len(column), *(len(line[i]) for line in cells)) for i, column in enumerate(columns)]
    lines = ["  ".join(column.ljust(widths[i]) for i, column in enumerate(columns)).rstrip(),
             "  ".join("-" * width for width in widths)]
    lines += ["  ".join(value.ljust(widths[i]) for i, value in enumerate(line)).rstrip() for line in cells]
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines) + "\n"


def _columns(rows: list[dict]) -> list[str]:
    columns: list[str] = []
    for row in rows:
        for column in row:
            if column not in columns:
                columns.append(column)
    return columns


def _cell(value, limit: int | None) -> str:
    if value is None:
        text = ""
    elif isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, (list, tuple)):
        text = ", ".join(_cell(item, None) for item in value)
    elif isinstance(value, dict):
        text = json.dumps(value, ensure_ascii=False, default=str)
    else:
        text = str(value)
    if limit is not None:
        text = " ".join(text.split())  # one line per row in a table
        if len(text) > limit:
            text = text[:limit - 1] + "…"
    return text
