"""A real store file with a planted shift, and connections to it."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

# the inline store rows of the analysis tests
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "analysis"))

from analysis_store import fill
from report_store import planted_rows

from realpolitik.report import Report, ReportRequest, build_report, write_html
from realpolitik.store import connect
from realpolitik.store.db import Connection


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The planted store file (written once per test module)."""
    path = tmp_path_factory.mktemp("store") / "planted.duckdb"
    con = connect(path, create=True)
    try:
        fill(con, planted_rows())
    finally:
        con.close()
    return path


@pytest.fixture
def con(store_path: Path) -> Iterator[Connection]:
    """A read-only connection to the planted store."""
    connection = connect(store_path, read_only=True)
    yield connection
    connection.close()


@pytest.fixture(scope="module")
def report(store_path: Path) -> Report:
    """The report of the planted store for RUS, ARM and AZE, default dyads and periods."""
    connection = connect(store_path, read_only=True)
    try:
        return build_report(connection, ReportRequest(actors=("RUS", "ARM", "AZE")))
    finally:
        connection.close()


@pytest.fixture(scope="module")
def page_path(report: Report, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The report written as HTML."""
    return write_html(report, tmp_path_factory.mktemp("page") / "report.html")
