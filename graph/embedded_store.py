"""The embedded store: LadybugDB (the maintained continuation of Kùzu) in one file under the data directory, no
server to install. Its Cypher dialect and its 0.22.0 defects are documented in ``embedded_dialect.md``; the
rules that follow from them are applied here:

- every write transaction gets a fresh connection, closed afterwards (a reused COPY statement can crash the
  process, and a failed statement keeps failing on its connection);
- a document's facts are replaced in one transaction: delete its relationships, upsert its nodes with
  UNWIND ... MERGE, bulk-load its relationships with COPY ... FROM (UNWIND ...);
- queries on the read path are classified with EXPLAIN and refused if the plan writes;
- every write transaction is checkpointed before the next one starts: rows that COPY loaded are NOT in the WAL
  (a build killed after COMMIT but before a checkpoint came back with its nodes and none of its relationships), so
  a document's content hash is set in a second, small transaction only after its facts are checkpointed; a
  half-written document is therefore never "unchanged" and the next build rewrites it;
- several processes share the file (see "Concurrency" in ``embedded_dialect.md``): LadybugDB lets read-only
  Databases open beside the one read-write Database but does nothing to keep them consistent, so motesgraf's lock
  file does: a writer holds it exclusively for a transaction and its checkpoint, a reader shares it while it
  opens a read-only snapshot and runs one query, and re-opens the snapshot when the files changed. Both wait at
  most ``LOCK_TIMEOUT`` seconds and then fail with one line.
"""

from __future__ import annotations

import dataclasses
import fcntl
import os
import re
import time
from decimal import Decimal
from contextlib import ExitStack, contextmanager
from pathlib import Path

from .model import (ADD_AGGREGATE_STATEMENTS, AGGREGATE_STATEMENTS, AGGREGATES, AT_FIRST_OR_LAST, ENTITY_LABELS,
                    EVERY_AGGREGATED_NODE, INT, MEETINGS_WITHOUT_SORT_KEY, NODES, NOTHING_REMOVED, RELATIONSHIPS,
                    SET_SORT_KEYS, STRINGS, TOUCHED_BY_PERSONS, GraphRows, Removed, aggregate_changes, keys_by_label,
                    sort_key_rows, stored_properties)
from .store import ReadOnlyViolation, StoreBase, StoreError

DATABASE_FILE = "graph.lbug"
LOCK_FILE = ".access.lock"
LOCK_TIMEOUT = float(os.environ.get("MOTESGRAF_LOCK_TIMEOUT", 60))  # seconds
_WRITE_OPERATORS = {"INSERT", "SET_PROPERTY", "DELETE", "MERGE", "CREATE_TABLE", "DROP_TABLE", "ALTER", "COPY_FROM",
                    "COPY_TO", "PARTITIONER", "INDEX_LOOKUP", "DETACH_DELETE", "CREATE_MACRO", "EXPORT_DATABASE",
                    "IMPORT_DATABASE", "INSTALL_EXTENSION", "LOAD_EXTENSION", "ATTACH_DATABASE", "TRANSACTION"}
_WRITE_KEYWORDS = re.compile(r"\b(CREATE|MERGE|DELETE|DETACH|SET|REMOVE|DROP|ALTER|COPY|BEGIN|COMMIT|ROLLBACK|"
                             r"INSTALL|LOAD|ATTACH|DETACH|EXPORT|IMPORT|CHECKPOINT|USE)\b", re.IGNORECASE)
_READ_CALLS = re.compile(r"\bCALL\s+(show_tables|table_info|show_connection)\b", re.IGNORECASE)
_PLAN_OPERATOR = re.compile(r"│\s+([A-Z_]{3,})\[\d+\]\s+│")
# Strings, `quoted names` and comments in ONE left-to-right pass: done one kind after the other, a quote inside a
# comment (or // inside a string) could hide a following `; DELETE` or `LOAD FROM` from the guard.
_NOT_CODE = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|`[^`]*`|//[^\n]*|/\*.*?\*/", re.DOTALL)


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


def _migrate(conn) -> None:
    """Bring a store built by an older version up to the model: node properties added since (LadybugDB has no
    secondary indexes; only ``key`` is indexed) become columns, meetings get their ``sort_key``, and when the
    aggregates' columns were missing, every aggregate is computed (in this same transaction)."""
    added_aggregates = False
    for label, properties in NODES.items():
        existing = {row[1] for row in conn.execute(f"CALL table_info('{label}') RETURN *").get_all()}
        for name in properties.keys() - existing:
            conn.execute(f"ALTER TABLE {label} ADD IF NOT EXISTS {name} {properties[name]}")
            added_aggregates |= name in AGGREGATES.get(label, {})
    rows = sort_key_rows(_rows(conn.execute(MEETINGS_WITHOUT_SORT_KEY)))
    if rows:  # UNWIND of an empty list does not bind in LadybugDB
        conn.execute(SET_SORT_KEYS, parameters={"rows": rows})
    if added_aggregates:
        _refresh_aggregates(conn, keys_by_label(_rows(conn.execute(EVERY_AGGREGATED_NODE))))


class EmbeddedStore(StoreBase):
    def __init__(self, data_dir: str | Path):
        import ladybug

        self._ladybug = ladybug
        self.data_dir = Path(data_dir)
        self._path = self.data_dir / DATABASE_FILE
        self._writer = None  # the read-write Database: opened at the first write, held until close()
        self._reader = None  # a connection on the writer, or on a read-only snapshot (self._snapshot)
        self._snapshot = None  # (read-only Database, the state of the files it was opened on)
        self._held = False  # exclusive_access() holds the lock file for this store's whole life
        self._reading = False  # inside reading(): the shared lock is held for the whole block
        try:
            self.data_dir.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise StoreError(f"cannot open the embedded store in {self.data_dir}: {error}") from None
        self._prepare()

    def _prepare(self) -> None:
        """Create the tables, or bring a store written by an older version up to the model. Skipped when another
        process is writing to the store right now: that process has done it already."""
        try:
            db = self._open_writer(wait=not self._path.exists())
        except StoreBusy:
            return
        try:
            if self._schema_is_current(db):  # reading the catalogue is cheaper than DDL and its checkpoint
                return
            with self._transaction(db) as conn:
                for statement in schema_statements():
                    conn.execute(statement)
                _migrate(conn)
        finally:
            with self._lock(fcntl.LOCK_EX):
                db.close()  # so that other processes can write between our writes

    def _schema_is_current(self, db) -> bool:
        """Every table of the model exists, and every node table has every column (what ``_migrate`` adds)."""
        with self._lock(fcntl.LOCK_EX):
            conn = self._ladybug.Connection(db)
            try:
                tables = {row[0] for row in conn.execute("CALL show_tables() RETURN name").get_all()}
                if not tables >= NODES.keys() | RELATIONSHIPS.keys():
                    return False
                return all(properties.keys() <= {row[1] for row in conn.execute(
                    f"CALL table_info('{label}') RETURN *").get_all()} for label, properties in NODES.items())
            except RuntimeError as error:
                raise StoreError(f"embedded store: {_first_line(error)}") from None
            finally:
                conn.close()

    # ------------------------------------------------------------------ locking

    @contextmanager
    def _lock(self, mode: int, *, wait: bool = True):
        """Our lock file, shared (readers) or exclusive (a writer), waiting at most LOCK_TIMEOUT seconds. flock
        locks belong to the open file, so they vanish with a killed process and never go stale."""
        if self._held:  # a second flock on the same file would wait for our own first one
            yield
            return
        deadline = time.monotonic() + (LOCK_TIMEOUT if wait else 0)
        with open(self.data_dir / LOCK_FILE, "a") as handle:
            while True:
                try:
                    fcntl.flock(handle, mode | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        raise self._busy() from None
                    time.sleep(0.05)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def _busy(self) -> StoreError:
        return StoreBusy(f"the embedded store in {self.data_dir} is in use by another motesgraf process "
                         f"(waited {LOCK_TIMEOUT:.0f} s); try again when it has finished")

    def _open_writer(self, *, wait: bool = True):
        """A read-write Database. LadybugDB allows one per file and refuses a second at once, so retry until the
        other writer is done (another build), without holding our lock while waiting."""
        deadline = time.monotonic() + (LOCK_TIMEOUT if wait else 0)
        while True:
            with self._lock(fcntl.LOCK_EX, wait=wait):  # opening replays a WAL left by a killed writer
                try:
                    return self._ladybug.Database(str(self._path), auto_checkpoint=False)
                except RuntimeError as error:
                    if "lock" not in str(error).lower():
                        raise StoreError(f"cannot open the embedded store in {self.data_dir}: "
                                         f"{_first_line(error)}") from None
            if time.monotonic() >= deadline:
                raise self._busy()
            time.sleep(0.1)

    # ------------------------------------------------------------------ writing

    @contextmanager
    def _transaction(self, db=None, *, checkpoint: bool = True):
        """A fresh connection in one write transaction, committed and (by default) checkpointed while holding the
        lock exclusively."""
        if db is None:
            db = self._writable()
        with self._lock(fcntl.LOCK_EX):
            conn = self._ladybug.Connection(db)
            try:
                conn.execute("CALL enable_cached_prepared_statement='NONE'")
                conn.execute("BEGIN TRANSACTION")
                try:
                    yield conn
                except BaseException:
                    _quietly(conn, "ROLLBACK")
                    raise
                conn.execute("COMMIT")
                if checkpoint:
                    conn.execute("CHECKPOINT")  # COPY's rows are durable only from here on
            except RuntimeError as error:
                raise StoreError(f"embedded store: {_first_line(error)}") from None
            finally:
                conn.close()
                self._reader = None  # a reader must not keep a stale prepared plan across schema or data changes

    def _writable(self):
        if self._writer is None:
            self._drop_snapshot()
            self._writer = self._open_writer()
        return self._writer

    def write_rows(self, rows: GraphRows, *, replace: bool = True) -> None:
        """The facts with the documents' content hashes unset, checkpointed; then the hashes."""
        documents = rows.nodes.get("Document", [])
        unconfirmed = dataclasses.replace(rows, nodes={**rows.nodes, "Document": [
            dict(document, content_hash=None) for document in documents]}) if documents else rows
        with self._transaction() as conn:
            removed = _delete_document(conn, rows.document_key) if replace else NOTHING_REMOVED
            for label, nodes in unconfirmed.nodes.items():
                _merge_nodes(conn, label, nodes)
            for kind, relationships in rows.relationships.items():
                for (source, target), group in _by_endpoints(relationships).items():
                    _copy_relationships(conn, kind, source, target, group)
            _change_aggregates(conn, removed, rows)
        if documents:
            with self._transaction(checkpoint=False) as conn:  # SET is in the WAL, so this needs no checkpoint
                conn.execute("UNWIND $rows AS r MATCH (d:Document {key: r.key}) SET d.content_hash = r.content_hash",
                             parameters={"rows": [{"key": d["key"], "content_hash": d["content_hash"]}
                                                  for d in documents]})

    def delete_document(self, document_key: str) -> None:
        with self._transaction() as conn:
            _change_aggregates(conn, _delete_document(conn, document_key), None)

    def delete_persons(self, keys: list[str]) -> None:
        """Delete people and their relationships, refreshing the aggregates this changes, in one transaction."""
        with self._transaction() as conn:
            touched = {label: [row["key"] for row in _rows(conn.execute(statement, parameters={"keys": keys}))]
                       for label, statement in TOUCHED_BY_PERSONS.items()}
            conn.execute("MATCH (p:Person) WHERE p.key IN $keys DETACH DELETE p", parameters={"keys": keys})
            _refresh_aggregates(conn, touched)

    # ------------------------------------------------------------------ reading

    def run(self, cypher: str, params: dict | None = None, read_only: bool = True) -> list[dict]:
        if not read_only:
            with self._transaction() as conn:
                return _rows(conn.execute(cypher, parameters=params or {}))
        if self._writer is not None or self._reading:  # this process writes, or holds the shared lock already
            return self._read(cypher, params)
        with self._lock(fcntl.LOCK_SH):
            return self._read(cypher, params)

    @contextmanager
    def reading(self):
        """Reads in the block see one state: it holds the shared lock, so no other process writes until it ends
        (and the snapshot is opened at most once)."""
        if self._writer is not None or self._reading:
            yield
            return
        with self._lock(fcntl.LOCK_SH):
            self._reading = True
            try:
                yield
            finally:
                self._reading = False

    def _read(self, cypher: str, params: dict | None) -> list[dict]:
        try:
            conn = self._read_connection()
            _refuse_writes(conn, cypher, params or {})
            return _rows(conn.execute(cypher, parameters=params or {}))
        except RuntimeError as error:
            self._reader = None  # a failed statement would keep failing on this connection
            raise StoreError(_first_line(error)) from None

    def _read_connection(self):
        if self._writer is not None:
            if self._reader is None:
                self._reader = self._ladybug.Connection(self._writer)
            return self._reader
        state = _file_state(self._path)
        if self._snapshot is None or self._snapshot[1] != state:  # another process wrote since we opened
            self._drop_snapshot()
            self._snapshot = (self._ladybug.Database(str(self._path), read_only=True), state)
        if self._reader is None:
            self._reader = self._ladybug.Connection(self._snapshot[0])
        return self._reader

    def _drop_snapshot(self) -> None:
        self._reader = None
        if self._snapshot is not None:
            self._snapshot[0].close()
            self._snapshot = None

    @contextmanager
    def held(self):
        """This store for this process alone until the block ends: other processes wait to write or read. First
        the one read-write Database (LadybugDB's own lock), then ours: the order every writer uses, so two
        holders never wait for each other. The transactions in the block take no lock of their own."""
        if self._held:
            yield
            return
        self._writable()
        with self._lock(fcntl.LOCK_EX):
            self._held = True
            try:
                yield
            finally:
                self._held = False

    def close(self) -> None:
        self._drop_snapshot()
        if self._writer is not None:
            with self._lock(fcntl.LOCK_EX):
                self._writer.close()  # folds what is left in the WAL into the file
            self._writer = None


class StoreBusy(StoreError):
    """Another process kept the embedded store for longer than LOCK_TIMEOUT."""


@contextmanager
def exclusive_access(data_dir: str | Path):
    """The store in ``data_dir`` for this process alone, for work on its files as a whole (``forget`` rewrites and
    swaps the database file). Yields an open EmbeddedStore; until the block ends no other process writes or reads:
    they wait (at most LOCK_TIMEOUT) and then see what the block left. The block may close the store and replace
    its files; it still holds the lock. Waits at most LOCK_TIMEOUT for a running writer (a build holds its
    read-write Database between transactions), then as long again for the lock, and then raises StoreBusy."""
    store = EmbeddedStore(data_dir)
    with ExitStack() as hold:
        try:
            hold.enter_context(store.held())
            yield store
        finally:
            store.close()  # once, under the lock when it was had: closing folds the WAL into the file


def _file_state(path: Path) -> tuple:
    """What changes whenever a writer commits (the WAL grows) or checkpoints (the file changes)."""
    state = []
    for name in (path, path.with_name(path.name + ".wal")):
        try:
            status = name.stat()
            state.append((status.st_ino, status.st_size, status.st_mtime_ns))
        except FileNotFoundError:
            state.append(None)
    return tuple(state)


def _first_line(error: Exception) -> str:
    lines = str(error).strip().splitlines()
    return lines[0] if lines else type(error).__name__


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
    code = _NOT_CODE.sub(lambda m: "''" if m.group()[0] in "'\"`" else " ", cypher)  # may say "set" or "load"
    if ";" in code.strip().rstrip(";") or _WRITE_KEYWORDS.search(code) or (
            re.search(r"\bCALL\b", code, re.IGNORECASE) and not _READ_CALLS.search(code)):
        raise ReadOnlyViolation("this query writes to the graph; queries run read-only")
    plan = conn.execute(f"EXPLAIN {cypher}", parameters=params).get_all()
    operators = set(_PLAN_OPERATOR.findall(" ".join(str(cell) for row in plan for cell in row)))
    if operators & _WRITE_OPERATORS:
        raise ReadOnlyViolation("this query writes to the graph; queries run read-only")


def _refresh_aggregates(conn, *touched: dict[str, list[str]]) -> None:
    """Recompute the aggregates of the touched nodes (keys by label), one statement per label."""
    for label, statement in AGGREGATE_STATEMENTS.items():
        keys = sorted({key for group in touched for key in group.get(label, ())})
        if keys:  # UNWIND of an empty list does not bind in LadybugDB
            conn.execute(statement, parameters={"keys": keys})


def _change_aggregates(conn, removed: Removed, rows: GraphRows | None) -> None:
    """Add what the write added and take away what it removed (``aggregate_changes``), then recompute the few
    nodes whose first or last meeting was the removed one."""
    changes, stale = aggregate_changes(removed, rows)
    for label, change in changes.items():
        conn.execute(ADD_AGGREGATE_STATEMENTS[label], parameters={"rows": change})
    _refresh_aggregates(conn, stale)


def _delete_document(conn, document_key: str) -> Removed:
    """Returns what went: read before it goes (a deleted node's key cannot be read afterwards)."""
    meeting = "meeting:" + document_key.split(":", 1)[1]
    relationships: dict[str, list[dict]] = {}
    for row in _rows(conn.execute(_RELATIONSHIPS_OF_MEETING, parameters={"m": meeting})):
        relationships.setdefault(row.pop("kind"), []).append(row)
    stored = _rows(conn.execute("MATCH (n:Meeting) WHERE n.key = $m RETURN n.sort_key AS sort_key",
                                parameters={"m": meeting}))
    sort_key = (stored[0]["sort_key"] if stored else None) or ""
    touched = {label: sorted(set(keys)) for label, keys in keys_by_label(
        [{"label": r[side + "_label"], "key": r[side]} for group in relationships.values() for r in group
         for side in ("from", "to") if r[side + "_label"] in ENTITY_LABELS]).items()}
    at_first_or_last = {label: [row["key"] for row in _rows(conn.execute(
        AT_FIRST_OR_LAST[label], parameters={"keys": keys, "sort_key": sort_key}))]
        for label, keys in touched.items() if label in AT_FIRST_OR_LAST}
    conn.execute("MATCH ()-[r]->() WHERE r.meeting = $m DELETE r", parameters={"m": meeting})
    conn.execute("MATCH (n:AgendaItem) WHERE n.meeting = $m DETACH DELETE n", parameters={"m": meeting})
    conn.execute("MATCH (n:Meeting) WHERE n.key = $m DETACH DELETE n", parameters={"m": meeting})
    conn.execute("MATCH (n:Document) WHERE n.key = $k DETACH DELETE n", parameters={"k": document_key})
    deleted = [row["key"] for label, keys in touched.items() for row in _rows(conn.execute(
        f"MATCH (n:{label}) WHERE n.key IN $keys AND NOT EXISTS {{ MATCH (n)-[]-() }} "
        "WITH n, n.key AS key DELETE n RETURN key", parameters={"keys": keys}))]
    return Removed(meeting, sort_key, relationships, at_first_or_last, frozenset(deleted))


_RELATIONSHIPS_OF_MEETING = ("MATCH (a)-[r]->(b) WHERE r.meeting = $m RETURN label(r) AS kind, a.key AS `from`, "
                             "label(a) AS from_label, b.key AS `to`, label(b) AS to_label, r.status AS status")


def _merge_nodes(conn, label: str, nodes: list[dict]) -> None:
    properties = stored_properties(label)
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
