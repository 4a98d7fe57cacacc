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

CHARTS = ("timeline", "dyad-RUS-ARM", "dyad-RUS-AZE", "dyad-AZE-NKR", "network")


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
    assert f"5 PNG chart(s) in {folder / 'charts'}" in lines
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
