"""The HTML page read back with a real parser: its sections, the one embedded plotly bundle,
no external asset, the charts' data, verdicts, evidence anchors and escaped store text."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import lxml.html
import pytest
from plotly.offline import get_plotlyjs
from report_store import HOSTILE, figure

from realpolitik.errors import ReportError
from realpolitik.report import Report, write_html

SECTIONS = ("summary", "timeline", "dyads", "network", "leverage", "verdicts", "evidence")


@pytest.fixture(scope="module")
def text(page_path: Path) -> str:
    return page_path.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def tree(text: str) -> Any:
    return lxml.html.document_fromstring(text)


def test_every_section_is_there(tree: Any) -> None:
    for name in SECTIONS:
        (section,) = tree.xpath(f"//section[@id='{name}']")
        assert section.xpath(".//h2")
    summary = tree.xpath("//section[@id='summary']")[0].text_content()
    assert "planted.duckdb" in summary and "Generated" in summary
    assert "RUS, ARM, AZE" in summary


def test_plotly_is_embedded_once_and_nothing_is_fetched(text: str, tree: Any) -> None:
    bundle = get_plotlyjs()
    assert text.count(bundle[:2000]) == 1
    assert text.count(bundle[-2000:]) == 1
    for element in tree.iter("script", "link", "img", "iframe", "source", "audio", "video"):
        for attribute in ("src", "href"):
            value = element.get(attribute)
            assert value is None or not re.match(r"(https?:)?//", value), element
    # the markup outside plotly's bundle (whose map attributions hold links) asks for nothing
    page = _outside_links(text.replace(bundle, ""))
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)
    assert "cdn." not in page
    for style in tree.iter("style"):
        assert "@import" not in (style.text or "")
        assert not re.search(r"url\(\s*['\"]?(https?:)?//", style.text or "")


def _outside_links(text: str) -> str:
    # article links in the evidence tables are links, not assets
    return re.sub(r'<a href="https?://[^"]*" rel="noopener noreferrer">', "<a>", text)


def test_each_chart_div_has_its_figure(tree: Any) -> None:
    ids = [d.get("id") for d in tree.xpath("//div[contains(@class, 'plotly-graph-div')]")]
    assert ids == [
        "chart-timeline",
        "chart-dyad-RUS-ARM",
        "chart-dyad-ARM-AZE",
        "chart-dyad-RUS-AZE",
        "chart-network",
    ]


def test_the_planted_dyad_and_its_shift_are_in_the_chart(tree: Any, report: Report) -> None:
    fig = figure(tree, "chart-dyad-RUS-ARM")
    names = [trace.get("name") for trace in fig["data"]]
    assert names == [
        "mean Goldstein",
        "net cooperation",
        "Goldstein total",
        "shift in tone (click: evidence)",
        "shift in intensity (click: evidence)",
    ]
    mean = fig["data"][0]
    assert mean["x"][0] == "2021-01-01" and len(mean["x"]) == 48
    assert mean["y"][0] > 3 and mean["y"][-1] < -5
    totals = fig["data"][2]
    assert totals["type"] == "bar" and totals["y"][0] > 10 and totals["y"][-1] < -30
    tone, intensity = fig["data"][3], fig["data"][4]
    assert tone["x"] == intensity["x"] == ["2023-01-01"]
    assert (tone["customdata"], intensity["customdata"]) == (["shift-1"], ["shift-2"])
    assert (tone["yaxis"], intensity["yaxis"]) == ("y", "y3")  # the tone row, the totals row
    lines = fig["layout"]["shapes"]
    assert [(s["x0"], s["type"]) for s in lines] == [("2023-01-01", "line")] * 2
    labels = fig["layout"]["annotations"]
    assert [a["yref"] for a in labels] == ["y domain", "y3 domain"]
    assert [a["text"].split(" ")[:2] for a in labels] == [["#1", "▼"], ["#2", "▼"]]
    assert all("conf. 1.00" in a["text"] for a in labels)
    assert "RUS ↔ ARM" in fig["layout"]["title"]["text"]


def test_chart_points_lead_to_evidence_rows(tree: Any) -> None:
    ids = set(tree.xpath("//@id"))
    timeline = figure(tree, "chart-timeline")
    points = next(t for t in timeline["data"] if t["type"] == "scatter")
    assert points["customdata"][0] == "top-ev-e-planted"
    for anchor in points["customdata"]:
        assert anchor in ids
    (row,) = tree.xpath("//tr[@id='shift-1']")
    assert "RUS ↔ ARM from 2023-01-01: worsened" in row.text_content()
    assert "realpolitikLink(document.getElementById('chart-dyad-RUS-ARM'))" in "".join(
        s.text or "" for s in tree.iter("script")
    )
    network = figure(tree, "chart-network")
    tones = {t["name"] for t in network["data"]}
    assert "actors (size: PageRank)" in tones and "conflict edges" in tones


def test_verdicts_are_written_out(tree: Any) -> None:
    rows = tree.xpath("//section[@id='verdicts']//tr")
    cells = [[c.text_content().strip() for c in r.xpath("./td")] for r in rows[1:]]
    first = cells[0]
    assert first[:3] == ["RUS ↔ ARM", "worsened", "cooperative → hostile"]
    assert float(first[5]) < -8  # the change
    assert " to " in first[6] and float(first[7]) < 0.05  # interval, p
    assert [c[0] for c in cells] == ["RUS ↔ ARM", "ARM ↔ AZE", "RUS ↔ AZE"]


def test_every_evidence_row_has_a_unique_anchor(tree: Any, report: Report) -> None:
    rows = tree.xpath("//section[@id='evidence']//tr[td]")
    cited = [r for r in rows if len(r.xpath("./td")) == 7]
    assert cited and all(r.get("id") for r in cited)
    ids = tree.xpath("//@id")
    assert len(ids) == len(set(ids))
    drivers = report.shifts[0].drivers
    for e in drivers:
        (row,) = tree.xpath(f"//tr[@id='shift-1-ev-{e.event_id}']")
        assert e.event_id in row.text_content()
    assert tree.xpath("//tr[starts-with(@id, 'verdict-1-after-ev-')]")


def test_store_text_is_escaped(text: str, tree: Any) -> None:
    cells = [c for c in tree.xpath("//td[@class='sentence']") if "Gyumri" in c.text_content()]
    assert cells and all(c.text_content() == HOSTILE for c in cells)
    assert all(not c.getchildren() for c in cells)
    for script in tree.iter("script"):
        assert "alert('x')" not in (script.text or "")
    assert not tree.xpath("//*[@onerror]")
    assert not tree.xpath("//img")
    assert "&lt;script&gt;alert(" in text
    # a javascript: URL from the store is not made a link
    assert not tree.xpath("//a[starts-with(@href, 'javascript')]")
    # the hover text plotly reads as HTML is escaped too
    timeline = figure(tree, "chart-timeline")
    points = next(t for t in timeline["data"] if t["type"] == "scatter")
    assert "&lt;script&gt;" in points["hovertext"][0]
    assert "<script>" not in points["hovertext"][0]


def test_tables_are_capped_and_say_so(report: Report, tmp_path: Path) -> None:
    from realpolitik.report import page

    old = page.MAX_ROWS
    page.MAX_ROWS = 3
    try:
        text = write_html(report, tmp_path / "small.html").read_text(encoding="utf-8")
    finally:
        page.MAX_ROWS = old
    tree = lxml.html.document_fromstring(text)
    rows = tree.xpath("//section[@id='leverage']//tr[td]")
    assert len(rows) == 3
    note = tree.xpath("//section[@id='leverage']//p[contains(., 'left out')]")[0]
    assert note.text_content().startswith(f"{len(report.leverage) - 3} more row(s) left out")


def test_an_unwritable_path_is_an_error_naming_it(report: Report, tmp_path: Path) -> None:
    missing = tmp_path / "no" / "such" / "report.html"
    with pytest.raises(ReportError, match=re.escape(str(missing))):
        write_html(report, missing)
    with pytest.raises(ReportError, match="it is a folder"):
        write_html(report, tmp_path)
    assert not list(tmp_path.glob(".report-*"))
