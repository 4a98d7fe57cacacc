"""Whole-process ingest time: parser processes (`--workers 2`) against a local Dask cluster
(`--dask local --workers 2`) over the same generated corpus.

Usage:
    python benchmarks/dask_ingest.py [--sentences 10000] [--workers 2] [--repeat 2]
        [--partition-size 100]

Each run is a fresh `python -m realpolitik ingest` process into a fresh store, timed from
start to exit (model loads, cluster start and the final load included). The two kinds of
run alternate and the best time of each counts, so that a busy machine slows both alike.
The events of the two are compared: their ids must be the same.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "store"))
from store_corpus import document  # the generated news of the store tests


def write_corpus(path: Path, sentences: int) -> int:
    """Generated documents as JSON Lines, about ``sentences`` sentences in all; returns the
    number of documents."""
    rng = random.Random(5)
    count = 0
    written = 0
    with path.open("w", encoding="utf-8") as out:
        while written < sentences:
            row = document(count, rng)
            out.write(json.dumps(row) + "\n")
            written += row["text"].count(". ") + 1
            count += 1
    return count


def timed_ingest(corpus: Path, db: Path, options: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "realpolitik", "ingest", str(corpus), "--db", str(db), *options],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return time.perf_counter() - started


def stored(db: Path) -> tuple[int, list[str]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        row = con.execute("SELECT coalesce(sum(sentences), 0) FROM documents").fetchone()
        ids = [r[0] for r in con.execute("SELECT event_id FROM events ORDER BY 1").fetchall()]
        return int(row[0]) if row else 0, ids
    finally:
        con.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=" ".join(__doc__.split("\n\n")[0].split()))
    parser.add_argument("--sentences", type=int, default=10000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=2, help="runs of each; the best counts")
    parser.add_argument("--partition-size", type=int, default=100)
    args = parser.parse_args()

    runs = {
        f"--workers {args.workers}": ["--workers", str(args.workers)],
        f"--dask local --workers {args.workers}": [
            "--dask", "local", "--workers", str(args.workers),
            "--partition-size", str(args.partition_size),
        ],
    }  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        corpus = root / "corpus.jsonl"
        documents = write_corpus(corpus, args.sentences)
        best = dict.fromkeys(runs, float("inf"))
        results: dict[str, tuple[int, list[str]]] = {}
        for attempt in range(args.repeat):
            for number, (name, options) in enumerate(runs.items()):
                db = root / f"run{attempt}-{number}.duckdb"
                best[name] = min(best[name], timed_ingest(corpus, db, options))
                results[name] = stored(db)
        sentences = next(iter(results.values()))[0]
        print(f"{documents} documents, {sentences} sentences, best of {args.repeat}")
        for name, seconds in best.items():
            print(f"ingest {name:<28} {seconds:6.1f}s  {sentences / seconds:7.1f} sentences/s")
        first, second = (ids for _, ids in results.values())
        print(f"same events: {first == second} ({len(first)} events)")
        processes, dask = best.values()
        slower = dask / processes - 1
        print(f"Dask run takes {slower:+.1%} of the parser processes' time (target <= +15%)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
