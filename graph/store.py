"""The store interface both backends implement, and how to open one.

    with open_store("embedded", data_dir="motesgraf-data") as store:
        store.write(records)
        rows = store.run("MATCH (p:Person) RETURN p.name AS name ORDER BY name", {})
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Protocol

from .model import NODES, RELATIONSHIPS, combine, record_to_rows

BACKENDS = ("embedded", "neo4j")
DEFAULT_DATA_DIR = Path("motesgraf-data")
WRITE_BATCH = 100  # new documents per transaction: few round trips, bounded transaction memory


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

    def delete_document(self, document_key: str) -> None:
        """Remove one document's facts, and entities no other document supports."""

    def documents(self) -> dict[str, str]:
        """Stored documents: document key -> content hash (for incremental builds)."""

    def run(self, cypher: str, params: dict | None = None, read_only: bool = True) -> list[dict]:
        """Run parameterised Cypher; rows as dicts. Refuses writes unless ``read_only=False``."""

    def stats(self) -> Stats: ...

    def close(self) -> None: ...


def count_everything(run) -> Stats:
    """Node counts per label and relationship counts per type, with the same queries on both backends."""
    nodes = {label: run(f"MATCH (n:{label}) RETURN count(n) AS n", {})[0]["n"] for label in NODES}
    relationships = {kind: run(f"MATCH ()-[r:{kind}]->() RETURN count(r) AS n", {})[0]["n"] for kind in RELATIONSHIPS}
    return Stats({k: v for k, v in nodes.items() if v}, {k: v for k, v in relationships.items() if v})


def open_store(backend: str = "embedded", **options) -> GraphStore:
    """``embedded`` (LadybugDB in ``data_dir``) or ``neo4j`` (``uri``, ``user``, ``password``, ``database``)."""
    if backend == "embedded":
        from .embedded_store import EmbeddedStore

        return EmbeddedStore(options.get("data_dir") or DEFAULT_DATA_DIR)
    if backend == "neo4j":
        from .neo4j_store import Neo4jStore

        return Neo4jStore(**{k: v for k, v in options.items() if k in ("uri", "user", "password", "database")})
    raise StoreError(f"unknown backend {backend!r} (choose from {', '.join(BACKENDS)})")
