"""The queries rewritten for scale (meeting order by the precomputed ``sort_key``, typed patterns, post-steps)
against a straightforward reference computed in Python from the same records, in both stores; and the
``sort_key`` itself: its order, and the migration of stores built before it existed."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from itertools import accumulate

import pytest

from bench.corpus import generate
from motesgraf.graph.model import meeting_sort_key, record_to_rows
from motesgraf.graph.store import open_store
from motesgraf.queries import QueryError, registry, run_query

DOCUMENTS = 240


@pytest.fixture(scope="module")
def records(tmp_path_factory, extractor):
    folder = tmp_path_factory.mktemp("reference-corpus")
    generate(folder, documents=DOCUMENTS, seed=11, networks=6)
    return [extractor.extract_path(path) for path in sorted((folder / "notes").glob("*.txt"))]


@pytest.fixture(scope="module", params=["embedded", "neo4j"])
def store(request, records, tmp_path_factory):
    if request.param == "embedded":
        with open_store("embedded", data_dir=tmp_path_factory.mktemp("reference-data")) as store:
            store.write(records, replace=False)
            yield store
        return
    with open_store("neo4j", uri=request.getfixturevalue("neo4j_uri")) as store:
        store.run("MATCH (n) DETACH DELETE n", read_only=False)  # other modules share the server
        store.write(records, replace=False)
        yield store


class Graph:
    """The records as plain dicts: what the stores hold, without a database."""

    def __init__(self, records):
        self.meetings, self.names, self.labels, self.relationships, self.nodes = {}, {}, {}, [], {}
        for record in records:
            rows = record_to_rows(record)
            for label, nodes in rows.nodes.items():
                for node in nodes:
                    self.labels[node["key"]] = label
                    self.nodes[node["key"]] = node
                    if label == "Meeting":
                        self.meetings[node["key"]] = node
                    else:
                        self.names[node["key"]] = node.get("name") or node.get("title")
            for kind, relationships in rows.relationships.items():
                self.relationships += [dict(row, type=kind) for row in relationships]
        # The documented meeting order, computed here without the sort_key: year (none last), date (none first), source.
        ordered = sorted(self.meetings.values(),
                         key=lambda m: (m["year"] if m["year"] is not None else 9999, m["date"] or "", m["source"]))
        self.position = {meeting["key"]: index for index, meeting in enumerate(ordered)}

    def meetings_touching(self, label):
        touching = defaultdict(set)
        for r in self.relationships:
            for end in ("from", "to"):
                if self.labels[r[end]] == label:
                    touching[r[end]].add(r["meeting"])
        return touching

    def shown(self, meeting_key):
        meeting = self.meetings[meeting_key]
        return {"date": meeting["date"], "year": meeting["year"], "meeting": meeting["title"]}

    def in_window(self, meeting_key, since="", until=""):
        """since/until as documented, in meeting order: a year bounds by year, a date by (year, date), where an
        undated meeting comes before the dated ones of its year."""
        meeting = self.meetings[meeting_key]
        at = (meeting["year"] if meeting["year"] is not None else 9999, meeting["date"] or "")
        bound = lambda text: (int(text[:4]), text if len(text) > 4 else "")  # noqa: E731
        after = not since or (at >= bound(since) if len(since) > 4 else at[0] >= int(since))
        before = not until or (at <= bound(until) if len(until) > 4 else at[0] <= int(until))
        return after and before

    def window(self):
        """A since/until pair (a date and a year) that cuts meetings off at both ends."""
        dated = sorted(m["date"] for m in self.meetings.values() if m["date"])
        return dated[len(dated) // 3], dated[2 * len(dated) // 3][:4]


@pytest.fixture(scope="module")
def graph(records):
    return Graph(records)


def test_newcomers_match_the_reference(store, graph):
    expected = []
    for kind in ("Person", "Organisation"):
        for key, meetings in graph.meetings_touching(kind).items():
            first = min(meetings, key=graph.position.get)
            expected.append((graph.position[first], kind, graph.names[key], key, first))
    expected.sort()
    rows = run_query(store, "newcomers", limit=0)
    assert len(rows) > 100
    assert rows == [{**graph.shown(first), "kind": kind, "name": name} for _, kind, name, _, first in expected]
    assert run_query(store, "newcomers", kind="organisation", limit=0) == [
        row for row in rows if row["kind"] == "Organisation"]
    assert run_query(store, "newcomers", limit=40) == rows[:40]
    since, until = graph.window()
    windowed = [row for row, (*_, first) in zip(rows, expected) if graph.in_window(first, since, until)]
    assert 0 < len(windowed) < len(rows)
    assert run_query(store, "newcomers", since=since, until=until, limit=0) == windowed
    assert run_query(store, "newcomers", since=since, until=until, limit=5) == windowed[:5]


def test_absences_first_page_is_the_head_of_the_whole_answer(store):
    everything = run_query(store, "absences", limit=0)
    assert len(everything) > 20 and {row["kind"] for row in everything} == {"person", "municipality"}
    assert run_query(store, "absences", limit=20) == everything[:20]
    assert run_query(store, "absences", min_absences=2, limit=3) == [
        row for row in everything if row["absences"] >= 2][:3]


@pytest.mark.parametrize("bad", ["last year", "21", "2021-3-1", "2021-03-01x"])
def test_since_and_until_must_be_a_year_or_a_date(store, bad):
    for name in ("presenters", "topic-timeline", "representation-turnover", "newcomers"):
        with pytest.raises(QueryError, match="expects a date"):
            run_query(store, name, since=bad)
        with pytest.raises(QueryError, match="expects a date"):
            run_query(store, name, until=bad)


def test_recurring_organisations_match_the_reference(store, graph):
    agenda_items = defaultdict(set)
    for r in graph.relationships:
        if r["type"] == "MENTIONS" and r["from_label"] == "AgendaItem" and r["to_label"] == "Organisation":
            agenda_items[r["to"]].add(r["from"])
    expected = []
    for key, meetings in graph.meetings_touching("Organisation").items():
        if len(meetings) >= 2:
            first, last = min(meetings, key=graph.position.get), max(meetings, key=graph.position.get)
            expected.append({"organisation": graph.names[key], "meetings": len(meetings),
                             **{f"first_{k}": v for k, v in graph.shown(first).items()},
                             **{f"last_{k}": v for k, v in graph.shown(last).items()},
                             "agenda_items": len(agenda_items[key])})
    expected.sort(key=lambda row: (-row["meetings"], row["organisation"]))
    rows = run_query(store, "recurring-organisations")
    assert len(rows) > 10
    assert [{k: v for k, v in row.items() if k != "kind"} for row in rows] == expected


def _representations(graph):
    """municipality key -> meeting key -> name -> status (the greatest status when a name is listed twice)."""
    listed = defaultdict(lambda: defaultdict(dict))
    for r in graph.relationships:
        if r["type"] == "REPRESENTS" and r["to_label"] == "Municipality":
            names = listed[r["to"]][r["meeting"]]
            name = graph.names[r["from"]]
            names[name] = max(filter(None, (names.get(name), r["status"])), default=None)
    return listed


def test_representation_turnover_matches_the_reference(store, graph):
    expected = []
    for municipality, meetings in sorted(_representations(graph).items(), key=lambda item: graph.names[item[0]]):
        previous = None
        for meeting in sorted(meetings, key=graph.position.get):
            names = meetings[meeting]
            joined = sorted(set(names) - set(previous)) if previous is not None else []
            left = sorted(set(previous) - set(names)) if previous is not None else []
            expected.append({"municipality": graph.names[municipality], **graph.shown(meeting),
                             "present": sorted(n for n, s in names.items() if s == "present"),
                             "absent": sorted(n for n, s in names.items() if s == "absent"),
                             "joined": joined, "left": left, "changed": bool(joined or left)})
            previous = names
    rows = run_query(store, "representation-turnover", limit=0)
    assert any(row["changed"] for row in rows) and len(rows) > 500
    assert rows == expected
    one = expected[0]["municipality"]
    assert run_query(store, "representation-turnover", municipality=one, limit=0) == [
        row for row in expected if row["municipality"] == one]
    # The first page is the head of the whole answer; a window keeps the comparison with the meeting before it.
    assert run_query(store, "representation-turnover") == expected[:500]
    assert run_query(store, "representation-turnover", limit=7) == expected[:7]
    since, until = graph.window()
    windowed = [row for row, meeting in zip(expected, _turnover_meetings(graph))
                if graph.in_window(meeting, since, until)]
    assert 0 < len(windowed) < len(expected) and any(row["changed"] for row in windowed)
    assert run_query(store, "representation-turnover", since=since, until=until, limit=0) == windowed
    assert run_query(store, "representation-turnover", since=since, until=until, limit=30) == windowed[:30]


def _turnover_meetings(graph):
    """The meeting of each row of the reference turnover, in its order."""
    return [meeting for municipality, meetings in sorted(_representations(graph).items(),
                                                         key=lambda item: graph.names[item[0]])
            for meeting in sorted(meetings, key=graph.position.get)]


def _matrix(graph, since=0, until=0):
    listed = _representations(graph)
    meetings = sorted({m for by_meeting in listed.values() for m in by_meeting}, key=graph.position.get)
    year = lambda m: graph.meetings[m]["year"] if graph.meetings[m]["year"] is not None else 9999  # noqa: E731
    meetings = [m for m in meetings if (not since or year(m) >= since) and (not until or year(m) <= until)]
    rows = []
    for municipality in sorted(listed, key=lambda key: (graph.names[key], key)):
        for meeting in meetings:
            names = listed[municipality].get(meeting, {})
            present = sorted(n for n, s in names.items() if s == "present")
            absent = sorted(n for n, s in names.items() if s == "absent")
            status = "present" if present else "absent" if absent else "not listed"
            rows.append({"municipality": graph.names[municipality], **graph.shown(meeting), "status": status,
                         "present": present, "absent": absent})
    return rows, len(meetings)


def test_attendance_matrix_matches_the_reference(store, graph):
    everything, meetings = _matrix(graph)
    assert run_query(store, "attendance-matrix", limit=0) == everything
    # The default limit returns whole municipalities until the rows reach 5,000.
    assert len(everything) > 5000
    assert run_query(store, "attendance-matrix") == everything[:math.ceil(5000 / meetings) * meetings]
    assert run_query(store, "attendance-matrix", limit=1) == everything[:meetings]
    years = sorted({row["year"] for row in everything})
    since, until = years[1], years[-2]
    bounded, _ = _matrix(graph, since, until)
    assert 0 < len(bounded) < len(everything)
    assert run_query(store, "attendance-matrix", since=since, until=until, limit=0) == bounded


def test_attendance_matrix_grid_matches_the_reference_for_filters_and_cut_limits(store, graph):
    """The grid expanded from the sparse rows, for what the test above leaves out: a limit computed on a window's
    meetings and cutting between municipalities, a municipality by key or by name in other case (with a window
    and a limit), an unknown municipality, and a window with no meetings."""
    years = sorted({meeting["year"] for meeting in graph.meetings.values() if meeting["year"] is not None})
    since = years[len(years) // 2]
    window, meetings = _matrix(graph, since)
    municipalities = list(dict.fromkeys(row["municipality"] for row in window))
    assert 3 < len(municipalities) and meetings < len(_matrix(graph)[0]) / len(municipalities)
    # 2 × meetings + 1 rows are reached within the third municipality: three whole municipalities
    assert run_query(store, "attendance-matrix", since=since, limit=2 * meetings + 1) == window[:3 * meetings]
    assert run_query(store, "attendance-matrix", since=since, limit=meetings) == window[:meetings]
    before, _ = _matrix(graph, until=since - 1)
    assert run_query(store, "attendance-matrix", until=since - 1, limit=0) == before
    key = next(key for key, name in graph.names.items() if name == municipalities[1] and key.startswith("municipality:"))
    only = [row for row in window if row["municipality"] == municipalities[1]]
    assert only and {row["status"] for row in only} >= {"present", "not listed"}
    assert run_query(store, "attendance-matrix", municipality=key, since=since, limit=1) == only
    assert run_query(store, "attendance-matrix", municipality=municipalities[1].upper(), since=since) == only
    assert run_query(store, "attendance-matrix", municipality="Ingenstans") == []
    assert run_query(store, "attendance-matrix", since=years[-1] + 1, limit=0) == []


def test_topic_timeline_matches_the_reference(store, graph):
    mentions = defaultdict(int)
    sources = defaultdict(set)
    organisations = defaultdict(set)
    for r in graph.relationships:
        if r["type"] == "MENTIONS" and r["to_label"] == "Topic":
            mentions[r["to"], r["meeting"]] += r["count"] if r["count"] is not None else 1
            sources[r["to"], r["meeting"]].add(r["from"])
        if r["type"] == "MENTIONS" and r["to_label"] == "Organisation":
            organisations[r["from"]].add(graph.names[r["to"]])
    ordered = sorted(mentions, key=lambda pair: (graph.names[pair[0]], pair[0], graph.position[pair[1]]))
    row = lambda topic, meeting: {  # noqa: E731
        "topic": graph.names[topic], **graph.shown(meeting), "mentions": mentions[topic, meeting],
        "agenda_items": sorted({graph.names[s] for s in sources[topic, meeting] if graph.labels[s] == "AgendaItem"}),
        "organisations": sorted(set().union(*(organisations[s] for s in sources[topic, meeting])))}
    expected = [row(topic, meeting) for topic, meeting in ordered]
    rows = run_query(store, "topic-timeline", limit=0)
    assert len(rows) > 500
    assert rows == expected
    # The first page is the head of the whole answer, also within a window and for one topic.
    assert run_query(store, "topic-timeline") == expected[:500]
    assert run_query(store, "topic-timeline", limit=3) == expected[:3]
    since, until = graph.window()
    windowed = [row(topic, meeting) for topic, meeting in ordered if graph.in_window(meeting, since, until)]
    assert 0 < len(windowed) < len(expected)
    assert run_query(store, "topic-timeline", since=since, until=until, limit=0) == windowed
    assert run_query(store, "topic-timeline", since=since, until=until, limit=40) == windowed[:40]
    one = expected[-1]["topic"]
    assert run_query(store, "topic-timeline", topic=one, since=since[:4], limit=0) == [
        row(topic, meeting) for topic, meeting in ordered
        if graph.names[topic] == one and graph.in_window(meeting, since[:4])]


def test_presenters_match_the_reference(store, graph):
    ordered = sorted((r for r in graph.relationships if r["type"] == "PRESENTED"),
                     key=lambda r: (graph.position[r["meeting"]], graph.nodes[r["to"]]["position"],
                                    graph.names[r["from"]], r["span_start"]))
    row = lambda r: {"person": graph.names[r["from"]], "agenda_item": graph.nodes[r["to"]]["title"],  # noqa: E731
                     "number": graph.nodes[r["to"]]["number"], **graph.shown(r["meeting"]), "evidence": r["evidence"]}
    expected = [row(r) for r in ordered]
    assert len(expected) > 500
    assert run_query(store, "presenters", limit=0) == expected
    assert run_query(store, "presenters") == expected[:500]
    assert run_query(store, "presenters", limit=9) == expected[:9]
    since, until = graph.window()
    windowed = [row(r) for r in ordered if graph.in_window(r["meeting"], since, until)]
    assert 0 < len(windowed) < len(expected)
    assert run_query(store, "presenters", since=since, until=until, limit=0) == windowed
    assert run_query(store, "presenters", since=since, until=until, limit=25) == windowed[:25]
    person = ordered[-1]["from"]
    assert run_query(store, "presenters", name=graph.names[person].upper(), until=until, limit=0) == [
        row(r) for r in ordered
        if graph.names[r["from"]] == graph.names[person] and graph.in_window(r["meeting"], until=until)]


@pytest.mark.parametrize("name, group", [("representation-turnover", ("municipality",)), ("topic-timeline", ("topic",)),
                                         ("presenters", ("date", "year", "meeting"))])
def test_a_page_cut_anywhere_is_the_head_of_the_whole_answer(store, graph, name, group):
    """The embedded store reads a page's municipalities, topics or meetings after counting them: a page that ends
    at a group's last row, just after it, inside a later group, and within windows (where fewer rows show than
    estimated, so more rounds), or beyond the answer, is the head of the whole answer."""
    since, until = graph.window()
    for window in ({}, {"since": since, "until": until}, {"since": since[:4]}, {"until": until}):
        everything = run_query(store, name, limit=0, **window)
        ends = list(accumulate(Counter(tuple(map(row.get, group)) for row in everything).values()))
        assert len(ends) > 3
        for limit in sorted({1, ends[0], ends[0] + 1, ends[1] + 2, ends[2] - 1, ends[2], ends[-2] + 1}):
            assert run_query(store, name, limit=limit, **window) == everything[:limit], (window, limit)
        assert run_query(store, name, limit=len(everything) + 1, **window) == everything


def test_one_presenters_pages_are_the_head_of_their_answer(store, graph):
    """With a name the meetings counted are the person's: pages cut inside and between them, within a window."""
    presented = Counter(graph.names[r["from"]] for r in graph.relationships if r["type"] == "PRESENTED")
    person = presented.most_common(1)[0][0]
    since, _ = graph.window()
    for window in ({}, {"since": since}):
        everything = run_query(store, "presenters", name=person.lower(), limit=0, **window)
        assert len(everything) > 3 and {row["person"] for row in everything} == {person}
        for limit in range(1, len(everything) + 2):
            assert run_query(store, "presenters", name=person, limit=limit, **window) == everything[:limit]


@pytest.mark.parametrize("store", ["embedded"], indirect=True)
@pytest.mark.parametrize("estimate", [lambda i: 0, lambda i: 1, lambda i: 10**6, lambda i: None,
                                      lambda i: 10**6 if i % 2 else 0])
def test_group_rounds_give_the_same_rows_whatever_the_estimates(store, graph, estimate):
    """The estimates only decide how many groups a round reads, never which rows come back."""
    since, until = graph.window()
    topics = store.run("MATCH (t:Topic) RETURN t.key AS key ORDER BY t.name, t.key")
    groups = [{"key": topic["key"], "rows": estimate(i)} for i, topic in enumerate(topics)]
    for limit in (45, 0):
        expected = run_query(store, "topic-timeline", since=since, until=until, limit=0)
        rows = registry._rows_of_groups(store, registry._step_cypher("timeline-rows", "embedded"), groups,
                                        {"since": since, "until": until, "limit": limit})
        assert rows == (expected[:limit] if limit else expected)

def test_sort_key_orders_like_year_date_source():
    meetings = [(year, date, source) for year in (None, 2019, 2021) for date in (None, f"{year or 2030}-03-01",
                                                                                 f"{year or 2030}-11-30")
                for source in ("a.txt", "b.txt")]
    by_key = sorted(meetings, key=lambda m: meeting_sort_key(*m))
    assert by_key == sorted(meetings, key=lambda m: (m[0] if m[0] is not None else 9999, m[1] or "", m[2]))


@pytest.fixture
def samples_store(request, tmp_path, shared_dir, extractor):
    records = [extractor.extract_path(path) for path in sorted((shared_dir / "samples").glob("*.txt"))]
    if request.param == "embedded":
        return records, lambda: open_store("embedded", data_dir=tmp_path / "data")
    uri = request.getfixturevalue("neo4j_uri")
    with open_store("neo4j", uri=uri) as store:
        store.run("MATCH (n) DETACH DELETE n", read_only=False)
    return records, lambda: open_store("neo4j", uri=uri)


@pytest.mark.parametrize("samples_store", ["embedded", "neo4j"], indirect=True)
def test_a_store_built_before_sort_key_is_migrated_when_opened(samples_store):
    records, opening = samples_store
    with opening() as store:
        store.write(records)
        expected = sorted((m["key"], m["sort_key"]) for m in (record_to_rows(r).nodes["Meeting"][0] for r in records))
        before_sort_key = ("ALTER TABLE Meeting DROP sort_key" if type(store).__name__ == "EmbeddedStore"
                           else "MATCH (m:Meeting) REMOVE m.sort_key")
        store.run(before_sort_key, read_only=False)
    with opening() as store:
        stored = store.run("MATCH (m:Meeting) RETURN m.key AS key, m.sort_key AS sort_key ORDER BY key")
        assert [(row["key"], row["sort_key"]) for row in stored] == expected
        assert run_query(store, "newcomers")


ACTOR_LINKS = ("REPRESENTS", "COLLABORATES_WITH", "CO_MENTIONED", "MEMBER_OF", "PART_OF")


def test_central_actors_match_networkx_exact_betweenness(store, graph):
    """Every row, and the first rows at several limits (one cutting through actors tied on betweenness and degree,
    whose names decide), as networkx ranks the actor network of the records."""
    import networkx as nx

    network = nx.Graph((r["from"], r["to"]) for r in graph.relationships
                       if r["type"] in ACTOR_LINKS and r["from"] != r["to"])
    exact = nx.betweenness_centrality(network, normalized=True)
    expected = sorted(({"actor": graph.names[key], "label": graph.labels[key], "degree": network.degree(key),
                        "betweenness": round(exact[key], 4)} for key in network),
                      key=lambda r: (-r["betweenness"], -r["degree"], r["actor"] or "", r["label"]))
    core = [v for v in network if network.degree(v) != 1 or any(network.degree(n) == 1 for n in network[v])]
    assert 100 < network.number_of_nodes() and 20 < len(core) <= 1000  # exact below the sampling threshold
    assert run_query(store, "central-actors", limit=0) == expected
    tied = next(i for i in range(1, len(expected) - 1) if (expected[i]["betweenness"], expected[i]["degree"]) ==
                (expected[i - 1]["betweenness"], expected[i - 1]["degree"]) == (expected[i + 1]["betweenness"],
                                                                                 expected[i + 1]["degree"]))
    for limit in (1, 20, tied + 1):
        assert run_query(store, "central-actors", limit=limit) == expected[:limit]
    assert run_query(store, "central-actors") == expected[:20]


@pytest.mark.parametrize("seed", range(5))
def test_betweenness_folding_leaves_is_exact(seed):
    """Sources are only the actors with more than one link, their leaves folded in: the same figures as
    networkx's exact betweenness, with leaves, a two-actor component, an isolated actor and disconnected parts."""
    import random

    import networkx as nx

    from motesgraf.queries.registry import _pair_betweenness

    chance = random.Random(seed)
    network = nx.gnm_random_graph(40, 45 + seed * 10, seed=seed)
    network.add_edges_from((leaf, chance.randrange(40)) for leaf in range(40, 90))
    network.add_edges_from([(90, 91), (92, 93), (93, 94)])
    network.add_node(95)
    exact = nx.betweenness_centrality(network, normalized=False)
    folded = _pair_betweenness(network.number_of_nodes(), sorted(tuple(sorted(e)) for e in network.edges()))
    assert folded == pytest.approx([exact[v] for v in range(network.number_of_nodes())], abs=1e-9)


def test_central_actors_estimate_is_repeatable_and_near_the_exact_ranking(store, monkeypatch):
    from motesgraf.queries import registry

    exact = run_query(store, "central-actors", limit=10)
    monkeypatch.setattr(registry, "BETWEENNESS_SOURCES", 20)  # force the estimate on this smaller network
    estimated = run_query(store, "central-actors", limit=10)
    assert estimated == run_query(store, "central-actors", limit=10)
    assert estimated != exact  # it really is an estimate
    assert len({row["actor"] for row in estimated[:5]} & {row["actor"] for row in exact[:5]}) >= 3


ACTOR_LABELS = ("Person", "Municipality", "Organisation", "Topic", "Place")


def _touched(graph, meetings):
    """The actors any relationship stated in ``meetings`` touches."""
    return {r[end] for r in graph.relationships if r["meeting"] in meetings for end in ("from", "to")
            if graph.labels[r[end]] in ACTOR_LABELS}


def test_meeting_diff_matches_the_reference(store, graph):
    by_key = sorted(graph.meetings)
    dates = defaultdict(set)
    for key, meeting in graph.meetings.items():
        dates[meeting["date"]].add(key)
    first_date = min(date for date in dates if date)  # a date selects every meeting held on it
    last_source = graph.meetings[by_key[-1]]["source"].rsplit("/", 1)[-1]
    for given, before, after in [((by_key[0], by_key[-1]), {by_key[0]}, {by_key[-1]}),
                                 ((first_date, last_source), dates[first_date], {by_key[-1]})]:
        was, now = _touched(graph, before), _touched(graph, after)
        expected = sorted(("added" if key in now else "dropped", graph.labels[key], graph.names[key], key)
                          for key in was ^ now)
        rows = run_query(store, "meeting-diff", **{"from": given[0], "to": given[1]})
        assert len(rows) > 10
        assert rows == [{"change": change, "kind": kind, "name": name} for change, kind, name, _ in expected]
    assert run_query(store, "meeting-diff", **{"from": by_key[0], "to": "no-such-meeting"}) == []


def _co_attendance(graph, min_meetings, limit):
    attended = defaultdict(set)
    for r in graph.relationships:
        if r["type"] == "ATTENDED":
            attended[r["from"]].add(r["to"])
    people = sorted(attended)
    pairs = [(len(attended[a] & attended[b]), graph.names[a], graph.names[b])
             for i, a in enumerate(people) for b in people[i + 1:]]
    pairs = sorted((-shared, a, b) for shared, a, b in pairs if shared and shared >= min_meetings)[:limit]
    return [{"person_a": a, "person_b": b, "meetings": -shared} for shared, a, b in pairs]


@pytest.mark.parametrize("min_meetings, limit", [(2, 100), (3, 7), (1, 5000), (40, 100)])
def test_co_attendance_matches_pairing_everyone(store, graph, min_meetings, limit):
    """The query pairs only the people who can still be in the answer; the rows must be those of pairing all."""
    expected = _co_attendance(graph, min_meetings, limit)
    assert expected or min_meetings == 40
    assert run_query(store, "co-attendance", min_meetings=min_meetings, limit=limit) == expected


def test_organisation_pairs_match_the_reference(store, graph):
    pairs = defaultdict(lambda: {"evidence": set(), "meetings": set(), "collaboration": False})
    for r in graph.relationships:
        if r["type"] in ("CO_MENTIONED", "COLLABORATES_WITH") and r["from"] != r["to"]:
            pair = pairs[tuple(sorted((r["from"], r["to"])))]
            pair["evidence"] |= {r["evidence"]} - {None}
            pair["meetings"].add(r["meeting"])
            pair["collaboration"] |= r["type"] == "COLLABORATES_WITH"
    expected = sorted(({"organisation_a": graph.names[a], "organisation_b": graph.names[b],
                        "collaboration": p["collaboration"], "sentences": len(p["evidence"]),
                        "meetings": len(p["meetings"]), "evidence": sorted(p["evidence"])}
                       for (a, b), p in pairs.items()),
                      key=lambda r: (not r["collaboration"], -r["sentences"], r["organisation_a"], r["organisation_b"]))
    rows = run_query(store, "organisation-pairs")
    assert len(rows) > 20 and any(row["collaboration"] for row in rows)
    assert rows == expected
    assert run_query(store, "organisation-pairs", collaboration_only=True) == [r for r in expected if r["collaboration"]]


def test_central_actors_links_match_the_reference(store, graph):
    """The Cypher returns each link of the actor network once: each end with the keys linked to it."""
    from motesgraf.queries.registry import backend_of, get_query

    links = {frozenset((r["from"], r["to"])) for r in graph.relationships
             if r["type"] in ACTOR_LINKS and r["from"] != r["to"]}
    [row] = store.run(get_query("central-actors").cypher_for(backend_of(store)))
    returned = [(a, b) for b, linked in zip(row["to_keys"], row["from_keys"], strict=True) for a in linked]
    assert len(returned) == len(set(returned)) and len(row["to_keys"]) == len(set(row["to_keys"]))  # each once
    assert {frozenset(pair) for pair in returned} == links
