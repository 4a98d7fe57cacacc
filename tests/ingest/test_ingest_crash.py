"""A killed ingest leaves a consistent store, and running it again ends with exactly the
tables of an uninterrupted run."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import duckdb
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "store"))
from store_corpus import document, snapshot, write_directory


def command(corpus: Path, db: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "realpolitik", "ingest", str(corpus), "--db", str(db),
            "--batch-size", "10", *extra]  # fmt: skip


def corpus_with_copies(root: Path, count: int) -> Path:
    """Generated documents plus near-duplicate copies of some of them on other sites."""
    write_directory(root, count, seed=11)
    rng = random.Random(5)
    copies = root / "copies"
    copies.mkdir()
    for n in range(0, count, max(1, count // 12)):
        text = document(n, random.Random(n)).get("text", "")
        body = f"{text} {text}"  # long enough that a new headline and footer change little
        (copies / f"original{n:04d}.txt").write_text(body)
        (copies / f"zcopy{n:04d}.txt").write_text(
            f"By our wire service. {body} Read more on site {rng.randrange(99)}."
        )
    return root


def kill_and_resume(
    corpus: Path, db: Path, seconds: float, extra: tuple[str, ...]
) -> tuple[int, subprocess.CompletedProcess[bytes]]:
    """Kill an ingest after some seconds, count the documents it left, run it again."""
    process = subprocess.Popen(
        command(corpus, db, *extra), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    time.sleep(seconds)
    if process.poll() is None:
        os.kill(process.pid, signal.SIGKILL)
    process.wait()
    left = 0
    if db.exists():
        con = duckdb.connect(str(db))
        tables = {r[0] for r in con.execute("SHOW TABLES").fetchall()}
        if "documents" in tables:
            row = con.execute("SELECT count(*) FROM documents").fetchone()
            left = row[0] if row else 0
        con.close()
    result = subprocess.run(
        command(corpus, db, *extra), capture_output=True, timeout=600, check=False
    )
    return left, result


def reference(corpus: Path, db: Path, extra: tuple[str, ...]) -> tuple[dict[str, Any], float]:
    started = time.perf_counter()
    result = subprocess.run(
        command(corpus, db, *extra), capture_output=True, timeout=600, check=False
    )
    assert result.returncode == 0, result.stderr.decode()
    return snapshot(db), time.perf_counter() - started


def test_ingest_sigkill_at_random_moments_then_resume(tmp_path: Path) -> None:
    corpus = corpus_with_copies(tmp_path / "corpus", 400)
    expected, duration = reference(corpus, tmp_path / "reference.duckdb", ("--no-code",))
    assert len(expected["documents"]) > 400 and expected["document_links"]
    total = len(expected["documents"])
    (tmp_path / "nothing").mkdir()
    _, startup = reference(tmp_path / "nothing", tmp_path / "startup.duckdb", ("--no-code",))
    rng = random.Random(2024)
    interrupted = 0
    # ten trials at least; more (up to twenty) when a busy machine's timing made kills miss
    # the storing phase, so that five land inside it
    for trial in range(20):
        if trial >= 10 and interrupted >= 5:
            break
        db = tmp_path / f"trial{trial}.duckdb"
        moment = rng.uniform(startup * 0.8, duration * 0.98)
        left, result = kill_and_resume(corpus, db, moment, ("--no-code",))
        interrupted += 0 < left < total
        assert result.returncode == 0, (moment, result.stderr.decode())
        assert snapshot(db) == expected, f"trial {trial}: killed after {moment:.2f}s"
    assert interrupted >= 5, "most kills should land while documents are being stored"


@pytest.mark.slow
def test_ingest_sigkill_while_coding_then_resume(tmp_path: Path) -> None:
    corpus = corpus_with_copies(tmp_path / "corpus", 60)
    expected, duration = reference(corpus, tmp_path / "reference.duckdb", ())
    assert expected["events"] and expected["event_clusters"]
    rng = random.Random(7)
    for trial in range(2):
        db = tmp_path / f"coded{trial}.duckdb"
        moment = rng.uniform(duration * 0.4, duration * 0.9)
        _, result = kill_and_resume(corpus, db, moment, ())
        assert result.returncode == 0, (moment, result.stderr.decode())
        assert snapshot(db) == expected, f"trial {trial}: killed after {moment:.2f}s"
    # a crash between storing and coding: stored uncoded, then coded by the next run
    db = tmp_path / "deferred.duckdb"
    _, killed = kill_and_resume(corpus, db, duration * 0.5, ("--no-code",))
    assert killed.returncode == 0
    finished = subprocess.run(command(corpus, db), capture_output=True, timeout=600, check=False)
    assert finished.returncode == 0, finished.stderr.decode()
    assert snapshot(db) == expected
