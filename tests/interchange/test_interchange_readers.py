"""Each reader on its sample file: row counts, field values, codes as strings, bad lines."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from realpolitik.cli.render import CSV_COLUMNS
from realpolitik.errors import Errors, InterchangeError
from realpolitik.interchange import ROW_COLUMNS, Problem, read, write

FIXTURES = Path(__file__).parent.parent / "fixtures" / "interchange"


def _split(format: str, name: str) -> tuple[list[dict[str, object]], list[Problem]]:
    rows, problems = [], []
    for item in read(format, FIXTURES / name):
        (problems if isinstance(item, Problem) else rows).append(item)
    return rows, problems


@pytest.mark.parametrize(
    ("format", "name", "count", "bad_line", "code"),
    [
        ("gdelt2", "gdelt2.export.CSV", 6, 4, "E405"),
        ("gdelt1", "gdelt1.export.CSV.zip", 5, 3, "E405"),
        ("gdelt1", "gdelt1_backfile.CSV", 5, 6, "E406"),
        ("icews", "icews.events.tab", 7, 6, "E406"),
        ("acled", "acled.csv", 5, 4, "E406"),
        ("acled", "acled_legacy.csv", 4, 5, "E406"),
        ("polecat", "polecat.txt", 5, 5, "E405"),
        ("polecat", "polecat_old.txt", 4, 5, "E406"),
        ("plover", "plover.jsonl", 5, 4, "E409"),
    ],
)
def test_interchange_reader_counts_and_problems(
    format: str, name: str, count: int, bad_line: int, code: str
) -> None:
    rows, problems = _split(format, name)
    assert len(rows) == count
    assert [(p.path.name, p.line) for p in problems] == [(name, bad_line)]
    assert f"{name}:{bad_line}:" in problems[0].message
    template = getattr(Errors, code)
    assert template.split("{line}: ")[1].split(" ")[0] in problems[0].message
    for row in rows:
        assert set(row) == set(ROW_COLUMNS)
        assert isinstance(row["date"], dt.date)
        assert isinstance(row["code"], str) and row["code"].isdigit()
        assert isinstance(row["quad_class"], int)
        assert row["goldstein"] is None or isinstance(row["goldstein"], float)
        assert row["event_id"] == f"{row['dataset']}-{row['original_id']}"
        assert isinstance(row["extra"], dict)


@pytest.mark.parametrize(
    ("format", "name", "original_id", "expected"),
    [
        (
            "gdelt2",
            "gdelt2.export.CSV",
            "1122334457",
            {
                "date": dt.date(2023, 9, 9),
                "source": "DEUGOV",
                "target_country": "UKR",
                "code": "0211",
                "root": "02",
                "quad_class": 1,
                "goldstein": 3.4,
                "location_country": "DEU",
                "location_latitude": 52.5167,
                "url": "https://zeitung.example.de/politik/ukraine-hilfe",
            },
        ),
        (
            "gdelt2",
            "gdelt2.export.CSV",
            "1122334455",
            {"code": "036", "location_country": "RUS", "location_precision": "city"},
        ),
        (
            "gdelt1",
            "gdelt1.export.CSV.zip",
            "1122334458",
            {"code": "010", "source": "AZEMIL", "location_country": "AZE"},
        ),
        (
            "gdelt1",
            "gdelt1_backfile.CSV",
            "1122334459",
            {"source_country": "ROM", "code": "042", "location_country": "ROM", "url": None},
        ),
        (
            "icews",
            "icews.events.tab",
            "36178300-20230302",
            {
                "date": dt.date(2023, 3, 2),
                "source": "UKRMIL",
                "source_country": "UKR",
                "target": "RUSMIL",
                "code": "190",
                "goldstein": -10.0,
                "sentence_index": 1,
            },
        ),
        (
            "icews",
            "icews.events.tab",
            "36178303-20230303",
            {"code": "0874", "root": "08", "quad_class": 2, "location_precision": "country"},
        ),
        (
            "icews",
            "icews.events.tab",
            "36178304-20230304",
            {"source": "ROMGOV", "target_country": "MDA", "code": "057"},
        ),
        (
            "acled",
            "acled.csv",
            "UKR123456",
            {
                "source": "RUSMIL",
                "target": "UKRCVL",
                "code": "194",
                "quantity_value": 2.0,
                "quantity_counted": "fatality",
                "location_country": "UKR",
            },
        ),
        ("acled", "acled.csv", "AZE4321", {"code": "057", "target_country": "ARM"}),
        (
            "acled",
            "acled_legacy.csv",
            "1SUD",
            {"date": dt.date(1997, 1, 18), "code": "190", "quantity_value": 12.0},
        ),
        (
            "polecat",
            "polecat.txt",
            "20230910-7a1c9e",
            {
                "source": "RUSMIL",
                "target_name": "Kharkiv",
                "target_country": "UKR",
                "plover_type": "ASSAULT",
                "plover_mode": "aerial",
                "code": "195",
                "quad_class": 4,
            },
        ),
        ("polecat", "polecat.txt", "20230910-7a1ca2", {"source": "ROMGOV", "code": "030"}),
        ("polecat", "polecat_old.txt", "20230910-7a1ca0", {"code": "042", "target": "FRAGOV"}),
        (
            "plover",
            "plover.jsonl",
            "plv-0002",
            {"source": "UKRMIL", "target_country": "RUS", "code": "194", "quad_class": 4},
        ),
        ("plover", "plover.jsonl", "plv-0005", {"source": "ROMGOV", "location_country": "MDA"}),
    ],
)
def test_interchange_reader_values(
    format: str, name: str, original_id: str, expected: dict[str, object]
) -> None:
    rows, _ = _split(format, name)
    row = next(r for r in rows if r["original_id"] == original_id)
    assert {key: row[key] for key in expected} == expected


@pytest.mark.parametrize(
    ("format", "name", "original_id", "key", "value"),
    [
        ("gdelt2", "gdelt2.export.CSV", "1122334455", "AvgTone", "-2.91970802919708"),
        ("icews", "icews.events.tab", "36178305-20230304", "source_country", "Atlantis"),
        (
            "icews",
            "icews.events.tab",
            "36178301-20230302",
            "source_sectors",
            ["Executive", "Government", "Executive Office"],
        ),
        ("acled", "acled.csv", "UKR123456", "sub_event_type", "Shelling/artillery/missile attack"),
        ("acled", "acled.csv", "UKR123456", "directed", False),
        ("acled", "acled_legacy.csv", "2SUD", "event_type", "Violence against civilians"),
        ("polecat", "polecat.txt", "20230910-7a1c9e", "event_mode", ["aerial", "heavy-weapons"]),
        (
            "polecat",
            "polecat.txt",
            "20230910-7a1c9e",
            "recipient_name",
            ["Kharkiv", "Ukrainian civilians"],
        ),
        ("polecat", "polecat.txt", "20230910-7a1c9e", "intensity", -9.5),
        ("polecat", "polecat_old.txt", "20230910-7a1c9e", "intensity", -9.5),
        ("polecat", "polecat_old.txt", "20230910-7a1ca3", "headline", "Farmers protest in Berlin"),
        ("plover", "plover.jsonl", "plv-0005", "context", ["diplomatic"]),
    ],
)
def test_interchange_reader_keeps_source_fields_in_extra(
    format: str, name: str, original_id: str, key: str, value: object
) -> None:
    rows, _ = _split(format, name)
    row = next(r for r in rows if r["original_id"] == original_id)
    assert row["extra"][key] == value  # type: ignore[index]


@pytest.mark.parametrize("name", ["icews.events.tab"])
def test_interchange_unknown_country_keeps_row(name: str) -> None:
    rows, _ = _split("icews", name)
    row = next(r for r in rows if r["original_id"] == "36178305-20230304")
    assert row["source_country"] is None
    assert row["source"] == "LEG"


@pytest.mark.parametrize("columns", [ROW_COLUMNS])
def test_interchange_row_columns_match_csv_export(columns: tuple[str, ...]) -> None:
    assert list(columns[: len(CSV_COLUMNS)]) == CSV_COLUMNS
    assert columns[len(CSV_COLUMNS) :] == ("dataset", "original_id", "url", "extra")


@pytest.mark.parametrize(
    ("call", "code"),
    [
        (lambda tmp: read("phoenix", FIXTURES / "plover.jsonl"), "Unknown interchange format"),
        (lambda tmp: read("icews", tmp / "missing.tab"), "no such file"),
        (lambda tmp: read("icews", FIXTURES / "plover.jsonl"), "is not an ICEWS event file"),
        (lambda tmp: write("acled", [], tmp / "no-dir" / "out.csv"), "Cannot write"),
    ],
)
def test_interchange_errors(call, code: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InterchangeError, match=code):
        call(tmp_path)
