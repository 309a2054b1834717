"""The query registry: every ``*.cypher`` file in this folder is one canned query, described by its header.

A header is the block of ``//`` comment lines at the top of the file::

    // name: co-attendance
    // description: Pairs of people who attended the same meetings, and how many.
    // param min_meetings: int = 2 -- only pairs who shared at least this many meetings
    // param name: string -- required (no default)
    // returns: person_a, person_b, meetings
    // ordered: path                      (optional: list columns whose order matters)
    // sort: length, path                  (optional: rows sorted in Python by these columns, for orders the
    //                                      embedded dialect cannot express, e.g. by a list)
    // post: betweenness                   (optional: a Python post-step registered in POST_STEPS)
    // any further comment lines are free text (shown in the catalogue)

Parameter types are ``int``, ``string``, ``bool`` and ``date`` (a string: ``YYYY``, ``YYYY-MM-DD`` or empty); a
parameter without ``= default`` is required. Values from the command line arrive as strings and are converted per
the header. A ``limit`` of 0 means "no limit": the Cypher receives ``NO_LIMIT`` instead, so it can say
``LIMIT $limit`` (post-steps still see 0). Every value reaches the database as a query
parameter, never by building Cypher text.

``NAME.embedded.cypher`` beside ``NAME.cypher`` is the variant for the embedded store (LadybugDB) where its
dialect differs from Neo4j's; it carries the same header (checked when loading).

List values in result rows are returned sorted (neither engine promises the order of ``collect``), except in
the columns a header lists under ``ordered:``.
"""

from __future__ import annotations

import random
import re
from collections import Counter, defaultdict
from decimal import Decimal
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable

QUERY_DIR = Path(__file__).resolve().parent
TYPES = ("int", "string", "bool", "date")
_PARAM = re.compile(r"^(?P<name>[a-z_][a-z0-9_]*)\s*:\s*(?P<type>\w+)\s*(?:=\s*(?P<default>.*?))?\s*(?:--\s*(?P<help>.*))?$")
_PARAM_USE = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
_TRUE, _FALSE = {"true", "yes", "1", "on"}, {"false", "no", "0", "off"}
_DATE = re.compile(r"^(\d{4}(-\d{2}-\d{2})?)?$")
NO_LIMIT = 2**31 - 1  # what a limit of 0 ("all rows") becomes in the Cypher: LadybugDB's LIMIT takes no expression


class QueryError(Exception):
    """A query could not be found or run as asked; the message is one line."""


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    default: object = None
    required: bool = True
    help: str = ""

    def convert(self, value):
        """A value as the header's type; strings (from the command line) are parsed."""
        try:
            if self.type == "int":
                if isinstance(value, bool):
                    raise ValueError
                return int(value)
            if self.type == "bool":
                if isinstance(value, bool):
                    return value
                text = str(value).strip().lower()
                if text in _TRUE:
                    return True
                if text in _FALSE:
                    return False
                raise ValueError
            if isinstance(value, (dict, list, tuple, set)):
                raise ValueError
            if self.type == "date" and not _DATE.match(str(value).strip()):
                raise ValueError
            return str(value).strip() if self.type == "date" else str(value)
        except (TypeError, ValueError):
            expected = "a date (YYYY or YYYY-MM-DD)" if self.type == "date" else self.type
            raise QueryError(f"parameter {self.name!r} expects {expected}, got {value!r}") from None

    def signature(self) -> str:
        if self.required:
            return f"{self.name}: {self.type} (required)"
        return f"{self.name}: {self.type} = {_show(self.default)}"


@dataclass(frozen=True)
class Query:
    name: str
    description: str
    params: tuple[Param, ...]
    returns: tuple[str, ...]
    cypher: str  # the Neo4j (default) text, header comments removed
    embedded_cypher: str | None = None  # the embedded store's variant, when there is one
    notes: str = ""
    ordered: tuple[str, ...] = ()
    sort: tuple[str, ...] = ()
    post: str | None = None
    path: Path | None = field(default=None, compare=False)

    def cypher_for(self, backend: str) -> str:
        return self.embedded_cypher if backend == "embedded" and self.embedded_cypher else self.cypher

    def bind(self, given: dict) -> dict:
        """Check and convert parameters: unknown and missing ones are errors, defaults fill the rest."""
        known = {p.name: p for p in self.params}
        unknown = sorted(set(given) - set(known))
        if unknown:
            allowed = ", ".join(known) or "none"
            raise QueryError(f"query {self.name!r} has no parameter {unknown[0]!r} (parameters: {allowed})")
        bound = {}
        for param in self.params:
            if param.name in given and given[param.name] is not None:
                bound[param.name] = param.convert(given[param.name])
            elif param.required:
                raise QueryError(f"query {self.name!r} needs parameter {param.name!r} ({param.type})")
            else:
                bound[param.name] = param.default
        return bound


def _show(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return '""' if value == "" else value
    return str(value)


def parse(text: str, path: Path | None = None) -> Query:
    """One query file: its header and its Cypher."""
    where = path.name if path else "query"
    header, body = [], []
    lines = text.splitlines()
    index = 0
    while index < len(lines) and (lines[index].lstrip().startswith("//") or not lines[index].strip()):
        if lines[index].strip():
            header.append(lines[index].strip()[2:].strip())
        index += 1
    for line in lines[index:]:
        if not line.lstrip().startswith("//"):  # comment lines are dropped: the embedded read guard scans words
            body.append(line)
    fields: dict[str, str] = {}
    params: list[Param] = []
    notes: list[str] = []
    for line in header:
        key, colon, rest = line.partition(":")
        key = key.strip()
        if key.startswith("param ") and colon:
            params.append(_param(key[len("param "):].strip() + ":" + rest, where))
        elif colon and key in ("name", "description", "returns", "ordered", "sort", "post"):
            fields[key] = rest.strip()
        else:
            notes.append(line)
    for required in ("name", "description", "returns"):
        if not fields.get(required):
            raise QueryError(f"{where}: header has no '{required}:' line")
    cypher = "\n".join(body).strip()
    if not cypher:
        raise QueryError(f"{where}: no Cypher after the header")
    used = set(_PARAM_USE.findall(cypher))
    declared = {p.name for p in params}
    if used - declared:
        raise QueryError(f"{where}: uses undeclared parameter ${sorted(used - declared)[0]}")
    return Query(name=fields["name"], description=fields["description"], params=tuple(params),
                 returns=_names(fields["returns"]), cypher=cypher, notes=" ".join(notes),
                 ordered=_names(fields.get("ordered", "")), sort=_names(fields.get("sort", "")), post=fields.get("post") or None, path=path)


def _names(text: str) -> tuple[str, ...]:
    return tuple(name.strip() for name in text.split(",") if name.strip())


def _param(text: str, where: str) -> Param:
    match = _PARAM.match(text.strip())
    if not match or match["type"] not in TYPES:
        raise QueryError(f"{where}: cannot read parameter line {text!r} (want 'param NAME: int|string|bool [= DEFAULT] -- help')")
    kind, default = match["type"], match["default"]
    param = Param(match["name"], kind, help=(match["help"] or "").strip())
    if default is None:
        return param
    default = default.strip()
    if kind in ("string", "date") and len(default) >= 2 and default[0] == default[-1] and default[0] in "\"'":
        default = default[1:-1]
    return Param(param.name, kind, param.convert(default), required=False, help=param.help)


@lru_cache(maxsize=1)
def _load() -> dict[str, Query]:
    return load(QUERY_DIR)


def load(folder: Path) -> dict[str, Query]:
    """Every query in ``folder`` by name (``NAME.cypher``, with ``NAME.embedded.cypher`` as its variant)."""
    queries: dict[str, Query] = {}
    for path in sorted(folder.glob("*.cypher")):
        if path.name.endswith(".embedded.cypher"):
            continue
        query = parse(path.read_text(encoding="utf-8"), path)
        if query.name != path.stem:
            raise QueryError(f"{path.name}: header names it {query.name!r}; the file must be {query.name}.cypher")
        variant_path = path.with_name(f"{path.stem}.embedded.cypher")
        if variant_path.exists():
            variant = parse(variant_path.read_text(encoding="utf-8"), variant_path)
            if (variant.name, variant.params, variant.returns) != (query.name, query.params, query.returns):
                raise QueryError(f"{variant_path.name}: header differs from {path.name} (name, params, returns)")
            query = Query(**{**query.__dict__, "embedded_cypher": variant.cypher})
        queries[query.name] = query
    for path in folder.glob("*.embedded.cypher"):
        if path.name.removesuffix(".embedded.cypher") not in queries:
            raise QueryError(f"{path.name}: a variant without {path.name.removesuffix('.embedded.cypher')}.cypher")
    for query in queries.values():
        if query.post and query.post not in POST_STEPS:
            raise QueryError(f"{query.name}: unknown post-step {query.post!r}")
    return queries


def list_queries() -> list[Query]:
    """The canned queries, by name."""
    return [query for _, query in sorted(_load().items())]


def get_query(name: str) -> Query:
    queries = _load()
    if name not in queries:
        raise QueryError(f"unknown query {name!r} (see `motesgraf queries`: {', '.join(sorted(queries))})")
    return queries[name]


def backend_of(store) -> str:
    """``embedded`` for the LadybugDB store, else ``neo4j`` (the default dialect)."""
    from motesgraf.graph.embedded_store import EmbeddedStore

    return "embedded" if isinstance(store, EmbeddedStore) else "neo4j"


def run_query(store, name: str, /, **params) -> list[dict]:
    """Run the canned query ``name`` read-only on ``store``; plain rows (dicts), in the query's order."""
    query = get_query(name)
    bound = query.bind(params)
    cypher = query.cypher_for(backend_of(store))
    used = set(_PARAM_USE.findall(cypher))
    values = {k: v for k, v in bound.items() if k in used}
    if values.get("limit") == 0:
        values["limit"] = NO_LIMIT
    rows = store.run(cypher, values, read_only=True)
    rows = [_plain(row, query.ordered) for row in rows]
    if query.post:
        rows = POST_STEPS[query.post](rows, bound)
    if query.sort:  # after the post-step, which may make the values sorted by
        rows.sort(key=lambda row: tuple(_sortable(row.get(column)) for column in query.sort))
    return rows


def _plain(row: dict, ordered: tuple[str, ...]) -> dict:
    out = {}
    for key, value in row.items():
        if isinstance(value, Decimal):  # the embedded store's sum() is INT128, which arrives as a Decimal
            value = int(value) if value == value.to_integral_value() else float(value)
        if isinstance(value, list) and key not in ordered:
            try:
                value = sorted(value, key=lambda v: (v is None, v))
            except TypeError:
                pass
        out[key] = value
    return out


def _sortable(value):
    if isinstance(value, list):
        return tuple(_sortable(v) for v in value)
    return (value is None, "" if value is None else value)


# ---------------------------------------------------------------- post-steps (Python after the Cypher)

BETWEENNESS_SOURCES = 1000  # exact betweenness up to this many core actors, estimated from this many sources above


def _betweenness(rows: list[dict], params: dict) -> list[dict]:
    """``central-actors``: degree comes from Cypher; betweenness centrality (normalised, as networkx defines it)
    is computed here with igraph, in C, over the actor graph the rows describe (each row's ``neighbours`` keys)."""
    index: dict[str, int] = {}
    for row in rows:
        index.setdefault(row["key"], len(index))
    edges = {tuple(sorted((index[row["key"]], index.setdefault(other, len(index)))))
             for row in rows for other in row["neighbours"]}
    count = len(index)
    raw = _pair_betweenness(count, sorted(edges))
    scale = 2 / ((count - 1) * (count - 2)) if count > 2 else 1.0
    out = [{"actor": row["actor"], "label": row["label"], "degree": row["degree"],
            "betweenness": round(raw[index[row["key"]]] * scale, 4)} for row in rows]
    out.sort(key=lambda r: (-r["betweenness"], -r["degree"], r["actor"] or "", r["label"]))
    limit = params.get("limit")
    return out[:limit] if limit and limit > 0 else out


def _pair_betweenness(count: int, edges: list[tuple[int, int]]) -> list[float]:
    """Unnormalised betweenness (over unordered pairs), from the shortest paths of the core actors only.

    Most actors are leaves: a person who represents one municipality has one link. A leaf is never between two
    others, and its shortest paths are its neighbour's with one step in front, so each core actor is a source
    standing for itself and its leaves (igraph is called once per such weight), and a leaf's neighbour gets the
    leaf's paths to the rest of their component. This is exact, and at 10,000 meetings it leaves about 700 of
    3,800 actors as sources. Above ``BETWEENNESS_SOURCES`` core actors it is estimated from that many of them,
    sampled with a fixed seed (the same rows every run, linear in the network) instead of growing with the square
    of the network."""
    import igraph

    if not count:
        return []
    graph = igraph.Graph(n=count, edges=edges)
    degree, neighbours = graph.degree(), graph.get_adjlist()
    leaves_of = Counter(neighbours[v][0] for v in range(count) if degree[v] == 1 and degree[neighbours[v][0]] > 1)
    core = [v for v in range(count) if not (degree[v] == 1 and degree[neighbours[v][0]] > 1)]
    sources, scale = core, 1.0
    if len(core) > BETWEENNESS_SOURCES:
        sources = sorted(random.Random(0).sample(core, BETWEENNESS_SOURCES))
        scale = len(core) / BETWEENNESS_SOURCES
    by_weight: dict[int, list[int]] = defaultdict(list)
    for source in sources:
        by_weight[1 + leaves_of[source]].append(source)
    component = graph.connected_components().membership
    size = Counter(component)
    # igraph counts each pair once: half of what a source's paths add
    total = [leaves_of[v] * (size[component[v]] - 2) / 2 for v in range(count)]
    for weight, group in by_weight.items():
        for v, value in enumerate(graph.betweenness(directed=False, sources=group)):
            total[v] += weight * value * scale
    return total


def _turnover(rows: list[dict], params: dict) -> list[dict]:
    """``representation-turnover``: "joined" and "left" compare each meeting's ``listed`` (the names with a status)
    with ``named`` (every name listed) at the municipality's previous listed meeting. Neo4j's rows carry that as
    ``previous`` (null at the first); the embedded store's rows come per municipality in meeting order, from its
    first meeting on, and the walk finds it, keeping only the rows ``in_window`` (since/until). Then the limit."""
    out, named_before = [], {}
    for row in rows:
        before = row["previous"] if "previous" in row else named_before.get(row["key"])
        named_before[row["key"]] = row["named"]
        if not row.get("in_window", True):
            continue
        joined = sorted(set(row["listed"]) - set(before)) if before is not None else []
        left = sorted(set(before) - set(row["listed"])) if before is not None else []
        out.append({"municipality": row["municipality"], "date": row["date"], "year": row["year"],
                    "meeting": row["meeting"], "present": row["present"], "absent": row["absent"],
                    "joined": joined, "left": left, "changed": bool(joined or left)})
    limit = params.get("limit")
    return out[:limit] if limit and limit > 0 else out


def _path_names(rows: list[dict], params: dict) -> list[dict]:
    """``shortest-path``: each step of ``path`` is its node's name, else its title (meetings, agenda items).
    The Cypher returns names and titles as two lists because the embedded store cannot combine them: its
    ``list_transform`` gives wrong values on large results (graph/embedded_dialect.md)."""
    return [{"from": row["from"], "to": row["to"], "length": row["length"],
             "path": [title if name is None else name for name, title in zip(row["path"], row["titles"])],
             "labels": row["labels"], "relationships": row["relationships"]} for row in rows]


POST_STEPS: dict[str, Callable[[list[dict], dict], list[dict]]] = {"betweenness": _betweenness,
                                                                    "turnover": _turnover,
                                                                    "path_names": _path_names}


# ---------------------------------------------------------------- the catalogue (queries/README.md)

def catalogue_markdown() -> str:
    """``queries/README.md``: the catalogue, generated from the headers (a test keeps the file up to date)."""
    lines = [
        "# Canned queries",
        "",
        "<!-- Generated by motesgraf.queries.catalogue_markdown() from the .cypher headers; do not edit by hand. -->",
        "",
        "Each query is a `.cypher` file in this folder whose header comment gives its name, description,",
        "parameters and returned columns; adding a query is adding a file. `NAME.embedded.cypher`, where present,",
        "is the variant for the embedded store (LadybugDB), whose Cypher dialect differs (see",
        "`graph/embedded_dialect.md`); a test proves both variants return the same rows on the same graph.",
        "",
        "```bash",
        "motesgraf queries                                          # this list",
        "motesgraf query person-history --param name='Linda Karlsson' --format table|json|csv",
        "motesgraf query --cypher 'MATCH (p:Person) RETURN p.name AS name LIMIT 5'   # ad hoc, read-only",
        "motesgraf query --cypher '…' --write                       # ad hoc, allowed to write",
        "```",
        "",
        "```python",
        "from motesgraf.graph.store import open_store",
        "from motesgraf.queries import run_query, list_queries",
        "",
        "with open_store('embedded', data_dir='motesgraf-data') as store:",
        "    rows = run_query(store, 'co-attendance', min_meetings=2)   # list of dicts",
        "```",
        "",
        "Conventions:",
        "",
        "- Queries run read-only; every value is passed as a query parameter. Command-line values are converted",
        "  to the parameter's type (`int`, `string`, `bool`: true/false/yes/no/1/0). An empty string parameter",
        "  means \"no filter\" where the description says so.",
        "- Meeting order: by `date` when known, else by `year` (an undated meeting comes before the dated ones of",
        "  its year), then by `source`; meetings with neither date nor year come last. A meeting is shown by",
        "  `date` (may be null), `year` and `meeting` (its title).",
        "- Actors are named by their canonical name (case-insensitive) or their key (`person:…`,",
        "  `organisation:…`, `municipality:<SCB code>`).",
        "- List values in rows are sorted, except for path columns, whose order is the path's.",
        "- A `limit` of 0 returns every row; otherwise the query says which rows it keeps.",
        "- `since` / `until` (a year `YYYY` or a date `YYYY-MM-DD`, both ends included) keep the meetings between",
        "  them in meeting order, by their `sort_key`: a year keeps the whole year; an undated meeting counts as",
        "  before every date of its year (so `until=2021-05-01` keeps it, `since=2021-05-01` does not), and a",
        "  meeting without a year as after every date.",
        "",
        "| query | description |",
        "|---|---|",
    ]
    queries = list_queries()
    for query in queries:
        lines.append(f"| [`{query.name}`](#{query.name}) | {query.description} |")
    for query in queries:
        lines += ["", f"## {query.name}", "", query.description, ""]
        if query.notes:
            lines += [query.notes, ""]
        lines.append("Parameters: none" if not query.params else "Parameters:")
        lines.append("")
        for param in query.params:
            lines.append(f"- `{param.signature()}`" + (f" — {param.help}" if param.help else ""))
        if query.params:
            lines.append("")
        lines.append("Returns: " + ", ".join(f"`{column}`" for column in query.returns))
        lines.append("")
        files = [f"`{query.name}.cypher`"] + ([f"`{query.name}.embedded.cypher` (embedded store)"]
                                               if query.embedded_cypher else [])
        if query.post:
            files.append(f"Python post-step `{query.post}` (`registry.py`)")
        lines.append("Files: " + ", ".join(files))
    return "\n".join(lines) + "\n"
