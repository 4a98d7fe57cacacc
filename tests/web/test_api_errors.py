"""Every route of the REST API over a real store file: one answer of each whose values follow
from the rows below, and its errors (one JSON shape, the right status, no stack trace, no
path of the server's files), the token rules of the write routes and the body limit.

The store holds, per month from 2021-01 to 2023-12 (on the 5th), one event RUSGOV -> ARMGOV
(+4 in 2021, code 042 QuadClass 1; -6 from 2022, code 111 QuadClass 3) and one RUS -> AZE
(+3, 042, QuadClass 1); ARM -> AZE on 2022-06-01 (-10, 190, QuadClass 4); and one stored
document with its event AZE -> ARM on 2023-09-05 (-2, 111, QuadClass 3): 74 events. Its
trade: ARM-RUS totals for 2021-2023 (with Russia's own reports for 2021), and a planted
re-export pattern of integrated circuits (HS 854231) through Armenia after 2022, beside a
product whose flows stay flat (HS 854232).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "analysis"))

from analysis_store import event, fill

import realpolitik
from realpolitik.ingest.records import SourcedDocument
from realpolitik.records import Document
from realpolitik.store import connect, ingest
from realpolitik.store.similarity import document_id
from realpolitik.trade import TradeFlow, import_flows
from realpolitik.web import create_app

pytestmark = pytest.mark.slow

SOURCE_TREE = str(Path(realpolitik.__file__).resolve().parents[1])
DOC_TEXT = "Azerbaijan accused Armenia of shelling its positions near Sotk."
DOC_ID = document_id(DOC_TEXT)
DOC_EVENT = "doc-event-0001"
POSTED = "Azerbaijan accused Armenia of shelling its positions on Tuesday."
INJECTION = "RUS';DROP TABLE events;--"
TOKEN = "s3cret"
REEXPORT = "/api/trade/ARM/reexport?from=USA,EU&to=RUS&since=2022-03&products=chp:1"


def _flow(year: int, reporter: str, partner: str, flow: str, hs: str, value: float) -> TradeFlow:
    return TradeFlow("year", dt.date(year, 1, 1), reporter, partner, flow, hs, value)


def _trade() -> list[TradeFlow]:
    totals = [
        _flow(y, "ARM", "RUS", f, "TOTAL", v)
        for y, x, m in ((2021, 1e9, 2e9), (2022, 2.4e9, 2.6e9), (2023, 3.4e9, 3.9e9))
        for f, v in (("X", x), ("M", m))
    ]
    mirror = [_flow(2021, "RUS", "ARM", "M", "TOTAL", 0.9e9),
              _flow(2021, "RUS", "ARM", "X", "TOTAL", 1.7e9)]  # fmt: skip
    planted = []
    for year in range(2019, 2024):
        after = year >= 2022
        # chips: imports from the USA jump from 100 to 500 and 700 (Germany's stay at 100),
        # exports to Russia from 50 to 400 and 600; routers-like control: flat
        usa = {2022: 500.0, 2023: 700.0}.get(year, 100.0)
        rus = {2022: 400.0, 2023: 600.0}.get(year, 50.0)
        planted += [
            _flow(year, "ARM", "USA", "M", "854231", usa),
            _flow(year, "ARM", "DEU", "M", "854231", 100.0),
            _flow(year, "ARM", "RUS", "X", "854231", rus if after else 50.0),
            _flow(year, "ARM", "USA", "M", "854232", 100.0),
            _flow(year, "ARM", "RUS", "X", "854232", 50.0),
        ]
    return totals + mirror + planted


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("api") / "events.duckdb"
    con = connect(path, create=True)
    document = Document(id="fixture-1", text=DOC_TEXT, date=dt.date(2023, 9, 5), title="Sotk")
    ingest(con, [SourcedDocument(document=document, origin="fixture")], coder=None)
    rows = []
    for n in range(36):
        day = dt.date(2021 + n // 12, n % 12 + 1, 5)
        rows.append(event(day, "RUSGOV", "ARMGOV", 4.0 if day.year < 2022 else -6.0,
                          sentence=f"Moscow acted {n}."))  # fmt: skip
        rows.append(event(day, "RUS", "AZE", 3.0))
    rows.append(event("2022-06-01", "ARM", "AZE", -10.0,
                      sentence="<script>alert(1)</script> shelled"))  # fmt: skip
    rows.append(event("2023-09-05", "AZE", "ARM", -2.0, event_id=DOC_EVENT, doc_id=DOC_ID,
                      sentence=DOC_TEXT))  # fmt: skip
    fill(con, rows)
    import_flows(con, _trade(), "csv")
    con.close()
    return path


@pytest.fixture
def client(db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(db, token=TOKEN), raise_server_exceptions=False) as made:
        yield made


@pytest.fixture
def writable(db: Path, tmp_path: Path, coder: Any) -> Iterator[TestClient]:
    """A client over a copy of the store, with the token and a 50 kB body limit; it codes
    with the session's coder (the real model, loaded once)."""
    copy = tmp_path / "copy.duckdb"
    copy.write_bytes(db.read_bytes())
    app = create_app(copy, token=TOKEN, max_body=50_000)
    app.state.coder = coder
    with TestClient(app, raise_server_exceptions=False) as made:
        made.headers["Authorization"] = f"Bearer {TOKEN}"
        yield made


def error_of(answer: Any, status: int, store: Path | None = None) -> str:
    """The message of an error answer, once its status and its one shape are checked and it
    is known to hold no stack trace and no path of the server's files."""
    assert answer.status_code == status, (answer.request.url, answer.text)
    assert answer.headers["content-type"].startswith("application/json")
    body = answer.json()
    assert set(body) == {"error"}, body
    assert set(body["error"]) == {"status", "type", "message"}, body
    assert body["error"]["status"] == status
    assert isinstance(body["error"]["type"], str) and body["error"]["type"]
    assert "Traceback" not in answer.text and 'File "' not in answer.text
    assert SOURCE_TREE not in answer.text
    if store is not None:
        assert str(store.parent) not in answer.text
    message: str = body["error"]["message"]
    return message


def event_ids(client: TestClient, params: dict[str, str]) -> list[str]:
    found = client.get("/api/events", params={**params, "limit": 1000}).json()
    assert found["next"] is None
    return [e["event_id"] for e in found["events"]]


# --- every route -----------------------------------------------------------------------------

READS = {
    "/api/events": "/api/events?dyad=RUS,ARM&limit=5",
    "/api/events.csv": "/api/events.csv?actor=AZE",
    "/api/events.jsonl": "/api/events.jsonl?actor=AZE",
    "/api/events/{event_id}": f"/api/events/{DOC_EVENT}",
    "/api/documents/{doc_id}": f"/api/documents/{DOC_ID}",
    "/api/dyads/{a}/{b}/series": "/api/dyads/RUS/ARM/series",
    "/api/dyads/{a}/{b}/shifts": "/api/dyads/RUS/ARM/shifts",
    "/api/shifts": "/api/shifts",
    "/api/network": "/api/network",
    "/api/leverage/{actor}": "/api/leverage/RUS?over=ARM&periods=2021:2022",
    "/api/compare": "/api/compare?dyads=RUS-ARM&before=2021&after=2022&resamples=100",
    "/api/trade/{a}/{b}/{view}": "/api/trade/ARM/RUS/mirror",
    "/api/trade/{country}/reexport": REEXPORT,
    "/api/summary": "/api/summary",
}
WRITES = {
    "/api/code": {"text": POSTED, "date": "2023-09-05"},
    "/api/ingest": {"documents": [{"id": "w1", "text": "Russia warned Armenia."}], "code": False},
}


def test_api_every_route_is_covered_here(client):
    paths = client.get("/openapi.json").json()["paths"]
    assert {p for p, ms in paths.items() if "get" in ms} == set(READS)
    assert {p for p, ms in paths.items() if "post" in ms} == set(WRITES)


def test_api_read_routes_never_need_the_token(client):
    for url in READS.values():
        answer = client.get(url)
        assert answer.status_code == 200, (url, answer.text)


# --- events ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "count"),
    [
        ({"dyad": "RUS,ARM"}, 36),
        ({"dyad": "aze,arm"}, 1),
        ({"actor": "ARM"}, 38),
        ({"actor": "AZE", "quad": "3,4"}, 2),
        ({"quad": "4"}, 1),
        ({"code": "19"}, 1),
        ({"since": "2023-09", "until": "2023-09"}, 3),
        ({"since": "2022", "dyad": "RUS,ARM", "quad": "1"}, 0),
        ({"text": "shelled"}, 1),
        ({"doc_id": DOC_ID}, 1),
        ({"dataset": "coded"}, 74),
        ({"dataset": "gdelt"}, 0),
    ],
)
def test_api_events_filters_pick_the_rows_they_name(client, params, count):
    assert len(event_ids(client, params)) == count


def test_api_events_pages_forwards_and_backwards_with_cursors(client):
    def pages(order: str) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = []
        sizes: list[int] = []
        params: dict[str, Any] = {"dyad": "RUS,ARM", "limit": 10, "order": order}
        while True:
            page = client.get("/api/events", params=params).json()
            sizes.append(len(page["events"]))
            found += page["events"]
            if page["next"] is None:
                assert sizes == [10, 10, 10, 6]
                return found
            params["cursor"] = page["next"]

    forwards, backwards = pages("asc"), pages("desc")
    assert len({e["event_id"] for e in forwards}) == 36
    assert [e["date"] for e in forwards] == sorted(e["date"] for e in forwards)
    assert forwards[0]["date"] == "2021-01-05" and backwards[0]["date"] == "2023-12-05"
    assert [e["event_id"] for e in backwards] == [e["event_id"] for e in reversed(forwards)]
    assert {e["goldstein"] for e in forwards if e["date"] < "2022"} == {4.0}
    assert {(e["code"], e["quad_class"]) for e in forwards if e["date"] > "2022"} == {("111", 3)}


def test_api_one_event_with_its_document_and_cluster(client):
    detail = client.get(f"/api/events/{DOC_EVENT}").json()
    assert detail["event"]["event_id"] == DOC_EVENT
    assert (detail["event"]["source"], detail["event"]["target"]) == ("AZE", "ARM")
    assert detail["document"]["doc_id"] == DOC_ID
    assert detail["document"]["title"] == "Sotk"
    assert detail["document"]["published"] == "2023-09-05"
    assert detail["document"]["original_id"] == "fixture-1"
    assert detail["cluster"]["mentions"] == 1 and detail["cluster"]["date"] == "2023-09-05"
    marked = client.get("/api/events", params={"doc_id": DOC_ID, "marks": True}).json()
    assert isinstance(marked["events"][0]["highlights"], list)


def test_api_one_document_with_its_events(client):
    found = client.get(f"/api/documents/{DOC_ID}").json()
    assert found["document"]["text"] == DOC_TEXT
    assert found["document"]["chars"] == len(DOC_TEXT)
    assert found["document"]["published"] == "2023-09-05"
    assert [e["event_id"] for e in found["events"]] == [DOC_EVENT]


def test_api_summary_counts_the_store(client):
    assert client.get("/api/summary").json() == {
        "documents": 1, "events": 74, "clusters": 74, "first": "2021-01-05",
        "last": "2023-12-05", "datasets": {"coded": 74},
    }  # fmt: skip


@pytest.mark.parametrize(
    "params",
    [
        {"dyad": "RUS,ARM", "since": "2022"},
        {"actor": "AZE", "quad": "3,4"},
        {"text": "shelled"},
        {"order": "desc", "until": "2021-06"},
        {"code": "042", "dataset": "coded"},
    ],
)
def test_api_downloads_hold_the_events_of_the_same_query(client, params):
    expected = event_ids(client, params)
    assert expected or params.get("text")
    table = client.get("/api/events.csv", params=params)
    assert table.status_code == 200 and table.headers["content-type"].startswith("text/csv")
    assert "attachment" in table.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(table.text)))
    assert [r["event_id"] for r in rows] == expected
    lines = client.get("/api/events.jsonl", params=params)
    assert lines.headers["content-type"].startswith("application/x-ndjson")
    assert [json.loads(line)["event_id"] for line in lines.text.splitlines()] == expected
    limited = client.get("/api/events.jsonl", params={**params, "limit": 2}).text.splitlines()
    assert [json.loads(line)["event_id"] for line in limited] == expected[:2]


@pytest.mark.parametrize("kind", ["csv", "jsonl"])
@pytest.mark.parametrize("params", [{"since": "2023-13"}, {"quad": "9"}, {"limit": "0"}])
def test_api_a_bad_download_filter_gives_the_json_error(client, db, kind, params):
    answer = client.get(f"/api/events.{kind}", params={"actor": "RUS", **params})
    error_of(answer, 422, db)
    assert "attachment" not in answer.headers.get("content-disposition", "")


# --- errors of the parameters -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "names"),
    [
        ("/api/events?since=2023-13", "since"),
        ("/api/events?until=2023-02-30", "until"),
        ("/api/events?since=yesterday", "since"),
        ("/api/dyads/RUS/ARM/series?since=2023-13", "since"),
        ("/api/shifts?until=2023-13", "until"),
        ("/api/network?since=20xx", "since"),
        ("/api/dyads/RUS/ARM/series?freq=fortnight", "freq"),
        ("/api/dyads/RUS/ARM/shifts?freq=fortnight", "freq"),
        ("/api/shifts?freq=fortnight", "freq"),
        ("/api/trade/ARM/RUS/series?freq=week", "freq"),
        ("/api/events?quad=7", "quad"),
        ("/api/events?quad=1,,2", "quad"),
        ("/api/events?dyad=RUS", "dyad"),
        ("/api/events?dyad=RUS-ARM", "dyad"),
        ("/api/events?modality=maybe", "modality"),
        ("/api/events?order=sideways", "order"),
        ("/api/events?limit=0", "limit"),
        ("/api/events?limit=100000", "limit"),
        ("/api/events?limit=ten", "limit"),
        ("/api/events?cursor=not-a-cursor", "cursor"),
        ("/api/events?cursor=WyIyMDIxIl0", "cursor"),  # ["2021"]: one value, not two
        ("/api/events?cursor=WyIyMDIxLTEzLTAxIiwgImUxIl0", "cursor"),  # a bad date in it
        ("/api/events?cursor=" + "A" * 401, "cursor"),
        ("/api/events?actor=" + quote(INJECTION), "actor"),
        ("/api/shifts?actor=" + quote(INJECTION), "actor"),
        ("/api/network?actor=" + quote(INJECTION), "actor"),
        ("/api/network?dataset=" + quote(INJECTION), "dataset"),
        ("/api/dyads/" + quote(INJECTION, safe="") + "/ARM/series", "RUS';DROP"),
        ("/api/leverage/" + quote(INJECTION, safe="") + "?over=ARM&periods=2021", "RUS';DROP"),
        ("/api/leverage/RUS?over=" + quote(INJECTION) + "&periods=2021", "over"),
        ("/api/trade/" + quote(INJECTION, safe="") + "/RUS/series", "RUS';DROP"),
        ("/api/leverage/RUS", "over"),
        ("/api/leverage/RUS?over=ARM", "periods"),
        ("/api/leverage/RUS?periods=2021", "over"),
        ("/api/leverage/RUS?over=ARM&periods=2022:2021", "2022:2021"),
        ("/api/compare?dyads=RUS-ARM&before=2021:2020&after=2022", "2021:2020"),
        ("/api/compare?dyads=RUS-ARM&before=2021-13&after=2022", "2021-13"),
        ("/api/compare?dyads=RUS,ARM&before=2021&after=2022", "RUS"),
        ("/api/compare?dyads=RUS>ARM&before=2021&after=2022", "RUS>ARM"),
        ("/api/compare?dyads=RUS-ARM&before=2021", "after"),
        ("/api/compare?dyads=RUS-ARM&before=2021&after=2022&resamples=5", "resamples"),
        ("/api/shifts?min_confidence=2", "min_confidence"),
        ("/api/shifts?top=0", "top"),
        ("/api/shifts?statistic=median", "statistic"),
        ("/api/network?min_events=0", "min_events"),
        ("/api/trade/ARM/RUS/series?hs=abc", "abc"),
        ("/api/trade/ARM/RUS/mirror?hs=854", "854"),
        ("/api/trade/ARM/RUS/series?hs=123456789", "hs"),
        ("/api/trade/ARM/ZZZ/series", "ZZZ"),
        ("/api/trade/QQQ/RUS/mirror", "QQQ"),
        ("/api/trade/ARM/RUS/flows", "view"),
        ("/api/trade/ARM/reexport?from=USA&to=RUS", "since"),
        ("/api/trade/ARM/reexport?to=RUS&since=2022", "from"),
        ("/api/trade/ARM/reexport?from=USA&since=2022", "to"),
        ("/api/trade/ARM/reexport?from=USA&to=RUS&since=2022-13", "2022-13"),
        ("/api/trade/ARM/reexport?from=USA,ZZZ&to=RUS&since=2022", "ZZZ"),
        ("/api/trade/ZZZ/reexport?from=USA&to=RUS&since=2022", "ZZZ"),
        ("/api/trade/ARM/reexport?from=USA&to=RUS&since=2022&threshold=1", "threshold"),
        ("/api/trade/ARM/reexport?from=USA&to=RUS&since=2022&products=/etc/passwd", "products"),
        ("/api/trade/ARM/reexport?from=USA&to=RUS&since=2022&products=..%2F..%2Fetc", "products"),
        ("/api/trade/ARM/reexport?from=USA&to=RUS&since=2022&products=nosuchlist", "nosuchlist"),
        ("/api/trade/ARM/reexport?from=USA&to=RUS&since=2022&products=85x", "products"),
    ],
)
def test_api_a_bad_parameter_is_named_in_a_422(client, db, url, names):
    message = error_of(client.get(url), 422, db)
    assert names in message, message


def test_api_sql_in_a_parameter_is_a_value_and_the_store_keeps_its_events(db):
    with TestClient(create_app(db), raise_server_exceptions=False) as client:
        for url in (
            "/api/events?actor=" + quote(INJECTION),
            "/api/events?dyad=" + quote("RUS," + INJECTION),
            "/api/dyads/ARM/" + quote(INJECTION, safe="") + "/shifts",
            "/api/trade/ARM/reexport?from=USA&to=" + quote(INJECTION) + "&since=2022",
        ):
            error_of(client.get(url), 422, db)
        # free text is matched as text, never run
        for field in ("text", "doc_id", "dataset"):
            found = client.get("/api/events", params={field: INJECTION})
            assert found.status_code == 200 and found.json()["events"] == [], field
        assert client.get("/api/summary").json()["events"] == 74
    con = connect(db)
    try:
        assert con.execute("SELECT count(*) FROM events").fetchone() == (74,)
    finally:
        con.close()


@pytest.mark.parametrize(
    "url",
    [f"/api/events/{'f' * 16}", "/api/events/nope", "/api/documents/no-such-doc",
     "/api/nowhere", "/api/events/x/y", "/api/trade/ARM/RUS/series/more", "/nowhere"],
)  # fmt: skip
def test_api_missing_things_and_unknown_paths_are_404(client, db, url):
    error_of(client.get(url), 404, db)


@pytest.mark.parametrize(
    ("method", "url"),
    [("post", "/api/events"), ("delete", f"/api/events/{DOC_EVENT}"), ("put", "/api/summary"),
     ("get", "/api/code"), ("get", "/api/ingest"), ("patch", "/api/documents/x")],
)  # fmt: skip
def test_api_a_wrong_method_is_405(client, db, method, url):
    assert "Method" in error_of(client.request(method, url), 405, db)


# --- analyses and trade ----------------------------------------------------------------------


def test_api_dyad_series_and_shifts(client):
    found = client.get("/api/dyads/rus/arm/series", params={"freq": "year"}).json()
    assert (found["source"], found["target"], found["freq"]) == ("RUS", "ARM", "year")
    rows = found["series"]
    assert [r["period"] for r in rows] == ["2021-01-01", "2022-01-01", "2023-01-01"]
    assert [r["events"] for r in rows] == [12, 12, 12]
    assert [r["goldstein_sum"] for r in rows] == [48.0, -72.0, -72.0]
    assert [(r["cooperation"], r["conflict"]) for r in rows] == [(12, 0), (0, 12), (0, 12)]
    one_way = client.get("/api/dyads/ARM/AZE/series", params={"freq": "year"}).json()["series"]
    both = client.get("/api/dyads/ARM/AZE/series",
                      params={"freq": "year", "undirected": True}).json()["series"]  # fmt: skip
    assert sum(r["events"] for r in one_way) == 1 and sum(r["events"] for r in both) == 2
    scoped = client.get("/api/dyads/RUS/ARM/series", params={"since": "2023-07"}).json()
    assert [r["events"] for r in scoped["series"]] == [1] * 6
    shifts = client.get("/api/dyads/RUS/ARM/shifts").json()["shifts"]
    tone = [s for s in shifts if s["statistic"] == "mean"]
    assert tone and tone[0]["period"] == "2022-01-01"
    assert (tone[0]["before"]["mean"], tone[0]["after"]["mean"]) == (4.0, -6.0)
    assert tone[0]["change"] == -10.0


def test_api_shifts_across_dyads(client):
    (top,) = client.get("/api/shifts", params={"actor": "ARM", "top": 1}).json()["shifts"]
    assert {top["source"], top["target"]} == {"RUS", "ARM"}
    assert top["period"] == "2022-01-01" and top["change"] == -10.0
    assert top["before"]["events"] == 12 and top["after"]["events"] == 24
    # the steady RUS-AZE dyad never shifts
    everything = client.get("/api/shifts", params={"top": 200, "min_confidence": 0}).json()
    assert not any({s["source"], s["target"]} == {"RUS", "AZE"} for s in everything["shifts"])


def test_api_network_of_the_store(client):
    found = client.get("/api/network").json()
    nodes = {n["actor"]: n for n in found["nodes"]}
    assert set(nodes) == {"RUS", "ARM", "AZE"}
    assert (nodes["RUS"]["sent"], nodes["RUS"]["received"]) == (72, 0)
    assert (nodes["ARM"]["sent"], nodes["ARM"]["received"]) == (1, 37)
    edges = {(e["source"], e["target"]): e for e in found["edges"]}
    assert set(edges) == {("RUS", "ARM"), ("RUS", "AZE"), ("ARM", "AZE"), ("AZE", "ARM")}
    assert (edges["RUS", "ARM"]["cooperation"], edges["RUS", "ARM"]["conflict"]) == (12, 24)
    assert edges["RUS", "AZE"]["events"] == 36
    heavy = client.get("/api/network", params={"min_events": 2}).json()
    assert {(e["source"], e["target"]) for e in heavy["edges"]} == {("RUS", "ARM"), ("RUS", "AZE")}


def test_api_leverage_per_partner_and_period(client):
    found = client.get("/api/leverage/rus", params={
        "over": "ARM,AZE", "periods": "2021:2021,2022:2023"}).json()  # fmt: skip
    assert found["actor"] == "RUS"
    rows = {(r["partner"], r["first"]): r for r in found["leverage"]}
    assert set(rows) == {("ARM", "2021-01-01"), ("AZE", "2021-01-01"),
                         ("ARM", "2022-01-01"), ("AZE", "2022-01-01")}  # fmt: skip
    # 2021: Russia's 24 cooperative events are half with Armenia, all of Armenia's are Russia's
    early = rows["ARM", "2021-01-01"]
    assert (early["cooperation"], early["actor_cooperation"], early["partner_cooperation"]) == (
        12, 24, 12)  # fmt: skip
    assert (early["actor_dependence"], early["partner_dependence"]) == (0.5, 1.0)
    assert early["leverage"] == 0.5
    assert rows["ARM", "2022-01-01"]["cooperation"] == 0
    assert rows["ARM", "2022-01-01"]["conflict_share"] == 1.0
    later = rows["AZE", "2022-01-01"]  # from 2022 all of Russia's cooperation is with Azerbaijan
    assert (later["actor_dependence"], later["partner_dependence"], later["leverage"]) == (
        1.0, 1.0, 0.0)  # fmt: skip


def test_api_compare_with_trade_beside(client):
    found = client.get("/api/compare", params={
        "dyads": "RUS-ARM,RUS-AZE", "before": "2021:2021", "after": "2022:2023",
        "resamples": 200}).json()  # fmt: skip
    verdicts = {(v["source"], v["target"]): v for v in found["verdicts"]}
    worse = verdicts["RUS", "ARM"]
    assert worse["verdict"] == "worsened"
    assert (worse["mean_before"], worse["mean_after"]) == (4.0, -6.0)
    assert (worse["events_before"], worse["events_after"]) == (12, 24)
    assert verdicts["RUS", "AZE"]["mean_before"] == verdicts["RUS", "AZE"]["mean_after"] == 3.0
    assert verdicts["RUS", "AZE"]["verdict"] != "worsened"
    # Azerbaijan has no trade in the store. Russia's turnover with Armenia: its own reports
    # for 2021 (0.9e9 + 1.7e9), Armenia's after (5e9 and 7.3e9): 6.15e9 / 2.6e9 - 1 = 137 %
    (trade,) = found["trade"]
    assert (trade["years_before"], trade["years_after"]) == ([2021], [2022, 2023])
    assert trade["turnover_before"] == pytest.approx(2.6e9)
    assert trade["turnover_after"] == pytest.approx(6.15e9)
    assert trade["statement"] == "relations worse, trade up 137 %"
    assert trade["together"] is False


def test_api_trade_series_and_mirror_flows(client):
    found = client.get("/api/trade/arm/rus/series").json()
    assert (found["a"], found["b"], found["hs"]) == ("ARM", "RUS", "TOTAL")
    rows = found["series"]
    assert [r["period"][:4] for r in rows] == ["2021", "2022", "2023"]
    assert [r["turnover"] for r in rows] == [3e9, 5e9, 7.3e9]
    assert rows[0]["export_gap"] == pytest.approx(0.9e9 - 1e9)
    assert rows[0]["import_gap"] == pytest.approx(1.7e9 - 2e9)
    assert rows[1]["b_imports_mirror"] is None
    chips = client.get("/api/trade/ARM/RUS/series", params={"hs": "85.42"}).json()
    assert [r["a_exports"] for r in chips["series"]] == [100, 100, 100, 450, 650]
    flows = client.get("/api/trade/ARM/RUS/mirror").json()["flows"]
    first = {(f["exporter"], f["importer"]): f for f in flows if f["period"].startswith("2021")}
    assert first["ARM", "RUS"]["exports_reported"] == 1e9
    assert first["ARM", "RUS"]["imports_reported"] == 0.9e9
    assert first["ARM", "RUS"]["ratio"] == pytest.approx(0.9)
    assert first["RUS", "ARM"]["gap"] == pytest.approx(2e9 - 1.7e9)
    assert len(flows) == 6


def test_api_reexport_flags_the_planted_product(client):
    found = client.get(REEXPORT).json()
    assert found["country"] == "ARM"
    signals = {s["hs"]: s for s in found["signals"]}
    assert list(signals) == ["854231", "854232", "854233", "854239"]
    chips = signals["854231"]
    assert chips["flagged"] and chips["reason"] == "imports and exports jumped together"
    assert chips["sources"] == ["USA", "EUU"] and chips["target"] == "RUS"
    assert (chips["before"], chips["after"]) == ([2019, 2020, 2021], [2022, 2023])
    # imports: 200 a year before (USA 100, Germany 100), 600 and 800 after: (600 + 800) / 400
    assert (chips["imports_before"], chips["imports_after"]) == (200, 700)
    assert chips["imports_jump"] == pytest.approx(3.5)
    # exports to Russia: 50 a year before, 400 and 600 after: (400 + 600) / 100
    assert chips["exports_jump"] == pytest.approx(10.0)
    assert chips["jump"] == pytest.approx(3.5)
    # all of Armenia's earlier exports of chips (50 a year) explain 50 of the 500 after
    assert chips["unexplained"] == pytest.approx(0.9)
    flat = signals["854232"]
    assert not flat["flagged"] and flat["reason"] == "no jump"
    assert flat["imports_jump"] == pytest.approx(1.0) and flat["exports_jump"] == pytest.approx(1)
    assert signals["854233"]["reason"] == "no years on both sides of the date"
    until = client.get(REEXPORT + "&until=2022").json()["signals"][0]
    assert until["after"] == [2022] and until["exports_jump"] == pytest.approx(400 / 50)
    strict = client.get(REEXPORT + "&threshold=5").json()["signals"][0]
    assert not strict["flagged"] and strict["reason"] == "exports jumped, imports did not"
    codes = client.get(REEXPORT.replace("chp:1", "854231,8542.32")).json()["signals"]
    assert [(s["hs"], s["flagged"]) for s in codes] == [("854231", True), ("854232", False)]


def test_api_reexport_products_never_name_a_file(client, tmp_path, monkeypatch):
    # a file beside the server whose name is also an HS code, and one named like a list
    (tmp_path / "8542").write_text("854232\n", encoding="utf-8")
    (tmp_path / "chips").write_text("854231\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    found = client.get(REEXPORT.replace("chp:1", "8542")).json()["signals"]
    assert [s["hs"] for s in found] == ["8542"]
    assert "chips" in error_of(client.get(REEXPORT.replace("chp:1", "chips")), 422)


# --- writes ------------------------------------------------------------------------------------


def test_api_code_posted_text_and_store_it_once(writable):
    coded = writable.post("/api/code", json={"text": POSTED, "date": "2023-09-05"}).json()
    assert coded["stored"] is False and coded["doc_id"] is None
    (accused,) = [e for e in coded["events"] if e["code"].startswith("11")]
    assert (accused["source"], accused["target"], accused["date"]) == ("AZE", "ARM", "2023-09-05")
    assert writable.get("/api/summary").json()["documents"] == 1
    kept = writable.post("/api/code", json={"text": POSTED, "date": "2023-09-05", "store": True,
                                            "title": "Shelling"}).json()  # fmt: skip
    assert kept["stored"] is True and kept["new"] == 1 and kept["doc_id"] == document_id(POSTED)
    assert [e["code"] for e in kept["events"]] == [e["code"] for e in coded["events"]]
    after = writable.get("/api/summary").json()
    assert after["documents"] == 2 and after["events"] == 74 + len(kept["events"])
    again = writable.post("/api/code", json={"text": POSTED, "date": "2023-09-05",
                                             "store": True}).json()  # fmt: skip
    assert again["stored"] is True and again["new"] == 0
    assert again["doc_id"] == kept["doc_id"]
    assert [e["event_id"] for e in again["events"]] == [e["event_id"] for e in kept["events"]]
    assert writable.get("/api/summary").json() == after
    document = writable.get(f"/api/documents/{kept['doc_id']}").json()
    assert document["document"]["text"] == POSTED and document["document"]["title"] == "Shelling"


@pytest.mark.parametrize(
    ("body", "named"),
    [
        ({"date": "2023-09-05"}, "text"),
        ({"text": ""}, "text"),
        ({"text": 5}, "text"),
        ({"text": POSTED, "date": "2023-13-05"}, "2023-13-05"),
        ({"text": POSTED, "date": "yesterday"}, "yesterday"),
        ({"text": POSTED, "date": "2023-09-05T10:00:00"}, "date"),
        ({"text": POSTED, "store": "perhaps"}, "store"),
        ({"text": POSTED, "title": "t" * 501}, "title"),
        ([POSTED], "request"),
    ],
)
def test_api_code_a_bad_body_is_named_in_a_422(writable, body, named):
    assert named in error_of(writable.post("/api/code", json=body), 422)
    assert writable.get("/api/summary").json()["documents"] == 1


@pytest.mark.parametrize(
    ("raw", "named"),
    [
        (b'{"text": ', "body: not valid JSON (Expecting value at character 9)"),
        (b'{"text": "Russia warned Armenia."} and more', "body: not valid JSON (Extra data"),
        (b"text=Russia", "body: not valid JSON"),
        (b"\xff\xfe", "body: not valid JSON"),
        (b"", "Field required"),
    ],
)
def test_api_code_a_body_that_is_not_json_is_a_422(writable, raw, named):
    answer = writable.post("/api/code", content=raw, headers={"content-type": "application/json"})
    assert named in error_of(answer, 422)


@pytest.mark.parametrize("route", sorted(WRITES))
def test_api_a_body_beyond_the_limit_is_413(writable, route):
    text = "Russia warned Armenia. " * 2500  # 57 kB, beyond the 50 kB limit
    body = {"text": text} if route == "/api/code" else {"documents": [{"id": "a", "text": text}]}
    assert "50000 bytes" in error_of(writable.post(route, json=body), 413)
    # sent in chunks without a declared length, it is measured as it is read
    raw = json.dumps(body).encode()
    chunks = (raw[i : i + 4096] for i in range(0, len(raw), 4096))
    chunked = writable.post(route, content=chunks, headers={"content-type": "application/json"})
    error_of(chunked, 413)
    assert writable.get("/api/summary").json()["documents"] == 1


def test_api_a_body_sent_in_chunks_within_the_limit_is_read_whole(writable):
    body = {"documents": [{"id": f"c{n}", "text": f"Russia warned Armenia {n} times."}
                          for n in range(300)], "code": False}  # fmt: skip
    raw = json.dumps(body).encode()
    assert 10_000 < len(raw) < 50_000
    chunks = (raw[i : i + 1000] for i in range(0, len(raw), 1000))
    answer = writable.post("/api/ingest", content=chunks,
                           headers={"content-type": "application/json"})  # fmt: skip
    assert answer.status_code == 200, answer.text
    assert (answer.json()["read"], answer.json()["new"]) == (300, 300)
    assert writable.get("/api/summary").json()["documents"] == 301


def test_api_ingest_stores_then_codes_the_posted_documents(writable):
    documents = [
        {"id": "n1", "text": POSTED, "date": "2023-09-05", "origin": "feed"},
        {"id": "n2", "text": "Russia praised Azerbaijan on Monday.", "date": "2023-09-04"},
    ]
    stored = writable.post("/api/ingest", json={"documents": documents, "code": False})
    assert stored.status_code == 200, stored.text
    assert stored.json() == {"read": 2, "new": 2, "already_stored": 0, "near_duplicates": 0,
                             "coded": 0, "sentences": 0, "events": 0}  # fmt: skip
    assert writable.get("/api/summary").json()["documents"] == 3
    coded = writable.post("/api/ingest", json={"documents": documents}).json()
    assert (coded["read"], coded["new"], coded["already_stored"], coded["coded"]) == (2, 0, 2, 2)
    assert coded["sentences"] == 2 and coded["events"] >= 1
    found = writable.get("/api/documents/" + document_id(POSTED)).json()
    assert found["document"]["origin"] == "feed" and found["document"]["original_id"] == "n1"
    assert any(e["source"] == "AZE" and e["target"] == "ARM" for e in found["events"])
    summary = writable.get("/api/summary").json()
    assert summary["documents"] == 3 and summary["events"] == 74 + coded["events"]


@pytest.mark.parametrize(
    ("body", "named"),
    [
        ({"documents": []}, "documents"),
        ({"documents": "Russia warned Armenia."}, "documents"),
        ({}, "documents"),
        ({"documents": [{"id": "a", "text": "x"} for _ in range(1001)]}, "documents"),
        (
            {"documents": [{"id": "a", "text": "Russia warned Armenia."}, {"id": "b"}]},
            "documents.1.text",
        ),
        ({"documents": [{"id": "a", "text": "x", "date": "2023-13-01"}]}, "documents.0.date"),
        ({"documents": [{"text": "x"}]}, "documents.0.id"),
        ({"documents": [{"id": "a", "text": "x"}], "code": "maybe"}, "code"),
    ],
)
def test_api_ingest_a_bad_body_is_named_in_a_422_and_stores_nothing(writable, body, named):
    assert named in error_of(writable.post("/api/ingest", json=body), 422)
    assert writable.get("/api/summary").json()["documents"] == 1


@pytest.mark.parametrize("route", sorted(WRITES))
@pytest.mark.parametrize(
    "authorization",
    [None, "Bearer wrong", "Bearer ", "Basic " + TOKEN, TOKEN, f"Bearer {TOKEN}x", "Bearer ü"],
)
def test_api_write_routes_need_the_bearer_token(db, tmp_path, route, authorization):
    copy = tmp_path / "copy.duckdb"
    copy.write_bytes(db.read_bytes())
    headers = {} if authorization is None else {"Authorization": authorization.encode()}
    with TestClient(create_app(copy, token=TOKEN), raise_server_exceptions=False) as client:
        assert "token" in error_of(client.post(route, json=WRITES[route], headers=headers), 401)
        # a bad body without the token is refused for the token, not for the body
        error_of(client.post(route, json={"nothing": 1}, headers=headers), 401)
        assert client.get("/api/summary").json()["documents"] == 1


@pytest.mark.parametrize("route", sorted(WRITES))
def test_api_write_routes_work_with_the_bearer_token(writable, route):
    answer = writable.post(route, json=WRITES[route])
    assert answer.status_code == 200, answer.text
    lower = writable.post(route, json=WRITES[route],
                          headers={"Authorization": f"bearer {TOKEN}"})  # fmt: skip
    assert lower.status_code == 200, lower.text
