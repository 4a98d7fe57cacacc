"""A store with a planted shift (its rows, written inline), and checks of what a report
writes: the browser and kaleido it needs, the PNG files it makes."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import os
import random
import re
import shutil
import struct
import sys
import zlib
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "analysis"))

from analysis_store import event

HOSTILE = "Russian troops <script>alert('x')</script> shelled <img src=x onerror=alert(1)> Gyumri."
SHIFT_MONTH = dt.date(2023, 1, 1)


def planted_rows() -> list[dict[str, Any]]:
    """Four years of monthly events: RUS↔ARM cooperative until 2022 and hostile from
    January 2023 (the planted shift), ARM↔AZE hostile throughout, RUS↔AZE and a few others
    mixed. One hostile RUS→ARM event is reported five times and its sentence holds markup."""
    rng = random.Random(8)
    rows: list[dict[str, Any]] = []
    for month in range(48):
        year, m = 2021 + month // 12, month % 12 + 1
        for k in range(6):
            day = dt.date(year, m, 1 + 4 * k)
            after = day >= SHIFT_MONTH
            score = rng.choice((-6.0, -7.0, -8.0)) if after else rng.choice((3.0, 4.0, 5.0))
            rows.append(event(day, "RUSGOV", "ARMGOV", score))
            rows.append(event(day, "AZEMIL", "ARMMIL", rng.choice((-5.0, -7.0, 1.0))))
            if k % 2 == 0:
                rows.append(event(day, "RUS", "AZE", rng.choice((-2.0, 1.0, 4.0))))
                rows.append(event(day, "USA", "TUR", rng.choice((1.0, 3.0))))
    cluster = "e-planted"
    for n in range(5):
        rows.append(
            event(
                "2023-03-10",
                "RUSMIL",
                "ARM",
                -10.0,
                code="195",
                cluster=cluster,
                event_id=cluster if n == 0 else None,
                sentence=HOSTILE,
                url="javascript:alert(2)" if n == 0 else "https://example.org/a",
            )
        )
    return rows


def browser_or_skip() -> str:
    """Debian's chromium, or a skip with the reason (a failure under CI, where the browser
    is installed by .ci/run)."""
    found = shutil.which("chromium") or (
        "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None
    )
    if found:
        return found
    if os.environ.get("CI"):
        pytest.fail("chromium is not installed; .ci/run installs Debian's chromium")
    pytest.skip("chromium is not installed (apt-get install chromium)")


SIGNATURE = b"\x89PNG\r\n\x1a\n"
CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}


def png_size(path: Path) -> tuple[int, int]:
    """Width and height of a PNG file after decoding it: signature, every chunk's CRC, the
    IHDR header, and the zlib stream of the IDAT chunks, which must inflate to exactly the
    scanlines the header promises."""
    data = path.read_bytes()
    assert data[:8] == SIGNATURE, f"{path} is not a PNG"
    at, header, idat, ended = 8, None, b"", False
    while at < len(data):
        (length,) = struct.unpack(">I", data[at : at + 4])
        kind = data[at + 4 : at + 8]
        body = data[at + 8 : at + 8 + length]
        (crc,) = struct.unpack(">I", data[at + 8 + length : at + 12 + length])
        assert zlib.crc32(kind + body) == crc, f"bad CRC in the {kind!r} chunk of {path}"
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        elif kind == b"IEND":
            ended = True
        at += 12 + length
    assert header is not None and ended
    width, height, depth, colour, _, _, interlace = header
    assert width > 0 and height > 0
    raw = zlib.decompress(idat)
    if interlace == 0:
        row = 1 + (width * CHANNELS[colour] * depth + 7) // 8
        assert len(raw) == height * row
    assert len(set(raw)) > 2, f"{path} is one flat colour"
    return width, height


def kaleido_or_skip() -> None:
    if importlib.util.find_spec("kaleido") is None:
        if os.environ.get("CI"):
            pytest.fail("kaleido is not installed; the dev extra brings it")
        pytest.skip("kaleido is not installed (pip install 'realpolitik[png]')")
    browser_or_skip()


def figure(tree: Any, chart_id: str) -> dict[str, Any]:
    """The data and layout plotly is given for the chart div ``chart_id``."""
    decoder = json.JSONDecoder()
    for script in tree.iter("script"):
        body = script.text or ""
        match = re.search(r'Plotly\.newPlot\(\s*"' + re.escape(chart_id) + r'",\s*', body)
        if match:
            data, end = decoder.raw_decode(body, match.end())
            layout, _ = decoder.raw_decode(body, body.index("{", end))
            return {"data": data, "layout": layout}
    raise AssertionError(f"no Plotly.newPlot for {chart_id}")
