"""Relations analysis speed over millions of synthetic events.

Usage:
    python benchmarks/analysis.py [--events 10000000] [--db PATH] [--rounds 3] [--reuse]

A fresh store gets ``--events`` synthetic event mentions (three per cluster; 25 countries,
each as itself and its government; CAMEO codes and Goldstein scores drawn by hash; 25 years of
dates; one in twenty hypothetical, one in twenty a claim only; Russia->Armenia turning hostile
from 2023). Then each analysis a user runs is timed as a library call on a read-only
connection of its own, best of ``--rounds``: ``dyad`` (RUS->ARM by month), ``shifts`` (every
undirected country dyad by month, the top 20 with their driving events), ``network``
(every actor over all dates), ``compare`` (two dyads, 2,000 permutations) and ``report``
(``realpolitik report --actors RUS,ARM,AZE``: every analysis of the three and their dyads,
then the HTML page written; no PNG).
"""

from __future__ import annotations

import argparse
import datetime as dt
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from realpolitik.analysis import (
    Scope,
    actor_network,
    compare_periods,
    dyad_series,
    rank_shifts,
)
from realpolitik.report import ReportRequest, build_report, write_html
from realpolitik.store import connect

COUNTRIES = [
    "USA", "CHN", "RUS", "UKR", "ARM", "AZE", "TUR", "IRN", "ISR", "FRA", "DEU", "GBR", "JPN",
    "IND", "PAK", "EGY", "SAU", "SYR", "IRQ", "GEO", "POL", "BLR", "KAZ", "PRK", "KOR",
]  # fmt: skip
PLOVER = ["CONSULT", "AGREE", "SUPPORT", "COOPERATE", "AID", "DEMAND", "ACCUSE", "THREATEN",
          "PROTEST", "SANCTION", "MOBILIZE", "ASSAULT"]  # fmt: skip


def synthetic_store(db: Path, count: int) -> float:
    """Insert ``count`` synthetic mentions and their clusters; returns seconds."""
    actors = [c + s for c in COUNTRIES for s in ("", "GOV")]
    con = connect(db, create=True)
    started = time.perf_counter()
    con.execute(
        """
        INSERT INTO events (event_id, doc_id, date, date_precision, date_source, source,
            source_country, target, target_country, code, root, event_name, quad_class,
            goldstein, plover_type, modality, attribution_speaker, sentence, confidence,
            dataset, run_id, cluster_id)
        SELECT printf('%016x', hash(i)), printf('%032x', hash(i // 4)), day, 'day', 'text',
               s, left(s, 3), t, left(t, 3), code, left(code, 2), 'synthetic',
               CASE WHEN code < '06' THEN 1 WHEN code < '09' THEN 2
                    WHEN code < '18' THEN 3 ELSE 4 END,
               CASE WHEN s LIKE 'RUS%' AND t LIKE 'ARM%' AND day >= DATE '2023-01-01'
                    THEN -6.0 ELSE CAST(hash(k + 3) % 21 AS DOUBLE) - 10.0 END,
               $plover[1 + CAST(hash(k + 5) % 12 AS INTEGER)],
               CASE WHEN hash(k + 11) % 20 = 0 THEN 'hypothetical' ELSE 'asserted' END,
               CASE WHEN hash(k + 13) % 20 = 0 THEN 'officials' END,
               'Synthetic evidence sentence number ' || i, 0.5 + (hash(k + 17) % 50) / 100.0,
               'coded', 0, printf('%016x', hash(k * 3))
        FROM (
            SELECT i, i // 3 AS k,
                DATE '2000-01-01' + CAST(hash(i // 3) % 9131 AS INTEGER) AS day,
                $actors[1 + CAST(hash(i // 3 + 1) % len($actors) AS INTEGER)] AS s,
                $actors[1 + CAST(hash(i // 3 + 7) % len($actors) AS INTEGER)] AS t,
                lpad(CAST(10 + hash(i // 3 + 9) % 190 AS VARCHAR), 3, '0') AS code
            FROM range($count) r(i)
        )
        """,
        {"actors": actors, "plover": PLOVER, "count": count},
    )
    # mention 3k has the cluster's id as its own: it is the cluster's first mention
    con.execute(
        """
        INSERT INTO event_clusters (cluster_id, dataset, date, last_date, source, target, code,
            root, quad_class, goldstein, plover_type, modality, mentions, articles, sources,
            source_country, target_country, plover_mode, confidence, stated)
        SELECT cluster_id, 'coded', min(date), max(date), any_value(source), any_value(target),
               any_value(code), any_value(root), any_value(quad_class), any_value(goldstein),
               any_value(plover_type), any_value(modality), count(*), count(*), 1,
               any_value(source_country), any_value(target_country), NULL,
               any_value(confidence), bool_or(attribution_speaker IS NULL)
        FROM events GROUP BY cluster_id
        """
    )
    con.execute("CHECKPOINT")
    con.close()
    return time.perf_counter() - started


def best_of(db: Path, rounds: int, work: Callable[[Any], Any]) -> tuple[Any, float]:
    """The result of ``work`` and its best time over ``rounds`` runs, each on a connection
    of its own (as each command opens the store afresh: nothing is reused between runs)."""
    best = float("inf")
    result: Any = None
    for _ in range(rounds):
        con = connect(db, read_only=True)
        try:
            started = time.perf_counter()
            result = work(con)
            best = min(best, time.perf_counter() - started)
        finally:
            con.close()
    return result, best


def main() -> int:
    parser = argparse.ArgumentParser(description=" ".join(__doc__.split("\n\n")[0].split()))
    parser.add_argument("--events", type=int, default=10_000_000)
    parser.add_argument("--db", type=Path, default=None, help="folder for the store")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--reuse", action="store_true", help="keep a store --db already has")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = args.db or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        db = folder / "analysis.duckdb"
        if not (args.reuse and db.exists()):
            db.unlink(missing_ok=True)
            seconds = synthetic_store(db, args.events)
            print(f"synthetic store: {args.events:,} mentions inserted in {seconds:.1f}s")
        rounds = args.rounds
        frame, took = best_of(db, rounds, lambda con: dyad_series(con, "RUS", "ARM"))
        print(f"dyad RUS ARM --freq month:   {took:6.3f}s ({len(frame)} months, "
              f"{int(frame['events'].sum()):,} events)")  # fmt: skip
        shifts, took = best_of(db, rounds, lambda con: rank_shifts(con, top=20))
        top = shifts[0] if shifts else None
        found = f"top: {top.source}-{top.target} {top.period} {top.change:+.2f}" if top else ""
        print(f"shifts --top 20:             {took:6.3f}s ({len(shifts)} shifts; {found})")
        shifts, took = best_of(db, rounds, lambda con: rank_shifts(con, top=20, statistic="total"))
        top = shifts[0] if shifts else None
        found = f"top: {top.source}-{top.target} {top.period} {top.change:+.2f}" if top else ""
        print(f"shifts --statistic total:    {took:6.3f}s ({len(shifts)} shifts; {found})")
        net, took = best_of(db, rounds, lambda con: actor_network(con, Scope()))
        print(f"network (all dates):         {took:6.3f}s ({len(net.nodes)} actors, "
              f"{len(net.edges)} edges)")  # fmt: skip
        periods = (
            (dt.date(2021, 1, 1), dt.date(2022, 12, 31)),
            (dt.date(2023, 1, 1), dt.date(2024, 12, 31)),
        )
        verdicts, took = best_of(
            db,
            rounds,
            lambda con: compare_periods(con, [("RUS", "ARM"), ("RUS", "AZE")], *periods),
        )
        said = ", ".join(f"{v.source}-{v.target} {v.verdict}" for v in verdicts)
        print(f"compare (2 dyads):           {took:6.3f}s ({said})")
        page = folder / "report.html"

        def report(con: Any) -> Any:
            built = build_report(con, ReportRequest(actors=("RUS", "ARM", "AZE")))
            write_html(built, page)
            return built

        built, took = best_of(db, rounds, report)
        size = page.stat().st_size / 1e6
        found = f"{len(built.dyads)} dyads, {len(built.shifts)} shifts"
        print(f"report --actors RUS,ARM,AZE: {took:6.3f}s ({found}, {len(built.verdicts)} "
              f"verdicts; {size:.1f} MB page)")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
