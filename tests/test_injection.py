"""Cypher injection and script injection, on BOTH stores (embedded LadybugDB and a real Neo4j).

Documents whose text, attendee lines, titles, agenda items and FILE NAMES carry Cypher payloads are built into a
graph that already holds clean notes: the payloads are stored verbatim as data, nothing of the clean graph is
deleted, no file is read. The same payloads go in as canned-query parameters (every query), as command-line
``--param`` values, and as ad-hoc Cypher tricks on the read-only path. HTML payloads in the same places stay text
in every page of the report, in a real Chromium.
"""

from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner

from browser import browser_context, open_page  # noqa: F401  (session fixture)
from conftest import FIXTURE_NOTES
from motesgraf.cli import main as cli
from motesgraf.graph.build import build
from motesgraf.graph.export import export
from motesgraf.graph.store import ReadOnlyViolation, StoreError, open_store
from motesgraf.queries import QueryError, list_queries, run_query
from motesgraf.visualisations.report import write_report

PAYLOADS = [
    "'}) DETACH DELETE n //",
    '"}) MATCH (n) DETACH DELETE n //',
    "`}) DETACH DELETE n //`",
    "\\u0027}) DETACH DELETE n //",  # the six characters \u0027: a quote once a Cypher string unescapes it
    "$param}) DETACH DELETE n //",
    "'}) CALL dbms.security.createUser('mallory', 'x', false) //",
    "'}) LOAD CSV FROM 'file:///etc/passwd' AS l CREATE (:Leak {l: l}) //",
]
PASSWD_LINE = "root:x:0:0"  # what /etc/passwd would have put into the graph
CLEAN_NOTES = ("13_dua_umea_vannas_nordmaling_2021.txt", "12_feriejobb_skane_2017.txt")

NOTE = """Anteckningar {p}

NÄRVARANDE

Anna Berg, Ale
Bo Ek, {p}
Cecilia Lund, Kungsbacka

1. Inledning {p}

Anna berättar om samarbetet med {p} och Kungsbacka.

2. Övrigt

Bo informerar om Arbetsförmedlingen.
"""

# The ad-hoc read path must refuse (or fail on) every one of these, on both stores.
READ_ONLY_TRICKS = [
    "MATCH (n) DETACH DELETE n",
    "MATCH (n) /* only reading */ DETACH DELETE n",
    "MATCH (n) // it's a read\n DETACH DELETE n // '",
    "RETURN 1 // it's\n; MATCH (n) DETACH DELETE n // '",  # a quote in a comment hiding a second statement
    "RETURN '// x' AS a; MATCH (n) DETACH DELETE n",
    "RETURN 1 AS x; MATCH (n) DETACH DELETE n",
    "MATCH (n) CALL { WITH n DETACH DELETE n } RETURN count(*) AS c",
    "CALL { MATCH (n) DETACH DELETE n } RETURN 1 AS x",
    "MATCH (n) DETACH DEL\\u0045TE n",
    "MERGE (n:Topic {key: 'topic:injected', name: 'x'}) RETURN n.key AS k",
    "MATCH (n:Person) SET n.name = 'x' RETURN count(n) AS c",
    "LOAD CSV FROM 'file:///etc/passwd' AS line RETURN line",
    "LOAD FROM '/etc/passwd' (header=false, delim=':') RETURN *",
    "// it's\nLOAD FROM '/etc/passwd' (header=false, delim=':') RETURN * // '",
    "CALL apoc.periodic.iterate('MATCH (n) RETURN n', 'DETACH DELETE n', {batchSize: 10}) YIELD batches RETURN batches",
    "CALL apoc.cypher.runWrite('MATCH (n) DETACH DELETE n', {}) YIELD value RETURN value",
    "CALL db.createLabel('Injected')",
    "CALL dbms.security.createUser('mallory', 'secret-secret', false)",
    "CREATE USER mallory SET PASSWORD 'secret-secret' CHANGE NOT REQUIRED",
    "USE system CREATE USER mallory SET PASSWORD 'secret-secret' CHANGE NOT REQUIRED",
    "CALL threads=1",
    "ATTACH '/tmp/motesgraf-other.lbug' AS other (dbtype lbug)",
    "EXPORT DATABASE '/tmp/motesgraf-export'",
]


def _file_name(index: int, payload: str) -> str:
    return f"2022-0{index + 1}-1{index} {payload.replace('/', '')}.txt"  # a file name cannot hold '/'


@pytest.fixture(scope="module")
def folders(tmp_path_factory):
    clean, hostile = tmp_path_factory.mktemp("clean"), tmp_path_factory.mktemp("hostile")
    for name in CLEAN_NOTES:
        shutil.copy(FIXTURE_NOTES / name, clean / name)
    for index, payload in enumerate(PAYLOADS):
        (hostile / _file_name(index, payload)).write_text(NOTE.format(p=payload), encoding="utf-8")
    return clean, hostile


class Target:
    """Where a graph lives, so each test (and the command line) opens it the way a user would."""

    def __init__(self, backend: str, location: str):
        self.backend, self.location = backend, location

    def open(self):
        if self.backend == "embedded":
            return open_store("embedded", data_dir=self.location)
        return open_store("neo4j", uri=self.location)

    def cli_args(self) -> list[str]:
        if self.backend == "embedded":
            return ["--data-dir", self.location]
        return ["--backend", "neo4j", "--neo4j-uri", self.location]


def _snapshot(store) -> tuple:
    keys = sorted(row["k"] for row in store.run("MATCH (n) RETURN n.key AS k"))
    return store.stats().text(), keys


@pytest.fixture(scope="module", params=["embedded", "neo4j"])
def target(request, folders, tmp_path_factory):
    """The clean notes alone (snapshot kept), then the hostile ones added."""
    clean, hostile = folders
    if request.param == "embedded":
        target = Target("embedded", str(tmp_path_factory.mktemp("injection-data")))
    else:
        target = Target("neo4j", request.getfixturevalue("neo4j_uri"))
    with target.open() as store:
        if target.backend == "neo4j":
            store.run("MATCH (n) DETACH DELETE n", read_only=False)  # other modules share the server
        build([clean], store)
        target.clean = _snapshot(store)
        report = build([clean, hostile], store)
        assert report.added == len(PAYLOADS) and not report.failed
        target.full = _snapshot(store)
    return target


# ------------------------------------------------------------------ payloads in documents

def test_payloads_in_documents_are_stored_verbatim(target, folders):
    with target.open() as store:
        for payload in PAYLOADS:
            for cypher, value in [("MATCH (m:Meeting) WHERE m.title = $v RETURN count(m) AS c", f"Anteckningar {payload}"),
                                  ("MATCH (i:AgendaItem) WHERE i.title = $v RETURN count(i) AS c", f"Inledning {payload}")]:
                assert store.run(cypher, {"v": value}) == [{"c": 1}], (payload, value)
        paths = {row["p"] for row in store.run("MATCH (d:Document) RETURN d.path AS p")}
        assert {str(folders[1] / _file_name(i, p)) for i, p in enumerate(PAYLOADS)} <= paths
        evidence = [row["e"] for row in store.run("MATCH ()-[r:PRESENTED]->() RETURN r.evidence AS e")]
        for payload in PAYLOADS:
            assert any(f"samarbetet med {payload} och" in e for e in evidence), payload


def test_nothing_of_the_clean_graph_is_deleted_and_no_file_is_read(target, tmp_path):
    clean_stats, clean_keys = target.clean
    full_stats, full_keys = target.full
    assert set(clean_keys) < set(full_keys)
    with target.open() as store:
        assert _snapshot(store) == target.full
        assert not store.run("MATCH (n:Person) WHERE n.name = $v RETURN n.key AS k", {"v": "mallory"})
        export(store, "json", tmp_path / "graph.json")
    text = (tmp_path / "graph.json").read_text(encoding="utf-8")
    assert PASSWD_LINE not in text and '"Leak"' not in text
    assert all(json.dumps(payload, ensure_ascii=False)[1:-1] in text for payload in PAYLOADS)


def test_payload_named_entities_are_found_as_data(target):
    """Agenda titles become topics, so some topics are named by a payload; a canned query finds them by name."""
    with target.open() as store:
        topics = [row["n"] for row in store.run("MATCH (t:Topic) RETURN t.name AS n") if "DETACH" in row["n"]]
        assert len(topics) >= 3
        for topic in topics:
            assert run_query(store, "mentions-of", name=topic), topic


# ------------------------------------------------------------------ payloads as query parameters

def test_every_canned_query_with_payload_parameters_cannot_write(target):
    with target.open() as store:
        ran = 0
        for query in list_queries():
            for payload in PAYLOADS:
                params = {p.name: payload for p in query.params if p.type == "string"}
                if not params:
                    params = {p.name: payload for p in query.params}  # an int/bool given a payload
                try:
                    run_query(store, query.name, **params)
                    ran += 1
                except QueryError as error:
                    assert "expects" in str(error), (query.name, str(error))
        assert ran >= 7 * len(PAYLOADS)  # the string-parameter queries really ran
        assert _snapshot(store) == target.full


def test_cli_param_values_and_keys_are_data(target):
    runner = CliRunner()
    for payload in PAYLOADS:
        result = runner.invoke(cli, ["query", "--cypher", "MATCH (i:AgendaItem) WHERE i.title = $t RETURN count(i) AS c",
                                     "--param", f"t=Inledning {payload}", "--format", "json", *target.cli_args()])
        assert result.exit_code == 0, result.output
        assert json.loads(result.output) == [{"c": 1}]
        result = runner.invoke(cli, ["query", "person-history", "--param", f"name={payload}", "--format", "json",
                                     *target.cli_args()])
        assert result.exit_code == 0 and json.loads(result.output) == [], result.output
    result = runner.invoke(cli, ["query", "person-history", "--param", f"{PAYLOADS[0]}=x", *target.cli_args()])
    assert result.exit_code != 0 and "has no parameter" in result.output
    with target.open() as store:
        assert _snapshot(store) == target.full


# ------------------------------------------------------------------ the ad-hoc read-only path

@pytest.mark.parametrize("cypher", READ_ONLY_TRICKS)
def test_ad_hoc_tricks_are_refused_read_only(target, cypher):
    with target.open() as store:
        with pytest.raises((ReadOnlyViolation, StoreError)):
            store.run(cypher)
        assert _snapshot(store) == target.full
        if target.backend == "neo4j":
            users = store.driver.execute_query("SHOW USERS YIELD user RETURN user", database_="system").records
            assert [record["user"] for record in users] == ["neo4j"]


def test_cli_ad_hoc_trick_is_refused_unless_write(target):
    runner = CliRunner()
    for cypher in ("MATCH (n) // it's\n DETACH DELETE n // '", "RETURN 1 // it's\n; MATCH (n) DETACH DELETE n // '"):
        result = runner.invoke(cli, ["query", "--cypher", cypher, *target.cli_args()])
        assert result.exit_code != 0 and ("refused" in result.output or "error" in result.output.lower()), result.output
    with target.open() as store:
        assert _snapshot(store) == target.full


# ------------------------------------------------------------------ removing the hostile documents

def test_pruning_the_hostile_documents_leaves_exactly_the_clean_graph(target, folders):
    with target.open() as store:
        report = build([folders[0]], store, prune=True)
        assert report.removed == len(PAYLOADS)
        assert _snapshot(store) == target.clean
        build(list(folders), store)  # back to the full graph for any later test
        assert _snapshot(store) == target.full


# ------------------------------------------------------------------ HTML payloads in the report

HTML_PAYLOADS = ["<img src=x onerror=alert(1)>", "\"><svg onload=alert(2)>", "'><b onmouseover=alert(3)>b</b>",
                 "javascript:alert(4)"]


def test_html_payloads_in_file_names_titles_and_text_stay_text(browser_context, tmp_path):
    notes = tmp_path / "notes"
    notes.mkdir()
    for index, payload in enumerate(HTML_PAYLOADS):
        note = NOTE.format(p=payload).replace("Anna Berg, Ale", f"Anna Berg, Ale\nDan {payload} Ström, GR")
        (notes / _file_name(index, payload)).write_text(note, encoding="utf-8")
    out = tmp_path / "report"
    with open_store("embedded", data_dir=tmp_path / "data") as store:
        build([notes], store)
        assert store.run("MATCH (m:Meeting) RETURN count(m) AS c") == [{"c": len(HTML_PAYLOADS)}]
        write_report(store, out)
    shown = ""
    for html in sorted(out.glob("*.html")):
        page = open_page(browser_context, html)
        if html.name == "index.html":
            for header in page.locator("table.sortable th").all():  # sorting rebuilds the rows
                header.click()
                header.click()
        else:
            for query in ("Inledning", "Anteckningar", "Anna", "Ale"):  # opens the details panel with evidence
                page.evaluate("q => window.motesgraf.search(q)", query)
            box = page.locator("#network").bounding_box()
            for x in range(20, int(box["width"]), 60):  # raise tooltips
                for y in range(20, int(box["height"]), 60):
                    page.mouse.move(box["x"] + x, box["y"] + y)
        page.wait_for_timeout(100)
        assert page.dialogs == [] and page.problems == [], (html.name, page.dialogs, page.problems)
        for selector in ("[onerror]", "[onload]", "[onmouseover]", "img", "a[href^='javascript:']"):
            assert page.locator(selector).count() == 0, (html.name, selector)
        shown += page.inner_text("body")
        page.close()
    for payload in HTML_PAYLOADS:
        assert f"Anteckningar {payload}" in shown, payload  # the meeting title is shown, as text
