"""The dashboard in a real browser (Debian's chromium driven by Playwright) against a real
server process: each page loads, a click on the dyad's curve lists the events of that period
with their sentences marked, an event page shows its provenance, and an article carrying
script and event-handler payloads shows as text and runs nothing."""

from __future__ import annotations

import json
import os
import sys
import urllib.request
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "report"))

from report_store import browser_or_skip
from test_serve import start

from realpolitik.store import connect

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


def test_dashboard_pages_click_to_evidence_and_no_script_runs(tmp_path: Path) -> None:
    chromium = browser_or_skip()
    sync_playwright = playwright_or_skip()
    store = tmp_path / "events.duckdb"
    connect(store, create=True).close()
    process, port = start("--db", str(store))
    base = f"http://127.0.0.1:{port}"
    errors: list[str] = []
    dialogs: list[str] = []
    try:
        for date, text in ARTICLES:
            assert post(port, text, date)["events"], text
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
                page.goto(base + "/")
                page.wait_for_selector("body[data-ready=yes]", timeout=30_000)
                assert "events" in page.locator("#summary").inner_text()
                latest = page.locator("#latest").inner_text()
                assert "<script>window.__xss = 1</script>" in latest
                assert 'onerror="window.__xss = 2"' in latest
                page.screenshot(path=str(tmp_path / "overview.png"), full_page=True)

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
            finally:
                browser.close()
    finally:
        process.terminate()
        process.wait(timeout=20)
    assert not errors, errors
    assert not dialogs, dialogs
    for name in ("overview", "dyad", "event"):
        assert (tmp_path / f"{name}.png").stat().st_size > 10_000
