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

import operator
import random
import re
from collections import Counter, defaultdict
from decimal import Decimal
from dataclasses import dataclass, field
from functools import lru_cache, partial
from itertools import accumulate
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
    with store.reading():  # a post-step may read more: on the embedded store, from the same state
        rows = store.run(cypher, values, read_only=True)
        rows = [_plain(row, query.ordered) for row in rows]
        if query.post:
            rows = POST_STEPS[query.post](rows, bound, store)
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

STEP_DIR = QUERY_DIR / "steps"  # the reads some post-steps make, one file each (not canned queries themselves)


@lru_cache(maxsize=None)
def _step_cypher(name: str, backend: str) -> str:
    """``steps/NAME.cypher``, or ``NAME.embedded.cypher`` on the embedded store where there is one, without its
    comment lines (the embedded read guard scans words)."""
    variant = STEP_DIR / f"{name}.embedded.cypher"
    path = variant if backend == "embedded" and variant.exists() else STEP_DIR / f"{name}.cypher"
    lines = path.read_text(encoding="utf-8").splitlines()
    return "\n".join(line for line in lines if not line.lstrip().startswith("//")).strip()


BETWEENNESS_SOURCES = 1000  # exact betweenness up to this many core actors, estimated from this many sources above

def _betweenness(rows: list[dict], params: dict, store) -> list[dict]:
    """``central-actors``: the Cypher returns the actor network as one row: ``from_keys[i]`` are the actors linked
    to ``to_keys[i]``. Degree (distinct neighbours) and betweenness centrality (normalised, as networkx defines
    it) are computed here, with igraph in C; then only the actors that can be in the answer (the first ``limit``
    by betweenness and degree, and any tied with the last of them) get their name and label, by a second
    read-only query, for the final order (betweenness, degree, name, label)."""
    pairs = [(a, b) for b, linked in zip(rows[0]["to_keys"], rows[0]["from_keys"]) for a in linked] if rows else []
    # actors numbered by key, not in the order the lists came (which the embedded store varies), so that the
    # estimate's sample of sources is the same every run
    index = {key: i for i, key in enumerate(sorted({key for pair in pairs for key in pair}))}
    ends = [(index[a], index[b]) for a, b in pairs]
    edges = {(a, b) if a < b else (b, a) for a, b in ends}  # a link both ways round is one edge
    count = len(index)
    raw = _pair_betweenness(count, sorted(edges))
    scale = 2 / ((count - 1) * (count - 2)) if count > 2 else 1.0
    degree = Counter(end for edge in edges for end in edge)
    ranked = sorted(((round(raw[i] * scale, 4), degree[i], key) for key, i in index.items()),
                    key=lambda actor: (-actor[0], -actor[1]))
    limit = params.get("limit")
    if limit and 0 < limit < len(ranked):
        last = ranked[limit - 1][:2]
        ranked = [actor for actor in ranked if actor[:2] >= last]  # ties with the last one kept: names decide
    found = {row["key"]: row for row in store.run(_step_cypher("actor-names", backend_of(store)),
                                                  {"keys": [key for _, _, key in ranked]}, read_only=True)}
    out = [{"actor": found[key]["name"], "label": found[key]["label"], "degree": neighbours, "betweenness": value}
           for value, neighbours, key in ranked if key in found]  # not found: removed by a write in between
    out.sort(key=lambda r: (-r["betweenness"], -r["degree"], r["actor"] or "", r["label"]))
    return out[:limit] if limit and limit > 0 else out


def _pair_betweenness(count: int, edges: list[tuple[int, int]]) -> list[float]:
    """Unnormalised betweenness (over unordered pairs), from the shortest paths of the core actors only.

    Most actors are leaves: a person who represents one municipality has one link. A leaf is never between two
    others, and its shortest paths are its neighbour's with one step in front, so each core actor is a source
    standing for itself and its leaves (weight 1 + leaves), and a leaf's neighbour gets the leaf's paths to the
    rest of their component. Above ``BETWEENNESS_SOURCES`` core actors the sources are that many of them, sampled
    with a fixed seed (the same rows every run, linear in the network) instead of growing with its square.
    Otherwise it is exact, and split for speed, since igraph's cost is per source times the graph it walks:
    paths to the core actors without leaves never touch a leaf, so they are counted on the core alone (700 of
    3,800 actors at 10,000 meetings), from every core source; a leafless actor's paths to the others are, by
    symmetry, their paths to it, counted there too; so only the core actors with leaves (200) walk the whole
    graph, for their paths (and their leaves') to everyone."""
    import igraph

    if not count:
        return []
    graph = igraph.Graph(n=count, edges=edges)
    degree = graph.degree()
    parent = {leaf: other for a, b in edges for leaf, other in ((a, b), (b, a)) if degree[leaf] == 1 < degree[other]}
    leaves_of = Counter(parent.values())
    core = [v for v in range(count) if v not in parent]
    component = graph.connected_components().membership
    size = Counter(component)
    # igraph counts each pair once: half of what a source's paths add
    total = [leaves_of[v] * (size[component[v]] - 2) / 2 for v in range(count)]
    if len(core) > BETWEENNESS_SOURCES:
        sampled = sorted(random.Random(0).sample(core, BETWEENNESS_SOURCES))
        scale = len(core) / BETWEENNESS_SOURCES
        _add(total, core, _weighted_betweenness(graph, {v: (1 + leaves_of[v]) * scale for v in sampled}, core))
        return total
    bare = [v for v in core if not leaves_of[v]]
    bare_in = Counter(component[v] for v in bare)
    for v in core:  # v is between its leaves and the leafless core actors
        total[v] += leaves_of[v] * bare_in[component[v]] / 2
    position = {v: i for i, v in enumerate(core)}  # induced_subgraph keeps the vertices' order
    on_core = _weighted_betweenness(graph.induced_subgraph(core), {position[v]: 1 + leaves_of[v] for v in core},
                                    range(len(core)), targets=[position[v] for v in bare])
    _add(total, core, on_core)
    _add(total, core, _weighted_betweenness(graph, {v: 1 + leaves_of[v] for v in core if leaves_of[v]}, core))
    return total


def _weighted_betweenness(graph, weights: dict[int, float], vertices, targets=None) -> list[float]:
    """Σ over the sources (``weights``' keys) of weight × their shortest paths' share through each of ``vertices``:
    one igraph call per distinct weight (a call costs about as much as five sources, so sources are grouped)."""
    by_weight: dict[float, list[int]] = defaultdict(list)
    for source, weight in weights.items():
        by_weight[weight].append(source)
    vertices = list(vertices)
    total = [0.0] * len(vertices)
    for weight, sources in by_weight.items():
        values = graph.betweenness(vertices=vertices, directed=False, sources=sources, targets=targets)
        total = list(map(operator.add, total, map(partial(operator.mul, weight), values)))
    return total


def _add(total: list[float], vertices: list[int], values: list[float]) -> None:
    for v, value in zip(vertices, values):
        total[v] += value


# The embedded store has no CALL subqueries to read one municipality or topic at a time and stop at the limit, so
# its text of representation-turnover and topic-timeline reads only the groups (municipalities, topics) in output
# order, each with an upper estimate of its rows, and the post-step reads the rows of as many groups as the page
# needs with its reads in ``steps/`` (``$keys``: the groups). Each group's rows come whole and in output order.
def _rows_of_groups(store, cypher: str, groups: list[dict], params: dict, shown=len) -> list[dict]:
    """The rows of ``cypher`` for the first ``groups`` (``key``, estimated ``rows``) that fill the page of
    ``params["limit"]`` rows (every group for 0); ``shown(rows)`` counts the rows of a read that the answer shows.
    Groups are read in rounds, each taking as many as the page still needs by their estimates, scaled by the rows
    shown per estimated row so far (a window shows fewer): a wrong estimate costs a round, never a row."""
    limit = params.get("limit") or 0
    values = {name: params[name] for name in set(_PARAM_USE.findall(cypher)) if name in params}
    rows, count, estimated, start = [], 0, 0, 0
    while start < len(groups) and not (limit and count >= limit):
        rate = count / estimated if estimated else 1.0
        end = _groups_needed(groups, start, limit - count if limit else None, rate)
        if "limit" in values:  # the cut inside the read: the rows still missing
            values["limit"] = limit - count if limit else NO_LIMIT
        read = store.run(cypher, {**values, "keys": [group["key"] for group in groups[start:end]]}, read_only=True)
        read = [_plain(row, ()) for row in read]
        rows += read
        count += shown(read)
        estimated += sum(group["rows"] or 0 for group in groups[start:end])
        start = end
    return rows


def _groups_needed(groups: list[dict], start: int, need: int | None, rate: float) -> int:
    """The end of the groups from ``start`` whose estimated rows (× ``rate``) reach ``need``: at least one, and
    all when there is no limit or nothing was shown yet per estimated row."""
    if need is None or rate <= 0:
        return len(groups)
    end, expected = start, 0.0
    while end < len(groups) and (end == start or expected < need):
        expected += (groups[end]["rows"] or 0) * rate
        end += 1
    return end


def _timeline(rows: list[dict], params: dict, store) -> list[dict]:
    """``topic-timeline``: on the embedded store the Cypher returns the topics (see ``_rows_of_groups``); their
    timelines are read here. Neo4j's rows are the answer already."""
    if backend_of(store) != "embedded":
        return rows
    return _rows_of_groups(store, _step_cypher("timeline-rows", "embedded"), rows, params)


def _presenter_rows(rows: list[dict], params: dict, store) -> list[dict]:
    """``presenters``: on the embedded store the Cypher returns the first meetings with presentations, in meeting
    order, with how many each has (``rows``); the presentations of the meetings up to the one that fills the page
    are read here. Neo4j's rows are the answer already."""
    if backend_of(store) != "embedded":
        return rows
    if not rows:
        return []
    limit = params.get("limit") or 0
    counts = accumulate(row["rows"] for row in rows)
    last = next((row["sort_key"] for row, count in zip(rows, counts) if limit and count >= limit), rows[-1]["sort_key"])
    values = {name: params[name] for name in ("name", "since", "until")}
    read = store.run(_step_cypher("presenter-rows", "embedded"), {**values, "last": last, "limit": limit or NO_LIMIT}, read_only=True)
    return [_plain(row, ()) for row in read]


def _turnover(rows: list[dict], params: dict, store) -> list[dict]:
    """``representation-turnover``: "joined" and "left" compare each meeting's ``listed`` (the names with a status)
    with ``named`` (every name listed) at the municipality's previous listed meeting. Neo4j's rows carry that as
    ``previous`` (null at the first); on the embedded store the Cypher returns the municipalities and their rows
    are read here (``_rows_of_groups``), per municipality in meeting order, from its first meeting on, and the walk
    finds it, keeping only the rows ``in_window`` (since/until). Then the limit."""
    if backend_of(store) == "embedded":
        rows = _rows_of_groups(store, _step_cypher("turnover-rows", "embedded"), rows, params,
                               shown=lambda read: sum(1 for row in read if row["in_window"]))
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


def _path_names(rows: list[dict], params: dict, _store) -> list[dict]:
    """``shortest-path``: each step of ``path`` is its node's name, else its title (meetings, agenda items).
    The Cypher returns names and titles as two lists because the embedded store cannot combine them: its
    ``list_transform`` gives wrong values on large results (graph/embedded_dialect.md)."""
    return [{"from": row["from"], "to": row["to"], "length": row["length"],
             "path": [title if name is None else name for name, title in zip(row["path"], row["titles"])],
             "labels": row["labels"], "relationships": row["relationships"]} for row in rows]


def _attendance_grid(rows: list[dict], params: dict, _store) -> list[dict]:
    """``attendance-matrix``: the Cypher returns one row with what is sparse, ``meetings`` (the chosen meetings)
    and ``municipalities`` (the chosen ones, each with its REPRESENTS as ``entries`` of [meeting key, person name,
    status], in any meeting); here they become the grid, one row per municipality × meeting, mostly "not listed",
    ordered by municipality (name, key) and meeting ``sort_key``, with each cell's names sorted."""
    if not rows:
        return []
    meetings = sorted(rows[0]["meetings"], key=lambda meeting: meeting["sort_key"])
    out = []
    for municipality in sorted(rows[0]["municipalities"], key=lambda mu: (mu["name"], mu["key"])):
        cells = _attendance_cells(municipality["entries"])
        for meeting in meetings:
            present, absent = cells.get((meeting["key"], "present"), []), cells.get((meeting["key"], "absent"), [])
            status = "present" if present else "absent" if absent else "not listed"
            out.append({"municipality": municipality["name"], "date": meeting["date"], "year": meeting["year"],
                        "meeting": meeting["title"], "status": status, "present": present, "absent": absent})
    return out


def _attendance_cells(entries: list[list]) -> dict[tuple[str, str], list[str]]:
    """(meeting key, "present" | "absent") → the sorted names; entries of other meetings are never looked up."""
    cells: dict[tuple[str, str], list[str]] = defaultdict(list)
    for meeting, name, status in entries:
        if name is not None and status in ("present", "absent"):  # as collect() skipped nulls
            cells[meeting, status].append(name)
    return {cell: sorted(names) for cell, names in cells.items()}


# a post-step gets the rows, the bound parameters and the store (for one that must read more)
POST_STEPS: dict[str, Callable[[list[dict], dict, object], list[dict]]] = {"betweenness": _betweenness,
                                                                    "turnover": _turnover,
                                                                    "timeline": _timeline,
                                                                    "presenter_rows": _presenter_rows,
                                                                    "path_names": _path_names,
                                                                    "attendance_grid": _attendance_grid}


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
        "`steps/` holds the further reads some post-steps make (`registry.py` says which), in files of their own.",
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
