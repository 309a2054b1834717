"""The real people of the sample notes, from ../shared/gold, for the personal-data tests."""

import json
import re
from pathlib import Path


def gold_names(shared_dir: Path) -> list[str]:
    """Every person's full name in the gold annotations of the sample notes."""
    names = set()
    for path in sorted((shared_dir / "gold").glob("*.gold.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        names.update(gold["persons"]["required"] + gold["persons"].get("optional", []))
    return sorted(names)


def surnames(names: list[str]) -> list[str]:
    """The last word of each name: a surname left alone is still personal data."""
    return sorted({name.split()[-1] for name in names})


def found_in(text: str, needles: list[str]) -> list[str]:
    """The needles that occur in ``text`` as whole words, ignoring case and how the words are spaced."""
    return [needle for needle in needles
            if re.search(r"(?<!\w)" + r"\s+".join(map(re.escape, needle.split())) + r"(?!\w)", text, re.I)]
