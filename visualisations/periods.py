"""Meetings in time, for pages whose size grows with the number of meetings: a period of the report
(``--since``/``--until``), and grouping meetings by month or year when one column or node per meeting is too many.

At 10,000 meetings a heatmap with a column per meeting is a 100 MB SVG, a timeline with a node per meeting is
1.5 million pixels wide, and a meeting picker with every meeting makes a page of hundreds of MB (measured in the
report of issue 6). Grouping keeps those pages the same size whatever the number of meetings; the period lets a
reader see single meetings again for a shorter stretch of time.
"""

from __future__ import annotations

import re
from typing import Iterable

from .view_model import MeetingInfo

# More columns than this in a heatmap (or meeting nodes on the recurrence timeline) and meetings are grouped by
# month, and if that is still too many, by year: 60 columns of 22 px fit a laptop screen.
MAX_COLUMNS = 60
MAX_TIMELINE = 150  # meeting nodes on the recurrence timeline (150 px apart) before they are grouped
MAX_MEETING_PARTS = 200  # meetings the meeting page holds (the most recent of the period)
# nodes the ego page draws of one neighbourhood, the strongest links first: at 10,000 meetings one organisation had
# 4,165 neighbours and drawing them all took the page 17 s to open (measured 2026-11-24, README "Many meetings")
MAX_EGO_DRAWN = 500
GRAINS = ("meeting", "month", "year")
UNDATED = "undated"
BOUND = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


def check_bound(text: str | None) -> str | None:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (or None); ValueError otherwise."""
    if text is not None and not BOUND.fullmatch(text):
        raise ValueError(f"{text!r} is not a date: use YYYY, YYYY-MM or YYYY-MM-DD")
    return text


def time_text(meeting: MeetingInfo) -> str | None:
    """The meeting's date, or only its year when that is all the notes give; None when undated."""
    if meeting.date:
        return meeting.date
    return f"{meeting.year:04d}" if meeting.year else None


def in_period(meeting: MeetingInfo, since: str | None, until: str | None) -> bool:
    """Whether the meeting lies in [since, until] (both inclusive, at the precision both have: a meeting known
    only by its year 2019 is in any period that touches 2019). Undated meetings lie in no bounded period."""
    if since is None and until is None:
        return True
    when = time_text(meeting)
    if when is None:
        return False
    if since is not None and when[:len(since)] < since[:len(when)]:
        return False
    return until is None or when[:len(until)] <= until[:len(when)]


def period_of(meeting: MeetingInfo, grain: str) -> str:
    """The column a meeting falls in: its key (``meeting``), ``YYYY-MM`` (``month``; ``YYYY`` when only the year
    is known) or ``YYYY`` (``year``)."""
    if grain == "meeting":
        return meeting.key
    when = time_text(meeting)
    if when is None:
        return UNDATED
    return when[:7] if grain == "month" else when[:4]


def choose_grain(meetings: Iterable[MeetingInfo], limit: int) -> str:
    """The finest grain that gives at most ``limit`` columns (``year`` when even that gives more)."""
    meetings = list(meetings)
    for grain in GRAINS[:-1]:
        if len({period_of(m, grain) for m in meetings}) <= limit:
            return grain
    return GRAINS[-1]


def period_hint(meetings: list[MeetingInfo]) -> str:
    """How to see single meetings: the command for the last year of ``meetings`` (sorted)."""
    last = next((time_text(m) for m in reversed(meetings) if time_text(m)), None)
    example = f"--since {last[:4]} --until {last[:4]}" if last else "--since YYYY-MM-DD --until YYYY-MM-DD"
    return f"write the report for a shorter period, e.g. motesgraf report OUT_DIR {example}"
