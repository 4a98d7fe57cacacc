"""An archive coded a slice at a time into a Parquet dataset: what an append costs as the
dataset grows, and what reading it costs.

Usage:
    python benchmarks/dataset.py [--slices 4] [--sentences 25000] [--workers N] [--keep DIR]

Each slice is a corpus of generated news (``throughput.write_corpus``, a seed of its own)
that also repeats the last twentieth of the slice before it, as days of a news archive share
the stories published near midnight. It is ingested into a store of its own with
``realpolitik ingest --workers N`` and appended to one dataset with ``realpolitik db dataset
DIR --append``; the last slice is then appended again (nothing is added). Every command is a
whole process, timed with its peak memory. Then two reading commands run on the dataset and
on the store of the last slice: ``events --dyad`` as CSV and ``db info``.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from realpolitik.coding.batches import default_workers
from throughput import Measure, measure, write_corpus


def _size_mb(root: Path) -> float:
    return sum(p.stat().st_size for p in root.rglob("*") if p.is_file()) / 1e6


def _added(m: Measure) -> str:
    found = re.search(r"(\d+) documents and (\d+) events", m.output)
    return f"{found.group(1)} documents, {found.group(2)} events" if found else "?"


def main() -> int:
    parser = argparse.ArgumentParser(description=" ".join(__doc__.split("\n\n")[0].split()))
    parser.add_argument("--slices", type=int, default=4)
    parser.add_argument("--sentences", type=int, default=25_000, help="per slice")
    parser.add_argument("--workers", type=int, default=default_workers())
    parser.add_argument("--keep", type=Path, help="write the slices and dataset here")
    args = parser.parse_args()
    cli = [sys.executable, "-m", "realpolitik"]

    with tempfile.TemporaryDirectory() as temporary:
        work = args.keep or Path(temporary)
        work.mkdir(parents=True, exist_ok=True)
        dataset = work / "dataset"
        rows = []
        stores = []
        for number in range(args.slices):
            corpus = work / f"slice-{number}.jsonl"
            documents, _ = write_corpus(corpus, args.sentences, seed=100 + number)
            if number:
                before = (work / f"slice-{number - 1}.jsonl").read_text(encoding="utf-8")
                shared = before.splitlines(keepends=True)[-max(1, documents // 20) :]
                with corpus.open("a", encoding="utf-8") as out:
                    out.writelines(shared)
                documents += len(shared)
            store = work / f"slice-{number}.duckdb"
            store.unlink(missing_ok=True)
            stores.append(store)
            ingested = measure(
                f"ingest {number}",
                [*cli, "ingest", str(corpus), "--db", str(store), "--workers", str(args.workers)],
            )
            append = [*cli, "db", "dataset", str(dataset), "--append", "--db", str(store)]
            appended = measure(f"append {number}", append)
            rows.append((number, documents, ingested, appended, _size_mb(dataset)))
            print(f"  slice {number}: {appended.seconds:.1f}s", file=sys.stderr, flush=True)
        again = measure("append again", append)

        print(f"{args.slices} slices of about {args.sentences} sentences, "
              f"--workers {args.workers}")  # fmt: skip
        print(f"{'slice':<6} {'docs':>6} {'ingest s':>9} {'append s':>9} {'peak MiB':>9} "
              f"{'dataset MB':>11}  added")  # fmt: skip
        for number, documents, ingested, appended, size in rows:
            print(f"{number:<6} {documents:6} {ingested.seconds:9.1f} {appended.seconds:9.1f} "
                  f"{appended.peak_mib:9.0f} {size:11.1f}  {_added(appended)}")  # fmt: skip
        print(f"the last slice again: {again.seconds:.1f}s, {again.peak_mib:.0f} MiB peak, "
              f"{_added(again)}")  # fmt: skip
        for label, db in (("dataset", dataset), ("last slice's store", stores[-1])):
            listed = measure("events", [*cli, "events", "--db", str(db), "--dyad", "RUS,UKR",
                                        "--format", "csv"])  # fmt: skip
            info = measure("info", [*cli, "db", "info", "--db", str(db)])
            print(f"reading the {label}: events --dyad RUS,UKR --format csv "
                  f"{listed.seconds:.1f}s, db info {info.seconds:.1f}s")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
