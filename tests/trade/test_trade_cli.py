"""The trade commands as a user runs them: real processes on a real store file, an
80-column terminal, CSV when piped, one JSON document, and the errors."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

TABLE = "year,reporter,partner,flow,hs,value_usd\n" + "".join(
    f"{y},ARM,USA,M,854231,{v}\n{y},ARM,RUS,X,854231,{w}\n{y},ARM,WLD,X,854231,{w * 1.2}\n"
    f"{y},ARM,RUS,X,TOTAL,{w * 100}\n{y},ARM,RUS,M,TOTAL,{w * 150}\n"
    f"{y},ARM,WLD,X,TOTAL,{w * 300}\n{y},ARM,WLD,M,TOTAL,{w * 500}\n"
    for y, v, w in ((2019, 100, 20), (2020, 110, 22), (2021, 120, 24), (2022, 900, 180),
                    (2023, 1000, 200))
)  # fmt: skip


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "80"}
    return subprocess.run(
        [sys.executable, "-m", "realpolitik", *args], input=stdin,
        capture_output=True, text=True, timeout=300, check=False, env=env,
    )  # fmt: skip


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("trade")
    table = folder / "armstat.csv"
    table.write_text(TABLE, encoding="utf-8")
    store = folder / "trade.duckdb"
    done = run("trade", "import", "csv", str(table), "--db", str(store))
    assert done.returncode == 0, done.stderr
    assert "35 new flows imported as 'csv'" in done.stdout
    return store


def test_reexport_json_is_a_list_with_one_object_per_product(db):
    done = run("trade", "reexport", "ARM", "--from", "USA,EU", "--to", "RUS", "--since",
               "2022-03", "--products", "854231,8517", "--db", str(db), "-f", "json")  # fmt: skip
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout)
    assert [item["hs"] for item in found] == ["854231", "8517"]
    chips = found[0]
    assert chips["country"] == "ARM" and chips["flagged"] is True and chips["jump"] > 5
    assert chips["before"] == [2019, 2020, 2021] and chips["after"] == [2022, 2023]
    assert chips["sources"] == ["USA", "EUU"] and chips["since"] == "2022-03-01"
    assert found[1]["flagged"] is False and found[1]["jump"] is None


def test_series_and_mirror_tables_fit_80_columns_and_csv_when_piped(db):
    table = run("trade", "series", "ARM", "RUS", "--db", str(db), "-f", "table")
    assert table.returncode == 0, table.stderr
    assert "ARM ↔ RUS trade, all goods" in table.stdout
    assert max(len(line) for line in table.stdout.splitlines()) <= 80
    piped = run("trade", "series", "ARM", "RUS", "--hs", "8542", "--db", str(db))
    rows = list(csv.DictReader(io.StringIO(piped.stdout)))
    assert [r["period"] for r in rows] == ["2019-01-01", "2020-01-01", "2021-01-01",
                                           "2022-01-01", "2023-01-01"]  # fmt: skip
    assert float(rows[0]["a_exports"]) == 20
    mirror = run("trade", "mirror", "ARM", "RUS", "--db", str(db), "-f", "json")
    assert json.loads(mirror.stdout)["flows"][0]["exporter"] == "ARM"
    for command in (["concentration", "ARM"], ["reexport", "ARM", "--from", "USA", "--to",
                                               "RUS", "--since", "2022"]):  # fmt: skip
        shown = run("trade", *command, "--db", str(db), "-f", "table")
        assert shown.returncode == 0, shown.stderr
        assert max(len(line) for line in shown.stdout.splitlines()) <= 80


def test_errors_name_the_problem(db, tmp_path):
    bad = run("trade", "series", "ARM", "ZZZ", "--db", str(db))
    assert bad.returncode == 1 and "Unknown country or group 'ZZZ'" in bad.stderr
    hs = run("trade", "series", "ARM", "RUS", "--hs", "85x", "--db", str(db))
    assert hs.returncode == 1 and "Invalid HS code '85x'" in hs.stderr
    listed = run("trade", "reexport", "ARM", "--from", "USA", "--to", "RUS", "--since", "2022",
                 "--products", "chips", "--db", str(db))  # fmt: skip
    assert listed.returncode == 1 and "Unknown product list 'chips'" in listed.stderr
    wrong = tmp_path / "wrong.csv"
    wrong.write_text("a,b\n1,2\n", encoding="utf-8")
    rejected = run("trade", "import", "comtrade", str(wrong), "--db", str(db))
    assert rejected.returncode == 1 and "not a UN Comtrade file" in rejected.stderr
    assert "Traceback" not in bad.stderr + hs.stderr + listed.stderr + rejected.stderr
