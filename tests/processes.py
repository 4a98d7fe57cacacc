"""The processes of a test: a process's children and the live members of a process group
(Linux /proc)."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from contextlib import suppress
from pathlib import Path


def children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found.extend(int(c) for c in (task / "children").read_text().split())
        except OSError:
            continue
    return found


def group(pgid: int) -> list[int]:
    """The live processes of a process group."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if fields[0] != "Z" and int(fields[2]) == pgid:
            found.append(int(stat.parent.name))
    return found


def survivors_of_a_killed_parent(command: list[str], running: float) -> list[int]:
    """Start a command in a process group of its own, wait for its two worker processes,
    let them work for ``running`` seconds, SIGKILL the command alone; return the processes
    of its group still alive 10 s later, workers or any other (killed then, so as to leave
    no stray process on the machine)."""
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    try:
        deadline = time.monotonic() + 120
        while len(children(process.pid)) < 2 and time.monotonic() < deadline:
            assert process.poll() is None, "the command ended before its workers started"
            time.sleep(0.1)
        workers = children(process.pid)
        assert len(workers) >= 2
        time.sleep(running)
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
        deadline = time.monotonic() + 10
        while group(process.pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        left = group(process.pid)
    finally:
        os.killpg(process.pid, signal.SIGKILL) if process.poll() is None else None
    for pid in left:
        with suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    return left
