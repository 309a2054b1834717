"""The cheap unchanged path of an incremental build: a file whose stat did not change is not read again (the
hash cache in the data dir), a touched file is re-hashed but not re-extracted, an edited file is re-extracted,
and losing or damaging the cache costs only time."""

import os
import shutil
import time

import pytest
from click.testing import CliRunner

from conftest import FIXTURE_NOTES
from motesgraf.cli import main
from motesgraf.graph.build import FILE_HASHES, build
from motesgraf.graph.export import read_relationships
from motesgraf.graph.store import open_store

AN_HOUR_AGO = time.time() - 3600


@pytest.fixture
def notes(tmp_path, shared_dir):
    """Notes last modified an hour ago: settled, so the cache trusts their stat."""
    folder = tmp_path / "notes"
    folder.mkdir()
    for path in [*sorted((shared_dir / "samples").glob("*.txt")), FIXTURE_NOTES / "13_dua_umea_vannas_nordmaling_2021.txt"]:
        shutil.copy(path, folder / path.name)
        os.utime(folder / path.name, (AN_HOUR_AGO, AN_HOUR_AGO))
    return folder


@pytest.fixture
def store(tmp_path):
    with open_store("embedded", data_dir=tmp_path / "data") as opened:
        yield opened


def _same_size_edit(path, old, new):
    """Edit ``path`` keeping its size, inode and modification time: only reading it would tell."""
    status = path.stat()
    text = path.read_text(encoding="utf-8")
    assert old in text and len(old.encode()) == len(new.encode())
    path.write_text(text.replace(old, new), encoding="utf-8")
    os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns))
    assert path.stat().st_size == status.st_size


def test_a_file_whose_stat_did_not_change_is_not_read(store, notes, tmp_path):
    cache = tmp_path / "data" / FILE_HASHES
    assert build([notes], store, hash_cache=cache).added == 3
    assert cache.is_file()
    _same_size_edit(notes / "000_c362ad140e95039c.txt", "Roger Mörtvik", "Rut XXMörtvik")
    assert build([notes], store, hash_cache=cache).unchanged == 3  # trusted the stat, did not read
    report = build([notes], store)  # without the cache every file is hashed: the edit is seen
    assert (report.changed, report.unchanged) == (1, 2)


def test_touching_a_file_rehashes_it_but_does_not_re_extract(store, notes, tmp_path):
    cache = tmp_path / "data" / FILE_HASHES
    build([notes], store, hash_cache=cache)
    before = read_relationships(store)
    (notes / "001_cfd02ca978cc86d5.txt").touch()
    report = build([notes], store, hash_cache=cache)
    assert (report.added, report.changed, report.unchanged) == (0, 0, 3)
    assert read_relationships(store) == before


def test_editing_a_file_re_extracts_only_it(store, notes, tmp_path):
    cache = tmp_path / "data" / FILE_HASHES
    build([notes], store, hash_cache=cache)
    before = read_relationships(store)
    sample = notes / "000_c362ad140e95039c.txt"
    sample.write_text(sample.read_text(encoding="utf-8").replace("Roger Mörtvik", "Rut Mörtvik"), encoding="utf-8")
    report = build([notes], store, hash_cache=cache)
    assert (report.changed, report.unchanged) == (1, 2)
    after = read_relationships(store)
    changed = {r["meeting"] for r in before if r not in after} | {r["meeting"] for r in after if r not in before}
    assert len(changed) == 1
    assert store.run("MATCH (p:Person {name: $name}) RETURN count(p) AS n", {"name": "Rut Mörtvik"})[0]["n"] == 1


@pytest.mark.parametrize("damage", ["missing", "garbage", "wrong shape"])
def test_a_lost_or_damaged_cache_only_costs_time(store, notes, tmp_path, damage):
    cache = tmp_path / "data" / FILE_HASHES
    build([notes], store, hash_cache=cache)
    if damage == "missing":
        cache.unlink()
    else:
        cache.write_text("{not json" if damage == "garbage" else '{"version": 1, "files": {"x": 3}}', encoding="utf-8")
    report = build([notes], store, hash_cache=cache)
    assert (report.added, report.changed, report.unchanged, report.failed) == (0, 0, 3, [])
    assert build([notes], store, hash_cache=cache).unchanged == 3  # and the cache is written afresh
    assert '"version": 1' in cache.read_text(encoding="utf-8")


def test_the_build_command_keeps_the_cache_in_the_data_dir(notes, tmp_path):
    data = ["--data-dir", tmp_path / "data", "--jobs", 1]
    runner = CliRunner()
    assert runner.invoke(main, ["build", str(notes), *map(str, data)]).stdout.startswith("3 added")
    assert (tmp_path / "data" / FILE_HASHES).is_file()
    sample = notes / "001_cfd02ca978cc86d5.txt"
    sample.write_text(sample.read_text(encoding="utf-8") + "\nTillägg: vi ses i höst.\n", encoding="utf-8")
    again = runner.invoke(main, ["build", str(notes), *map(str, data)])
    assert again.stdout.startswith("0 added, 1 changed, 2 unchanged")


def test_a_file_given_twice_is_one_document(store, notes):
    twice = [notes, notes / "001_cfd02ca978cc86d5.txt"]
    assert (build(twice, store).added, store.stats().nodes["Document"]) == (3, 3)
    assert build(twice, store).unchanged == 3
