"""The stored graph as a networkx MultiDiGraph (for algorithms) and as files: GraphML, GEXF (Gephi), JSON, and
the node/relationship CSV layout that ``neo4j-admin database import full`` reads."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import TYPE_CHECKING

from .model import BOOL, INT, NODES, RELATIONSHIPS, STRINGS
from .store import GraphStore

if TYPE_CHECKING:  # imported where used: networkx costs every command ~0.1–0.5 s of start-up
    import networkx as nx

FORMATS = ("graphml", "gexf", "csv", "json")
_CSV_TYPES = {INT: "long", BOOL: "boolean", STRINGS: "string[]"}
ARRAY_DELIMITER = ";"


def read_nodes(store: GraphStore) -> list[dict]:
    nodes = []
    for label, properties in NODES.items():
        columns = ", ".join(f"n.{name} AS {name}" for name in properties)
        for row in store.run(f"MATCH (n:{label}) RETURN {columns} ORDER BY n.key", {}):
            nodes.append({"label": label, **row})
    return nodes


def read_relationships(store: GraphStore) -> list[dict]:
    relationships = []
    for kind, declared in RELATIONSHIPS.items():
        columns = ", ".join(f"r.{name} AS {name}" for name in declared.all_properties)
        query = f"MATCH (a)-[r:{kind}]->(b) RETURN a.key AS source, b.key AS target, {columns}"
        for row in store.run(query, {}):
            relationships.append({"type": kind, **row})
    # A total order over all fields, so both backends list the same relationships identically.
    return sorted(relationships, key=lambda r: [(k, "" if v is None else str(v)) for k, v in r.items()])


def to_networkx(store: GraphStore) -> nx.MultiDiGraph:
    """Nodes keyed by their motesgraf key with ``label`` and properties; one edge per stored relationship, with
    its ``type`` and properties (two sentences co-mentioning the same pair are two edges)."""
    import networkx as nx

    graph = nx.MultiDiGraph()
    for node in read_nodes(store):
        graph.add_node(node["key"], **{k: v for k, v in node.items() if k != "key"})
    for rel in read_relationships(store):
        graph.add_edge(rel["source"], rel["target"], **{k: v for k, v in rel.items() if k not in ("source", "target")})
    return graph


def export(store: GraphStore, fmt: str, out: str | Path) -> list[Path]:
    """Write the graph in ``fmt``; returns the files written (csv writes a folder of files)."""
    out = Path(out)
    if fmt == "json":
        out.write_text(json.dumps({"nodes": read_nodes(store), "relationships": read_relationships(store)},
                                  ensure_ascii=False, indent=1), encoding="utf-8")
        return [out]
    if fmt == "csv":
        return _write_admin_csv(store, out)
    import networkx as nx

    graph = _flat(to_networkx(store))
    if fmt == "graphml":
        nx.write_graphml(graph, out)
    elif fmt == "gexf":
        nx.write_gexf(graph, out)
    else:
        raise ValueError(f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})")
    return [out]


def _flat(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """GraphML and GEXF take scalar attributes only: lists become ';'-joined text, missing values are left out."""
    flat = type(graph)()
    for node, data in graph.nodes(data=True):
        flat.add_node(node, **_scalars(data))
    for source, target, data in graph.edges(data=True):
        flat.add_edge(source, target, **_scalars(data))
    return flat


def _scalars(data: dict) -> dict:
    return {k: ARRAY_DELIMITER.join(v) if isinstance(v, list) else v for k, v in data.items() if v is not None}


def _write_admin_csv(store: GraphStore, folder: Path) -> list[Path]:
    """One file per label and per relationship type, with neo4j-admin headers (`key:ID`, `:LABEL`,
    `:START_ID`, `:END_ID`, `:TYPE`, typed properties). Keys are unique across labels, so one ID space."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    nodes = read_nodes(store)
    for label, properties in NODES.items():
        header = ["key:ID"] + [_typed(name, kind) for name, kind in properties.items() if name != "key"] + [":LABEL"]
        rows = [[n["key"]] + [_cell(n[name]) for name in properties if name != "key"] + [label]
                for n in nodes if n["label"] == label]
        written.append(_write_csv(folder / f"nodes_{label}.csv", header, rows))
    relationships = read_relationships(store)
    for kind, declared in RELATIONSHIPS.items():
        properties = declared.all_properties
        header = [":START_ID", ":END_ID", ":TYPE"] + [_typed(name, t) for name, t in properties.items()]
        rows = [[r["source"], r["target"], kind] + [_cell(r[name]) for name in properties]
                for r in relationships if r["type"] == kind]
        written.append(_write_csv(folder / f"relationships_{kind}.csv", header, rows))
    return written


def _typed(name: str, kind: str) -> str:
    return f"{name}:{_CSV_TYPES[kind]}" if kind in _CSV_TYPES else name


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ARRAY_DELIMITER.join(value)
    return str(value)


def _write_csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def admin_import_command(folder: Path, database: str = "neo4j") -> list[str]:
    """The `neo4j-admin database import full` arguments for a folder written by ``export(..., "csv", folder)``."""
    args = ["database", "import", "full", database, "--overwrite-destination=true",
            f"--array-delimiter={ARRAY_DELIMITER}", "--multiline-fields=true"]  # evidence may span lines
    args += [f"--nodes={p}" for p in sorted(folder.glob("nodes_*.csv"))]
    args += [f"--relationships={p}" for p in sorted(folder.glob("relationships_*.csv"))]
    return args
