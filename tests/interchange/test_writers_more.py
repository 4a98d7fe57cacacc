"""Writers for ICEWS, ACLED and POLECAT: files that read back through the readers of the same
format with the shared fields intact."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest

import realpolitik
from realpolitik.interchange import WRITABLE, Problem, read, write
from realpolitik.interchange import acled as acled_format
from realpolitik.interchange import icews as icews_format
from realpolitik.interchange import polecat as polecat_format
from realpolitik.interchange.rows import stable_number
from realpolitik.store.rows import event_row

FIXTURES = Path(__file__).parent.parent / "fixtures" / "interchange"
SAMPLES = {
    "icews": "icews.events.tab",
    "acled": "acled.csv",
    "polecat": "polecat.txt",
    "gdelt2": "gdelt2.export.CSV",
    "plover": "plover.jsonl",
}
OWN: tuple[str, ...] = ("date", "source", "source_country", "target", "target_country", "code")
OWN += ("root", "dataset", "original_id", "plover_type", "location_country", "location_name")
TARGETS = ("icews", "acled", "polecat")


def _rows(format: str, path: Path) -> list[dict[str, Any]]:
    return [row for row in read(format, path) if not isinstance(row, Problem)]


def _expressible(target: str, row: dict[str, Any]) -> bool:
    """Whether a row's event has a counterpart in ``target`` (else the reader skips it)."""
    code = str(row.get("code") or "")
    if target == "acled":
        return acled_format.acled_type(code) is not None
    if target == "polecat":
        return bool(row.get("plover_type") or polecat_format.plover_of(code)[0])
    return True


def _compare(target: str, before: dict[str, Any], after: dict[str, Any]) -> None:
    assert after["date"] == before["date"]
    assert after["source_country"] == before["source_country"]
    assert after["target_country"] == before["target_country"]
    if target == "icews":
        assert after["code"] == before["code"]
    elif target == "acled":
        assert after["root"] == before["root"]
        assert after["code"] == acled_format.event_code(
            *acled_format.acled_type(str(before["code"])) or ("", None)
        )
    else:
        event = before["plover_type"] or polecat_format.plover_of(str(before["code"]))[0]
        assert after["plover_type"] == event


@pytest.fixture(scope="module")
def coded_rows() -> list[dict[str, Any]]:
    events = realpolitik.code_text(
        "Azerbaijani forces shelled Armenian positions on 13 September.", date="2022-09-14"
    )
    assert events
    rows = []
    for event in events:
        row = event_row(event)
        row.update(dataset="coded", original_id=event.event_id, url=None, extra={})
        rows.append(row)
    return rows


def test_writers_more_registered() -> None:
    assert {"icews", "acled", "polecat"} <= set(WRITABLE)


@pytest.mark.parametrize("target", TARGETS)
def test_writers_more_same_format_roundtrip(target: str, tmp_path: Path) -> None:
    rows = _rows(target, FIXTURES / SAMPLES[target])
    assert rows
    out = tmp_path / f"copy.{target}"
    assert write(target, rows, out).written == len(rows)
    back = list(read(target, out))
    assert not [row for row in back if isinstance(row, Problem)]
    assert len(back) == len(rows)
    for before, after in zip(rows, back, strict=True):
        assert isinstance(after, dict)
        assert {key: after[key] for key in OWN} == {key: before[key] for key in OWN}
        for key in ("location_latitude", "location_longitude"):
            assert after[key] == pytest.approx(before[key])


@pytest.mark.parametrize("source", sorted(SAMPLES))
@pytest.mark.parametrize("target", TARGETS)
def test_writers_more_cross_format(source: str, target: str, tmp_path: Path) -> None:
    rows = _rows(source, FIXTURES / SAMPLES[source])
    rows = [row for row in rows if _expressible(target, row)]
    assert rows
    out = tmp_path / f"out.{target}"
    assert write(target, rows, out).written == len(rows)
    back = list(read(target, out))
    assert not [row for row in back if isinstance(row, Problem)]
    for before, after in zip(rows, back, strict=True):
        assert isinstance(after, dict)
        _compare(target, before, after)


@pytest.mark.parametrize("target", TARGETS)
def test_writers_more_coded_sentence(
    coded_rows: list[dict[str, Any]], target: str, tmp_path: Path
) -> None:
    out = tmp_path / f"coded.{target}"
    if target == "acled":
        # ACLED records where an event happened; an event without a country is left out
        assert write(target, coded_rows, out).left_out == (("no country", len(coded_rows)),)
        coded_rows = [dict(row, location_country="ARM") for row in coded_rows]
    assert write(target, coded_rows, out).written == len(coded_rows)
    back = _rows(target, out)
    assert len(back) == len(coded_rows)
    for before, after in zip(coded_rows, back, strict=True):
        assert after["date"] == before["date"]
        assert after["source_country"] == "AZE"
        assert after["target_country"] == "ARM"
        assert after["root"] == before["root"] == "19"
        _compare(target, before, after)


def test_writers_more_icews_columns(coded_rows: list[dict[str, Any]], tmp_path: Path) -> None:
    out = tmp_path / "coded.tab"
    write("icews", coded_rows, out)
    header, line = out.read_text(encoding="utf-8").splitlines()[:2]
    assert tuple(header.split("\t")) == icews_format.COLUMNS
    record = dict(zip(icews_format.COLUMNS, line.split("\t"), strict=True))
    row = coded_rows[0]
    assert record["Event ID"] == str(stable_number(row["event_id"]))
    assert record["Event Date"] == row["date"].isoformat()
    assert record["Source Country"] == "Azerbaijan"
    assert record["Target Country"] == "Armenia"
    assert record["Source Sectors"] == record["Target Sectors"] == "Military"
    assert record["Event Text"] == row["event_name"]
    assert record["CAMEO Code"] == row["code"]
    assert float(record["Intensity"]) == row["goldstein"]


def test_writers_more_icews_sectors() -> None:
    assert icews_format.sector_of("RUSGOV", "RUS") == "Government"
    assert icews_format.sector_of("REB", None) is not None
    assert icews_format.sector_of("UKR", "UKR") is None
    assert icews_format.sector_of("RUSXYZ", "RUS") is None


def test_writers_more_acled_types() -> None:
    assert acled_format.acled_type("194") == (
        "Explosions/Remote violence",
        "Shelling/artillery/missile attack",
    )
    assert acled_format.acled_type("1823") == ("Violence against civilians", "Attack")
    assert acled_format.acled_type("193") == ("Battles", "Armed clash")
    assert acled_format.acled_type("042") is None


def test_writers_more_acled_columns(coded_rows: list[dict[str, Any]], tmp_path: Path) -> None:
    row = dict(coded_rows[0], quantity_value=3.0, quantity_counted="fatality")
    row.update(location_country="ARM", location_name="Jermuk")
    consult = dict(row, code="042", root="04", event_id="coded-consult")
    nowhere = dict(row, location_country=None, event_id="coded-nowhere")
    out = tmp_path / "coded.csv"
    export = write("acled", [row, consult, nowhere], out)
    assert export.written == 1
    assert export.left_out == (("no ACLED event type", 1), ("no country", 1))
    assert str(export).endswith("; 2 left out: no ACLED event type (1), no country (1)")
    with out.open(encoding="utf-8", newline="") as stream:
        lines = list(csv.reader(stream))
    assert len(lines) == 2
    assert tuple(lines[0]) == acled_format.COLUMNS
    first = dict(zip(acled_format.COLUMNS, lines[1], strict=True))
    assert first["event_type"] == "Explosions/Remote violence"
    assert first["actor1"] == "Azerbaijani forces (Azerbaijan)"
    assert first["inter1"] == "State forces"
    assert first["fatalities"] == "3"
    assert first["notes"] == row["sentence"]
    assert first["country"] == "Armenia"
    # every row written reads back
    back = list(read("acled", out))
    assert len(back) == 1 and not isinstance(back[0], Problem)


def test_writers_more_polecat_columns(coded_rows: list[dict[str, Any]], tmp_path: Path) -> None:
    row = dict(coded_rows[0], url="https://news.example.org/shelling")
    out = tmp_path / "coded.txt"
    write("polecat", [row], out)
    header, line = out.read_text(encoding="utf-8").splitlines()[:2]
    assert tuple(header.split("\t")) == polecat_format.WRITTEN
    record = dict(zip(polecat_format.WRITTEN, line.split("\t"), strict=True))
    assert record["Event Type"] == "ASSAULT"
    assert record["Event Mode"] == "heavy-weapons"
    assert record["Quad Code"] == "MATERIAL CONFLICT"
    assert record["Actor Country"] == "AZE"
    assert record["Recipient Country"] == "ARM"
    assert record["Primary Actor Sector"] == "MIL"
    assert float(record["Event Intensity"]) == row["goldstein"]
    back = _rows("polecat", out)
    assert back[0]["url"] == "https://news.example.org/shelling"
    assert back[0]["sentence"] == row["sentence"]
    assert back[0]["source"] == "AZEMIL"
