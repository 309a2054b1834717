"""Graphs too big for one page: keep the best-connected nodes, collapse the rest into one summary node per type.

vis-network draws every visible node on every frame, so above :data:`MAX_NODES` a page stops being usable
(measured in ``bench/RESULTS.md``: at 20,000 nodes the first drawing takes seconds and every legend click or time
change many more). Above the limit a view keeps the ``max_nodes`` - (one per type) nodes ranked highest (by size,
then degree, then name), and every other node goes into a summary node of its type ("18,000 other person
nodes"), which takes over its edges, meetings and time points, so the legend and the time slider still account
for it. The ego view is never collapsed (it draws one neighbourhood at a time), so every actor stays findable.
:func:`cap_nodes` returns the notice the page shows: what was left out and how to see it.

Links are bounded as well (:data:`MAX_EDGES`): a page of 3,000 nodes can still hold 100,000 links, and every one
is a vis-network item to build and draw. :func:`cap_edges` keeps each node's strongest link and then the strongest
others, and says how many it left out.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from .view_model import TYPE_STYLE, ViewEdge, ViewNode

# The largest graph a page shows whole. Measured on the synthetic graphs of bench/views.py, drawn whole in headless
# Chromium on a busy 2-core machine (2026-11-23): one frame (panning, every filter change) took 14 / 23 / 56 / 96 /
# 743 / 1,732 ms and hiding one type 0.2 / 0.6 / 0.9 / 1.6 / 6.9 / 12.7 s at 1,000 / 2,000 / 3,000 / 5,000 /
# 10,000 / 20,000 nodes: 3,000 keeps a frame well under 100 ms and a click under a second.
MAX_NODES = 3000
# The most links a page hands vis-network. Node count alone did not bound a page: the 10,000-meeting report's actor
# page held 3,000 nodes but 96,000 links and took 6-12 s to open (co-attendance: 44,000 links, 4-7 s). Those two
# pages cut to 3,000 / 6,000 / 10,000 links opened in 1.8 / 2.6 / 3.0 s (actors) and 1.5 / 1.9 / 2.6 s
# (co-attendance), and hid all people in 1.1 / 1.8 / 1.7 s and 0.4 / 1.0 / 1.4 s (headless Chromium, 2-core
# machine under load 10, 2026-11-24): 6,000 keeps both under about 2.5 s with room for the legend.
MAX_EDGES = 6000
SUMMARY_PREFIX = "summary:"


def cap_nodes(nodes: list[ViewNode], edges: list[ViewEdge],
              max_nodes: int = MAX_NODES) -> tuple[list[ViewNode], list[ViewEdge], str | None]:
    """(nodes, edges, notice): unchanged with ``notice`` None when there are at most ``max_nodes`` nodes,
    otherwise at most ``max_nodes`` nodes including the summary nodes. Linear in nodes and edges (plus a sort)."""
    if len(nodes) <= max_nodes:
        return nodes, edges, None
    degree = Counter()
    for edge in edges:
        degree[edge.source] += 1
        degree[edge.target] += 1
    ranked = sorted(nodes, key=lambda n: (-n.value, -degree[n.id], n.label, n.id))
    kept = ranked[:max(max_nodes - len({n.type for n in nodes}), 1)]
    left_out = ranked[len(kept):]
    members: dict[str, list[ViewNode]] = defaultdict(list)
    for node in left_out:
        members[node.type].append(node)
    summaries = [_summary_node(node_type, group) for node_type, group in sorted(members.items())]
    for summary in summaries:  # as big as the biggest node shown, so the collapsed part is hard to miss
        summary.value = kept[0].value
    home = {n.id: n.id for n in kept} | {n.id: SUMMARY_PREFIX + n.type for n in left_out}
    merged = _merge_edges(edges, home)
    links = Counter(end for e in merged for end in (e.source, e.target) if end.startswith(SUMMARY_PREFIX))
    for summary in summaries:
        summary.facts.append(f"{links[summary.id]:,} link(s) to other nodes on the page")
    return kept + summaries, merged, _notice(len(nodes), kept, left_out, max_nodes)


def is_summary(node: ViewNode) -> bool:
    return node.id.startswith(SUMMARY_PREFIX)


def _type_name(node_type: str) -> str:
    return TYPE_STYLE.get(node_type, (node_type,))[0].lower()


def _summary_node(node_type: str, members: list[ViewNode]) -> ViewNode:
    summary = ViewNode(SUMMARY_PREFIX + node_type, f"{len(members):,} other {_type_name(node_type)} nodes",
                       node_type, key=SUMMARY_PREFIX + node_type)
    for member in members:
        summary.meetings |= member.meetings
    summary.facts = [f"{len(members):,} {_type_name(node_type)} nodes with the fewest links, collapsed into one",
                     "to see one: find it in the ego view (which holds every actor); to see all: write the report "
                     "with a higher --max-nodes"]
    return summary


def _merge_edges(edges: list[ViewEdge], home: dict[str, str]) -> list[ViewEdge]:
    """Edges between shown nodes unchanged; the others re-pointed at the summary nodes, merged into one edge per
    pair (weights and meetings added); edges inside one summary dropped."""
    shown: list[ViewEdge] = []
    collapsed: dict[tuple[str, str], ViewEdge] = {}
    for edge in edges:
        source, target = home[edge.source], home[edge.target]
        if (source, target) == (edge.source, edge.target):
            shown.append(edge)
            continue
        if source == target:
            continue
        pair = (min(source, target), max(source, target))
        into = collapsed.get(pair)
        if into is None:
            into = collapsed[pair] = ViewEdge(pair[0], pair[1], "COLLAPSED", weight=0.0)
        into.meetings |= edge.meetings
        into.weight += edge.weight
        into.evidence_total += edge.evidence_total
    return shown + list(collapsed.values())


def _notice(total: int, kept: list[ViewNode], left_out: list[ViewNode], max_nodes: int) -> str:
    per_type = Counter(_type_name(n.type) for n in left_out)
    parts = ", ".join(f"{count:,} {name}" for name, count in sorted(per_type.items(), key=lambda i: (-i[1], i[0])))
    return (f"This graph has {total:,} nodes, more than a page draws smoothly ({max_nodes:,}). Showing the "
            f"{len(kept):,} largest (the most linked or most present); the other {len(left_out):,} ({parts}) are "
            "collapsed into one dashed summary node per type. To see any of them, find it in the ego view, which "
            "holds every actor; to see them all, write the report again with a higher --max-nodes (slower pages).")


def cap_edges(nodes: list[ViewNode], edges: list[ViewEdge], max_edges: int = MAX_EDGES,
              how_to_see: str = "") -> tuple[list[ViewEdge], str | None]:
    """(edges, notice): unchanged with ``notice`` None when there are at most ``max_edges``, otherwise every
    node's strongest link (so no node is left drawn alone) and then the strongest others (most shared meetings)
    up to ``max_edges``, in their original order. ``how_to_see``: the notice's last sentence."""
    if len(edges) <= max_edges:
        return edges, None
    ranked = sorted(range(len(edges)), key=lambda i: (-edges[i].weight, i))
    keep: set[int] = set()
    linked: set[str] = set()
    for i in ranked:  # each node's strongest link first (more than max_edges only if the nodes outnumber it)
        if edges[i].source not in linked or edges[i].target not in linked:
            keep.add(i)
            linked.update((edges[i].source, edges[i].target))
    for i in ranked:
        if len(keep) >= max_edges:
            break
        keep.add(i)
    kept = [edge for i, edge in enumerate(edges) if i in keep]
    notice = (f"These {len(nodes):,} nodes have {len(edges):,} links, more than a page draws quickly "
              f"({max_edges:,}). Showing {len(kept):,}: each node's strongest link, then the strongest others (most "
              f"shared meetings); {len(edges) - len(kept):,} weaker links are left out. {how_to_see}")
    return kept, notice.strip()


def cap_graph(nodes: list[ViewNode], edges: list[ViewEdge], max_nodes: int | None, max_edges: int | None,
              how_to_see: str = "") -> tuple[list[ViewNode], list[ViewEdge], str | None, str | None]:
    """(nodes, edges, notice, badge): :func:`cap_nodes` then :func:`cap_edges` (a limit of None: not capped);
    the badge says in a few words, for the report's index, what was left out."""
    node_notice = edge_notice = None
    if max_nodes is not None:
        nodes, edges, node_notice = cap_nodes(nodes, edges, max_nodes)
    if max_edges is not None:
        edges, edge_notice = cap_edges(nodes, edges, max_edges, how_to_see)
    badges = [text for notice, text in ((node_notice, "the least linked collapsed"),
                                        (edge_notice, "the weakest links left out")) if notice]
    return nodes, edges, " ".join(n for n in (node_notice, edge_notice) if n) or None, ", ".join(badges) or None
