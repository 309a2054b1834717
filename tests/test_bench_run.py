"""`python -m bench.run` end to end on a tiny corpus (embedded store, no views): every section is written for
every size, with figures that come from the run, not from a template."""

import re
import tempfile

from bench import run


def test_bench_run_writes_every_section_for_each_size(tmp_path, monkeypatch):
    out, scratch = tmp_path / "RESULTS.md", tmp_path / "temporary"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    run.main(["--documents", "6", "9", "--repeat", "1", "--skip-views", "--out", str(out)])
    assert not list(scratch.glob("motesgraf-*"))  # corpora, stores and hash caches are removed (GBs at 10k)
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Benchmarks")
    assert "cores" in text and "Command: `python -m bench.run --documents 6 9 --repeat 1 --skip-views`" in text
    for size in (6, 9):
        section = text.split(f"## {size:,} generated documents")[1].split("\n## ")[0]
        for heading in ("### Extraction", "#### Quality on the generated ground truth", "### Loading: embedded",
                        "### Incremental build: embedded", "### Canned queries: embedded"):
            assert heading in section
        assert f"{size} documents" in section
        assert re.search(r"motesgraf / tokenizer time: \*\*\d+\.\d×\*\*", section)
        assert "identical records" in section  # --jobs gave the same records as one process
        assert re.search(r"worker start-up, .* is \*\*\d+\.\d\d s\*\*", section)
        assert re.search(r"Peak memory of a full `motesgraf build` .*: \*\*[1-9][\d,]* MiB\*\* for the command", section)
        query_rows = re.findall(r"^\| ([a-z-]+) \| (.*) \| (\d+\.\d) \| (\d+) \| (yes|\*\*no\*\*) \|$", section, re.M)
        assert len({row[0] for row in query_rows}) == 15, section  # every canned query ran and none failed
        every_row = {row[0] for row in query_rows if "limit=0" in row[1]}  # paged queries also ran whole
        assert {"topic-timeline", "presenters", "representation-turnover"} <= every_row, section
        assert len(query_rows) == 15 + len(every_row)
        assert f"{size:,} meetings in the graph" in section
