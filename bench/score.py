"""Score the extractor on a generated corpus: ``python -m bench.score CORPUS_DIR [--limit N] [--errors FILE]``.

Prints the per-category table of ``motesgraf.extraction.evaluate`` and, with ``--errors``, writes every
disagreement (attendees, persons, municipalities, organisations, agenda items, minute taker, year) as JSON lines
so error patterns can be counted.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from motesgraf.extraction.evaluate import (_accepted_names, _alias_to_canonical, _attendee_key, _norm, evaluate,
                                           format_report, load_gold)
from motesgraf.extraction.pipeline import Extractor


def disagreements(gold: dict, record: dict) -> list[dict]:
    """What the extractor got wrong in one document (a readable, approximate diff; scoring is evaluate's)."""
    out = []
    to_canonical = _alias_to_canonical(gold)
    want = {_attendee_key(a, to_canonical): a for a in gold.get("attendees", [])}
    got = {_attendee_key(a, to_canonical): a for a in record.get("attendees", [])}
    for key in want.keys() - got.keys():
        out.append({"category": "attendees", "kind": "fn", "item": want[key]})
    for key in got.keys() - want.keys():
        out.append({"category": "attendees", "kind": "fp",
                    "item": {k: got[key].get(k) for k in ("name", "affiliation", "status")}})
    for category, label in (("persons", "Person"), ("municipalities", "Municipality"),
                            ("organisations", "Organisation")):
        section = gold.get(category, {})
        accepted = {item: _accepted_names(gold, item) for item in section.get("required", []) + section.get("optional", [])}
        names = [e for e in record.get("entities", []) if e.get("type") == label]
        matched = set()
        for entity in names:
            entity_names = {_norm(entity.get("name"))} | {_norm(a) for a in entity.get("aliases", [])}
            hit = next((i for i, acc in accepted.items() if entity_names & acc and i not in matched), None)
            if hit is None:
                out.append({"category": category, "kind": "fp", "item": entity.get("name")})
            else:
                matched.add(hit)
        for item in section.get("required", []):
            if item not in matched:
                out.append({"category": category, "kind": "fn", "item": item})
    want_titles = [_norm(t) for t in gold.get("agenda_items", [])]
    got_titles = [_norm(i.get("title")) for i in record.get("agenda_items", [])]
    if want_titles != got_titles:
        out.append({"category": "agenda_items", "kind": "diff", "item": {"want": gold["agenda_items"],
                    "got": [i.get("title") for i in record.get("agenda_items", [])]}})
    if _norm(gold.get("minute_taker")) != _norm(record.get("minute_taker")):
        out.append({"category": "minute_taker", "kind": "diff",
                    "item": {"want": gold.get("minute_taker"), "got": record.get("minute_taker")}})
    if gold.get("meeting_year") != (record.get("meeting") or {}).get("year"):
        out.append({"category": "meeting_year", "kind": "diff",
                    "item": {"want": gold.get("meeting_year"), "got": (record.get("meeting") or {}).get("year")}})
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.score")
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--errors", type=Path, default=None)
    args = parser.parse_args(argv)
    notes = sorted((args.corpus / "notes").glob("*.txt"))[: args.limit]
    extractor = Extractor()
    started = time.perf_counter()
    records = []
    errors = open(args.errors, "w", encoding="utf-8") if args.errors else None
    for path in notes:
        record = extractor.extract_path(path)
        records.append({k: record[k] for k in ("source", "attendees", "entities", "relations", "agenda_items",
                                               "minute_taker", "meeting")})
        if errors:
            gold = load_gold(args.corpus / "gold" / f"{path.stem}.gold.json")
            for row in disagreements(gold, record):
                errors.write(json.dumps({"document": path.name, **row}, ensure_ascii=False) + "\n")
    elapsed = time.perf_counter() - started
    scores, warnings = evaluate(args.corpus / "gold", records)
    print(format_report(scores))
    print(f"{len(notes)} documents extracted in {elapsed:.1f} s ({elapsed / max(len(notes), 1) * 1000:.0f} ms/doc)")
    for warning in warnings[:10]:
        print("warning:", warning, file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
