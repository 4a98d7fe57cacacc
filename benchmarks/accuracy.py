"""Precision, recall and F1 of the coder on gold-standard files, with date, modality and
attribution accuracy on matched events and a count of errors by kind.

Usage:
    python benchmarks/accuracy.py GOLD.jsonl [GOLD.jsonl ...] [--texts ARTICLES.jsonl]
        [--split development|test] [--dict PATH ...] [--only-dict] [--show-errors N]

GOLD.jsonl holds one record per line (see ``realpolitik.evaluation``); records without a
``text`` take it from ``--texts`` (by default the real-news articles beside the project).
``--split`` keeps the articles of one half of ``tests/realnews/split.json``; errors are
shown for the development half only. Events are compared at three levels: (source country,
target country, CAMEO root), (source country, target country, full code) and (full actor
codes, full code). With --dict the given dictionaries are laid over the packaged ones; with
--only-dict they replace the packaged actors, agents, verbs and discards.

Example:
    python benchmarks/accuracy.py tests/realnews/gold.jsonl --split test
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from realpolitik.coding.coder import Coder
from realpolitik.dictionaries.lexicon import load_lexicon
from realpolitik.evaluation import (
    ERROR_KINDS,
    LEVELS,
    Mistake,
    Predicted,
    Scores,
    compare,
    load_gold,
)
from realpolitik.records import Document

ROOT = Path(__file__).resolve().parent.parent
TEXTS = ROOT.parent / "shared" / "realnews" / "articles.jsonl"
SPLIT = ROOT / "tests" / "realnews" / "split.json"


def _require_dyad(record: dict[str, object]) -> bool:
    """Whether the gold record was coded keeping only events with both actors: the
    record's own ``require_dyad`` setting, on by default as in the suites' coder."""
    meta = record.get("meta")
    if not isinstance(meta, dict) or "config_in_effect" not in meta:
        return False
    config = meta["config_in_effect"]
    return str(config.get("require_dyad", "true")).lower() != "false"


def _show(mistake: Mistake) -> str:
    gold = mistake.gold
    got = mistake.predicted
    parts = [f"{mistake.doc_id} {mistake.kind}:"]
    if gold is not None:
        parts.append(
            f"gold [{gold.get('line')}] {gold.get('source')}->{gold.get('target')} "
            f"{gold['code']} {gold.get('modality', 'asserted')} {gold.get('date')} "
            f"'{gold.get('trigger', '')}' attr={gold.get('attribution')}"
        )
    if got is not None:
        parts.append(
            f"got [{got.line}] {got.source}->{got.target} {got.code} {got.modality} "
            f"{got.date} attr={got.speaker if got.attributed else None}"
        )
    return "\n    ".join(parts)


def main() -> int:
    parser = argparse.ArgumentParser(description=" ".join(__doc__.split("\n\n")[0].split()))
    parser.add_argument("gold", type=Path, nargs="+")
    parser.add_argument("--texts", type=Path, default=TEXTS)
    parser.add_argument("--split", choices=("development", "test"))
    parser.add_argument("--dict", dest="dicts", type=Path, action="append", default=[])
    parser.add_argument("--only-dict", action="store_true")
    parser.add_argument("--show-errors", type=int, default=0)
    args = parser.parse_args()
    if args.split == "test" and args.show_errors:
        parser.error("errors are shown for the development half only")

    records = load_gold(args.gold, args.texts)
    if args.split:
        keep = set(json.loads(SPLIT.read_text(encoding="utf-8"))[args.split])
        records = [r for r in records if r["id"] in keep]
    lexicon = load_lexicon(args.dicts, builtin=not args.only_dict)
    coder = Coder(lexicon=lexicon)
    documents = [
        Document(id=str(r["id"]), text=r["text"], date=r.get("date") or None) for r in records
    ]
    texts = {str(r["id"]): str(r["text"]) for r in records}
    started = time.perf_counter()
    dyadic = {str(r["id"]): _require_dyad(r) for r in records}
    predicted = {
        coded.document.id: [
            Predicted.of(e, texts[coded.document.id])
            for e in coded.events
            if not dyadic[coded.document.id] or (e.source and e.target)
        ]
        for coded in coder.code_documents(documents)
    }
    elapsed = time.perf_counter() - started
    scores = Scores()
    mistakes: list[Mistake] = []
    for record in records:
        mistakes.extend(
            compare(record["events"], predicted[str(record["id"])], scores, str(record["id"]))
        )
    print(
        f"gold: {', '.join(str(p) for p in args.gold)}"
        f"{f' ({args.split} half)' if args.split else ''} ({len(records)} records, "
        f"{scores.gold} gold events); dictionaries: {lexicon.version} "
        f"{'only ' if args.only_dict else ''}{[str(p) for p in args.dicts]}; "
        f"coded in {elapsed:.1f}s"
    )
    print(f"{'level':<14} {'precision':>9} {'recall':>7} {'F1':>6}   tp/pred/gold")
    for level in LEVELS:
        precision, recall, f1 = scores.prf(level)
        print(
            f"{level:<14} {precision:>9.3f} {recall:>7.3f} {f1:>6.3f}   "
            f"{scores.tp[level]}/{scores.predicted}/{scores.gold}"
        )
    day = scores.dates["day right"], scores.dates["day right"] + scores.dates["day wrong"]
    month = scores.dates["month right"], scores.dates["month right"] + scores.dates["month wrong"]
    print("on events matched at country+root:")
    for name, (right, total) in (("date (day)", day), ("date (month or better)", month)):
        print(f"  {name:<24} {right / total if total else 0:.3f}   {right}/{total}")
    for name, counter in (("modality", scores.modality), ("attribution", scores.attribution)):
        share, total = Scores.share(counter)
        print(f"  {name:<24} {share:.3f}   {counter['right']}/{total}")
    print("errors: " + ", ".join(f"{kind} {scores.errors[kind]}" for kind in ERROR_KINDS))
    for mistake in mistakes[: args.show_errors]:
        print(_show(mistake))
    return 0


if __name__ == "__main__":
    sys.exit(main())
