"""A :class:`~.network_data.View` as one self-contained HTML page: vis-network's JS and CSS inlined from the copy
pyvis ships (``pyvis/templates/lib/vis-9.1.2/``), so the page works offline and from a USB stick, positions
precomputed (physics off: thousands of nodes open at once and stay still), and every text from the documents
passed as JSON data and put on the page with ``textContent`` only — never as HTML.

Safety, in layers: the Jinja2 template autoescapes; the graph is JSON in a ``<script type="application/json">``
with ``<``, ``>`` and ``&`` written as ``\\u003c``-style escapes (so no ``</script>`` or ``<!--`` can end it);
tooltips and panels are built with DOM calls and ``textContent``; links are set only for ``file:`` URLs; and a
Content-Security-Policy allows only the page's own scripts (by nonce), so even an injected ``onerror`` attribute
would not run.
"""

from __future__ import annotations

import json
import secrets
from functools import lru_cache
from importlib import resources
from pathlib import Path

import jinja2

from .aggregate import is_summary
from .view_model import TYPE_STYLE, View

VIS_VERSION = "9.1.2"


def vis_directory() -> Path:
    import pyvis

    folder = Path(pyvis.__file__).parent / "templates" / "lib" / f"vis-{VIS_VERSION}"
    if not (folder / "vis-network.min.js").is_file():
        raise RuntimeError(f"vis-network {VIS_VERSION} not found in the installed pyvis ({folder})")
    return folder


@lru_cache(maxsize=1)
def vis_assets() -> tuple[str, str]:
    """(JS, CSS) of vis-network, checked to be safe to inline: nothing in them can close their element."""
    folder = vis_directory()
    js = (folder / "vis-network.min.js").read_text(encoding="utf-8")
    css = (folder / "vis-network.css").read_text(encoding="utf-8")
    js = js.replace("//# sourceMappingURL=vis-network.min.js.map", "")
    if "</script" in js.lower() or "<!--" in js or "</style" in css.lower():
        raise RuntimeError("vis-network assets cannot be inlined safely")
    return js, css


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    loader = jinja2.FileSystemLoader(str(resources.files("motesgraf.visualisations") / "templates"))
    return jinja2.Environment(loader=loader, autoescape=True, undefined=jinja2.StrictUndefined)


def script_json(value) -> str:
    """JSON that is inert inside a ``<script>`` element: no ``<``, ``>``, ``&`` or line separators literally."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"),
                         ("\u2029", "\\u2029")):
        text = text.replace(char, escape)
    return text


def view_payload(view: View) -> dict:
    """The page's data: compact, with node ids as integers and meetings and time points by index."""
    meetings = sorted(view.meetings.values(), key=lambda m: m.sort_key)
    # only the meetings evidence points at go on the page: at 10,000 meetings the full list alone is 2 MB a page
    cited = {meeting for item in (*view.nodes, *view.edges) for _, meeting in item.evidence}
    cited_meetings = [m for m in meetings if m.key in cited]
    meeting_index = {m.key: i for i, m in enumerate(cited_meetings)}
    points = sorted({m.sort_key[:2] for m in meetings if m.sort_key[0] == 0})
    point_index = {point: i for i, point in enumerate(points)}
    inferred = {m.sort_key[1] for m in meetings if m.year_inferred and not m.date}
    point_labels = [text + (" (year inferred)" if text in inferred else "") if len(text) == 4 else text
                    for _, text in points]
    meeting_point = {m.key: point_index.get(m.sort_key[:2]) for m in meetings}

    def times(keys) -> list[int]:
        found = set(map(meeting_point.get, keys))  # map, not a loop: an edge can hold thousands of meetings
        found.discard(None)
        return sorted(found)

    # each sentence once, in "texts": it is the evidence of both ends of a link and of the link itself, and
    # at 10,000 meetings the repeats were most of a page's megabytes
    text_index: dict[str, int] = {}

    def evidence(items) -> list:
        return [[text_index.setdefault(text, len(text_index)), meeting_index.get(meeting, -1)]
                for text, meeting in items]

    node_index = {node.id: i for i, node in enumerate(view.nodes)}
    nodes = [{"id": node_index[n.id], "key": n.key or n.id, "label": n.label, "type": n.type,
              "value": round(n.value, 3), "m": len(n.meetings), "x": round(n.x, 1), "y": round(n.y, 1),
              "t": times(n.meetings), "p": n.part, "ev": evidence(n.evidence), "evn": n.evidence_total,
              "facts": n.facts, "s": int(is_summary(n))} for n in view.nodes]
    edges = [{"from": node_index[e.source], "to": node_index[e.target], "kind": e.kind, "w": e.weight,
              "t": times(e.meetings), "ev": evidence(e.evidence), "evn": e.evidence_total}
             for e in view.edges if e.source in node_index and e.target in node_index]
    present = {n.type for n in view.nodes}
    types = [{"type": t, "label": style[0], "color": style[1], "shape": style[2], "hidden": t in view.hidden_types}
             for t, style in TYPE_STYLE.items() if t in present]
    initial = view.initial
    if view.mode == "ego" and initial is not None:
        initial = node_index.get(initial)
    return {"name": view.name, "title": view.title, "mode": view.mode, "parts": view.parts, "initial": initial,
            "notice": view.notice, "maxDrawn": view.max_drawn,
            "sizeLabel": view.size_label, "types": types, "times": point_labels,
            "meetings": [{"key": m.key, "title": m.title, "when": m.when, "url": m.source_url(),
                          "file": Path(m.source).name if m.source else None} for m in cited_meetings],
            "nodes": nodes, "edges": edges, "texts": list(text_index)}


def render_view(view: View, links: list[tuple[str, str]] | None = None) -> str:
    """The page's HTML. ``links``: (href, text) to other pages, shown in the header."""
    js, css = vis_assets()
    template = environment().get_template("view.html")
    return template.render(view=view, data_json=script_json(view_payload(view)), vis_js=js, vis_css=css,
                           nonce=secrets.token_urlsafe(18), links=links or [], node_count=len(view.nodes))


def write_view(view: View, path: str | Path, links: list[tuple[str, str]] | None = None) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_view(view, links), encoding="utf-8")
    return path
