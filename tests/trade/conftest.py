"""A real store file for the trade tests, and trade files written inline."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from realpolitik.store import connect
from realpolitik.store.db import Connection


@pytest.fixture
def con(tmp_path: Path) -> Iterator[Connection]:
    """A fresh store file."""
    connection = connect(tmp_path / "trade.duckdb", create=True)
    yield connection
    connection.close()


@pytest.fixture
def write(tmp_path: Path) -> Callable[[str, str], Path]:
    """Write a file of the given name and text into the test's folder."""

    def make(name: str, text: str) -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return make
