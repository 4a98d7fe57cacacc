"""Precision, recall and F1 of the coder on a gold-standard file.

Usage:
    python benchmarks/accuracy.py GOLD.jsonl [GOLD.jsonl ...] [--dict PATH ...] [--only-dict]
        [--show-errors N]

GOLD.jsonl holds one record per line: {"id", "text", "date", "events": [{"source",
"target", "code"}]}. Events are compared per record as multisets at three levels:
(source country, target country, CAMEO root), (source country, target country, full code)
and (full actor codes, full code). A gold code of two digits (a root) matches any code under
that root. With --dict the given dictionaries are laid over the packaged ones; with
--only-dict they replace the packaged actors, agents, verbs and discards.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

from realpolitik.coding.coder import Coder
from realpolitik.dictionaries.lexicon import load_lexicon
from realpolitik.records import Document

LEVELS = ("country+root", "country+code", "actor+code")


def _actor(code: str | None) -> str:
    """An absent actor is written '---' in CAMEO gold files."""
    return code or "---"


def _country(code: str | None) -> str:
    return _actor(code)[:3]


def keys(events: list[tuple[str | None, str | None, str]], level: str) -> Counter[tuple[str, ...]]:
    """The comparison keys of a list of (source, target, code) at one level."""
    out: Counter[tuple[str, ...]] = Counter()
    for source, target, code in events:
        if level == "country+root":
            out[(_country(source), _country(target), code[:2])] += 1
        elif level == "country+code":
            out[(_country(source), _country(target), code)] += 1
        else:
            out[(_actor(source), _actor(target), code)] += 1
    return out


def match(gold: Counter[tuple[str, ...]], predicted: Counter[tuple[str, ...]]) -> int:
    """True positives; a two-digit gold code matches any predicted code under that root."""
    remaining = predicted.copy()
    hits = 0
    for key, count in gold.items():
        for _ in range(count):
            if remaining[key] > 0:
                remaining[key] -= 1
                hits += 1
                continue
            if len(key[2]) == 2:
                found = next(
                    (
                        k
                        for k, n in remaining.items()
                        if n > 0 and k[:2] == key[:2] and k[2].startswith(key[2])
                    ),
                    None,
                )
                if found is not None:
                    remaining[found] -= 1
                    hits += 1
    return hits


def _require_dyad(record: dict[str, object]) -> bool:
    """Whether the gold record was coded keeping only events with both actors: the
    record's own ``require_dyad`` setting, on by default as in the suites' coder."""
    meta = record.get("meta")
    if not isinstance(meta, dict) or "config_in_effect" not in meta:
        return False
    config = meta["config_in_effect"]
    return str(config.get("require_dyad", "true")).lower() != "false"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    parser.add_argument("gold", type=Path, nargs="+")
    parser.add_argument("--dict", dest="dicts", type=Path, action="append", default=[])
    parser.add_argument("--only-dict", action="store_true")
    parser.add_argument("--show-errors", type=int, default=0)
    args = parser.parse_args()

    records = [
        json.loads(line)
        for path in args.gold
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    lexicon = load_lexicon(args.dicts, builtin=not args.only_dict)
    coder = Coder(lexicon=lexicon)
    documents = [
        Document(id=str(r["id"]), text=r["text"], date=r.get("date") or None) for r in records
    ]
    started = time.perf_counter()
    dyadic = {str(r["id"]): _require_dyad(r) for r in records}
    predicted = {
        coded.document.id: [
            (e.source, e.target, e.code)
            for e in coded.events
            if not dyadic[coded.document.id] or (e.source and e.target)
        ]
        for coded in coder.code_documents(documents)
    }
    elapsed = time.perf_counter() - started
    print(
        f"gold: {', '.join(str(p) for p in args.gold)} ({len(records)} records, "
        f"{sum(len(r['events']) for r in records)} gold events); "
        f"dictionaries: {lexicon.version} {'only ' if args.only_dict else ''}"
        f"{[str(p) for p in args.dicts]}; coded in {elapsed:.1f}s"
    )
    print(f"{'level':<14} {'precision':>9} {'recall':>7} {'F1':>6}   tp/pred/gold")
    for level in LEVELS:
        tp = n_pred = n_gold = 0
        for record in records:
            gold = keys([(e["source"], e["target"], e["code"]) for e in record["events"]], level)
            pred = keys(predicted[str(record["id"])], level)
            tp += match(gold, pred)
            n_pred += sum(pred.values())
            n_gold += sum(gold.values())
        precision = tp / n_pred if n_pred else 0.0
        recall = tp / n_gold if n_gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        print(f"{level:<14} {precision:>9.3f} {recall:>7.3f} {f1:>6.3f}   {tp}/{n_pred}/{n_gold}")
    shown = 0
    for record in records:
        if shown >= args.show_errors:
            break
        gold = keys([(e["source"], e["target"], e["code"]) for e in record["events"]], "actor+code")
        pred = keys(predicted[str(record["id"])], "actor+code")
        if gold != pred:
            shown += 1
            print(
                f"\n{record['id']}: {record['text']}\n  gold: {sorted(gold.elements())}\n"
                f"  got:  {sorted(pred.elements())}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
