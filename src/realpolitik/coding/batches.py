"""Code documents in batches, in this process or in a pool of coding processes.

``code_batch`` is the unit of work: a batch of documents in, their coded documents out, in
order, with the coder of this process (built once per process from ``CoderOptions``). A
local pool (``code_stream``) or a cluster scheduler calls it per batch or partition; the
result of a document never depends on the batch or the process that coded it.

``code_stream`` cuts long documents into parts (``document_parts``), groups parts into
tasks of a fixed size, and codes the tasks in ``workers`` processes, each of which parses
AND codes (only events travel back), keeping a bounded number of tasks in flight so that
memory stays flat whatever the length of the input. Worker processes ignore Ctrl-C (the
parent ends them) and, on Linux, get SIGKILL when the parent dies.
"""

from __future__ import annotations

import ctypes
import itertools
import multiprocessing
import multiprocessing.context
import multiprocessing.pool
import os
import signal
import sys
from collections import deque
from collections.abc import Generator, Iterable, Iterator, Sequence

from realpolitik.coding.coder import (
    PART_CHARS,
    CodedDocument,
    Coder,
    CoderOptions,
    DocumentPart,
    document_parts,
    renumbered,
)
from realpolitik.records import Document

# Parts per task: small enough to keep both cores busy to the end of a run, large enough
# that the parser's batches stay full. Tasks are cut the same way for any number of
# workers, so the parser sees the same batches and the results are identical.
TASK_PARTS = 32
# Tasks in flight per worker: one being coded, one queued, so that no worker waits.
_IN_FLIGHT = 2

_coders: dict[CoderOptions, Coder] = {}
# The coder a forked worker inherits from its parent (no loading at all).
_inherited: list[Coder] = []


def default_workers() -> int:
    """The number of cores this process may run on.

    Example:
        >>> default_workers() >= 1
        True
    """
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def coder_for(options: CoderOptions) -> Coder:
    """The coder of this process for these options, built on first use."""
    coder = _coders.get(options)
    if coder is None:
        coder = _coders[options] = options.build()
    return coder


def code_batch(
    documents: Sequence[Document], options: CoderOptions | None = None, *, explain: bool = False
) -> list[CodedDocument]:
    """Code one batch of documents in this process; the coded documents come back in order.

    The coder for ``options`` is loaded once per process and kept, so calling this per
    batch (or per partition of a cluster job) pays the model's start-up once.

    Args:
        documents: the documents of the batch.
        options: the dictionaries and model to code with (default: the packaged ones).
        explain: also return, per event id, the parse path and rules behind it.

    Example:
        >>> [len(c.events) for c in code_batch([Document(id="a", text="Russia left.")])]
        [0]
    """
    coder = coder_for(options or CoderOptions())
    return list(coder.code_documents(documents, explain=explain))


def code_stream(
    documents: Iterable[Document],
    coder: Coder,
    *,
    workers: int = 1,
    task_parts: int = TASK_PARTS,
    explain: bool = False,
) -> Generator[CodedDocument, None, None]:
    """Code a stream of documents in ``workers`` processes; yields coded PARTS in input
    order (``complete`` marks a document's last part; short documents are one part), with
    sentence indices counted from the start of their document.

    Events of a long document come out part by part, as its parts are done; use
    ``join_parts`` to gather a document's parts. The output is the same for any number
    of workers.

    Example:
        >>> for coded in code_stream(read_paths(["news/"]), Coder(), workers=2):
        ...     print(coded.document.id, coded.part, len(coded.events))
    """
    parts = (part for document in documents for part in document_parts(document))
    tasks = _tasks(parts, task_parts)
    first = list(itertools.islice(tasks, 2))
    tasks = itertools.chain(first, tasks)
    coded: Iterator[CodedDocument]
    if workers <= 1 or len(first) < 2:
        # one task is not worth starting processes for
        coded = (c for task in tasks for c in coder.code_parts(task, explain=explain))
    else:
        coded = _pooled(tasks, coder, workers, explain)
    yield from renumbered(coded)


def _tasks(parts: Iterable[DocumentPart], size: int) -> Iterator[list[DocumentPart]]:
    """Parts in groups of ``size``; a long document's parts (of PART_CHARS each) go one
    to a group, so that they spread over the workers."""
    task: list[DocumentPart] = []
    chars = 0
    for part in parts:
        task.append(part)
        chars += len(part.document.text)
        if len(task) >= size or chars >= PART_CHARS:
            yield task
            task, chars = [], 0
    if task:
        yield task


def _pooled(
    tasks: Iterator[list[DocumentPart]], coder: Coder, workers: int, explain: bool
) -> Iterator[CodedDocument]:
    methods = multiprocessing.get_all_start_methods()
    context: multiprocessing.context.BaseContext
    if "fork" in methods:
        # a forked worker shares the parent's loaded coder: nothing to load
        context = multiprocessing.get_context("fork")
        _inherited[:] = [coder]
        options = None
    else:
        if coder.options is None:
            raise ValueError("a coder built from ready objects can only be shared by forking")
        context = multiprocessing.get_context("spawn")
        options = coder.options
    pool = context.Pool(workers, initializer=_start_worker, initargs=(os.getpid(), options))
    try:
        pending: deque[multiprocessing.pool.AsyncResult[list[CodedDocument]]] = deque()
        for task in tasks:
            pending.append(pool.apply_async(_code_task, (task, explain)))
            if len(pending) >= workers * _IN_FLIGHT:
                yield from pending.popleft().get()
        while pending:
            yield from pending.popleft().get()
        pool.close()
    finally:
        pool.terminate()
        pool.join()
        _inherited.clear()


_worker_coder: list[Coder] = []


def _start_worker(parent: int, options: CoderOptions | None) -> None:
    """Set up a coding process: die with the parent, leave Ctrl-C to it, get the coder."""
    die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    coder = _inherited[0] if options is None else coder_for(options)
    _worker_coder[:] = [coder]


def _code_task(parts: list[DocumentPart], explain: bool) -> list[CodedDocument]:
    return list(_worker_coder[0].code_parts(parts, explain=explain))


def die_with_parent(parent: int) -> None:
    """Have the kernel send this process SIGKILL when its parent ``parent`` dies (Linux);
    exit at once if it is dead already."""
    if sys.platform != "linux":
        return
    pr_set_pdeathsig = 1
    ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # the parent died before the signal was set up
        os._exit(1)
