"""Trade measures against figures worked out by hand, and a planted re-export pattern found
at its date while a control country without it is not flagged."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from realpolitik.errors import TradeError
from realpolitik.trade import TradeFlow, import_flows, trade_areas
from realpolitik.trade.products import products
from realpolitik.trade.reexport import expected, reexport_signals
from realpolitik.trade.series import mirror_flows, partner_concentration, trade_series


def flow(year, reporter, partner, direction, value, hs="TOTAL"):
    return TradeFlow("year", dt.date(year, 1, 1), reporter, partner, direction, hs, value)


@pytest.fixture
def dyad(con):
    import_flows(con, [
        flow(2021, "ARM", "RUS", "X", 850), flow(2021, "ARM", "RUS", "M", 1800),
        flow(2021, "RUS", "ARM", "M", 900), flow(2021, "RUS", "ARM", "X", 1700),
        flow(2021, "ARM", "WLD", "X", 3000), flow(2021, "ARM", "WLD", "M", 5000),
        flow(2021, "RUS", "WLD", "X", 490000), flow(2021, "RUS", "WLD", "M", 300000),
        flow(2022, "ARM", "RUS", "X", 2400), flow(2022, "ARM", "RUS", "M", 2600),
        flow(2022, "ARM", "CHN", "X", 600), flow(2022, "ARM", "WLD", "X", 5400),
        flow(2022, "ARM", "WLD", "M", 8800),
        flow(2022, "ARM", "RUS", "X", 300, "85"), flow(2022, "ARM", "RUS", "X", 200, "8517"),
        flow(2022, "ARM", "RUS", "X", 90, "8542"), flow(2022, "ARM", "RUS", "X", 110, "8541"),
    ], "hand")  # fmt: skip
    return con


def test_series_mirror_gaps_shares_and_asymmetry_by_hand(dyad):
    frame = trade_series(dyad, "ARM", "RUS")
    first, second = frame.to_dict("records")
    assert (first["a_exports"], first["b_imports_mirror"], first["export_gap"]) == (850, 900, 50)
    assert (first["a_imports"], first["b_exports_mirror"], first["import_gap"]) == (
        1800,
        1700,
        -100,
    )
    assert first["turnover"] == 2650
    assert first["a_share"] == pytest.approx(2650 / 8000)  # Armenia's dependence on Russia
    assert first["b_share"] == pytest.approx(2600 / 790000)  # Russia's, from its own reports
    assert first["asymmetry"] == pytest.approx(2650 / 8000 - 2600 / 790000)
    assert second["turnover"] == 5000
    assert second["turnover_growth"] == pytest.approx(5000 / 2650 - 1)
    assert second["a_share"] == pytest.approx(5000 / 14200)


def test_product_groups_count_the_coarsest_rows_once(dyad):
    chapter = trade_series(dyad, "ARM", "RUS", hs="85").to_dict("records")
    assert [r["a_exports"] for r in chapter] == [300]  # not 300 + 200 + 90 + 110
    headings = trade_series(dyad, "ARM", "RUS", hs="8542").to_dict("records")
    assert [r["a_exports"] for r in headings] == [90]
    with pytest.raises(TradeError, match="Invalid HS code '854'"):
        trade_series(dyad, "ARM", "RUS", hs="854")


def test_mirror_flows_both_directions(dyad):
    rows = mirror_flows(dyad, "ARM", "RUS").to_dict("records")
    assert rows[0]["exporter"] == "ARM" and rows[0]["ratio"] == pytest.approx(900 / 850)
    assert rows[1]["exporter"] == "RUS" and rows[1]["gap"] == pytest.approx(1800 - 1700)


def test_partner_concentration_by_hand(dyad):
    frame = partner_concentration(dyad, "ARM", flow="X")
    row = frame.to_dict("records")[-1]
    assert row["hhi"] == pytest.approx(0.8**2 + 0.2**2)  # Russia 2400, China 600
    assert (row["top_partner"], row["top_share"]) == ("RUS", pytest.approx(0.8))
    assert row["coverage"] == pytest.approx(3000 / 5400)


def test_the_eu_at_a_date():
    areas = trade_areas()
    assert len(areas.eu_members(dt.date(2019, 6, 1))) == 28
    assert "GBR" not in areas.eu_members(dt.date(2021, 1, 1))
    assert "HRV" not in areas.eu_members(dt.date(2012, 1, 1))
    assert areas.expand("EU", dt.date(2023, 7, 1)) == areas.eu_members(dt.date(2023, 7, 1))
    assert (areas.code("842"), areas.code("ROU"), areas.code("97")) == ("USA", "ROM", "EUU")


def test_trend_expectation():
    assert expected([2019, 2020, 2021], [10.0, 12.0, 14.0], [2022]) == [pytest.approx(16.0)]
    assert expected([2021], [5.0], [2022, 2023]) == [5.0, 5.0]
    assert expected([2019, 2020], [10.0, 2.0], [2023]) == [0.0]  # a falling line stops at zero


def planted(rng, country, hub):
    rows = []
    for year in range(2016, 2024):
        grows = 1 + 0.06 * (year - 2016)
        jump = 5.0 if hub and year >= 2022 else 1.0
        noise = lambda: rng.uniform(0.9, 1.1)  # noqa: E731
        rows += [
            flow(year, country, "USA", "M", 2e6 * grows * jump * noise(), "854231"),
            flow(year, country, "DEU", "M", 1e6 * grows * jump * noise(), "854231"),
            flow(year, country, "FRA", "M", 5e5 * grows * noise(), "854231"),
            flow(year, country, "RUS", "X", 4e5 * grows * jump * noise(), "854231"),
            flow(year, country, "WLD", "X", 6e5 * grows * noise(), "854231"),
            # a product that grows steadily on both sides: no signal
            flow(year, country, "USA", "M", 3e6 * grows * noise(), "851762"),
            flow(year, country, "RUS", "X", 1e6 * grows * noise(), "851762"),
        ]
    return rows


def test_a_planted_reexport_pattern_is_found_and_the_control_is_not(con):
    rng = random.Random(4)
    import_flows(con, planted(rng, "ARM", hub=True) + planted(rng, "GEO", hub=False), "gen")
    chosen = products("854231,851762")
    hub = reexport_signals(con, "ARM", sources=["USA", "EU"], target="RUS",
                           since=dt.date(2022, 3, 1), products=chosen)  # fmt: skip
    chips, routers = hub
    assert chips.flagged and not routers.flagged
    assert chips.before == (2016, 2017, 2018, 2019, 2020, 2021) and chips.after == (2022, 2023)
    assert 3.5 < chips.imports_jump < 5.0  # France's share of the EU imports did not jump
    assert 4.0 < chips.exports_jump < 6.0
    assert chips.jump == min(chips.imports_jump, chips.exports_jump)
    assert chips.unexplained > 0.5  # far beyond Armenia's own earlier exports
    assert routers.reason == "no jump"
    control = reexport_signals(con, "GEO", sources=["USA", "EU"], target="RUS",
                               since=dt.date(2022, 3, 1), products=chosen)  # fmt: skip
    assert not any(s.flagged for s in control)
    # the date matters: looking from 2019 the jump is diluted over more years
    early = reexport_signals(con, "ARM", sources=["USA", "EU"], target="RUS",
                             since=dt.date(2019, 1, 1), products=chosen[:1])  # fmt: skip
    assert early[0].exports_jump < chips.exports_jump


def test_product_lists():
    assert len(products("chp")) == 50
    assert [hs for hs, _ in products("chp:1")] == ["854231", "854232", "854233", "854239"]
    assert ("8542", "integrated circuits") in products("electronics")
    with pytest.raises(TradeError, match="Unknown product list 'chips'"):
        products("chips")


def test_production_explains_exports_it_could_have_made(con, tmp_path):
    from realpolitik.trade.reexport import read_production

    rng = random.Random(9)
    import_flows(con, planted(rng, "ARM", hub=True), "gen")
    made = tmp_path / "production.csv"
    # output large enough for all of 2022's exports, and for none of 2023's beyond half
    made.write_text("year,hs,value_usd\n2022,854231,5000000\n2023,8542.31,0\n", encoding="utf-8")
    production = read_production(made)
    assert production == {("854231", 2022): 5e6, ("854231", 2023): 0.0}
    (chips,) = reexport_signals(con, "ARM", sources=["USA", "EU"], target="RUS",
                                since=dt.date(2022, 1, 1), products=products("854231"),
                                production=production)  # fmt: skip
    exports = chips.exports_after
    assert chips.unexplained == pytest.approx(max(exports - 2.5e6, 0) / exports)
    bad = tmp_path / "bad.csv"
    bad.write_text("year,hs,value_usd\n2022,85x,1\n", encoding="utf-8")
    with pytest.raises(TradeError, match=r"bad.csv:2: hs is not an HS code"):
        read_production(bad)


def test_a_year_given_only_by_month_is_the_sum_of_its_twelve_months(con):
    months = [
        TradeFlow("month", dt.date(2022, m, 1), "ARM", "RUS", "X", "TOTAL", 10.0 * m)
        for m in range(1, 13)
    ] + [TradeFlow("month", dt.date(2023, m, 1), "ARM", "RUS", "X", "TOTAL", 1.0) for m in (1, 2)]
    import_flows(con, [*months, flow(2021, "ARM", "RUS", "X", 99.0)], "monthly")
    yearly = trade_series(con, "ARM", "RUS", freq="year")
    assert [(r.period.year, r.a_exports) for r in yearly.itertuples()] == [
        (2021, 99.0),
        (2022, 780.0),  # 10 + 20 + ... + 120; 2023 has two months only: no year
    ]
    assert len(trade_series(con, "ARM", "RUS", freq="month")) == 14
