"""Thesis checks: did a dyad's relations improve or worsen from one period to another?

Per dyad, the mean value of its events (Goldstein score by default) in each period, the
change, a two-sided permutation test of the change (period labels shuffled over the events),
a bootstrap interval (each period resampled on its own), and as evidence the events that
moved the change most: an event's influence is how far the change would move back without
it, ``(value - period mean) / (events in period - 1)``, signed so that positive pushes the
change the way it went.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from realpolitik.analysis.evidence import candidates, cite, evidence_rows, measure_sql
from realpolitik.analysis.records import Verdict
from realpolitik.analysis.scope import Scope, check_actor, prepare, units_sql
from realpolitik.analysis.series import check_datasets, dyad_condition
from realpolitik.errors import AnalysisError, Errors

if TYPE_CHECKING:
    import pandas as pd

    from realpolitik.store.db import Connection

MIN_EVENTS = 3
Period = tuple[dt.date, dt.date]


def parse_dyads(value: str, option: str = "--dyads") -> list[tuple[str, str]]:
    """Comma-separated SOURCE-TARGET pairs.

    Example:
        >>> parse_dyads("RUS-ARM,rus-aze")
        [('RUS', 'ARM'), ('RUS', 'AZE')]
    """
    dyads: list[tuple[str, str]] = []
    for part in (p.strip() for p in value.split(",") if p.strip()):
        source, sep, target = part.partition("-")
        if not sep or not source or not target:
            raise AnalysisError(Errors.E605.format(value=part, option=option))
        dyads.append((check_actor(source, option), check_actor(target, option)))
    if not dyads:
        raise AnalysisError(Errors.E605.format(value=value, option=option))
    return dyads


def compare_periods(
    con: Connection,
    dyads: Sequence[tuple[str, str]],
    before: Period,
    after: Period,
    scope: Scope | None = None,
    *,
    directed: bool = False,
    measure: str = "goldstein",
    resamples: int = 2000,
    alpha: float = 0.05,
    evidence: int = 3,
    seed: int = 0,
) -> list[Verdict]:
    """One verdict per dyad: improved, worsened, no significant change, or too few events
    (fewer than three on a side).

    Example:
        >>> [v.verdict for v in compare_periods(con, [("RUS", "ARM"), ("RUS", "AZE")],
        ...     (dt.date(2021, 1, 1), dt.date(2022, 12, 31)),
        ...     (dt.date(2023, 1, 1), dt.date(2024, 12, 31)))]
        ['worsened', 'no significant change']
    """
    scope = (scope or Scope()).model_copy(update={"since": None, "until": None})
    check_datasets(con, scope)
    prepare(con)
    value = measure_sql(measure)
    found: list[tuple[Verdict, Citing]] = []
    for a, b in dyads:
        a, b = check_actor(a, "--dyads"), check_actor(b, "--dyads")
        condition, params = dyad_condition(con, a, b, directed=directed)
        span = "((e.date BETWEEN ? AND ?) OR (e.date BETWEEN ? AND ?))"
        units, bound = units_sql(con, scope, [condition, span], [*params, *before, *after])
        rows = con.execute(
            f"WITH u AS ({units}) SELECT event_id, date, {value} AS v, weight, mentions, "
            "CASE WHEN quad_class IN (1, 2) THEN 1 WHEN quad_class IN (3, 4) THEN -1 END "
            "FROM u ORDER BY date, event_id",
            bound,
        ).fetchall()
        found.append(
            _verdict(
                rows,
                a,
                b,
                before,
                after,
                directed=directed,
                measure=measure,
                resamples=resamples,
                alpha=alpha,
                rng=np.random.default_rng(seed),
            )
        )
    # the evidence of every dyad and side in one read of the events
    wanted = [
        event_id
        for _, citing in found
        for ranked in (citing.before, citing.after)
        for event_id in candidates(ranked, evidence)
    ]
    rows_by_id = evidence_rows(con, wanted)
    verdicts: list[Verdict] = []
    for verdict, citing in found:
        sides = {}
        for side, ranked in (("before", citing.before), ("after", citing.after)):
            cited = cite(
                rows_by_id, candidates(ranked, evidence), citing.mentions, citing.influence,
                distinct=evidence,
            )  # fmt: skip
            sides[f"evidence_{side}"] = tuple(cited)
        verdicts.append(verdict.model_copy(update=sides))
    return verdicts


@dataclass(frozen=True)
class Citing:
    """The events a verdict may cite on each side, strongest first, with their mentions
    and influence."""

    before: list[str]
    after: list[str]
    mentions: dict[str, int]
    influence: dict[str, float]


def _side(rows: list[tuple[Any, ...]], period: Period) -> list[tuple[Any, ...]]:
    return [r for r in rows if period[0] <= r[1] <= period[1]]


def _mean(values: np.ndarray, weights: np.ndarray) -> float | None:
    return float(np.average(values, weights=weights)) if len(values) and weights.sum() else None


def _net(rows: list[tuple[Any, ...]]) -> float | None:
    signs = [r[5] for r in rows if r[5] is not None]
    return sum(signs) / len(signs) if signs else None


def _verdict(
    rows: list[tuple[Any, ...]],
    a: str,
    b: str,
    before: Period,
    after: Period,
    *,
    directed: bool,
    measure: str,
    resamples: int,
    alpha: float,
    rng: np.random.Generator,
) -> tuple[Verdict, Citing]:
    first, second = _side(rows, before), _side(rows, after)
    valued = [[r for r in side if r[2] is not None] for side in (first, second)]
    x = np.array([r[2] for r in valued[0]], dtype=float)
    y = np.array([r[2] for r in valued[1]], dtype=float)
    wx = np.array([r[3] for r in valued[0]], dtype=float)
    wy = np.array([r[3] for r in valued[1]], dtype=float)
    mean_x, mean_y = _mean(x, wx), _mean(y, wy)
    change = mean_y - mean_x if mean_x is not None and mean_y is not None else None
    low = high = p_value = None
    if len(x) < MIN_EVENTS or len(y) < MIN_EVENTS or change is None:
        verdict = "too few events"
    else:
        p_value = _permutation(x, wx, y, wy, change, resamples, rng)
        low, high = _bootstrap(x, wx, y, wy, resamples, rng)
        if p_value < alpha and change != 0:
            verdict = "improved" if change > 0 else "worsened"
        else:
            verdict = "no significant change"
    sign = 1.0 if (change or 0.0) >= 0 else -1.0
    influence: dict[str, float] = {}
    for side_rows, mean, side_sign in ((valued[0], mean_x, -1.0), (valued[1], mean_y, 1.0)):
        n = len(side_rows)
        for r in side_rows:
            if mean is not None and n > 1:
                influence[r[0]] = sign * side_sign * (r[2] - mean) / (n - 1)
    mentions = {r[0]: int(r[4]) for r in rows}

    def strongest(side_rows: list[tuple[Any, ...]]) -> list[str]:
        ranked = sorted(
            (r for r in side_rows if influence.get(r[0], 0.0) > 0),
            key=lambda r: (-influence[r[0]], -r[4], r[1], r[0]),
        )
        return [r[0] for r in ranked]

    verdict_record = Verdict(
        source=a, target=b, directed=directed, measure=measure, before=before, after=after,
        events_before=float(wx.sum()) if len(first) else 0.0,
        events_after=float(wy.sum()) if len(second) else 0.0,
        mean_before=mean_x, mean_after=mean_y, net_before=_net(first), net_after=_net(second),
        rate_before=_rate(len(first), before), rate_after=_rate(len(second), after),
        change=change, low=low, high=high, p_value=p_value, verdict=verdict,
    )  # fmt: skip
    return verdict_record, Citing(strongest(valued[0]), strongest(valued[1]), mentions, influence)


def _rate(count: int, period: Period) -> float:
    days = (period[1] - period[0]).days + 1
    return 30.0 * count / days


def _permutation(
    x: np.ndarray,
    wx: np.ndarray,
    y: np.ndarray,
    wy: np.ndarray,
    change: float,
    resamples: int,
    rng: np.random.Generator,
) -> float:
    values = np.concatenate([x, y])
    weights = np.concatenate([wx, wy])
    n = len(x)
    hits = 0
    for _ in range(resamples):
        order = rng.permutation(len(values))
        left, right = order[:n], order[n:]
        diff = np.average(values[right], weights=weights[right]) - np.average(
            values[left], weights=weights[left]
        )
        if abs(diff) >= abs(change) - 1e-12:
            hits += 1
    return (hits + 1) / (resamples + 1)


def _bootstrap(
    x: np.ndarray,
    wx: np.ndarray,
    y: np.ndarray,
    wy: np.ndarray,
    resamples: int,
    rng: np.random.Generator,
) -> tuple[float, float]:
    # in blocks, so that a dyad of a million events needs no matrix of a billion draws
    block = max(1, 4_000_000 // max(len(x), len(y)))
    parts: list[np.ndarray] = []
    for start in range(0, resamples, block):
        size = min(block, resamples - start)
        ix = rng.integers(0, len(x), size=(size, len(x)))
        iy = rng.integers(0, len(y), size=(size, len(y)))
        mx = (x[ix] * wx[ix]).sum(axis=1) / wx[ix].sum(axis=1)
        my = (y[iy] * wy[iy]).sum(axis=1) / wy[iy].sum(axis=1)
        parts.append(my - mx)
    diffs = np.concatenate(parts)
    return float(np.percentile(diffs, 2.5)), float(np.percentile(diffs, 97.5))


def verdicts_frame(verdicts: Sequence[Verdict]) -> pd.DataFrame:
    """Verdicts as a frame, one row per dyad (evidence as event ids)."""
    import pandas as pd

    columns = [
        "source", "target", "verdict", "standing", "mean_before", "mean_after", "change", "low",
        "high",
        "p_value", "events_before", "events_after", "net_before", "net_after", "evidence",
    ]  # fmt: skip
    return pd.DataFrame(
        columns=columns,
        data=[
            {
                "source": v.source,
                "target": v.target,
                "verdict": v.verdict,
                "standing": v.standing,
                "mean_before": v.mean_before,
                "mean_after": v.mean_after,
                "change": v.change,
                "low": v.low,
                "high": v.high,
                "p_value": v.p_value,
                "events_before": v.events_before,
                "events_after": v.events_after,
                "net_before": v.net_before,
                "net_after": v.net_after,
                "evidence": ";".join(e.event_id for e in (*v.evidence_before, *v.evidence_after)),
            }
            for v in verdicts
        ],
    )
