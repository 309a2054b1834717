"""The data of one page: nodes and edges with type, size, time and evidence (:class:`View`), independent of
how they were made (from the stored graph in ``network_data``, or directly, as the synthetic benchmark does)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

# type -> (legend label, colour, vis shape, size factor)
TYPE_STYLE: dict[str, tuple[str, str, str, float]] = {
    "Person": ("Person", "#4e79a7", "dot", 1.0),
    "Municipality": ("Municipality", "#59a14f", "diamond", 1.15),
    "Organisation": ("Organisation", "#f28e2b", "triangle", 1.15),
    "Topic": ("Topic", "#b07aa1", "hexagon", 0.7),
    "Place": ("Place", "#76b7b2", "triangleDown", 0.7),
    "Meeting": ("Meeting", "#e15759", "square", 1.0),
    "AgendaItem": ("Agenda item", "#9d9da1", "dot", 0.6),
}
ACTOR_TYPES = ("Person", "Municipality", "Organisation", "Topic", "Place")
MAX_EVIDENCE = 12  # evidence sentences kept per node or edge (the page says how many there were)
BIG_GRAPH = 250  # above this many nodes, topics and places start hidden (the legend turns them on)


@dataclass
class MeetingInfo:
    key: str
    title: str
    date: str | None
    year: int | None
    year_inferred: bool
    source: str | None

    @property
    def when(self) -> str:
        if self.date:
            return self.date
        if self.year:
            return f"{self.year} (year inferred)" if self.year_inferred else str(self.year)
        return "undated"

    @property
    def sort_key(self) -> tuple:
        year = self.year or (int(self.date[:4]) if self.date and self.date[:4].isdigit() else None)
        if year is None:
            return (1, "", self.key)
        return (0, self.date or f"{year:04d}", self.key)

    def source_url(self) -> str | None:
        return file_url(self.source)


def file_url(path: str | None) -> str | None:
    """A ``file://`` URL for a document path (relative paths are taken from the current directory)."""
    if not path:
        return None
    try:
        return Path(path).expanduser().resolve().as_uri()
    except (OSError, ValueError):
        return None


@lru_cache(maxsize=1 << 16)
def one_line(sentence: str) -> str:
    """The sentence with its whitespace runs made single spaces. Cached: one sentence is the evidence of both
    ends of a link and of the link, from many relationships (millions of calls at 10,000 meetings)."""
    return " ".join(sentence.split())


@dataclass
class ViewNode:
    id: str
    label: str
    type: str
    meetings: set[str] = field(default_factory=set)
    evidence: list[tuple[str, str]] = field(default_factory=list)  # (sentence, meeting key)
    evidence_total: int = 0
    facts: list[str] = field(default_factory=list)  # short plain-text lines for the tooltip
    key: str | None = None  # the graph key (ids may be namespaced, e.g. per meeting)
    part: int | None = None  # which sub-graph (meeting view) the node belongs to
    value: float = 1.0
    x: float = 0.0
    y: float = 0.0

    def add_evidence(self, sentence: str | None, meeting: str | None) -> None:
        if not sentence:
            return
        item = (one_line(sentence), meeting or "")
        if item in self.evidence:
            return
        self.evidence_total += 1
        if len(self.evidence) < MAX_EVIDENCE:
            self.evidence.append(item)


@dataclass
class ViewEdge:
    source: str
    target: str
    kind: str
    meetings: set[str] = field(default_factory=set)
    evidence: list[tuple[str, str]] = field(default_factory=list)
    evidence_total: int = 0
    weight: float = 1.0

    add_evidence = ViewNode.add_evidence


@dataclass
class View:
    """One page's graph. ``hidden_types`` start switched off in the legend; ``mode`` is ``network`` (plain),
    ``ego`` (pick an actor, see its neighbourhood) or ``parts`` (one sub-graph at a time: ``parts`` names them)."""

    name: str
    title: str
    description: str
    nodes: list[ViewNode]
    edges: list[ViewEdge]
    meetings: dict[str, MeetingInfo] = field(default_factory=dict)
    hidden_types: tuple[str, ...] = ()
    mode: str = "network"
    parts: list[str] = field(default_factory=list)
    size_label: str = "degree centrality"
    initial: str | None = None  # the node (ego mode) or part selected at first
    notice: str | None = None  # shown on the page, e.g. what was collapsed to keep a big graph usable
    badge: str | None = None  # the notice in a few words, for the report's index ("meetings grouped by month")
    max_drawn: int | None = None  # ego mode: the most nodes of one neighbourhood drawn (the strongest links first)
