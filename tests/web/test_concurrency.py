"""An ingest in another process while requests hit the server that owns the store: the
documents go through the server, no request fails, and the new events become visible
without a restart."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import urllib.request
from pathlib import Path

import pytest
from test_serve import start

from realpolitik.store import connect

pytestmark = pytest.mark.slow

TEXTS = [
    "Azerbaijan accused Armenia of violating the ceasefire.",
    "Armenia accused Azerbaijan of shelling border villages.",
    "Russia criticised Armenia over its exercise with the United States.",
    "Turkey praised Azerbaijan for its restraint.",
    "France condemned Azerbaijan over the blockade.",
]


def test_ingest_goes_through_the_server_while_it_answers(tmp_path: Path) -> None:
    store = tmp_path / "events.duckdb"
    connect(store, create=True).close()
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text(
        "".join(
            json.dumps({"id": f"d{n}", "text": f"{TEXTS[n % len(TEXTS)]} Report {n}.",
                        "date": f"2023-0{1 + n % 9}-1{n % 10}"}) + "\n"
            for n in range(120)
        ),
        encoding="utf-8",
    )  # fmt: skip
    process, port = start("--db", str(store))
    failures: list[str] = []
    counts: list[int] = []
    stop = threading.Event()

    def poll() -> None:
        while not stop.is_set():
            try:
                url = f"http://127.0.0.1:{port}/api/events?limit=5&order=desc"
                with urllib.request.urlopen(url, timeout=30) as answer:
                    assert answer.status == 200
                    json.loads(answer.read())
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/summary",
                                            timeout=30) as answer:  # fmt: skip
                    counts.append(json.loads(answer.read())["events"])
            except Exception as err:
                failures.append(repr(err))

    poller = threading.Thread(target=poll)
    poller.start()
    try:
        done = subprocess.run(
            [sys.executable, "-m", "realpolitik", "ingest", str(corpus), "--db", str(store)],
            capture_output=True, text=True, timeout=600, check=False, env={**os.environ},
        )  # fmt: skip
        stop.set()
        poller.join(timeout=60)
        assert done.returncode == 0, done.stderr
        assert "sending the documents there" in done.stderr
        assert "120 documents read, 120 new" in done.stderr
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/summary", timeout=30) as answer:
            final = json.loads(answer.read())
    finally:
        stop.set()
        process.terminate()
        process.wait(timeout=30)
    assert not failures, failures[:3]
    assert final["documents"] == 120 and final["events"] >= 40
    assert counts and counts[0] < final["events"]  # the events appeared while it ran
    assert not store.with_name(store.name + ".server.json").exists()  # the note is withdrawn
