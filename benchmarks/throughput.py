"""Sentences per second and peak memory of whole processes: a bare spaCy parse, `realpolitik
code` at one and at N processes, `realpolitik ingest` with N workers and on a Dask cluster of
N local workers, with the time a GDELT day takes.

Usage:
    python benchmarks/throughput.py [--sentences 10000] [--n-process N] [--batch-size 64]
        [--repeat 1] [--runs bare-1,bare-N,code-1,code-N,ingest-N,dask-N] [--keep DIR]

The corpus is generated news: each document joins two to four reports of the bundled demo
corpus as paragraphs (so no two documents are near-duplicates the store would skip), with
its own id and a date spread over two years, until the corpus holds about the requested
number of sentences. Every run is a fresh process started with subprocess and timed from
start to exit, start-up (Python, spaCy, the model, the dictionaries) included; its peak
memory is the largest sum of the resident set sizes of the process and its children,
sampled every 0.2 s. N defaults to the number of cores. With --repeat, the best time of
each run counts, runs alternating so that a busy machine slows all alike.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from realpolitik.coding.batches import default_workers
from realpolitik.demo import demo_documents

GDELT_DAY = 2_000_000  # sentences coded by GDELT on a day, about 100,000 articles
_SENTENCE_END = re.compile(r"[.!?][\"”’')]?(?:\s|$)")

# The bare parse, as its own process: the model, nlp.pipe over the texts, the sentence count.
_BARE_PARSE = """
import json, sys
from realpolitik.nlp.pipeline import load_model
nlp = load_model(None)
texts = (json.loads(line)["text"] for line in open(sys.argv[1], encoding="utf-8"))
n = sum(len(list(d.sents)) for d in nlp.pipe(texts, n_process=int(sys.argv[2]),
                                                batch_size=int(sys.argv[3])))
print(n)
"""


@dataclass
class Measure:
    """One timed process."""

    name: str
    seconds: float
    peak_mib: float
    output: str


def write_corpus(path: Path, sentences: int, seed: int = 13) -> tuple[int, int]:
    """Write generated news documents as JSON Lines; returns (documents, sentences)
    (sentences as counted by their final stops)."""
    rng = random.Random(seed)
    base = demo_documents()
    counts = [len(_SENTENCE_END.findall(d.text)) or 1 for d in base]
    written = total = 0
    start = dt.date(2022, 1, 1)
    with path.open("w", encoding="utf-8") as out:
        while total < sentences:
            picks = rng.sample(range(len(base)), rng.randint(2, 4))
            day = start + dt.timedelta(days=rng.randrange(730))
            row = {
                "id": f"news-{written}",
                "date": day.isoformat(),
                "title": base[picks[0]].title,
                "source": f"Outlet {written % 40}",
                "text": "\n\n".join(base[i].text for i in picks),
            }
            out.write(json.dumps(row) + "\n")
            written += 1
            total += sum(counts[i] for i in picks)
    return written, total


def measure(name: str, command: list[str]) -> Measure:
    """Run a command to its end; its wall time and the peak memory of its process tree."""
    # output goes to files, which never fill up as a pipe does, nor sit in memory
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, stderr=err, text=True)
        peak = 0.0
        while process.poll() is None:
            peak = max(peak, _tree_rss_mib(process.pid))
            time.sleep(0.2)
        seconds = time.perf_counter() - started
        err.seek(0)
        messages = err.read()
        if process.returncode != 0:
            raise SystemExit(f"{name} failed ({process.returncode}):\n{messages[-2000:]}")
        out.seek(0)
        first = out.readline() if name.startswith("bare-") else ""
    return Measure(name, seconds, peak, first + messages)


def _tree_rss_mib(pid: int) -> float:
    pids = [pid]
    for parent in pids:
        for task in Path(f"/proc/{parent}/task").glob("*"):
            try:
                pids.extend(int(c) for c in (task / "children").read_text().split())
            except OSError:
                continue
    kib = 0
    for member in pids:
        try:
            status = Path(f"/proc/{member}/status").read_text()
        except OSError:
            continue
        found = re.search(r"^VmRSS:\s+(\d+)", status, re.MULTILINE)
        kib += int(found.group(1)) if found else 0
    return kib / 1024


def commands(corpus: Path, work: Path, n: int, batch_size: int) -> dict[str, list[str]]:
    """The runs, by name: N stands for the number of processes."""
    python = sys.executable
    cli = [python, "-m", "realpolitik"]
    db = str(work / "ingest.duckdb")
    workers = ["--workers", str(n)]
    runs = {
        "bare-1": [python, "-c", _BARE_PARSE, str(corpus), "1", str(batch_size)],
        f"bare-{n}": [python, "-c", _BARE_PARSE, str(corpus), str(n), str(batch_size)],
        "code-1": [*cli, "code", str(corpus), "--workers", "1"],
        f"code-{n}": [*cli, "code", str(corpus), "--workers", str(n)],
        f"ingest-{n}": [*cli, "ingest", str(corpus), "--db", db, "--workers", str(n)],
        # a Dask LocalCluster of N worker processes, its partitions loaded at the end
        f"dask-{n}": [*cli, "ingest", str(corpus), "--db", db, "--dask", "local", *workers],
    }
    return runs


def main() -> int:
    parser = argparse.ArgumentParser(description=" ".join(__doc__.split("\n\n")[0].split()))
    parser.add_argument("--sentences", type=int, default=10_000)
    parser.add_argument(
        "--n-process", type=int, default=default_workers(), help="N (default: cores)"
    )
    parser.add_argument("--batch-size", type=int, default=64, help="texts per parse batch")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each; the best counts")
    parser.add_argument("--runs", default="", help="comma-separated names (default: all)")
    parser.add_argument("--keep", type=Path, help="write the corpus and store here")
    args = parser.parse_args()
    n = args.n_process

    with tempfile.TemporaryDirectory() as temporary:
        work = args.keep or Path(temporary)
        work.mkdir(parents=True, exist_ok=True)
        corpus = work / "corpus.jsonl"
        documents, estimated = write_corpus(corpus, args.sentences)
        runs = commands(corpus, work, n, args.batch_size)
        chosen = [r.replace("N", str(n)) for r in args.runs.split(",") if r] or list(runs)
        unknown = sorted(set(chosen) - set(runs))
        if unknown:
            raise SystemExit(f"--runs: unknown {unknown}; known: {', '.join(runs)}")
        best: dict[str, Measure] = {}
        for _ in range(args.repeat):
            for name in chosen:
                (work / "ingest.duckdb").unlink(missing_ok=True)
                result = measure(name, runs[name])
                if name not in best or result.seconds < best[name].seconds:
                    best[name] = result
                print(f"  {name}: {result.seconds:.1f}s", file=sys.stderr, flush=True)
        sentences = _sentences(best) or estimated
        print(
            f"{documents} documents, {sentences} sentences ({corpus.stat().st_size / 1e6:.1f} MB),"
            f" N = {n} processes, load average {os.getloadavg()[0]:.1f}"
        )
        print(f"{'run':<10} {'seconds':>8} {'sentences/s':>12} {'peak RSS MiB':>13}")
        for name, m in best.items():
            rate = sentences / m.seconds
            print(f"{name:<10} {m.seconds:8.1f} {rate:12.1f} {m.peak_mib:13.0f}")
        _ratios(best, n, sentences)
    return 0


def _sentences(best: dict[str, Measure]) -> int | None:
    """The sentences of the corpus as the bare parse counts them, else as ingest does."""
    for name, m in best.items():
        if name.startswith("bare-"):
            return int(m.output.split()[0])
    for m in best.values():
        found = re.search(r"(\d+) sentences", m.output)
        if found:
            return int(found.group(1))
    return None


def _ratios(best: dict[str, Measure], n: int, sentences: int) -> None:
    def rate(name: str) -> float | None:
        return sentences / best[name].seconds if name in best else None

    for count in sorted({1, n}):
        bare, code = rate(f"bare-{count}"), rate(f"code-{count}")
        if bare and code:
            print(f"code keeps {code / bare:.1%} of bare parse speed at {count} process(es)"
                  " (target >= 80%)")  # fmt: skip
    for kind in ("bare", "code"):
        one, many = rate(f"{kind}-1"), rate(f"{kind}-{n}")
        if one and many and n > 1:
            print(f"{kind} at {n} processes: {many / one:.2f}x one process (target >= 1.7x)")
    ingest, dask = rate(f"ingest-{n}"), rate(f"dask-{n}")
    if ingest and dask:
        print(f"ingest --dask local: {dask / ingest:.1%} of ingest --workers {n} speed"
              " (target within 15%)")  # fmt: skip
    for name in (f"ingest-{n}", f"dask-{n}", f"code-{n}"):
        speed = rate(name)
        if speed:
            hours = GDELT_DAY / speed / 3600
            print(f"GDELT day ({GDELT_DAY:,} sentences) by {name}: {hours:.2f} h (target <= 1.5 h)")


if __name__ == "__main__":
    sys.exit(main())
