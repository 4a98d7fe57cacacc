"""The dashboard in a real browser (Debian's chromium driven by Playwright) against a real
server process: each page loads, a click on the dyad's curve lists the events of that period
with their sentences marked, an event page shows its provenance, the search, network and
trade pages show what the API answers, a pasted text is coded, marked and saved, and an
article carrying script and event-handler payloads shows as text and runs nothing."""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "report"))

from report_store import browser_or_skip
from test_serve import start

from realpolitik.store import connect
from realpolitik.trade import TradeFlow, import_flows

pytestmark = pytest.mark.slow

HOSTILE = (
    "<script>window.__xss = 1</script> Azerbaijan accused Armenia of shelling its positions "
    '<img src=x onerror="window.__xss = 2"> near the border.'
)
ARTICLES = [
    ("2023-03-07", "Azerbaijan accused Armenia of violating the ceasefire on Tuesday."),
    ("2023-05-09", "Armenia accused Azerbaijan of blocking the Lachin corridor."),
    ("2023-09-19", HOSTILE),
]


def post(port: int, text: str, date: str) -> dict:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/api/code",
        data=json.dumps({"text": text, "date": date, "store": True}).encode(),
        headers={"content-type": "application/json"}, method="POST",
    )  # fmt: skip
    with urllib.request.urlopen(request, timeout=120) as answer:
        return json.loads(answer.read())


def playwright_or_skip():  # type: ignore[no-untyped-def]
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        if os.environ.get("CI"):
            pytest.fail("playwright is not installed; the dev extra brings it")
        pytest.skip("playwright is not installed (pip install playwright)")
    return sync_playwright


@contextmanager
def dashboard(tmp_path: Path, flows: Sequence[TradeFlow] = ()) -> Iterator[tuple[Any, str, int]]:
    """A real server over a new store holding ``flows`` and the ARTICLES, and a page of a
    headless Chromium; at the end, no script error may have happened and no dialog opened."""
    store = tmp_path / "events.duckdb"
    con = connect(store, create=True)
    if flows:
        import_flows(con, list(flows), "csv")
    con.close()
    process, port = start("--db", str(store))
    errors: list[str] = []
    dialogs: list[str] = []
    try:
        for date, text in ARTICLES:
            assert post(port, text, date)["events"], text
        with browsing(tmp_path, errors, dialogs) as page:
            yield page, f"http://127.0.0.1:{port}", port
    finally:
        process.terminate()
        process.wait(timeout=20)
    assert not errors, errors
    assert not dialogs, dialogs


def test_dashboard_pages_click_to_evidence_and_no_script_runs(tmp_path: Path) -> None:
    with dashboard(tmp_path) as (page, base, port):
        page.goto(base + "/")
        page.wait_for_selector("body[data-ready=yes]", timeout=30_000)
        assert "events" in page.locator("#summary").inner_text()
        latest = page.locator("#latest").inner_text()
        assert "<script>window.__xss = 1</script>" in latest
        assert 'onerror="window.__xss = 2"' in latest
        page.screenshot(path=str(tmp_path / "overview.png"), full_page=True)

        # an article stored meanwhile appears without a reload
        page.goto(base + "/?refresh=2")
        page.wait_for_selector("body[data-ready=yes]", timeout=30_000)
        post(port, "Georgia condemned Russia over the detention of its citizens.",
             "2023-10-02")  # fmt: skip
        page.wait_for_function(
            "document.getElementById('latest').innerText.includes('Georgia condemned')",
            timeout=20_000,
        )

        page.goto(base + "/dyad?a=AZE&b=ARM&freq=month")
        page.locator("#dyad-form button").click()
        page.wait_for_selector("#chart[data-ready=yes]", timeout=30_000)
        points = page.locator("#chart .scatterlayer .trace path.point")
        assert points.count() == 3  # March, May and September 2023: the months with events
        last = points.nth(points.count() - 1)
        box = last.bounding_box()
        assert box is not None
        page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        page.wait_for_selector("#period-events tr[data-event-id]", timeout=10_000)
        assert "2023-09-01 to 2023-09-30" in page.locator("#period-title").inner_text()
        row = page.locator("#period-events tr[data-event-id]").first
        assert "accused Armenia" in row.inner_text()
        assert row.locator("mark.trigger").count() == 1
        assert row.locator("script, img").count() == 0
        page.screenshot(path=str(tmp_path / "dyad.png"), full_page=True)

        row.locator("a").click()
        page.wait_for_selector("body[data-ready=yes] #event dl", timeout=10_000)
        text = page.locator("#event").inner_text()
        assert "AZE" in text and "provenance" in text and "rules" in text
        assert page.locator("#event mark.source").count() == 1
        page.screenshot(path=str(tmp_path / "event.png"), full_page=True)
        assert page.evaluate("window.__xss") is None
    for name in ("overview", "dyad", "event"):
        assert (tmp_path / f"{name}.png").stat().st_size > 10_000


@contextmanager
def browsing(tmp_path: Path, errors: list[str], dialogs: list[str]) -> Iterator[Any]:
    """A page of a headless Chromium that records script errors and dialogs."""
    chromium = browser_or_skip()
    sync_playwright = playwright_or_skip()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch_persistent_context(
            tmp_path / "profile", executable_path=chromium, headless=True,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"],
            viewport={"width": 1200, "height": 900},
        )  # fmt: skip
        try:
            page = browser.new_page()
            page.on("pageerror", lambda err: errors.append(str(err)))
            page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
            yield page
        finally:
            browser.close()


def trade_flows() -> list[TradeFlow]:
    """Armenia–Russia totals, and one product whose imports from the United States and
    exports to Russia both jump in 2022 (integrated circuits), beside one that does not."""

    def flow(year: int, partner: str, way: str, hs: str, value: float) -> TradeFlow:
        return TradeFlow("year", dt.date(year, 1, 1), "ARM", partner, way, hs, value)

    flows = []
    for year, exports, imports in (
        (2021, 0.8e9, 2.0e9),
        (2022, 2.4e9, 2.9e9),
        (2023, 3.4e9, 3.9e9),
    ):
        flows += [
            flow(year, "RUS", "X", "TOTAL", exports),
            flow(year, "RUS", "M", "TOTAL", imports),
        ]
    for year in range(2018, 2024):
        after = year >= 2022
        flows += [
            flow(year, "USA", "M", "854231", 9e6 if after else 1e6),
            flow(year, "RUS", "X", "854231", 6e6 if after else 0.5e6),
            flow(year, "USA", "M", "847130", 2e6),
            flow(year, "RUS", "X", "847130", 1e6),
        ]
    return flows


def test_dashboard_search_network_trade_and_code_a_text(tmp_path: Path) -> None:
    with dashboard(tmp_path, trade_flows()) as (page, base, _):
        # event search: the filters come from the address, the form shows them, and the
        # downloads carry the same query
        page.goto(base + "/events?actor=AZE&order=desc")
        page.wait_for_selector("body[data-ready=yes]", timeout=30_000)
        assert page.locator("#search-form input[name=actor]").input_value() == "AZE"
        rows = page.locator("#results tr[data-event-id]")
        assert rows.count() >= 2
        dates = [rows.nth(n).locator("td").first.inner_text() for n in range(rows.count())]
        assert dates == sorted(dates, reverse=True)
        for n in range(rows.count()):
            cells = rows.nth(n).locator("td")
            assert "AZE" in cells.nth(1).inner_text() + cells.nth(3).inner_text()
        csv_href = page.locator("#csv").get_attribute("href")
        assert csv_href == "/api/events.csv?actor=AZE&order=desc"
        download = page.request.get(base + csv_href).text().strip().splitlines()
        assert len(download) == rows.count() + 1  # the header and the same events
        page.fill("#search-form input[name=actor]", "")
        page.fill("#search-form input[name=text]", "ceasefire")
        page.locator("#search-form button").click()
        page.wait_for_url("**/events?*text=ceasefire*")
        page.wait_for_selector("body[data-ready=yes]", timeout=30_000)
        found = page.locator("#results tr[data-event-id]")
        assert found.count() >= 1
        assert all("ceasefire" in found.nth(n).inner_text() for n in range(found.count()))
        page.screenshot(path=str(tmp_path / "search.png"), full_page=True)

        # network: actors sized and listed, edges coloured by their tone
        page.goto(base + "/network?since=2023-01&until=2023-12")
        page.wait_for_selector("#network-chart[data-ready=yes]", timeout=30_000)
        actors = page.locator("#nodes").inner_text()
        assert "AZE" in actors and "ARM" in actors
        edges = page.locator("#edges").inner_text()
        assert "AZE → ARM" in edges and "conflict" in edges
        assert page.locator("#network-chart .scatterlayer .trace").count() >= 3
        page.screenshot(path=str(tmp_path / "network.png"), full_page=True)

        # trade beside relations, and the re-export signal of the planted product
        page.goto(base + "/trade?a=ARM&b=RUS")
        page.wait_for_selector("#signals[data-ready=yes]", timeout=30_000)
        assert page.locator("#trade-chart[data-ready=yes]").count() == 1
        table = page.locator("#trade-table").inner_text()
        assert "$5.30bn" in table and "$7.30bn" in table  # 2022 and 2023 turnover
        page.fill("#reexport-form input[name=from]", "USA")
        page.fill("#reexport-form input[name=since]", "2022-01")
        page.fill("#reexport-form input[name=products]", "854231,847130")
        page.locator("#reexport-form button").click()
        page.wait_for_selector("#signals[data-ready=yes]", timeout=30_000)
        flagged = page.locator("#signals tr.flagged")
        assert flagged.count() == 1 and "854231" in flagged.inner_text()
        assert "847130" in page.locator("#signals").inner_text()
        page.screenshot(path=str(tmp_path / "trade.png"), full_page=True)

        # code a text: events marked in the text with their modality, then saved
        page.goto(base + "/code")
        page.fill("#code-form textarea", "Russia condemned Armenia on Monday. " + HOSTILE
                  + " Azerbaijan did not attack Armenia.")  # fmt: skip
        page.fill("#code-form input[name=date]", "2023-09-12")
        page.locator("#code-form button[value=code]").click()
        page.wait_for_selector("body[data-coded=yes]", timeout=60_000)
        assert "not saved" in page.locator("#code-status").inner_text()
        text = page.locator("#coded-text")
        assert "<script>window.__xss = 1</script>" in text.inner_text()
        assert text.locator("script, img").count() == 0
        assert text.locator("mark.trigger").count() >= 3
        assert text.locator("mark.trigger.negated").count() == 1
        assert text.locator("mark.source").count() >= 2
        coded = page.locator("#coded-events tr[data-event-id]")
        assert coded.count() >= 3
        assert "negated" in page.locator("#coded-events").inner_text()
        page.screenshot(path=str(tmp_path / "code.png"), full_page=True)
        page.locator("#code-form button[value=save]").click()
        page.wait_for_selector("body[data-coded=yes]", timeout=60_000)
        assert "Saved as document" in page.locator("#code-status").inner_text()
        link = page.locator("#coded-events tr[data-event-id] a").first
        link.click()
        page.wait_for_selector("body[data-ready=yes] #event dl", timeout=10_000)
        assert "Russia condemned Armenia" in page.locator("#event").inner_text()
        assert page.evaluate("window.__xss") is None
    for name in ("search", "network", "trade", "code"):
        assert (tmp_path / f"{name}.png").stat().st_size > 10_000
