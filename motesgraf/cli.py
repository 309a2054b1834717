"""The `motesgraf` command: a thin Click layer over the Python API."""

from __future__ import annotations

import json
import sys
import textwrap
from contextlib import contextmanager
from pathlib import Path

import click

from motesgraf.extraction.evaluate import evaluate as evaluate_records
from motesgraf.extraction.evaluate import format_report
from motesgraf.extraction.review import record_decision, summarise_review

from motesgraf.graph.build import FILE_HASHES, build as build_graph
from motesgraf.graph.checksum import checksum
from motesgraf.graph.export import FORMATS, export as export_graph
from motesgraf.graph.pseudonymise import pseudonymised
from motesgraf.graph.store import BACKENDS, DEFAULT_DATA_DIR, StoreError, open_store

from motesgraf.extraction.reading import one_line

from .extract import default_jobs, extract_paths
from .failures import OneLineErrors, configure_logging, exit_code, skipped_summary
from .neo4j_cli import neo4j
from .privacy_cli import add_privacy_commands, pseudonymise_option
from .progress import echo_error, progress_option
from .queries_cli import add_query_commands
from .report_cli import add_report_commands

DEFAULT_LEXICON_DIR = Path("motesgraf-data") / "lexicon"

lexicon_option = click.option(
    "--lexicon-dir", type=click.Path(file_okay=False, path_type=Path), envvar="MOTESGRAF_LEXICON_DIR",
    default=DEFAULT_LEXICON_DIR, show_default=True,
    help="Your additions to the lexicons and your review decisions (created when needed).")

jobs_option = click.option(
    "--jobs", "-j", type=click.IntRange(min=1), default=default_jobs, show_default="number of CPUs, at most 8",
    help="Extract on this many processes (1: in this process). Output is the same for any number.")


def store_options(command):
    """--backend and the connection options every graph command takes. Credentials come from the environment
    or these options and are never printed."""
    options = [
        click.option("--backend", type=click.Choice(BACKENDS), default="embedded", show_default=True,
                     envvar="MOTESGRAF_BACKEND", help="embedded: LadybugDB in --data-dir, no server; neo4j: a Neo4j server."),
        click.option("--data-dir", type=click.Path(file_okay=False, path_type=Path), default=DEFAULT_DATA_DIR,
                     envvar="MOTESGRAF_DATA_DIR", show_default=True, help="Where the embedded store keeps its data."),
        click.option("--neo4j-uri", envvar="NEO4J_URI", default="bolt://127.0.0.1:7687", show_default=True,
                     help="bolt://, neo4j:// (cluster routing) or neo4j+s:// (TLS). Env: NEO4J_URI."),
        click.option("--neo4j-user", envvar="NEO4J_USER", default="neo4j", show_default=True, help="Env: NEO4J_USER."),
        click.option("--neo4j-password", envvar="NEO4J_PASSWORD", default=None,
                     help="Env: NEO4J_PASSWORD (prefer the environment: options show in process lists)."),
        click.option("--neo4j-database", envvar="NEO4J_DATABASE", default=None, help="Env: NEO4J_DATABASE."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _open(backend, data_dir, neo4j_uri, neo4j_user, neo4j_password, neo4j_database):
    try:
        return open_store(backend, data_dir=data_dir, uri=neo4j_uri, user=neo4j_user, password=neo4j_password,
                          database=neo4j_database)
    except StoreError as error:
        raise click.ClickException(str(error)) from None


@click.group(cls=OneLineErrors)
@click.version_option(package_name="motesgraf")
@click.option("--debug", is_flag=True, help="Show tracebacks and debug logging (which may quote the notes).")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """Turn Swedish meeting notes into a knowledge graph of actors and topics.

    Exit codes: 0 every file went in, 3 some files were skipped, 1 nothing could be read or a fatal error."""
    ctx.ensure_object(dict)["debug"] = debug
    configure_logging(debug)  # with --debug, logging.getLogger("motesgraf…").isEnabledFor(logging.DEBUG)


@main.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "output_format", type=click.Choice(["jsonl", "json"]), default="jsonl", show_default=True,
              help="jsonl: one JSON object per document, in input order; json: one array.")
@click.option("--date", "meeting_date", metavar="YYYY-MM-DD", help="Meeting date, overriding what the notes say.")
@lexicon_option
@jobs_option
@progress_option
def extract(inputs: tuple[Path, ...], output_format: str, meeting_date: str | None, lexicon_dir: Path, jobs: int,
            progress: bool | None) -> None:
    """Extract attendees, agenda, entities and relations from FILE_OR_DIR... (.txt, .md, .docx, .pdf)."""
    records = extract_paths(inputs, lexicon_dir=_existing(lexicon_dir), date=meeting_date, jobs=jobs,
                            progress=progress, on_error=_report)
    if output_format == "json":
        _echo_json_array(records)
    else:
        for record in records:
            click.echo(json.dumps(record, ensure_ascii=False))
    _exit_for(records.succeeded, records.failed)


def _echo_json_array(records) -> None:
    """The text of json.dumps(list(records), indent=2), written one record at a time so memory stays bounded."""
    separator = "[\n"
    for record in records:
        # JSON escapes newlines inside strings, so every line of the dump is one line to indent
        click.echo(separator + textwrap.indent(json.dumps(record, ensure_ascii=False, indent=2), "  "), nl=False)
        separator = ",\n"
    click.echo("[]" if separator == "[\n" else "\n]")


@main.command()
@click.argument("gold_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@lexicon_option
@jobs_option
@progress_option
def evaluate(gold_dir: Path, inputs: tuple[Path, ...], lexicon_dir: Path, jobs: int, progress: bool | None) -> None:
    """Precision, recall and F1 per category against gold annotations in GOLD_DIR."""
    records = extract_paths(inputs, lexicon_dir=_existing(lexicon_dir), jobs=jobs, progress=progress,
                            on_error=_report)
    scores, warnings = evaluate_records(gold_dir, records)
    for warning in warnings:
        click.echo(f"warning: {warning}", err=True)
    click.echo(format_report(scores))
    _exit_for(records.succeeded, records.failed)


@main.command()
@click.argument("inputs", nargs=-1, type=click.Path(path_type=Path))
@click.option("--accept", "accepted", multiple=True, metavar="NAME[=TYPE]",
              help="Add NAME to your lexicon as TYPE (Organisation, default, or Topic). Repeatable.")
@click.option("--reject", "rejected", multiple=True, metavar="NAME", help="Never suggest NAME again. Repeatable.")
@lexicon_option
@jobs_option
@progress_option
def review(inputs: tuple[Path, ...], accepted: tuple[str, ...], rejected: tuple[str, ...], lexicon_dir: Path,
           jobs: int, progress: bool | None) -> None:
    """Names and acronyms the pipeline saw in FILE_OR_DIR... but could not type; accept or reject them.

    Decisions are written to LEXICON_DIR/decisions.yaml and apply from the next run on.
    """
    for item in accepted:
        name, _, kind = item.partition("=")
        record_decision(lexicon_dir, "accepted", name.strip(), kind.strip() or "Organisation")
        click.echo(f"accepted: {name.strip()}")
    for name in rejected:
        record_decision(lexicon_dir, "rejected", name.strip())
        click.echo(f"rejected: {name.strip()}")
    if not inputs:
        return
    records = extract_paths(inputs, lexicon_dir=_existing(lexicon_dir), jobs=jobs, progress=progress,
                            on_error=_report)
    for line in summarise_review(records):
        click.echo(line)
    _exit_for(records.succeeded, records.failed)


@main.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--prune", is_flag=True, help="Remove documents that are no longer under FILE_OR_DIR.")
@lexicon_option
@jobs_option
@progress_option
@store_options
def build(inputs, prune, lexicon_dir, jobs, progress, **store):
    """Extract FILE_OR_DIR... into the graph; only new or changed documents are processed."""
    with _open(**store) as graph, _store_errors():
        # the directory even before it exists: a `forget` meanwhile creates its forgotten.yaml, which the build honours
        report = build_graph(inputs, graph, prune=prune, lexicon_dir=lexicon_dir, jobs=jobs,
                             hash_cache=store["data_dir"] / FILE_HASHES, progress=progress, on_error=_report)
        click.echo(report.summary())
        click.echo(graph.stats().text())
    _exit_for(report.added + report.changed + report.unchanged, report.failed)


@main.command()
@click.option("--format", "fmt", type=click.Choice(FORMATS), required=True)
@click.argument("out", type=click.Path(path_type=Path))
@pseudonymise_option
@store_options
def export(fmt, out, pseudonymise, **store):
    """Write the graph to OUT: graphml, gexf (Gephi), json, or csv (a folder for `neo4j-admin database import`)."""
    with _open(**store) as graph:
        source = pseudonymised(graph, store["data_dir"]) if pseudonymise else graph
        for path in export_graph(source, fmt, out):
            click.echo(str(path))


@main.command()
@click.option("--checksum", "with_checksum", is_flag=True,
              help="Also print a checksum over every node and relationship with their properties (compare stores).")
@store_options
def stats(with_checksum, **store):
    """Node counts per label and relationship counts per type."""
    with _open(**store) as graph, _store_errors():
        click.echo(graph.stats().text())
        if with_checksum:
            click.echo(f"checksum {checksum(graph)}")


@contextmanager
def _store_errors():
    """A store that fails mid-command (a Neo4j server gone, a store busy) is one line and exit 1, no traceback."""
    try:
        yield
    except StoreError as error:
        raise click.ClickException(str(error)) from None


main.add_command(neo4j)
add_query_commands(main, store_options, _open)
add_report_commands(main, store_options, _open)
add_privacy_commands(main, store_options, _open, lexicon_option)


def _report(message: str) -> None:
    echo_error(f"error: {one_line(message)}")


def _existing(directory: Path) -> Path | None:
    return directory if directory.is_dir() else None


def _exit_for(ingested: int, failed: list[str]) -> None:
    """Each skipped file already got its one-line error; say what was skipped and exit 0, 3 or 1."""
    if failed:
        echo_error(skipped_summary(ingested + len(failed), failed))
    sys.exit(exit_code(ingested, failed))


if __name__ == "__main__":  # pragma: no cover
    main()
