"""``realpolitik demo`` end to end, as a new user runs it: the bundled corpus coded into a
fresh store, the report written and read back with a real parser, its PNG charts decoded,
and what the report says about the founding thesis."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import lxml.html
import pytest
from report_store import figure, kaleido_or_skip, png_size

pytestmark = pytest.mark.slow

CHARTS = ("timeline", "dyad-RUS-ARM", "dyad-RUS-AZE", "dyad-AZE-NKR", "network", "trade")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    kaleido_or_skip()
    folder = tmp_path_factory.mktemp("demo") / "realpolitik-demo"
    charts = folder / "charts"
    done = subprocess.run(
        [sys.executable, "-m", "realpolitik", "demo", "--dir", str(folder), "--png", str(charts),
         "--show", "3"],
        capture_output=True, text=True, timeout=900, check=False,
        env={**os.environ, "COLUMNS": "80"},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return folder, done.stdout


@pytest.fixture(scope="module")
def tree(demo: tuple[Path, str]) -> Any:
    folder, _ = demo
    return lxml.html.document_fromstring((folder / "report.html").read_text(encoding="utf-8"))


def test_the_demo_says_where_the_report_is_and_what_it_found(demo: tuple[Path, str]) -> None:
    folder, stdout = demo
    lines = " ".join(stdout.split())
    assert f"report: {folder / 'report.html'}" in lines
    assert "RUS↔ARM: worsened (cooperative → hostile)" in lines
    assert "RUS↔AZE: no significant change (cooperative throughout)" in lines
    assert f"6 PNG chart(s) in {folder / 'charts'}" in lines
    assert "trade: relations worse, trade up 38 %" in lines
    assert max(len(line) for line in stdout.splitlines()) <= 80


def test_every_chart_is_in_the_page_and_a_whole_png(demo: tuple[Path, str], tree: Any) -> None:
    folder, _ = demo
    ids = [d.get("id") for d in tree.xpath("//div[contains(@class, 'plotly-graph-div')]")]
    assert ids == [f"chart-{name}" for name in CHARTS]
    for name in CHARTS:
        width, height = png_size(folder / "charts" / f"{name}.png")
        assert width == 1000 and height >= 460


def test_the_verdicts_are_the_thesis(tree: Any) -> None:
    rows = tree.xpath("//section[@id='verdicts']//tr")
    cells = {
        cells[0]: cells
        for cells in ([c.text_content().strip() for c in r.xpath("./td")] for r in rows[1:])
    }
    assert list(cells) == ["RUS ↔ ARM", "RUS ↔ AZE", "AZE ↔ NKR"]
    # Russia-Armenia turned negative in 2023; Russia-Azerbaijan stayed cooperative
    assert cells["RUS ↔ ARM"][1:3] == ["worsened", "cooperative → hostile"]
    assert float(cells["RUS ↔ ARM"][7]) < 0.01  # the permutation p-value
    assert cells["RUS ↔ AZE"][1] != "worsened"
    assert cells["RUS ↔ AZE"][2] == "cooperative throughout"


def test_the_september_2023_karabakh_offensive_is_a_shift(tree: Any) -> None:
    karabakh = figure(tree, "chart-dyad-AZE-NKR")
    marks = {t["name"]: t for t in karabakh["data"] if t["name"].startswith("shift in")}
    worse = marks["shift in intensity (click: evidence)"]
    assert "2023-09-01" in worse["x"]
    anchor = worse["customdata"][worse["x"].index("2023-09-01")]
    (heading,) = tree.xpath(f"//tr[@id='{anchor}']")
    assert "AZE ↔ NKR from 2023-09-01: worsened" in heading.text_content()
    # the events behind it are the offensive of 19 September
    drivers = tree.xpath(f"//tr[starts-with(@id, '{anchor}-ev-')]")
    assert drivers and any("2023-09-19" in row.text_content() for row in drivers)
    # Russia-Armenia's tone turned in 2023
    armenia = figure(tree, "chart-dyad-RUS-ARM")
    tone = next(t for t in armenia["data"] if t["name"] == "shift in tone (click: evidence)")
    assert any(x.startswith("2023-") for x in tone["x"])


def test_the_trade_section_sets_trade_beside_relations(tree: Any) -> None:
    rows = tree.xpath("//section[@id='trade']//tr")
    cells = [[c.text_content().strip() for c in r.xpath("./td")] for r in rows[1:]]
    (armenia,) = [c for c in cells if c[0] == "RUS ↔ ARM"]
    # relations worse while trade grew: the two moved apart
    assert armenia[3] == "+38 %" and armenia[4] == "apart"
    assert armenia[5] == "relations worse, trade up 38 %"
    trade = figure(tree, "chart-trade")
    (line,) = trade["data"]
    assert line["x"] == ["2022-01-01", "2023-01-01"] and line["y"] == [5.3, 7.3]


def test_the_demo_report_renders_in_chromium(demo: tuple[Path, str], tmp_path: Path) -> None:
    from report_store import browser_or_skip

    chromium = browser_or_skip()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        if os.environ.get("CI"):
            pytest.fail("playwright is not installed; the dev extra brings it")
        pytest.skip("playwright is not installed (pip install playwright)")
    folder, _ = demo
    errors: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch_persistent_context(
            tmp_path / "profile", executable_path=chromium, headless=True,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"],
            viewport={"width": 1100, "height": 900},
        )  # fmt: skip
        try:
            page = browser.new_page()
            page.on("pageerror", lambda err: errors.append(str(err)))
            page.on(
                "console",
                lambda m: errors.append(m.text) if m.type == "error" else None,
            )
            page.goto((folder / "report.html").as_uri())
            page.wait_for_function(
                "Array.from(document.querySelectorAll('.plotly-graph-div'))"
                ".every(d => d.querySelector('.main-svg'))",
                timeout=30_000,
            )
            trade = page.locator("#chart-trade")
            assert trade.locator("g.trace").count() == 1
            assert trade.locator("path.point").count() == 2
            section = page.locator("section#trade").inner_text()
            assert "relations worse, trade up 38 %" in section
            page.locator("section#trade").screenshot(path=str(tmp_path / "trade.png"))
        finally:
            browser.close()
    assert not errors, errors
