"""An ingest with parser worker processes leaves no worker behind when it is interrupted
(Ctrl-C) or when its process is killed outright."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "store"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from store_corpus import write_directory

from processes import children, group

pytestmark = pytest.mark.slow


def start_coding(corpus: Path, db: Path) -> subprocess.Popen[bytes]:
    """Start an ingest with two workers in its own process group; return once its worker
    processes exist and the first documents are stored (coding has begun)."""
    process = subprocess.Popen(
        [sys.executable, "-m", "realpolitik", "ingest", str(corpus), "--db", str(db),
         "--workers", "2", "--batch-size", "5"],
        stdout=subprocess.DEVNULL, stderr=(db.parent / "stderr.txt").open("wb"),
        start_new_session=True,
        # as from a terminal, even when these tests run in the background with SIGINT ignored
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )  # fmt: skip
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        assert process.poll() is None, "the ingest ended before coding began"
        if len(children(process.pid)) >= 2:
            break
        time.sleep(0.1)
    else:
        pytest.fail("no worker processes started")
    time.sleep(3)  # let the workers parse a few batches
    assert process.poll() is None and len(children(process.pid)) >= 2
    return process


def assert_no_worker_survives(pgid: int) -> None:
    deadline = time.monotonic() + 30
    while group(pgid) and time.monotonic() < deadline:
        time.sleep(0.2)
    left = group(pgid)
    for pid in left:  # leave no stray process on the machine, then fail
        os.kill(pid, signal.SIGKILL)
    assert not left, f"worker processes {left} outlived the ingest"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # enough that the workers still code after the few seconds ``start_coding`` waits
    return write_directory(tmp_path_factory.mktemp("workers") / "corpus", 3000, seed=3)


def test_ingest_workers_end_with_an_interrupted_ingest(corpus: Path, tmp_path: Path) -> None:
    process = start_coding(corpus, tmp_path / "store.duckdb")
    os.kill(process.pid, signal.SIGINT)  # the parent only, not its group
    try:
        code = process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        pytest.fail("the interrupted ingest did not end")
    assert code == 130, (tmp_path / "stderr.txt").read_text()
    assert_no_worker_survives(process.pid)


def test_ingest_workers_end_when_the_ingest_is_killed(corpus: Path, tmp_path: Path) -> None:
    process = start_coding(corpus, tmp_path / "store.duckdb")
    assert len(group(process.pid)) >= 3  # the ingest and its two workers
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    assert_no_worker_survives(process.pid)
