"""The canned queries (queries/*.cypher) on the two real samples and the fixture notes, in BOTH stores: each
query's content is checked against the gold annotations or the data, and both stores must return the same rows."""

import json
import re
import shutil
from itertools import combinations
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from conftest import FIXTURE_NOTES, REPO
from motesgraf.graph.build import build
from motesgraf.graph.store import ReadOnlyViolation, open_store
from motesgraf.queries import QueryError, catalogue_markdown, list_queries, registry, run_query
from motesgraf.queries_cli import add_query_commands, format_rows

HOSTILE = "'}) DETACH DELETE n //"

# Parameters each query is run with when both stores are compared (every query, at least once).
CASES = {
    "recurring-organisations": [{}, {"min_meetings": 1}],
    "attendance-matrix": [{}, {"municipality": "Ale"}],
    "person-history": [{"name": "Linda Karlsson"}, {"name": "Ulla-Britt Öhman"}],
    "representation-turnover": [{}],
    "absences": [{}],
    "co-attendance": [{}, {"min_meetings": 1, "limit": 1000}],
    "organisation-pairs": [{}, {"collaboration_only": True}],
    "presenters": [{}],
    "topic-timeline": [{}, {"topic": "Budget"}],
    "newcomers": [{}, {"kind": "Organisation"}],
    "ego-network": [{"name": "SKR"}, {"name": "Linda Karlsson", "depth": 2}, {"name": "SKR", "depth": 3}],
    "shortest-path": [{"from": "Linda Karlsson", "to": "Per Överberg"}, {"from": "Linda Karlsson", "to": "Umeå"}],
    "central-actors": [{}, {"limit": 0}],
    "mentions-of": [{"name": "SKR"}, {"name": "Linda Karlsson"}],
    "meeting-diff": [{"from": "000_c362ad140e95039c.txt", "to": "001_cfd02ca978cc86d5.txt"}],
}


@pytest.fixture(scope="module")
def notes(tmp_path_factory, shared_dir):
    folder = tmp_path_factory.mktemp("query-notes")
    for path in sorted((shared_dir / "samples").glob("*.txt")) + sorted(FIXTURE_NOTES.glob("*.txt")):
        shutil.copy(path, folder / path.name)
    return folder


@pytest.fixture(scope="module")
def gold(shared_dir):
    return {path.name.split(".")[0]: json.loads(path.read_text(encoding="utf-8"))
            for path in sorted((shared_dir / "gold").glob("*.gold.json"))}


@pytest.fixture(scope="module")
def embedded(tmp_path_factory, notes):
    with open_store("embedded", data_dir=tmp_path_factory.mktemp("query-data")) as store:
        build([notes], store)
        yield store


@pytest.fixture(scope="module")
def neo4j(neo4j_uri, notes):
    with open_store("neo4j", uri=neo4j_uri) as store:
        store.run("MATCH (n) DETACH DELETE n", read_only=False)  # other modules share the server
        build([notes], store)
        yield store


@pytest.fixture(scope="module", params=["embedded", "neo4j"])
def store(request):
    return request.getfixturevalue(request.param)


def _canonical(rows):
    return sorted(json.dumps(row, sort_keys=True, ensure_ascii=False, default=str) for row in rows)


def _sample_year(gold, sample):
    return gold[sample]["meeting_year"]


# ------------------------------------------------------------------ registry

def test_every_required_query_is_there_with_a_header():
    names = {query.name for query in list_queries()}
    assert set(CASES) <= names
    for query in list_queries():
        assert query.description and query.returns
        assert (REPO / "queries" / f"{query.name}.cypher").is_file()


def test_readme_catalogue_is_up_to_date():
    assert (REPO / "queries" / "README.md").read_text(encoding="utf-8") == catalogue_markdown(), \
        "queries/README.md is out of date: write motesgraf.queries.catalogue_markdown() to it"


def test_unknown_query_and_bad_parameters(embedded):
    with pytest.raises(QueryError, match="unknown query 'nope'"):
        run_query(embedded, "nope")
    with pytest.raises(QueryError, match="no parameter 'colour'"):
        run_query(embedded, "co-attendance", colour="red")
    with pytest.raises(QueryError, match="needs parameter 'name'"):
        run_query(embedded, "person-history")
    with pytest.raises(QueryError, match="expects int"):
        run_query(embedded, "co-attendance", min_meetings="many")
    with pytest.raises(QueryError, match="expects bool"):
        run_query(embedded, "organisation-pairs", collaboration_only="perhaps")
    for error in ("x", "y"):
        assert "\n" not in str(QueryError(error))


def test_parameters_are_converted_from_strings(embedded):
    assert run_query(embedded, "co-attendance", min_meetings="2", limit="5") == \
        run_query(embedded, "co-attendance", min_meetings=2, limit=5)
    assert run_query(embedded, "organisation-pairs", collaboration_only="yes") == \
        run_query(embedded, "organisation-pairs", collaboration_only=True)


# ------------------------------------------------------------------ both stores, same rows

@pytest.mark.parametrize("name", sorted(CASES))
def test_both_stores_return_the_same_rows(name, embedded, neo4j):
    for params in CASES[name]:
        from_embedded, from_neo4j = run_query(embedded, name, **params), run_query(neo4j, name, **params)
        assert from_embedded, f"{name} {params}: no rows"
        assert _canonical(from_embedded) == _canonical(from_neo4j), f"{name} {params}"
        if name not in ("central-actors",):  # ties in betweenness are ordered by name, still deterministic
            assert from_embedded == from_neo4j, f"{name} {params}: same rows, different order"
        query = next(q for q in list_queries() if q.name == name)
        assert list(from_embedded[0]) == list(query.returns)


# ------------------------------------------------------------------ safety

def test_ad_hoc_write_is_refused_read_only(store):
    before = store.stats()
    with pytest.raises(ReadOnlyViolation):
        store.run("MATCH (n:Person) DETACH DELETE n")
    assert store.stats() == before


def test_hostile_values_are_parameters(store):
    before = store.stats()
    for name, param in [("person-history", "name"), ("mentions-of", "name"), ("ego-network", "name"),
                        ("presenters", "name"), ("topic-timeline", "topic"), ("attendance-matrix", "municipality")]:
        assert run_query(store, name, **{param: HOSTILE}) == [], name
    assert run_query(store, "shortest-path", **{"from": HOSTILE, "to": "SKR"}) == []
    assert run_query(store, "meeting-diff", **{"from": HOSTILE, "to": HOSTILE}) == []
    assert store.stats() == before


# ------------------------------------------------------------------ content, per query, on both stores

def test_recurring_organisations(store, gold):
    rows = {row["organisation"]: row for row in run_query(store, "recurring-organisations")}
    in_both = set(gold["000_c362ad140e95039c"]["organisations"]["required"]) & set(
        gold["001_cfd02ca978cc86d5"]["organisations"]["required"])
    assert in_both and all(rows[name]["meetings"] >= 2 for name in in_both)
    assert rows["SKR"]["meetings"] >= 2 and rows["SKR"]["first_year"] == _sample_year(gold, "000_c362ad140e95039c")
    assert rows["SKR"]["agenda_items"] >= 1
    assert all(row["meetings"] >= 2 for row in rows.values())
    everyone = run_query(store, "recurring-organisations", min_meetings=1)
    assert len(everyone) > len(rows) and {r["organisation"] for r in everyone} >= set(rows)
    for row in everyone:  # first never after last
        assert (row["first_year"] or 9999) <= (row["last_year"] or 9999)


def test_attendance_matrix(store, gold):
    rows = run_query(store, "attendance-matrix")
    assert {row["status"] for row in rows} == {"present", "absent", "not listed"}
    sample = gold["000_c362ad140e95039c"]
    year = sample["meeting_year"]
    expected = {}
    for attendee in sample["attendees"]:
        if attendee["affiliation"] in sample["municipalities"]["required"]:
            old = expected.get(attendee["affiliation"])
            expected[attendee["affiliation"]] = "present" if "present" in (old, attendee["status"]) else "absent"
    got = {row["municipality"]: row["status"] for row in rows
           if row["year"] == year and row["date"] is None and row["meeting"] == "Anteckningar"}
    assert expected and all(got[name] == status for name, status in expected.items())
    only_ale = run_query(store, "attendance-matrix", municipality="ale")
    assert only_ale and {row["municipality"] for row in only_ale} == {"Ale"}
    assert len(only_ale) == len({(r["date"], r["year"], r["meeting"]) for r in rows if r["municipality"] == "Ale"}) \
        or len(only_ale) == sum(1 for r in rows if r["municipality"] == "Ale")


def test_person_history(store, gold):
    rows = run_query(store, "person-history", name="linda karlsson")
    for sample, data in gold.items():
        listed = [a for a in data["attendees"] if a["name"] == "Linda Karlsson"]
        mine = [r for r in rows if r["year"] == data["meeting_year"] and r["meeting"] == "Anteckningar"]
        if listed:
            assert mine and mine[0]["status"] == ("attended" if listed[0]["status"] == "present" else "absent")
            assert mine[0]["affiliation"] == listed[0]["affiliation"]
        for presenter in data["presenters"]:
            if presenter["person"] == "Linda Karlsson":
                assert data["agenda_items"][presenter["agenda_item"] - 1] in mine[0]["presented"]
    years = [row["year"] for row in rows]
    assert years == sorted(years)
    assert run_query(store, "person-history", name="Nobody Atall") == []


def test_representation_turnover(store):
    rows = run_query(store, "representation-turnover")
    previous = {}
    for row in rows:
        listed = set(row["present"]) | set(row["absent"])
        assert listed
        if row["municipality"] not in previous:
            assert row["joined"] == row["left"] == [] and row["changed"] is False
        else:
            before = previous[row["municipality"]]
            assert set(row["joined"]) == listed - before and set(row["left"]) == before - listed
            assert row["changed"] == bool(row["joined"] or row["left"])
        previous[row["municipality"]] = listed
    assert any(row["changed"] for row in rows)


def test_absences(store, gold):
    rows = run_query(store, "absences")
    people = {row["name"]: row for row in rows if row["kind"] == "person"}
    for data in gold.values():
        for attendee in data["attendees"]:
            if attendee["status"] == "absent":
                assert people[attendee["name"]]["absences"] >= 1
    assert all(row["absences"] <= row["listed"] for row in rows)
    counts = [row["absences"] for row in rows]
    assert counts == sorted(counts, reverse=True)
    assert {row["kind"] for row in rows} == {"person", "municipality"}
    assert all(row["absences"] >= 2 for row in run_query(store, "absences", min_absences=2))


def test_co_attendance(store, gold):
    rows = run_query(store, "co-attendance")
    pairs = {frozenset((row["person_a"], row["person_b"])): row["meetings"] for row in rows}
    present = [{a["name"] for a in data["attendees"] if a["status"] == "present"} for data in gold.values()]
    in_both = present[0] & present[1]
    assert len(in_both) >= 2
    for a, b in combinations(sorted(in_both), 2):
        assert pairs[frozenset((a, b))] >= 2
    assert len(run_query(store, "co-attendance", min_meetings=1, limit=3)) == 3


def test_organisation_pairs(store):
    rows = run_query(store, "organisation-pairs")
    assert all(row["evidence"] and row["sentences"] == len(row["evidence"]) for row in rows)
    collaborations = run_query(store, "organisation-pairs", collaboration_only=True)
    assert collaborations and all(row["collaboration"] for row in collaborations)
    assert len(collaborations) < len(rows)
    pair = next(row for row in collaborations if {row["organisation_a"], row["organisation_b"]} == {"Umeå", "Vännäs"})
    assert any("Umeå och Vännäs" in sentence for sentence in pair["evidence"])


def test_presenters(store, gold):
    rows = run_query(store, "presenters")
    for data in gold.values():
        for presenter in data["presenters"]:
            item = data["agenda_items"][presenter["agenda_item"] - 1]
            assert any(r["person"] == presenter["person"] and r["agenda_item"] == item
                       and r["year"] == data["meeting_year"] for r in rows), presenter
    assert all(row["evidence"] for row in rows)
    assert {r["person"] for r in run_query(store, "presenters", name="Per Överberg")} == {"Per Överberg"}


def test_topic_timeline(store):
    rows = run_query(store, "topic-timeline", topic="budget")
    assert len(rows) >= 2 and {row["topic"] for row in rows} == {"Budget"}
    keys = [(row["year"] or 9999, row["date"] or "") for row in rows]
    assert keys == sorted(keys)
    assert all(row["mentions"] >= 1 and isinstance(row["mentions"], int) for row in rows)
    everything = run_query(store, "topic-timeline")
    assert len({row["topic"] for row in everything}) > 10
    assert any(row["organisations"] for row in everything)


def test_newcomers(store, gold):
    rows = run_query(store, "newcomers")
    names = [(row["kind"], row["name"]) for row in rows]
    assert len(names) == len(set(names)) or len(names) - len(set(names)) < 3  # same-name people have two keys
    first = {row["name"]: row for row in rows}
    assert first["Linda Karlsson"]["year"] == gold["000_c362ad140e95039c"]["meeting_year"]
    returning = ({a["name"] for a in gold["000_c362ad140e95039c"]["attendees"]}
                 & {a["name"] for a in gold["001_cfd02ca978cc86d5"]["attendees"]})
    assert returning and all(first[name]["year"] != gold["001_cfd02ca978cc86d5"]["meeting_year"] for name in returning)
    assert {row["kind"] for row in run_query(store, "newcomers", kind="organisation")} == {"Organisation"}


def test_ego_network(store):
    near = run_query(store, "ego-network", name="Linda Karlsson")
    assert {row["distance"] for row in near} == {1}
    assert {"Meeting", "Organisation"} <= {row["label"] for row in near}
    assert any(row["name"] == "GR" for row in near)
    wider = run_query(store, "ego-network", name="Linda Karlsson", depth=2)
    assert {r["key"] for r in near} < {r["key"] for r in wider} and max(r["distance"] for r in wider) == 2
    assert all(r["key"] != "person:linda-karlsson" and not r["key"].startswith("document:") for r in wider)
    assert run_query(store, "ego-network", name="Linda Karlsson", depth=9) == \
        run_query(store, "ego-network", name="Linda Karlsson", depth=3)


def test_shortest_path(store):
    rows = run_query(store, "shortest-path", **{"from": "Linda Karlsson", "to": "Per Överberg"})
    assert rows and {row["length"] for row in rows} == {2}
    for row in rows:
        assert row["path"][0] == "Linda Karlsson" and row["path"][-1] == "Per Överberg"
        assert len(row["path"]) == len(row["labels"]) == len(row["relationships"]) + 1 == row["length"] + 1
    assert any(row["labels"][1] == "Meeting" and row["relationships"] == ["ATTENDED", "ATTENDED"] for row in rows)
    assert run_query(store, "shortest-path", **{"from": "Linda Karlsson", "to": "linda karlsson"}) == []


def test_central_actors(store):
    rows = run_query(store, "central-actors", limit=5)
    assert len(rows) == 5 and list(rows[0]) == ["actor", "label", "degree", "betweenness"]
    everyone = run_query(store, "central-actors", limit=0)
    assert len(everyone) > 5 and everyone[:5] == rows
    assert all(0 <= row["betweenness"] <= 1 for row in everyone)
    betweenness = [row["betweenness"] for row in everyone]
    assert betweenness == sorted(betweenness, reverse=True)
    top = max(everyone, key=lambda row: row["degree"])
    neighbours = store.run("MATCH (e {key: $k})-[:REPRESENTS|COLLABORATES_WITH|CO_MENTIONED|MEMBER_OF|PART_OF]-(n) "
                           "WHERE n.key <> e.key RETURN count(DISTINCT n.key) AS n",
                           {"k": _key_of(store, top["actor"], top["label"])})[0]["n"]
    assert top["degree"] == neighbours


def _key_of(store, name, label):
    return store.run(f"MATCH (n:{label}) WHERE n.name = $name RETURN n.key AS key", {"name": name})[0]["key"]


def test_mentions_of(store):
    rows = run_query(store, "mentions-of", name="skr")
    assert rows and {row["actor"] for row in rows} == {"SKR"}
    assert any("SKR" in row["sentence"] for row in rows)
    recurring = {r["organisation"]: r for r in run_query(store, "recurring-organisations")}
    assert len({(r["date"], r["year"], r["meeting"]) for r in rows}) >= min(2, recurring["SKR"]["meetings"])
    assert all(row["links"] >= 1 for row in rows)


def test_meeting_diff(store, gold):
    rows = run_query(store, "meeting-diff", **{"from": "000_c362ad140e95039c.txt", "to": "001_cfd02ca978cc86d5.txt"})
    added = {(r["kind"], r["name"]) for r in rows if r["change"] == "added"}
    dropped = {(r["kind"], r["name"]) for r in rows if r["change"] == "dropped"}
    assert not added & dropped
    old, new = (set(gold[s]["persons"]["required"]) for s in ("000_c362ad140e95039c", "001_cfd02ca978cc86d5"))
    assert {("Person", name) for name in old - new} <= dropped
    assert {("Person", name) for name in new - old} <= added
    assert ("Person", "Linda Karlsson") not in added | dropped
    reverse = run_query(store, "meeting-diff", **{"from": "001_cfd02ca978cc86d5.txt", "to": "000_c362ad140e95039c.txt"})
    assert {(r["kind"], r["name"]) for r in reverse if r["change"] == "added"} == dropped
    by_key = store.run("MATCH (m:Meeting) WHERE m.source ENDS WITH $f RETURN m.key AS key",
                       {"f": "001_cfd02ca978cc86d5.txt"})[0]["key"]
    assert run_query(store, "meeting-diff", **{"from": "000_c362ad140e95039c.txt", "to": by_key}) == rows
    dated = run_query(store, "meeting-diff", **{"from": "2021-05-20", "to": "2023-11-08"})
    assert dated and run_query(store, "meeting-diff", **{"from": "1999-01-01", "to": "2023-11-08"}) == []


# ------------------------------------------------------------------ command line

@pytest.fixture(scope="module")
def cli():
    from motesgraf.cli import _open, main, store_options

    if "query" in main.commands and "queries" in main.commands:
        return main
    group = click.Group("motesgraf")
    add_query_commands(group, store_options, _open)
    return group


@pytest.fixture(scope="module")
def cli_store(tmp_path_factory, notes):
    """A store of its own for the command line, which opens (and closes) the data directory itself."""
    folder = tmp_path_factory.mktemp("cli-data")
    with open_store("embedded", data_dir=folder) as store:
        build([notes], store)
    return folder


def _invoke(cli, folder, *args):
    return CliRunner().invoke(cli, [*args, "--data-dir", str(folder)], catch_exceptions=False)


def test_cli_lists_queries(cli):
    result = CliRunner().invoke(cli, ["queries"])
    assert result.exit_code == 0
    for query in list_queries():
        assert query.name in result.output and query.description in result.output
    assert "--param name: string (required)" in result.output


def test_cli_runs_a_query_in_every_format(cli, cli_store, embedded):
    expected = run_query(embedded, "person-history", name="Linda Karlsson")
    table = _invoke(cli, cli_store, "query", "person-history", "--param", "name=Linda Karlsson")
    assert table.exit_code == 0, table.output
    assert table.output.splitlines()[0].split()[:3] == ["person", "date", "year"]
    assert f"({len(expected)} rows)" in table.output
    as_json = _invoke(cli, cli_store, "query", "person-history", "--param", "name=Linda Karlsson", "--format", "json")
    assert json.loads(as_json.output) == expected
    as_csv = _invoke(cli, cli_store, "query", "co-attendance", "--param", "min_meetings=2", "--format", "csv")
    assert as_csv.output.splitlines()[0] == "person_a,person_b,meetings"
    assert len(as_csv.output.splitlines()) == len(run_query(embedded, "co-attendance")) + 1


def test_cli_errors_are_one_line(cli, cli_store):
    for args, message in [(["query", "nope"], "unknown query 'nope'"),
                          (["query", "co-attendance", "--param", "min_meetings=x"], "expects int"),
                          (["query", "co-attendance", "--param", "colour=red"], "no parameter 'colour'"),
                          (["query", "person-history"], "needs parameter 'name'")]:
        result = _invoke(cli, cli_store, *args)
        assert result.exit_code != 0 and message in result.output, args


def test_cli_ad_hoc_cypher_read_only_unless_write(cli, cli_store, tmp_path, notes):
    result = _invoke(cli, cli_store, "query", "--cypher", "MATCH (p:Person) WHERE p.name = $n RETURN p.key AS key",
                     "--param", "n=Linda Karlsson", "--format", "json")
    assert json.loads(result.output) == [{"key": "person:linda-karlsson"}]
    count = ["query", "--cypher", "MATCH (n) RETURN count(n) AS n", "--format", "json"]
    before = json.loads(_invoke(cli, cli_store, *count).output)
    refused = _invoke(cli, cli_store, "query", "--cypher", "MATCH (n) DETACH DELETE n")
    assert refused.exit_code != 0 and "refused" in refused.output and "--write" in refused.output
    assert json.loads(_invoke(cli, cli_store, *count).output) == before and before[0]["n"] > 0
    # an explicit --write is allowed, on a scratch store
    scratch = tmp_path / "scratch"
    with open_store("embedded", data_dir=scratch) as store:
        build([notes / "13_dua_umea_vannas_nordmaling_2021.txt"], store)
    args = ["query", "--cypher", "MATCH (n:Topic) DETACH DELETE n", "--write", "--data-dir", str(scratch)]
    assert CliRunner().invoke(cli, args).exit_code == 0
    with open_store("embedded", data_dir=scratch) as store:
        assert store.run("MATCH (n:Topic) RETURN count(n) AS n")[0]["n"] == 0


def test_table_format_truncates_and_joins_lists():
    text = format_rows([{"a": "x" * 100, "b": ["p", "q"], "c": None, "d": True}], "table")
    line = text.splitlines()[2]
    assert "x" * 59 + "…" in line and "p, q" in line and "true" in line
    assert format_rows([], "table") == "(no rows)\n"
    assert format_rows([{"a": 1}], "csv") == "a\n1\n"


def test_every_post_step_read_is_a_file_a_post_step_reads():
    """The reads some post-steps make live in queries/steps/, one file each; none is left unread."""
    source = Path(registry.__file__).read_text(encoding="utf-8")
    files = {path.name.removesuffix(".cypher").removesuffix(".embedded") for path in registry.STEP_DIR.glob("*.cypher")}
    assert files and files == set(re.findall(r'_step_cypher\("([a-z-]+)"', source))
