"""Event store speed: ingest throughput and a dyad-month aggregation over millions of events.

Usage:
    python benchmarks/store.py [--documents 1000] [--coded 200] [--workers 1]
                               [--events 10000000] [--db PATH]

1. Ingest: generated news documents (JSON Lines) are stored without coding, then a fresh
   store ingests a share of them with coding; both print documents/s.
2. Aggregation: ``--events`` synthetic events (directed dyads of 40 actors, CAMEO codes,
   25 years of dates, three mentions per cluster) are inserted with DuckDB SQL into a fresh
   store, then the dyad-month aggregation an analyst runs most (mentions, clusters, Goldstein
   sum and mean, material-conflict share per source, target and month) is timed, best of 3.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import tempfile
import time
from pathlib import Path

from realpolitik.ingest.sources import read_sources
from realpolitik.store import connect, ingest

ACTORS = [
    "USA", "CHN", "RUS", "UKR", "ARM", "AZE", "TUR", "IRN", "ISR", "FRA", "DEU", "GBR", "JPN",
    "IND", "PAK", "EGY", "SAU", "SYR", "IRQ", "GEO", "POL", "BLR", "KAZ", "PRK", "KOR",
]  # fmt: skip
SECTORS = ["", "GOV", "MIL", "", "GOV"]
SENTENCES = [
    "{a} accused {b} of violating the ceasefire along the border.",
    "{a} and {b} signed an agreement on energy cooperation.",
    "The foreign minister of {a} met his counterpart from {b} in Geneva.",
    "{a} warned {b} against further military exercises near the frontier.",
    "{a} praised {b} for its help after the earthquake.",
    "{a} imposed sanctions on {b} over the detention of journalists.",
]
NAMES = {
    "USA": "The United States", "CHN": "China", "RUS": "Russia", "UKR": "Ukraine",
    "ARM": "Armenia", "AZE": "Azerbaijan", "TUR": "Turkey", "IRN": "Iran", "ISR": "Israel",
    "FRA": "France", "DEU": "Germany", "GBR": "Britain", "JPN": "Japan", "IND": "India",
    "PAK": "Pakistan", "EGY": "Egypt", "SAU": "Saudi Arabia", "SYR": "Syria", "IRQ": "Iraq",
    "GEO": "Georgia", "POL": "Poland", "BLR": "Belarus", "KAZ": "Kazakhstan",
    "PRK": "North Korea", "KOR": "South Korea",
}  # fmt: skip

AGGREGATION = """
SELECT source, target, date_trunc('month', date) AS month,
       count(*) AS mentions,
       sum(goldstein) AS goldstein_sum,
       avg(goldstein) AS goldstein_mean,
       avg(CASE WHEN quad_class = 4 THEN 1.0 ELSE 0.0 END) AS material_conflict_share
FROM events
WHERE dataset = 'coded'
GROUP BY ALL
"""
CLUSTER_AGGREGATION = """
SELECT source, target, date_trunc('month', date) AS month,
       count(*) AS clusters, sum(mentions) AS mentions, avg(goldstein) AS goldstein_mean
FROM event_clusters
GROUP BY ALL
"""


def write_documents(path: Path, count: int, seed: int = 1) -> None:
    """``count`` generated documents as JSON Lines, each five sentences long."""
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as out:
        for n in range(count):
            a, b = rng.sample(list(NAMES.values()), 2)
            day = dt.date(2020, 1, 1) + dt.timedelta(days=rng.randrange(1500))
            sentences = [rng.choice(SENTENCES).format(a=a, b=b) for _ in range(3)]
            sentences.append(f"Officials said {rng.randrange(10, 5000)} people attended.")
            sentences.append(f"Report {n} was filed from desk {rng.randrange(1000)}.")
            row = {
                "id": f"d{n}",
                "text": " ".join(sentences),
                "date": day.isoformat(),
                "source": f"Outlet {n % 40}",
                "url": f"https://o{n % 40}.example/{n}",
            }
            out.write(json.dumps(row) + "\n")


def ingest_rate(path: Path, db: Path, *, code: bool, workers: int) -> tuple[int, int, float]:
    """Documents and sentences ingested, and seconds taken (the model load excluded)."""
    coder = None
    if code:
        from realpolitik.coding.coder import Coder

        coder = Coder()
    con = connect(db)
    try:
        started = time.perf_counter()
        summary = ingest(con, read_sources([str(path)]), coder=coder, workers=workers)
        return summary.new, summary.sentences, time.perf_counter() - started
    finally:
        con.close()


def synthetic_events(db: Path, count: int) -> float:
    """Insert ``count`` synthetic events and their clusters with SQL; returns seconds."""
    actors = [a + s for a in ACTORS for s in SECTORS[:2]]
    con = connect(db)
    started = time.perf_counter()
    con.execute(
        """
        INSERT INTO events (event_id, doc_id, date, date_precision, date_source, source,
            target, code, root, event_name, quad_class, goldstein, modality, sentence,
            dataset, run_id, cluster_id)
        SELECT printf('%016x', hash(i)), printf('%032x', hash(i // 4)),
               DATE '2000-01-01' + CAST((i // 3) % 9131 AS INTEGER), 'day', 'text',
               $actors[1 + CAST(hash(i // 3) % len($actors) AS INTEGER)],
               $actors[1 + CAST(hash(i // 3 + 7) % len($actors) AS INTEGER)],
               lpad(CAST(10 + (i // 3) % 190 AS VARCHAR), 3, '0'),
               lpad(CAST(1 + ((i // 3) % 190) // 10 AS VARCHAR), 2, '0'),
               'synthetic', 1 + ((i // 3) % 190) // 48, ((i // 3) % 21) - 10.0,
               'asserted', 'Synthetic evidence sentence number ' || i, 'coded', 0,
               printf('%016x', hash(i - i % 3))
        FROM range($count) t(i)
        """,
        {"actors": actors, "count": count},
    )
    con.execute(
        """
        INSERT INTO event_clusters
        SELECT cluster_id, 'coded', min(date), max(date), any_value(source),
               any_value(target), any_value(code), any_value(root), any_value(quad_class),
               avg(goldstein), NULL, 'asserted', NULL, NULL, count(*), count(*), 1,
               NULL, NULL, NULL, NULL, TRUE
        FROM events GROUP BY cluster_id
        """
    )
    con.execute("CHECKPOINT")
    con.close()
    return time.perf_counter() - started


def timed(db: Path, sql: str, rounds: int = 3, fetch: bool = False) -> tuple[int, float]:
    """Rows of a query and its best time over ``rounds`` runs: the result is materialised in
    DuckDB, or, with ``fetch``, turned into Python tuples as well."""
    con = connect(db, read_only=True)
    best = float("inf")
    rows = 0
    for _ in range(rounds):
        started = time.perf_counter()
        if fetch:
            rows = len(con.execute(sql).fetchall())
        else:
            con.execute(f"CREATE OR REPLACE TEMP TABLE result AS {sql}")
            found = con.execute("SELECT count(*) FROM result").fetchall()
            rows = int(found[0][0])
        best = min(best, time.perf_counter() - started)
    con.close()
    return rows, best


def main() -> int:
    parser = argparse.ArgumentParser(description=" ".join(__doc__.split("\n\n")[0].split()))
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--coded", type=int, default=200)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--events", type=int, default=10_000_000)
    parser.add_argument("--db", type=Path, default=None, help="folder for the stores")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as scratch:
        folder = args.db or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        corpus = folder / "documents.jsonl"
        write_documents(corpus, args.documents)
        new, _, seconds = ingest_rate(corpus, folder / "plain.duckdb", code=False, workers=1)
        print(f"ingest without coding: {new} documents in {seconds:.2f}s "
              f"= {new / seconds:8.1f} documents/s")  # fmt: skip
        sample = folder / "coded.jsonl"
        lines = corpus.read_text(encoding="utf-8").splitlines()[: args.coded]
        sample.write_text("\n".join(lines) + "\n", encoding="utf-8")
        new, sentences, seconds = ingest_rate(
            sample, folder / "coded.duckdb", code=True, workers=args.workers
        )
        print(f"ingest with coding:    {new} documents in {seconds:.2f}s "
              f"= {new / seconds:8.1f} documents/s, {sentences / seconds:.1f} sentences/s "
              f"(workers={args.workers})")  # fmt: skip

        big = folder / "events.duckdb"
        seconds = synthetic_events(big, args.events)
        print(f"synthetic events:      {args.events:,} events and their clusters inserted "
              f"in {seconds:.1f}s")  # fmt: skip
        rows, best = timed(big, AGGREGATION)
        print(f"dyad-month aggregation over {args.events:,} events: {rows:,} cells "
              f"in {best:.3f}s (best of 3)")  # fmt: skip
        rows, best = timed(big, CLUSTER_AGGREGATION)
        print(f"dyad-month cluster counts: {rows:,} cells in {best:.3f}s (best of 3)")
        one_dyad = AGGREGATION.replace(
            "WHERE dataset = 'coded'",
            "WHERE dataset = 'coded' AND source = 'RUS' AND target = 'UKR'",
        )
        rows, best = timed(big, one_dyad, fetch=True)
        print(f"one dyad (RUS->UKR) by month, fetched into Python: {rows:,} cells in {best:.3f}s")
        rows, best = timed(big, AGGREGATION, rounds=1, fetch=True)
        print(f"all dyad-months fetched into Python tuples: {rows:,} cells in {best:.3f}s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
