"""``realpolitik import`` and ``export`` on real files and a real DuckDB store."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

pytestmark = pytest.mark.slow

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "interchange"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "realpolitik", *args],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def count(db: Path, dataset: str) -> int:
    with duckdb.connect(str(db), read_only=True) as con:
        row = con.execute("SELECT count(*) FROM events WHERE dataset = ?", [dataset]).fetchone()
    return int(row[0]) if row else 0


@pytest.mark.parametrize(
    ("fmt", "sample", "dataset"),
    [
        ("icews", "icews.events.tab", "icews"),
        ("gdelt2", "gdelt2.export.CSV", "gdelt"),
        ("acled", "acled.csv", "acled"),
        ("polecat", "polecat.txt", "polecat"),
        ("plover", "plover.jsonl", "plover"),
    ],
)
def test_cli_import_reports_bad_rows_and_is_idempotent(
    tmp_path: Path, fmt: str, sample: str, dataset: str
) -> None:
    db = tmp_path / "store.duckdb"
    first = run("import", fmt, str(FIXTURES / sample), "--db", str(db))
    assert first.returncode == 1, first.stderr  # each sample holds one malformed line
    assert "error:" in first.stderr and "Traceback" not in first.stderr
    stored = count(db, dataset)
    assert stored > 0
    again = run("import", fmt, str(FIXTURES / sample), "--db", str(db))
    assert "0 new events" in again.stdout
    assert count(db, dataset) == stored


def test_cli_export_gdelt_and_plover_round_trip(tmp_path: Path) -> None:
    db = tmp_path / "store.duckdb"
    run("import", "icews", str(FIXTURES / "icews.events.tab"), "--db", str(db))
    stored = count(db, "icews")
    for fmt, name, dataset in (("gdelt2", "out.CSV", "gdelt"), ("plover", "out.jsonl", "plover")):
        out = tmp_path / name
        result = run("export", fmt, str(out), "--db", str(db), "--dataset", "icews")
        assert result.returncode == 0, result.stderr
        assert f"{stored} events written" in result.stdout
        other = tmp_path / f"{fmt}.duckdb"
        back = run("import", fmt, str(out), "--db", str(other))
        assert back.returncode == 0, back.stderr
        assert count(other, dataset) == stored
