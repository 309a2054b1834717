"""`motesgraf neo4j start|stop|status`: a local Neo4j Community server from Maven Central jars."""

from __future__ import annotations

import os
from pathlib import Path

import click

from motesgraf.graph import neo4j_server

home_option = click.option(
    "--home", type=click.Path(file_okay=False, path_type=Path), default=None, envvar="MOTESGRAF_NEO4J_SERVER_HOME",
    help="Server home (conf/, data/, logs/, run/). Default: the jar cache, "
         "$MOTESGRAF_NEO4J_HOME or ~/.cache/motesgraf/neo4j-<version>.")


@click.group("neo4j")
def neo4j() -> None:
    """Run a local Neo4j Community server (Bolt on 127.0.0.1 only; needs java 17+ and mvn)."""


@neo4j.command()
@home_option
@click.option("--port", type=int, default=7687, show_default=True, help="Bolt port on 127.0.0.1.")
@click.option("--password-env", metavar="VAR", default=None,
              help="Name of an environment variable holding the password of user 'neo4j' (set on first "
                   "start only, over Bolt; never on a command line). Without it, authentication is disabled.")
@click.option("--tls-dir", type=click.Path(exists=True, file_okay=False, path_type=Path), default=None,
              help=f"Folder with {neo4j_server.TLS_CERT} and {neo4j_server.TLS_KEY} (PEM): Bolt then requires TLS "
                   "and the URI printed is neo4j+s://localhost:PORT.")
@click.option("--timeout", type=float, default=120, show_default=True, help="Seconds to wait for Bolt.")
def start(home: Path | None, port: int, password_env: str | None, tls_dir: Path | None, timeout: float) -> None:
    """Start the server (resolving the jars on first use) and print its Bolt URI."""
    password = None
    if password_env:
        password = os.environ.get(password_env)
        if not password:
            raise click.ClickException(f"environment variable {password_env} is not set or empty")
    try:
        st = neo4j_server.start(home, port, password=password, tls_dir=tls_dir, timeout=timeout)
    except neo4j_server.Neo4jServerError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(st.uri)


@neo4j.command()
@home_option
def stop(home: Path | None) -> None:
    """Stop the server started from HOME."""
    try:
        was_running = neo4j_server.stop(home)
    except neo4j_server.Neo4jServerError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo("stopped" if was_running else "not running")


@neo4j.command()
@home_option
def status(home: Path | None) -> None:
    """Print whether the server started from HOME is running, its URI and pid. Exit 1 if not running."""
    st = neo4j_server.status(home)
    if st.running:
        click.echo(f"running {st.uri} pid {st.pid} home {st.home}")
    else:
        click.echo(f"not running (home {st.home})")
        raise SystemExit(1)
