"""A synthetic view built straight from nodes and edges (no extraction), for benchmarks and browser tests of big
graphs."""

import random

from motesgraf.visualisations.network_data import MeetingInfo, View, ViewEdge, ViewNode, place, size_by_degree


def synthetic_view(count: int, seed: int = 1) -> View:
    """A view made directly (no extraction): people, municipalities, organisations and topics over 40 meetings."""
    rng = random.Random(seed)
    meetings = {f"meeting:{i}": MeetingInfo(f"meeting:{i}", f"Möte {i}", f"{2015 + i // 5}-{1 + i % 12:02d}-15",
                                            2015 + i // 5, False, f"/notes/m{i}.txt") for i in range(40)}
    kinds = ["Person"] * 6 + ["Organisation"] * 2 + ["Municipality", "Topic"]
    nodes = [ViewNode(f"n{i}", f"{kinds[i % 10]} {i}", kinds[i % 10]) for i in range(count)]
    edges = []
    for i in range(1, count):
        for j in {rng.randrange(0, i), rng.randrange(max(0, i - 50), i)}:
            meeting = rng.choice(list(meetings))
            nodes[i].meetings.add(meeting)
            nodes[j].meetings.add(meeting)
            edge = ViewEdge(nodes[i].id, nodes[j].id, "CO_MENTIONED", {meeting})
            edge.add_evidence(f"{nodes[i].label} och {nodes[j].label} samverkar.", meeting)
            edges.append(edge)
    place(nodes, edges)
    size_by_degree(nodes, edges)
    return View("synthetic", "Synthetic", f"{count} nodes", nodes, edges, meetings, hidden_types=())
