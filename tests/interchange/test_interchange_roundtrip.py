"""Round trips: rows -> GDELT 2.0 / PLOVER JSON Lines -> rows keep the shared fields."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import pytest

import realpolitik
from realpolitik.cli.render import flat
from realpolitik.interchange import Problem, read, write
from realpolitik.interchange.gdelt import GDELT1, GDELT2, global_event_id

FIXTURES = Path(__file__).parent.parent / "fixtures" / "interchange"
SHARED = (
    "date",
    "source",
    "source_country",
    "target",
    "target_country",
    "code",
    "root",
    "quad_class",
    "goldstein",
    "url",
)


def _rows(format: str, path: Path) -> list[dict[str, Any]]:
    return [row for row in read(format, path) if not isinstance(row, Problem)]


def _shared(row: dict[str, Any]) -> dict[str, Any]:
    out = {key: row[key] for key in SHARED}
    for key in ("location_latitude", "location_longitude"):
        out[key] = None if row[key] is None else round(float(row[key]), 4)
    out["location_country"] = row["location_country"]
    return out


@pytest.fixture(scope="module")
def coded_rows() -> list[dict[str, Any]]:
    events = realpolitik.code_text(
        "Russia summoned Armenia's ambassador on September 8.", date="2023-09-10"
    )
    assert events
    rows = []
    for event in events:
        row = flat(event)
        row["date"] = event.date
        row.update(
            dataset="coded",
            original_id=event.event_id,
            url="https://news.example.org/summoned",
            extra={},
        )
        rows.append(row)
    return rows


@pytest.mark.parametrize(
    ("format", "name"),
    [
        ("gdelt2", "gdelt2.export.CSV"),
        ("icews", "icews.events.tab"),
        ("acled", "acled.csv"),
        ("polecat", "polecat.txt"),
        ("plover", "plover.jsonl"),
    ],
)
@pytest.mark.parametrize("target", ["gdelt2", "gdelt1", "plover"])
def test_interchange_roundtrip(format: str, name: str, target: str, tmp_path: Path) -> None:
    rows = _rows(format, FIXTURES / name)
    out = tmp_path / f"out.{target}"
    assert write(target, rows, out).written == len(rows)
    back = _rows(target, out)
    assert len(back) == len(rows)
    for before, after in zip(rows, back, strict=True):
        assert _shared(after) == _shared(before)
        if target == "plover" or format == "gdelt2":
            assert after["original_id"] == before["original_id"]
            assert after["dataset"] == before["dataset"]
        else:
            assert after["original_id"] == str(global_event_id(before))


@pytest.mark.parametrize("target", ["gdelt2", "plover"])
def test_interchange_roundtrip_coded_events(
    coded_rows: list[dict[str, Any]], target: str, tmp_path: Path
) -> None:
    out = tmp_path / "coded.out"
    assert write(target, coded_rows, out).written == len(coded_rows)
    back = _rows(target, out)
    for before, after in zip(coded_rows, back, strict=True):
        assert _shared(after) == _shared(before)
        assert after["source_country"] == "RUS"
        assert after["target_country"] == "ARM"
        assert isinstance(after["code"], str) and after["code"] == before["code"]
    if target == "plover":
        assert [r["original_id"] for r in back] == [r["original_id"] for r in coded_rows]
        assert [r["sentence"] for r in back] == [r["sentence"] for r in coded_rows]


@pytest.mark.parametrize(("target", "layout"), [("gdelt2", GDELT2), ("gdelt1", GDELT1)])
def test_interchange_gdelt_export_columns(
    coded_rows: list[dict[str, Any]], target: str, layout: tuple[str, ...], tmp_path: Path
) -> None:
    out = tmp_path / "coded.export.CSV.zip"
    write(target, coded_rows, out)
    with zipfile.ZipFile(out) as archive:
        line = archive.read(archive.namelist()[0]).decode().splitlines()[0]
    record = dict(zip(layout, line.split("\t"), strict=True))
    row = coded_rows[0]
    assert record["GLOBALEVENTID"] == str(global_event_id(row))
    assert record["SQLDATE"] == row["date"].strftime("%Y%m%d")
    assert record["MonthYear"] == row["date"].strftime("%Y%m")
    assert record["Actor1CountryCode"] == "RUS"
    assert record["Actor2CountryCode"] == "ARM"
    assert record["EventCode"] == row["code"]
    assert record["EventRootCode"] == row["root"]
    assert record["NumMentions"] == record["NumSources"] == record["NumArticles"] == "1"
    assert record["SOURCEURL"] == "https://news.example.org/summoned"
    assert len(record["DATEADDED"]) == (14 if target == "gdelt2" else 8)
    assert record["AvgTone"] == ""


@pytest.mark.parametrize("name", ["gdelt2.export.CSV"])
def test_interchange_gdelt_to_gdelt_keeps_columns(name: str, tmp_path: Path) -> None:
    source = (FIXTURES / name).read_text().splitlines()
    rows = _rows("gdelt2", FIXTURES / name)
    write("gdelt2", rows, tmp_path / "copy.CSV")
    copy = (tmp_path / "copy.CSV").read_text().splitlines()
    originals = [line for line in source if len(line.split("\t")) == len(GDELT2)]
    for before, after in zip(originals, copy, strict=True):
        b, a = before.split("\t"), after.split("\t")
        # identical except FractionDate and number formatting, which we write ourselves
        differ = [GDELT2[i] for i in range(len(GDELT2)) if b[i] != a[i]]
        assert set(differ) <= {"FractionDate", "GoldsteinScale", "ActionGeo_Lat", "ActionGeo_Long"}
