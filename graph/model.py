"""The one graph model: node labels, relationship types and their properties, and the mapping from extraction
records to graph rows. Both stores (embedded LadybugDB and Neo4j) generate their schema from these tables, so
the two always hold the same graph.

Every relationship carries its provenance: ``method`` (structure / rule / inferred), ``meeting`` (the key of the
meeting whose document states it) and the evidence ``span_start``/``span_end``/``evidence`` (character offsets
into that document's text as read, and the sentence or line itself). A document's facts are exactly the
relationships with its meeting key plus its Meeting, Document and AgendaItem nodes; entity nodes are shared
across documents and disappear when no relationship supports them any more.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

STRING, INT, BOOL, STRINGS = "STRING", "INT64", "BOOLEAN", "STRING[]"

ENTITY_LABELS = ("Person", "Municipality", "Organisation", "Topic", "Place")

# label -> {property: type}; "key" is the primary key of every label.
NODES: dict[str, dict[str, str]] = {
    "Document": {"key": STRING, "path": STRING, "content_hash": STRING, "format": STRING},
    "Meeting": {"key": STRING, "date": STRING, "year": INT, "year_inferred": BOOL, "title": STRING, "body": STRING,
                "source": STRING, "sort_key": STRING},
    "AgendaItem": {"key": STRING, "number": STRING, "title": STRING, "position": INT, "meeting": STRING},
    "Person": {"key": STRING, "name": STRING},
    "Municipality": {"key": STRING, "name": STRING, "code": STRING, "county": STRING},
    "Organisation": {"key": STRING, "name": STRING, "aliases": STRINGS, "kind": STRING},
    "Topic": {"key": STRING, "name": STRING},
    "Place": {"key": STRING, "name": STRING, "kind": STRING},
}

PROVENANCE = {"method": STRING, "meeting": STRING, "span_start": INT, "span_end": INT, "evidence": STRING}

_ACTORS = ("Municipality", "Organisation")
_MENTIONABLE = ENTITY_LABELS


@dataclass(frozen=True)
class RelType:
    pairs: tuple[tuple[str, str], ...]  # allowed (from label, to label)
    properties: dict[str, str] = field(default_factory=dict)

    @property
    def all_properties(self) -> dict[str, str]:
        return {**PROVENANCE, **self.properties}


RELATIONSHIPS: dict[str, RelType] = {
    "ATTENDED": RelType((("Person", "Meeting"),), {"role": STRING, "party": STRING, "affiliation": STRING}),
    "ABSENT_FROM": RelType((("Person", "Meeting"),), {"role": STRING, "party": STRING, "affiliation": STRING}),
    "REPRESENTS": RelType((("Person", "Municipality"), ("Person", "Organisation"), ("Person", "Place")),
                          {"status": STRING}),
    "MINUTED": RelType((("Person", "Meeting"),)),
    "CHAIRED": RelType((("Person", "Meeting"),)),
    "ADJUSTED": RelType((("Person", "Meeting"),)),
    "PRESENTED": RelType((("Person", "AgendaItem"),)),
    "HAS_ITEM": RelType((("Meeting", "AgendaItem"),), {"position": INT}),
    "MENTIONS": RelType(tuple((source, target) for source in ("AgendaItem", "Meeting") for target in _MENTIONABLE),
                        {"count": INT}),
    "CO_MENTIONED": RelType(tuple((a, b) for a in _ACTORS for b in _ACTORS)),
    "COLLABORATES_WITH": RelType(tuple((a, b) for a in _ACTORS for b in _ACTORS)),
    "MEMBER_OF": RelType((("Municipality", "Organisation"), ("Organisation", "Organisation"))),
    "PART_OF": RelType((("Organisation", "Municipality"),)),
    "FROM_DOCUMENT": RelType((("Meeting", "Document"),)),
}


# Indexed node properties besides the primary key (Neo4j range indexes): meetings are looked up by their order
# and, in meeting-diff, by date or source file (without these, every lookup reads all meetings).
INDEXED: dict[str, tuple[str, ...]] = {"Meeting": ("sort_key", "date", "source"), "AgendaItem": ("meeting",)}

_SORT_KEY_SEPARATOR = " "  # sorts before every digit, so an undated meeting comes before the dated ones of its year


def meeting_sort_key(year: int | None, date: str | None, source: str) -> str:
    """The meeting order (year, else last; date, undated first; source) as one comparable string. It depends on
    the meeting alone, so an incremental build never has to touch other meetings, and queries can compare,
    min/max and index it instead of ranking meetings against each other."""
    return _SORT_KEY_SEPARATOR.join((f"{year if year is not None else 9999:04d}", date or "", source))


# Stores built before Meeting had a sort_key are migrated when opened: the stores run these two statements
# (the key is computed here, in one place, not re-implemented in each Cypher dialect).
MEETINGS_WITHOUT_SORT_KEY = ("MATCH (m:Meeting) WHERE m.sort_key IS NULL "
                             "RETURN m.key AS key, m.year AS year, m.date AS date, m.source AS source")
SET_SORT_KEYS = "UNWIND $rows AS r MATCH (m:Meeting {key: r.key}) SET m.sort_key = r.sort_key"


def sort_key_rows(meetings: list[dict]) -> list[dict]:
    """``SET_SORT_KEYS`` parameters for the rows of ``MEETINGS_WITHOUT_SORT_KEY``."""
    return [{"key": m["key"], "sort_key": meeting_sort_key(m["year"], m["date"], m["source"] or "")} for m in meetings]


def document_id(path: str | Path) -> str:
    """A document is identified by where it lives: editing it replaces its facts, moving it is a new document."""
    # os.path.realpath, unlike Path.resolve on Python 3.11, does not raise on a symlink loop
    return hashlib.sha256(os.path.realpath(Path(path).absolute()).encode()).hexdigest()[:16]


@dataclass
class GraphRows:
    """One document as rows ready for a store: nodes by label, relationships by type.

    A relationship row is ``{"from": key, "to": key, "from_label": L, "to_label": L, **properties}`` with every
    declared property present (None when not given), so both stores see the same columns.
    """

    document_key: str
    meeting_key: str
    content_hash: str
    nodes: dict[str, list[dict]] = field(default_factory=dict)
    relationships: dict[str, list[dict]] = field(default_factory=dict)

    def node_count(self) -> int:
        return sum(len(rows) for rows in self.nodes.values())

    def relationship_count(self) -> int:
        return sum(len(rows) for rows in self.relationships.values())


def record_to_rows(record: dict) -> GraphRows:
    """Map one extraction record to graph rows (pure; the record format is the extraction stage's contract)."""
    doc = document_id(record["source"])
    meeting_key, document_key = f"meeting:{doc}", f"document:{doc}"
    rows = GraphRows(document_key, meeting_key, record.get("content_hash") or "")
    meeting = record["meeting"]
    _node(rows, "Document", key=document_key, path=str(record["source"]), content_hash=rows.content_hash,
          format=record.get("format"))
    _node(rows, "Meeting", key=meeting_key, date=meeting.get("date"), year=meeting.get("year"),
          year_inferred=bool(meeting.get("year_inferred")), title=meeting.get("title"), body=meeting.get("body"),
          source=str(record["source"]), sort_key=meeting_sort_key(meeting.get("year"), meeting.get("date"),
                                                                  str(record["source"])))
    local = {"meeting": (meeting_key, "Meeting")}
    for position, item in enumerate(record["agenda_items"], start=1):
        key = f"agenda:{doc}:{position}"
        local[item.get("key") or f"agenda:{position}"] = (key, "AgendaItem")
        _node(rows, "AgendaItem", key=key, number=item.get("number"), title=item["title"], position=position,
              meeting=meeting_key)
    for entity in record["entities"]:
        local[entity["key"]] = (entity["key"], entity["type"])
        _node(rows, entity["type"], **_entity_properties(entity))
    _relationship(rows, "FROM_DOCUMENT", (meeting_key, "Meeting"), (document_key, "Document"), method="structure")
    for relation in record["relations"]:
        source, target = local.get(relation["source"]), local.get(relation["target"])
        if source and target:
            evidence = relation.get("evidence") or {}
            extra = {k: v for k, v in relation.items() if k not in ("type", "source", "target", "evidence")}
            _relationship(rows, relation["type"], source, target, span_start=evidence.get("start"),
                          span_end=evidence.get("end"), evidence=evidence.get("text"), **extra)
    for relationship in rows.relationships.values():
        for row in relationship:
            row["meeting"] = meeting_key
    return rows


def _entity_properties(entity: dict) -> dict:
    wanted = NODES[entity["type"]]
    return {name: entity.get(name) for name in wanted if name != "aliases"} | (
        {"aliases": list(entity.get("aliases") or [])} if "aliases" in wanted else {})


def _node(rows: GraphRows, label: str, **properties) -> None:
    declared = NODES[label]
    rows.nodes.setdefault(label, []).append({name: properties.get(name) for name in declared})


def _relationship(rows: GraphRows, kind: str, source: tuple[str, str], target: tuple[str, str], **properties) -> None:
    declared = RELATIONSHIPS.get(kind)
    if declared is None or (source[1], target[1]) not in declared.pairs:
        return  # not part of the model (e.g. a person "mentioned" by an agenda item as a presenter organisation)
    row = {"from": source[0], "to": target[0], "from_label": source[1], "to_label": target[1]}
    row.update({name: properties.get(name) for name in declared.all_properties})
    rows.relationships.setdefault(kind, []).append(row)


def combine(documents: list[GraphRows]) -> GraphRows:
    """Several new documents as one batch: nodes de-duplicated by key (shared entities appear once),
    relationships side by side (each keeps its own ``meeting``)."""
    combined = GraphRows("", "", "")
    for rows in documents:
        for label, nodes in rows.nodes.items():
            combined.nodes.setdefault(label, []).extend(nodes)
        for kind, relationships in rows.relationships.items():
            combined.relationships.setdefault(kind, []).extend(relationships)
    for label, nodes in combined.nodes.items():
        combined.nodes[label] = list({node["key"]: node for node in nodes}.values())
    return combined
