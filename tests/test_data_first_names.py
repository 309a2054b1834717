"""The shipped first-name lexicon and name stopwords (extraction/data)."""

from __future__ import annotations

import importlib.util
import re
import time
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[1] / "extraction" / "data"
FIRST_NAMES = DATA / "first_names.txt"
STOPWORDS = DATA / "name_stopwords.txt"
SCRIPT = DATA / "make_first_names.py"


def _entries(path: Path) -> list[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


@pytest.fixture(scope="module")
def names() -> list[str]:
    return _entries(FIRST_NAMES)


def test_size_sorted_unique(names):
    assert len(names) > 3000
    assert names == sorted(names)
    assert len(names) == len(set(names))


def test_header_names_source_and_licence():
    header = [l for l in FIRST_NAMES.read_text(encoding="utf-8").splitlines() if l.startswith("#")]
    text = "\n".join(header)
    assert "nam_dict" in text and "gender-guesser" in text
    assert "GNU Free Documentation License" in text and "1.2" in text


@pytest.mark.parametrize("name", [
    "Anna", "Eva", "Maria", "Per", "Lars", "Björn", "Linda", "Gunilla", "Sofia", "Karin",
    "Ulf", "Johanna", "Anders", "Henrik", "Margareta", "Mona", "Elin", "Anne", "Anette",
    "Ulrika", "Åsa", "Örjan", "Marie-Louise", "Karl-Erik",
])
def test_common_swedish_names(names, name):
    assert name in set(names)


def test_names_common_among_newcomers(names):
    s = set(names)
    assert "Mohammed" in s or "Mohammad" in s
    assert {"Ali", "Fatima", "Ahmed"} <= s
    assert "Natalja" in s or "Natalia" in s


def test_no_digits_or_lower_case_starts(names):
    assert not [n for n in names if re.search(r"\d", n)]
    assert not [n for n in names if not n[0].isupper()]
    assert not [n for n in names if len(n) < 2 or " " in n]


def test_decoded_as_unicode(names):
    # Non-ASCII letters must be real Unicode, not mojibake from a wrong decoding.
    assert not [n for n in names if "Ã" in n or "\ufffd" in n]
    assert {"Åsa", "Örjan", "José", "Jürgen", "Søren"} <= set(names)


def test_stopwords_capitalised_and_unique():
    words = _entries(STOPWORDS)
    assert words, "name_stopwords.txt is empty"
    assert len(words) == len(set(words))
    assert all(w[0].isupper() and w[1:] == w[1:].lower() for w in words)
    # Very common names must not be blocked.
    assert not {"Bo", "Per", "Anna", "Lars"} & set(words)


def test_generator_reproduces_shipped_file():
    pytest.importorskip("gender_guesser")
    spec = importlib.util.spec_from_file_location("make_first_names", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    start = time.perf_counter()
    text = module.render(module.build_names())
    elapsed = time.perf_counter() - start
    if elapsed > 5:
        pytest.skip(reason=f"generator took {elapsed:.1f} s (> 5 s); not checked in the test run")
    assert text == FIRST_NAMES.read_text(encoding="utf-8"), (
        "first_names.txt is out of date: run python extraction/data/make_first_names.py")
