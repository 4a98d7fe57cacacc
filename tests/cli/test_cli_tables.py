"""``events`` and ``code`` output as a user sees it: tables that fit the terminal, TSV in
pipes, the same columns from both commands. Stores are real DuckDB files filled through the
real ``import`` command (and the store library for ids of the coder's shape)."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from rich.cells import cell_len
from typer.testing import CliRunner

from realpolitik.cli import app
from realpolitik.store import (
    EventFilter,
    StoredCluster,
    StoredEvent,
    connect,
    insert_event_rows,
    select_events,
)

runner = CliRunner()

SENTENCES = [
    "Russia summoned Armenia's ambassador on Friday over remarks about the peacekeepers.",
    "Ukrainian troops shelled Russian positions near Robotyne overnight, the staff said.",
    "Germany pledged further air defence systems to Ukraine\tat a meeting in Ramstein.",
    "Azerbaijan accused Armenia of violating the ceasefire along the border.",
]
# fmt: off
PLOVER = [
    ("RUS", "GOV", "ARM", "GOV", "ACCUSE", "1246",
     "Summon or expel diplomats of the other side, a long event name", "document", "day"),
    ("UKR", "MIL", "RUS", "MIL", "ASSAULT", "190", "Use conventional military force", "text",
     "day"),
    ("DEU", "GOV", "UKR", "GOV", "AID", "0234", "Promise military aid", "document", "day"),
    ("AZE", "GOV", "ARM", "GOV", "ACCUSE", "112", "Accuse", "text", "month"),
]
# event ids shaped like the coder's (16 hex digits), two sharing their first 8
CODED_IDS = ["5f1c0e2a9b7d3c41", "5f1c0e2a00aa11bb", "0b3e77d1c2a4e5f6"]
# fmt: on


def plover_file(path: Path) -> Path:
    lines = []
    for n, (a, a_sector, r, r_sector, event, code, name, date_source, precision) in enumerate(
        PLOVER
    ):
        lines.append(json.dumps({
            "id": f"plv-{n:04d}", "date": f"2023-09-{8 + n:02d}",
            "actor": [{"code": a, "sector": a_sector}],
            "recipient": [{"code": r, "sector": r_sector}],
            "event": [event], "mode": [], "quad_code": 3, "text": SENTENCES[n],
            "cameo": {"code": code, "event_name": name},
            "realpolitik": {"date_source": date_source, "date_precision": precision,
                            "trigger": SENTENCES[n].split()[1], "modality": "asserted"},
        }))  # fmt: skip
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("tables")
    db = root / "store.duckdb"
    imported = runner.invoke(app, ["import", "plover", str(plover_file(root / "p.jsonl")),
                                   "--db", str(db)])  # fmt: skip
    assert imported.exit_code == 0, imported.output
    rows = [
        {"event_id": event_id, "original_id": event_id, "date": "2024-03-04",
         "date_source": "document", "date_precision": "day", "source": "IGOEUREEC",
         "target": "ARMGOV", "code": "036", "event_name": "Express intent to meet",
         "modality": "hypothetical", "trigger": "plans", "attribution_code": "ARMGOV",
         "sentence": f"The EU plans to meet Armenian officials, report {n} says."}
        for n, event_id in enumerate(CODED_IDS)
    ]  # fmt: skip
    con = connect(db)
    try:
        assert insert_event_rows(con, rows, "gdelt") == 3
    finally:
        con.close()
    return db


def stored(db: Path, clusters: bool = False) -> list[StoredEvent]:
    con = connect(db, read_only=True)
    try:
        return list(select_events(con, EventFilter(clusters=clusters)))
    finally:
        con.close()


def events(db: Path, *args: str, columns: int = 80) -> str:
    result = runner.invoke(app, ["events", "--db", str(db), *args], env={"COLUMNS": str(columns)})
    assert result.exit_code == 0, result.output
    return result.stdout


def run(*args: str, columns: int = 80) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "realpolitik", *args],
        capture_output=True, text=True, timeout=600, check=False,
        env={**os.environ, "COLUMNS": str(columns)},
    )  # fmt: skip


def body(table: str) -> list[str]:
    """The row lines of a table: those between the header's rule and the legend."""
    lines = table.splitlines()
    rule = next(n for n, line in enumerate(lines) if set(line.strip()) == {"─"})
    return [line for line in lines[rule + 1 :] if line.strip() and line[:2] not in ("* ", "~ ")]


@pytest.mark.parametrize("columns", [60, 80, 120, 200])
def test_cli_events_table_fits_the_terminal_one_line_a_row(store: Path, columns: int) -> None:
    table = events(store, "--format", "table", columns=columns)
    rows = stored(store)
    assert all(cell_len(line) <= columns for line in table.splitlines()), table
    assert f"{len(rows)} events" in table
    lines = body(table)
    assert len(lines) == len(rows), table
    for row, line in zip(rows, lines, strict=True):
        # date (and its markers), source, code and target whole, in that order
        assert row.date is not None
        pattern = (
            rf"(^|\s){row.date.isoformat()}[*~]*\s+{row.source}\s+{row.code}\s+{row.target}(\s|$)"
        )
        assert re.search(pattern, line), (line, row)


def test_cli_events_table_legend_explains_the_markers(store: Path) -> None:
    table = events(store, "--format", "table")
    assert re.search(r"2023-09-08\*\s", table) and re.search(r"2023-09-09\s", table)
    assert "* date from the document, not the text" in table
    assert "~ date known to the month, season or year only" in table
    only_text_dates = events(store, "--format", "table", "--code", "190")
    assert "*" not in only_text_dates and "date from the document" not in only_text_dates


def test_cli_events_wider_terminals_show_more_columns(store: Path) -> None:
    narrow = events(store, "--format", "table", columns=80)
    wide = events(store, "--format", "table", columns=200)
    header = {columns: next(line for line in text.splitlines() if "source" in line).split()
              for columns, text in ((80, narrow), (200, wide))}  # fmt: skip
    assert {"date", "source", "code", "target", "event"} <= set(header[80])
    assert "sentence" not in header[80] and "dataset" not in header[80]
    assert {"id", "dataset", "trigger", "sentence", "modality"} <= set(header[200])
    assert "Express intent to meet" in wide and "…" in narrow


def test_cli_events_table_short_ids_are_accepted_by_show(store: Path) -> None:
    table = events(store, "--format", "table", "--dataset", "gdelt")
    shown = [line.split()[0] for line in table.splitlines() if "2024-03-04" in line]
    assert sorted(shown) == ["0b3e77d1", "5f1c0e2a00", "5f1c0e2a9b"]
    for short in shown:
        detail = runner.invoke(app, ["show", short, "--db", str(store), "--json"])
        assert detail.exit_code == 0, detail.output
        assert json.loads(detail.stdout)["event"]["event_id"].startswith(short)


def test_cli_events_piped_default_is_tsv_with_a_header(store: Path) -> None:
    result = run("events", "--db", str(store))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    rows = stored(store)
    assert len(lines) == 1 + len(rows)
    parsed = list(
        csv.DictReader(io.StringIO(result.stdout), delimiter="\t", quoting=csv.QUOTE_NONE)
    )
    assert tuple(parsed[0]) == StoredEvent.columns()
    assert [r["event_id"] for r in parsed] == [r.event_id for r in rows]
    germany = next(r for r in parsed if r["code"] == "0234")
    assert germany["sentence"] == SENTENCES[2].replace("\t", "\\t")
    assert germany["date_source"] == "document" and germany["source"] == "DEUGOV"
    clusters = run("events", "--db", str(store), "--clusters")
    header = clusters.stdout.splitlines()[0].split("\t")
    assert tuple(header) == StoredCluster.columns() and header[-3:] == [
        "mentions", "articles", "sources",
    ]  # fmt: skip


def test_cli_events_format_table_in_a_pipe_is_a_table(store: Path) -> None:
    result = run("events", "--db", str(store), "--format", "table")
    assert result.returncode == 0, result.stderr
    assert "7 events" in result.stdout and "\t" not in result.stdout
    assert re.search(r"date\s+source\s+code\s+target\s+event", result.stdout)
    assert all(cell_len(line) <= 80 for line in result.stdout.splitlines())


def test_cli_events_jsonl_rows_have_the_event_columns(store: Path) -> None:
    rows = [json.loads(line) for line in events(store, "--format", "jsonl").splitlines()]
    assert len(rows) == 7 and all(tuple(row) == StoredEvent.columns() for row in rows)
    clusters = [
        json.loads(line) for line in events(store, "-f", "jsonl", "--clusters").splitlines()
    ]
    assert clusters and all(row["mentions"] == 1 for row in clusters)


def test_cli_events_output_file_format_follows_the_suffix(store: Path, tmp_path: Path) -> None:
    tsv, table = tmp_path / "out" / "events.tsv", tmp_path / "events.txt"
    events(store, "-o", str(tsv))
    events(store, "-o", str(table))
    assert tsv.read_text(encoding="utf-8").splitlines()[0].split("\t") == list(
        StoredEvent.columns()
    )
    assert "7 events" in table.read_text(encoding="utf-8")


def test_cli_events_output_that_cannot_be_written(store: Path, tmp_path: Path) -> None:
    result = run("events", "--db", str(store), "--format", "csv", "-o", str(tmp_path))
    assert result.returncode == 1
    assert f"Cannot write the events to {tmp_path}" in result.stderr
    assert "Traceback" not in result.stderr


def test_cli_events_help_says_what_pipes_get() -> None:
    result = runner.invoke(app, ["events", "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    text = " ".join(result.stdout.split())
    assert "a table on a terminal, tsv in a pipe" in text


@pytest.mark.slow
def test_cli_code_csv_has_the_header_of_events_csv(store: Path) -> None:
    text = "Azerbaijan launched an offensive against Armenia."
    coded = subprocess.run(
        [sys.executable, "-m", "realpolitik", "code", "-", "--date", "2023-09-20", "-f", "csv"],
        input=text, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert coded.returncode == 0, coded.stderr
    from_events = events(store, "--format", "csv")
    assert coded.stdout.splitlines()[0] == from_events.splitlines()[0]
    row = next(csv.DictReader(io.StringIO(coded.stdout)))
    assert row["source"] == "AZE" and row["code"].startswith("19") and row["dataset"] == ""


@pytest.mark.slow
def test_cli_code_table_fits_80_columns_with_its_legend(tmp_path: Path) -> None:
    article = tmp_path / "article.txt"
    article.write_text(
        "Azerbaijan launched an offensive against Armenia. Russia's foreign ministry "
        "summoned the Armenian ambassador on 8 September over the remarks of the prime "
        "minister, state media reported.",
        encoding="utf-8",
    )
    result = run("code", str(article), "--date", "2023-09-20", "--format", "table")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert all(cell_len(line) <= 80 for line in lines), result.stdout
    assert re.search(r"2023-09-20\*\s+AZE\s+19\d*\s+ARM", result.stdout), result.stdout
    assert "* date from the document, not the text" in result.stdout
