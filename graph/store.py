"""The store interface both backends implement, and how to open one.

    with open_store("embedded", data_dir="motesgraf-data") as store:
        store.write(records)
        rows = store.run("MATCH (p:Person) RETURN p.name AS name ORDER BY name", {})
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import ContextManager, Iterable, Protocol

from .model import NODES, RELATIONSHIPS, combine, record_to_rows

BACKENDS = ("embedded", "neo4j")
DEFAULT_DATA_DIR = Path("motesgraf-data")
WRITE_BATCH = 100  # new documents per transaction: few round trips, bounded transaction memory
# One row of two lists, not a row per document: the Neo4j driver decodes 10,000 records in ~1.8 s, two 10,000-item
# lists in ~0.2 s. coalesce keeps the lists aligned (collect skips nulls).
STORED_DOCUMENTS = "MATCH (d:Document) RETURN collect(d.key) AS keys, collect(coalesce(d.content_hash, '')) AS hashes"


class StoreError(Exception):
    """A store could not do what was asked; the message is one line and names no credentials."""


class ReadOnlyViolation(StoreError):
    """A query that writes was run on the read-only path."""


@dataclass(frozen=True)
class Stats:
    nodes: dict[str, int]  # label -> count
    relationships: dict[str, int]  # type -> count

    def text(self) -> str:
        """The same text from both backends when they hold the same graph."""
        lines = ["nodes"] + [f"  {label:<20} {count:>8}" for label, count in sorted(self.nodes.items())]
        lines += ["relationships"] + [f"  {kind:<20} {count:>8}" for kind, count in sorted(self.relationships.items())]
        return "\n".join(lines)


class StoreBase:
    """What both stores share: context management and statistics."""

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def stats(self) -> Stats:
        return count_everything(self.run)

    def documents(self) -> dict[str, str | None]:
        """Stored documents: document key -> content hash (None while a write is unconfirmed)."""
        row = self.run(STORED_DOCUMENTS, {})[0]
        return {key: content_hash or None for key, content_hash in zip(row["keys"], row["hashes"], strict=True)}

    @contextmanager
    def reading(self):
        """Several reads that make one answer (a query and its post-step's further reads). On the embedded store
        no other process writes until the block ends, so they all see one state. On Neo4j each read is a
        transaction of its own (and Neo4j isolates reads only as "read committed"), so a later read may see a
        later write: what reads more must allow for a node gone in between."""
        yield

    @contextmanager
    def held(self):
        """The store for this process alone during the block, so that what it checks and then writes does not
        interleave with another process (the embedded store holds its lock). On Neo4j it holds nothing: each write
        is a transaction of its own, and other processes do not wait."""
        yield

    def write(self, records: Iterable[dict], *, replace: bool = True) -> None:
        """Store each record's document. ``replace=False`` promises the documents are new: nothing old to look
        for, so they go in as one batch in one transaction (each document still commits whole or not at all)."""
        if replace:
            for record in records:
                self.write_rows(record_to_rows(record), replace=True)
        else:
            batch: list = []
            for record in records:
                batch.append(record_to_rows(record))
                if len(batch) == WRITE_BATCH:
                    self.write_rows(combine(batch), replace=False)
                    batch = []
            if batch:
                self.write_rows(combine(batch), replace=False)


class GraphStore(Protocol):
    def write(self, records: Iterable[dict], *, replace: bool = True) -> None:
        """Store each record's document; a document already stored is replaced, atomically per document."""

    def reading(self) -> ContextManager[None]:
        """A block of reads that see one state of the graph where the store can promise it (embedded)."""

    def held(self) -> ContextManager[None]:
        """A block in which no other process writes to or reads the store (a no-op on Neo4j)."""

    def delete_document(self, document_key: str) -> None:
        """Remove one document's facts, and entities no other document supports."""

    def delete_persons(self, keys: list[str]) -> None:
        """Remove people and their relationships (``forget``), in one transaction with the aggregates they changed."""

    def documents(self) -> dict[str, str | None]:
        """Stored documents: document key -> content hash (for incremental builds; None while unconfirmed)."""

    def run(self, cypher: str, params: dict | None = None, read_only: bool = True) -> list[dict]:
        """Run parameterised Cypher; rows as dicts. Refuses writes unless ``read_only=False``."""

    def stats(self) -> Stats: ...

    def close(self) -> None: ...


def count_everything(run) -> Stats:
    """Node counts per label and relationship counts per type, with the same query on both backends: one query,
    not one per label and type (22 round trips, each a read transaction, were a tenth of a second on Neo4j)."""
    # count() before the names: with them as grouping keys Neo4j scans instead of reading its count store
    parts = [f"MATCH (n:{label}) WITH count(n) AS n RETURN 'node' AS part, '{label}' AS name, n" for label in NODES]
    parts += [f"MATCH ()-[r:{kind}]->() WITH count(r) AS n RETURN 'relationship' AS part, '{kind}' AS name, n"
              for kind in RELATIONSHIPS]
    counts: dict[str, dict[str, int]] = {"node": {}, "relationship": {}}
    for row in run(" UNION ALL ".join(parts), {}):
        if row["n"]:
            counts[row["part"]][row["name"]] = row["n"]
    return Stats(counts["node"], counts["relationship"])


def open_store(backend: str = "embedded", **options) -> GraphStore:
    """``embedded`` (LadybugDB in ``data_dir``) or ``neo4j`` (``uri``, ``user``, ``password``, ``database``)."""
    if backend == "embedded":
        from .embedded_store import EmbeddedStore

        return EmbeddedStore(options.get("data_dir") or DEFAULT_DATA_DIR)
    if backend == "neo4j":
        from .neo4j_store import Neo4jStore

        return Neo4jStore(**{k: v for k, v in options.items() if k in ("uri", "user", "password", "database")})
    raise StoreError(f"unknown backend {backend!r} (choose from {', '.join(BACKENDS)})")
