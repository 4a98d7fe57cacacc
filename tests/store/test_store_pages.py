"""Pages of events (a filter with a ``limit``) read up to their last row's date only: they
must hold exactly the rows the whole ordered listing holds at their place, whatever the
ties on a date, the undated rows, the order, the cursor, the clusters or the filters."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "analysis"))

from analysis_store import event, fill

from realpolitik.store import EventFilter, connect, select_events
from realpolitik.store.db import Connection
from realpolitik.store.query import events_query, page_edge, where

ACTORS = ("RUS", "RUSGOV", "ARM", "ARMGOV", "AZE", "RU", "RUT", "ARMY")


@pytest.fixture(scope="module")
def con(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Connection]:
    path = tmp_path_factory.mktemp("pages") / "events.duckdb"
    made = connect(path, create=True)
    rows = []
    for n in range(400):
        # few dates, so that many rows share one; one row in nine undated
        day = None if n % 9 == 0 else dt.date(2020, 1 + n % 5, 1 + n % 3)
        source, target = ACTORS[n % len(ACTORS)], ACTORS[n // len(ACTORS) % len(ACTORS)]
        code = ("190", "193", "111", "042", "19", "1")[n % 6]
        # every third row is a second mention of the cluster of the row before it
        cluster = f"p{n - 1:04d}" if n % 3 == 2 else None
        rows.append(event(day, source, target, -1.0, code=code, event_id=f"p{n:04d}",
                          cluster=cluster))  # fmt: skip
    fill(made, rows)
    yield made
    made.close()


def listing(con: Connection, **filters: Any) -> list[Any]:
    return list(select_events(con, EventFilter(**filters)))


FILTERS = [
    {},
    {"dyad": ("RUS", "ARM")},
    {"dyad": ("RU", "ARMY")},
    {"code": "19"},
    {"code": "1", "since": dt.date(2020, 2, 1)},
    {"actor": "AZE", "until": dt.date(2020, 3, 2)},
    {"clusters": True},
    {"clusters": True, "dyad": ("RUS", "AZE")},
]


@pytest.mark.parametrize("filters", FILTERS)
@pytest.mark.parametrize("descending", [False, True])
@pytest.mark.parametrize("limit", [1, 7, 40, 1000])
def test_store_pages_hold_the_rows_of_the_whole_listing(con, filters, descending, limit):
    whole = listing(con, descending=descending, **filters)
    assert whole, filters
    walked: list[Any] = []
    after = None
    while True:
        selection = EventFilter(descending=descending, limit=limit, after=after, **filters)
        page = list(select_events(con, selection))
        assert page == whole[len(walked) : len(walked) + limit]
        edge = page_edge(con, selection)
        if edge is not None:
            # the page's own query, bounded by the edge, holds the page without a retry
            sql, params = events_query(selection, edge)
            assert [r[0] for r in con.execute(sql, params).fetchall()] == [e.event_id for e in page]
        walked += page
        if len(page) < limit:
            break
        after = (page[-1].date, page[-1].event_id)
    assert walked == whole


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"limit": 5}, "2020-01-01"),
        ({"limit": 5, "descending": True}, "2020-05-03"),
        ({"limit": 390}, None),  # the 390th row is undated
        ({"limit": 401}, None),  # fewer rows than the page holds
        ({"dyad": ("ZZZ", "ARM"), "limit": 2}, None),  # no such rows
    ],
)
def test_store_page_edge_is_the_date_of_the_last_row_of_the_page(con, filters, expected):
    edge = page_edge(con, EventFilter(**filters))
    assert edge == (dt.date.fromisoformat(expected) if expected else None)
    whole = listing(con, **{k: v for k, v in filters.items() if k != "limit"})
    if expected:
        assert whole[filters["limit"] - 1].date == edge


@pytest.mark.parametrize(
    ("prefix", "matching"),
    [("RU", {"RUS", "RUSGOV", "RU", "RUT"}), ("RUS", {"RUS", "RUSGOV"}), ("ARMY", {"ARMY"})],
)
def test_store_prefix_ranges_keep_the_like_match(con, prefix, matching):
    condition, params = where(EventFilter(dyad=(prefix, "")), alias="e")
    found = con.execute(
        f"SELECT DISTINCT e.source FROM events e WHERE {condition}", params
    ).fetchall()
    assert {r[0] for r in found} == matching


class WriteBetweenStatements:
    """A real connection that deletes the earliest event after the first statement a page
    runs, as a write from another request might between the two statements of a page."""

    def __init__(self, con: Connection) -> None:
        self.con = con

    def cursor(self) -> Any:
        con = self.con
        real = con.cursor()

        class Cursor:
            statements = 0

            def execute(self, sql: str, params: Any = None) -> Any:
                result = real.execute(sql, params)
                Cursor.statements += 1
                if Cursor.statements == 1:
                    con.execute(
                        "DELETE FROM events WHERE event_id = (SELECT event_id FROM events "
                        "ORDER BY date NULLS LAST, event_id LIMIT 1)"
                    )
                return result

            def __getattr__(self, name: str) -> Any:
                return getattr(real, name)

        return Cursor()


def test_store_page_is_whole_when_a_write_removes_rows_between_its_statements(tmp_path):
    made = connect(tmp_path / "events.duckdb", create=True)
    fill(made, [event(dt.date(2020, 1, 1 + n), "RUS", "ARM", 1.0) for n in range(12)])
    before = listing(made)
    page = list(select_events(WriteBetweenStatements(made), EventFilter(limit=5)))
    assert page == before[1:6]
    made.close()


def test_store_pages_of_an_empty_store(tmp_path):
    made = connect(tmp_path / "events.duckdb", create=True)
    assert listing(made, limit=10) == []
    assert page_edge(made, EventFilter(limit=10)) is None
    made.close()


def test_store_pages_read_a_read_only_store(tmp_path):
    path = tmp_path / "events.duckdb"
    made = connect(path, create=True)
    fill(made, [event(dt.date(2021, 1, 1), "RUS", "ARM", 1.0) for _ in range(3)])
    made.close()
    reader = duckdb.connect(str(path), read_only=True)
    assert len(listing(reader, limit=2)) == 2
    reader.close()
