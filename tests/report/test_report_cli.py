"""``realpolitik report`` as a user runs it: a real process over the planted store, the files
it writes, what it prints, and its one-line errors."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

from report_store import kaleido_or_skip, png_size


def run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "80"}
    return subprocess.run(
        [sys.executable, "-m", "realpolitik", "report", *args],
        capture_output=True, text=True, timeout=300, check=False, env=env,
    )  # fmt: skip


def test_report_with_png_end_to_end(store_path: Path, tmp_path: Path) -> None:
    kaleido_or_skip()
    page, folder = tmp_path / "x.html", tmp_path / "dir"
    done = run(
        "--db", str(store_path), "--actors", "RUS,ARM,AZE", "-o", str(page), "--png",
        str(folder), "--format", "json",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    document = json.loads(done.stdout)
    assert document["path"] == str(page)
    assert document["actors"] == ["RUS", "ARM", "AZE"]
    names = [c["name"] for c in document["charts"]]
    assert names == ["timeline", "dyad-RUS-ARM", "dyad-ARM-AZE", "dyad-RUS-AZE", "network"]
    for chart in document["charts"]:
        assert png_size(Path(chart["png"]))[0] == 1000
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"{n}.png" for n in names)
    verdicts = {(v["source"], v["target"]): v for v in document["verdicts"]}
    assert verdicts["RUS", "ARM"]["verdict"] == "worsened"
    shifts = [s for s in document["shifts"] if s["source"] == "RUS" and s["target"] == "ARM"]
    assert [(s["statistic"], s["period"], s["direction"]) for s in shifts] == [
        ("mean", "2023-01-01", "worsened"),
        ("total", "2023-01-01", "worsened"),
    ]
    text = page.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and "chart-dyad-RUS-ARM" in text


def test_table_and_csv_say_what_was_written(store_path: Path, tmp_path: Path) -> None:
    page = tmp_path / "r.html"
    done = run(
        "--db", str(store_path), "--dyads", "RUS-ARM", "--before", "2021:2022", "--after",
        "2023:2024", "--freq", "quarter", "-o", str(page), "--format", "table",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == f"report written to {page}"
    assert any("RUS↔ARM: worsened" in line for line in lines)
    assert page.is_file()
    done = run("--db", str(store_path), "--actors", "RUS,ARM", "-o", str(page), "-f", "csv")
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert rows[0] == {"kind": "html", "name": "report", "path": str(page)}
    assert [r["name"] for r in rows[1:]] == ["timeline", "dyad-RUS-ARM", "network"]


def test_a_wrong_db_is_one_line_naming_the_file(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.duckdb"
    done = run("--db", str(missing), "-o", str(tmp_path / "x.html"))
    assert done.returncode == 1
    (line,) = done.stderr.strip().splitlines()
    assert line.startswith("error: ") and str(missing) in line
    assert not (tmp_path / "x.html").exists()


def test_an_unwritable_output_is_one_line_naming_the_file(store_path: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "file.txt"
    blocker.write_text("a file, not a folder")
    for target in (tmp_path / "missing" / "x.html", blocker / "x.html", tmp_path):
        done = run("--db", str(store_path), "-o", str(target))
        assert done.returncode == 1, target
        (line,) = done.stderr.strip().splitlines()
        assert line.startswith("error: Cannot write the report to ") and str(target) in line


def test_bad_periods_and_dyads_are_one_line_errors(store_path: Path, tmp_path: Path) -> None:
    for args, option in (
        (("--before", "2022:2021"), "--before"),
        (("--dyads", "RUSARM"), "--dyads"),
        (("--actors", "R!"), "--actors"),
    ):
        done = run("--db", str(store_path), "-o", str(tmp_path / "x.html"), *args)
        assert done.returncode == 1
        (line,) = done.stderr.strip().splitlines()
        assert line.startswith("error: ") and option in line


def test_help_shows_placeholders_and_defaults() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "realpolitik", "report", "--help"],
        capture_output=True, text=True, timeout=120, check=False,
        env={**os.environ, "COLUMNS": "200", "TERM": "dumb"},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    text = " ".join(done.stdout.replace("│", " ").split())
    for phrase in (
        "--actors CODE,...", "--dyads A-B,...", "--before START:END", "-o FILE", "--png DIR",
        "[default: the 4 busiest countries]", "[default: the first half of the span]",
        "realpolitik[png]", "table | csv | json",
    ):  # fmt: skip
        assert phrase in text, phrase
    assert "<class" not in text and "<str>" not in text
