"""Synthetic views built straight from nodes and edges (no extraction), for benchmarks and browser tests of big
graphs, and the baseline they are measured against: pyvis's defaults (physics on, its own template).

"Interactive" means the same on both pages: milliseconds from navigation start until vis-network has drawn the
network for the first time (its first ``afterDrawing``; with physics on, vis-network draws nothing until its
stabilisation iterations end). For pyvis, "stabilised" is when the physics comes to rest afterwards."""

from __future__ import annotations

import random
import time
from pathlib import Path

from motesgraf.visualisations.aggregate import MAX_NODES, cap_nodes
from motesgraf.visualisations.network_data import MeetingInfo, View, ViewEdge, ViewNode, place, size_by_degree

PYVIS_LOG = "motesgraf-bench "
# appended to pyvis's own script right after it creates the network, so no frame can be drawn before it listens
PYVIS_HOOK = ("drawGraph();\n"
              f"network.once('afterDrawing', () => console.log('{PYVIS_LOG}interactive ' + performance.now()));"
              f"network.once('stabilized', () => console.log('{PYVIS_LOG}stabilized ' + performance.now()));\n")


def synthetic_graph(count: int, seed: int = 1) -> tuple[list[ViewNode], list[ViewEdge], dict[str, MeetingInfo]]:
    """People, municipalities, organisations and topics over 40 meetings, about two edges per node."""
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
    return nodes, edges, meetings


def synthetic_view(count: int, seed: int = 1, max_nodes: int | None = MAX_NODES) -> View:
    """The synthetic graph as the report would show it: sized, collapsed above ``max_nodes`` (None: never),
    laid out."""
    nodes, edges, meetings = synthetic_graph(count, seed)
    size_by_degree(nodes, edges)
    notice = None
    if max_nodes is not None:
        nodes, edges, notice = cap_nodes(nodes, edges, max_nodes)
    place(nodes, edges)
    return View("synthetic", "Synthetic", f"{count} nodes", nodes, edges, meetings, hidden_types=(),
                notice=notice)


def write_pyvis_page(count: int, path: Path, seed: int = 1) -> float:
    """The same synthetic graph through ``pyvis.network.Network()`` with its defaults (physics on), vis-network
    inlined rather than fetched (the benchmark runs offline); returns the seconds pyvis took to add the nodes and
    edges and write the page."""
    from pyvis.network import Network

    nodes, edges, _ = synthetic_graph(count, seed)
    started = time.perf_counter()
    network = Network(cdn_resources="in_line")
    for node in nodes:
        network.add_node(node.id, label=node.label, title=node.type)
    for edge in edges:
        network.add_edge(edge.source, edge.target, value=edge.weight)
    network.write_html(str(path))
    seconds = time.perf_counter() - started
    html = path.read_text(encoding="utf-8")
    if html.count("drawGraph();") != 1:
        raise RuntimeError("pyvis's template changed: cannot hook its timings")
    path.write_text(html.replace("drawGraph();", PYVIS_HOOK), encoding="utf-8")
    return seconds


def pyvis_timings(path: Path, wait_s: float) -> tuple[float | None, float | None]:
    """(interactive ms, stabilised ms) of a pyvis page; None for what did not happen within ``wait_s``. In a
    browser of its own, closed afterwards: a page whose physics never settles keeps its renderer busy and would
    slow every page opened after it. The page reports through console messages, so a busy page cannot block the
    wait."""
    from motesgraf.visualisations.screenshot import offline_browser

    timings: dict[str, float] = {}

    def record(message) -> None:
        name, _, value = message.text.removeprefix(PYVIS_LOG).partition(" ")
        if message.text.startswith(PYVIS_LOG):
            timings[name] = float(value)

    with offline_browser() as context:
        page = context.new_page()
        page.on("console", record)
        page.goto(path.resolve().as_uri(), wait_until="commit")
        deadline = time.monotonic() + wait_s
        while "stabilized" not in timings and time.monotonic() < deadline:
            page.wait_for_timeout(250)
    return timings.get("interactive"), timings.get("stabilized")


def frame_ms(context, path: Path, repeat: int = 5) -> float:
    """Median milliseconds vis-network takes to draw one frame of our page (what panning and every filter
    change cost)."""
    from motesgraf.visualisations.screenshot import open_page

    page = open_page(context, path)
    try:
        return page.evaluate("""n => { const times = [];
            for (let i = 0; i < n; i++) { const t = performance.now(); window.motesgraf.network.redraw();
                                          times.push(performance.now() - t); }
            times.sort((a, b) => a - b); return times[Math.floor(n / 2)]; }""", repeat)
    finally:
        page.close()
