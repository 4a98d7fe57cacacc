"""Each chart as a PNG through kaleido and the machine's Chromium, decoded to check it is a
whole image; the errors without kaleido or with an unwritable folder."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
from report_store import kaleido_or_skip, png_size

from realpolitik.errors import ReportError
from realpolitik.report import Report, charts, write_png


def test_every_chart_is_a_whole_png(report: Report, tmp_path: Path) -> None:
    kaleido_or_skip()
    folder = tmp_path / "charts"
    written = write_png(report, folder)
    assert [p.name for p in written] == [f"{c.name}.png" for c in charts(report)]
    sizes = {p.stem: png_size(p) for p in written}
    assert sizes["timeline"] == (1000, 460)
    assert sizes["network"] == (1000, 560)
    assert sizes["dyad-RUS-ARM"] == (1000, 620)


def test_png_without_kaleido_names_the_extra(
    report: Report, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "kaleido", None)
    with pytest.raises(ReportError, match=r"pip install 'realpolitik\[png\]'"):
        write_png(report, tmp_path)


def test_png_into_an_unwritable_folder_names_it(report: Report, tmp_path: Path) -> None:
    if importlib.util.find_spec("kaleido") is None:
        pytest.skip("kaleido is not installed")
    blocker = tmp_path / "file.txt"
    blocker.write_text("not a folder")
    with pytest.raises(ReportError, match=str(blocker / "charts")):
        write_png(report, blocker / "charts")
