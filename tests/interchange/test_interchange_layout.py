"""Importers refuse files that are not of their format, whole and with one message; bad rows
within a file of the format are reported (the first 20 in full) and the rest imported."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest
from typer.testing import CliRunner

from realpolitik.cli import app
from realpolitik.errors import InterchangeError, StoreError
from realpolitik.interchange import Notice, Problem, read, write
from realpolitik.interchange.files import MAX_LINE
from realpolitik.interchange.importer import SHOWN, import_files

FIXTURES = Path(__file__).parent.parent / "fixtures" / "interchange"
NOVEL = "It was a dark and stormy night; the rain fell in torrents, said he.\n" * 200
runner = CliRunner()


def _events(db: Path) -> list[tuple[Any, ...]]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute("SELECT * EXCLUDE (run_id) FROM events ORDER BY event_id").fetchall()


@pytest.fixture
def store(tmp_path: Path) -> Path:
    """A store that already holds the ICEWS sample's events."""
    db = tmp_path / "store.duckdb"
    report = import_files("icews", [FIXTURES / "icews.events.tab"], db)
    assert report.added == 7
    return db


def _invoke(*args: str) -> Any:
    return runner.invoke(app, list(args), catch_exceptions=False)


@pytest.mark.parametrize(
    ("format", "content", "expected"),
    [
        (
            "gdelt2",
            NOVEL,
            "is not a GDELT 2.0 event file: its first lines have 1 tab-separated column "
            "(plain text); GDELT has 57, 58 or 61",
        ),
        (
            "gdelt1",
            "a,b,c\n1,2,3\n4,5,6\n",
            "is not a GDELT 1.0 event file: its first lines have 3 comma-separated columns",
        ),
        (
            "gdelt2",
            "\n".join("\t".join(["x"] * 61) for _ in range(3)),
            "GLOBALEVENTID holds 'x', not a number",
        ),
        (
            "gdelt2",
            "\n".join("\t".join(["7", "2023"] + ["x"] * 59) for _ in range(3)),
            "SQLDATE holds '2023', not a date YYYYMMDD",
        ),
        ("plover", NOVEL, "is not a PLOVER JSON Lines file: line 1 is not a JSON object"),
        ("plover", "[1, 2]\n[3]\n", "line 1 is not a JSON object (a JSON array, not an object)"),
        (
            "plover",
            '{"name": "x"}\n{"name": "y"}\n',
            "its records are JSON objects without the PLOVER fields (line 1 lacks id, date, event)",
        ),
        ("icews", NOVEL, "is not an ICEWS event file: its first line is not a header"),
        ("acled", NOVEL, "is not an ACLED event file: its first line is not a header"),
        ("polecat", "", "is not a POLECAT event file: its first line is not a header"),
    ],
)
def test_interchange_layout_refuses_other_files(
    format: str, content: str, expected: str, tmp_path: Path
) -> None:
    path = tmp_path / "x.txt"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InterchangeError, match="Nothing was imported") as caught:
        read(format, path)
    assert str(caught.value).startswith(f"{path} is not a")
    assert expected in str(caught.value)


@pytest.mark.parametrize("format", ["gdelt2", "icews", "acled", "polecat", "plover"])
def test_interchange_layout_refuses_binary(format: str, tmp_path: Path) -> None:
    packed = tmp_path / "events.gz"
    packed.write_bytes(gzip.compress((FIXTURES / "icews.events.tab").read_bytes()))
    with pytest.raises(InterchangeError, match="is gzip-compressed data"):
        read(format, packed)
    noise = tmp_path / "noise.bin"
    noise.write_bytes(bytes(range(256)) * 40)
    with pytest.raises(InterchangeError, match="holds NUL bytes"):
        read(format, noise)


def _truncated_zip(tmp_path: Path) -> Path:
    whole = (FIXTURES / "gdelt1.export.CSV.zip").read_bytes()
    cut = tmp_path / "cut.export.CSV.zip"
    cut.write_bytes(whole[: len(whole) // 2])
    return cut


def _damaged_zip(tmp_path: Path) -> Path:
    """A zip archive whose directory is whole but whose data has a flipped byte."""
    path = tmp_path / "damaged.export.CSV.zip"
    text = (FIXTURES / "gdelt2.export.CSV").read_bytes()
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_STORED) as archive:
        archive.writestr("damaged.export.CSV", text)
    data = bytearray(path.read_bytes())
    at = data.index(text[:20]) + 10
    data[at] ^= 0x01
    path.write_bytes(bytes(data))
    return path


def _empty_zip(tmp_path: Path) -> Path:
    path = tmp_path / "empty.zip"
    with zipfile.ZipFile(path, "w"):
        pass
    return path


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (_truncated_zip, "cut short, or not a zip archive at all"),
        (_damaged_zip, "is damaged (its checksum does not match)"),
        (_empty_zip, "it holds no file"),
    ],
)
def test_interchange_layout_refuses_damaged_zip(make: Any, reason: str, tmp_path: Path) -> None:
    path = make(tmp_path)
    with pytest.raises(InterchangeError, match="is a damaged zip archive") as caught:
        read("gdelt2", path)
    assert reason in str(caught.value)


def test_interchange_layout_rejected_file_leaves_others_and_store(
    store: Path, tmp_path: Path
) -> None:
    before = _events(store)
    novel = tmp_path / "novel.txt"
    novel.write_text(NOVEL, encoding="utf-8")
    cut = _truncated_zip(tmp_path)
    result = runner.invoke(
        app,
        [
            "import",
            "gdelt2",
            str(novel),
            str(FIXTURES / "gdelt2.export.CSV"),
            str(cut),
            "--db",
            str(store),
        ],
    )
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert result.stderr.count("error:") == 3  # two rejected files, one bad row
    assert f"{novel} is not a GDELT 2.0 event file" in result.stderr
    assert f"{cut} is a damaged zip archive" in result.stderr
    assert "6 new events imported as 'gdelt'; 1 malformed rows skipped; 2 files rejected" in (
        result.stdout
    )
    after = _events(store)
    assert len(after) == len(before) + 6
    assert set(before) <= set(after)


def test_interchange_layout_reports_first_bad_rows_then_count(store: Path, tmp_path: Path) -> None:
    lines = (FIXTURES / "acled.csv").read_text(encoding="utf-8").splitlines()
    good = next(line for line in lines[1:] if "UKR123456" in line)
    bad = [f"X{n},not a date,Battles" for n in range(SHOWN + 15)]
    path = tmp_path / "acled.csv"
    path.write_text("\n".join([lines[0], good, *bad]) + "\n", encoding="utf-8")
    result = _invoke("import", "acled", str(path), "--db", str(store))
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == SHOWN + 1
    assert errors[0].startswith(f"error: {path}:3: expected ")
    assert "comma-separated columns" in errors[0] and "tab-separated" not in result.stderr
    assert errors[-1] == f"error: {path}: and 15 more bad rows (skipped; the rest was imported)."
    assert "1 new events imported as 'acled'; 35 malformed rows skipped" in result.stdout


def test_interchange_layout_bad_bytes_reported_once(tmp_path: Path) -> None:
    text = (FIXTURES / "icews.events.tab").read_bytes()
    lines = text.split(b"\n")
    lines[2] = lines[2].replace(b"Russia", b"Russ\xe9a", 1)
    fields = lines[3].split(b"\t")
    fields[2] += b"\xff\xfe"  # in the source name
    lines[3] = b"\t".join(fields)
    path = tmp_path / "latin.tab"
    path.write_bytes(b"\n".join(lines))
    items = list(read("icews", path))
    notices = [item for item in items if isinstance(item, Notice)]
    assert len(notices) == 1
    assert notices[0].line == 3 and "not UTF-8" in notices[0].message
    rows = [item for item in items if not isinstance(item, Problem)]
    assert len(rows) == 7
    db = tmp_path / "s.duckdb"
    result = _invoke("import", "icews", str(path), "--db", str(db))
    assert result.stderr.count("warning:") == 1
    assert "7 new events" in result.stdout


def test_interchange_layout_long_line_and_csv_error(tmp_path: Path) -> None:
    lines = (FIXTURES / "plover.jsonl").read_text(encoding="utf-8").splitlines()
    path = tmp_path / "long.jsonl"
    path.write_text("\n".join([lines[0], "x" * (MAX_LINE + 10), lines[1]]) + "\n")
    problems = [item for item in read("plover", path) if isinstance(item, Problem)]
    assert [p.line for p in problems] == [2]
    assert "longer than 1048576 bytes" in problems[0].message
    header = (FIXTURES / "acled.csv").read_text(encoding="utf-8").splitlines()[0]
    quoted = tmp_path / "quote.csv"
    quoted.write_text(header + '\n"' + "y" * 200_000 + "\n", encoding="utf-8")
    problems = [item for item in read("acled", quoted) if isinstance(item, Problem)]
    assert "not a comma-separated record (field larger than field limit" in problems[0].message


@pytest.mark.parametrize(
    ("value", "field"),
    [
        ({"quad_code": "four"}, "quad_code"),
        ({"realpolitik": {"sentence_index": 2**40}}, "sentence_index"),
        ({"realpolitik": {"confidence": [1]}}, "confidence"),
    ],
)
def test_interchange_layout_wrong_types_skip_the_row(
    value: dict[str, Any], field: str, tmp_path: Path
) -> None:
    record = {"id": "p1", "date": "2023-09-01", "event": ["CONSULT"]} | value
    path = tmp_path / "p.jsonl"
    good = {"id": "p2", "date": "2023-09-01", "event": ["CONSULT"]}
    path.write_text(json.dumps(good) + "\n" + json.dumps(record) + "\n", encoding="utf-8")
    items = list(read("plover", path))
    assert isinstance(items[1], Problem) and field in items[1].message
    assert items[1].message.startswith(f"{path}:2: ")
    db = tmp_path / "s.duckdb"
    assert import_files("plover", [path], db).added == 1


def test_interchange_layout_export_leaves_out_and_counts(store: Path, tmp_path: Path) -> None:
    rows = [r for r in read("icews", FIXTURES / "icews.events.tab") if not isinstance(r, Problem)]
    rows[0] = dict(rows[0], date=None)
    rows[1] = dict(rows[1], code=None)
    out = tmp_path / "out.CSV"
    export = write("gdelt2", rows, out)
    assert (export.written, export.left_out) == (5, (("no date", 1), ("no CAMEO code", 1)))
    assert len([r for r in read("gdelt2", out) if not isinstance(r, Problem)]) == 5
    result = _invoke("export", "acled", str(tmp_path / "f.csv"), "--db", str(store))
    assert result.exit_code == 0
    assert result.stdout == (
        f"5 events written to {tmp_path / 'f.csv'} (acled); 2 left out: no ACLED event type (2)\n"
    )
    help_text = runner.invoke(app, ["export", "--help"], env={"COLUMNS": "240"}).stdout
    for name in ("gdelt1", "gdelt2", "icews", "acled", "polecat", "plover"):
        assert name in help_text


@pytest.mark.parametrize(
    ("format", "name"),
    [("gdelt2", "f.CSV"), ("gdelt2", "f.zip"), ("icews", "f.tab"), ("acled", "f.csv"),
     ("polecat", "f.tsv"), ("plover", "f.jsonl")],
)  # fmt: skip
def test_interchange_layout_failed_export_keeps_the_file_it_would_replace(
    tmp_path: Path, format: str, name: str
) -> None:
    rows = [r for r in read("icews", FIXTURES / "icews.events.tab") if not isinstance(r, Problem)]

    def failing() -> Iterator[dict[str, object]]:
        yield from rows
        raise InterchangeError("the store went away")

    path = tmp_path / name
    path.write_bytes(b"an earlier export\n")
    with pytest.raises(InterchangeError, match="went away"):
        write(format, failing(), path)
    assert path.read_bytes() == b"an earlier export\n"
    assert [p.name for p in tmp_path.iterdir()] == [name]
    typo = tmp_path / "typo.duckdb"
    result = runner.invoke(app, ["export", format, str(path), "--db", str(typo)])
    assert isinstance(result.exception, StoreError) and "does not exist" in str(result.exception)
    assert path.read_bytes() == b"an earlier export\n"
    assert write(format, rows, path).written > 0
    assert len([r for r in read(format, path) if not isinstance(r, Problem)]) > 0


def test_interchange_layout_empty_headerless_files_hold_nothing(tmp_path: Path) -> None:
    for format in ("gdelt2", "plover"):
        path = tmp_path / f"empty.{format}"
        assert write(format, [], path).written == 0
        assert list(read(format, path)) == []
    day = dt.date(2023, 9, 1)
    assert write("plover", [{"date": day}], tmp_path / "p.jsonl").left_out == (
        ("no event code", 1),
    )


def test_interchange_layout_failure_part_way_removes_the_run(store: Path, tmp_path: Path) -> None:
    """A file found damaged after some rows were stored leaves the store as it was."""
    from realpolitik.store import insert_event_rows

    before = _events(store)
    rows = [r for r in read("gdelt2", FIXTURES / "gdelt2.export.CSV") if isinstance(r, dict)]

    def damaged() -> Any:
        yield from rows
        raise InterchangeError("damaged part-way")

    with pytest.raises(InterchangeError, match="damaged part-way"):
        insert_event_rows(store, damaged(), "gdelt")
    assert _events(store) == before
    with duckdb.connect(str(store), read_only=True) as con:
        status = con.execute("SELECT status FROM coding_runs ORDER BY run_id DESC").fetchone()
    assert status == ("rejected",)
    with pytest.raises(InterchangeError, match="it is a directory"):
        read("icews", tmp_path)
