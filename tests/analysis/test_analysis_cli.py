"""The analysis commands as a user runs them: a real store file, real processes, every
command's table, CSV and JSON output, and its errors."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest
from analysis_store import event, fill

from realpolitik.store import connect


def run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "80"}
    return subprocess.run(
        [sys.executable, "-m", "realpolitik", *args],
        capture_output=True, text=True, timeout=300, check=False, env=env,
    )  # fmt: skip


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    rng = random.Random(1)
    rows = []
    for n in range(48):
        first = dt.date(2021 + n // 12, n % 12 + 1, 1)
        for _ in range(4):
            day = first + dt.timedelta(days=rng.randint(0, 27))
            score = rng.choice([3.0, 4.0, 1.0]) if n < 24 else rng.choice([-4.0, -5.0, -2.0])
            rows.append(event(day, "RUSGOV", "ARMGOV", score, sentence=f"Act {n} towards Yerevan."))
            rows.append(event(day, "RUS", "AZE", rng.choice([3.0, 4.0, 1.0])))
    rows.append(event("2021-05-05", "ARM", "AZE", -10.0, dataset="icews"))
    path = tmp_path_factory.mktemp("analysis") / "events.duckdb"
    con = connect(path, create=True)
    fill(con, rows)
    con.close()
    return path


def test_dyad_json_is_one_document_with_iso_dates(db):
    result = run("dyad", "RUS", "ARM", "--db", str(db), "--since", "2022-11", "--format", "json")
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert (document["source"], document["target"], document["freq"]) == ("RUS", "ARM", "month")
    series = document["series"]
    assert series[0]["period"] == "2022-11-01" and series[0]["events"] == 4
    assert series[2]["goldstein_mean"] < 0 < series[0]["goldstein_mean"]
    assert len(series) == 26


def test_dyad_csv_when_piped_and_a_table_that_fits_80_columns(db):
    piped = run("dyad", "RUS", "ARM", "--db", str(db), "--freq", "year")
    rows = list(csv.DictReader(io.StringIO(piped.stdout)))
    assert [r["period"] for r in rows] == ["2021-01-01", "2022-01-01", "2023-01-01", "2024-01-01"]
    assert rows[0]["events"] == "48"
    table = run("dyad", "RUS", "ARM", "--db", str(db), "--freq", "year", "-f", "table")
    assert table.returncode == 0
    assert "RUS → ARM by year" in table.stdout
    assert max(len(line) for line in table.stdout.splitlines()) <= 80


def verdict_standing(db: Path) -> str:
    compare = run(
        "compare", "--dyads", "RUS-ARM", "--before", "2021:2022", "--after", "2023:2024",
        "--db", str(db), "-f", "json", "--resamples", "200",
    )  # fmt: skip
    (verdict,) = json.loads(compare.stdout)["verdicts"]
    return str(verdict["standing"])


def test_shifts_compare_leverage_network_reaction(db):
    shifts = json.loads(run("shifts", "--db", str(db), "--actor", "ARM", "-f", "json").stdout)
    (shift,) = shifts["shifts"]
    assert (shift["source"], shift["target"], shift["period"]) == ("ARM", "RUS", "2023-01-01")
    assert shift["direction"] == "worsened" and shift["drivers"]
    assert shift["drivers"][0]["sentence"].startswith("Act 2")
    assert shift["statistic"] == "mean"
    assert verdict_standing(db) == "cooperative → hostile"
    # four events a month throughout: the totals turn at the same month as the tone
    total = run("shifts", "--db", str(db), "--actor", "ARM", "--statistic", "total", "-f", "csv")
    (row,) = list(csv.DictReader(io.StringIO(total.stdout)))
    assert (row["statistic"], row["period"], row["direction"]) == (
        "total",
        "2023-01-01",
        "worsened",
    )
    table = run("shifts", "--db", str(db), "--statistic", "total", "-f", "table")
    assert "largest shifts in intensity" in table.stdout and "Σ" in table.stdout
    wrong = run("shifts", "--db", str(db), "--statistic", "median")
    assert wrong.returncode == 2 and "median" in wrong.stderr

    compare = run(
        "compare", "--dyads", "RUS-ARM,RUS-AZE", "--before", "2021:2022", "--after", "2023:2024",
        "--db", str(db), "-f", "json", "--resamples", "500",
    )  # fmt: skip
    verdicts = {v["target"]: v for v in json.loads(compare.stdout)["verdicts"]}
    assert verdicts["ARM"]["verdict"] == "worsened"
    assert verdicts["AZE"]["verdict"] == "no significant change"
    assert verdicts["ARM"]["before"] == ["2021-01-01", "2022-12-31"]

    lever = run(
        "leverage", "RUS", "--over", "ARM,AZE", "--periods", "2021:2022,2023:2024",
        "--db", str(db), "-f", "csv",
    )  # fmt: skip
    rows = list(csv.DictReader(io.StringIO(lever.stdout)))
    assert [(r["partner"], r["period"]) for r in rows][:2] == [
        ("ARM", "2021-01-01:2022-12-31"),
        ("ARM", "2023-01-01:2024-12-31"),
    ]
    assert float(rows[0]["partner_dependence"]) == pytest.approx(1.0)

    network = json.loads(run("network", "--db", str(db), "--dataset", "coded", "-f", "json").stdout)
    assert {n["actor"] for n in network["nodes"]} == {"RUS", "ARM", "AZE"}
    assert {(e["source"], e["target"]) for e in network["edges"]} == {
        ("RUS", "ARM"),
        ("RUS", "AZE"),
    }

    reaction = run("reaction", "RUS", "ARM", "--db", str(db), "-f", "json")
    assert reaction.returncode == 0, reaction.stderr
    first, second = json.loads(reaction.stdout)["reactions"]
    assert (first["cause"], second["cause"]) == ("RUS", "ARM")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("dyad", "RUS", "ARM", "--dataset", "icwes"), "Unknown dataset 'icwes'"),
        (("dyad", "RUS", "ARM", "--since", "2023-13"), "Invalid date '2023-13' given to --since"),
        (("compare", "--dyads", "RUSARM", "--before", "2021", "--after", "2023"), "'RUSARM'"),
        (("leverage", "RUS", "--over", "ARM", "--periods", "2024:2021"), "END not before START"),
        (("dyad", "RUS", "ARM", "--include", "rumours"), "unknown --include kind 'rumours'"),
    ],
)
def test_errors_are_one_line_naming_the_problem(db, args, message):
    result = run(*args, "--db", str(db))
    assert result.returncode == 1
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_a_missing_store_is_not_created(tmp_path):
    missing = tmp_path / "nothing.duckdb"
    result = run("dyad", "RUS", "ARM", "--db", str(missing))
    assert result.returncode == 1 and "does not exist" in result.stderr
    assert not missing.exists()
