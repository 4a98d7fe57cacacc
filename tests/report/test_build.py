"""What a report computes from a store with a planted shift: defaults, shifts, verdicts,
leverage, network and timeline."""

from __future__ import annotations

import datetime as dt

import pytest
from report_store import SHIFT_MONTH

from realpolitik.analysis import Scope
from realpolitik.errors import AnalysisError
from realpolitik.report import (
    Report,
    ReportRequest,
    build_report,
    busiest_countries,
    busiest_pairs,
    halve,
)
from realpolitik.store.db import Connection


def test_the_planted_shift_is_found_in_its_month(report: Report) -> None:
    (trajectory,) = [t for t in report.trajectories if {t.source, t.target} == {"RUS", "ARM"}]
    tone, intensity = trajectory.shifts  # same month: tone first
    assert (tone.statistic, intensity.statistic) == ("mean", "total")
    for shift in (tone, intensity):
        assert shift.period == SHIFT_MONTH
        assert shift.direction == "worsened"
        assert shift.confidence > 0.99
        assert shift.drivers and all(e.date >= SHIFT_MONTH for e in shift.drivers)
        assert all(e.goldstein is not None and e.goldstein < 0 for e in shift.drivers)
    assert tone.change < -8  # the mean event went from about +4 to about -7
    assert intensity.change < -40  # six events a month: from about +24 to about -42
    assert len(trajectory.series) == 48


def test_the_verdicts_compare_the_two_halves_of_the_span(report: Report) -> None:
    assert report.span == (dt.date(2021, 1, 1), dt.date(2024, 12, 21))
    assert report.before[0] == dt.date(2021, 1, 1)
    assert report.after[1] == dt.date(2024, 12, 21)
    assert report.after[0] == report.before[1] + dt.timedelta(days=1)
    verdicts = {(v.source, v.target): v for v in report.verdicts}
    assert verdicts[("RUS", "ARM")].verdict == "worsened"
    assert verdicts[("RUS", "ARM")].evidence_after


def test_default_dyads_are_the_busiest_pairs_of_the_actors(report: Report) -> None:
    assert report.actors == ("RUS", "ARM", "AZE")
    assert report.dyads == (("RUS", "ARM"), ("ARM", "AZE"), ("RUS", "AZE"))


def test_default_actors_are_the_four_busiest_countries(con: Connection) -> None:
    assert busiest_countries(con, Scope(), 4) == ("ARM", "RUS", "AZE", "TUR")
    report = build_report(con, ReportRequest(resamples=200))
    assert report.actors == ("ARM", "RUS", "AZE", "TUR")
    assert len(report.dyads) <= 6
    assert ("USA", "TUR") not in report.dyads


def test_busiest_pairs_roll_actor_codes_up_and_keep_the_given_order(con: Connection) -> None:
    assert busiest_pairs(con, Scope(), ("AZE", "RUS", "ARM"), 2) == (
        ("RUS", "ARM"),
        ("AZE", "ARM"),
    )


def test_given_periods_and_dyads_are_kept(con: Connection) -> None:
    before = (dt.date(2021, 1, 1), dt.date(2021, 12, 31))
    after = (dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    report = build_report(
        con,
        ReportRequest(dyads=(("RUS", "ARM"),), before=before, after=after, resamples=200),
    )
    assert report.actors == ("RUS", "ARM")
    assert report.dyads == (("RUS", "ARM"),)
    assert (report.before, report.after) == (before, after)
    (verdict,) = report.verdicts
    assert verdict.before == before and verdict.verdict == "worsened"


def test_leverage_per_actor_partner_and_period(report: Report) -> None:
    frame = report.leverage
    assert set(frame["actor"]) == {"RUS", "ARM", "AZE"}
    assert len(frame) == 3 * 2 * 2
    row = frame[(frame["actor"] == "RUS") & (frame["partner"] == "ARM")]
    assert list(row["first"]) == [report.before[0], report.after[0]]
    # Russia and Armenia cooperate before the shift only
    assert row["cooperation"].iloc[0] > 0 and row["cooperation"].iloc[1] == 0


def test_network_holds_the_actors_with_a_fixed_layout(report: Report, con: Connection) -> None:
    assert {"RUS", "ARM", "AZE"} <= set(report.network.nodes["actor"])
    assert set(report.layout) == set(report.network.nodes["actor"])
    again = build_report(con, ReportRequest(actors=("RUS", "ARM", "AZE"), resamples=50))
    assert again.layout == report.layout


def test_timeline_counts_the_actors_events_by_month_and_quad(report: Report) -> None:
    frame = report.timeline
    assert set(frame["quad_class"]) <= {0, 1, 2, 3, 4}
    assert frame["period"].min() == dt.date(2021, 1, 1)
    assert report.top_events[0].event_id == "e-planted"
    assert report.top_events[0].mentions == 5


def test_halves() -> None:
    first, second = halve((dt.date(2021, 1, 1), dt.date(2024, 12, 31)))
    assert first == (dt.date(2021, 1, 1), dt.date(2022, 12, 31))
    assert second == (dt.date(2023, 1, 1), dt.date(2024, 12, 31))


def test_an_empty_scope_is_an_error(con: Connection) -> None:
    with pytest.raises(AnalysisError, match="No events to report"):
        build_report(con, ReportRequest(scope=Scope(since=dt.date(2030, 1, 1))))


def test_one_actor_and_no_dyad_is_an_error(con: Connection) -> None:
    with pytest.raises(AnalysisError, match="Too few actors"):
        build_report(con, ReportRequest(actors=("RUS",)))
