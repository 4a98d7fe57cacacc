"""Thesis checks and action-reaction tests with planted answers."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from analysis_store import event

from realpolitik.analysis import action_reaction, compare_periods, parse_dyads
from realpolitik.errors import AnalysisError

BEFORE = (dt.date(2021, 1, 1), dt.date(2022, 12, 31))
AFTER = (dt.date(2023, 1, 1), dt.date(2024, 12, 31))


def spread(rng, period, a, b, scores, n, **fields):
    days = (period[1] - period[0]).days
    return [
        event(
            period[0] + dt.timedelta(days=rng.randint(0, days)), a, b, rng.choice(scores), **fields
        )
        for _ in range(n)
    ]


def test_worsened_improved_unchanged_and_too_few(store):
    rng = random.Random(2)
    rows = (
        spread(rng, BEFORE, "RUS", "ARM", [3.0, 4.0, 1.0, -2.0], 30)
        + spread(rng, AFTER, "ARM", "RUS", [-2.0, -4.0, -5.0, 1.0], 30)
        + spread(rng, BEFORE, "RUS", "AZE", [3.0, 4.0, 1.0, -2.0], 30)
        + spread(rng, AFTER, "AZE", "RUS", [3.0, 4.0, 1.0, -2.0], 30)
        + spread(rng, BEFORE, "ARM", "FRA", [-2.0, 1.0], 20)
        + spread(rng, AFTER, "FRA", "ARM", [4.0, 7.0], 20)
        + spread(rng, AFTER, "ARM", "IRN", [4.0], 2)
    )
    rows.append(event("2024-02-02", "RUS", "ARM", -10.0, sentence="Russian troops fired."))
    con = store(rows)
    dyads = parse_dyads("RUS-ARM,RUS-AZE,ARM-FRA,ARM-IRN")
    verdicts = {(v.source, v.target): v for v in compare_periods(con, dyads, BEFORE, AFTER)}
    arm = verdicts[("RUS", "ARM")]
    assert arm.verdict == "worsened" and arm.p_value < 0.01
    assert arm.change == pytest.approx(arm.mean_after - arm.mean_before)
    assert arm.low < arm.change < arm.high < 0
    assert arm.events_before == 30 and arm.events_after == 31
    assert arm.evidence_after[0].sentence == "Russian troops fired."
    assert all(e.goldstein > arm.mean_before for e in arm.evidence_before)
    assert verdicts[("RUS", "AZE")].verdict == "no significant change"
    assert verdicts[("ARM", "FRA")].verdict == "improved"
    assert verdicts[("ARM", "IRN")].verdict == "too few events"
    # directed: only RUS -> ARM acts, and there are none after but the one
    directed = compare_periods(con, [("RUS", "ARM")], BEFORE, AFTER, directed=True)[0]
    assert directed.verdict == "too few events"


def test_same_seed_same_answer(store):
    rng = random.Random(4)
    con = store(
        spread(rng, BEFORE, "RUS", "ARM", [3.0, -2.0], 12)
        + spread(rng, AFTER, "RUS", "ARM", [1.0, -4.0], 12)
    )
    one = compare_periods(con, [("RUS", "ARM")], BEFORE, AFTER)[0]
    two = compare_periods(con, [("RUS", "ARM")], BEFORE, AFTER)[0]
    assert one == two


def test_bad_dyads_are_named():
    with pytest.raises(AnalysisError, match="'RUSARM'"):
        parse_dyads("RUSARM")


def test_reaction_found_one_way_only(store):
    rng = random.Random(9)
    rows = []
    attacks = [rng.randint(0, 5) for _ in range(72)]
    for n, count in enumerate(attacks):
        first = dt.date(2018 + n // 12, n % 12 + 1, 1)
        rows += [event(first + dt.timedelta(days=3), "ARM", "AZE", -10.0) for _ in range(count)]
        # AZE answers the next month with as many attacks, plus noise
        if n:
            answers = attacks[n - 1] + rng.randint(0, 1)
            rows += [
                event(first + dt.timedelta(days=9), "AZE", "ARM", -10.0) for _ in range(answers)
            ]
    forward, backward = action_reaction(store(rows), "ARM", "AZE", max_lag=2)
    assert forward.cause == "ARM" and forward.predicts and forward.best_lag == 1
    assert forward.p_value < 1e-6
    assert not backward.predicts
    assert len(forward.tests) == 2


def test_reaction_needs_enough_periods(store):
    con = store(
        [event("2023-01-05", "ARM", "AZE", -10.0), event("2023-02-05", "AZE", "ARM", -10.0)]
    )
    with pytest.raises(AnalysisError, match="Too few periods"):
        action_reaction(con, "ARM", "AZE")
