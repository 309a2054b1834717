"""Memory stays bounded (issue 6): records stream through extraction and into the store in batches, so a
command's peak resident memory does not grow with the corpus. Peaks are the kernel's (ru_maxrss of the command's
own process), which do not depend on how loaded the machine is, unlike timings."""

import sys

import pytest

from corpus_fixture import generated_notes
from bench.run import peak_rss_mib  # corpus_fixture has put the repository (bench/) on sys.path

SMALL, LARGE = 100, 400
# Extraction alone measured flat within 2 MiB between these sizes; one record takes ~116 KiB in memory, so a list
# of the 300 extra records would add ~35 MiB.
EXTRACT_GROWTH_MIB = 20
# The embedded store's own (native) write peaks grow with the graph it holds, ~50 MiB between these sizes; a build
# that also kept its records, or their texts and spaCy documents, would add that much again or more.
BUILD_GROWTH_MIB = 90


@pytest.fixture(scope="module")
def corpora(tmp_path_factory):
    return {size: generated_notes(tmp_path_factory, size, seed=7) for size in (SMALL, LARGE)}


def peak_mib(*arguments) -> float:
    return peak_rss_mib([sys.executable, "-m", "motesgraf.cli", *map(str, arguments), "--no-progress"])[0]


def test_extraction_streams_records_in_constant_memory(corpora, tmp_path):
    def peak(size):  # with workers: the parent holds a bounded window of their outcomes
        return peak_mib("extract", "--jobs", 2, "--format", "jsonl", "--lexicon-dir", tmp_path / "none",
                        corpora[size])

    small, large = peak(SMALL), peak(LARGE)
    assert large - small < EXTRACT_GROWTH_MIB, f"{SMALL} documents: {small:.0f} MiB, {LARGE}: {large:.0f} MiB"


def test_a_build_does_not_keep_what_it_has_stored(corpora, tmp_path):
    def peak(size):
        return peak_mib("build", "--jobs", 1, "--data-dir", tmp_path / f"data-{size}", corpora[size])

    small, large = peak(SMALL), peak(LARGE)
    assert large - small < BUILD_GROWTH_MIB, f"{SMALL} documents: {small:.0f} MiB, {LARGE}: {large:.0f} MiB"
