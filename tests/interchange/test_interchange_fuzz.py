"""Fuzzing the readers: random bytes, random text, random JSON and truncated real files give
rows, Problems or one InterchangeError, never a traceback; imports leave stored events as
they were; a huge file is read in bounded memory."""

from __future__ import annotations

import json
import tempfile
import tracemalloc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from realpolitik.cli import app
from realpolitik.errors import InterchangeError
from realpolitik.interchange import FORMATS, Problem, read, write
from realpolitik.interchange.importer import import_files

FIXTURES = Path(__file__).parent.parent / "fixtures" / "interchange"
SAMPLES = {
    "gdelt1": "gdelt1_backfile.CSV",
    "gdelt2": "gdelt2.export.CSV",
    "icews": "icews.events.tab",
    "acled": "acled.csv",
    "polecat": "polecat.txt",
    "plover": "plover.jsonl",
}
FUZZ = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=12,
)
plover_records = st.fixed_dictionaries(
    {"id": json_values, "date": st.one_of(json_values, st.just("2023-09-01"))},
    optional={
        "event": st.one_of(json_values, st.sampled_from([["CONSULT"], ["ASSAULT"], "PROTEST"])),
        "mode": json_values,
        "quad_code": json_values,
        "actor": json_values,
        "recipient": st.lists(st.dictionaries(st.sampled_from(["code", "sector"]), json_values)),
        "event_loc": st.dictionaries(
            st.sampled_from(["lat", "lon", "resolution", "country_code", "resolved_place"]),
            json_values,
        ),
        "cameo": st.dictionaries(st.sampled_from(["code", "goldstein", "root"]), json_values),
        "cite_info": st.dictionaries(st.sampled_from(["corpus", "citation", "url"]), json_values),
        "realpolitik": st.dictionaries(
            st.sampled_from(["sentence_index", "confidence", "char_start", "extra", "rules"]),
            json_values,
        ),
        "text": json_values,
    },
)


def _consume(format: str, path: Path) -> list[Any]:
    """Everything a reader gives; an InterchangeError (a refused file) is fine too."""
    try:
        items = list(read(format, path))
    except InterchangeError as err:
        assert str(err)
        return []
    for item in items:
        assert isinstance(item, Problem | dict)
    return items


@pytest.fixture(scope="module")
def folder() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as name:
        yield Path(name)


@pytest.mark.parametrize("format", FORMATS)
@FUZZ
@given(data=st.binary(max_size=3000))
def test_interchange_fuzz_random_bytes(format: str, data: bytes, folder: Path) -> None:
    path = folder / f"bytes.{format}"
    path.write_bytes(data)
    _consume(format, path)


@pytest.mark.parametrize("format", FORMATS)
@FUZZ
@given(text=st.text(max_size=1500), header=st.booleans())
def test_interchange_fuzz_random_text(format: str, text: str, header: bool, folder: Path) -> None:
    """Random text, alone or after the sample's first line (so that it passes the header)."""
    path = folder / f"text.{format}"
    first = (FIXTURES / SAMPLES[format]).read_text(encoding="utf-8").splitlines()[0]
    content = (first + "\n" + text) if header else text
    path.write_bytes(content.encode("utf-8", errors="surrogatepass"))
    _consume(format, path)


@pytest.mark.parametrize("format", FORMATS)
@FUZZ
@given(cut=st.floats(0.0, 1.0), zipped=st.booleans())
def test_interchange_fuzz_truncated_exports(
    format: str, cut: float, zipped: bool, folder: Path
) -> None:
    rows = [r for r in read(format, FIXTURES / SAMPLES[format]) if not isinstance(r, Problem)]
    whole = folder / (f"whole.{format}" + (".zip" if zipped else ""))
    write(format, rows, whole)
    data = whole.read_bytes()
    path = folder / (f"cut.{format}" + (".zip" if zipped else ""))
    path.write_bytes(data[: int(len(data) * cut)])
    items = _consume(format, path)
    assert len([item for item in items if isinstance(item, dict)]) <= len(rows)


@FUZZ
@given(records=st.lists(st.one_of(plover_records, json_values), min_size=1, max_size=5))
def test_interchange_fuzz_random_json(records: list[Any], folder: Path) -> None:
    path = folder / "random.jsonl"
    path.write_text("\n".join(json.dumps(record) for record in records) + "\n")
    _consume("plover", path)


@pytest.mark.parametrize("format", FORMATS)
@FUZZ
@given(data=st.data())
def test_interchange_fuzz_damaged_fields(format: str, data: st.DataObject, folder: Path) -> None:
    """A real file with random values put into random fields of its rows."""
    lines = (FIXTURES / SAMPLES[format]).read_text(encoding="utf-8").splitlines()
    start = 0 if format in ("gdelt1", "gdelt2", "plover") else 1
    for _ in range(data.draw(st.integers(1, 4))):
        at = data.draw(st.integers(start, len(lines) - 1))
        delimiter = "," if format == "acled" else "\t"
        if format == "plover":
            try:
                record = json.loads(lines[at])
            except json.JSONDecodeError:
                continue
            if isinstance(record, dict) and record:
                key = data.draw(st.sampled_from(sorted(record)))
                record[key] = data.draw(json_values)
                lines[at] = json.dumps(record)
            continue
        fields = lines[at].split(delimiter)
        column = data.draw(st.integers(0, len(fields) - 1))
        fields[column] = data.draw(
            st.one_of(st.text(max_size=12), st.sampled_from(["1e999", "-1e400", "nan", "9" * 30]))
        )
        lines[at] = delimiter.join(fields)
    path = folder / f"damaged.{format}"
    path.write_bytes("\n".join(lines).encode("utf-8", errors="surrogatepass"))
    _consume(format, path)


def _snapshot(db: Path) -> set[tuple[Any, ...]]:
    with duckdb.connect(str(db), read_only=True) as con:
        return set(con.execute("SELECT * EXCLUDE (run_id) FROM events").fetchall())


@pytest.fixture(scope="module")
def store(folder: Path) -> Path:
    db = folder / "store.duckdb"
    assert import_files("icews", [FIXTURES / "icews.events.tab"], db).added == 7
    return db


@pytest.mark.parametrize("format", FORMATS)
@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    content=st.one_of(
        st.binary(max_size=2000),
        st.text(max_size=800).map(lambda text: text.encode("utf-8", errors="surrogatepass")),
    ),
    header=st.booleans(),
)
def test_interchange_fuzz_cli_import_keeps_store(
    format: str, content: bytes, header: bool, folder: Path, store: Path
) -> None:
    first = (FIXTURES / SAMPLES[format]).read_bytes().split(b"\n")[0]
    path = folder / f"fuzz.{format}"
    path.write_bytes(first + b"\n" + content if header else content)
    before = _snapshot(store)
    result = CliRunner().invoke(
        app, ["import", format, str(path), "--db", str(store)], catch_exceptions=False
    )
    assert result.exit_code in (0, 1)
    after = _snapshot(store)
    assert before <= after
    if "rejected" in result.stdout:
        assert after == before


@pytest.mark.parametrize("format", ["gdelt2", "plover", "icews"])
def test_interchange_fuzz_huge_files_in_bounded_memory(format: str, folder: Path) -> None:
    """A 12 MB file without line breaks, and one of 12 MB of prose, read within 8 MB."""
    line = folder / f"one-line.{format}"
    line.write_bytes(b"word " * 2_400_000)
    prose = folder / f"prose.{format}"
    prose.write_bytes(b"It was a dark and stormy night, the rain fell in torrents.\n" * 200_000)
    for path in (line, prose):
        tracemalloc.start()
        try:
            with pytest.raises(InterchangeError, match="Nothing was imported"):
                list(read(format, path))
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        assert peak < 8 * 2**20


def test_interchange_fuzz_many_bad_rows_in_bounded_memory(folder: Path) -> None:
    """A GDELT file whose first rows are good and whose next 100,000 rows are bad."""
    good = (FIXTURES / "gdelt2.export.CSV").read_text(encoding="utf-8").splitlines()
    good = [line for line in good if len(line.split("\t")) == 61]
    path = folder / "mostly-bad.export.CSV"
    with path.open("w", encoding="utf-8") as out:
        out.write("\n".join(good) + "\n")
        for number in range(100_000):
            out.write(f"broken line {number}\n")
    db = folder / "bad.duckdb"
    shown: list[Problem] = []
    tracemalloc.start()
    try:
        report = import_files("gdelt2", [path], db, report=shown.append)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert (report.added, report.bad_rows, len(shown)) == (len(good), 100_000, 20)
    assert report.files[0].more_bad_rows is not None
    assert "and 99980 more bad rows" in report.files[0].more_bad_rows
    assert peak < 16 * 2**20
