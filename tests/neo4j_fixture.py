"""Session-scoped `neo4j_uri` fixture: $NEO4J_URI if set, else a bundled Neo4j on a free port.

Use it from a test module with ``from neo4j_fixture import neo4j_uri  # noqa: F401`` (tests/ is on
sys.path under pytest's default rootdir-based import mode), or import it in conftest.py.
The jars come from the shared cache (see motesgraf.graph.neo4j_server.cache_dir), so only the
first run resolves them; the server home (data, logs) is a per-session tmp dir. A server that
cannot be started FAILS the requesting test with the reason; it is never skipped.
"""

from __future__ import annotations

import os
import socket

import pytest

from motesgraf.graph import neo4j_server


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def neo4j_uri(tmp_path_factory):
    external = os.environ.get("NEO4J_URI")
    if external:
        yield external
        return
    home = tmp_path_factory.mktemp("neo4j-home")
    try:
        status = neo4j_server.start(home, free_port(), password=None)
    except neo4j_server.Neo4jServerError as exc:
        pytest.fail(f"could not start the bundled Neo4j {neo4j_server.NEO4J_VERSION}: {exc}", pytrace=False)
    try:
        yield status.uri
    finally:
        neo4j_server.stop(home)
