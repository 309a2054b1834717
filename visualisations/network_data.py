"""From the stored graph to view data: nodes and edges with type, size, time and evidence, ready for a page.

Everything is read through ``read_nodes`` / ``read_relationships`` (the store interface, so both backends), once,
into a :class:`GraphSnapshot`; each view is a pure function of the snapshot and returns a :class:`View`, which
``html_view.render_view`` turns into a page. A :class:`View` can also be made directly (the synthetic benchmark
does), so the page machinery does not depend on extraction.

Time: every relationship names the meeting whose notes state it, so a node's times are the meetings it appears
in. A meeting's time point is its date, or only its year (``year_inferred`` when the year was guessed from the
text); a year-only point sorts before the dated meetings of that year. Views carry the sorted distinct points,
and each node and edge the indexes of its points, for the page's time slider.
"""

from __future__ import annotations

import dataclasses
import itertools
import math
from collections import Counter, defaultdict
from dataclasses import dataclass

from motesgraf.graph.export import read_nodes
from motesgraf.graph.model import RELATIONSHIPS
from motesgraf.graph.store import GraphStore

from .aggregate import MAX_EDGES, MAX_NODES, cap_graph
from .layout import component_layout
from .periods import (MAX_EGO_DRAWN, MAX_MEETING_PARTS, MAX_TIMELINE, choose_grain, in_period, period_hint,
                      period_of)
from .view_model import (ACTOR_TYPES, BIG_GRAPH, MAX_EVIDENCE, TYPE_STYLE, MeetingInfo, View, ViewEdge,  # noqa: F401
                         ViewNode, file_url)


@dataclass
class GraphSnapshot:
    nodes: dict[str, dict]  # key -> node row (with "label")
    relationships: list[dict]
    meetings: dict[str, MeetingInfo]

    @classmethod
    def read(cls, store: GraphStore) -> "GraphSnapshot":
        nodes = {row["key"]: row for row in read_nodes(store)}
        meetings = {key: MeetingInfo(key, row.get("title") or "Meeting", row.get("date"), row.get("year"),
                                     bool(row.get("year_inferred")), row.get("source"))
                    for key, row in nodes.items() if row["label"] == "Meeting"}
        return cls(nodes, read_view_relationships(store), meetings)

    def within(self, since: str | None, until: str | None) -> "GraphSnapshot":
        """The graph of the meetings in [since, until] (see :func:`periods.in_period`): those meetings and the
        relationships their notes state; itself when neither bound is given."""
        if since is None and until is None:
            return self
        meetings = {key: m for key, m in self.meetings.items() if in_period(m, since, until)}
        return GraphSnapshot(self.nodes, [r for r in self.relationships if r["meeting"] in meetings], meetings)

    def name(self, key: str) -> str:
        row = self.nodes.get(key) or {}
        if row.get("label") == "Meeting":
            info = self.meetings[key]
            return f"{info.title} · {info.when}"
        if row.get("label") == "AgendaItem":
            number = row.get("number")
            return f"{number}. {row.get('title')}" if number else str(row.get("title"))
        return str(row.get("name") or key)

    def label(self, key: str) -> str:
        return (self.nodes.get(key) or {}).get("label", "")

    def rels(self, *kinds: str):
        return (r for r in self.relationships if r["type"] in kinds)


def read_view_relationships(store: GraphStore) -> list[dict]:
    """Every relationship the views use (all but FROM_DOCUMENT) with only the fields they read, in one order on
    both backends. Not ``export.read_relationships``: at 10,000 meetings reading every property and sorting by
    every field took 10 s of the report's 48 s of CPU; this takes 4.7 s."""
    relationships = []
    for kind, declared in sorted(RELATIONSHIPS.items()):
        if kind == "FROM_DOCUMENT":
            continue
        extra = ", r.affiliation AS affiliation" if "affiliation" in declared.properties else ""
        query = (f"MATCH (a)-[r:{kind}]->(b) RETURN a.key AS source, b.key AS target, r.meeting AS meeting, "
                 f"r.evidence AS evidence{extra}")
        rows = store.run(query, {})
        rows.sort(key=lambda r: (r["source"], r["target"], r["meeting"] or "", r["evidence"] or "",
                                 r.get("affiliation") or ""))
        relationships += [{"type": kind, **row} for row in rows]
    return relationships


# ---------------------------------------------------------------------------------------------- helpers


class _Builder:
    def __init__(self, snapshot: GraphSnapshot):
        self.snapshot = snapshot
        self.nodes: dict[str, ViewNode] = {}
        self.edges: dict[tuple, ViewEdge] = {}

    def node(self, key: str, node_id: str | None = None, part: int | None = None) -> ViewNode:
        node_id = node_id or key
        if node_id not in self.nodes:
            self.nodes[node_id] = ViewNode(node_id, self.snapshot.name(key), self.snapshot.label(key), key=key,
                                           part=part)
        return self.nodes[node_id]

    def edge(self, a: str, b: str, kind: str, meeting: str | None, evidence: str | None,
             directed: bool = False) -> ViewEdge:
        pair = (a, b) if directed or a <= b else (b, a)
        edge = self.edges.get((pair, kind))
        if edge is None:
            edge = self.edges[(pair, kind)] = ViewEdge(pair[0], pair[1], kind)
        if meeting:
            edge.meetings.add(meeting)
        edge.add_evidence(evidence, meeting)
        return edge

    def touch(self, node_id: str, meeting: str | None, evidence: str | None) -> None:
        node = self.nodes[node_id]
        if meeting:
            node.meetings.add(meeting)
        node.add_evidence(evidence, meeting)

    def finish(self, name, title, description, *, layout=True, size=None, max_nodes=None, max_edges=None,
               how_to_see="", **extra) -> View:
        """The view; ``size(nodes, edges)`` sets node sizes on the whole graph, before ``max_nodes`` (if given)
        collapses the smallest nodes and ``max_edges`` keeps the strongest links (``how_to_see`` the rest), so the
        layout is only computed for what the page shows."""
        nodes = list(self.nodes.values())
        edges = list(self.edges.values())
        for edge in edges:
            edge.weight = max(len(edge.meetings), 1)
        if size:
            size(nodes, edges)
        nodes, edges, notice, badge = cap_graph(nodes, edges, max_nodes, max_edges, how_to_see)
        if layout:
            place(nodes, edges)
        return View(name, title, description, nodes, edges, self.snapshot.meetings, notice=notice, badge=badge,
                    **extra)


def place(nodes: list[ViewNode], edges: list[ViewEdge], seed: int = 7) -> None:
    index = {node.id: i for i, node in enumerate(nodes)}
    pos = component_layout(len(nodes), [(index[e.source], index[e.target], e.weight) for e in edges], seed=seed)
    for node, (x, y) in zip(nodes, pos):
        node.x, node.y = float(x), float(y)


def size_by_degree(nodes: list[ViewNode], edges: list[ViewEdge]) -> None:
    """Degree centrality (distinct neighbours / (n - 1)), scaled to 1..100 for the page; the type's factor
    keeps topics and places smaller than actors of the same degree."""
    neighbours: dict[str, set[str]] = defaultdict(set)
    for edge in edges:
        neighbours[edge.source].add(edge.target)
        neighbours[edge.target].add(edge.source)
    n = max(len(nodes) - 1, 1)
    for node in nodes:
        centrality = len(neighbours[node.id]) / n
        node.facts.append(f"degree centrality {centrality:.3f} ({len(neighbours[node.id])} neighbours)")
        node.value = (1 + 99 * math.sqrt(centrality)) * TYPE_STYLE.get(node.type, ("", "", "", 1.0))[3]


def _entity(snapshot: GraphSnapshot, key: str) -> bool:
    return snapshot.label(key) in ACTOR_TYPES


# ---------------------------------------------------------------------------------------------- views


ACTOR_LINKS_HINT = ("The ego view draws any actor with its strongest links; motesgraf query ego-network --param "
                     "name=NAME lists all of one actor's, and a report of a shorter period (--since/--until) has "
                     "fewer links to leave out.")
CO_ATTENDANCE_HINT = ("motesgraf query co-attendance --param limit=N lists the N pairs who shared the most meetings; "
                      "a report of a shorter period (--since/--until) has fewer links to leave out.")


def actor_network(snapshot: GraphSnapshot, max_nodes: int | None = MAX_NODES, graph: View | None = None,
                  max_edges: int | None = MAX_EDGES) -> View:
    """People, municipalities, organisations, topics (and places): who represents whom, which actors
    collaborate, are members or parts of each other or are named together, and which topics an agenda item
    raises together with an actor (or a person presents). Above ``max_nodes`` the least linked are collapsed,
    above ``max_edges`` the weakest links left out (``graph``: the :func:`actor_graph` if already made)."""
    graph = graph or actor_graph(snapshot)
    nodes, edges, notice, badge = cap_graph(graph.nodes, graph.edges, max_nodes, max_edges, ACTOR_LINKS_HINT)
    place(nodes, edges)
    return dataclasses.replace(graph, nodes=nodes, edges=edges, notice=notice, badge=badge)


def actor_graph(snapshot: GraphSnapshot) -> View:
    """The whole actor network, sized, without positions (the ego view lays out what it shows itself)."""
    b = _actor_builder(snapshot)
    return b.finish("actors", "Actor network",
                    "People, municipalities, organisations and topics, linked by representation, collaboration, "
                    "membership, co-mention and shared agenda items.", layout=False, size=size_by_degree,
                    hidden_types=("Topic", "Place") if len(b.nodes) > BIG_GRAPH else ())


def _actor_builder(snapshot: GraphSnapshot) -> "_Builder":
    b = _Builder(snapshot)
    for rel in snapshot.rels("REPRESENTS", "COLLABORATES_WITH", "CO_MENTIONED", "MEMBER_OF", "PART_OF"):
        a, c = rel["source"], rel["target"]
        if not (_entity(snapshot, a) and _entity(snapshot, c)):
            continue
        for key in (a, c):
            b.node(key)
            b.touch(key, rel["meeting"], rel["evidence"])
        b.edge(a, c, rel["type"], rel["meeting"], rel["evidence"])
    mentioned: dict[str, list[dict]] = defaultdict(list)  # agenda item -> MENTIONS rows
    for rel in snapshot.rels("MENTIONS"):
        if _entity(snapshot, rel["target"]):
            mentioned[rel["source"]].append(rel)
            b.node(rel["target"])
            b.touch(rel["target"], rel["meeting"], rel["evidence"])
    for rel in snapshot.rels("PRESENTED"):
        if rel["source"] in snapshot.nodes:
            b.node(rel["source"])
            b.touch(rel["source"], rel["meeting"], rel["evidence"])
            for mention in mentioned.get(rel["target"], ()):
                if mention["target"] != rel["source"] and snapshot.label(mention["target"]) != "Person":
                    b.edge(rel["source"], mention["target"], "PRESENTED_ON", rel["meeting"], rel["evidence"])
    for item, rows in mentioned.items():
        topics = [r for r in rows if snapshot.label(r["target"]) == "Topic"]
        others = [r for r in rows if snapshot.label(r["target"]) in ("Municipality", "Organisation")]
        for topic, other in itertools.product(topics, others):
            b.edge(other["target"], topic["target"], "DISCUSSED_WITH", topic["meeting"], topic["evidence"])
    for rel in snapshot.rels("ATTENDED", "ABSENT_FROM", "CHAIRED", "MINUTED", "ADJUSTED"):
        if rel["source"] in b.nodes:
            b.touch(rel["source"], rel["meeting"], rel["evidence"])
    for node in b.nodes.values():
        node.facts.append(f"in {len(node.meetings)} meeting(s)")
    return b


def co_attendance(snapshot: GraphSnapshot, max_nodes: int | None = MAX_NODES,
                  max_edges: int | None = MAX_EDGES) -> View:
    """People who attended the same meetings; an edge's weight is the number of meetings shared. Above
    ``max_nodes`` the people in the fewest meetings are collapsed, above ``max_edges`` the pairs who shared the
    fewest left out."""
    b = _Builder(snapshot)
    attendees: dict[str, list[dict]] = defaultdict(list)
    for rel in snapshot.rels("ATTENDED"):
        attendees[rel["meeting"]].append(rel)
        b.node(rel["source"])
        b.touch(rel["source"], rel["meeting"], rel["evidence"])
    affiliations: dict[str, Counter] = defaultdict(Counter)
    for rel in snapshot.rels("ATTENDED"):
        if rel.get("affiliation"):
            affiliations[rel["source"]][rel["affiliation"]] += 1
    for meeting, rows in attendees.items():
        info = snapshot.meetings.get(meeting)
        sentence = f"Both attended {info.title} ({info.when})" if info else "Both attended"
        for a, c in itertools.combinations(sorted({r["source"] for r in rows}), 2):
            b.edge(a, c, "CO_ATTENDED", meeting, sentence)
    for node in b.nodes.values():
        node.value = 1 + 10 * len(node.meetings)
        node.facts.append(f"attended {len(node.meetings)} meeting(s)")
        if affiliations[node.id]:
            node.facts.append("for " + ", ".join(name for name, _ in affiliations[node.id].most_common(3)))
    return b.finish("co-attendance", "Co-attendance network",
                    "People linked when they attended the same meeting; thicker edges for more shared meetings.",
                    size_label="meetings attended", max_nodes=max_nodes, max_edges=max_edges,
                    how_to_see=CO_ATTENDANCE_HINT)


def organisation_recurrence(snapshot: GraphSnapshot, max_columns: int = MAX_TIMELINE) -> View:
    """Organisations against meetings on a timeline: meetings left to right by date, each organisation below
    the meetings it appears in; size is the number of meetings. Above ``max_columns`` meetings, one node per
    month (or year) stands for its meetings, and the page says so."""
    order = sorted(snapshot.meetings.values(), key=lambda m: m.sort_key)
    grain = choose_grain(order, max_columns)
    column_of = {m.key: m.key if grain == "meeting" else "period:" + period_of(m, grain) for m in order}
    b = _Builder(snapshot)
    for meeting in order:
        column = column_of[meeting.key]
        if grain == "meeting":
            b.node(meeting.key)
        elif column not in b.nodes:
            b.nodes[column] = ViewNode(column, column.removeprefix("period:"), "Meeting", key=column)
        b.nodes[column].meetings.add(meeting.key)
    for rel in snapshot.relationships:
        for key in (rel["source"], rel["target"]):
            if snapshot.label(key) == "Organisation" and rel["meeting"] in column_of:
                b.node(key)
                b.touch(key, rel["meeting"], rel["evidence"])
                kind = "REPRESENTED_AT" if rel["type"] == "REPRESENTS" else "APPEARS_IN"
                b.edge(key, column_of[rel["meeting"]], kind, rel["meeting"], rel["evidence"], directed=True)
    # one edge per (actor, meeting): merge "represented at" into "appears in"
    merged: dict[tuple, ViewEdge] = {}
    for (pair, kind), edge in sorted(b.edges.items(), key=lambda item: item[0][1] != "REPRESENTED_AT"):
        if pair in merged:
            merged[pair].meetings |= edge.meetings
            merged[pair].evidence_total += edge.evidence_total
            for item in edge.evidence:
                if item not in merged[pair].evidence and len(merged[pair].evidence) < MAX_EVIDENCE:
                    merged[pair].evidence.append(item)
        else:
            merged[pair] = edge
    b.edges = {(pair, edge.kind): edge for pair, edge in merged.items()}
    notice = None if grain == "meeting" else (
        f"{len(order):,} meetings are too many for one timeline (more than {max_columns:,}): each node on the top "
        f"row is one {grain} and stands for its meetings. To see single meetings, {period_hint(order)}.")
    view = b.finish("recurrence", "Organisation–meeting recurrence",
                    "Meetings in date order (top row); each organisation sits under the meetings it appears in, "
                    "sized by how many meetings that is.", layout=False, size_label="meetings")
    view.notice = notice
    view.badge = f"meetings grouped by {grain}" if notice else None
    timeline_layout(view, snapshot, column_of)
    return view


def timeline_layout(view: View, snapshot: GraphSnapshot, column_of: dict[str, str], step: float = 150.0,
                    row: float = 100.0) -> None:
    """Meeting nodes (or month/year nodes: ``column_of`` maps each meeting, in date order, to its node) on the
    top row, each organisation below the mean of its meetings."""
    x_of: dict[str, float] = {}
    for column in column_of.values():
        x_of.setdefault(column, len(x_of) * step)
    linked = Counter(e.target for e in view.edges)
    for node in view.nodes:
        if node.type == "Meeting":
            node.x, node.y, node.value = x_of[node.id], 0.0, 30
            if node.id in snapshot.meetings:
                info = snapshot.meetings[node.id]
                node.facts.append(node.label)
                node.label = info.when + "\n" + (info.title if len(info.title) <= 22 else info.title[:21] + "…")
            else:
                node.label += f"\n{len(node.meetings):,} meetings"
                node.facts.append(f"{len(node.meetings):,} meetings")
            node.facts.append(f"{linked[node.id]} organisation(s) and municipalities")
    actors = [n for n in view.nodes if n.type != "Meeting"]
    for node in actors:
        xs = [x_of[column_of[m]] for m in node.meetings if m in column_of] or [0.0]
        node.x = sum(xs) / len(xs)
        node.value = 4 + 8 * len(node.meetings)
        node.facts.append(f"in {len(node.meetings)} meeting(s)")
    # recurring actors in rows below the meetings, most recurring first, keeping labels apart; actors of a single
    # meeting below those, two abreast under their meeting
    rows: list[list[float]] = []
    recurring = [n for n in actors if len(n.meetings) > 1]
    for node in sorted(recurring, key=lambda n: (-len(n.meetings), n.x, n.label)):
        for number, taken in enumerate(rows):
            if all(abs(node.x - x) >= step * 0.5 for x in taken):
                taken.append(node.x)
                break
        else:
            number = len(rows)
            rows.append([node.x])
        node.y = 160.0 + number * row
    base = 160.0 + (len(rows) + 0.5) * row
    under: dict[float, int] = defaultdict(int)
    for node in sorted((n for n in actors if len(n.meetings) <= 1), key=lambda n: (n.x, n.type, n.label)):
        k = under[node.x]
        under[node.x] += 1
        node.x += (k % 2 - 0.5) * step * 0.5
        node.y = base + (k // 2) * row * 0.8


def ego_network(snapshot: GraphSnapshot, actors: View | None = None, max_columns: int = MAX_TIMELINE,
                max_drawn: int = MAX_EGO_DRAWN) -> View:
    """The whole actor network (never collapsed: the page draws one neighbourhood at a time) plus meetings and
    attendance; the page shows one actor and its neighbours (depth 1 or 2), laid out around it, at most
    ``max_drawn`` nodes (the strongest links first; the page says how many it leaves out). Any actor can be
    picked with the search box or a link ``ego.html#<key>``. Above ``max_columns`` meetings, one node per month
    (or year) stands for its meetings, as on the recurrence page. ``actors``: the :func:`actor_graph` if made."""
    actors = actors or actor_graph(snapshot)
    order = sorted(snapshot.meetings.values(), key=lambda m: m.sort_key)
    grain = choose_grain(order, max_columns)
    b = _Builder(snapshot)
    for node in actors.nodes:
        b.nodes[node.id] = ViewNode(node.id, node.label, node.type, set(node.meetings), list(node.evidence),
                                    node.evidence_total, list(node.facts), node.key, value=node.value)
    for edge in actors.edges:
        b.edges[((edge.source, edge.target), edge.kind)] = edge
    for rel in snapshot.rels("ATTENDED", "CHAIRED", "MINUTED", "ADJUSTED"):
        if rel["source"] in b.nodes and rel["target"] in snapshot.meetings:
            meeting = _meeting_node(b, snapshot.meetings[rel["target"]], grain)
            b.edge(rel["source"], meeting.id, rel["type"], rel["meeting"], rel["evidence"], directed=True)
    for node in b.nodes.values():
        if node.type == "Meeting":
            node.value = 20
            if grain != "meeting":
                node.facts.append(f"{len(node.meetings):,} meeting(s) this {grain}")
    people = [n for n in actors.nodes if n.type != "Topic"]
    initial = max(people or actors.nodes, key=lambda n: (n.value, n.label), default=None)
    view = b.finish("ego", "Ego network",
                    "Pick any actor (search box or click) to see it and its neighbours; depth 1 or 2.",
                    layout=False, mode="ego", initial=initial.id if initial else None,
                    hidden_types=actors.hidden_types, max_drawn=max_drawn)
    if grain != "meeting":
        view.notice = (f"{len(order):,} meetings are too many to draw one by one (more than {max_columns:,}): each "
                       f"meeting node stands for the meetings of one {grain}, its links for how many of them. To "
                       f"see single meetings, {period_hint(order)}.")
        view.badge = f"meetings grouped by {grain}"
    return view


def _meeting_node(b: _Builder, meeting: MeetingInfo, grain: str) -> ViewNode:
    """The node standing for ``meeting`` on the ego page: the meeting itself, or its month's (year's)."""
    if grain == "meeting":
        node = b.node(meeting.key)
    else:
        period = period_of(meeting, grain)
        node = b.nodes.get("period:" + period) or b.nodes.setdefault(
            "period:" + period, ViewNode("period:" + period, period, "Meeting", key="period:" + period))
    node.meetings.add(meeting.key)
    return node


def meeting_graphs(snapshot: GraphSnapshot, max_meetings: int = MAX_MEETING_PARTS) -> View:
    """One meeting at a time: its agenda items, who attended (or was absent, chaired, took minutes), whom they
    represented, what each item mentions and who presented it. Above ``max_meetings`` the page holds the most
    recent (each meeting adds its whole graph and layout to the page) and says so."""
    b = _Builder(snapshot)
    every = sorted(snapshot.meetings.values(), key=lambda m: m.sort_key)
    order = every[-max_meetings:]
    part_of = {m.key: i for i, m in enumerate(order)}

    def nid(part: int, key: str) -> str:
        return f"{part}|{key}"

    by_meeting: dict[str, list[dict]] = defaultdict(list)
    for rel in snapshot.relationships:
        if rel["meeting"] in part_of and rel["type"] != "FROM_DOCUMENT":
            by_meeting[rel["meeting"]].append(rel)
    for meeting, part in part_of.items():
        b.node(meeting, nid(part, meeting), part).meetings.add(meeting)
        for rel in by_meeting[meeting]:
            a, c = rel["source"], rel["target"]
            if a not in snapshot.nodes or c not in snapshot.nodes:
                continue
            for key in (a, c):
                b.node(key, nid(part, key), part)
                b.touch(nid(part, key), meeting, rel["evidence"] if rel["type"] != "HAS_ITEM" else None)
            b.edge(nid(part, a), nid(part, c), rel["type"], meeting, rel["evidence"], directed=True)
    for node in b.nodes.values():
        node.value = {"Meeting": 14, "AgendaItem": 11}.get(node.type, 8)
        if len(node.label) > 48:
            node.facts.append(node.label)
            node.label = node.label[:45] + "…"
    view = b.finish("meeting", "One meeting's graph",
                    "Choose a meeting: its agenda, attendees, whom they represent and what each item mentions.",
                    layout=False, mode="parts", parts=[f"{m.when} — {m.title}" for m in order],
                    initial=str(len(order) - 1 if len(every) > len(order) else 0) if order else None,
                    size_label="role in the meeting")
    if len(every) > len(order):
        view.notice = (f"This page holds the {len(order):,} most recent of {len(every):,} meetings (from "
                       f"{order[0].when}); type in the box above the list to find one. To see earlier meetings, "
                       f"{period_hint(every[:-len(order)])}.")
        view.badge = f"the {len(order):,} most recent meetings"
    # grouped once, not filtered per meeting: thousands of meetings would make that quadratic
    nodes_of: dict[int, list[ViewNode]] = defaultdict(list)
    edges_of: dict[int, list[ViewEdge]] = defaultdict(list)
    part_of_node = {n.id: n.part for n in view.nodes}
    for node in view.nodes:
        nodes_of[node.part].append(node)
    for edge in view.edges:
        edges_of[part_of_node[edge.source]].append(edge)
    for part in range(len(order)):
        place(nodes_of[part], edges_of[part])
    return view


def iter_views(snapshot: GraphSnapshot, max_nodes: int | None = MAX_NODES, max_edges: int | None = MAX_EDGES):
    """The report's views, one at a time (so a caller can show progress); network views above ``max_nodes``
    nodes are collapsed and above ``max_edges`` links keep the strongest (None: never)."""
    actors = actor_graph(snapshot)
    yield actor_network(snapshot, max_nodes, actors, max_edges)
    yield co_attendance(snapshot, max_nodes, max_edges)
    yield organisation_recurrence(snapshot)
    yield ego_network(snapshot, actors)
    yield meeting_graphs(snapshot)


def all_views(snapshot: GraphSnapshot, max_nodes: int | None = MAX_NODES,
              max_edges: int | None = MAX_EDGES) -> list[View]:
    return list(iter_views(snapshot, max_nodes, max_edges))
