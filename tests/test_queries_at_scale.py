"""The catalogue on the two samples (the facts the issue names) and on a larger generated corpus, in both stores,
to catch queries that only work on two documents."""

import pytest
from click.testing import CliRunner

from bench.corpus import generate
from motesgraf.cli import main
from motesgraf.graph.build import build
from motesgraf.graph.store import open_store
from motesgraf.queries import QueryError, list_queries, run_query

EXAMPLE_PARAMETERS = {"name": "Anna", "from": "", "to": "", "topic": ""}


@pytest.fixture(scope="module")
def samples_store(tmp_path_factory, shared_dir):
    with open_store("embedded", data_dir=tmp_path_factory.mktemp("samples")) as store:
        build([shared_dir / "samples"], store)
        yield store


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("corpus")
    generate(folder, documents=150, seed=5, networks=12)
    return folder / "notes"


@pytest.fixture(scope="module", params=["embedded", "neo4j"])
def corpus_store(request, corpus, tmp_path_factory):
    if request.param == "embedded":
        with open_store("embedded", data_dir=tmp_path_factory.mktemp("corpus-data")) as store:
            build([corpus], store)
            yield store
        return
    with open_store("neo4j", uri=request.getfixturevalue("neo4j_uri")) as store:
        store.run("MATCH (n) DETACH DELETE n", read_only=False)
        build([corpus], store)
        yield store


def test_the_sample_facts(samples_store):
    recurring = {row["organisation"]: row for row in run_query(samples_store, "recurring-organisations")}
    for name in ("SKR", "GR", "Arbetsförmedlingen"):
        assert recurring[name]["meetings"] == 2, name
    history = run_query(samples_store, "person-history", name="Joakim Valtin")
    assert [(row["year"], row["affiliation"]) for row in history] == [(2021, "Ale"), (2023, "Lilla Edet")]
    stenungsund = samples_store.run("MATCH (m:Municipality) WHERE m.name = $name RETURN m.key AS key",
                                    {"name": "Stenungsund"})
    assert stenungsund == [{"key": "municipality:1415"}]
    people = samples_store.run("MATCH (p:Person)-[:REPRESENTS]->(m:Municipality {key: 'municipality:1415'}) "
                               "RETURN DISTINCT p.name AS name ORDER BY name")
    assert [row["name"] for row in people] == ["Margareta Olander", "Sandra Tedenby"]


def _parameters(query, store):
    params = {}
    for parameter in query.params:
        if parameter.required and query.name == "meeting-diff":
            meetings = store.run("MATCH (m:Meeting) RETURN m.key AS key ORDER BY m.key")
            params[parameter.name] = meetings[0 if parameter.name == "from" else -1]["key"]
        elif parameter.required:
            people = store.run("MATCH (p:Person)-[:ATTENDED]->() RETURN p.name AS name, count(*) AS n "
                               "ORDER BY n DESC, name LIMIT 2")
            params[parameter.name] = people[0 if parameter.name != "to" else 1]["name"]
    return params


@pytest.mark.parametrize("query", list_queries(), ids=lambda q: q.name)
def test_every_query_runs_on_a_generated_corpus(corpus_store, query):
    rows = run_query(corpus_store, query.name, **_parameters(query, corpus_store))
    assert rows, f"{query.name} returned nothing on 150 generated meetings"
    assert all(set(row) == set(rows[0]) for row in rows)


def test_a_cypher_syntax_error_is_one_line(tmp_path, shared_dir):
    data = ["--data-dir", str(tmp_path / "data")]
    CliRunner().invoke(main, ["build", str(shared_dir / "samples"), *data])
    result = CliRunner().invoke(main, ["query", "--cypher", "MATC (n) RETURN n", *data])
    assert result.exit_code != 0
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and "Traceback" not in result.output


def test_an_unknown_query_is_a_query_error(samples_store):
    with pytest.raises(QueryError):
        run_query(samples_store, "no-such-query")
