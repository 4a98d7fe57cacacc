"""``realpolitik serve`` as a real process on a real port: it answers, keeps to 127.0.0.1
by default, and bound beyond it makes up a token its write routes need."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from realpolitik.store import connect

pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start(*args: str) -> tuple[subprocess.Popen[str], int]:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "realpolitik", "serve", "--port", str(port), *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env={**os.environ},
    )  # fmt: skip
    for _ in range(200):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return process, port
        except OSError:
            if process.poll() is not None:
                raise AssertionError(
                    process.stderr.read() if process.stderr else "exited"
                ) from None
            time.sleep(0.1)
    process.kill()
    raise AssertionError("the server did not start")


def get(port: int, path: str) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as err:
        return err.code, json.loads(err.read())


def test_serve_answers_on_localhost(tmp_path: Path) -> None:
    store = tmp_path / "events.duckdb"
    connect(store, create=True).close()
    process, port = start("--db", str(store))
    try:
        status, summary = get(port, "/api/summary")
        assert status == 200 and summary["events"] == 0
        status, missing = get(port, "/api/events/abcdefabcdef")
        assert status == 404 and missing["error"]["type"] == "StoreError"
        status, schema = get(port, "/openapi.json")
        assert "/api/events" in schema["paths"] and "/api/code" in schema["paths"]
    finally:
        process.terminate()
        process.wait(timeout=20)


def test_bound_beyond_this_machine_writes_need_the_token(tmp_path: Path) -> None:
    store = tmp_path / "events.duckdb"
    connect(store, create=True).close()
    process, port = start("--db", str(store), "--host", "0.0.0.0")
    try:
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/api/code", data=b'{"text": "Russia warned Armenia."}',
            headers={"content-type": "application/json"}, method="POST",
        )  # fmt: skip
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=30)
        assert refused.value.code == 401
    finally:
        process.terminate()
        _, err = process.communicate(timeout=20)
    assert "write routes need the token" in err


def test_a_stale_note_of_a_stopped_server_is_ignored(tmp_path: Path) -> None:
    from realpolitik.web.client import note_path, running_server

    store = tmp_path / "events.duckdb"
    note_path(store).write_text('{"url": "http://127.0.0.1:9", "pid": 999999999}', "utf-8")
    assert running_server(store) is None
    note_path(store).write_text("not json", "utf-8")
    assert running_server(store) is None


def test_a_dask_ingest_is_refused_while_the_server_owns_the_store(tmp_path: Path) -> None:
    store = tmp_path / "events.duckdb"
    connect(store, create=True).close()
    (tmp_path / "a.txt").write_text("Russia warned Armenia on 7 September 2023.")
    process, port = start("--db", str(store))
    try:
        ingest = [sys.executable, "-m", "realpolitik", "ingest", str(tmp_path / "a.txt"),
                  "--db", str(store), "--dask", "local"]  # fmt: skip
        refused = subprocess.run(ingest, capture_output=True, text=True, timeout=120)
        assert refused.returncode != 0
        assert f"owned by `realpolitik serve` at http://127.0.0.1:{port}" in refused.stderr
        assert "Traceback" not in refused.stderr
        assert get(port, "/api/summary")[1]["documents"] == 0  # nothing went in meanwhile
    finally:
        process.terminate()
        process.wait(timeout=20)
