"""`--pseudonymise` on export (every format) and report (every page, in real Chromium): no real name of the sample
notes is left, the pseudonyms are stable across runs, files and backends, and the graph's structure is unchanged."""

import html
import json
import re

import networkx as nx
import pytest
from click.testing import CliRunner

from browser import browser_context, open_page  # noqa: F401  (session fixture)
from gold_names import found_in, gold_names, surnames
from motesgraf.cli import main
from motesgraf.graph.build import build
from motesgraf.graph.export import FORMATS, export
from motesgraf.graph.pseudonymise import pseudonymised
from motesgraf.graph.store import open_store
from motesgraf.visualisations.report import write_report

PSEUDONYM = re.compile(r"Person [0-9A-F]{8,64}")


def _run(*args):
    result = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="module")
def data(shared_dir, tmp_path_factory):
    data = tmp_path_factory.mktemp("data")
    _run("build", shared_dir / "samples", "--data-dir", data, "--jobs", 1)
    return data


@pytest.fixture(scope="module")
def names(shared_dir):
    full = gold_names(shared_dir)
    return full + surnames(full)


def _text_of(path) -> str:
    files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    return "\n".join(html.unescape(p.read_text(encoding="utf-8")) for p in files)


def _export_all(data, out, *extra):
    for fmt in FORMATS:
        _run("export", "--format", fmt, out / f"graph.{fmt}", "--data-dir", data, *extra)


def test_exports_hold_no_real_names_and_the_same_structure(data, names, tmp_path):
    plain, pseudo = tmp_path / "plain", tmp_path / "pseudo"
    plain.mkdir(), pseudo.mkdir()
    _export_all(data, plain)
    _export_all(data, pseudo, "--pseudonymise")
    assert len(found_in(_text_of(plain), names)) > 30  # the search finds them where they are
    for fmt in FORMATS:
        assert found_in(_text_of(pseudo / f"graph.{fmt}"), names) == [], fmt
    real, masked = (nx.read_graphml(folder / "graph.graphml") for folder in (plain, pseudo))
    assert (real.number_of_nodes(), real.number_of_edges()) == (masked.number_of_nodes(), masked.number_of_edges())
    persons = [d["name"] for _, d in masked.nodes(data=True) if d["label"] == "Person"]
    assert persons and all(PSEUDONYM.fullmatch(name) for name in persons)
    assert len(set(persons)) == len(persons)  # distinct people stay distinct
    evidence = json.loads((pseudo / "graph.json").read_text())["relationships"]
    assert any(PSEUDONYM.match(r["evidence"] or "") for r in evidence if r["type"] == "PRESENTED")


def test_pseudonyms_are_stable_across_runs_and_formats(data, tmp_path):
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir(), second.mkdir()
    _export_all(data, first, "--pseudonymise")
    _export_all(data, second, "--pseudonymise")
    for fmt in ("json", "graphml", "gexf"):
        assert (first / f"graph.{fmt}").read_bytes() == (second / f"graph.{fmt}").read_bytes()
    in_json = set(PSEUDONYM.findall(_text_of(first / "graph.json")))
    assert in_json == set(PSEUDONYM.findall(_text_of(first / "graph.csv"))) == set(
        PSEUDONYM.findall(_text_of(first / "graph.gexf")))


def test_neo4j_gives_the_same_pseudonymised_export(data, shared_dir, neo4j_uri, tmp_path):
    with open_store("neo4j", uri=neo4j_uri) as neo4j, open_store("embedded", data_dir=data) as embedded:
        neo4j.run("MATCH (n) DETACH DELETE n", read_only=False)
        build([shared_dir / "samples"], neo4j)
        for name, store in (("neo4j", neo4j), ("embedded", embedded)):
            export(pseudonymised(store, data), "json", tmp_path / f"{name}.json")
    from_neo4j = json.loads((tmp_path / "neo4j.json").read_text())
    assert from_neo4j == json.loads((tmp_path / "embedded.json").read_text())
    assert any(PSEUDONYM.fullmatch(n.get("name") or "") for n in from_neo4j["nodes"])


def test_report_pages_show_no_real_names_in_chromium(data, names, tmp_path, browser_context):  # noqa: F811
    plain = tmp_path / "plain"
    with open_store("embedded", data_dir=data) as store:
        write_report(store, plain)
    assert found_in(_text_of(plain), names)
    out = tmp_path / "report"
    _run("report", out, "--pseudonymise", "--data-dir", data)
    assert found_in(_text_of(out), names) == []
    assert (_stats_block(_text_of(plain / "index.html")) == _stats_block(_text_of(out / "index.html")))
    for page_file in sorted(out.glob("*.html")):
        page = open_page(browser_context, page_file)
        shown = page.inner_text("body")
        data_text = page.evaluate("() => { const d = document.getElementById('motesgraf-data');"
                                  " return d ? JSON.stringify(JSON.parse(d.textContent)) : ''; }")
        assert found_in(shown + data_text, names) == [], page_file.name
        assert page.problems == [], page.problems
        if page_file.name == "actors.html":
            assert PSEUDONYM.search(data_text)
        page.close()


def _stats_block(text: str) -> list[str]:
    """The node and relationship counts the index page prints."""
    return re.findall(r"^\s+[A-Z_a-z]+\s+\d+$", text, re.M)


def test_colliding_pseudonyms_are_told_apart(monkeypatch):
    from motesgraf.graph import pseudonymise as module

    monkeypatch.setattr(module, "PSEUDONYM_DIGITS", 1)  # 16 values for 40 people: collisions are certain
    people = [{"key": f"person:p{i}", "name": f"Anna Testsson{i}"} for i in range(40)]
    pseudonymiser = module.Pseudonymiser(b"secret", people, set())
    pseudonyms = [pseudonymiser.name(person["name"]) for person in people]
    assert len(set(pseudonyms)) == len(people)
    assert any(len(p) == len("Person ") + 1 for p in pseudonyms)  # the ones that did not collide stay short
