"""Credentials: the Neo4j password is never on a command line, in the output, in a log (even at DEBUG) or in a
file of the server home, and login works with it (and only with it).

`motesgraf neo4j start --password-env VAR` runs as a real subprocess with every logger at DEBUG while this test
polls the command line of every process on the machine (/proc/*/cmdline) for the password.
"""

from __future__ import annotations

import logging
import os
import secrets
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from neo4j import GraphDatabase

from conftest import FIXTURE_NOTES
from motesgraf.cli import main as cli
from motesgraf.graph import neo4j_server
from motesgraf.graph.build import build
from motesgraf.graph.neo4j_store import Neo4jStore
from motesgraf.graph.store import StoreError
from motesgraf.queries import run_query
from neo4j_fixture import free_port

PASSWORD_VAR = "MOTESGRAF_TEST_NEO4J_PASSWORD"
# The CLI with the root logger at DEBUG (there is no --debug flag; this is the most it could ever log).
DEBUG_CLI = "import logging; logging.basicConfig(level=logging.DEBUG); from motesgraf.cli import main; main()"


def _command_lines() -> list[bytes]:
    lines = []
    for path in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            lines.append(path.read_bytes())
        except OSError:  # the process ended meanwhile
            continue
    return lines


def _files_containing(folder: Path, needle: bytes) -> list[Path]:
    found = []
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            with open(path, "rb") as fh:
                tail = b""
                while chunk := fh.read(1 << 20):
                    if needle in tail + chunk:
                        found.append(path)
                        break
                    tail = chunk[-len(needle):]
    return found


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """Started by the real CLI in a subprocess, watched from outside while it starts."""
    folder = tmp_path_factory.mktemp("credentials")
    password = "Lösen-" + secrets.token_urlsafe(12)
    home, port = folder / "home", free_port()
    out, err = folder / "start.out", folder / "start.err"
    command = [sys.executable, "-c", DEBUG_CLI, "neo4j", "start", "--home", str(home), "--port", str(port),
               "--password-env", PASSWORD_VAR]
    leaks, server_seen = [], False
    try:
        with open(out, "wb") as stdout, open(err, "wb") as stderr:
            proc = subprocess.Popen(command, env={**os.environ, PASSWORD_VAR: password}, stdout=stdout, stderr=stderr)
            while proc.poll() is None:
                for line in _command_lines():
                    if password.encode() in line:
                        leaks.append(line.replace(b"\0", b" ").decode(errors="replace").replace(password, "<PASSWORD>"))
                    server_seen |= b"CommunityEntryPoint" in line and str(home).encode() in line
                time.sleep(0.05)
        assert proc.returncode == 0, err.read_text(errors="replace")[-2000:]
        yield {"password": password, "home": home, "uri": out.read_text().strip(), "leaks": leaks,
               "server_seen": server_seen, "output": out.read_bytes() + err.read_bytes()}
    finally:
        neo4j_server.stop(home)


def test_password_is_never_on_a_command_line(server):
    assert server["server_seen"], "the poll never saw the server's own command line, so it proves nothing"
    assert server["leaks"] == []


def test_password_is_not_in_output_debug_logs_or_server_files(server):
    output = server["output"]
    assert server["uri"].startswith("bolt://127.0.0.1:")
    assert b"ALTER CURRENT USER SET PASSWORD" in output  # the driver's DEBUG log was captured ...
    assert server["password"].encode() not in output  # ... with the password redacted
    assert _files_containing(server["home"], server["password"].encode()) == []  # conf, logs, data


def test_login_works_with_the_password_only(server):
    with GraphDatabase.driver(server["uri"], auth=("neo4j", server["password"])) as driver:
        assert driver.execute_query("RETURN 1 AS x").records[0]["x"] == 1
    for wrong in ("wrong-password-1", server["password"][:-1]):
        with pytest.raises(StoreError) as error:
            Neo4jStore(server["uri"], password=wrong)
        assert wrong not in str(error.value) and "\n" not in str(error.value)


def test_store_and_cli_never_log_the_password_at_debug(server, tmp_path, caplog, monkeypatch):
    password = server["password"]
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "note.txt").write_bytes((FIXTURE_NOTES / "13_dua_umea_vannas_nordmaling_2021.txt").read_bytes())
    caplog.set_level(logging.DEBUG)
    with Neo4jStore(server["uri"], password=password) as store:
        store.run("MATCH (n) DETACH DELETE n", read_only=False)
        build([notes], store)
        assert run_query(store, "recurring-organisations", min_meetings=1)
    monkeypatch.setenv("NEO4J_PASSWORD", password)
    result = CliRunner().invoke(cli, ["stats", "--backend", "neo4j", "--neo4j-uri", server["uri"]])
    assert result.exit_code == 0 and "Meeting" in result.output, result.output
    monkeypatch.setenv("NEO4J_PASSWORD", password + "x")
    refused = CliRunner().invoke(cli, ["stats", "--backend", "neo4j", "--neo4j-uri", server["uri"]])
    assert refused.exit_code != 0
    assert "C: LOGON" in caplog.text or "C: HELLO" in caplog.text  # the driver logged its handshakes
    for text in (caplog.text, result.output, refused.output):
        assert password not in text


def test_restart_with_another_password_is_a_clear_error_and_stops(server):
    home = server["home"]
    port = int(server["uri"].rsplit(":", 1)[1])
    neo4j_server.stop(home)
    with pytest.raises(neo4j_server.Neo4jServerError, match="not this server's") as error:
        neo4j_server.start(home, port, password="another-password-1")
    assert "another-password-1" not in str(error.value)
    assert not neo4j_server.status(home).running
