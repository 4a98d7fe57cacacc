"""Requests per second and latency of the REST API over a store of synthetic events.

    python benchmarks/api.py [--events 1000000] [--requests 300] [--threads 4] [--db DIR] [--reuse]

Builds the store of ``benchmarks/analysis.py`` (mentions, three per cluster), serves it with
``realpolitik serve`` in a process of its own, and times over HTTP: the first page of 100
events, pages of 100 events of a dyad from random dates (cursor pages), and a dyad's monthly
series: asked again (the server keeps the answer until the store's next write) and each
time from a new date (computed each time). Prints, per route, requests per second with
``--threads`` clients, and the median and 95th percentile latency of one client alone.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import datetime as dt
import importlib.util
import itertools
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _analysis_benchmark():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("analysis_benchmark", HERE / "analysis.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def serve(db: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "realpolitik", "serve", "--db", str(db), "--port", str(port)],
        env={**os.environ}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    for _ in range(600):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return process, f"http://127.0.0.1:{port}"
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit("the server did not start")


def fetch(url: str) -> float:
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=60) as answer:
        json.loads(answer.read())
        assert answer.status == 200
    return time.perf_counter() - started


def measure(name: str, urls: Callable[[], str], requests: int, threads: int) -> None:
    fetch(urls())  # warm
    alone = [fetch(urls()) for _ in range(requests)]
    started = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(threads) as pool:
        list(pool.map(lambda _: fetch(urls()), range(requests)))
    rate = requests / (time.perf_counter() - started)
    ordered = sorted(alone)
    p95 = ordered[int(0.95 * (len(ordered) - 1))]
    print(f"{name:34s} {rate:7.1f} req/s ({threads} clients); one client: median "
          f"{1000 * statistics.median(alone):6.1f} ms, p95 {1000 * p95:6.1f} ms")  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=" ".join(__doc__.split("\n\n")[0].split()))
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--db", type=Path, default=None, help="folder for the store")
    parser.add_argument("--reuse", action="store_true", help="keep a store --db already has")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = args.db or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        db = folder / "api.duckdb"
        if not (args.reuse and db.exists()):
            db.unlink(missing_ok=True)
            seconds = _analysis_benchmark().synthetic_store(db, args.events)
            print(f"synthetic store: {args.events:,} mentions inserted in {seconds:.1f}s")
        process, base = serve(db)
        try:
            rng = random.Random(1)
            years = list(range(2000, 2025))
            measure("GET /api/events (first 100)", lambda: f"{base}/api/events?limit=100",
                    args.requests, args.threads)  # fmt: skip
            measure(
                "GET /api/events dyad, from a date",
                lambda: f"{base}/api/events?dyad=RUS,ARM&limit=100&since={rng.choice(years)}",
                args.requests, args.threads,
            )  # fmt: skip
            measure("GET /api/dyads/RUS/ARM/series", lambda: f"{base}/api/dyads/RUS/ARM/series",
                    args.requests, args.threads)  # fmt: skip
            days = itertools.count()
            measure(
                "GET /api/dyads/RUS/ARM/series, new",
                lambda: f"{base}/api/dyads/RUS/ARM/series?since="
                f"{dt.date(2000, 1, 1) + dt.timedelta(days=next(days))}",
                args.requests, args.threads,
            )  # fmt: skip
        finally:
            process.terminate()
            process.wait(timeout=30)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
