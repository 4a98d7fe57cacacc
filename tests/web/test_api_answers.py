"""The answers of the event and series routes are the library's, byte for byte as FastAPI
encodes them, and a kept series answer never outlives a write to the store."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import TypeAdapter

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "analysis"))

from analysis_store import event, fill

from realpolitik.analysis import Scope, dyad_series
from realpolitik.render import records
from realpolitik.store import EventFilter, connect, select_events
from realpolitik.web.api import encode_cursor
from realpolitik.web.store import ServedStore

FASTAPI_JSON = TypeAdapter(dict[str, Any])


def fastapi_bytes(answer: dict[str, Any]) -> bytes:
    """The bytes FastAPI sends for a route that returns ``answer`` as a dict."""
    return FASTAPI_JSON.dump_json(FASTAPI_JSON.validate_python(answer))


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "events.duckdb"
    con = connect(path, create=True)
    rows = []
    for n in range(60):
        day = None if n % 10 == 0 else dt.date(2021 + n % 3, 1 + n % 4, 1 + n % 2)
        rows.append(event(day, "RUSGOV", "ARMGOV", -2.5 + n % 5, code=("190", "042")[n % 2],
                          extra='{"note": "é"}' if n % 7 == 0 else None))  # fmt: skip
        rows.append(event(day, "AZE", "ARM", 1.0 / 3 + n))
    fill(con, rows)
    con.close()
    return path


def served(client: TestClient) -> ServedStore:
    store: ServedStore = client.app.state.store  # type: ignore[attr-defined]
    return store


PAGES = [
    ({"limit": 25}, EventFilter(limit=26)),
    ({"limit": 25, "order": "desc"}, EventFilter(limit=26, descending=True)),
    ({"dyad": "rus,arm", "limit": 7, "since": "2022"},
     EventFilter(dyad=("RUS", "ARM"), since=dt.date(2022, 1, 1), limit=8)),
    ({"code": "19", "limit": 1000}, EventFilter(code="19", limit=1001)),
    ({"actor": "AZE", "clusters": "true", "limit": 9},
     EventFilter(actor="AZE", clusters=True, limit=10)),
]  # fmt: skip


@pytest.mark.parametrize(("params", "selection"), PAGES)
def test_api_answers_event_pages_are_the_library_listing(client, params, selection):
    with served(client).reading() as con:
        whole = list(select_events(con, selection.model_copy(update={"limit": None})))
    limit = params["limit"]
    seen: list[Any] = []
    query = dict(params)
    while True:
        answer = client.get("/api/events", params=query)
        assert answer.status_code == 200
        page = whole[len(seen) : len(seen) + limit]
        more = len(whole) > len(seen) + limit
        expected = {
            "events": [e.model_dump(mode="json") for e in page],
            "next": encode_cursor(page[-1].date, page[-1].event_id) if more else None,
        }
        assert answer.content == fastapi_bytes(expected)
        seen += page
        if not more:
            break
        query["cursor"] = expected["next"]
    assert seen == whole


@pytest.mark.parametrize(
    ("path", "args", "kwargs"),
    [
        ("/api/dyads/RUS/ARM/series", ("RUS", "ARM", Scope()), {}),
        ("/api/dyads/rus/arm/series?freq=quarter&undirected=true&mentions=true",
         ("rus", "arm", Scope(mentions=True)), {"freq": "quarter", "directed": False}),
        ("/api/dyads/AZE/ARM/series?since=2022-02&freq=year",
         ("AZE", "ARM", Scope(since=dt.date(2022, 2, 1))), {"freq": "year"}),
    ],
)  # fmt: skip
def test_api_answers_series_is_the_library_series(client, path, args, kwargs):
    with served(client).reading() as con:
        frame = dyad_series(con, *args, **kwargs)
    freq = kwargs.get("freq", "month")
    expected = fastapi_bytes(
        {"source": args[0].upper(), "target": args[1].upper(), "freq": freq,
         "series": records(frame)}
    )  # fmt: skip
    for _ in range(2):  # computed, then kept
        answer = client.get(path)
        assert answer.status_code == 200
        assert answer.headers["content-type"] == "application/json"
        assert answer.content == expected


def test_api_answers_series_after_a_write_is_the_new_series(client):
    before = client.get("/api/dyads/RUS/ARM/series?freq=year").json()["series"]
    with served(client).writing() as con:
        fill(con, [event(dt.date(2024, 6, 1), "RUS", "ARM", -9.0) for _ in range(4)])
    after = client.get("/api/dyads/RUS/ARM/series?freq=year").json()["series"]
    assert [r["period"] for r in after][-1] == "2024-01-01"
    assert after != before
    with served(client).reading() as con:
        assert after == records(dyad_series(con, "RUS", "ARM", freq="year"))


def test_api_answers_kept_only_from_a_store_no_write_was_changing(db):
    store = ServedStore(db)
    calls: list[int] = []

    def answer() -> int:
        calls.append(1)
        return len(calls)

    try:
        with store.writing():
            assert store.remember("k", answer) == 1
        assert store.remember("k", answer) == 2  # computed during the write: not kept
        assert store.remember("k", answer) == 2

        def write_meanwhile() -> int:
            with store.writing():
                pass
            return answer()

        assert store.remember("j", write_meanwhile) == 3  # a write began meanwhile
        assert store.remember("j", answer) == 4
        assert store.remember("j", answer) == 4
        with store.writing():
            pass
        assert store.remember("j", answer) == 5  # a write forgets every answer
        assert store.remember("k", answer) == 6
    finally:
        store.close()


def test_api_answers_reading_reuses_a_cursor_only_after_success(db):
    store = ServedStore(db)
    try:
        with store.reading() as first:
            pass
        with store.reading() as again:
            assert again is first
        with pytest.raises(RuntimeError), store.reading() as failed:
            raise RuntimeError("request failed")
        with store.reading() as fresh:
            assert fresh is not failed
            assert fresh.execute("SELECT count(*) FROM events").fetchone() == (120,)
    finally:
        store.close()
