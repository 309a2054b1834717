"""One checksum over the whole graph, the same from both stores when they hold the same graph:

    from motesgraf.graph.checksum import checksum
    checksum(store)   # 'sha256:…'

Every node's declared properties per label and every relationship's properties per type, with its endpoints'
keys, each row as canonical JSON; the rows are sorted in Python, so neither the store nor the order in which
documents were loaded changes the result. Two graphs with the same checksum hold the same nodes, relationships
and property values (including duplicate relationships, which are counted, not merged).
"""

from __future__ import annotations

import hashlib
import json

from .model import NODES, RELATIONSHIPS
from .store import GraphStore


def checksum(store: GraphStore) -> str:
    digest = hashlib.sha256()
    for section, rows in _sections(store):
        digest.update(f"{section}\n".encode())
        for line in sorted(_canonical(row) for row in rows):
            digest.update(line.encode() + b"\n")
    return f"sha256:{digest.hexdigest()}"


def _sections(store: GraphStore):
    for label, properties in NODES.items():
        columns = ", ".join(f"n.{name} AS {name}" for name in properties)
        yield f"node {label}", store.run(f"MATCH (n:{label}) RETURN {columns}", {})
    for kind, declared in RELATIONSHIPS.items():
        columns = ", ".join(f"r.{name} AS {name}" for name in declared.all_properties)
        yield f"relationship {kind}", store.run(
            f"MATCH (a)-[r:{kind}]->(b) RETURN a.key AS source, b.key AS target, {columns}", {})


def _canonical(row: dict) -> str:
    return json.dumps(row, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
