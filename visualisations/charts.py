"""Charts as inline SVG made in Python (no chart library, no CDN): a heatmap of counts over rows × columns, used
for attendance per municipality per meeting, organisation recurrence over time and topics over time. Every
label goes through ``html.escape``; a cell's ``<title>`` gives its exact value on hover."""

from __future__ import annotations

from html import escape


def _shade(value: float, maximum: float) -> str:
    if value <= 0:
        return "#f4f5f7"
    strength = 0.18 + 0.82 * (value / maximum if maximum else 1)
    # from pale to deep blue
    r, g, b = (int(235 - (235 - c) * strength) for c in (33, 102, 172))
    return f"rgb({r},{g},{b})"


def heatmap_svg(rows: list[str], columns: list[str], values: dict[tuple[str, str], float], *, title: str,
                cell: int = 22, row_label_width: int | None = None, column_label_height: int = 120,
                unit: str = "") -> str:
    """``values[(row, column)]``; rows top to bottom, columns left to right with labels at 60°. Returns an
    ``<svg>`` element (empty-state text when there is nothing to draw)."""
    if not rows or not columns:
        return f'<p class="empty">{escape(title)}: nothing to show yet.</p>'
    row_label_width = row_label_width or min(260, 12 + 7 * max(len(r) for r in rows))
    values = {key: float(value) for key, value in values.items() if value is not None}
    maximum = max(values.values(), default=0) or 1
    width = row_label_width + cell * len(columns) + 60
    height = column_label_height + cell * len(rows) + 10
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" font-family="system-ui, sans-serif" font-size="12">',
             f"<title>{escape(title)}</title>"]
    for j, column in enumerate(columns):
        x = row_label_width + j * cell + cell / 2
        y = column_label_height - 6
        parts.append(f'<text x="{x:.1f}" y="{y}" transform="rotate(-60 {x:.1f} {y})" fill="#333">'
                     f"{escape(_short(column, 28))}<title>{escape(column)}</title></text>")
    for i, row in enumerate(rows):
        y = column_label_height + i * cell
        parts.append(f'<text x="{row_label_width - 6}" y="{y + cell * 0.68:.1f}" text-anchor="end" fill="#222">'
                     f"{escape(_short(row, 36))}<title>{escape(row)}</title></text>")
        for j, column in enumerate(columns):
            value = values.get((row, column), 0)
            x = row_label_width + j * cell
            parts.append(f'<rect x="{x}" y="{y}" width="{cell - 2}" height="{cell - 2}" rx="3" '
                         f'fill="{_shade(value, maximum)}"><title>{escape(row)} · {escape(column)}: '
                         f"{_number(value)}{escape(unit)}</title></rect>")
            if value:
                colour = "#fff" if value / maximum > 0.55 else "#123"
                parts.append(f'<text x="{x + (cell - 2) / 2:.1f}" y="{y + cell * 0.66:.1f}" text-anchor="middle" '
                             f'font-size="10" fill="{colour}" pointer-events="none">{_number(value)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"
