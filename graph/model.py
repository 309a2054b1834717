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

# Aggregates: whole-graph figures the queries would otherwise recompute on every call, kept as node properties.
# The stores never take them from a record: after every write they recompute them, in the same transaction, for
# every node the write touched (``AGGREGATE_STATEMENTS``), from the node's own relationships, so they are exact
# by construction and a killed build leaves none stale. "In a meeting" means: a relationship of that meeting's
# notes (its ``meeting``) touches the node.
AGGREGATES: dict[str, dict[str, str]] = {
    # first_seen: sort_key of the first meeting the person is in; attended: ATTENDED relationships;
    # absences: meetings they are listed absent from (ABSENT_FROM); listed: absences + attended
    "Person": {"first_seen": STRING, "attended": INT, "absences": INT, "listed": INT},
    # first_seen / last_seen: sort_keys of the first and last meeting it is in; meetings: how many it is in;
    # agenda_items: agenda items that MENTION it
    "Organisation": {"first_seen": STRING, "last_seen": STRING, "meetings": INT, "agenda_items": INT},
    # listed: meetings where someone REPRESENTS it; absences: of those, the ones where nobody representing it is
    # present (it was listed only with absent representatives)
    "Municipality": {"absences": INT, "listed": INT},
    # municipalities: how many municipalities someone represents in the meeting (attendance-matrix's meetings)
    "Meeting": {"municipalities": INT},
}

# label -> {property: type}; "key" is the primary key of every label.
NODES: dict[str, dict[str, str]] = {
    "Document": {"key": STRING, "path": STRING, "content_hash": STRING, "format": STRING},
    "Meeting": {"key": STRING, "date": STRING, "year": INT, "year_inferred": BOOL, "title": STRING, "body": STRING,
                "source": STRING, "sort_key": STRING, **AGGREGATES["Meeting"]},
    "AgendaItem": {"key": STRING, "number": STRING, "title": STRING, "position": INT, "meeting": STRING},
    "Person": {"key": STRING, "name": STRING, **AGGREGATES["Person"]},
    "Municipality": {"key": STRING, "name": STRING, "code": STRING, "county": STRING, **AGGREGATES["Municipality"]},
    "Organisation": {"key": STRING, "name": STRING, "aliases": STRINGS, "kind": STRING, **AGGREGATES["Organisation"]},
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
# The aggregates are indexed where a query seeks or orders by them (newcomers, recurring-organisations, absences,
# co-attendance, attendance-matrix), so those queries read a few index entries instead of the whole graph.
INDEXED: dict[str, tuple[str, ...]] = {"Meeting": ("sort_key", "date", "source", "municipalities"),
                                       "AgendaItem": ("meeting",),
                                       "Person": ("first_seen", "attended", "absences"),
                                       "Organisation": ("first_seen", "meetings"),
                                       "Municipality": ("absences",)}

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


# One statement per label, run with ``keys`` (the touched nodes of that label; keys of deleted nodes match
# nothing): every figure is recomputed from the node's relationships, reading only those (degree-driven) and the
# meetings they name (key lookups), never the whole graph. The same text runs on both stores; after each
# aggregation the node is found again by its key, since LadybugDB 0.22.0 cannot match from a node variable carried
# through an aggregating WITH ("Cannot evaluate expression with type VARIABLE").
_FIRST_AND_LAST = ("OPTIONAL MATCH (n)-[r]-() WITH DISTINCT key, r.meeting AS meeting_key "
                   "OPTIONAL MATCH (m:Meeting {key: meeting_key}) "
                   "WITH key, count(m) AS meetings, min(m.sort_key) AS first_seen, max(m.sort_key) AS last_seen ")
AGGREGATE_STATEMENTS: dict[str, str] = {
    "Person": ("UNWIND $keys AS key MATCH (n:Person {key: key}) " + _FIRST_AND_LAST +
               "MATCH (n:Person {key: key}) OPTIONAL MATCH (n)-[:ABSENT_FROM]->(a) "
               "WITH key, first_seen, count(DISTINCT a) AS absences "
               "MATCH (n:Person {key: key}) "
               "WITH n, first_seen, absences, COUNT { MATCH (n)-[:ATTENDED]->() } AS attended "  # Neo4j: a degree
               "SET n.first_seen = first_seen, n.absences = absences, n.attended = attended, "
               "n.listed = absences + attended"),
    "Organisation": ("UNWIND $keys AS key MATCH (n:Organisation {key: key}) " + _FIRST_AND_LAST +
                     "MATCH (n:Organisation {key: key}) OPTIONAL MATCH (a:AgendaItem)-[:MENTIONS]->(n) "
                     "WITH key, meetings, first_seen, last_seen, count(DISTINCT a) AS agenda_items "
                     "MATCH (n:Organisation {key: key}) SET n.meetings = meetings, n.first_seen = first_seen, "
                     "n.last_seen = last_seen, n.agenda_items = agenda_items"),
    "Municipality": ("UNWIND $keys AS key MATCH (n:Municipality {key: key}) "
                     "OPTIONAL MATCH (n)<-[r:REPRESENTS]-() "  # always from a Person
                     "WITH n, r.meeting AS meeting_key, collect(r.status) AS statuses "
                     "WITH n, count(meeting_key) AS listed, "
                     "count(CASE WHEN meeting_key IS NOT NULL AND NOT 'present' IN statuses THEN 1 END) AS absences "
                     "SET n.listed = listed, n.absences = absences"),
    "Meeting": ("UNWIND $keys AS key MATCH (n:Meeting {key: key}) "
                "OPTIONAL MATCH (:Person)-[r:REPRESENTS {meeting: key}]->(mu:Municipality) "
                "WITH n, count(DISTINCT mu) AS municipalities "
                "SET n.municipalities = municipalities"),
}
# Stores built before the aggregates existed compute them all once when opened: every key of every label.
EVERY_AGGREGATED_NODE = " UNION ALL ".join(f"MATCH (n:{label}) RETURN '{label}' AS label, n.key AS key"
                                           for label in AGGREGATES)
# What deleting people (``forget``) touches besides them, per aggregated label: their meetings, and every entity
# with a relationship in those meetings (their neighbours among them; and forget may have redacted the name in
# those meetings' sort_keys, which first_seen and last_seen copy). A scan, like forget's redaction itself.
_IN_THEIR_MEETINGS = ("MATCH (p:Person)-[r]-() WHERE p.key IN $keys WITH collect(DISTINCT r.meeting) AS meetings "
                      "MATCH (n:{label})-[s]-() WHERE s.meeting IN meetings RETURN DISTINCT n.key AS key")
TOUCHED_BY_PERSONS: dict[str, str] = {
    **{label: _IN_THEIR_MEETINGS.format(label=label) for label in ("Person", "Organisation", "Municipality")},
    "Meeting": "MATCH (p:Person)-[r]-() WHERE p.key IN $keys RETURN DISTINCT r.meeting AS key",
}


# A write changes the aggregates by what it adds and takes away, never by re-reading a node's other meetings: new
# documents' meetings are new, so a node's counts grow by what they say and its first/last meeting is the
# earlier/later of the stored one and theirs; a replaced or deleted document first takes away what its meeting
# counted. Every count is a sum over meetings, so the difference is exact. Recomputing instead would re-read every
# relationship of every node the write touches (a popular organisation is in thousands of meetings): once per
# batch, quadratic over a full build, and 0.3 s for the four popular organisations of a one-document change at
# 10,000 meetings. Only a first/last meeting cannot be taken away: a node whose first or last meeting was the
# removed one is recomputed (``AGGREGATE_STATEMENTS``). ``added_aggregates`` counts a share as
# ``AGGREGATE_STATEMENTS`` count the whole (tests/test_aggregates.py holds the two to the same figures).
# A missing first/last meeting is '' in the rows: LadybugDB cannot type a column of only nulls.
def _earlier(name: str) -> str:
    return (f"n.{name} = CASE WHEN d.{name} = '' THEN n.{name} WHEN n.{name} IS NULL OR d.{name} < n.{name} "
            f"THEN d.{name} ELSE n.{name} END")


def _later(name: str) -> str:
    return (f"n.{name} = CASE WHEN d.{name} = '' THEN n.{name} WHEN n.{name} IS NULL OR d.{name} > n.{name} "
            f"THEN d.{name} ELSE n.{name} END")


def _plus(*names: str) -> str:
    return ", ".join(f"n.{name} = coalesce(n.{name}, 0) + d.{name}" for name in names)


ADD_AGGREGATE_STATEMENTS: dict[str, str] = {
    "Person": (f"UNWIND $rows AS d MATCH (n:Person {{key: d.key}}) SET {_earlier('first_seen')}, "
               f"{_plus('attended', 'absences', 'listed')}"),
    "Organisation": (f"UNWIND $rows AS d MATCH (n:Organisation {{key: d.key}}) SET {_earlier('first_seen')}, "
                     f"{_later('last_seen')}, {_plus('meetings', 'agenda_items')}"),
    "Municipality": f"UNWIND $rows AS d MATCH (n:Municipality {{key: d.key}}) SET {_plus('absences', 'listed')}",
    "Meeting": f"UNWIND $rows AS d MATCH (n:Meeting {{key: d.key}}) SET {_plus('municipalities')}",
}
# The aggregates that name a first or last meeting, by label.
FIRST_OR_LAST = {label: [name for name in ("first_seen", "last_seen") if name in properties]
                 for label, properties in AGGREGATES.items()}
# The nodes among $keys whose first or last meeting is the one with $sort_key (labels that keep one).
AT_FIRST_OR_LAST: dict[str, str] = {
    label: (f"MATCH (n:{label}) WHERE n.key IN $keys AND ("
            + " OR ".join(f"n.{name} = $sort_key" for name in names) + ") RETURN n.key AS key")
    for label, names in FIRST_OR_LAST.items() if names}


@dataclass(frozen=True)
class Removed:
    """What deleting a document's facts took away, as the store read it just before: its relationships (rows
    shaped like ``GraphRows.relationships``, with ``status``), its meeting's ``sort_key``, the aggregated
    entities whose first or last meeting that was (by label), and the keys of the entities deleted with it
    (nothing else supported them; one the write creates again starts from nothing)."""
    meeting_key: str = ""
    sort_key: str = ""
    relationships: dict[str, list[dict]] = field(default_factory=dict)
    at_first_or_last: dict[str, list[str]] = field(default_factory=dict)
    deleted: frozenset[str] = frozenset()


NOTHING_REMOVED = Removed()


def aggregate_changes(removed: Removed, rows: GraphRows | None) -> tuple[dict[str, list[dict]], dict[str, list[str]]]:
    """How a write changes the aggregates: ``ADD_AGGREGATE_STATEMENTS`` rows by label (what ``rows`` add, minus
    what the removed document counted on entities that outlive its deletion), and the keys, by label, whose
    first or last meeting was the removed one and may have moved (for ``AGGREGATE_STATEMENTS``)."""
    added = added_aggregates(rows) if rows else {}
    taken = added_aggregates(_removed_rows(removed)) if removed.relationships else {}
    taken.pop("Meeting", None)  # deleted with the document; a replacement starts from nothing
    changes = {label: _differences(added.get(label, []), taken.get(label, []), AGGREGATES[label])
               for label in AGGREGATES}
    still_there = _meeting_endpoints(rows, removed.sort_key) if rows else set()
    stale = {label: [key for key in keys if key not in removed.deleted and key not in still_there]
             for label, keys in removed.at_first_or_last.items()}
    return ({label: change for label, change in changes.items() if change},
            {label: keys for label, keys in stale.items() if keys})


def _removed_rows(removed: Removed) -> GraphRows:
    """The removed document as rows, for ``added_aggregates``: its meeting (for the sort_key) and the entities
    that outlive its deletion."""
    relationships = {kind: [dict(r, meeting=removed.meeting_key) for r in group]
                     for kind, group in removed.relationships.items()}
    outliving: dict[str, dict[str, dict]] = {}
    for group in relationships.values():
        for r in group:
            for key, label in ((r["from"], r["from_label"]), (r["to"], r["to_label"])):
                if label in AGGREGATES and key not in removed.deleted:
                    outliving.setdefault(label, {})[key] = {"key": key}
    nodes = {label: list(keyed.values()) for label, keyed in outliving.items()}
    nodes["Meeting"] = [{"key": removed.meeting_key, "sort_key": removed.sort_key}]
    return GraphRows("", removed.meeting_key, "", nodes=nodes, relationships=relationships)


def _differences(added: list[dict], taken: list[dict], properties: dict[str, str]) -> list[dict]:
    """Rows of ``added`` minus ``taken`` (counts subtract; a first/last meeting cannot, so taken ones are '')."""
    counts = [name for name, kind in properties.items() if kind == INT]
    rows = {row["key"]: dict(row) for row in added}
    for row in taken:
        change = rows.setdefault(row["key"], {"key": row["key"], **{name: 0 if name in counts else ""
                                                                    for name in properties}})
        for name in counts:
            change[name] -= row[name]
    return list(rows.values())


def _meeting_endpoints(rows: GraphRows, sort_key: str) -> set[str]:
    """The entities a relationship of ``rows`` ties to a meeting with ``sort_key``: their first or last
    meeting is still that one."""
    meetings = {m["key"] for m in rows.nodes.get("Meeting", []) if m["sort_key"] == sort_key}
    return {end for group in rows.relationships.values() for r in group if r["meeting"] in meetings
            for end in (r["from"], r["to"])}


def added_aggregates(rows: GraphRows) -> dict[str, list[dict]]:
    """What the documents in ``rows`` add to the aggregates of each node they write, by label: the
    ``ADD_AGGREGATE_STATEMENTS`` parameters."""
    sort_key = {meeting["key"]: meeting["sort_key"] for meeting in rows.nodes.get("Meeting", [])}
    meetings: dict[str, set[str]] = {}  # node key -> the meetings whose relationships touch it
    attended: dict[str, int] = {}
    absent_from: dict[str, set[str]] = {}
    represented: dict[str, dict[str, list]] = {}  # municipality -> meeting -> statuses
    in_agenda_items: dict[str, set[str]] = {}
    municipalities: dict[str, set[str]] = {}  # meeting -> municipalities represented
    for kind, relationships in rows.relationships.items():
        for r in relationships:
            for end in (r["from"], r["to"]):
                meetings.setdefault(end, set()).add(r["meeting"])
            if kind == "ATTENDED":
                attended[r["from"]] = attended.get(r["from"], 0) + 1
            elif kind == "ABSENT_FROM":
                absent_from.setdefault(r["from"], set()).add(r["to"])
            elif kind == "REPRESENTS" and r["to_label"] == "Municipality":
                represented.setdefault(r["to"], {}).setdefault(r["meeting"], []).append(r["status"])
                municipalities.setdefault(r["meeting"], set()).add(r["to"])
            elif kind == "MENTIONS" and r["from_label"] == "AgendaItem" and r["to_label"] == "Organisation":
                in_agenda_items.setdefault(r["to"], set()).add(r["from"])

    def order(key: str) -> list[str]:
        return sorted(sort_key[m] for m in meetings.get(key, ()) if m in sort_key) or [""]

    def person(key: str) -> dict:
        absences = len(absent_from.get(key, ()))
        return {"key": key, "first_seen": order(key)[0], "attended": attended.get(key, 0), "absences": absences,
                "listed": attended.get(key, 0) + absences}

    def organisation(key: str) -> dict:
        seen = order(key)
        return {"key": key, "first_seen": seen[0], "last_seen": seen[-1], "meetings": len([m for m in seen if m]),
                "agenda_items": len(in_agenda_items.get(key, ()))}

    def municipality(key: str) -> dict:
        statuses = represented.get(key, {}).values()
        return {"key": key, "listed": len(statuses), "absences": sum("present" not in s for s in statuses)}

    def meeting(key: str) -> dict:
        return {"key": key, "municipalities": len(municipalities.get(key, ()))}

    added = {"Person": person, "Organisation": organisation, "Municipality": municipality, "Meeting": meeting}
    return {label: [added[label](node["key"]) for node in rows.nodes.get(label, [])] for label in AGGREGATES}


def keys_by_label(rows: list[dict]) -> dict[str, list[str]]:
    """``{label: [key, ...]}`` from rows of ``label``/``key`` (e.g. of ``EVERY_AGGREGATED_NODE``)."""
    grouped: dict[str, list[str]] = {}
    for row in rows:
        grouped.setdefault(row["label"], []).append(row["key"])
    return grouped


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
    declared = stored_properties(label)
    rows.nodes.setdefault(label, []).append({name: properties.get(name) for name in declared})


def stored_properties(label: str) -> dict[str, str]:
    """The properties a write takes from its rows: all but the aggregates, which the store computes."""
    return {name: kind for name, kind in NODES[label].items() if name not in AGGREGATES.get(label, {})}


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
