"""Generated news documents for the store and ingest tests: varied enough that no two are
near-duplicates, each with a few codable sentences."""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path
from typing import Any

import duckdb

COUNTRIES = [
    "Russia", "Ukraine", "Armenia", "Azerbaijan", "Turkey", "Iran", "France", "Georgia",
    "China", "Japan", "Germany", "Poland", "Israel", "Egypt", "India", "Pakistan",
]  # fmt: skip
ACTS = [
    "accused {b} of violating the ceasefire",
    "met with officials from {b} in a closed session",
    "warned {b} against further provocations",
    "praised {b} for its cooperation",
    "condemned {b} over the border incident",
    "signed an agreement with {b} on energy supplies",
    "criticized {b} for the arrests",
    "urged {b} to release the detainees",
    "expelled diplomats from {b}",
    "hosted a delegation from {b}",
]
FILLERS = [
    "Markets in the capital closed {n} percent higher on the day.",
    "Heavy rain was forecast for the coming {n} days across the region.",
    "The ministry published its annual report, which runs to {n} pages.",
    "A local football club won its match by {n} goals to nil.",
    "Officials said about {n} people attended the evening concert.",
    "The national statistics office revised its estimate to {n} thousand.",
    "Traffic on the main bridge was slowed for {n} hours by repairs.",
    "Schools in the northern districts will reopen after {n} weeks.",
]
# Columns that differ between runs by design: timestamps and run ids.
VOLATILE = {"ingested_at", "ingest_run", "coded_run", "run_id", "queued_at"}
TABLES = (
    "documents",
    "document_links",
    "document_minhash",
    "document_bands",
    "events",
    "event_clusters",
    "cluster_queue",
)
WORDS = [
    "harbour",
    "orchard",
    "lantern",
    "meadow",
    "quarry",
    "violin",
    "glacier",
    "pepper",
    "saddle",
    "timber",
    "anchor",
    "compass",
    "falcon",
    "granite",
    "hollow",
    "ivory",
    "juniper",
    "kettle",
    "ledger",
    "marble",
    "nectar",
    "oyster",
]


def document(number: int, rng: random.Random) -> dict[str, str]:
    """One generated document with a unique, varied text."""
    a, b = rng.sample(COUNTRIES, 2)
    day = dt.date(2023, 1, 1) + dt.timedelta(days=rng.randrange(600))
    sentences = [f"{a} {rng.choice(ACTS).format(b=b)} on {day:%B} {day.day}."]
    for _ in range(rng.randrange(2, 5)):
        sentences.append(rng.choice(FILLERS).format(n=rng.randrange(2, 900)))
    words = " ".join(rng.sample(WORDS, 6))
    sentences.append(f"Dispatch {number} also noted the {words}.")
    rng.shuffle(sentences)
    return {
        "id": f"gen-{number}",
        "text": " ".join(sentences),
        "date": (day + dt.timedelta(days=rng.randrange(3))).isoformat(),
        "title": f"{a} and {b}: report {number}",
        "url": f"https://news{number % 7}.example.org/{number}",
        "source": f"Outlet {number % 7}",
    }


def write_directory(root: Path, count: int, seed: int = 7) -> Path:
    """A directory of ``count`` generated documents: text files, HTML pages and JSON Lines,
    in nested folders."""
    rng = random.Random(seed)
    docs = [document(n, rng) for n in range(count)]
    root.mkdir(parents=True, exist_ok=True)
    lines: list[str] = []
    for n, doc in enumerate(docs):
        folder = root / f"batch{n % 5}"
        folder.mkdir(exist_ok=True)
        if n % 4 == 0:
            lines.append(json.dumps(doc))
        elif n % 4 == 1:
            (folder / f"doc{n}.html").write_text(
                "<!doctype html><html><head><title>{title}</title>"
                '<meta property="article:published_time" content="{date}"></head>'
                "<body><nav>Home | World | Sport</nav><article><h1>{title}</h1>"
                "<p>{text}</p></article><footer>Copyright</footer></body></html>".format(**doc),
                encoding="utf-8",
            )
        else:
            (folder / f"doc{n}.txt").write_text(doc["text"], encoding="utf-8")
    (root / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root


def snapshot(db: Path) -> dict[str, list[tuple[Any, ...]]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        tables: dict[str, list[tuple[Any, ...]]] = {}
        for table in TABLES:
            names = [r[0] for r in con.execute(f"DESCRIBE {table}").fetchall()]
            kept = ", ".join(n for n in names if n not in VOLATILE)
            rows = con.execute(f"SELECT {kept} FROM {table}").fetchall()
            tables[table] = sorted(rows, key=repr)
        return tables
    finally:
        con.close()
