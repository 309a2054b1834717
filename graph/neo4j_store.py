"""The Neo4j store, through the official driver: batched parameterised UNWIND ... MERGE in managed transactions
(the driver retries transient errors), one transaction per document so its facts commit together or not at all."""

from __future__ import annotations

import logging
import os
from contextlib import contextmanager

from neo4j import GraphDatabase, READ_ACCESS
from neo4j.exceptions import AuthError, ClientError, ConfigurationError, DriverError, Neo4jError, ServiceUnavailable

from .model import (ADD_AGGREGATE_STATEMENTS, AGGREGATE_STATEMENTS, AGGREGATES, ENTITY_LABELS, EVERY_AGGREGATED_NODE,
                    FIRST_OR_LAST, INDEXED, MEETINGS_WITHOUT_SORT_KEY, NODES, NOTHING_REMOVED, RELATIONSHIPS,
                    SET_SORT_KEYS, TOUCHED_BY_PERSONS, GraphRows, Removed, aggregate_changes, keys_by_label,
                    sort_key_rows)
from .store import ReadOnlyViolation, StoreBase, StoreError

BATCH = 1000
# How long a transaction is retried while the server is unavailable (the driver's default is 30 s).
RETRY_SECONDS = float(os.environ.get("MOTESGRAF_NEO4J_RETRY_SECONDS", 30))
# The driver warns on stderr before every retry; the final error is reported as one line instead. With logging
# configured (--debug), the warnings still reach its handlers.
logging.getLogger("neo4j").addHandler(logging.NullHandler())


def schema_statements() -> list[str]:
    """Uniqueness constraints on every label's key and an index on every relationship's meeting (Neo4j 5)."""
    statements = [f"CREATE CONSTRAINT motesgraf_{label.lower()}_key IF NOT EXISTS FOR (n:{label}) REQUIRE n.key IS UNIQUE"
                  for label in NODES]
    statements += [f"CREATE INDEX motesgraf_{kind.lower()}_meeting IF NOT EXISTS FOR ()-[r:{kind}]-() ON (r.meeting)"
                   for kind in RELATIONSHIPS]
    statements += [f"CREATE INDEX motesgraf_{label.lower()}_{name} IF NOT EXISTS FOR (n:{label}) ON (n.{name})"
                   for label, names in INDEXED.items() for name in names]
    return statements


# The indexes on aggregates: a store without them was built before the aggregates existed (see _ensure_schema).
AGGREGATE_INDEXES = {f"motesgraf_{label.lower()}_{name}" for label, names in INDEXED.items() for name in names
                     if name in AGGREGATES.get(label, {})}
# Every index, including those behind the uniqueness constraints (they carry the constraint's name).
SHOW_SCHEMA = "SHOW INDEXES YIELD name, state RETURN name, state"


def _schema_name(statement: str) -> str:
    """The name a schema statement creates: CREATE CONSTRAINT|INDEX <name> IF NOT EXISTS ..."""
    return statement.split()[2]


class Neo4jStore(StoreBase):
    def __init__(self, uri: str, user: str = "neo4j", password: str | None = None, database: str | None = None):
        self.uri = uri
        self.database = database or None
        try:
            self.driver = GraphDatabase.driver(uri, auth=(user, password) if password else None,
                                               notifications_min_severity="OFF", max_transaction_retry_time=RETRY_SECONDS)
            self.driver.verify_connectivity()
        except (ServiceUnavailable, AuthError, ConfigurationError, ValueError, OSError, Neo4jError) as error:
            raise StoreError(f"cannot use Neo4j at {_safe(uri)}: {_first_line(error)}") from None
        self._ensure_schema()

    def _session(self, **options):
        return self.driver.session(database=self.database, **options)

    def _ensure_schema(self) -> None:
        """Create what is missing. Asking first is one round trip; running ~30 CREATE ... IF NOT EXISTS on every
        open cost a quarter of a second or more, on every command."""
        with _failures(), self._session() as session:
            present = {row["name"]: row["state"] for row in session.run(SHOW_SCHEMA)}
            missing = [statement for statement in schema_statements() if _schema_name(statement) not in present]
            session.execute_write(_add_sort_keys)
            if AGGREGATE_INDEXES & {_schema_name(statement) for statement in missing}:
                # built before the aggregates: compute them all, before the indexes that mark them as done
                session.execute_write(_compute_every_aggregate)
            for statement in missing:
                session.run(statement).consume()
            if missing or set(present.values()) - {"ONLINE"}:
                session.run("CALL db.awaitIndexes(300)").consume()  # a new index is built in the background

    def write_rows(self, rows: GraphRows, *, replace: bool = True) -> None:
        with _failures(), self._session() as session:
            session.execute_write(_replace_document, rows, replace)

    def delete_document(self, document_key: str) -> None:
        with _failures(), self._session() as session:
            session.execute_write(lambda tx: _change_aggregates(tx, _delete_document(tx, document_key), None))

    def delete_persons(self, keys: list[str]) -> None:
        """Delete people and their relationships, refreshing the aggregates this changes, in one transaction."""
        with _failures(), self._session() as session:
            session.execute_write(_delete_persons, keys)

    def run(self, cypher: str, params: dict | None = None, read_only: bool = True) -> list[dict]:
        def work(tx):
            return [_record_data(record) for record in tx.run(cypher, params or {})]

        try:
            if read_only:
                with self._session(default_access_mode=READ_ACCESS) as session:
                    return session.execute_read(work)
            with self._session() as session:
                return session.execute_write(work)
        except ClientError as error:
            if "read access mode" in str(error).lower() or error.code.endswith("ForbiddenDueToTransactionType"):
                raise ReadOnlyViolation("this query writes to the graph; queries run read-only") from None
            raise StoreError(_first_line(error)) from None
        except (Neo4jError, DriverError) as error:  # e.g. out of transaction memory, after the retries
            raise StoreError(f"Neo4j: {_first_line(error)}") from None

    def close(self) -> None:
        self.driver.close()


@contextmanager
def _failures():
    """Errors left after the driver's retries (a server that went away: ServiceUnavailable, SessionExpired, an
    incomplete commit) as one line. A transaction that did not commit left nothing behind, so a rerun converges."""
    try:
        yield
    except (Neo4jError, DriverError) as error:
        raise StoreError(f"Neo4j: {_first_line(error)}") from None


def _add_sort_keys(tx) -> None:
    """Migrate a graph built before meetings had a sort_key (a no-op afterwards)."""
    rows = sort_key_rows([record.data() for record in tx.run(MEETINGS_WITHOUT_SORT_KEY)])
    if rows:
        tx.run(SET_SORT_KEYS, rows=rows).consume()


def _compute_every_aggregate(tx) -> None:
    _refresh_aggregates(tx, keys_by_label([record.data() for record in tx.run(EVERY_AGGREGATED_NODE)]))


def _refresh_aggregates(tx, *touched: dict[str, list[str]]) -> None:
    """Recompute the aggregates of the touched nodes (keys by label), one statement per label."""
    for label, statement in AGGREGATE_STATEMENTS.items():
        keys = sorted({key for group in touched for key in group.get(label, ())})
        for batch in _batches(keys):
            tx.run(statement, keys=batch).consume()


def _delete_persons(tx, keys: list[str]) -> None:
    touched = {label: [record["key"] for record in tx.run(statement, keys=keys)]
               for label, statement in TOUCHED_BY_PERSONS.items()}
    tx.run("MATCH (p:Person) WHERE p.key IN $keys DETACH DELETE p", keys=keys).consume()
    _refresh_aggregates(tx, touched)


def _replace_document(tx, rows: GraphRows, replace: bool) -> None:
    removed = _delete_document(tx, rows.document_key) if replace else NOTHING_REMOVED
    for label, nodes in rows.nodes.items():
        for batch in _batches(nodes):
            tx.run(f"UNWIND $rows AS row MERGE (n:{label} {{key: row.key}}) SET n += row", rows=batch).consume()
    for kind, relationships in rows.relationships.items():
        for (source, target), group in _by_endpoints(relationships).items():
            for batch in _batches(group):
                tx.run(f"UNWIND $rows AS row MATCH (a:{source} {{key: row.from}}) MATCH (b:{target} {{key: row.to}}) "
                       f"CREATE (a)-[r:{kind}]->(b) SET r = row.properties", rows=batch).consume()
    _change_aggregates(tx, removed, rows)


def _change_aggregates(tx, removed: Removed, rows: GraphRows | None) -> None:
    """Add what the write added and take away what it removed (``aggregate_changes``), then recompute the few
    nodes whose first or last meeting was the removed one."""
    changes, stale = aggregate_changes(removed, rows)
    for label, change in changes.items():
        for batch in _batches(change):
            tx.run(ADD_AGGREGATE_STATEMENTS[label], rows=batch).consume()
    _refresh_aggregates(tx, stale)


def _delete_document(tx, document_key: str) -> Removed:
    """A document's relationships, its Meeting, AgendaItems and Document node, then entities left unsupported;
    returns what went (read in the same statement, before anything is deleted)."""
    meeting = "meeting:" + document_key.split(":", 1)[1]
    row = tx.run(DELETE_DOCUMENT, meeting=meeting, key=document_key).single()
    relationships: dict[str, list[dict]] = {}
    for r in row["removed"]:
        relationships.setdefault(r.pop("kind"), []).append(r)
    return Removed(meeting, row["sort_key"] or "", relationships, keys_by_label(row["at_first_or_last"]),
                   frozenset(row["deleted"]))


def _delete_document_statement() -> str:
    """One statement, not 22 round trips: every relationship of the meeting (an index seek per type, in a UNION),
    the document's own nodes, then the entities those relationships touched that nothing else supports. What the
    aggregates need is read before any node is deleted: a deleted node's labels cannot be read in the same
    transaction."""
    relationships = " UNION ALL ".join(f"MATCH (a)-[r:{kind} {{meeting: $meeting}}]->(b) RETURN r, a, b"
                                       for kind in RELATIONSHIPS)
    is_entity = " OR ".join(f"n:{label}" for label in ENTITY_LABELS)
    at_first_or_last = " OR ".join(f"n:{label} AND (" + " OR ".join(f"n.{name} = sort_key" for name in names) + ")"
                                   for label, names in FIRST_OR_LAST.items() if names)
    return (f"CALL {{ {relationships} }} "
            "WITH collect(r) AS gone, collect({kind: type(r), from: a.key, from_label: head(labels(a)), to: b.key, "
            "to_label: head(labels(b)), status: r.status}) AS removed, "
            f"[n IN collect(DISTINCT a) + collect(DISTINCT b) WHERE {is_entity}] AS touched "
            "OPTIONAL MATCH (m:Meeting {key: $meeting}) "
            "WITH gone, removed, touched, m.sort_key AS sort_key "
            f"WITH gone, removed, touched, sort_key, [n IN touched WHERE {at_first_or_last} | "
            "{label: head(labels(n)), key: n.key}] AS at_first_or_last "
            "FOREACH (r IN gone | DELETE r) "
            "WITH removed, touched, sort_key, at_first_or_last "
            "CALL { MATCH (n:AgendaItem {meeting: $meeting}) DETACH DELETE n } "
            "CALL { MATCH (n:Meeting {key: $meeting}) DETACH DELETE n } "
            "CALL { MATCH (n:Document {key: $key}) DETACH DELETE n } "
            "CALL { WITH touched UNWIND touched AS n WITH DISTINCT n WHERE NOT (n)--() "
            "WITH n, n.key AS key DELETE n RETURN collect(key) AS deleted } "
            "RETURN removed, sort_key, at_first_or_last, deleted")


DELETE_DOCUMENT = _delete_document_statement()


def _by_endpoints(relationships: list[dict]) -> dict[tuple[str, str], list[dict]]:
    groups: dict[tuple[str, str], list[dict]] = {}
    for row in relationships:
        properties = {k: v for k, v in row.items() if k not in ("from", "to", "from_label", "to_label") and v is not None}
        groups.setdefault((row["from_label"], row["to_label"]), []).append(
            {"from": row["from"], "to": row["to"], "properties": properties})
    return groups


def _batches(rows: list[dict]):
    for start in range(0, len(rows), BATCH):
        yield rows[start:start + BATCH]


class _NotPlain(Exception):
    """A value that is not made of strings, numbers, booleans, nulls, lists and maps (a node, a date, ...)."""


_SCALARS = frozenset({str, int, float, bool, type(None)})


def _record_data(record) -> dict:
    """``record.data()``, faster when every value is plain: the driver checks each nested value against abstract
    classes (60 ms for attendance-matrix's 47,000 values at 10,000 meetings); exact types take a fifth of that.
    Anything else (nodes, relationships, paths, temporal values) gets the driver's own conversion."""
    try:
        return {key: _plain(value) for key, value in record.items()}
    except _NotPlain:
        return record.data()


def _plain(value):
    kind = type(value)
    if kind in _SCALARS:
        return value
    if kind is list:
        return [_plain(item) for item in value]
    if kind is dict:
        return {key: _plain(item) for key, item in value.items()}
    raise _NotPlain


def _safe(uri: str) -> str:
    """The URI without any user:password@ part."""
    scheme, _, rest = uri.partition("://")
    return f"{scheme}://{rest.rsplit('@', 1)[-1]}" if rest else uri


def _first_line(error: Exception) -> str:
    text = str(error).strip().splitlines()
    return text[0][:200] if text else type(error).__name__
