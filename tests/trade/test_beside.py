"""Trade beside relations: a dyad whose relations worsen while its trade grows is said to
move apart, in the library and in ``realpolitik compare``."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "analysis"))

from analysis_store import event, fill

from realpolitik.analysis import compare_periods
from realpolitik.store import connect
from realpolitik.trade import TradeFlow, import_flows
from realpolitik.trade.beside import trade_beside

BEFORE = (dt.date(2020, 1, 1), dt.date(2021, 12, 31))
AFTER = (dt.date(2022, 1, 1), dt.date(2023, 12, 31))


def filled(path: Path):
    con = connect(path, create=True)
    rows = []
    for n in range(48):
        day = dt.date(2020 + n // 12, n % 12 + 1, 10)
        rows.append(event(day, "RUSGOV", "ARMGOV", 4.0 if day.year < 2022 else -5.0))
        rows.append(event(day, "RUS", "AZE", 3.0))
    fill(con, rows)
    flows = [
        TradeFlow("year", dt.date(year, 1, 1), "ARM", "RUS", flow, "TOTAL", value)
        for year, x, m in ((2020, 1.0e9, 1.5e9), (2021, 1.0e9, 2.0e9), (2022, 2.4e9, 2.9e9),
                           (2023, 3.4e9, 3.9e9))
        for flow, value in (("X", x), ("M", m))
    ]  # fmt: skip
    import_flows(con, flows, "csv")
    return con


def test_relations_worse_trade_up_is_apart(tmp_path):
    con = filled(tmp_path / "s.duckdb")
    try:
        verdicts = compare_periods(con, [("RUS", "ARM"), ("RUS", "AZE")], BEFORE, AFTER,
                                   resamples=200)  # fmt: skip
        (armenia,) = trade_beside(con, verdicts)  # Azerbaijan has no trade flows here
    finally:
        con.close()
    assert (armenia.source, armenia.target) == ("RUS", "ARM")
    assert armenia.years_before == (2020, 2021) and armenia.years_after == (2022, 2023)
    assert armenia.turnover_before == 2.75e9 and armenia.turnover_after == 6.3e9
    assert round(armenia.change, 3) == round(6.3 / 2.75 - 1, 3)
    assert armenia.together is False
    assert armenia.statement == "relations worse, trade up 129 %"


def test_compare_sets_trade_beside_the_verdicts(tmp_path):
    path = tmp_path / "s.duckdb"
    filled(path).close()
    done = subprocess.run(
        [sys.executable, "-m", "realpolitik", "compare", "--dyads", "RUS-ARM", "--before",
         "2020:2021", "--after", "2022:2023", "--db", str(path), "--resamples", "200", "-f",
         "json"],
        capture_output=True, text=True, timeout=300, check=False,
        env={**os.environ, "COLUMNS": "80"},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    document = json.loads(done.stdout)
    assert document["verdicts"][0]["verdict"] == "worsened"
    assert document["trade"][0]["statement"] == "relations worse, trade up 129 %"
