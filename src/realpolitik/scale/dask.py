"""Ingest with the coding done on a Dask cluster (``realpolitik ingest --dask ADDRESS``).

This process reads the documents and classifies them against the store (stored, new,
near-duplicate: that needs the store), then cuts the documents to code into partitions in
input order and submits one task per partition, a bounded number ahead of the one being
loaded (so that this process and the scheduler hold only the documents in flight). A task
codes its documents with the worker's coder, loaded once per worker process, and writes
them to ``<scratch>/<name>.parquet``, the name a hash of the partition's documents and of
the coder's versions and dictionaries: a task retried after its worker died writes the same
file again (to a temporary name, then renamed), and a run started again after a crash finds
the partitions already coded. The store loads the partitions in input order as they are
coded, all in one transaction, with the rows a one-process run writes, ids included.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from realpolitik.errors import Errors, RealpolitikError, StoreError
from realpolitik.ingest.readers import InputProblem
from realpolitik.ingest.records import SourcedDocument
from realpolitik.records import Document
from realpolitik.store.parquet import (
    PartitionSummary,
    load_partitions,
    partition_summary,
    write_partition,
)
from realpolitik.store.pipeline import (
    BATCH_SIZE,
    IngestStats,
    _classify,
    _count,
    _summary,
    _Work,
    finish_run,
    sourced_documents,
    start_run,
)
from realpolitik.store.records import IngestSummary, Problem

if TYPE_CHECKING:
    from distributed import Client, Future

    from realpolitik.coding.coder import Coder
    from realpolitik.store.db import Connection

PARTITION_SIZE = 100
# Seconds to wait for a scheduler before saying it cannot be reached.
CONNECT_SECONDS = 10.0
# Retries of a task that raised (a worker that dies is retried by the scheduler anyway,
# up to its ``distributed.scheduler.allowed-failures``).
RETRIES = 2
LOCAL = "local"

ProgressCallback = Callable[[IngestStats], None]
ProblemCallback = Callable[[Problem], None]


@dataclass(frozen=True)
class Partition:
    """Documents coded by one task, the ``number``-th of the run."""

    number: int
    documents: tuple[Document, ...]


@dataclass(frozen=True)
class CodedPartition:
    """What a task reports: its file and counts, and the worker that wrote it."""

    name: str
    summary: PartitionSummary
    worker: str | None


def ingest_on_dask(
    con: Connection,
    items: Iterable[SourcedDocument | InputProblem],
    *,
    scheduler: str,
    scratch: str | Path,
    workers: int = 1,
    dictionaries: Sequence[str | Path] = (),
    partition_size: int = PARTITION_SIZE,
    batch_size: int = BATCH_SIZE,
    total: int | None = None,
    settings: dict[str, Any] | None = None,
    on_progress: ProgressCallback | None = None,
    on_problem: ProblemCallback | None = None,
) -> IngestSummary:
    """Store documents and their events like ``store.ingest``, coding on a Dask cluster.

    The coder is loaded on the workers only (once per worker process): this process reads,
    classifies and loads, and needs no language model.

    Args:
        con: an open store.
        items: documents and input problems, e.g. from ``ingest.sources.read_sources``.
        scheduler: a Dask scheduler address (``tcp://host:8786``), or ``"local"`` for a
            ``LocalCluster`` of ``workers`` processes on this machine.
        scratch: the directory of the partition files; on a cluster, one that this
            process and every worker see at the same path (else the files are fetched
            from the workers that wrote them).
        workers: worker processes of a ``"local"`` cluster.
        dictionaries: extra dictionary files or directories, which each worker loads.
        partition_size: documents per task.
        batch_size: documents per batch of the final load (all in one transaction).
        total: the number of documents expected, for the progress callback.
        settings: options of the command, recorded with the run.
        on_progress: called with running counts as partitions are coded and loaded.
        on_problem: called with each skipped input as it is met.

    Raises:
        StoreError: E316 when the scheduler cannot be reached, E319 when a partition
            cannot be coded, E320 when the workers' coders differ.

    Example:
        >>> with connect("events.duckdb") as con:
        ...     ingest_on_dask(con, read_sources(["news/"]), scheduler="local", workers=2,
        ...                    scratch="events.partitions")
    """
    extra = tuple(str(Path(d).resolve()) for d in dictionaries)
    root = Path(scratch).resolve()
    stats = IngestStats(total=total)
    problems: list[Problem] = []
    loaded: list[str] = []
    run_id = start_run(con, "ingest", None, settings)
    status = "interrupted"
    try:
        if scheduler == LOCAL:
            worker_coder(extra)  # the local workers are forked with it
        with dask_client(scheduler, workers) as client:
            # the partitions' files are named by the coder's versions: wait for them
            versions = _recorded(con, run_id, _worker_versions(client, extra))
            committed: list[str] = []
            sourced = sourced_documents(items, stats, problems, on_problem)
            classified = partitions(
                _classify(con, sourced, coding=True, committed=committed), partition_size
            )
            flow = _Flow(client, classified, _coder_key(versions, extra), root, extra)
            # the partitions are loaded in order as they are coded, all in one transaction
            for stored in load_partitions(
                con, run_id, flow.works(partition_size, _ahead(client)),
                flow.files(versions, loaded), versions=versions, batch_size=batch_size,
                committed=committed,
            ):  # fmt: skip
                _count(stats, stored)
                if on_progress is not None:
                    on_progress(stats)
        status = "finished"
    finally:
        finish_run(con, run_id, status)
    if status == "finished":
        _remove(root, loaded)
    return _summary(run_id, stats, problems)


def partitions(works: Iterable[_Work], size: int) -> Iterator[_Work | Partition]:
    """The works in input order and, after the one that completes it, each partition: the
    documents needing coding cut into runs of ``size``, in input order.

    Example:
        >>> [len(p.documents) for p in partitions(works, 100) if isinstance(p, Partition)]
        [100, 100, 37]
    """
    pending: list[Document] = []
    number = 0
    for work in works:
        yield work
        if work.needs_coding:
            pending.append(work.document)
            if len(pending) >= size:
                yield Partition(number, tuple(pending))
                number += 1
                pending = []
    if pending:
        yield Partition(number, tuple(pending))


def partition_name(documents: Sequence[Document], key: str) -> str:
    """The hash of a partition's documents (ids, texts, dates, titles...) and coder.

    Example:
        >>> partition_name([Document(id="d1", text="Russia warned Ukraine.")], "v1")[:8]
        '9e1f0c2a'
    """
    digest = hashlib.blake2b(key.encode(), digest_size=16)
    for document in documents:
        digest.update(b"\0")
        digest.update(document.model_dump_json().encode())
    return digest.hexdigest()


def code_partition(
    documents: Sequence[Document], name: str, scratch: str, dictionaries: tuple[str, ...]
) -> CodedPartition:
    """The task: code a partition's documents and write them to ``<scratch>/<name>.parquet``.

    A partition whose file is already there, whole, is not coded again."""
    path = Path(scratch) / f"{name}.parquet"
    done = partition_summary(path)
    if done is not None and done.documents == len(documents):
        return CodedPartition(name, done, _worker_address())
    from realpolitik.coding.batches import code_batch

    coder = worker_coder(dictionaries)
    with _coding:
        coded = code_batch(documents, coder.options)  # the one place a task codes
    summary = write_partition(path, coded, (coder.version, coder.lexicon.version))
    return CodedPartition(name, summary, _worker_address())


_loading = threading.Lock()
# one partition at a time per worker process, whatever its thread count: the spaCy
# pipeline is not made for concurrent use
_coding = threading.Lock()


def worker_coder(dictionaries: tuple[str, ...]) -> Coder:
    """The coder of this worker process, loaded on first use and kept for its life."""
    with _loading:
        return _loaded_coder(dictionaries)


def _loaded_coder(dictionaries: tuple[str, ...]) -> Coder:
    from realpolitik.coding.batches import coder_for
    from realpolitik.coding.coder import CoderOptions

    return coder_for(CoderOptions(dictionaries=dictionaries))


async def _loaded_versions(dictionaries: tuple[str, ...]) -> tuple[str, str]:
    """Load the worker's coder (off the worker's event loop); its versions."""
    coder = await asyncio.to_thread(worker_coder, dictionaries)
    return coder.version, coder.lexicon.version


def read_file(path: str) -> bytes:
    """A task: the bytes of a partition file, for a client that does not see the worker's
    scratch directory."""
    return Path(path).read_bytes()


@contextmanager
def dask_client(scheduler: str, workers: int = 1) -> Iterator[Client]:
    """A Dask client: of a new ``LocalCluster`` of ``workers`` single-threaded processes for
    ``"local"``, else connected to the scheduler at that address.

    Raises:
        StoreError: E316 when the scheduler cannot be reached.

    Example:
        >>> with dask_client("local", workers=2) as client:
        ...     len(client.scheduler_info()["workers"])
        2
    """
    import dask
    from distributed import Client, LocalCluster

    if scheduler == LOCAL:
        # the workers' sampling profiler takes the GIL from the coding every few ms; forked
        # (as spaCy forks its parser processes), the workers start with what this process
        # has loaded: the coder, if it is loaded first (``ingest_on_dask`` does)
        local = {
            "distributed.worker.profile.enabled": False,
            "distributed.worker.multiprocessing-method": "fork",
        }
        with dask.config.set(local):
            cluster = LocalCluster(
                n_workers=max(1, workers),
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                silence_logs=logging.ERROR,
            )
        try:
            with Client(cluster) as client:
                from realpolitik.scale.local import DieWithParent

                client.register_plugin(DieWithParent())
                yield client
        finally:
            cluster.close()
        return
    try:
        client = Client(scheduler, timeout=CONNECT_SECONDS)
    except (OSError, TimeoutError, ValueError, TypeError) as err:
        reason = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
        raise StoreError(Errors.E316.format(address=scheduler, reason=reason)) from None
    try:
        yield client
    finally:
        client.close()


def _submit(
    client: Client, partition: Partition, key: str, root: Path, dictionaries: tuple[str, ...]
) -> Future[CodedPartition]:
    name = partition_name(partition.documents, key)
    return client.submit(
        code_partition,
        list(partition.documents),
        name,
        str(root),
        dictionaries,
        key=f"realpolitik-partition-{name}",
        retries=RETRIES,
        pure=False,
    )


def _worker_versions(client: Client, dictionaries: tuple[str, ...]) -> tuple[str, str]:
    """The coder and dictionary versions of the workers, once each has loaded its coder.

    Raises:
        StoreError: E320 when the workers disagree.
    """
    client.wait_for_workers(1)
    found: dict[str, tuple[str, str]] = client.run(_loaded_versions, dictionaries)
    distinct = sorted(set(found.values()))
    if len(distinct) > 1:
        worker = next(w for w, v in found.items() if v == distinct[-1])
        theirs, ours = distinct[-1], distinct[0]
        raise StoreError(
            Errors.E320.format(worker=worker, theirs=" / ".join(theirs), ours=" / ".join(ours))
        )
    return distinct[0]


def _recorded(con: Connection, run_id: int, versions: tuple[str, str]) -> tuple[str, str]:
    """Record the coder's versions with the run (known once the workers have loaded it)."""
    con.execute(
        "UPDATE coding_runs SET coder_version = ?, dictionary_version = ? WHERE run_id = ?",
        [*versions, run_id],
    )
    return versions


class _Flow:
    """Classified documents on their way to the store: partitions are submitted a bounded
    number ahead of the one being loaded, so that this process and the scheduler hold only
    the documents in flight, whatever the size of the corpus."""

    def __init__(
        self,
        client: Client,
        classified: Iterator[_Work | Partition],
        key: str,
        root: Path,
        dictionaries: tuple[str, ...],
    ) -> None:
        self.client = client
        self.classified = classified
        self.key = key
        self.root = root
        self.dictionaries = dictionaries
        self.futures: deque[Future[CodedPartition]] = deque()
        self.submitted = 0

    def works(self, size: int, ahead: int) -> Iterator[_Work]:
        """The works in input order; before each, the partition it belongs to and the
        ``ahead - 1`` after it are submitted (or the input is done)."""
        buffer: deque[_Work] = deque()
        coding = 0  # works needing coding handed on so far
        exhausted = False
        while True:
            while not exhausted and (not buffer or self.submitted < coding // size + ahead):
                item = next(self.classified, None)
                if item is None:
                    exhausted = True
                elif isinstance(item, Partition):
                    self.futures.append(
                        _submit(self.client, item, self.key, self.root, self.dictionaries)
                    )
                    self.submitted += 1
                else:
                    buffer.append(item)
            if not buffer:
                return
            work = buffer.popleft()
            coding += work.needs_coding
            yield work

    def files(self, versions: tuple[str, str], loaded: list[str]) -> Iterator[str]:
        """The partition files in input order, each once its task is done, checked and the
        file here; the names of those given are added to ``loaded``."""
        try:
            while self.futures:
                future = self.futures[0]
                name = str(future.key).removeprefix("realpolitik-partition-")
                try:
                    coded = future.result()
                except RealpolitikError:
                    raise
                except Exception as err:
                    text = str(err).strip()
                    reason = text.splitlines()[0] if text else repr(err)
                    raise StoreError(
                        Errors.E319.format(
                            name=name, retries=RETRIES, reason=reason, scratch=self.root
                        )
                    ) from None
                theirs = (coded.summary.coder_version, coded.summary.dictionary_version)
                if theirs != versions:
                    raise StoreError(
                        Errors.E320.format(
                            worker=coded.worker, theirs=" / ".join(map(str, theirs)),
                            ours=" / ".join(versions),
                        )
                    )  # fmt: skip
                _fetch(self.client, coded)
                loaded.append(name)
                self.futures.popleft()  # the scheduler forgets the task and its documents
                yield coded.summary.path
        except BaseException:
            with suppress(Exception):
                self.client.cancel(list(self.futures))
            raise


def _ahead(client: Client) -> int:
    """Partitions in flight: two per worker thread, so that none waits for work."""
    threads = sum(int(w.get("nthreads", 1)) for w in client.scheduler_info()["workers"].values())
    return max(2, 2 * threads)


def _fetch(client: Client, coded: CodedPartition) -> None:
    """Bring a partition file here from the worker that wrote it, if this process does not
    see it (a scratch directory that is not shared)."""
    target = Path(coded.summary.path)
    if target.is_file():
        return
    content = client.submit(
        read_file,
        str(target),
        workers=[coded.worker] if coded.worker else None,
        allow_other_workers=False,
        pure=False,
    ).result()
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.{time.time_ns()}.tmp")
    temporary.write_bytes(content)
    temporary.replace(target)


def _remove(root: Path, names: Iterable[str]) -> None:
    """Remove the loaded partition files, and what killed tasks left half-written."""
    for name in names:
        with suppress(OSError):
            (root / f"{name}.parquet").unlink()
        for leftover in root.glob(f".{name}.parquet.*.tmp"):
            with suppress(OSError):
                leftover.unlink()
    with suppress(OSError):
        root.rmdir()  # only if nothing else is left in it


def _coder_key(versions: tuple[str, str], dictionaries: tuple[str, ...]) -> str:
    """The coder's versions and the contents of its extra dictionaries."""
    digest = hashlib.blake2b(repr(versions).encode(), digest_size=16)
    for dictionary in dictionaries:
        path = Path(dictionary)
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for file in files:
            digest.update(str(file).encode())
            with suppress(OSError):
                digest.update(file.read_bytes())
    return digest.hexdigest()


def _worker_address() -> str | None:
    from distributed import get_worker

    try:
        return str(get_worker().address)
    except ValueError:
        return None
