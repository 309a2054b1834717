"""The review list: names and acronyms the pipeline saw but could not type, and the user's decisions.

Decisions live in ``<lexicon dir>/decisions.yaml`` (``accepted``: name + type, ``rejected``: names) and are
read by ``lexicons.load_lexicons`` on the next run.
"""

from __future__ import annotations

import os
import tempfile
from collections import Counter
from pathlib import Path
from typing import Iterable

import yaml

from .lexicons import ORGANISATION, TOPIC

DECISIONS_FILE = "decisions.yaml"
ACCEPTABLE_TYPES = (ORGANISATION, TOPIC)


def record_decision(lexicon_dir: str | Path, decision: str, name: str, kind: str = ORGANISATION) -> Path:
    """Add one decision; the file is replaced atomically so a crash never leaves it half-written."""
    if kind not in ACCEPTABLE_TYPES:
        raise ValueError(f"type must be one of {', '.join(ACCEPTABLE_TYPES)}, not {kind!r}")
    directory = Path(lexicon_dir)
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / DECISIONS_FILE
    data = yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else None
    data = data or {}
    data.setdefault("accepted", [])
    data.setdefault("rejected", [])
    if decision == "accepted":
        data["accepted"] = [a for a in data["accepted"] if a["name"] != name] + [{"name": name, "type": kind}]
        data["rejected"] = [r for r in data["rejected"] if r != name]
    else:
        data["rejected"] = sorted(set(data["rejected"]) | {name})
        data["accepted"] = [a for a in data["accepted"] if a["name"] != name]
    _write_atomically(path, yaml.safe_dump(data, allow_unicode=True, sort_keys=True))
    return path


def _write_atomically(path: Path, text: str) -> None:
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".decisions-", suffix=".yaml")
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        out.write(text)
    os.replace(temporary, path)


def summarise_review(records: Iterable[dict]) -> list[str]:
    """One line per candidate, most frequent first: count, number of documents, reason, text."""
    counts: Counter = Counter()
    documents: dict = {}
    for record in records:
        for item in record.get("review", []):
            key = (item["text"], item["reason"])
            counts[key] += item.get("count", 1)
            documents.setdefault(key, set()).add(record["source"])
    lines = [f"{count:5d} {len(documents[key]):4d}  {key[1]:<50}  {key[0]}"
             for key, count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
    header = f"{'count':>5} {'docs':>4}  {'reason':<50}  text"
    return [header, *lines] if lines else ["nothing to review"]
