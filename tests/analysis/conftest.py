"""A real store file filled with events written inline, for analyses with known answers."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from analysis_store import fill

from realpolitik.store import connect
from realpolitik.store.db import Connection


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Callable[[list[dict[str, Any]]], Connection]]:
    """Build a store file from rows; yields a function returning an open connection."""
    opened: list[Connection] = []

    def build(rows: list[dict[str, Any]]) -> Connection:
        path = tmp_path / f"store{len(opened)}.duckdb"
        con = connect(path, create=True)
        fill(con, rows)
        opened.append(con)
        return con

    yield build
    for con in opened:
        con.close()
