"""The lexicon cache is keyed by the contents of a lexicon directory's files: `--jobs` workers forked from the
forkserver reuse the lexicons it loaded when the directory adds none (missing, or holding only forgotten.yaml),
and an edited file is seen by the next build in the same process even when its size and time did not change."""

import os
import shutil

import pytest

from motesgraf.extract import start_pool
from motesgraf.extraction import lexicons
from motesgraf.graph.build import build
from motesgraf.graph.forget import Suppression
from motesgraf.graph.store import open_store

NOTE = ("Anteckningar 2024-01-{day}\n\nNärvarande:\nAnna Berg, Malmö stad\n\n1. Välkommen\n"
        "Anna berättade att Zorblax och Quimbly har startat ett samarbete.\n")


def _lexicon_loads() -> int:
    """In a worker: how many times lexicons were loaded in it, counting the forkserver's load it inherited."""
    return lexicons._load.cache_info().misses


def _loads_in_workers(lexicon_dir) -> set[int]:
    pool = start_pool(2, lexicon_dir)
    try:
        return {future.result() for future in [pool.submit(_lexicon_loads) for _ in range(8)]}
    finally:
        pool.shutdown()


@pytest.mark.parametrize("contents", ["missing", "forgotten list only"])
def test_workers_reuse_the_forkservers_lexicons_when_the_directory_adds_none(tmp_path, contents):
    lexicon = tmp_path / "lexicon"
    if contents == "forgotten list only":
        Suppression.add(lexicon, "Anna Berg")
    assert _loads_in_workers(lexicon) == {1}  # the forkserver's, none of their own


def test_workers_load_a_directory_that_adds_lexicon_entries_once_each(tmp_path):
    (tmp_path / "organisations.yaml").write_text("- name: Zorblax\n  kind: other\n", encoding="utf-8")
    assert _loads_in_workers(tmp_path) == {2}


def test_an_edited_lexicon_file_is_picked_up_by_the_next_build(tmp_path):
    lexicon, notes = tmp_path / "lexicon", tmp_path / "notes"
    lexicon.mkdir()
    notes.mkdir()
    organisations = lexicon / "organisations.yaml"
    organisations.write_text("- name: Zorblax\n  kind: other\n", encoding="utf-8")
    (notes / "first.txt").write_text(NOTE.format(day=15), encoding="utf-8")
    with open_store("embedded", data_dir=tmp_path / "data") as store:
        build([notes], store, lexicon_dir=lexicon)
        assert _organisations(store) == {"Zorblax"}

        before = organisations.stat()
        organisations.write_text("- name: Quimbly\n  kind: other\n", encoding="utf-8")  # the same size
        os.utime(organisations, ns=(before.st_atime_ns, before.st_mtime_ns))  # and the same time
        assert organisations.stat().st_size == before.st_size
        shutil.copy(notes / "first.txt", notes / "second.txt")
        build([notes], store, lexicon_dir=lexicon)
        assert _organisations(store) == {"Zorblax", "Quimbly"}  # the first note's stays, the second's is new


def _organisations(store) -> set[str]:
    return {row["name"] for row in store.run("MATCH (o:Organisation) RETURN o.name AS name")}
