"""Ingesting into a store a running server owns. DuckDB lets one process write a store, and
while ``realpolitik serve`` runs that process is the server: it leaves a note beside the
store (``<store>.server.json``: its address and process), and ``realpolitik ingest`` sends
the documents to it in batches instead of opening the store itself. The server keeps
answering while it stores them, and new events appear without a restart."""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from realpolitik.errors import Errors, StoreError

BATCH = 50


@dataclass(frozen=True)
class ServerNote:
    """Where the server that owns a store listens."""

    url: str
    pid: int


def note_path(store: Path) -> Path:
    return store.with_name(store.name + ".server.json")


def announce(store: Path, url: str) -> Path:
    """Leave the note of this process serving ``store`` at ``url``."""
    path = note_path(store)
    path.write_text(json.dumps({"url": url, "pid": os.getpid()}), encoding="utf-8")
    return path


def withdraw(store: Path) -> None:
    """Remove this process's note (another process's is left alone)."""
    path = note_path(store)
    try:
        if json.loads(path.read_text(encoding="utf-8")).get("pid") == os.getpid():
            path.unlink()
    except (OSError, ValueError):
        pass


def running_server(store: Path) -> ServerNote | None:
    """The server that owns ``store``, if one is running (a stale note is ignored)."""
    try:
        found = json.loads(note_path(store).read_text(encoding="utf-8"))
        note = ServerNote(url=str(found["url"]), pid=int(found["pid"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None
    try:
        os.kill(note.pid, 0)
    except ProcessLookupError:
        return None
    except PermissionError:
        pass
    return note


def _batches(documents: Iterable[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for document in documents:
        batch.append(document)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def send_documents(
    note: ServerNote,
    documents: Iterable[dict[str, Any]],
    *,
    token: str | None = None,
    code: bool = True,
    batch: int = BATCH,
    on_batch: Callable[[dict[str, Any]], None] | None = None,
) -> dict[str, int]:
    """Send documents (``Document`` fields as JSON) to the server in batches; the summed
    counts of what it stored.

    Raises:
        StoreError: E315 when the server refuses or cannot be reached.
    """
    totals: dict[str, int] = {}
    for part in _batches(documents, batch):
        request = urllib.request.Request(
            note.url.rstrip("/") + "/api/ingest",
            data=json.dumps({"documents": part, "code": code}).encode("utf-8"),
            headers={"content-type": "application/json",
                     **({"authorization": f"Bearer {token}"} if token else {})},
            method="POST",
        )  # fmt: skip
        try:
            with urllib.request.urlopen(request, timeout=600) as answer:
                done = json.loads(answer.read())
        except urllib.error.HTTPError as err:
            try:
                reason = json.loads(err.read())["error"]["message"]
            except (ValueError, KeyError, TypeError):
                reason = str(err)
            raise StoreError(Errors.E315.format(url=note.url, reason=reason)) from None
        except (urllib.error.URLError, OSError) as err:
            raise StoreError(Errors.E315.format(url=note.url, reason=err)) from None
        for key, value in done.items():
            if isinstance(value, int) and not isinstance(value, bool):
                totals[key] = totals.get(key, 0) + value
        if on_batch is not None:
            on_batch(totals)
    return totals
