"""The embedded store: LadybugDB (the maintained continuation of Kùzu) in one file under the data directory, no
server to install. Its Cypher dialect and its 0.22.0 defects are documented in ``embedded_dialect.md``; the
rules that follow from them are applied here:

- every write transaction gets a fresh connection, closed afterwards (a reused COPY statement can crash the
  process, and a failed statement keeps failing on its connection);
- a document's facts are replaced in one transaction: delete its relationships, upsert its nodes with
  UNWIND ... MERGE, bulk-load its relationships with COPY ... FROM (UNWIND ...);
- queries on the read path are classified with EXPLAIN and refused if the plan writes;
- automatic checkpoints are off on write connections (one after a small COPY took 2 s, making a build 10×
  slower); the store checkpoints every ``CHECKPOINT_EVERY`` documents and when it is closed. The WAL keeps
  committed work safe in between.
"""

from __future__ import annotations

import fcntl
import re
from decimal import Decimal
from contextlib import contextmanager
from pathlib import Path

from .model import ENTITY_LABELS, INT, NODES, RELATIONSHIPS, STRINGS, GraphRows
from .store import ReadOnlyViolation, StoreBase, StoreError

DATABASE_FILE = "graph.lbug"
CHECKPOINT_EVERY = 500
_WRITE_OPERATORS = {"INSERT", "SET_PROPERTY", "DELETE", "MERGE", "CREATE_TABLE", "DROP_TABLE", "ALTER", "COPY_FROM",
                    "COPY_TO", "PARTITIONER", "INDEX_LOOKUP", "DETACH_DELETE", "CREATE_MACRO", "EXPORT_DATABASE",
                    "IMPORT_DATABASE", "INSTALL_EXTENSION", "LOAD_EXTENSION", "ATTACH_DATABASE", "TRANSACTION"}
_WRITE_KEYWORDS = re.compile(r"\b(CREATE|MERGE|DELETE|DETACH|SET|REMOVE|DROP|ALTER|COPY|BEGIN|COMMIT|ROLLBACK|"
                             r"INSTALL|LOAD|ATTACH|DETACH|EXPORT|IMPORT|CHECKPOINT|USE)\b", re.IGNORECASE)
_READ_CALLS = re.compile(r"\bCALL\s+(show_tables|table_info|show_connection)\b", re.IGNORECASE)
_PLAN_OPERATOR = re.compile(r"│\s+([A-Z_]{3,})\[\d+\]\s+│")
_COMMENT = re.compile(r"//[^\n]*|/\*.*?\*/", re.DOTALL)
_STRING_LITERAL = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"")


def schema_statements() -> list[str]:
    """Node and relationship tables for every label and type of the model (LadybugDB needs them declared)."""
    statements = []
    for label, properties in NODES.items():
        columns = ", ".join(f"{name} {kind}" + (" PRIMARY KEY" if name == "key" else "")
                            for name, kind in properties.items())
        statements.append(f"CREATE NODE TABLE IF NOT EXISTS {label}({columns})")
    for kind, declared in RELATIONSHIPS.items():
        pairs = ", ".join(f"FROM {a} TO {b}" for a, b in declared.pairs)
        columns = ", ".join(f"{name} {t}" for name, t in declared.all_properties.items())
        statements.append(f"CREATE REL TABLE IF NOT EXISTS {kind}({pairs}, {columns})")
    return statements


class EmbeddedStore(StoreBase):
    def __init__(self, data_dir: str | Path):
        import ladybug

        self.data_dir = Path(data_dir)
        try:
            self.data_dir.mkdir(parents=True, exist_ok=True)
            self._db = ladybug.Database(str(self.data_dir / DATABASE_FILE))
        except (OSError, RuntimeError) as error:
            raise StoreError(f"cannot open the embedded store in {self.data_dir}: {error}") from None
        self._ladybug = ladybug
        self._reader = None
        self._writes_since_checkpoint = 0
        with self._transaction() as conn:
            for statement in schema_statements():
                conn.execute(statement)

    # ------------------------------------------------------------------ writing

    @contextmanager
    def _transaction(self):
        """A fresh connection in one write transaction, serialised across processes by a lock file."""
        with open(self.data_dir / ".write.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            conn = self._ladybug.Connection(self._db)
            try:
                conn.execute("CALL enable_cached_prepared_statement='NONE'")
                conn.execute("CALL auto_checkpoint=false")
                conn.execute("BEGIN TRANSACTION")
                try:
                    yield conn
                except BaseException:
                    _quietly(conn, "ROLLBACK")
                    raise
                conn.execute("COMMIT")
                self._writes_since_checkpoint += 1
            except RuntimeError as error:
                raise StoreError(f"embedded store: {str(error).splitlines()[0]}") from None
            finally:
                conn.close()
                self._reader = None  # a reader must not keep a stale prepared plan across schema or data changes

    def write_rows(self, rows: GraphRows, *, replace: bool = True) -> None:
        with self._transaction() as conn:
            if replace:
                _delete_document(conn, rows.document_key)
            for label, nodes in rows.nodes.items():
                _merge_nodes(conn, label, nodes)
            for kind, relationships in rows.relationships.items():
                for (source, target), group in _by_endpoints(relationships).items():
                    _copy_relationships(conn, kind, source, target, group)
        if self._writes_since_checkpoint >= CHECKPOINT_EVERY:
            self.checkpoint()

    def checkpoint(self) -> None:
        """Fold the write-ahead log into the database file."""
        conn = self._ladybug.Connection(self._db)
        try:
            conn.execute("CHECKPOINT")
            self._writes_since_checkpoint = 0
        finally:
            conn.close()

    def delete_document(self, document_key: str) -> None:
        with self._transaction() as conn:
            _delete_document(conn, document_key)

    def documents(self) -> dict[str, str]:
        rows = self.run("MATCH (d:Document) RETURN d.key AS key, d.content_hash AS hash")
        return {row["key"]: row["hash"] for row in rows}

    # ------------------------------------------------------------------ reading

    def run(self, cypher: str, params: dict | None = None, read_only: bool = True) -> list[dict]:
        if not read_only:
            with self._transaction() as conn:
                return _rows(conn.execute(cypher, parameters=params or {}))
        conn = self._read_connection()
        try:
            _refuse_writes(conn, cypher, params or {})
            return _rows(conn.execute(cypher, parameters=params or {}))
        except RuntimeError as error:
            self._reader = None  # a failed statement would keep failing on this connection
            raise StoreError(str(error).splitlines()[0]) from None

    def _read_connection(self):
        if self._reader is None:
            self._reader = self._ladybug.Connection(self._db)
        return self._reader

    def close(self) -> None:
        self._reader = None
        if self._writes_since_checkpoint:
            self.checkpoint()
        self._db.close()


def _quietly(conn, statement: str) -> None:
    try:
        conn.execute(statement)
    except RuntimeError:
        pass  # the engine already rolled back after the failed statement


def _rows(result) -> list[dict]:
    columns = result.get_column_names()
    rows = [dict(zip(columns, map(_plain, values))) for values in result.get_all()]
    result.close()
    return rows


def _plain(value):
    """sum() comes back as INT128, i.e. a Decimal; Neo4j gives an int for the same query."""
    if isinstance(value, Decimal) and value == value.to_integral_value():
        return int(value)
    return value


def _refuse_writes(conn, cypher: str, params: dict) -> None:
    """Read path: no write keyword outside string literals, no statement separator, and a plan with no
    write operator (EXPLAIN does not execute the query)."""
    code = _COMMENT.sub(" ", _STRING_LITERAL.sub("''", cypher))  # comments may say "set" or "load"
    if ";" in code.strip().rstrip(";") or _WRITE_KEYWORDS.search(code) or (
            re.search(r"\bCALL\b", code, re.IGNORECASE) and not _READ_CALLS.search(code)):
        raise ReadOnlyViolation("this query writes to the graph; queries run read-only")
    plan = conn.execute(f"EXPLAIN {cypher}", parameters=params).get_all()
    operators = set(_PLAN_OPERATOR.findall(" ".join(str(cell) for row in plan for cell in row)))
    if operators & _WRITE_OPERATORS:
        raise ReadOnlyViolation("this query writes to the graph; queries run read-only")


def _delete_document(conn, document_key: str) -> None:
    meeting = "meeting:" + document_key.split(":", 1)[1]
    touched = {}
    for label in ENTITY_LABELS:
        result = conn.execute(f"MATCH (n:{label})-[r]-() WHERE r.meeting = $m RETURN DISTINCT n.key",
                              parameters={"m": meeting})
        touched[label] = [row[0] for row in result.get_all()]
    conn.execute("MATCH ()-[r]->() WHERE r.meeting = $m DELETE r", parameters={"m": meeting})
    conn.execute("MATCH (n:AgendaItem) WHERE n.meeting = $m DETACH DELETE n", parameters={"m": meeting})
    conn.execute("MATCH (n:Meeting) WHERE n.key = $m DETACH DELETE n", parameters={"m": meeting})
    conn.execute("MATCH (n:Document) WHERE n.key = $k DETACH DELETE n", parameters={"k": document_key})
    for label, keys in touched.items():
        if keys:
            conn.execute(f"MATCH (n:{label}) WHERE n.key IN $keys AND NOT EXISTS {{ MATCH (n)-[]-() }} DELETE n",
                         parameters={"keys": keys})


def _merge_nodes(conn, label: str, nodes: list[dict]) -> None:
    properties = NODES[label]
    assignments = ", ".join(f"n.{name} = {_typed(f'r.{name}', kind)}" for name, kind in properties.items()
                            if name != "key")
    conn.execute(f"UNWIND $rows AS r MERGE (n:{label} {{key: r.key}}) SET {assignments}", parameters={"rows": nodes})


def _copy_relationships(conn, kind: str, source: str, target: str, rows: list[dict]) -> None:
    declared = RELATIONSHIPS[kind]
    columns = ", ".join(["r.from", "r.to"] + [_typed(f"r.{name}", t) for name, t in declared.all_properties.items()])
    pair = f" (from='{source}', to='{target}')" if len(declared.pairs) > 1 else ""
    conn.execute(f"COPY {kind} FROM (UNWIND $rows AS r RETURN {columns}){pair}", parameters={"rows": rows})


def _typed(expression: str, kind: str) -> str:
    """Explicit types, so a batch where a column is all null or all empty lists still binds."""
    if kind == STRINGS:
        return f"CAST({expression} AS STRING[])"
    if kind == INT:
        return f"CAST({expression} AS INT64)"
    return f"CAST({expression} AS {kind})"


def _by_endpoints(relationships: list[dict]) -> dict[tuple[str, str], list[dict]]:
    groups: dict[tuple[str, str], list[dict]] = {}
    for row in relationships:
        groups.setdefault((row["from_label"], row["to_label"]), []).append(row)
    return groups
