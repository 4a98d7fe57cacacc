"""The store the server owns: one DuckDB connection for the life of the process, a cursor of
its own for each request (DuckDB cursors may run in parallel threads), a lock around writes,
so that one process is the store's only writer, and the answers kept until the next write."""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from realpolitik.store import connect
from realpolitik.store.db import Connection

T = TypeVar("T")


class ServedStore:
    """The store of a running server; ``threads``: DuckDB threads a query may use.

    Example:
        >>> served = ServedStore(Path("events.duckdb"))
        >>> with served.reading() as con:
        ...     con.execute("SELECT count(*) FROM events").fetchone()
        >>> served.remember(("count",), lambda: 42)
        42
    """

    IDLE_CURSORS = 8
    """Cursors kept between requests (each keeps what ``analysis.scope.prepare`` put on it)."""
    ANSWERS = 256
    """Answers ``remember`` keeps, the least recently asked for going first."""

    def __init__(self, path: Path, *, create: bool = False, threads: int | None = None) -> None:
        self.path = path
        self._con = connect(path, create=create)
        # A server answers requests side by side: each query gets half the cores (at least
        # one), and requests share the rest, rather than every query contending for all.
        threads = threads or max(1, (os.cpu_count() or 2) // 2)
        self._con.execute(f"SET threads = {int(threads)}")
        self._write = threading.Lock()
        self._state = threading.Lock()
        self._idle: list[Connection] = []
        # Odd while a write is under way; a write adds 1 as it begins and 1 as it ends.
        self._writes = 0
        self._answers: OrderedDict[Hashable, Any] = OrderedDict()

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        """A cursor of the store's connection for one request."""
        with self._state:
            cursor = self._idle.pop() if self._idle else None
        if cursor is None:
            cursor = self._con.cursor()
        try:
            yield cursor
        except BaseException:
            # a cursor left in an unknown state (a result half read, an error) is not reused
            cursor.close()
            raise
        with self._state:
            if len(self._idle) < self.IDLE_CURSORS:
                self._idle.append(cursor)
                return
        cursor.close()

    @contextmanager
    def writing(self) -> Iterator[Connection]:
        """The store for one write, one writer at a time; it forgets every answer kept."""
        with self._write:
            with self._state:
                self._writes += 1
                self._answers.clear()
            cursor = self._con.cursor()
            try:
                yield cursor
            finally:
                cursor.close()
                with self._state:
                    self._writes += 1
                    self._answers.clear()

    def remember(self, key: Hashable, answer: Callable[[], T]) -> T:
        """The answer to a question (``key`` names it and every parameter), computed by
        ``answer`` once and then kept until the store's next write.

        An answer computed while a write was under way, or begun before one, is not kept:
        it may hold the store as it was before the write.
        """
        with self._state:
            writes = self._writes
            if key in self._answers:
                self._answers.move_to_end(key)
                found: T = self._answers[key]
                return found
        value = answer()
        with self._state:
            if writes % 2 == 0 and self._writes == writes:
                self._answers[key] = value
                while len(self._answers) > self.ANSWERS:
                    self._answers.popitem(last=False)
        return value

    def close(self) -> None:
        with self._state:
            idle, self._idle = self._idle, []
        for cursor in idle:
            cursor.close()
        self._con.close()
