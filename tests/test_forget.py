"""`motesgraf forget "Full Name"`: the person, their relationships and every stored text naming them are gone
from the embedded store's files and from a real Neo4j, other people are untouched, and later builds of the same
notes leave the person out."""

import json

import pytest
import yaml
from click.testing import CliRunner

from corpus_fixture import finish, start
from gold_names import found_in
from motesgraf.cli import main
from motesgraf.graph.build import build
from motesgraf.graph.export import read_nodes, read_relationships
from motesgraf.graph.forget import PersonNotFound, Suppression, forget
from motesgraf.graph.store import open_store

FORGOTTEN = "Linda Karlsson"  # in both sample notes: attendee, minute taker, presenter ("Linda ger en rapport")
TRACES = ["Linda Karlsson", "Karlsson", "Linda"]  # gold: every "Linda" in the samples is her
KEPT = "Per Överberg"


def _run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture()
def built(shared_dir, tmp_path):
    data, lexicon = tmp_path / "data", tmp_path / "lexicon"
    result = _run("build", shared_dir / "samples", "--data-dir", data, "--lexicon-dir", lexicon, "--jobs", 1)
    assert result.exit_code == 0, result.output
    return data, lexicon


def _graph(data_dir):
    with open_store("embedded", data_dir=data_dir) as store:
        return read_nodes(store), read_relationships(store), store.stats()


def _raw_bytes(directory) -> str:
    return "\n".join(p.read_bytes().decode("utf-8", "replace") for p in sorted(directory.rglob("*")) if p.is_file())


def test_forget_leaves_no_trace_in_the_embedded_store_files(built):
    data, lexicon = built
    assert found_in(_raw_bytes(data), TRACES) == TRACES  # the search can find them before
    nodes_before, rels_before, stats_before = _graph(data)
    lexicon.mkdir()
    (lexicon / "decisions.yaml").write_text(yaml.safe_dump(
        {"accepted": [{"name": "GR", "type": "Organisation"}], "rejected": ["Linda Karlsson GR", "LOKA"]}))

    result = _run("forget", "linda  KARLSSON", "--data-dir", data, "--lexicon-dir", lexicon)

    assert result.exit_code == 0, result.output
    assert result.output.count("\n") == 1 and "1 person(s)" in result.output and "1 review decision(s)" in result.output
    assert not found_in(result.output, TRACES)  # the confirmation echoes no more than was typed
    assert found_in(_raw_bytes(data), TRACES) == []  # database file, WAL, caches: no bytes left
    assert found_in(_raw_bytes(lexicon), TRACES) == []
    assert yaml.safe_load((lexicon / "decisions.yaml").read_text()) == {
        "accepted": [{"name": "GR", "type": "Organisation"}], "rejected": ["LOKA"]}
    nodes, rels, stats = _graph(data)
    assert stats.nodes["Person"] == stats_before.nodes["Person"] - 1
    # every relationship not touching her is still there, the same apart from redacted text
    her = next(n["key"] for n in nodes_before if n["label"] == "Person" and n["name"] == FORGOTTEN)
    untouched = [(r["type"], r["source"], r["target"], r["meeting"], r["span_start"]) for r in rels_before
                 if her not in (r["source"], r["target"])]
    assert sorted(untouched) == sorted((r["type"], r["source"], r["target"], r["meeting"], r["span_start"])
                                       for r in rels)
    evidence = [r["evidence"] for r in rels if r["evidence"]]
    assert any(e.startswith("[namn borttaget] ger en") for e in evidence)
    assert any(KEPT in e for e in evidence) and any(n.get("name") == KEPT for n in nodes)


def test_the_next_build_and_extract_leave_the_person_out(built, shared_dir, tmp_path):
    data, lexicon = built
    assert _run("forget", FORGOTTEN, "--data-dir", data, "--lexicon-dir", lexicon).exit_code == 0
    stored = (lexicon / "forgotten.yaml").read_text()
    assert not found_in(stored, TRACES) and len(Suppression.load(lexicon).hashes) == 1

    fresh = tmp_path / "fresh"
    rebuilt = _run("build", shared_dir / "samples", "--data-dir", fresh, "--lexicon-dir", lexicon, "--jobs", 1)
    assert rebuilt.exit_code == 0 and "2 added" in rebuilt.output
    assert found_in(_raw_bytes(fresh), TRACES) == []
    assert _graph(fresh)[2] == _graph(data)[2]  # the same graph as after forgetting

    extracted = _run("extract", shared_dir / "samples", "--lexicon-dir", lexicon, "--jobs", 1)
    assert extracted.exit_code == 0 and found_in(extracted.output, TRACES) == []
    records = [json.loads(line) for line in extracted.output.splitlines()]
    assert all(a["name"] != FORGOTTEN for r in records for a in r["attendees"])
    assert any(a["name"] == KEPT for r in records for a in r["attendees"])


def test_unknown_person_is_one_line_and_exit_1(built):
    data, lexicon = built
    result = CliRunner().invoke(main, ["forget", "Linda Karlson", "--data-dir", str(data), "--lexicon-dir",
                                       str(lexicon)])
    assert result.exit_code == 1
    assert result.output.strip().count("\n") == 0 and "no person with that name" in result.output
    assert FORGOTTEN not in result.output  # no suggestion of a stored name without --debug
    assert not (lexicon / "forgotten.yaml").exists()


def test_forget_waits_for_another_writer_at_most_the_lock_timeout_then_fails_in_one_line(built):
    data, lexicon = built
    with open_store("embedded", data_dir=data) as store:
        store.delete_document("document:none")  # opens this process's read-write Database, held until closed
        result = finish(start("forget", FORGOTTEN, "--data-dir", data, "--lexicon-dir", lexicon,
                              env={"MOTESGRAF_LOCK_TIMEOUT": "1"}))
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.strip().count("\n") == 0 and "in use by another motesgraf process" in result.stderr
    assert not (lexicon / "forgotten.yaml").exists()  # nothing was done
    assert any(n.get("name") == FORGOTTEN for n in _graph(data)[0])


def test_forget_on_neo4j_leaves_no_property_naming_the_person(shared_dir, neo4j_uri, tmp_path):
    with open_store("neo4j", uri=neo4j_uri) as store:
        store.run("MATCH (n) DETACH DELETE n", read_only=False)
        build([shared_dir / "samples"], store)
        before = store.stats()
        report = forget(store, FORGOTTEN, lexicon_dir=tmp_path / "lexicon")
        values = store.run("MATCH (n) UNWIND keys(n) AS k RETURN n[k] AS v", {})
        values += store.run("MATCH ()-[r]->() UNWIND keys(r) AS k RETURN r[k] AS v", {})
        after = store.stats()
        with pytest.raises(PersonNotFound):
            forget(store, FORGOTTEN, lexicon_dir=tmp_path / "lexicon")
    assert report.persons == 1 and report.relationships == before.relationships["ATTENDED"] - \
        after.relationships["ATTENDED"] + 10  # 2 ATTENDED, 2 REPRESENTS, 1 MINUTED, 3 PRESENTED, 4 MENTIONS
    text = "\n".join(json.dumps(row["v"], ensure_ascii=False) for row in values)
    assert len(values) > 1000 and found_in(text, TRACES) == []
    assert found_in(text, [KEPT]) == [KEPT]
    assert after.nodes["Person"] == before.nodes["Person"] - 1


def test_the_suppression_list_is_read_again_only_when_its_file_changed(tmp_path):
    """A build calls current() right before each write: one stat, and the new list once `forget` has run."""
    at_start = Suppression.load(tmp_path)
    assert at_start.current() is at_start
    Suppression.add(tmp_path, FORGOTTEN)
    after_forget = at_start.current()
    assert after_forget is not at_start and after_forget.is_forgotten(FORGOTTEN)
    assert not at_start.is_forgotten(FORGOTTEN) and after_forget.current() is after_forget
