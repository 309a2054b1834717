"""The report at many meetings (issue 6): pages whose size grew with the number of meetings — the attendance
heatmap, the recurrence timeline, the meeting picker, the tables — stay bounded, say what they group or leave
out, and a period (--since/--until) brings single meetings back. The store holds 1,500 generated meetings over
four years, written as records through the store's public ``write`` (no extraction, so it takes seconds), and the
pages are opened in a real headless Chromium."""

import json
import re

import pytest
from click.testing import CliRunner

from browser import browser_context, open_page  # noqa: F401  (session fixture)
from motesgraf.cli import main
from motesgraf.graph.store import open_store
from motesgraf.visualisations.html_view import write_view
from motesgraf.visualisations.network_data import GraphSnapshot, ego_network, organisation_recurrence
from motesgraf.visualisations.periods import (MAX_COLUMNS, MAX_MEETING_PARTS, choose_grain, in_period,
                                              period_of)
from motesgraf.visualisations.report import tables, write_report
from motesgraf.visualisations.view_model import MeetingInfo

MEETINGS = 1500
YEARS = range(2017, 2021)  # 48 months: more columns than a heatmap shows, few enough to group by month
MUNICIPALITIES = [("1480", "Göteborg"), ("1441", "Lerum"), ("1440", "Ale"), ("1415", "Stenungsund"),
                  ("1384", "Kungsbacka"), ("1462", "Lilla Edet")]
TITLE_MARKUP = "<i>kursiv</i>"  # document text: must stay text on every page


def _evidence(text: str) -> dict:
    return {"start": 0, "end": len(text), "text": text}


def _record(i: int) -> dict:
    """Meeting i: three attendees of a pool of 60, each representing a municipality, one agenda item that
    mentions an organisation and is presented by the first attendee."""
    year = YEARS[i % len(YEARS)]
    date = f"{year}-{1 + (i // 4) % 12:02d}-{1 + i % 28:02d}"
    people = [(f"person:p{(i + k * 7) % 60}", f"Person {(i + k * 7) % 60}") for k in range(3)]
    organisation = ("organisation:org" + str(i % 9), f"Förbund {i % 9}")
    entities = [{"type": "Person", "key": key, "name": name} for key, name in people]
    relations = [{"type": "HAS_ITEM", "source": "meeting", "target": "agenda:1", "method": "structure",
                  "evidence": _evidence("1. Samverkan")}]
    for k, (key, name) in enumerate(people):
        code, municipality = MUNICIPALITIES[(i + k) % len(MUNICIPALITIES)]
        entities.append({"type": "Municipality", "key": f"municipality:{code}", "name": municipality, "code": code,
                         "county": "Västra Götalands län"})
        line = f"{name}, {municipality}"
        relations += [{"type": "ATTENDED", "source": key, "target": "meeting", "method": "structure",
                       "affiliation": municipality, "evidence": _evidence(line)},
                      {"type": "REPRESENTS", "source": key, "target": f"municipality:{code}", "method": "structure",
                       "evidence": _evidence(line)}]
    entities.append({"type": "Organisation", "key": organisation[0], "name": organisation[1], "aliases": [],
                     "kind": "member_organisation"})
    sentence = f"{people[0][1]} berättar om {organisation[1]}."
    relations += [{"type": "MENTIONS", "source": "agenda:1", "target": organisation[0], "method": "rule", "count": 1,
                   "evidence": _evidence(sentence)},
                  {"type": "PRESENTED", "source": people[0][0], "target": "agenda:1", "method": "rule",
                   "evidence": _evidence(sentence)}]
    return {"source": f"/notes/möte-{i:05d}.txt", "format": "txt", "content_hash": f"sha256:{i}",
            "meeting": {"title": f"Möte {i} {TITLE_MARKUP}", "body": None, "date": date, "year": year,
                        "year_inferred": False},
            "agenda_items": [{"number": "1", "title": "Samverkan", "key": "agenda:1"}],
            "entities": entities, "relations": relations}


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    folder = tmp_path_factory.mktemp("many-meetings")
    with open_store("embedded", data_dir=folder) as store:
        store.write((_record(i) for i in range(MEETINGS)), replace=False)
        assert store.run("MATCH (m:Meeting) RETURN count(m) AS n")[0]["n"] == MEETINGS
    return folder


@pytest.fixture(scope="module")
def report_dir(data_dir, tmp_path_factory):
    out = tmp_path_factory.mktemp("report")
    with open_store("embedded", data_dir=data_dir) as store:
        write_report(store, out)
    return out


def _payload(path):
    text = path.read_text(encoding="utf-8")
    return json.loads(re.search(r'<script type="application/json" id="motesgraf-data">(.*?)</script>', text, re.S)[1])


def _clean(page):
    assert page.problems == [] and page.dialogs == [], (page.problems, page.dialogs)


def _meeting(date, year=None):
    return MeetingInfo(f"meeting:{date}", "M", date, year or (int(date[:4]) if date else None), False, None)


def test_periods_and_grains():
    march = _meeting("2019-03-04")
    assert in_period(march, "2019", "2019") and in_period(march, "2019-03", None)
    assert not in_period(march, "2019-04", None) and not in_period(march, None, "2019-02")
    assert in_period(_meeting(None, 2019), "2019-06-01", "2019-08")  # known only by year: any period touching 2019
    assert not in_period(_meeting(None, None), "2000", None) and in_period(_meeting(None, None), None, None)
    assert period_of(march, "month") == "2019-03" and period_of(_meeting(None, 2019), "month") == "2019"
    days = [_meeting(f"2019-{m:02d}-{d:02d}") for m in range(1, 13) for d in range(1, 6)]  # 60 meetings, 12 months
    assert choose_grain(days, 60) == "meeting" and choose_grain(days, 59) == "month"
    assert choose_grain(days, 11) == "year"


def test_heatmap_groups_meetings_by_month_and_says_so(browser_context, report_dir):
    page = open_page(browser_context, report_dir / "index.html")
    assert page.evaluate("() => window.motesgrafReport.ready")
    section = page.locator("section", has_text="Attendance: municipality × meeting")
    notice = section.locator(".notice").inner_text()
    assert f"{MEETINGS:,} meetings" in notice and "grouped by month" in notice and "--since" in notice
    columns = section.locator("svg.chart > text[transform]").evaluate_all("ts => ts.map(t => t.firstChild.textContent)")
    assert columns == [f"{y}-{m:02d}" for y in YEARS for m in range(1, 13)]  # 48 months, in date order
    assert len(columns) <= MAX_COLUMNS
    # a cell sums the attendances of its month's meetings: all cells together are every attendance
    cells = section.locator("svg.chart rect > title").all_text_contents()
    assert len(cells) == len(MUNICIPALITIES) * 48
    assert sum(int(re.search(r": (\d+) attendee", c)[1]) for c in cells) == 3 * MEETINGS
    assert "the 200 most recent meetings" in page.locator("a.card[href='meeting.html']").inner_text()
    assert "meetings grouped by month" in page.locator("a.card[href='recurrence.html']").inner_text()
    _clean(page)
    page.close()


def test_recurrence_timeline_has_one_node_per_month(browser_context, report_dir):
    payload = _payload(report_dir / "recurrence.html")
    periods = [n for n in payload["nodes"] if n["type"] == "Meeting"]
    assert len(periods) == 48 and sum(n["m"] for n in periods) == MEETINGS
    assert all(n["label"].startswith(tuple(str(y) for y in YEARS)) for n in periods)
    page = open_page(browser_context, report_dir / "recurrence.html")
    notice = page.inner_text("#notice")
    assert f"{MEETINGS:,} meetings" in notice and "one month" in notice and "--until" in notice
    assert page.evaluate("() => window.motesgraf.drawnNodeCount()") == len(payload["nodes"])
    _clean(page)
    page.close()


def test_small_timeline_keeps_one_node_per_meeting(data_dir):
    with open_store("embedded", data_dir=data_dir) as store:
        snapshot = GraphSnapshot.read(store).within("2019-03", "2019-03")
    view = organisation_recurrence(snapshot)
    meetings = [n for n in view.nodes if n.type == "Meeting"]
    assert view.notice is None and {n.id for n in meetings} == set(snapshot.meetings) and 0 < len(meetings) < 60


def test_meeting_page_holds_the_most_recent_and_finds_one(browser_context, report_dir):
    payload = _payload(report_dir / "meeting.html")
    assert len(payload["parts"]) == MAX_MEETING_PARTS and payload["parts"][-1].startswith("2020-12")
    assert int(payload["initial"]) == MAX_MEETING_PARTS - 1  # the latest meeting first
    page = open_page(browser_context, report_dir / "meeting.html")
    notice = page.inner_text("#notice")
    assert f"{MAX_MEETING_PARTS} most recent of {MEETINGS:,} meetings" in notice and "--since" in notice
    title = re.search(r"Möte \d+ ", payload["parts"][100])[0]  # "Möte 1234 ": one meeting of the page
    assert page.evaluate("q => window.motesgraf.filterParts(q)", title.lower()) == [100]
    wanted = [100]
    page.press("#part-filter", "Enter")
    assert page.evaluate("() => window.motesgraf.drawnNodeCount()") == sum(1 for n in payload["nodes"]
                                                                           if n["p"] == wanted[0])
    # the page hands vis only the meeting shown, not all 200
    assert page.evaluate("() => window.motesgraf.nodes.length") < len(payload["nodes"]) / 50
    assert TITLE_MARKUP in page.inner_text("#part") and page.locator("#part i").count() == 0
    _clean(page)
    page.close()


def test_ego_page_groups_meetings_by_month_and_hands_vis_only_the_neighbourhood(browser_context, report_dir):
    payload = _payload(report_dir / "ego.html")
    months = [n for n in payload["nodes"] if n["type"] == "Meeting"]
    assert len(months) == 48 and sum(n["m"] for n in months) == MEETINGS  # one node per month, every meeting in one
    attended = [e for e in payload["edges"] if e["kind"] == "ATTENDED"]
    assert sum(e["w"] for e in attended) == 3 * MEETINGS  # a link counts its month's meetings: every attendance
    assert all(payload["nodes"][e["to"]]["type"] == "Meeting" for e in attended)
    page = open_page(browser_context, report_dir / "ego.html")
    notice = page.inner_text("#notice")
    assert f"{MEETINGS:,} meetings" in notice and "one month" in notice and "--since" in notice
    drawn = page.evaluate("() => window.motesgraf.drawnNodeCount()")
    assert 1 < drawn == page.evaluate("() => window.motesgraf.nodes.length") < len(payload["nodes"]) / 2
    page.evaluate("() => window.motesgraf.search('Ale')")
    assert "Ale" in page.inner_text("#ego-name")
    assert page.evaluate("() => window.motesgraf.drawnNodeCount()") == page.evaluate(
        "() => window.motesgraf.visibleNodeIds().length")
    _clean(page)
    page.close()


def test_ego_page_draws_at_most_max_drawn_nodes_strongest_first(browser_context, data_dir, tmp_path):
    with open_store("embedded", data_dir=data_dir) as store:
        snapshot = GraphSnapshot.read(store)
    view = ego_network(snapshot, max_drawn=8)
    path = write_view(view, tmp_path / "ego.html")
    page = open_page(browser_context, path)
    page.evaluate("() => window.motesgraf.search('Ale')")  # a municipality that many of the 60 people represent
    assert page.evaluate("() => window.motesgraf.drawnNodeCount()") == 8
    more = page.locator("#ego-more")
    assert more.is_visible() and "7 neighbours with the strongest links" in more.inner_text()
    ale = next(n.id for n in view.nodes if n.label == "Ale")
    strongest: dict[str, float] = {}  # neighbour -> its strongest link to Ale
    for e in view.edges:
        if ale in (e.source, e.target):
            other = e.target if e.source == ale else e.source
            strongest[other] = max(strongest.get(other, 0), e.weight)
    assert len(strongest) > 8 and f"{len(strongest) - 7:,} with weaker links are left out" in more.inner_text()
    index = {n.id: i for i, n in enumerate(view.nodes)}
    drawn = set(page.evaluate("() => window.motesgraf.visibleNodeIds()"))
    drawn_weights = sorted((w for other, w in strongest.items() if index[other] in drawn), reverse=True)
    assert drawn_weights == sorted(strongest.values(), reverse=True)[:7]  # the strongest links are the ones drawn
    _clean(page)
    page.close()


def test_tables_are_capped_with_a_notice(data_dir):
    with open_store("embedded", data_dir=data_dir) as store:
        whole = tables(store)
        capped = tables(store, max_rows=5)
    assert all(not s.notice for s in whole)
    presenters = capped[2]
    assert presenters.html.count("<tr>") == 1 + 5 and "Showing the first 5 of 60 rows" in presenters.notice


def test_report_for_one_period_shows_single_meetings(browser_context, data_dir, tmp_path):
    out = tmp_path / "march"
    result = CliRunner().invoke(main, ["report", str(out), "--data-dir", str(data_dir), "--since", "2019-03",
                                       "--until", "2019-03", "--no-progress"])
    assert result.exit_code == 0, result.output
    with open_store("embedded", data_dir=data_dir) as store:
        march = store.run("MATCH (m:Meeting) WHERE m.date STARTS WITH '2019-03' RETURN count(m) AS n")[0]["n"]
        presenters = store.run("MATCH (p:Person)-[r:PRESENTED]->() WHERE r.meeting IN $m RETURN count(r) AS n",
                               {"m": [r["k"] for r in store.run(
                                   "MATCH (m:Meeting) WHERE m.date STARTS WITH '2019-03' RETURN m.key AS k")]})[0]["n"]
    page = open_page(browser_context, out / "index.html")
    assert page.inner_text(".sub").startswith(f"{march} meeting(s), 2019-03-")
    assert f"{march:,} of {MEETINGS:,} meetings" in page.inner_text("#period")
    section = page.locator("section", has_text="Attendance: municipality × meeting")
    assert section.locator(".notice").count() == 0  # a column per meeting again
    assert section.locator("svg.chart > text[transform]").count() == march
    assert TITLE_MARKUP in section.locator("svg.chart > text[transform] > title").first.text_content()
    assert page.locator("svg i").count() == 0  # document text stays text
    counts = page.locator("section", has_text="Presenters").locator("td[data-sort]").evaluate_all(
        "tds => tds.filter((td, i) => i % 3 === 1).map(td => Number(td.textContent))")
    assert sum(counts) == presenters
    _clean(page)
    page.close()
    meeting = _payload(out / "meeting.html")
    assert len(meeting["parts"]) == march and meeting["notice"] is None
    assert all(p.startswith("2019-03") for p in meeting["parts"])


def test_bad_period_is_a_usage_error(data_dir, tmp_path):
    result = CliRunner().invoke(main, ["report", str(tmp_path / "x"), "--data-dir", str(data_dir),
                                       "--since", "03/2019"])
    assert result.exit_code == 2 and "YYYY-MM-DD" in result.output
