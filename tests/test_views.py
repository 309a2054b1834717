"""The HTML views and the report, checked in a real headless Chromium with the network switched off: the pages
load without errors, draw the expected nodes, search focuses the right node, the time filter hides what lies
outside the range, and names from documents cannot run script."""

import json
import re
import shutil

import pytest

from bench.views import synthetic_view
from click.testing import CliRunner

from browser import browser_context, open_page  # noqa: F401  (session fixture)
from conftest import FIXTURE_NOTES
from motesgraf.graph.build import build
from motesgraf.graph.store import open_store
from motesgraf.visualisations.html_view import render_view, script_json, view_payload
from motesgraf.visualisations.network_data import GraphSnapshot, View, ViewEdge, ViewNode, actor_network
from motesgraf.visualisations.report import VIEW_FILES, sortable_table, write_report

HOSTILE = "<img src=x onerror=alert(1)>"


@pytest.fixture(scope="session")
def sample_store(tmp_path_factory, shared_dir):
    folder = tmp_path_factory.mktemp("notes")
    for path in sorted((shared_dir / "samples").glob("*.txt")):
        shutil.copy(path, folder / path.name)
    for name in ("05_flat_kommundirektorer_umearegionen_december.txt", "13_dua_umea_vannas_nordmaling_2021.txt",
                 "12_feriejobb_skane_2017.txt"):
        shutil.copy(FIXTURE_NOTES / name, folder / name)
    with open_store("embedded", data_dir=tmp_path_factory.mktemp("data")) as store:
        build([folder], store)
        yield store


@pytest.fixture(scope="session")
def report_dir(sample_store, tmp_path_factory):
    out = tmp_path_factory.mktemp("report")
    write_report(sample_store, out)
    return out


@pytest.fixture(scope="session")
def snapshot(sample_store):
    return GraphSnapshot.read(sample_store)


def _payload(path):
    text = path.read_text(encoding="utf-8")
    match = re.search(r'<script type="application/json" id="motesgraf-data">(.*?)</script>', text, re.S)
    return json.loads(match.group(1))


def _check_clean(page):
    assert page.problems == [], page.problems
    assert page.dialogs == [], page.dialogs


# ------------------------------------------------------------------------------------------ static checks


def test_report_writes_every_page_self_contained(report_dir):
    pages = sorted(p.name for p in report_dir.glob("*.html"))
    assert pages == sorted(["index.html", *VIEW_FILES.values()])
    for page in report_dir.glob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)=[\"']?(https?:)?//", text, re.I), page
        # the head before the styles, without the random nonce (which can hold "cdn" by chance)
        head = re.sub(r"nonce-[\w-]+", "", text.split("</style>")[0].split("<style>")[0])
        assert "cdn" not in head.lower()
        if page.name != "index.html":
            assert "vis.Network" in text and "vis-network" in text  # vis inlined, not fetched


def test_script_json_cannot_close_its_element():
    text = script_json({"a": "</script><!-- <script>alert(1)</script>", "b": "\u2028&"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text)["a"].startswith("</script>")


def test_sortable_table_escapes_and_marks_numbers():
    html = sortable_table([{"name": HOSTILE, "n": 3}, {"name": "Ale", "n": 12}])
    assert HOSTILE not in html and "&lt;img" in html
    assert 'data-type="number"' in html and 'data-type="text"' in html
    assert "no rows" in sortable_table([], ["a"])


def test_actor_network_holds_people_places_and_topics(snapshot):
    view = actor_network(snapshot)
    types = {n.type for n in view.nodes}
    assert {"Person", "Municipality", "Organisation", "Topic"} <= types
    names = {n.label for n in view.nodes}
    assert {"Joakim Valtin", "Ale", "Lilla Edet", "SKR"} <= names
    joakim = next(n for n in view.nodes if n.label == "Joakim Valtin")
    assert len(joakim.meetings) == 2 and joakim.evidence  # two sample meetings, with sentences
    payload = view_payload(view)
    assert all(-1 <= ev[1] < len(payload["meetings"]) for n in payload["nodes"] for ev in n["ev"])
    assert all(m["url"] is None or m["url"].startswith("file://") for m in payload["meetings"])


# ------------------------------------------------------------------------------------------ in the browser


@pytest.mark.parametrize("name", list(VIEW_FILES))
def test_view_loads_offline_and_draws_expected_nodes(browser_context, report_dir, name):
    path = report_dir / VIEW_FILES[name]
    payload = _payload(path)
    page = open_page(browser_context, path)
    drawn = page.evaluate("() => window.motesgraf.drawnNodeCount()")
    # the network page hands vis every node (hidden or not); the ego and meeting pages only the ones shown
    handed = len(payload["nodes"]) if payload["mode"] == "network" else drawn
    assert page.evaluate("() => window.motesgraf.nodes.length") == handed
    assert page.evaluate("() => Object.keys(window.motesgraf.network.body.nodes).length") == handed
    if payload["mode"] == "network":
        hidden = {t["type"] for t in payload["types"] if t["hidden"]}
        assert drawn == sum(1 for n in payload["nodes"] if n["type"] not in hidden)
    elif payload["mode"] == "parts":
        assert drawn == sum(1 for n in payload["nodes"] if n["p"] == int(payload["initial"]))
    else:  # ego: the ego and its neighbours
        ego = payload["initial"]
        neighbours = {e["to"] if e["from"] == ego else e["from"] for e in payload["edges"] if ego in (e["from"], e["to"])}
        hidden = {t["type"] for t in payload["types"] if t["hidden"]}
        assert drawn == 1 + len({n for n in neighbours if payload["nodes"][n]["type"] not in hidden})
    legend = page.inner_text("#legend")
    for t in payload["types"]:
        assert t["label"] in legend
    _check_clean(page)
    page.close()


def test_index_links_every_view_and_sorts_tables(browser_context, report_dir):
    page = open_page(browser_context, report_dir / "index.html")
    hrefs = page.eval_on_selector_all("a.card", "as => as.map(a => a.getAttribute('href'))")
    assert sorted(hrefs) == sorted(VIEW_FILES.values())
    assert page.locator("svg.chart").count() == 3
    table = page.locator("table.sortable").first
    header = table.locator("th[data-type=number]").first
    header.click()  # ascending
    column = header.evaluate("th => th.cellIndex")
    values = table.evaluate(f"t => Array.from(t.tBodies[0].rows).map(r => parseFloat(r.cells[{column}].dataset.sort))")
    assert values == sorted(values) and len(values) > 1
    header.click()
    values = table.evaluate(f"t => Array.from(t.tBodies[0].rows).map(r => parseFloat(r.cells[{column}].dataset.sort))")
    assert values == sorted(values, reverse=True)
    _check_clean(page)
    page.close()


def test_search_focuses_the_right_node(browser_context, report_dir):
    path = report_dir / "actors.html"
    payload = _payload(path)
    target = next(n for n in payload["nodes"] if n["label"] == "Joakim Valtin")
    page = open_page(browser_context, path)
    page.fill("#search", "joakim val")
    page.press("#search", "Enter")
    assert page.evaluate("() => window.motesgraf.network.getSelectedNodes()") == [target["id"]]
    # the view is centred on it
    centre = page.evaluate("""() => { const n = window.motesgraf.network; const p = n.getPosition(window.motesgraf.focused);
                                      const c = n.getViewPosition(); return [p.x - c.x, p.y - c.y]; }""")
    assert abs(centre[0]) < 1 and abs(centre[1]) < 1
    # its neighbours stay highlighted, the others fade
    highlighted = set(page.evaluate("() => window.motesgraf.highlighted"))
    neighbours = {e["to"] if e["from"] == target["id"] else e["from"] for e in payload["edges"]
                  if target["id"] in (e["from"], e["to"])}
    assert highlighted == neighbours | {target["id"]}
    assert page.inner_text("#details").startswith("Joakim Valtin")
    page.fill("#search", "nobody by this name")
    page.press("#search", "Enter")
    assert "No match" in page.inner_text("#search-status")
    _check_clean(page)
    page.close()


def test_time_filter_hides_nodes_outside_the_range(browser_context, report_dir):
    path = report_dir / "actors.html"
    payload = _payload(path)
    assert len(payload["times"]) >= 3
    page = open_page(browser_context, path)
    hidden_types = {t["type"] for t in payload["types"] if t["hidden"]}
    last = len(payload["times"]) - 1
    # move the "from" slider to the last point, as a person would
    page.evaluate(f"() => {{ const s = document.getElementById('time-from'); s.value = {last}; s.dispatchEvent(new Event('input')); }}")
    expected = {n["id"] for n in payload["nodes"] if n["type"] not in hidden_types and (not n["t"] or last in n["t"])}
    assert set(page.evaluate("() => window.motesgraf.visibleNodeIds()")) == expected
    drawn = page.evaluate("() => Object.values(window.motesgraf.network.body.nodes).filter(n => !n.options.hidden).map(n => n.id)")
    assert set(drawn) == expected and 0 < len(expected) < len(payload["nodes"])
    assert payload["times"][last] in page.inner_text("#time-label")
    page.evaluate("() => window.motesgraf.setTimeRange(0, 0)")
    first = {n["id"] for n in payload["nodes"] if n["type"] not in hidden_types and (not n["t"] or 0 in n["t"])}
    assert set(page.evaluate("() => window.motesgraf.visibleNodeIds()")) == first
    _check_clean(page)
    page.close()


def test_meeting_and_ego_pages_switch(browser_context, report_dir):
    page = open_page(browser_context, report_dir / "meeting.html")
    payload = _payload(report_dir / "meeting.html")
    assert page.locator("#part option").count() == len(payload["parts"]) >= 2
    page.select_option("#part", "1")
    assert page.evaluate("() => window.motesgraf.drawnNodeCount()") == sum(1 for n in payload["nodes"] if n["p"] == 1)
    _check_clean(page)
    page.close()
    page = open_page(browser_context, report_dir / "ego.html")
    payload = _payload(report_dir / "ego.html")
    page.fill("#search", "Ale")
    page.press("#search", "Enter")
    ale = next(n for n in payload["nodes"] if n["label"] == "Ale")
    assert "Ale" in page.inner_text("#ego-name")
    visible = set(page.evaluate("() => window.motesgraf.visibleNodeIds()"))
    assert ale["id"] in visible and len(visible) >= 2
    _check_clean(page)
    page.close()


HOSTILE_NOTE = """
Anteckningar

NÄRVARANDE

Anna Berg {h}, Ale
Bo Ek, {h}
Cecilia Lund, Kungsbacka

1. Inledning {h}

Anna berättar om samarbetet med {h} och Kungsbacka.

2. Övrigt

Bo informerar om Arbetsförmedlingen.
"""


def _assert_inert(page, name):
    page.wait_for_timeout(100)
    assert page.dialogs == [], (name, page.dialogs)
    assert page.locator("[onerror]").count() == 0, name
    assert page.locator("img").count() == 0, name
    assert page.problems == [], (name, page.problems)


def test_hostile_names_in_a_document_do_not_execute(browser_context, tmp_path):
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "2022-05-04_hostile.txt").write_text(HOSTILE_NOTE.format(h=HOSTILE), encoding="utf-8")
    with open_store("embedded", data_dir=tmp_path / "data") as store:
        build([notes], store)
        # it reached the graph: in the agenda title, and in the evidence of the attendee and organisation lines
        assert any(HOSTILE in r["t"] for r in store.run("MATCH (i:AgendaItem) RETURN i.title AS t"))
        evidence = [r["e"] for r in store.run("MATCH ()-[r:MENTIONS]->() RETURN r.evidence AS e")]
        assert any(f"Anna Berg {HOSTILE}" in e for e in evidence) and any(f"Bo Ek, {HOSTILE}" in e for e in evidence)
        out = tmp_path / "report"
        write_report(store, out)
    for html in out.glob("*.html"):
        assert "<img src=x" not in html.read_text(encoding="utf-8"), html.name
        page = open_page(browser_context, html)
        if html.name != "index.html":
            for query in ("Inledning", "Anna", "Ale"):  # opens the details panel with the evidence
                page.evaluate("q => window.motesgraf.search(q)", query)
            box = page.locator("#network").bounding_box()
            for x in range(20, int(box["width"]), 60):  # hover over the graph to raise tooltips
                for y in range(20, int(box["height"]), 60):
                    page.mouse.move(box["x"] + x, box["y"] + y)
        _assert_inert(page, html.name)
        if html.name in ("actors.html", "meeting.html", "ego.html"):
            assert HOSTILE in page.inner_text("body"), html.name  # shown, as text
        page.close()


def test_hostile_text_in_every_field_of_a_view_stays_text(browser_context, tmp_path):
    from motesgraf.visualisations.network_data import MeetingInfo

    meeting = MeetingInfo("meeting:x", f"Möte {HOSTILE}", "2022-01-01", 2022, False, f"/notes/{HOSTILE}.txt")
    a = ViewNode("a", f"Anna {HOSTILE}", "Person", {"meeting:x"}, facts=[HOSTILE], x=0, y=0, value=20)
    b = ViewNode("b", f"{HOSTILE} AB", "Organisation", {"meeting:x"}, x=200, y=0, value=20)
    a.add_evidence(f"Anna {HOSTILE} säger </script><script>alert(3)</script>", "meeting:x")
    edge = ViewEdge("a", "b", "REPRESENTS", {"meeting:x"})
    edge.add_evidence(f"<!-- {HOSTILE}", "meeting:x")
    view = View("hostile", f"Title {HOSTILE}", f"Description {HOSTILE}", [a, b], [edge], {"meeting:x": meeting})
    path = tmp_path / "hostile.html"
    path.write_text(render_view(view, [("index.html", HOSTILE)]), encoding="utf-8")
    page = open_page(browser_context, path)
    page.evaluate("() => window.motesgraf.search('Anna')")
    position = page.evaluate("() => window.motesgraf.network.canvasToDOM({x: 0, y: 0})")
    box = page.locator("#network").bounding_box()
    page.mouse.move(box["x"] + position["x"], box["y"] + position["y"])
    page.wait_for_timeout(200)
    assert HOSTILE in page.inner_text("#tooltip") and HOSTILE in page.inner_text("#details")
    link = page.locator("#details a").first
    assert link.get_attribute("href").startswith("file:///notes/")
    _assert_inert(page, "hostile.html")
    page.close()


def test_synthetic_graph_of_thousands_opens(browser_context, tmp_path):
    view = synthetic_view(3000)
    path = tmp_path / "big.html"
    path.write_text(render_view(view), encoding="utf-8")
    page = open_page(browser_context, path)
    assert page.evaluate("() => window.motesgraf.nodes.length") == 3000
    assert page.evaluate("() => window.motesgraf.network.physics.options.enabled") is False
    _check_clean(page)
    page.close()


def test_report_command(sample_store, tmp_path):
    import click

    from motesgraf.report_cli import add_report_commands

    @click.group()
    def main():
        pass

    def options(command):
        return click.option("--data-dir")(command)

    class Borrowed:  # the session's store, not closed by the command
        def __init__(self, **_):
            pass

        def __enter__(self):
            return sample_store

        def __exit__(self, *exc):
            return False

    add_report_commands(main, options, Borrowed)
    result = CliRunner().invoke(main, ["report", str(tmp_path / "out"), "--data-dir", "x"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "index.html").is_file() and "actors.html" in result.output


def test_missing_chromium_is_a_clear_failure(monkeypatch):
    from motesgraf.visualisations import screenshot

    monkeypatch.setattr(screenshot, "CHROMIUM_CANDIDATES", ("/nonexistent/chromium",))
    monkeypatch.setenv("MOTESGRAF_CHROMIUM", "/nonexistent/chrome")
    monkeypatch.setattr(screenshot.shutil, "which", lambda name: None)
    with pytest.raises(screenshot.BrowserMissing, match="apt-get install -y chromium"):
        screenshot.chromium_path()
