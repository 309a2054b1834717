"""``motesgraf report OUT_DIR``: every view as a self-contained page, and an index page linking them, with
charts (inline SVG) and query results as sortable tables. It reads the graph only through the store interface
(``store.run`` and ``graph.export``), so it works the same on both backends.

The table builder is generic: :func:`sortable_table` takes ``list[dict]`` rows (as ``store.run`` returns them)
and gives a table whose headers sort it, so canned query results can be added with one line each:
``Section("Title", sortable_table(rows))``.
"""

from __future__ import annotations

import contextlib
import gc
import secrets
from collections import Counter, defaultdict
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Callable

from markupsafe import Markup

from motesgraf.graph.store import GraphStore

from .charts import heatmap_svg
from .html_view import environment, write_view
from .aggregate import MAX_EDGES, MAX_NODES
from .network_data import GraphSnapshot, View, iter_views
from .periods import MAX_COLUMNS, choose_grain, period_hint, period_of

VIEW_FILES = {"actors": "actors.html", "co-attendance": "co-attendance.html", "recurrence": "recurrence.html",
              "ego": "ego.html", "meeting": "meeting.html"}
TOP = 30  # rows in a chart
# rows a table shows (its query's first, i.e. the largest): past a few thousand rows the page gets slow to open
# and sort, and a reader wants the top anyway; the whole result is one `motesgraf query` away
MAX_TABLE_ROWS = 500


@dataclass
class Section:
    title: str
    html: str  # trusted markup made by this module (everything from documents escaped)
    note: str = ""
    notice: str = ""  # shown highlighted: what the section leaves out and how to see it


def _cell(value) -> tuple[str, str]:
    """(text, sort key) of a value: numbers sort as numbers, lists join, None is empty."""
    if value is None:
        return "", ""
    if isinstance(value, bool):
        return ("yes" if value else "no"), str(int(value))
    if isinstance(value, (int, float)):
        return (f"{value:g}" if isinstance(value, float) else str(value)), repr(float(value))
    if isinstance(value, (list, tuple)):
        text = ", ".join("" if v is None else str(v) for v in value)
        return text, text.lower()
    return str(value), str(value).lower()


def sortable_table(rows: list[dict], columns: list[str] | None = None, caption: str | None = None) -> str:
    """An HTML table of ``rows`` (dicts; columns in first-seen order unless given) that sorts by a column when
    its header is clicked (numbers numerically). All values are escaped."""
    if columns is None:
        columns = list(dict.fromkeys(key for row in rows for key in row))
    out = ['<table class="sortable">']
    if caption:
        out.append(f"<caption>{escape(caption)}</caption>")
    out.append("<thead><tr>")
    for column in columns:
        numeric = bool(rows) and all(isinstance(r.get(column), (int, float)) and not isinstance(r.get(column), bool)
                                     for r in rows if r.get(column) is not None)
        out.append(f'<th scope="col" data-type="{"number" if numeric else "text"}" tabindex="0">'
                   f"{escape(str(column).replace('_', ' '))}</th>")
    out.append("</tr></thead><tbody>")
    for row in rows:
        out.append("<tr>")
        for column in columns:
            text, key = _cell(row.get(column))
            out.append(f'<td data-sort="{escape(key)}">{escape(text)}</td>')
        out.append("</tr>")
    if not rows:
        out.append(f'<tr><td colspan="{max(len(columns), 1)}" class="empty">no rows</td></tr>')
    out.append("</tbody></table>")
    return "".join(out)


# ---------------------------------------------------------------------------------------------- queries

# {period} is empty, or a condition on r.meeting (a parameter) when the report covers a period
RECURRING_ORGANISATIONS = """
MATCH (o:Organisation)-[r]-()
WHERE r.meeting IS NOT NULL{period}
RETURN o.name AS organisation, count(DISTINCT r.meeting) AS meetings, count(r) AS statements
ORDER BY meetings DESC, statements DESC, organisation
"""

ATTENDANCE_PER_MUNICIPALITY = """
MATCH (p:Person)-[a:ATTENDED]->(mt:Meeting), (p)-[r:REPRESENTS]->(m:Municipality)
WHERE r.meeting = mt.key{period}
RETURN m.name AS municipality, count(DISTINCT mt.key) AS meetings, count(DISTINCT p.key) AS people,
       count(DISTINCT p.key + '|' + mt.key) AS attendances
ORDER BY meetings DESC, attendances DESC, municipality
"""

PRESENTERS = """
MATCH (p:Person)-[r:PRESENTED]->(i:AgendaItem)
WHERE r.meeting IS NOT NULL{period}
RETURN p.name AS person, count(r) AS items_presented, count(DISTINCT r.meeting) AS meetings
ORDER BY items_presented DESC, meetings DESC, person
"""

ATTENDANCE_CELLS = """
MATCH (p:Person)-[a:ATTENDED]->(mt:Meeting), (p)-[r:REPRESENTS]->(m:Municipality)
WHERE r.meeting = mt.key
RETURN m.name AS municipality, mt.key AS meeting, count(DISTINCT p.key) AS people
"""

ORGANISATION_MEETINGS = """
MATCH (o:Organisation)-[r]-()
WHERE r.meeting IS NOT NULL
RETURN DISTINCT o.name AS organisation, r.meeting AS meeting
"""

TOPIC_MENTIONS = """
MATCH (x)-[r:MENTIONS]->(t:Topic)
RETURN t.name AS topic, r.meeting AS meeting, sum(r.count) AS mentions
"""


def tables(store: GraphStore, meetings: set[str] | None = None,
           max_rows: int = MAX_TABLE_ROWS) -> list[Section]:
    """The report's tables, of the ``meetings`` given (None: all), each cut to its first ``max_rows``."""
    def table(title: str, query: str, note: str) -> Section:
        period, params = ("", {}) if meetings is None else (" AND r.meeting IN $meetings",
                                                             {"meetings": sorted(meetings)})
        rows = store.run(query.format(period=period), params)
        notice = (f"Showing the first {max_rows:,} of {len(rows):,} rows (the largest first). A report of a shorter "
                  "period (--since/--until) lists fewer; motesgraf query lists them all." if len(rows) > max_rows
                  else "")
        return Section(title, sortable_table(rows[:max_rows]), note, notice)

    return [
        table("Recurring organisations", RECURRING_ORGANISATIONS,
              "Meetings whose notes state something about the organisation, and how many statements."),
        table("Attendance per municipality", ATTENDANCE_PER_MUNICIPALITY,
              "Attendees who represented the municipality at the meeting."),
        table("Presenters", PRESENTERS,
              "Who presented agenda items (\u201cberättar om\u201d, \u201cinformerar\u201d, \u2026)."),
    ]


def charts(store: GraphStore, snapshot: GraphSnapshot, max_columns: int = MAX_COLUMNS) -> list[Section]:
    """Heatmaps: attendance per municipality and meeting (meetings grouped by month or year above
    ``max_columns``), organisations and topics per year."""
    meetings = sorted(snapshot.meetings.values(), key=lambda m: m.sort_key)
    grain = choose_grain(meetings, max_columns)
    column_of = {m.key: f"{m.when} · {m.title}" if grain == "meeting" else period_of(m, grain) for m in meetings}
    year_of = {m.key: (m.year or (int(m.date[:4]) if m.date else None)) for m in meetings}
    sections = []

    cells = store.run(ATTENDANCE_CELLS, {})
    totals = Counter()
    values = {}
    for row in cells:
        if row["meeting"] in column_of:
            cell = (row["municipality"], column_of[row["meeting"]])
            values[cell] = values.get(cell, 0) + int(row["people"])
            totals[row["municipality"]] += 1
    rows = [name for name, _ in sorted(totals.items(), key=lambda item: (-item[1], item[0]))][:TOP * 2]
    columns = list(dict.fromkeys(column_of[m.key] for m in meetings
                                 if any((r, column_of[m.key]) in values for r in rows)))
    if grain == "meeting":
        note, notice = ("Each cell: how many people represented the municipality at that meeting (meetings in date "
                        "order)."), ""
    else:
        note = (f"Each cell: attendances (people × meetings) of the municipality's representatives that {grain} "
                f"({grain}s in date order).")
        notice = (f"{len(meetings):,} meetings are too many columns (more than {max_columns:,}), so they are grouped "
                  f"by {grain}. To see single meetings, {period_hint(meetings)}.")
    sections.append(Section("Attendance: municipality × meeting", heatmap_svg(
        rows, columns, values, title=f"Attendees per municipality and {grain}", unit=" attendee(s)"), note, notice))

    years = sorted({y for y in year_of.values() if y})
    year_columns = [str(y) for y in years]
    per_org: dict[str, Counter] = defaultdict(Counter)
    for row in store.run(ORGANISATION_MEETINGS, {}):
        year = year_of.get(row["meeting"])
        if year:
            per_org[row["organisation"]][str(year)] += 1
    top = sorted(per_org, key=lambda o: (-sum(per_org[o].values()), o))[:TOP]
    sections.append(Section("Organisation recurrence over time", heatmap_svg(
        top, year_columns, {(o, y): n for o in top for y, n in per_org[o].items()},
        title="Meetings per organisation and year", unit=" meeting(s)"),
        f"The {len(top)} organisations in the most meetings; each cell counts meetings that year."))

    per_topic: dict[str, Counter] = defaultdict(Counter)
    for row in store.run(TOPIC_MENTIONS, {}):
        year = year_of.get(row["meeting"])
        if year:
            per_topic[row["topic"]][str(year)] += int(row["mentions"] or 1)
    top_topics = sorted(per_topic, key=lambda t: (-sum(per_topic[t].values()), t))[:TOP]
    sections.append(Section("Topics over time", heatmap_svg(
        top_topics, year_columns, {(t, y): n for t in top_topics for y, n in per_topic[t].items()},
        title="Mentions per topic and year", unit=" mention(s)"),
        f"The {len(top_topics)} most mentioned topics; each cell counts mentions that year."))
    return sections


# ---------------------------------------------------------------------------------------------- writing


def view_links(current: str | None = None) -> list[tuple[str, str]]:
    titles = {"actors": "Actors", "co-attendance": "Co-attendance", "recurrence": "Recurrence", "ego": "Ego",
              "meeting": "Meeting"}
    return [("index.html", "Report")] + [(VIEW_FILES[name], text) for name, text in titles.items()
                                         if name != current]


def report_steps(screenshots: bool = False) -> int:
    """How many times :func:`write_report` calls ``on_step``: reading the graph, each view, the index page, and
    each screenshot."""
    pages = len(VIEW_FILES) + 1
    return 1 + len(VIEW_FILES) + 1 + (pages if screenshots else 0)


@contextlib.contextmanager
def long_lived_objects():
    """Yields ``keep()``, which takes every object alive now out of the garbage collector's scans until the block
    ends. The snapshot and each view are millions of objects that live as long as the report and hold no garbage,
    and every full collection walked them all again: at 10,000 meetings the ego page took 4.8-5.9 s of CPU to
    write instead of 3.8 s."""
    try:
        yield gc.freeze
    finally:
        gc.unfreeze()


def write_report(store: GraphStore, out_dir: str | Path, *, screenshots: bool = False,
                 extra_sections: list[Section] | None = None, max_nodes: int | None = MAX_NODES,
                 on_step: Callable[[], object] | None = None, since: str | None = None,
                 until: str | None = None, max_edges: int | None = MAX_EDGES) -> list[Path]:
    """Write the views and ``index.html`` to ``out_dir``; with ``screenshots``, a PNG beside each page.
    Network views above ``max_nodes`` nodes collapse the least linked and above ``max_edges`` links keep the
    strongest (None: never). ``since``/``until``
    (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, inclusive) limit every page to the meetings of that period.
    ``on_step()`` is called after each of the :func:`report_steps` steps (a progress bar's ``update``). Returns
    the pages (and PNGs) written."""
    step = on_step or (lambda: None)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    with long_lived_objects() as keep:
        whole = GraphSnapshot.read(store)
        snapshot = whole.within(since, until)
        period = None if snapshot is whole else (f"period {since or 'start'} – {until or 'end'}: "
                                                 f"{len(snapshot.meetings):,} of {len(whole.meetings):,} meetings")
        keep()
        step()
        views, pages = [], []
        for view in iter_views(snapshot, max_nodes, max_edges):
            keep()
            views.append(view)
            pages.append(write_view(view, out / VIEW_FILES[view.name], view_links(view.name)))
            step()
        index = write_index(out / "index.html", views, charts(store, snapshot),
                            tables(store, None if period is None else set(snapshot.meetings))
                            + list(extra_sections or []), snapshot, store.stats().text(), period)
    step()
    pages.insert(0, index)
    written = list(pages)
    if screenshots:
        from .screenshot import screenshot_pages

        written += screenshot_pages(pages, on_page=step)
    return written


def write_index(path: Path, views: list[View], chart_sections: list[Section], table_sections: list[Section],
                snapshot: GraphSnapshot, stats_text: str, period: str | None = None) -> Path:
    cards = [{"href": VIEW_FILES[v.name], "title": v.title, "description": v.description,
              "nodes": len(v.nodes), "edges": len(v.edges),
              "badge": v.badge} for v in views]
    dated = [m for m in snapshot.meetings.values() if m.sort_key[0] == 0]
    span = (f"{min(dated, key=lambda m: m.sort_key).when} – {max(dated, key=lambda m: m.sort_key).when}"
            if dated else "no dated meetings")
    html = environment().get_template("report.html").render(
        cards=cards, charts=[(s.title, Markup(s.html), s.note, s.notice) for s in chart_sections],
        tables=[(s.title, Markup(s.html), s.note, s.notice) for s in table_sections], meetings=len(snapshot.meetings),
        span=span, period=period, stats=stats_text, nonce=secrets.token_urlsafe(18))
    path.write_text(html, encoding="utf-8")
    return path
