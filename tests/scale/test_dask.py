"""Coding on a Dask cluster: the same store as a one-process run, through the CLI as a user
runs it, even when a worker is killed mid-run; partitions loaded in one transaction; the
store read back as a Parquet dataset."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest

from realpolitik.demo import demo_documents
from realpolitik.errors import Errors, StoreError
from realpolitik.ingest.sources import read_sources
from realpolitik.store import connect
from realpolitik.store.parquet import load_partitions, read_partition, write_partition
from realpolitik.store.pipeline import _classify, start_run

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "store"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from store_corpus import snapshot, write_directory

from processes import survivors_of_a_killed_parent

pytestmark = pytest.mark.slow


def ingest(corpus: Path, db: Path, *options: str, timeout: float = 600) -> str:
    """Run `realpolitik ingest` as a user does; return its stderr."""
    result = subprocess.run(
        [sys.executable, "-m", "realpolitik", "ingest", str(corpus), "--db", str(db), *options],
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert result.returncode == 0, result.stderr
    return result.stderr


def event_ids(db: Path) -> list[str]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return [r[0] for r in con.execute("SELECT event_id FROM events ORDER BY 1").fetchall()]
    finally:
        con.close()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_directory(tmp_path_factory.mktemp("dask") / "corpus", 200, seed=5)


@pytest.fixture(scope="module")
def one_process(corpus: Path) -> dict[str, list[tuple[Any, ...]]]:
    """The tables a one-process run leaves."""
    db = corpus.parent / "one.duckdb"
    ingest(corpus, db)
    return snapshot(db)


@pytest.fixture(scope="module")
def cluster() -> Iterator[Any]:
    """A local cluster of two worker processes, as `dask scheduler` and two
    `dask worker --nthreads 1` would make."""
    from distributed import Client, LocalCluster

    with (
        LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            silence_logs=logging.ERROR,
        ) as local,
        Client(local) as client,
    ):
        yield client


def test_dask_local_same_store_as_one_process_and_parser_processes(
    corpus: Path, one_process: dict[str, list[tuple[Any, ...]]], tmp_path: Path
) -> None:
    workers = tmp_path / "workers.duckdb"
    ingest(corpus, workers, "--workers", "2")
    on_dask = tmp_path / "dask.duckdb"
    out = ingest(corpus, on_dask, "--dask", "local", "--workers", "2", "--partition-size", "30")
    assert "200 coded" in out
    assert len(one_process["events"]) > 100
    assert snapshot(on_dask) == one_process
    assert snapshot(workers) == one_process
    # the partitions are loaded and removed
    assert not Path(f"{on_dask}.partitions").exists()

    again = ingest(corpus, on_dask, "--dask", "local", "--workers", "2")
    assert "0 new" in again and "200 already stored" in again and "0 coded" in again
    assert snapshot(on_dask) == one_process


def test_dask_worker_killed_mid_run_gives_the_clean_result(
    corpus: Path, one_process: dict[str, list[tuple[Any, ...]]], cluster: Any, tmp_path: Path
) -> None:
    db = tmp_path / "killed.duckdb"
    scratch = tmp_path / "partitions"
    address = cluster.scheduler.address
    before = cluster.run(os.getpid)
    process = subprocess.Popen(
        [sys.executable, "-m", "realpolitik", "ingest", str(corpus), "--db", str(db),
         "--dask", address, "--partition-size", "10", "--scratch", str(scratch)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        # kill a worker while it codes: once some partitions are written and others run
        deadline = time.monotonic() + 300
        busy: list[str] = []
        while time.monotonic() < deadline and process.poll() is None:
            written = list(scratch.glob("*.parquet")) if scratch.exists() else []
            busy = [w for w, tasks in cluster.processing().items() if tasks]
            if len(written) >= 2 and busy:
                break
            time.sleep(0.05)
        assert busy and process.poll() is None, "the ingest ended before a worker was killed"
        victim = before[busy[0]]
        os.kill(victim, signal.SIGKILL)
        _, stderr = process.communicate(timeout=600)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, stderr
    assert "200 coded" in stderr
    assert victim not in cluster.run(os.getpid).values()  # the worker did die
    assert snapshot(db) == one_process


def test_dask_holds_only_the_documents_in_flight(
    corpus: Path, one_process: dict[str, list[tuple[Any, ...]]], cluster: Any, tmp_path: Path
) -> None:
    from realpolitik.scale import ingest_on_dask

    pulled = 0
    gaps: list[int] = []

    def counted() -> Iterator[Any]:
        nonlocal pulled
        for item in read_sources([str(corpus)]):
            pulled += 1
            yield item

    db = tmp_path / "streamed.duckdb"
    with connect(db, create=True) as con:
        ingest_on_dask(
            con, counted(), scheduler=cluster.scheduler.address, scratch=tmp_path / "parts",
            partition_size=5, batch_size=5, on_progress=lambda s: gaps.append(pulled - s.read),
        )  # fmt: skip
    assert snapshot(db) == one_process
    # read ahead of the store: a chunk of classification (64) and 2 x 2 partitions in flight
    assert len(gaps) >= 200 and 0 < max(gaps) <= 64 + 5 * 5 < 200


def test_dask_unreachable_scheduler_is_a_clear_error(corpus: Path, tmp_path: Path) -> None:
    address = "tcp://127.0.0.1:9"
    db = tmp_path / "store.duckdb"
    result = subprocess.run(
        [sys.executable, "-m", "realpolitik", "ingest", str(corpus), "--db", str(db),
         "--dask", address],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("error: Cannot reach the Dask scheduler at 'tcp://127.0.0.1:9'")
    assert "dask scheduler" in result.stderr and "--dask local" in result.stderr
    # the store holds no documents, and the run is recorded as interrupted
    con = duckdb.connect(str(db), read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM documents").fetchone() == (0,)
    finally:
        con.close()


def test_dask_local_workers_die_with_a_killed_parent(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for n, document in enumerate(demo_documents() * 4):
        (corpus / f"{n:04}.txt").write_text(document.text, encoding="utf-8")
    command = [sys.executable, "-m", "realpolitik", "ingest", str(corpus), "--db",
               str(tmp_path / "store.duckdb"), "--dask", "local", "--workers", "2",
               "--partition-size", "4"]  # fmt: skip
    left = survivors_of_a_killed_parent(command, running=3)  # workers set up and coding
    assert not left, f"workers {left} outlived their killed parent"


def test_dask_with_no_code_is_refused(corpus: Path, tmp_path: Path) -> None:
    db = tmp_path / "store.duckdb"
    result = subprocess.run(
        [sys.executable, "-m", "realpolitik", "ingest", str(corpus), "--db", str(db),
         "--dask", "local", "--no-code"],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith("error: --dask codes the documents on a cluster")
    assert not db.exists()


def test_dask_load_failure_leaves_the_store_as_it_was(coder: Any, tmp_path: Path) -> None:
    corpus = write_directory(tmp_path / "corpus", 12, seed=9)
    con = connect(tmp_path / "store.duckdb")
    try:
        run_id = start_run(con, "ingest", coder)
        works = list(_classify(con, read_sources([str(corpus)]), coding=True))  # type: ignore[arg-type]
        documents = [work.document for work in works]
        versions = (coder.version, coder.lexicon.version)
        good = tmp_path / "good.parquet"
        write_partition(good, list(coder.code_documents(documents[:6])), versions)
        assert [doc_id for doc_id, _, _ in read_partition(good)] == [d.id for d in documents[:6]]
        # the second partition holds other documents than those expected
        wrong = tmp_path / "wrong.parquet"
        write_partition(wrong, list(coder.code_documents(documents[:6])), versions)
        before = con.execute("SELECT count(*) FROM documents").fetchone()
        with pytest.raises(StoreError) as raised:
            list(load_partitions(con, run_id, works, [good, wrong], versions=versions,
                                 batch_size=4))  # fmt: skip
        assert str(raised.value).startswith(f"Cannot load the coded partition {wrong}")
        assert con.execute("SELECT count(*) FROM documents").fetchone() == before == (0,)
        assert con.execute("SELECT count(*) FROM events").fetchone() == (0,)
    finally:
        con.close()


def test_dask_store_read_as_parquet_dataset(
    corpus: Path, one_process: dict[str, list[tuple[Any, ...]]], tmp_path: Path
) -> None:
    db = corpus.parent / "one.duckdb"
    dataset = tmp_path / "dataset"
    result = subprocess.run(
        [sys.executable, "-m", "realpolitik", "db", "dataset", str(dataset), "--db", str(db)],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    # DuckDB reads the files where they lie
    raw = duckdb.connect()
    ids = raw.execute(
        f"SELECT event_id FROM read_parquet('{dataset}/events/*.parquet') ORDER BY 1"
    ).fetchall()
    assert [r[0] for r in ids] == event_ids(db)
    # and the reading commands open it as a store
    listed = subprocess.run(
        [sys.executable, "-m", "realpolitik", "events", "--db", str(dataset), "--format", "csv"],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    direct = subprocess.run(
        [sys.executable, "-m", "realpolitik", "events", "--db", str(db), "--format", "csv"],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout == direct.stdout and listed.stdout.count("\n") > 100
    with pytest.raises(StoreError) as raised:
        connect(dataset)
    assert str(raised.value) == Errors.E321.format(path=dataset)
