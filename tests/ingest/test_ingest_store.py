"""Ingesting into the store end to end: idempotency, near-duplicates, event clusters,
recoding and queries, through the real command line."""

from __future__ import annotations

import csv
import io
import json
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

import duckdb
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "store"))
from store_corpus import FILLERS, snapshot, write_directory

pytestmark = pytest.mark.slow

CORES = [
    "Russia accused Ukraine on Tuesday of shelling the Zaporizhzhia nuclear power plant.",
    "On Tuesday, Russia accused Ukraine of shelling the nuclear plant at Zaporizhzhia.",
    "Russia on Tuesday accused Ukraine of firing shells at the Zaporizhzhia plant.",
]
TOPICS = [
    "grain harvest",
    "river levels",
    "a chess tournament",
    "rail timetables",
    "the opera season",
    "bond yields",
    "a museum reopening",
    "fishing quotas",
    "the cycling race",
    "coffee prices",
    "a bakery strike",
    "tram repairs",
    "the book fair",
    "a heat wave",
    "ferry schedules",
    "tax forms",
    "an art auction",
    "ski resorts",
    "a jazz festival",
    "the census",
    "honey exports",
    "a film premiere",
    "bridge tolls",
    "a marathon",
    "the zoo",
]


def run(*args: str, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "realpolitik", *args],
        capture_output=True, text=True, timeout=timeout, check=False,
    )  # fmt: skip


def query(db: Path, sql: str) -> list[tuple[Any, ...]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_ingest_2000_documents_twice_adds_nothing(tmp_path: Path) -> None:
    corpus = write_directory(tmp_path / "corpus", 2000)
    db = tmp_path / "store.duckdb"
    first = run("ingest", str(corpus), "--db", str(db), "--no-code")
    assert first.returncode == 0, first.stderr
    assert "2000 new" in first.stderr
    assert query(db, "SELECT count(*) FROM documents") == [(2000,)]
    coded = run("ingest", str(corpus), "--db", str(db), "--workers", "2")
    assert coded.returncode == 0, coded.stderr
    assert "0 new" in coded.stderr and "2000 coded" in coded.stderr
    before = snapshot(db)
    assert len(before["events"]) > 1000
    again = run("ingest", str(corpus), "--db", str(db))
    assert again.returncode == 0, again.stderr
    assert "0 new" in again.stderr and "2000 already stored; 0 coded" in again.stderr
    assert snapshot(db) == before
    runs = query(db, "SELECT kind, status FROM coding_runs ORDER BY run_id")
    assert runs == [("ingest", "finished")] * 3
    # the run that coded names the English model with the coder
    ((version,),) = query(db, "SELECT coder_version FROM coding_runs WHERE run_id = 2")
    assert version and "+" in version and "core_web_sm" in version
    assert query(db, "SELECT DISTINCT coder_version FROM events") == [(version,)]


def report(number: int, rng: random.Random) -> dict[str, str]:
    """A differently worded report of one event, with the outlet's own other news."""
    topics = rng.sample(TOPICS, 3)
    others = [
        f"In other news, the {topics[0]} drew attention in the capital this week.",
        rng.choice(FILLERS).format(n=rng.randrange(10, 999)),
        f"Readers also asked about {topics[1]} and {topics[2]}.",
    ]
    rng.shuffle(others)
    return {
        "id": f"report-{number}",
        "text": " ".join([CORES[number % len(CORES)], *others]),
        "date": "2022-08-09",
        "title": f"Plant shelling claim ({number})",
        "url": f"https://outlet{number}.example.com/news/{number}",
        "source": f"Outlet {number}",
    }


@pytest.fixture(scope="module")
def clustered(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store holding 25 reports of one event, a wire story with copies, and noise."""
    root = tmp_path_factory.mktemp("clustered")
    rng = random.Random(3)
    lines = [json.dumps(report(n, rng)) for n in range(25)]
    wire = (
        "Turkey's foreign minister met his Azerbaijani counterpart in Baku on March 4, 2024, "
        "to discuss the normalisation of relations with Armenia and the reopening of the "
        "border. The two ministers also reviewed energy projects and the planned railway "
        "through Nakhchivan, officials in Ankara said after the meeting."
    )
    for n in range(4):
        lines.append(json.dumps({
            "id": f"wire-{n}", "date": "2024-03-04", "url": f"https://site{n}.example.net/w",
            "source": f"Site {n}", "title": "Ministers meet in Baku",
            "text": (f"Posted by site {n}. " if n else "") + wire,
        }))  # fmt: skip
    (root / "news.jsonl").write_text("\n".join(lines) + "\n")
    db = root / "store.duckdb"
    result = run("ingest", str(root / "news.jsonl"), "--db", str(db))
    assert result.returncode == 0, result.stderr
    assert "29 new (3 near-duplicates linked)" in result.stderr
    return db


def test_ingest_25_reports_are_one_cluster_of_25_mentions(clustered: Path) -> None:
    rows = query(
        clustered,
        "SELECT mentions, articles, sources FROM event_clusters "
        "WHERE source = 'RUS' AND target = 'UKR' AND code = '112'",
    )
    assert rows == [(25, 25, 25)]
    result = run("events", "--db", str(clustered), "--dyad", "RUS,UKR", "--clusters",
                 "--format", "jsonl")  # fmt: skip
    assert result.returncode == 0, result.stderr
    found = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(found) == 1 and found[0]["mentions"] == 25
    shown = run("show", found[0]["event_id"], "--db", str(clustered))
    assert shown.returncode == 0, shown.stderr
    assert "25 mentions in 25 articles from 25 sources" in shown.stdout
    assert shown.stdout.count("accused Ukraine") >= 25
    assert "Plant shelling claim" in shown.stdout and "outlet" in shown.stdout


def test_ingest_near_duplicates_are_linked_not_coded(clustered: Path) -> None:
    links = query(
        clustered,
        "SELECT c.original_id, o.original_id, l.similarity FROM document_links l "
        "JOIN documents c ON c.doc_id = l.doc_id JOIN documents o ON o.doc_id = l.original_doc_id "
        "ORDER BY 1",
    )
    assert [(c, o) for c, o, _ in links] == [("wire-1", "wire-0"), ("wire-2", "wire-0"),
                                             ("wire-3", "wire-0")]  # fmt: skip
    assert all(s >= 0.8 for _, _, s in links)
    coded = query(
        clustered,
        "SELECT d.original_id, count(e.event_id) FROM documents d "
        "LEFT JOIN events e ON e.doc_id = d.doc_id WHERE d.original_id LIKE 'wire-%' "
        "GROUP BY 1 ORDER BY 1",
    )
    assert coded[0][1] > 0 and all(count == 0 for _, count in coded[1:])
    counts = query(
        clustered,
        "SELECT c.mentions, c.sources FROM event_clusters c JOIN events e "
        "ON e.event_id = c.cluster_id JOIN documents d ON d.doc_id = e.doc_id "
        "WHERE d.original_id = 'wire-0'",
    )
    assert counts and all(row == (4, 4) for row in counts)


def test_ingest_events_query_formats(clustered: Path, tmp_path: Path) -> None:
    as_csv = run("events", "--db", str(clustered), "--actor", "TUR", "--format", "csv")
    assert as_csv.returncode == 0, as_csv.stderr
    rows = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    assert rows and all("TUR" in (r["source"] + r["target"]) for r in rows)
    assert rows[0]["dataset"] == "coded" and rows[0]["url"].startswith("https://site0")
    out = tmp_path / "q.parquet"
    parquet = run("events", "--db", str(clustered), "--text", "Zaporizhzhia", "--code", "11",
                  "--format", "parquet", "--output", str(out))  # fmt: skip
    assert parquet.returncode == 0, parquet.stderr
    assert duckdb.sql(f"SELECT count(*) FROM '{out}'").fetchall() == [(25,)]
    table = run("events", "--db", str(clustered), "--quad", "3", "--since", "2022-08-01",
                "--until", "2022-08-31")  # fmt: skip
    assert table.returncode == 0 and "112" in table.stdout
    bad = run("events", "--db", str(clustered), "--quad", "7")
    assert bad.returncode == 1 and "Invalid --quad '7'" in bad.stderr
    missing = run("show", "ffffffffffff", "--db", str(clustered))
    assert missing.returncode == 1 and "No event with id" in missing.stderr
    exported = run("db", "export", "event_clusters", str(tmp_path / "c.parquet"),
                   "--db", str(clustered))  # fmt: skip
    assert exported.returncode == 0, exported.stderr


def test_ingest_recode_replaces_events(clustered: Path, tmp_path: Path) -> None:
    db = tmp_path / "copy.duckdb"
    db.write_bytes(clustered.read_bytes())
    before = snapshot(db)
    stale = run("recode", "--db", str(db))
    assert stale.returncode == 0 and "0 coded" in stale.stderr
    everything = run("recode", "--db", str(db), "--all")
    assert everything.returncode == 0, everything.stderr
    assert "26 coded" in everything.stderr
    assert snapshot(db) == before
    assert query(db, "SELECT kind FROM coding_runs ORDER BY run_id")[-1] == ("recode",)


def test_ingest_same_events_with_one_and_two_workers(tmp_path: Path) -> None:
    corpus = write_directory(tmp_path / "corpus", 200, seed=11)
    stored = []
    for workers in ("1", "2"):
        db = tmp_path / f"workers{workers}.duckdb"
        result = run("ingest", str(corpus), "--db", str(db), "--workers", workers)
        assert result.returncode == 0, result.stderr
        assert "200 coded" in result.stderr
        stored.append(query(db, "SELECT event_id, doc_id, code, source, target, sentence_index "
                                "FROM events ORDER BY event_id"))  # fmt: skip
    assert len(stored[0]) > 100
    assert stored[1] == stored[0]


def test_ingest_copies_of_documents_committed_earlier_in_the_run_are_linked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from store_corpus import document

    from realpolitik.ingest.records import SourcedDocument
    from realpolitik.records import Document
    from realpolitik.store import connect, pipeline, similarity

    originals = [document(n, random.Random(n)) for n in range(40)]
    copies = [
        {**row, "id": f"copy-{row['id']}", "text": f"By our wire service. {row['text']} "
         f"{row['text']} Read more."} for row in originals[::4]
    ]  # fmt: skip
    originals = [{**row, "text": f"{row['text']} {row['text']}"} for row in originals]
    items = [
        SourcedDocument(document=Document.model_validate(row), origin=row["id"])
        for row in originals + copies
    ]
    monkeypatch.setattr(pipeline, "_CHUNK", 4)  # chunks of 4 documents, batches of 2
    held: list[int] = []
    adding = similarity.NearDuplicateIndex.add

    def add(index: similarity.NearDuplicateIndex, doc_id: str, signature: Any) -> None:
        adding(index, doc_id, signature)
        held.append(len(index.signatures))

    monkeypatch.setattr(similarity.NearDuplicateIndex, "add", add)
    with connect(tmp_path / "store.duckdb", create=True) as con:
        summary = pipeline.ingest(con, items, batch_size=2)
        linked = con.execute(
            "SELECT c.original_id, o.original_id FROM document_links l "
            "JOIN documents c ON c.doc_id = l.doc_id "
            "JOIN documents o ON o.doc_id = l.original_doc_id ORDER BY 1"
        ).fetchall()
    assert summary.near_duplicates == len(copies) == 10
    assert linked == sorted((f"copy-{row['id']}", row["id"]) for row in originals[::4])
    # the run's index holds only the documents not yet committed, not every new one
    assert len(held) == 40 and max(held) <= 8
