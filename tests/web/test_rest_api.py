"""The REST API with FastAPI's test client over a real store file: every route, its errors
(one JSON shape, no stack trace), the token rules and the body limit."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "analysis"))

from analysis_store import event, fill

from realpolitik.store import connect
from realpolitik.trade import TradeFlow, import_flows
from realpolitik.web import create_app

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("web") / "events.duckdb"
    con = connect(path, create=True)
    rows = []
    for n in range(36):
        day = dt.date(2021 + n // 12, n % 12 + 1, 5)
        score = 4.0 if day.year < 2022 else -6.0
        rows.append(event(day, "RUSGOV", "ARMGOV", score, sentence=f"Moscow acted {n}."))
        rows.append(event(day, "RUS", "AZE", 3.0))
    rows.append(event("2022-06-01", "ARM", "AZE", -10.0,
                      sentence="<script>alert(1)</script> shelled"))  # fmt: skip
    fill(con, rows)
    import_flows(con, [
        TradeFlow("year", dt.date(y, 1, 1), "ARM", "RUS", f, "TOTAL", v)
        for y, x, m in ((2021, 1e9, 2e9), (2022, 2.4e9, 2.6e9), (2023, 3.4e9, 3.9e9))
        for f, v in (("X", x), ("M", m))
    ], "csv")  # fmt: skip
    con.close()
    return path


def test_events_pages_with_a_cursor_and_filters(client):
    first = client.get("/api/events", params={"dyad": "RUS,ARM", "limit": 10}).json()
    assert len(first["events"]) == 10 and first["next"]
    second = client.get("/api/events", params={"dyad": "RUS,ARM", "limit": 30,
                                                "cursor": first["next"]}).json()  # fmt: skip
    assert len(second["events"]) == 26 and second["next"] is None
    ids = [e["event_id"] for e in first["events"] + second["events"]]
    assert len(set(ids)) == 36
    dates = [e["date"] for e in first["events"] + second["events"]]
    assert dates == sorted(dates)
    hostile = client.get("/api/events", params={"actor": "ARM", "quad": "4",
                                                "since": "2022", "code": "19"}).json()  # fmt: skip
    assert [e["goldstein"] for e in hostile["events"]] == [-10.0]
    words = client.get("/api/events", params={"text": "Moscow acted 3"}).json()["events"]
    assert {e["sentence"] for e in words} >= {"Moscow acted 3.", "Moscow acted 30."}


def test_one_event_its_document_and_downloads(client):
    (first,) = client.get("/api/events", params={"limit": 1}).json()["events"]
    detail = client.get(f"/api/events/{first['event_id']}").json()
    assert detail["event"]["event_id"] == first["event_id"]
    nowhere = client.get("/api/documents/no-such-doc")
    assert nowhere.status_code == 404 and nowhere.json()["error"]["type"] == "NotFound"
    missing = client.get("/api/events/ffffffffffffffff")
    assert missing.status_code == 404
    assert missing.json()["error"]["type"] == "StoreError"
    table = client.get("/api/events.csv", params={"dyad": "RUS,AZE"})
    assert table.headers["content-type"].startswith("text/csv")
    lines = table.text.splitlines()
    assert lines[0].startswith("event_id,") and len(lines) == 37
    jsonl = client.get("/api/events.jsonl", params={"dyad": "RUS,AZE", "limit": 5})
    assert len(jsonl.text.splitlines()) == 5


def test_analysis_routes(client):
    series = client.get("/api/dyads/RUS/ARM/series", params={"freq": "year"}).json()
    assert [r["events"] for r in series["series"]] == [12, 12, 12]
    assert series["series"][0]["period"] == "2021-01-01"
    shifts = client.get("/api/shifts", params={"actor": "ARM"}).json()["shifts"]
    assert shifts and shifts[0]["period"] == "2022-01-01"
    network = client.get("/api/network").json()
    assert {n["actor"] for n in network["nodes"]} == {"RUS", "ARM", "AZE"}
    lever = client.get(
        "/api/leverage/RUS", params={"over": "ARM,AZE", "periods": "2021:2021,2022:2023"}
    ).json()
    assert len(lever["leverage"]) == 4
    compared = client.get(
        "/api/compare",
        params={"dyads": "RUS-ARM", "before": "2021:2021", "after": "2022:2023", "resamples": 200},
    ).json()
    assert compared["verdicts"][0]["verdict"] == "worsened"
    assert compared["trade"][0]["statement"].startswith("relations worse, trade up")
    trade = client.get("/api/trade/ARM/RUS/series").json()["series"]
    assert [r["turnover"] for r in trade] == [3e9, 5e9, 7.3e9]
    mirror = client.get("/api/trade/ARM/RUS/mirror").json()["flows"]
    assert mirror[0]["exporter"] == "ARM"
    summary = client.get("/api/summary").json()
    assert summary["events"] == 73 and summary["first"] == "2021-01-05"


def test_errors_have_one_shape(client):
    cases = {
        "/api/events?limit=0": 422,
        "/api/events?quad=7": 422,
        "/api/events?cursor=not-a-cursor": 422,
        "/api/events?since=2023-13": 422,
        "/api/dyads/RUS/ARM/series?freq=fortnight": 422,
        "/api/dyads/R%20S/ARM/series": 422,
        "/api/trade/ARM/ZZZ/series": 422,
        "/api/nowhere": 404,
    }
    for url, status in cases.items():
        answer = client.get(url)
        assert answer.status_code == status, (url, answer.text)
        body = answer.json()
        assert set(body) == {"error"} and set(body["error"]) == {"status", "type", "message"}
        assert body["error"]["status"] == status
        assert "Traceback" not in answer.text
    assert client.get("/openapi.json").json()["info"]["title"] == "realpolitik"


def test_code_posted_text_and_store_it_with_the_token(db, tmp_path):
    copy = tmp_path / "copy.duckdb"
    copy.write_bytes(db.read_bytes())
    text = "Azerbaijan accused Armenia of shelling its positions on Tuesday."
    with TestClient(create_app(copy, token="s3cret"), raise_server_exceptions=False) as client:
        refused = client.post("/api/code", json={"text": text, "date": "2023-09-05"})
        assert refused.status_code == 401 and refused.json()["error"]["type"] == "Unauthorized"
        wrong = client.post("/api/code", json={"text": text}, headers={"Authorization": "Bearer x"})
        assert wrong.status_code == 401
        ok = {"Authorization": "Bearer s3cret"}
        coded = client.post("/api/code", json={"text": text, "date": "2023-09-05"}, headers=ok)
        assert coded.status_code == 200 and coded.json()["stored"] is False
        (accused,) = [e for e in coded.json()["events"] if e["code"].startswith("11")]
        assert (accused["source"], accused["target"]) == ("AZE", "ARM")
        assert accused["date"] == "2023-09-05"
        kept = client.post("/api/code", json={"text": text, "date": "2023-09-05", "store": True},
                           headers=ok).json()  # fmt: skip
        assert kept["stored"] and kept["events"]
        listed = client.get("/api/events", params={"doc_id": kept["doc_id"]}).json()["events"]
        assert [e["event_id"] for e in listed] == [e["event_id"] for e in kept["events"]]
        document = client.get(f"/api/documents/{kept['doc_id']}").json()
        assert document["document"]["text"] == text and document["events"]
        empty = client.post("/api/code", json={"text": ""}, headers=ok)
        assert empty.status_code == 422
        huge = client.post("/api/code", content=b"x" * 3_000_000, headers={
            **ok, "content-type": "application/json"})  # fmt: skip
        assert huge.status_code == 413 and huge.json()["error"]["type"] == "TooLarge"


def test_without_a_token_local_writes_are_open(db, tmp_path):
    copy = tmp_path / "copy.duckdb"
    copy.write_bytes(db.read_bytes())
    with TestClient(create_app(copy)) as client:
        answer = client.post(
            "/api/code", json={"text": "Russia warned Armenia.", "date": "2023-09-05"}
        )
        assert answer.status_code == 200
