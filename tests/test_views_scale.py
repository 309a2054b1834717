"""Views of graphs bigger than a page can draw: above the limit the least linked nodes are collapsed into one
summary node per type, the page says so (checked in real headless Chromium), the ego view keeps every actor, and
the Python side stays linear."""

import gc
import json
import re
import shutil
import time
from collections import Counter

import pytest

from bench.views import synthetic_graph, synthetic_view
from browser import browser_context, open_page  # noqa: F401  (session fixture)
from motesgraf.graph.build import build
from motesgraf.graph.store import open_store
from motesgraf.visualisations.aggregate import cap_edges, cap_nodes, is_summary
from motesgraf.visualisations.html_view import render_view
from motesgraf.visualisations.layout import force_layout
from motesgraf.visualisations.network_data import size_by_degree
from motesgraf.visualisations.report import write_report


def test_small_graphs_are_left_whole():
    nodes, edges, _ = synthetic_graph(200)
    kept, kept_edges, notice = cap_nodes(nodes, edges, 200)
    assert kept is nodes and kept_edges is edges and notice is None


def test_big_graph_keeps_the_most_linked_and_collapses_the_rest_per_type():
    nodes, edges, _ = synthetic_graph(2000)
    size_by_degree(nodes, edges)
    kept, kept_edges, notice = cap_nodes(nodes, edges, 300)
    assert len(kept) <= 300
    summaries = [n for n in kept if is_summary(n)]
    shown = [n for n in kept if not is_summary(n)]
    shown_ids = {n.id for n in shown}
    type_of = {n.id: n.type for n in nodes}
    left_out_types = [n.type for n in nodes if n.id not in shown_ids]
    assert sorted(s.type for s in summaries) == sorted(set(left_out_types))  # one summary per type left out
    # every node is either shown or counted in its type's summary
    collapsed = Counter(left_out_types)
    for summary in summaries:
        assert summary.label.startswith(f"{collapsed[summary.type]:,} other ")
    # the shown ones are the largest: none left out is bigger than the smallest shown
    assert max(n.value for n in nodes if n.id not in shown_ids) <= min(n.value for n in shown)
    # edges only between nodes on the page; edges among shown nodes kept as they were
    ids = {n.id for n in kept}
    assert all(e.source in ids and e.target in ids for e in kept_edges)
    inner = [e for e in edges if e.source in shown_ids and e.target in shown_ids]
    assert [e for e in kept_edges if e.kind != "COLLAPSED"] == inner
    # weights of edges with one end collapsed add up on the summary edges
    crossing = sum(e.weight for e in edges if (e.source in shown_ids) != (e.target in shown_ids))
    between = sum(e.weight for e in edges if e.source not in shown_ids and e.target not in shown_ids
                  and type_of[e.source] != type_of[e.target])
    assert sum(e.weight for e in kept_edges if e.kind == "COLLAPSED") == crossing + between
    assert "2,000 nodes" in notice and f"{2000 - len(shown):,}" in notice and "--max-nodes" in notice


def _weighted_graph(count: int):
    """The synthetic graph with varied link weights (meetings shared), as the co-attendance view has."""
    nodes, edges, _ = synthetic_graph(count)
    for i, edge in enumerate(edges):
        edge.weight = float(1 + (i * 7919) % 13)
    return nodes, edges


def test_few_links_are_left_whole():
    nodes, edges = _weighted_graph(300)
    kept, notice = cap_edges(nodes, edges, len(edges))
    assert kept is edges and notice is None


def test_many_links_keep_the_strongest_and_each_nodes_strongest():
    nodes, edges = _weighted_graph(2000)
    kept, notice = cap_edges(nodes, edges, 1500, "HOW TO SEE.")
    kept_ids = {id(e) for e in kept}
    dropped = [e for e in edges if id(e) not in kept_ids]
    assert [e for e in edges if id(e) in kept_ids] == kept  # in their original order
    # every node that had a link keeps its strongest one, so none is drawn alone
    strongest = {}
    for e in edges:
        for end in (e.source, e.target):
            strongest[end] = max(strongest.get(end, 0), e.weight)
    best_kept = {}
    for e in kept:
        for end in (e.source, e.target):
            best_kept[end] = max(best_kept.get(end, 0), e.weight)
    assert best_kept == strongest
    assert dropped  # the nodes outnumber the limit here: their strongest links alone may pass it
    assert f"{len(edges):,} links" in notice and f"{len(dropped):,} weaker links" in notice
    assert notice.endswith("HOW TO SEE.")


def test_links_above_the_limit_are_the_strongest():
    nodes, edges = _weighted_graph(500)
    kept, _ = cap_edges(nodes, edges, 700)
    assert len(kept) == 700
    kept_ids = {id(e) for e in kept}
    weakest_dropped_above = max(e.weight for e in edges if id(e) not in kept_ids)
    # every link stronger than one left out is kept
    assert all(id(e) in kept_ids for e in edges if e.weight > weakest_dropped_above)


def test_layout_time_grows_linearly_not_quadratically():
    """The layout estimates repulsion from a sample above EXACT_LIMIT nodes: 4× the nodes must cost far less than
    the 16× a quadratic layout would (measured in the same run; linear is about 4×)."""
    def seconds(count):
        nodes, edges, _ = synthetic_graph(count)
        index = {n.id: i for i, n in enumerate(nodes)}
        pairs = [(index[e.source], index[e.target], 1.0) for e in edges]
        started = time.perf_counter()
        force_layout(count, pairs, iterations=20)
        return time.perf_counter() - started

    small, big = min(seconds(2500) for _ in range(2)), min(seconds(10000) for _ in range(2))
    assert big / small < 9, (small, big)


def test_collapsed_page_shows_its_notice_in_chromium(browser_context, tmp_path):
    view = synthetic_view(2500, max_nodes=400)
    assert len(view.nodes) <= 400 and view.notice
    path = tmp_path / "collapsed.html"
    path.write_text(render_view(view), encoding="utf-8")
    page = open_page(browser_context, path)
    notice = page.locator("#notice")
    assert notice.is_visible()
    text = notice.inner_text()
    assert "2,500 nodes" in text and "ego view" in text and "--max-nodes" in text
    assert page.evaluate("() => window.motesgraf.nodes.length") == len(view.nodes)
    assert page.evaluate("() => window.motesgraf.drawnNodeCount()") == len(view.nodes)
    summaries = page.evaluate("""() => window.motesgraf.data.nodes.filter(n => n.s).map(n =>
        window.motesgraf.network.body.nodes[n.id].options.shapeProperties.borderDashes)""")
    assert len(summaries) == sum(is_summary(n) for n in view.nodes) >= 3 and all(summaries)
    page.evaluate("() => window.motesgraf.search('other person nodes')")
    assert "collapsed into one" in page.inner_text("#details")
    assert page.problems == [] and page.dialogs == []
    page.close()


def test_whole_page_has_no_notice(browser_context, tmp_path):
    path = tmp_path / "whole.html"
    path.write_text(render_view(synthetic_view(300)), encoding="utf-8")
    page = open_page(browser_context, path)
    assert page.locator("#notice").count() == 0
    page.close()


@pytest.fixture(scope="module")
def sample_store(shared_dir, tmp_path_factory):
    notes = tmp_path_factory.mktemp("notes")
    for path in sorted((shared_dir / "samples").glob("*.txt")):
        shutil.copy(path, notes / path.name)
    with open_store("embedded", data_dir=tmp_path_factory.mktemp("data")) as store:
        build([notes], store)
        yield store


def _payload(path):
    text = path.read_text(encoding="utf-8")
    return json.loads(re.search(r'<script type="application/json" id="motesgraf-data">(.*?)</script>', text, re.S)[1])


def test_report_collapses_network_views_but_not_the_ego_view(sample_store, tmp_path, browser_context):
    write_report(sample_store, tmp_path / "whole")
    whole = _payload(tmp_path / "whole" / "actors.html")
    assert whole["notice"] is None and len(whole["nodes"]) > 30
    write_report(sample_store, tmp_path / "small", max_nodes=20)
    actors = _payload(tmp_path / "small" / "actors.html")
    assert len(actors["nodes"]) <= 20 and f"{len(whole['nodes'])} nodes" in actors["notice"]
    ego = _payload(tmp_path / "small" / "ego.html")
    assert ego["notice"] is None
    assert {n["key"] for n in whole["nodes"]} <= {n["key"] for n in ego["nodes"]}
    page = open_page(browser_context, tmp_path / "small" / "actors.html")
    assert "collapsed" in page.inner_text("#notice")
    page.close()
    index = (tmp_path / "small" / "index.html").read_text(encoding="utf-8")
    assert "the least linked collapsed" in index


def test_small_report_draws_every_link_without_a_notice(sample_store, tmp_path):
    """The limits change nothing on a small store: the pages equal those written with no limits at all."""
    write_report(sample_store, tmp_path / "capped")
    write_report(sample_store, tmp_path / "whole", max_nodes=None, max_edges=None)
    for name in ("actors", "co-attendance", "ego"):
        capped, whole = _payload(tmp_path / "capped" / f"{name}.html"), _payload(tmp_path / "whole" / f"{name}.html")
        assert capped == whole and capped["notice"] is None and capped["edges"]
    index = (tmp_path / "capped" / "index.html").read_text(encoding="utf-8")
    assert "left out" not in index and "collapsed" not in index


def test_report_leaves_out_the_weakest_links_and_says_so(sample_store, tmp_path, browser_context):
    whole = _payload_of_report(sample_store, tmp_path / "whole", None)
    out = tmp_path / "few-links"
    write_report(sample_store, out, max_edges=15)
    for name, hint in (("actors", "ego-network"), ("co-attendance", "query co-attendance")):
        payload = _payload(out / f"{name}.html")
        assert len(payload["edges"]) < len(whole[name]["edges"])  # at most 15, or each node's strongest link
        page = open_page(browser_context, out / f"{name}.html")
        notice = page.inner_text("#notice")
        assert f"{len(whole[name]['edges']):,} links" in notice and "weaker links are left out" in notice
        assert hint in notice and "--since" in notice
        assert page.evaluate("() => window.motesgraf.edges.length") == len(payload["edges"])
        assert page.problems == []
        page.close()
    assert _payload(out / "ego.html")["edges"] == whole["ego"]["edges"]  # the ego page holds every link
    index = (out / "index.html").read_text(encoding="utf-8")
    assert index.count("the weakest links left out") == 2


def test_report_leaves_nothing_frozen_for_the_garbage_collector(sample_store, tmp_path):
    """write_report keeps its snapshot out of the collector's scans only while it runs (a library caller that
    writes many reports must get its memory back)."""
    assert gc.get_freeze_count() == 0
    write_report(sample_store, tmp_path / "report")
    assert gc.get_freeze_count() == 0


def _payload_of_report(store, out, max_edges):
    write_report(store, out, max_edges=max_edges)
    return {name: _payload(out / f"{name}.html") for name in ("actors", "co-attendance", "ego")}
