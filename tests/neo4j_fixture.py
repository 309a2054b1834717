"""Session-scoped `neo4j_uri` fixture: $NEO4J_URI if set, else a bundled Neo4j on a free port.

Use it from a test module with ``from neo4j_fixture import neo4j_uri  # noqa: F401`` (tests/ is on
sys.path under pytest's default rootdir-based import mode), or import it in conftest.py.
The jars come from the shared cache (see motesgraf.graph.neo4j_server.cache_dir), so only the
first run resolves them; the server home (data, logs) is a per-session tmp dir. A server that
cannot be started FAILS the requesting test with the reason; it is never skipped. Tests that need a server of
their own (TLS, one they kill) start it with ``bundled_neo4j``, the same way.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from motesgraf.graph import neo4j_server


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def bundled_neo4j(home: Path, port: int | None = None, **options) -> Iterator[neo4j_server.ServerStatus]:
    """The bundled Neo4j in ``home`` on ``port`` (default: a free one), started with ``options`` (as for
    ``neo4j_server.start``) and stopped afterwards; a server that cannot start fails the test with the reason."""
    try:
        status = neo4j_server.start(home, port or free_port(), **options)
    except neo4j_server.Neo4jServerError as exc:
        pytest.fail(f"could not start the bundled Neo4j {neo4j_server.NEO4J_VERSION}: {exc}", pytrace=False)
    try:
        yield status
    finally:
        neo4j_server.stop(home)


@pytest.fixture(scope="session")
def neo4j_uri(tmp_path_factory):
    external = os.environ.get("NEO4J_URI")
    if external:
        yield external
        return
    with bundled_neo4j(tmp_path_factory.mktemp("neo4j-home"), password=None) as status:
        yield status.uri
