"""Parquet files of coded partitions and their atomic load into the store.

A *partition file* holds the coding of some documents: one row per document with its
number of sentences, its ``Event`` records (a JSON array, the records' own serialisation,
so that loading gives back exactly the events that were coded) and the coder's versions.
``load_partitions`` writes a whole run of them into the store in ONE transaction, batch by
batch with the rows one-process ingestion writes, so that a failure leaves the store as it
was. The store as a Parquet dataset is ``store.dataset``.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb

from realpolitik.errors import Errors, StoreError
from realpolitik.store.db import Connection, insert_rows, path_literal, quote, transaction

if TYPE_CHECKING:
    from realpolitik.coding.coder import CodedDocument
    from realpolitik.store.pipeline import _Work

PARTITION_COLUMNS = {
    "position": "INTEGER",
    "doc_id": "VARCHAR",
    "sentences": "INTEGER",
    "events": "JSON",
    "coder_version": "VARCHAR",
    "dictionary_version": "VARCHAR",
}


@dataclass(frozen=True)
class PartitionSummary:
    """What a partition file holds, as the client reports progress and checks versions."""

    path: str
    documents: int
    sentences: int
    events: int
    coder_version: str | None
    dictionary_version: str | None


def write_partition(
    path: str | Path, coded: Sequence[CodedDocument], versions: tuple[str, str]
) -> PartitionSummary:
    """Write the coding of some documents to a Parquet file, atomically: to a temporary
    name beside it, then renamed, so that a reader never sees half a file and a retried
    task simply replaces it.

    Example:
        >>> write_partition("scratch/3f2a.parquet", coder.code_documents(docs), versions)
        PartitionSummary(path='scratch/3f2a.parquet', documents=100, ...)
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    rows = [
        {
            "position": position,
            "doc_id": document.document.id,
            "sentences": document.sentences,
            "events": "[" + ",".join(e.model_dump_json() for e in document.events) + "]",
            "coder_version": versions[0],
            "dictionary_version": versions[1],
        }
        for position, document in enumerate(coded)
    ]
    temporary = target.with_name(f".{target.name}.{uuid.uuid4().hex}.tmp")
    con = duckdb.connect()
    try:
        columns = ", ".join(f"{quote(name)} {kind}" for name, kind in PARTITION_COLUMNS.items())
        con.execute(f"CREATE TABLE partition ({columns})")
        insert_rows(con, "partition", PARTITION_COLUMNS, rows)
        con.execute(f"COPY partition TO '{path_literal(temporary)}' (FORMAT parquet)")
    finally:
        con.close()
    os.replace(temporary, target)
    return PartitionSummary(
        path=str(target),
        documents=len(coded),
        sentences=sum(document.sentences for document in coded),
        events=sum(len(document.events) for document in coded),
        coder_version=versions[0],
        dictionary_version=versions[1],
    )


def partition_summary(path: str | Path) -> PartitionSummary | None:
    """What a partition file already written holds, or None if there is no readable one."""
    target = Path(path)
    if not target.is_file():
        return None
    con = duckdb.connect()
    try:
        row = con.execute(
            "SELECT count(*), coalesce(sum(sentences), 0), "
            "coalesce(sum(json_array_length(events)), 0), "
            "min(coder_version), min(dictionary_version) "
            f"FROM read_parquet('{path_literal(target)}')"
        ).fetchone()
    except duckdb.Error:
        return None  # not a whole Parquet file: it is coded again
    finally:
        con.close()
    assert row is not None
    return PartitionSummary(str(target), int(row[0]), int(row[1]), int(row[2]), row[3], row[4])


def read_partition(path: str | Path) -> list[tuple[str, int, list[Any]]]:
    """The documents of a partition file in order, as (doc id, sentences, events).

    Raises:
        StoreError: E317 when the file cannot be read.
    """
    from pydantic import TypeAdapter, ValidationError

    from realpolitik.records import Event

    events = TypeAdapter(list[Event])
    con = duckdb.connect()
    try:
        rows = con.execute(
            "SELECT doc_id, sentences, events::VARCHAR "
            f"FROM read_parquet('{path_literal(path)}') ORDER BY position"
        ).fetchall()
        return [(str(r[0]), int(r[1]), events.validate_json(r[2])) for r in rows]
    except (duckdb.Error, ValidationError) as err:
        reason = str(err).strip().splitlines()[0]
        raise StoreError(Errors.E317.format(path=path, reason=reason)) from None
    finally:
        con.close()


def load_partitions(
    con: Connection,
    run_id: int,
    works: Iterable[_Work],
    paths: Iterable[str | Path],
    *,
    versions: tuple[str | None, str | None],
    batch_size: int,
    committed: list[str] | None = None,
) -> Iterator[_Work]:
    """Store a run's documents in input order, those that were coded with their coding from
    the partition files (read one at a time, in order), all in ONE transaction.

    ``works`` are the run's classified documents in input order and ``paths`` the partition
    files of those needing coding, in the same order. The rows are written batch by batch
    exactly as ``write_batch`` writes them, and the blocks they touch clustered once at the
    end; each work is yielded once stored in the pending transaction, so the caller can
    count it. Any failure rolls the whole load back. The new documents of each batch
    stored are added to ``committed`` (see ``pipeline._classify``).

    Raises:
        StoreError: E317 when a partition file is unreadable or does not hold the
            documents expected.
    """
    from realpolitik.coding.coder import CodedDocument
    from realpolitik.store.clusters import cluster_queued
    from realpolitik.store.pipeline import store_batch

    files = iter(paths)
    current: Iterator[tuple[str, int, list[Any]]] = iter(())
    path: str | Path = ""

    def coded(work: _Work) -> CodedDocument:
        nonlocal current, path
        found = next(current, None)
        while found is None:
            path = next(files, "")
            if not path:
                break
            current = iter(read_partition(path))
            found = next(current, None)
        if found is None or found[0] != work.doc_id:
            reason = f"document {work.doc_id} expected, {found[0] if found else 'none'} found"
            raise StoreError(Errors.E317.format(path=path or "<no partition>", reason=reason))
        return CodedDocument(work.document, found[2], found[1])

    with transaction(con):
        batch: list[_Work] = []
        for work in works:
            if work.needs_coding:
                work.coded = coded(work)
            batch.append(work)
            if len(batch) >= batch_size:
                store_batch(con, run_id, batch, versions, cluster=False)
                if committed is not None:  # the pending transaction finds them from now on
                    committed.extend(w.doc_id for w in batch if w.kind == "new")
                yield from batch
                batch = []
        store_batch(con, run_id, batch, versions, cluster=False)
        cluster_queued(con, atomic=True)
        yield from batch
