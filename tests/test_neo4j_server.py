"""A real Neo4j Community server from Maven Central jars: start, Cypher round trip, idempotency, stop.

Slow the first time on a machine (mvn resolves ~120 MB of jars into the shared cache; CI pre-fetches
them with `python -m motesgraf.graph.neo4j_server --prefetch`), then about 10 s per server start.
"""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from neo4j import GraphDatabase

from motesgraf.graph import neo4j_server
from motesgraf.neo4j_cli import neo4j as neo4j_group
from neo4j_fixture import free_port, neo4j_uri  # noqa: F401 - the shared fixture


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    home = tmp_path_factory.mktemp("neo4j-server-test")
    try:
        status = neo4j_server.start(home, free_port())
    except neo4j_server.Neo4jServerError as exc:
        pytest.fail(f"could not start the bundled Neo4j: {exc}", pytrace=False)
    yield status
    neo4j_server.stop(home)


def test_lifecycle(server):
    home = server.home
    assert server.running and server.uri.startswith("bolt://127.0.0.1:")
    assert neo4j_server.status(home) == server

    with GraphDatabase.driver(server.uri, auth=None) as driver:
        assert driver.execute_query("RETURN 1 AS x").records[0]["x"] == 1
        driver.execute_query("CREATE (:Actor {name: $name})", name="Kommunstyrelsen")
        records = driver.execute_query("MATCH (a:Actor) RETURN a.name AS name").records
        assert [r["name"] for r in records] == ["Kommunstyrelsen"]

    again = neo4j_server.start(home, int(server.uri.rsplit(":", 1)[1]))
    assert again.pid == server.pid and again.running

    result = CliRunner().invoke(neo4j_group, ["status", "--home", str(home)])
    assert result.exit_code == 0 and server.uri in result.output

    assert neo4j_server.stop(home) is True
    after = neo4j_server.status(home)
    assert not after.running and after.pid is None and after.uri is None
    assert neo4j_server.stop(home) is False
    result = CliRunner().invoke(neo4j_group, ["status", "--home", str(home)])
    assert result.exit_code == 1 and "not running" in result.output


def test_port_in_use_is_a_clear_error(tmp_path):
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        with pytest.raises(neo4j_server.Neo4jServerError, match="already in use"):
            neo4j_server.start(tmp_path / "home", port)


def test_conf_is_loopback_only_without_http(tmp_path):
    conf = neo4j_server._write_conf(tmp_path, 17999, auth=False) / "neo4j.conf"
    text = conf.read_text()
    assert "server.bolt.listen_address=127.0.0.1:17999" in text
    assert "server.http.enabled=false" in text and "dbms.security.auth_enabled=false" in text
    assert "dbms.usage_report.enabled=false" in text


def test_neo4j_uri_fixture(neo4j_uri):
    with GraphDatabase.driver(neo4j_uri, auth=None) as driver:
        assert driver.execute_query("RETURN 'ok' AS s").records[0]["s"] == "ok"


def _setting(uri: str, name: str) -> str:
    with GraphDatabase.driver(uri, auth=None) as driver:
        records = driver.execute_query("SHOW SETTINGS YIELD name, value WHERE name = $name RETURN value",
                                       name=name).records
    return records[0]["value"]


def test_memory_comes_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("MOTESGRAF_NEO4J_HEAP", "384m")
    monkeypatch.setenv("MOTESGRAF_NEO4J_PAGECACHE", "48m")
    home = tmp_path / "home"
    try:
        status = neo4j_server.start(home, free_port())
    except neo4j_server.Neo4jServerError as exc:
        pytest.fail(f"could not start the bundled Neo4j: {exc}", pytrace=False)
    try:
        assert _setting(status.uri, "server.memory.pagecache.size") == "48.00MiB"
        assert _setting(status.uri, "server.memory.heap.max_size") == "384.00MiB"
        with GraphDatabase.driver(status.uri, auth=None) as driver:  # the JVM itself got the heap (-Xmx)
            heap = driver.execute_query("CALL dbms.queryJmx('java.lang:type=Memory') YIELD attributes "
                                        "RETURN attributes.HeapMemoryUsage.value.properties.max AS max").records
        assert heap[0]["max"] == 384 * 1024 * 1024
    finally:
        neo4j_server.stop(home)


@pytest.mark.parametrize("bad", ["lots", "1.5g", "-2g", "0m", "2 g"])
def test_a_bad_memory_size_is_one_clear_error(tmp_path, monkeypatch, bad):
    monkeypatch.setenv("MOTESGRAF_NEO4J_PAGECACHE", bad)
    with pytest.raises(neo4j_server.Neo4jServerError, match="MOTESGRAF_NEO4J_PAGECACHE=.*512m or 2g"):
        neo4j_server.start(tmp_path / "home", free_port())
    assert not (tmp_path / "home" / "run").exists()  # refused before anything was written or launched

