"""Change points: a planted break is found at its period, a steady series has none."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from analysis_store import event

from realpolitik.analysis import Scope, dyad_shifts, find_shifts, rank_shifts
from realpolitik.analysis.shifts import (
    PeriodStats,
    change_points,
    period_grid,
    successive_variance,
    welch_confidence,
)
from realpolitik.errors import AnalysisError


def month(n: int) -> dt.date:
    return dt.date(2021 + n // 12, n % 12 + 1, 1)


def planted(rng: random.Random, months: int, at: int, before: list[float], after: list[float]):
    rows = []
    for n in range(months):
        for _ in range(rng.randint(3, 6)):
            scores = before if n < at else after
            day = month(n) + dt.timedelta(days=rng.randint(0, 27))
            rows.append(event(day, "RUSGOV", "ARMGOV", rng.choice(scores)))
    return rows


def sums(groups):
    """(counts, totals, squares) of groups of values, one group per period."""
    return (
        [len(g) for g in groups],
        [sum(g) for g in groups],
        [sum(v * v for v in g) for g in groups],
    )


def test_change_points_of_a_step_and_of_noise():
    step = [[3, 3.5, 2.5]] * 4 + [[-4, -3.5, -4.5]] * 4
    assert change_points(*sums(step)) == [4]
    rng = random.Random(3)
    noise = [[rng.gauss(0, 1) for _ in range(rng.randint(1, 5))] for _ in range(60)]
    assert change_points(*sums(noise)) == []
    assert change_points(*sums([[1.0], [1.0], [1.0]])) == []
    two = [[5, 4]] * 5 + [[-3, -2]] * 5 + [[5, 6]] * 5
    assert change_points(*sums(two)) == [5, 10]


def test_busy_periods_weigh_more_than_quiet_ones():
    # one event of -10 in a quiet month does not make a shift; fifty events of -3 do
    rng = random.Random(8)
    groups = [[rng.choice([2.0, 3.0, 4.0]) for _ in range(20)] for _ in range(12)]
    lone = [*groups[:6], [-10.0], *groups[6:]]
    assert change_points(*sums(lone)) == []
    busy = [*groups, *([[rng.choice([-2.0, -3.0, -4.0]) for _ in range(50)]] * 3)]
    assert change_points(*sums(busy)) == [12]


def test_welch_confidence_from_sums():
    # two groups of ten: values 3 +- 1 against -4 +- 1
    assert welch_confidence((10, 30, 92), (10, -40, 162)) > 0.999
    assert welch_confidence((10, 30, 92), (10, 30, 92)) == pytest.approx(0.0)
    assert welch_confidence((1, 3, 9), (10, 30, 92)) == 0.0


def test_find_shifts_on_period_statistics():
    stats = [
        PeriodStats(month(n), 4, 4 * (3.0 if n < 20 else -2.0), 4 * 9.0 + n % 3) for n in range(36)
    ]
    stats = [
        PeriodStats(s.period, s.n, s.total, s.total * s.total / s.n + (n % 3))
        for n, s in enumerate(stats)
    ]
    (shift,) = find_shifts(stats, source="RUS", target="ARM")
    assert shift.period == month(20)
    assert shift.direction == "worsened"
    assert shift.change == pytest.approx(-5.0)
    assert shift.before.first == month(0) and shift.before.last == month(19)
    assert shift.confidence > 0.99


def test_planted_break_in_a_stored_dyad_with_its_drivers(store):
    rng = random.Random(7)
    rows = planted(rng, 36, 26, before=[1.0, 3.0, 4.0, 7.0, -2.0], after=[-2.0, -4.0, -5.0, 1.0])
    rows.append(event("2023-03-05", "RUS", "ARM", -10.0, sentence="Russian troops fired."))
    con = store(rows)
    (shift,) = dyad_shifts(con, "RUS", "ARM")
    assert shift.period == dt.date(2023, 3, 1)
    assert shift.direction == "worsened" and shift.confidence > 0.99
    assert shift.drivers[0].goldstein == -10.0
    assert shift.drivers[0].sentence == "Russian troops fired."
    assert all(d.date >= dt.date(2023, 3, 1) for d in shift.drivers)
    assert all(d.goldstein is not None and d.goldstein < shift.before.mean for d in shift.drivers)


def test_steady_dyad_has_no_shift(store):
    rng = random.Random(11)
    con = store(planted(rng, 36, 36, before=[1.0, 3.0, -2.0, 4.0], after=[]))
    assert dyad_shifts(con, "RUS", "ARM") == []


def test_rank_shifts_puts_the_largest_first_and_filters_by_actor(store):
    rng = random.Random(5)
    rows = planted(rng, 36, 18, before=[3.0, 4.0, 7.0], after=[-5.0, -10.0, -4.0])
    for n in range(36):
        for _ in range(4):
            day = month(n) + dt.timedelta(days=rng.randint(0, 27))
            score = rng.choice([1.0, 2.0]) if n < 10 else rng.choice([-1.0, 0.0])
            rows.append(event(day, "USA", "CHN", score, code="042" if score > 0 else "111"))
    con = store(rows)
    ranked = rank_shifts(con, min_events=10)
    assert [(s.source, s.target) for s in ranked][:2] == [("ARM", "RUS"), ("CHN", "USA")]
    assert ranked[0].period == month(18)
    assert abs(ranked[0].change) > abs(ranked[1].change)
    only = rank_shifts(con, actor="CHN")
    assert {(s.source, s.target) for s in only} == {("CHN", "USA")}


def test_successive_variance_ignores_a_level_change():
    assert successive_variance([0.0, 2.0, 0.0, 2.0, 0.0, 2.0]) == pytest.approx(2.0)
    steady = [1.0, -1.0] * 20
    stepped = steady[:20] + [v - 30.0 for v in steady[20:]]
    # one jump of 30 among 39 differences: about 13, against the 226 of the plain variance
    assert successive_variance(stepped) < 15
    assert successive_variance([4.0]) == 0.0


def test_a_war_month_is_a_shift_in_intensity_not_in_tone():
    # a hostile dyad with one event a month, then a war: many events of the same score
    quiet = [PeriodStats(month(n), 1, -2.0, 4.0) for n in range(0, 30, 3)]
    war = [PeriodStats(month(30), 12, -24.0, 48.0), PeriodStats(month(31), 10, -20.0, 40.0)]
    after = [PeriodStats(month(n), 1, -2.0, 4.0) for n in range(33, 48, 3)]
    stats = [*quiet, *war, *after]
    assert find_shifts(stats, source="AZE", target="NKR") == []  # every event scores -2
    grid = [month(n) for n in range(48)]
    worse, calmer = find_shifts(stats, source="AZE", target="NKR", statistic="total", periods=grid)
    assert (worse.statistic, worse.period, worse.direction) == ("total", month(30), "worsened")
    assert worse.before.first == month(0) and worse.before.last == month(29)
    assert worse.before.mean == pytest.approx(-20.0 / 30)  # ten events of -2 over 30 months
    assert worse.after.mean == pytest.approx(-22.0) and worse.after.events == 22
    assert (calmer.period, calmer.direction) == (month(32), "improved")
    assert worse.confidence > 0.9


def test_the_intensity_grid_runs_over_quiet_periods_to_the_scope_bounds(store):
    rows = [event(month(n) + dt.timedelta(days=3), "RUS", "ARM", 3.0) for n in range(0, 24, 4)]
    rows += [event(month(24) + dt.timedelta(days=d), "RUS", "ARM", -9.0) for d in range(0, 28, 2)]
    rows += [event(month(25) + dt.timedelta(days=d), "RUS", "ARM", -9.0) for d in range(0, 28, 3)]
    con = store(rows)
    stats = [PeriodStats(month(24), 14, -126.0, 1134.0)]
    assert period_grid(stats, Scope(), "month") == [month(24)]
    bounded = Scope(since=dt.date(2021, 1, 1), until=dt.date(2023, 12, 31))
    assert period_grid(stats, bounded, "quarter")[0] == dt.date(2021, 1, 1)
    assert len(period_grid(stats, bounded, "quarter")) == 12
    shifts = dyad_shifts(con, "RUS", "ARM", bounded, statistic="total")
    assert [(s.period, s.direction) for s in shifts] == [
        (month(24), "worsened"),
        (month(26), "improved"),  # quiet again to the end of the scope
    ]
    assert shifts[0].drivers and all(d.goldstein == -9.0 for d in shifts[0].drivers)
    assert shifts[1].drivers == ()  # nothing happened: the dyad fell quiet
    ranked = rank_shifts(con, bounded, statistic="total", min_confidence=0.5)
    assert {s.statistic for s in ranked} == {"total"} and month(24) in {s.period for s in ranked}
    with pytest.raises(AnalysisError, match=r"Unknown shift statistic 'median'"):
        dyad_shifts(con, "RUS", "ARM", statistic="median")  # type: ignore[arg-type]
