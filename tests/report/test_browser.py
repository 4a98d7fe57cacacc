"""The report opened in a real browser (Debian's chromium, driven by Playwright, offline): no
JavaScript error, every chart drawn, a click on a shift marker scrolls to its evidence."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from report_store import browser_or_skip, png_size

ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def test_the_page_renders_without_errors(page_path: Path, tmp_path: Path) -> None:
    chromium = browser_or_skip()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        if os.environ.get("CI"):
            pytest.fail("playwright is not installed; the dev extra brings it")
        pytest.skip("playwright is not installed (pip install playwright)")
    errors: list[str] = []
    fetched: list[str] = []
    with sync_playwright() as playwright:
        # a profile of its own in the test's folder (Playwright's form of --user-data-dir)
        browser = playwright.chromium.launch_persistent_context(
            tmp_path / "profile",
            executable_path=chromium,
            args=ARGS,
            headless=True,
            viewport={"width": 1100, "height": 900},
        )
        try:
            page = browser.new_page()
            page.on("pageerror", lambda err: errors.append(f"pageerror: {err}"))
            page.on(
                "console",
                lambda message: (
                    errors.append(f"console: {message.text}") if message.type == "error" else None
                ),
            )
            page.on(
                "request",
                lambda request: (
                    None
                    if request.url.startswith(("file:", "data:", "blob:"))
                    else fetched.append(request.url)
                ),
            )
            page.goto(page_path.as_uri())
            page.wait_for_function(
                "Array.from(document.querySelectorAll('.plotly-graph-div'))"
                ".every(d => d.querySelector('.main-svg'))",
                timeout=30_000,
            )
            charts = page.locator(".plotly-graph-div")
            assert charts.count() == 5
            for n in range(charts.count()):
                assert charts.nth(n).locator(".main-svg").count() >= 1
                assert charts.nth(n).locator("g.trace").count() >= 1
            # a click on a shift's diamond scrolls to that shift's evidence row
            traces = page.locator("#chart-dyad-RUS-ARM .scatterlayer .trace")
            diamonds = [
                traces.nth(n)
                for n in range(traces.count())
                if traces.nth(n).locator("path.point").count() == 1
            ]
            assert diamonds
            reached: list[str] = []
            for diamond in diamonds:
                point = diamond.locator("path.point")
                point.scroll_into_view_if_needed()
                box = point.bounding_box()
                assert box is not None
                page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
                page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
                row = page.wait_for_selector("tr.hit[id^='shift-']", timeout=5_000)
                assert row is not None
                target = row.get_attribute("id") or ""
                reached.append(target)
                # the smooth scroll ends with the row in view
                page.wait_for_function(
                    f"(() => {{ const r = document.getElementById('{target}')"
                    ".getBoundingClientRect();"
                    " return r.top >= 0 && r.bottom <= window.innerHeight; })()",
                    timeout=5_000,
                )
                page.wait_for_selector("tr.hit", state="detached", timeout=5_000)
            assert "shift-1" in reached and len(set(reached)) == len(diamonds)
            shot = tmp_path / "report.png"
            page.screenshot(path=str(shot), full_page=True)
        finally:
            browser.close()
    assert not errors, errors
    assert not fetched, fetched
    width, height = png_size(shot)
    assert width == 1100 and height > 3000
