"""Fill the store: ingest documents, code them, recode them, all resumable.

Each batch of documents is written with its events and links in ONE transaction, so a crash
or Ctrl-C leaves either the whole batch or none of it. The event blocks a batch touches are
queued in the same transaction and clustered at checkpoints and at the end of the run (see
``clusters.cluster_queued``). Documents are keyed by the hash of their text: running the same
command again skips what is stored, codes what was stored but not coded and clusters what an
interrupted run left queued, ending with exactly the tables an uninterrupted run leaves.
"""

from __future__ import annotations

import json
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from realpolitik.ingest.readers import InputProblem
from realpolitik.ingest.records import SourcedDocument
from realpolitik.records import Document
from realpolitik.store.clusters import (
    BlockKey,
    block_of,
    cluster_queued,
    queue_blocks,
    recluster,
)
from realpolitik.store.db import Connection, insert_rows, now, transaction
from realpolitik.store.records import IngestSummary, Problem
from realpolitik.store.rows import EVENT_COLUMNS, event_row
from realpolitik.store.similarity import (
    NearDuplicateIndex,
    Signature,
    band_keys,
    best_match,
    document_id,
    minhash,
)
from realpolitik.version import __version__

if TYPE_CHECKING:
    from realpolitik.coding.coder import CodedDocument, Coder

BATCH_SIZE = 100
# A batch is also committed after this many seconds, so slow coding loses little on a crash.
BATCH_SECONDS = 5.0
# A run clusters its queued blocks when the events written since the last time reach the
# events then in the store (and at least this many): each mention is so clustered a bounded
# number of times over a run, however large the store grows.
CHECKPOINT_EVENTS = 20_000
_CHUNK = 64

# fmt: off
DOCUMENT_COLUMNS = {
    "doc_id": "VARCHAR", "dataset": "VARCHAR", "original_id": "VARCHAR", "url": "VARCHAR",
    "title": "VARCHAR", "publisher": "VARCHAR", "published": "DATE", "language": "VARCHAR",
    "text": "VARCHAR", "chars": "INTEGER", "origin": "VARCHAR", "ingested_at": "TIMESTAMP",
    "ingest_run": "INTEGER", "coded_run": "INTEGER", "coder_version": "VARCHAR",
    "dictionary_version": "VARCHAR", "sentences": "INTEGER", "events": "INTEGER",
}
# fmt: on

Kind = Literal["new", "copy", "pending", "stored", "recode"]


@dataclass
class IngestStats:
    """Running counts of a run, handed to the progress callback."""

    total: int | None = None
    read: int = 0
    new: int = 0
    already_stored: int = 0
    near_duplicates: int = 0
    coded: int = 0
    sentences: int = 0
    events: int = 0
    problems: int = 0
    clustering: bool = False  # the queued blocks are being clustered (a checkpoint, the end)
    started: float = field(default_factory=time.perf_counter)

    @property
    def seconds(self) -> float:
        return time.perf_counter() - self.started


@dataclass
class _Work:
    kind: Kind
    doc_id: str
    document: Document
    sourced: SourcedDocument | None = None
    signature: Signature | None = None
    original: str | None = None
    similarity: float | None = None
    coded: CodedDocument | None = None

    @property
    def needs_coding(self) -> bool:
        return self.kind in ("new", "pending", "recode")


ProgressCallback = Callable[[IngestStats], None]
ProblemCallback = Callable[[Problem], None]


def ingest(
    con: Connection,
    items: Iterable[SourcedDocument | InputProblem],
    *,
    coder: Coder | None = None,
    workers: int = 1,
    batch_size: int = BATCH_SIZE,
    total: int | None = None,
    settings: dict[str, Any] | None = None,
    on_progress: ProgressCallback | None = None,
    on_problem: ProblemCallback | None = None,
) -> IngestSummary:
    """Store documents (and, with a coder, their events) idempotently and crash-safely.

    Args:
        con: an open store.
        items: documents and input problems, e.g. from ``ingest.sources.read_sources``.
        coder: codes new and stored-but-uncoded documents; None stores them uncoded.
        workers: parser processes for coding.
        batch_size: documents per transaction.
        total: the number of documents expected, for the progress callback.
        settings: options of the command, recorded with the run.
        on_progress: called with running counts as documents are done.
        on_problem: called with each skipped input as it is met.

    Example:
        >>> with connect("events.duckdb") as con:
        ...     summary = ingest(con, read_sources(["news/"]), coder=Coder())
    """
    stats = IngestStats(total=total)
    problems: list[Problem] = []
    run_id = start_run(con, "ingest", coder, settings)
    status = "interrupted"
    try:
        sourced = sourced_documents(items, stats, problems, on_problem)
        committed: list[str] = []
        works = _classify(con, sourced, coding=coder is not None, committed=committed)
        _run(con, run_id, works, coder, workers, batch_size, stats, on_progress, committed)
        _cluster(con, stats, on_progress)
        status = "finished"
    finally:
        finish_run(con, run_id, status)
    return _summary(run_id, stats, problems)


def sourced_documents(
    items: Iterable[SourcedDocument | InputProblem],
    stats: IngestStats,
    problems: list[Problem],
    on_problem: Callable[[Problem], None] | None = None,
) -> Iterator[SourcedDocument]:
    """The documents of ``items``; each input problem is counted, kept in ``problems`` and
    told to ``on_problem``."""
    for item in items:
        if isinstance(item, InputProblem):
            problem = Problem(path=item.path, line=item.line, message=item.message)
            problems.append(problem)
            stats.problems += 1
            if on_problem is not None:
                on_problem(problem)
        else:
            yield item


def recode(
    con: Connection,
    coder: Coder,
    *,
    everything: bool = False,
    workers: int = 1,
    batch_size: int = BATCH_SIZE,
    settings: dict[str, Any] | None = None,
    on_progress: ProgressCallback | None = None,
) -> IngestSummary:
    """Code stored documents again with the coder's dictionaries, replacing their events.

    By default only documents not yet coded, or coded with another coder or dictionary
    version, are coded, so an interrupted recode resumes where it stopped; ``everything``
    codes every document. Each batch replaces its documents' events in one transaction.

    Example:
        >>> recode(con, Coder(dictionaries=["my_dicts/"]), everything=True).events
        5230
    """
    ids = [
        str(row[0])
        for row in con.execute(
            "SELECT doc_id FROM documents d WHERE dataset = 'coded' "
            "AND NOT EXISTS (SELECT 1 FROM document_links l WHERE l.doc_id = d.doc_id) "
            "AND (? OR coded_run IS NULL OR coder_version IS DISTINCT FROM ? "
            "OR dictionary_version IS DISTINCT FROM ?) ORDER BY doc_id",
            [everything, _coder_version(coder), coder.lexicon.version],
        ).fetchall()
    ]
    stats = IngestStats(total=len(ids))
    run_id = start_run(con, "recode", coder, settings)
    status = "interrupted"
    try:
        works = (_Work("recode", doc.id, doc) for doc in stored_documents(con, ids, chunk=_CHUNK))
        _run(con, run_id, works, coder, workers, batch_size, stats, on_progress)
        _cluster(con, stats, on_progress)
        status = "finished"
    finally:
        finish_run(con, run_id, status)
    return _summary(run_id, stats, [])


def stored_documents(con: Connection, ids: Sequence[str], chunk: int = 256) -> Iterator[Document]:
    """Stored documents as ``Document`` records (id = content id), read in chunks."""
    for start in range(0, len(ids), chunk):
        part = list(ids[start : start + chunk])
        rows = con.execute(
            "SELECT doc_id, text, published, title, url, publisher FROM documents "
            "WHERE doc_id IN (SELECT unnest(?::VARCHAR[])) ORDER BY doc_id",
            [part],
        ).fetchall()
        for row in rows:
            yield Document(
                id=row[0], text=row[1], date=row[2], title=row[3], url=row[4], source=row[5]
            )


def start_run(
    con: Connection,
    kind: str,
    coder: Coder | None = None,
    settings: dict[str, Any] | None = None,
    dataset: str = "coded",
) -> int:
    """Record the start of a run (earlier runs left 'running' by a crash become
    'interrupted'); returns its id."""
    with transaction(con):
        con.execute("UPDATE coding_runs SET status = 'interrupted' WHERE status = 'running'")
        row = con.execute(
            "INSERT INTO coding_runs (run_id, kind, dataset, status, started_at, "
            "realpolitik_version, coder_version, dictionary_version, settings) "
            "VALUES (nextval('run_ids'), ?, ?, 'running', ?, ?, ?, ?, ?) RETURNING run_id",
            [
                kind,
                dataset,
                now(),
                __version__,
                _coder_version(coder) if coder else None,
                coder.lexicon.version if coder else None,
                json.dumps(settings or {}, default=str),
            ],
        ).fetchone()
    assert row is not None
    return int(row[0])


def finish_run(con: Connection, run_id: int, status: str = "finished") -> None:
    """Record the end of a run."""
    con.execute(
        "UPDATE coding_runs SET status = ?, finished_at = ? WHERE run_id = ?",
        [status, now(), run_id],
    )


def _coder_version(coder: Coder | None) -> str | None:
    """The coder's version with its English model's name and version."""
    return coder.version if coder is not None else None


def _summary(run_id: int, stats: IngestStats, problems: list[Problem]) -> IngestSummary:
    return IngestSummary(
        run_id=run_id,
        read=stats.read,
        new=stats.new,
        already_stored=stats.already_stored,
        near_duplicates=stats.near_duplicates,
        coded=stats.coded,
        sentences=stats.sentences,
        events=stats.events,
        problems=tuple(problems),
        seconds=round(stats.seconds, 3),
    )


# -- classification: stored, new, near-duplicate ------------------------------------------


def _classify(
    con: Connection,
    items: Iterable[SourcedDocument],
    *,
    coding: bool,
    committed: list[str] | None = None,
) -> Iterator[_Work]:
    """Decide for each document whether it is stored, new, a near-duplicate or pending.

    New documents are compared with those of the store and with the run's others, held in
    an index until they are stored: the writer lists in ``committed`` the new documents it
    has committed, and they leave the index before the next chunk is classified against
    the store (which finds them from then on), so memory stays bounded."""
    index = NearDuplicateIndex()
    seen: set[str] = set()
    chunk: list[SourcedDocument] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= _CHUNK:
            yield from _classify_chunk(con, chunk, index, seen, coding, committed)
            chunk = []
    if chunk:
        yield from _classify_chunk(con, chunk, index, seen, coding, committed)


def _classify_chunk(
    con: Connection,
    chunk: list[SourcedDocument],
    index: NearDuplicateIndex,
    seen: set[str],
    coding: bool,
    committed: list[str] | None,
) -> Iterator[_Work]:
    if committed:
        index.remove(committed)
        committed.clear()
    ids = [document_id(item.document.text) for item in chunk]
    stored = {
        row[0]: (bool(row[1]), bool(row[2]))
        for row in con.execute(
            "SELECT d.doc_id, d.coded_run IS NOT NULL, "
            "EXISTS (SELECT 1 FROM document_links l WHERE l.doc_id = d.doc_id) "
            "FROM documents d WHERE d.doc_id IN (SELECT unnest(?::VARCHAR[]))",
            [ids],
        ).fetchall()
    }
    pending = [
        doc_id
        for doc_id in dict.fromkeys(ids)
        if doc_id in stored and doc_id not in seen and coding and stored[doc_id] == (False, False)
    ]
    pending_documents = {doc.id: doc for doc in stored_documents(con, pending)}
    fresh = {
        doc_id: minhash(item.document.text)
        for doc_id, item in zip(ids, chunk, strict=True)
        if doc_id not in stored and doc_id not in seen
    }
    keyed = {doc_id: band_keys(signature) for doc_id, signature in fresh.items()}
    candidates = _stored_candidates(con, sorted({k for keys in keyed.values() for k in keys}))
    for doc_id, item in zip(ids, chunk, strict=True):
        if doc_id in seen or (doc_id in stored and doc_id not in pending_documents):
            yield _Work("stored", doc_id, item.document, item)
            continue
        seen.add(doc_id)
        if doc_id in pending_documents:
            yield _Work("pending", doc_id, pending_documents[doc_id], item)
            continue
        signature = fresh[doc_id]
        options = {d: s for key in keyed[doc_id] for d, s in candidates.get(key, ())}
        options.update({d: index.signatures[d] for d in index.candidates(signature)})
        match = best_match(signature, options.items())
        document = item.document.model_copy(update={"id": doc_id})
        if match is not None:
            yield _Work("copy", doc_id, document, item, signature, match[0], match[1])
        else:
            index.add(doc_id, signature)
            yield _Work("new", doc_id, document, item, signature)


def _stored_candidates(con: Connection, keys: list[int]) -> dict[int, list[tuple[str, Signature]]]:
    if not keys:
        return {}
    found: dict[int, list[tuple[str, Signature]]] = {}
    rows = con.execute(
        "SELECT b.band_key, b.doc_id, m.signature FROM document_bands b "
        "JOIN document_minhash m ON m.doc_id = b.doc_id "
        "WHERE b.band_key IN (SELECT unnest(?::BIGINT[]))",
        [keys],
    ).fetchall()
    for key, doc_id, signature in rows:
        found.setdefault(int(key), []).append((doc_id, np.array(signature, dtype=np.int64)))
    return found


# -- coding in input order, committing in batches -----------------------------------------


def _run(
    con: Connection,
    run_id: int,
    works: Iterable[_Work],
    coder: Coder | None,
    workers: int,
    batch_size: int,
    stats: IngestStats,
    on_progress: ProgressCallback | None,
    committed: list[str] | None = None,
) -> None:
    """Code and write the works in batches; the new documents of each committed batch are
    added to ``committed``."""
    versions = (_coder_version(coder), coder.lexicon.version if coder else None)
    checkpoint = _Checkpoint(con, stats, on_progress)
    batch: list[_Work] = []
    last_commit = time.perf_counter()
    for work in _coded(works, coder, workers):
        batch.append(work)
        _count(stats, work)
        if len(batch) >= batch_size or time.perf_counter() - last_commit > BATCH_SECONDS:
            write_batch(con, run_id, batch, versions, cluster=False)
            checkpoint.written(batch)
            if committed is not None:
                committed.extend(work.doc_id for work in batch if work.kind == "new")
            batch = []
            last_commit = time.perf_counter()
        if on_progress is not None:
            on_progress(stats)
    if batch:
        write_batch(con, run_id, batch, versions, cluster=False)
    if on_progress is not None:
        on_progress(stats)


class _Checkpoint:
    """When a run clusters the blocks it has queued (see ``CHECKPOINT_EVENTS``)."""

    def __init__(
        self, con: Connection, stats: IngestStats, on_progress: ProgressCallback | None
    ) -> None:
        self.con = con
        self.stats = stats
        self.on_progress = on_progress
        row = con.execute("SELECT count(*) FROM events").fetchone()
        self.clustered = int(row[0]) if row else 0
        self.pending = 0

    def written(self, batch: Sequence[_Work]) -> None:
        self.pending += sum(len(w.coded.events) for w in batch if w.coded is not None)
        if self.pending >= max(CHECKPOINT_EVENTS, self.clustered):
            _cluster(self.con, self.stats, self.on_progress)
            self.clustered += self.pending
            self.pending = 0


def _cluster(con: Connection, stats: IngestStats, on_progress: ProgressCallback | None) -> None:
    """Cluster the queued blocks, telling the progress callback before and after."""
    stats.clustering = True
    if on_progress is not None:
        on_progress(stats)
    cluster_queued(con)
    stats.clustering = False
    if on_progress is not None:
        on_progress(stats)


def _count(stats: IngestStats, work: _Work) -> None:
    stats.read += 1
    if work.kind in ("stored", "pending"):
        stats.already_stored += 1
    elif work.kind in ("new", "copy"):
        stats.new += 1
    if work.kind == "copy":
        stats.near_duplicates += 1
    if work.coded is not None:
        stats.coded += 1
        stats.sentences += work.coded.sentences
        stats.events += len({event.event_id for event in work.coded.events})


def _coded(works: Iterable[_Work], coder: Coder | None, workers: int) -> Iterator[_Work]:
    """The works in input order, those needing it coded; the coder streams (one pool of
    coding processes for the whole run, see ``coding.batches``) while the others pass
    through. A long document's parts are gathered into its coded document."""
    if coder is None:
        yield from works
        return
    from realpolitik.coding.batches import code_stream
    from realpolitik.coding.coder import join_parts

    queue: deque[_Work] = deque()

    def documents() -> Iterator[Document]:
        for work in works:
            queue.append(work)
            if work.needs_coding:
                yield work.document

    parts: list[CodedDocument] = []
    stream = code_stream(documents(), coder, workers=workers)
    try:
        for coded in stream:
            parts.append(coded)
            if not coded.complete:
                continue
            while queue:
                work = queue.popleft()
                if work.needs_coding:
                    work.coded = join_parts(work.document, parts)
                    yield work
                    break
                yield work
            parts = []
        yield from queue
    finally:
        stream.close()  # ends the coding processes at once, also on an interrupt


def write_batch(
    con: Connection,
    run_id: int,
    batch: Sequence[_Work],
    versions: tuple[str | None, str | None] = (None, None),
    *,
    cluster: bool = True,
) -> None:
    """Write one batch of documents, links, events and clusters (or, without ``cluster``,
    the blocks to cluster) in one transaction."""
    with transaction(con):
        store_batch(con, run_id, batch, versions, cluster=cluster)


def store_batch(
    con: Connection,
    run_id: int,
    batch: Sequence[_Work],
    versions: tuple[str | None, str | None] = (None, None),
    *,
    cluster: bool = True,
) -> None:
    """Write one batch of documents, links, events and clusters inside the caller's
    transaction (several batches can so be stored all or none, as a Dask run loads them).

    Without ``cluster`` the blocks the batch touches are queued instead, for
    ``clusters.cluster_queued`` to cluster later: a long run so clusters a block once per
    checkpoint rather than once per batch."""
    stamp = now()
    documents: list[dict[str, Any]] = []
    minhashes: list[dict[str, Any]] = []
    bands: list[dict[str, Any]] = []
    links: list[dict[str, Any]] = []
    events: dict[str, dict[str, Any]] = {}
    recoded: list[dict[str, Any]] = []
    for work in batch:
        if work.kind == "stored":
            continue
        coded = work.coded
        if work.kind in ("new", "copy") and work.sourced is not None:
            documents.append(_document_row(work, run_id, stamp, versions))
        if work.kind == "new" and work.signature is not None:
            minhashes.append({"doc_id": work.doc_id, "signature": work.signature.tolist()})
            bands.extend({"band_key": k, "doc_id": work.doc_id} for k in band_keys(work.signature))
        if work.kind == "copy":
            links.append(
                {
                    "doc_id": work.doc_id,
                    "original_doc_id": work.original,
                    "relation": "near_duplicate",
                    "similarity": work.similarity,
                }
            )
        if coded is not None:
            if work.kind != "new":
                recoded.append(_coded_fields(work, run_id, versions))
            for event in coded.events:
                row = event_row(event)
                row.update(
                    dataset="coded",
                    original_id=None,
                    url=work.document.url,
                    run_id=run_id,
                    cluster_id=event.event_id,
                    extra=None,
                )
                events.setdefault(event.event_id, row)
    replaced = [r["doc_id"] for r in recoded]
    copied_from = sorted({str(link["original_doc_id"]) for link in links})
    insert_rows(con, "documents", DOCUMENT_COLUMNS, documents, anti_join="t.doc_id = r.doc_id")
    insert_rows(
        con,
        "document_minhash",
        {"doc_id": "VARCHAR", "signature": "UINTEGER[]"},
        minhashes,
        anti_join="t.doc_id = r.doc_id",
    )
    insert_rows(con, "document_bands", {"band_key": "BIGINT", "doc_id": "VARCHAR"}, bands)
    insert_rows(
        con,
        "document_links",
        {
            "doc_id": "VARCHAR",
            "original_doc_id": "VARCHAR",
            "relation": "VARCHAR",
            "similarity": "DOUBLE",
        },
        links,
        anti_join="t.doc_id = r.doc_id AND t.original_doc_id = r.original_doc_id",
    )
    blocks: set[BlockKey] = set()
    blocks.update(_blocks_of_documents(con, replaced + copied_from))
    if replaced:
        con.execute(
            "DELETE FROM events WHERE dataset = 'coded' "
            "AND doc_id IN (SELECT unnest(?::VARCHAR[]))",
            [replaced],
        )
        _update_coded(con, recoded)
    insert_rows(con, "events", EVENT_COLUMNS, list(events.values()))
    blocks.update(block_of(row) for row in events.values())
    if cluster:
        recluster(con, blocks)
    else:
        queue_blocks(con, blocks)
    con.execute(
        "UPDATE coding_runs SET documents = documents + ?, events = events + ? WHERE run_id = ?",
        [len(documents) + len(recoded), len(events), run_id],
    )


def _document_row(
    work: _Work, run_id: int, stamp: Any, versions: tuple[str | None, str | None]
) -> dict[str, Any]:
    sourced = work.sourced
    assert sourced is not None
    original = sourced.document
    row: dict[str, Any] = {
        "doc_id": work.doc_id,
        "dataset": "coded",
        "original_id": original.id,
        "url": original.url,
        "title": original.title,
        "publisher": original.source,
        "published": original.date,
        "language": sourced.language,
        "text": original.text,
        "chars": len(original.text),
        "origin": sourced.origin,
        "ingested_at": stamp,
        "ingest_run": run_id,
        "coded_run": None,
        "coder_version": None,
        "dictionary_version": None,
        "sentences": None,
        "events": None,
    }
    if work.coded is not None:
        row.update(_coded_fields(work, run_id, versions))
    return row


def _coded_fields(
    work: _Work, run_id: int, versions: tuple[str | None, str | None]
) -> dict[str, Any]:
    coded = work.coded
    assert coded is not None
    return {
        "doc_id": work.doc_id,
        "coded_run": run_id,
        "coder_version": versions[0],
        "dictionary_version": versions[1],
        "sentences": coded.sentences,
        "events": len(coded.events),
    }


def _update_coded(con: Connection, rows: list[dict[str, Any]]) -> None:
    columns = {
        "doc_id": "VARCHAR",
        "coded_run": "INTEGER",
        "coder_version": "VARCHAR",
        "dictionary_version": "VARCHAR",
        "sentences": "INTEGER",
        "events": "INTEGER",
    }
    con.execute(
        "CREATE OR REPLACE TEMP TABLE _coded (doc_id VARCHAR, coded_run INTEGER, "
        "coder_version VARCHAR, dictionary_version VARCHAR, sentences INTEGER, events INTEGER)"
    )
    insert_rows(con, "_coded", columns, rows)
    con.execute(
        "UPDATE documents SET coded_run = c.coded_run, coder_version = c.coder_version, "
        "dictionary_version = c.dictionary_version, sentences = c.sentences, events = c.events "
        "FROM _coded c WHERE documents.doc_id = c.doc_id"
    )
    con.execute("DROP TABLE _coded")


def _blocks_of_documents(con: Connection, doc_ids: list[str]) -> set[BlockKey]:
    if not doc_ids:
        return set()
    rows = con.execute(
        "SELECT DISTINCT dataset, source, target, coalesce(root, left(code, 2)), modality "
        "FROM events WHERE doc_id IN (SELECT unnest(?::VARCHAR[]))",
        [doc_ids],
    ).fetchall()
    return {(r[0], r[1], r[2], r[3], r[4]) for r in rows}
