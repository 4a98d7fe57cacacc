"""The store the server owns: one DuckDB connection for the life of the process, a cursor of
its own for each request (DuckDB cursors may run in parallel threads), and a lock around
writes, so that one process is the store's only writer."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from realpolitik.store import connect
from realpolitik.store.db import Connection


class ServedStore:
    """The store of a running server.

    Example:
        >>> served = ServedStore(Path("events.duckdb"))
        >>> with served.reading() as con:
        ...     con.execute("SELECT count(*) FROM events").fetchone()
    """

    def __init__(self, path: Path, *, create: bool = False) -> None:
        self.path = path
        self._con = connect(path, create=create)
        self._write = threading.Lock()

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        """A cursor of the store's connection for one request."""
        cursor = self._con.cursor()
        try:
            yield cursor
        finally:
            cursor.close()

    @contextmanager
    def writing(self) -> Iterator[Connection]:
        """The store for one write, one writer at a time."""
        with self._write:
            cursor = self._con.cursor()
            try:
                yield cursor
            finally:
                cursor.close()

    def close(self) -> None:
        self._con.close()
