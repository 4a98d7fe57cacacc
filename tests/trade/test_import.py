"""Each trade layout imported into a real store: the current Comtrade records (CSV and
JSON), the older bulk CSV, BACI with its country list, the plain tidy table; a wrong header,
a bad row, a re-import."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from realpolitik.interchange.rows import Notice, Problem
from realpolitik.trade import import_trade

HEADER = (
    "typeCode,freqCode,refYear,refMonth,period,reporterCode,reporterISO,flowCode,partnerCode,"
    "partnerISO,partner2Code,classificationCode,cmdCode,customsCode,motCode,qtyUnitAbbr,qty,"
    "netWgt,primaryValue"
)
COMTRADE = (
    HEADER
    + """
C,A,2022,52,2022,51,ARM,X,643,RUS,0,H6,8517,C00,0,u,1000,500,123456789
C,A,2022,52,2022,51,ARM,X,643,RUS,0,H6,8517,C01,0,u,10,5,1234
C,A,2022,52,2022,51,ARM,MIP,643,RUS,0,H6,8517,C00,0,u,10,5,1234
C,M,2022,5,202205,842,USA,M,51,ARM,0,H6,8542,C00,0,u,,,55.5
C,A,2022,52,2022,51,ARM,X,999,XXX,0,H6,8517,C00,0,u,,,7
C,A,2022,52,2022,51,ARM,X,899,_X,0,H6,8517,C00,0,u,,,7
C,A,2022,52,2022,51,ARM,X,643,RUS,0,H6,85x7,C00,0,u,,,7
"""
)


def flows(con, dataset=None):
    sql = (
        "SELECT dataset, freq, period, reporter, partner, flow, hs, hs_vintage, value_usd, kg "
        "FROM trade_flows"
    )
    if dataset:
        sql += f" WHERE dataset = '{dataset}'"
    return con.execute(sql + " ORDER BY ALL").fetchall()


def test_current_comtrade_records_with_breakdowns_and_bad_rows(con, write):
    said: list[Problem] = []
    done = import_trade(con, "comtrade", [write("c.csv", COMTRADE)], report=said.append)
    assert (done.added, done.bad_rows) == (2, 2)
    assert flows(con) == [
        ("comtrade", "month", dt.date(2022, 5, 1), "USA", "ARM", "M", "8542", "H6", 55.5, None),
        ("comtrade", "year", dt.date(2022, 1, 1), "ARM", "RUS", "X", "8517", "H6", 123456789.0,
         500.0),
    ]  # fmt: skip
    messages = [str(p) for p in said]
    assert any(m.startswith(f"{said[0].path}:6: unknown country or area '999'") for m in messages)
    assert any(":8: hs is not an HS code" in m for m in messages)
    notices = [p.message for p in said if isinstance(p, Notice)]
    assert any("1 row(s) skipped as breakdowns" in m for m in notices)
    assert any("flows other than imports" in m and "(MIP)" in m for m in notices)
    assert any("partners that are not countries" in m for m in notices)


def test_comtrade_json_and_the_older_bulk_csv(con, write):
    json_file = write(
        "c.json",
        '{"count": 2, "data": [{"freqCode": "A", "refYear": 2021, "period": "2021", '
        '"reporterCode": 31, "flowCode": "M", "partnerCode": 643, "classificationCode": "H5", '
        '"cmdCode": "TOTAL", "primaryValue": 1500000000.5, "netWgt": null}, {"freqCode": "A", '
        '"period": "2021", "reporterCode": 31, "flowCode": "X", "partnerCode": 0, '
        '"cmdCode": "TOTAL", "primaryValue": 22000000000}]}',
    )
    bulk = write(
        "bulk.csv",
        "Classification,Year,Period,Trade Flow Code,Trade Flow,Reporter Code,Reporter ISO,"
        "Partner Code,Partner ISO,Commodity Code,Netweight (kg),Trade Value (US$)\n"
        'H4,2019,2019,2,Export,268,GEO,643,RUS,TOTAL,,"729,000,000"\n'
        "H4,2019,2019,3,Re-Export,268,GEO,643,RUS,TOTAL,,1000\n",
    )
    assert import_trade(con, "comtrade", [json_file, bulk]).added == 4
    assert flows(con) == [
        ("comtrade", "year", dt.date(2019, 1, 1), "GEO", "RUS", "RX", "TOTAL", "H4", 1000.0, None),
        ("comtrade", "year", dt.date(2019, 1, 1), "GEO", "RUS", "X", "TOTAL", "H4", 729e6, None),
        ("comtrade", "year", dt.date(2021, 1, 1), "AZE", "RUS", "M", "TOTAL", "H5",
         1500000000.5, None),
        ("comtrade", "year", dt.date(2021, 1, 1), "AZE", "WLD", "X", "TOTAL", None, 22e9, None),
    ]  # fmt: skip


def test_baci_with_its_country_list_units_and_vintage(con, write):
    write("country_codes_V202401.csv", "country_code,country_name,country_iso2,country_iso3\n"
          "901,Testland,TL,GEO\n")  # fmt: skip
    path = write(
        "BACI_HS17_Y2022_V202401.csv",
        "t,i,j,k,v,q\n2022,51,643,851712,1234.5,2.5\n2022,842,51,10121,3,NA\n"
        "2022,901,51,854231,1,1\n2022,51,643,851712,oops,1\n",
    )
    said: list[Problem] = []
    done = import_trade(con, "baci", [path], report=said.append)
    assert (done.added, done.bad_rows) == (3, 1)
    assert ":5: v is not a number ('oops')" in str(said[0])
    assert flows(con) == [
        ("baci", "year", dt.date(2022, 1, 1), "ARM", "RUS", "X", "851712", "H5", 1234500.0,
         2500.0),
        ("baci", "year", dt.date(2022, 1, 1), "GEO", "ARM", "X", "854231", "H5", 1000.0, 1000.0),
        ("baci", "year", dt.date(2022, 1, 1), "USA", "ARM", "X", "010121", "H5", 3000.0, None),
    ]  # fmt: skip


def test_tidy_table_then_a_reimport_replaces_and_a_wrong_header_stores_nothing(con, write):
    text = (
        "year,reporter,partner,flow,hs,value_usd,kg,source_agency,source_table,source_year\n"
        "2022,ARM,RUS,X,TOTAL,2400000000,,Armstat,External trade,2023\n"
        "2022-05,AM,643,export,85.42,1250000,310,,,\n"
        "2023,Armenia,EU,M,TOTAL,5,,,,\n"
        "2023,ARM,RUS,Q,TOTAL,5,,,,\n"
    )
    path = write("armstat.csv", text)
    first = import_trade(con, "csv", [path])
    assert (first.added, first.replaced, first.bad_rows) == (3, 0, 1)
    again = import_trade(
        con, "csv", [write("armstat.csv", text.replace("2400000000", "2410000000"))]
    )
    assert (again.added, again.replaced) == (0, 3)
    assert (
        "csv",
        "year",
        dt.date(2022, 1, 1),
        "ARM",
        "RUS",
        "X",
        "TOTAL",
        None,
        2.41e9,
        None,
    ) in flows(con)
    assert (
        "csv",
        "month",
        dt.date(2022, 5, 1),
        "ARM",
        "RUS",
        "X",
        "8542",
        None,
        1250000.0,
        310.0,
    ) in flows(con)
    source = con.execute(
        "SELECT source, line FROM trade_flows WHERE hs = 'TOTAL' AND flow = 'X'"
    ).fetchone()
    assert source == ("Armstat, External trade, 2023", 2)
    wrong = write("wrong.csv", "when,from,to,value\n2022,ARM,RUS,5\n")
    said: list[Problem] = []
    done = import_trade(con, "csv", [wrong, Path("/nonexistent/x.csv")], report=said.append)
    assert len(done.rejected) == 2 and done.added == 0
    assert "wrong.csv: not a plain trade CSV file: its header lacks year, reporter" in str(said[0])
    assert "x.csv: no such file" in str(said[1])
    assert len(flows(con)) == 3  # nothing of the rejected files, nothing of the earlier lost


def test_the_same_flow_twice_in_a_file_keeps_the_last(con, write):
    path = write("twice.csv", "year,reporter,partner,flow,hs,value_usd\n"
                 "2022,ARM,RUS,X,TOTAL,1\n2022,ARM,RUS,X,TOTAL,2\n")  # fmt: skip
    said: list[Problem] = []
    assert import_trade(con, "csv", [path], report=said.append).added == 1
    assert [r[8] for r in flows(con)] == [2.0]
    assert any("1 row(s) repeat an earlier row's flow" in p.message for p in said)


def test_the_bundled_demo_table_imports_whole(con):
    from realpolitik.dictionaries.lexicon import DATA_DIR

    done = import_trade(con, "csv", [DATA_DIR / "demo" / "trade.csv"])
    assert done.bad_rows == 0 and done.added >= 40
    unsourced = con.execute("SELECT count(*) FROM trade_flows WHERE source IS NULL").fetchone()
    assert unsourced == (0,)


def test_unknown_format(con):
    from realpolitik.errors import TradeError

    with pytest.raises(TradeError, match="Unknown trade file format 'wto'"):
        import_trade(con, "wto", [])


def test_records_as_the_comtrade_client_returns_them(con):
    import pandas as pd

    from realpolitik.trade import import_flows
    from realpolitik.trade.fetch import frame_flows, m49

    # the client's getFinalData returns the API's records as a pandas frame
    frame = pd.DataFrame(
        [
            {"freqCode": "A", "refYear": 2022, "period": 2022, "reporterCode": 51,
             "reporterISO": "ARM", "flowCode": "X", "partnerCode": 643, "partnerISO": "RUS",
             "partner2Code": 0, "customsCode": "C00", "motCode": 0, "classificationCode": "H6",
             "cmdCode": "8542", "primaryValue": 9.5e7, "netWgt": float("nan"), "qty": None},
            {"freqCode": "A", "refYear": 2022, "period": 2022, "reporterCode": 51,
             "flowCode": "X", "partnerCode": 643, "partner2Code": 0, "customsCode": "C00",
             "motCode": 0, "cmdCode": "8542", "primaryValue": "lots"},
        ]
    )  # fmt: skip
    done = import_flows(con, frame_flows(frame), "comtrade", "comtrade-api")
    assert (done.added, done.bad_rows) == (1, 1)
    assert flows(con)[0][3:9] == ("ARM", "RUS", "X", "8542", "H6", 9.5e7)
    assert (m49("ARM", "--reporter"), m49("USA", "--reporter"), m49("WLD", "--partner")) == (
        "51", "842", "0",
    )  # fmt: skip


def test_fetch_without_the_client_says_how_to_get_it(monkeypatch):
    import importlib.util

    from realpolitik.errors import TradeError
    from realpolitik.trade.fetch import fetch_comtrade

    if importlib.util.find_spec("comtradeapicall") is not None:
        pytest.skip("the Comtrade client is installed here")
    with pytest.raises(TradeError, match=r"pip install 'realpolitik\[comtrade\]'"):
        list(fetch_comtrade("key", reporters=["ARM"], partners=["RUS"], periods=["2022"]))
