"""Shifts: the periods from which a relation differs, found by change-point detection.

Two statistics of a dyad's events (their Goldstein scores, by default) shift:

- its tone, the mean value of the events: the events, grouped by period, are segmented into
  stretches of steady mean by PELT on the least-squares cost of the events themselves, with
  changes between periods (``change_points``);
- its intensity, the sum of the values per period, quiet periods counting as zero: a war
  or a summit changes it even when every event of the dyad was already hostile or friendly.
  The periods' totals are segmented the same way.

The penalty adapts to how noisy the dyad is. Each change is then tested on the units either
side of it (Welch's t-test on the events' values or the periods' totals): ``confidence`` is
one minus its p-value.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from realpolitik.analysis.evidence import cite, evidence_rows, measure_sql
from realpolitik.analysis.records import Direction, Evidence, Segment, Shift, Statistic
from realpolitik.analysis.scope import (
    Scope,
    check_actor,
    check_freq,
    match_params,
    matches,
    prepare,
    units_sql,
)
from realpolitik.analysis.series import STEP, check_datasets, dyad_condition
from realpolitik.errors import AnalysisError, Errors

if TYPE_CHECKING:
    import pandas as pd

    from realpolitik.store.db import Connection

BETA = 3.0
MIN_SIZE = 2
MIN_UNITS = 5
DRIVER_PERIODS = 2
STATISTICS: tuple[Statistic, ...] = ("mean", "total")


@dataclass(frozen=True)
class PeriodStats:
    """Sufficient statistics of the unit values of one period: weight, sum, sum of squares."""

    period: dt.date
    n: float
    total: float
    squares: float


def change_points(
    counts: Sequence[float],
    totals: Sequence[float],
    squares: Sequence[float],
    beta: float = BETA,
    min_size: int = MIN_SIZE,
    min_units: float = MIN_UNITS,
    variance: float | None = None,
) -> list[int]:
    """Indices of the periods at which a new segment starts (none for a steady series),
    given each period's unit count, sum of values and sum of squared values. A segment
    spans at least ``min_size`` periods and ``min_units`` units.

    The cost of a segment is the squared error of its units about their mean, so a period
    of fifty events weighs fifty times one of a single event; changes fall between periods.
    Segments are found by PELT (optimal partitioning with pruning) over these sufficient
    statistics, which change-point libraries do not take; the penalty is
    ``beta * sigma^2 * log(units)`` with ``sigma^2`` the pooled variance of the units within
    periods, which a change between periods does not inflate. A series of one unit per
    period has no spread within periods: its caller gives the ``variance`` (as
    ``successive_variance`` estimates it).

    Example:
        >>> change_points([4] * 8, [12, 12.8, 11.6, 12.4, -16, -16.8, -15.6, -16.4],
        ...               [40, 45, 38, 42, 70, 75, 68, 72])
        [4]
    """
    n = np.asarray(counts, dtype=float)
    s = np.asarray(totals, dtype=float)
    q = np.asarray(squares, dtype=float)
    m = len(n)
    if m < 2 * min_size or n.sum() <= 0:
        return []
    if variance is None:
        within = q - np.divide(s * s, n, out=np.zeros_like(s), where=n > 0)
        spread = n > 1
        sigma2 = float(within[spread].sum() / (n[spread] - 1).sum()) if spread.any() else 0.0
    else:
        sigma2 = variance
    overall = float((q.sum() - s.sum() ** 2 / n.sum()) / max(n.sum() - 1, 1))
    sigma2 = max(sigma2, 1e-3 * overall, 1e-9)
    penalty = beta * sigma2 * math.log(max(n.sum(), 2.0))
    cn = np.concatenate([[0.0], np.cumsum(n)])
    cs = np.concatenate([[0.0], np.cumsum(s)])
    cq = np.concatenate([[0.0], np.cumsum(q)])
    best = np.full(m + 1, np.inf)
    best[0] = -penalty
    last = np.zeros(m + 1, dtype=int)
    alive = np.zeros(m + 1, dtype=bool)
    for t in range(min_size, m + 1):
        alive[t - min_size] = True
        starts = np.flatnonzero(alive[: t - min_size + 1])
        weight = cn[t] - cn[starts]
        total = cs[t] - cs[starts]
        cost = (cq[t] - cq[starts]) - np.divide(
            total * total, weight, out=np.zeros_like(total), where=weight > 0
        )
        values = np.where(weight >= min_units, best[starts] + cost + penalty, np.inf)
        if not np.isfinite(values).any():
            continue
        k = int(np.argmin(values))
        best[t], last[t] = values[k], starts[k]
        # PELT: a start that cannot beat the best now never will
        alive[starts[best[starts] + cost > best[t]]] = False
    breaks: list[int] = []
    t = m
    while t > 0:
        t = int(last[t])
        if t > 0:
            breaks.append(t)
    return sorted(breaks)


def successive_variance(values: Sequence[float]) -> float:
    """The noise variance of a series from its successive differences (von Neumann's
    estimator, half the mean squared difference): a few level changes barely inflate it,
    unlike the variance about the overall mean.

    Example:
        >>> successive_variance([0.0, 2.0, 0.0, 2.0, 0.0, 2.0])
        2.0
    """
    x = np.asarray(values, dtype=float)
    if len(x) < 2:
        return 0.0
    d = np.diff(x)
    return float((d * d).sum() / (2 * (len(x) - 1)))


def welch_confidence(a: tuple[float, float, float], b: tuple[float, float, float]) -> float:
    """One minus the p-value of Welch's t-test between two groups given as (n, sum, sum of
    squares) of their values.

    Example:
        >>> round(welch_confidence((10, 30, 92), (10, -40, 162)), 4)
        1.0
    """
    from scipy import stats

    (n1, s1, q1), (n2, s2, q2) = a, b
    if n1 < 2 or n2 < 2:
        return 0.0
    m1, m2 = s1 / n1, s2 / n2
    v1 = max((q1 - s1 * s1 / n1) / (n1 - 1), 0.0)
    v2 = max((q2 - s2 * s2 / n2) / (n2 - 1), 0.0)
    if v1 == 0.0 and v2 == 0.0:
        return 1.0 if not math.isclose(m1, m2) else 0.0
    result = stats.ttest_ind_from_stats(
        m1, math.sqrt(v1), n1, m2, math.sqrt(v2), n2, equal_var=False
    )
    p = float(result.pvalue)
    return 0.0 if math.isnan(p) else 1.0 - p


def _direction(change: float) -> Direction:
    return "improved" if change > 0 else "worsened" if change < 0 else "unchanged"


def check_statistic(statistic: str) -> Statistic:
    """``statistic`` when it is one shifts know: mean (tone) or total (intensity) (E609)."""
    for known in STATISTICS:
        if statistic == known:
            return known
    raise AnalysisError(Errors.E609.format(value=statistic))


def find_shifts(
    stats: Sequence[PeriodStats],
    *,
    source: str,
    target: str,
    directed: bool = True,
    measure: str = "goldstein",
    statistic: Statistic = "mean",
    periods: Sequence[dt.date] | None = None,
    beta: float = BETA,
    min_size: int = MIN_SIZE,
) -> list[Shift]:
    """The shifts of a series given as per-period statistics, in date order, without
    driving events.

    A shift in tone (``statistic`` "mean") reads the periods that have events; a shift in
    intensity ("total") reads every period of ``periods`` (by default those of ``stats``;
    ``period_grid`` gives them all), a period without events counting as a total of zero.

    Example:
        >>> find_shifts(stats, source="RUS", target="ARM")[0].period
        datetime.date(2023, 1, 1)
    """
    statistic = check_statistic(statistic)
    if statistic == "mean":
        kept = [s for s in sorted(stats, key=lambda s: s.period) if s.n > 0]
    else:
        given = {s.period: s for s in stats}
        days = sorted(set(periods)) if periods is not None else sorted(given)
        kept = [given.get(day) or PeriodStats(day, 0.0, 0.0, 0.0) for day in days]

    def units(part: Sequence[PeriodStats]) -> tuple[float, float, float]:
        # (count, sum, sum of squares) of the units: events, or periods and their totals
        if statistic == "mean":
            return (sum(s.n for s in part), sum(s.total for s in part),
                    sum(s.squares for s in part))  # fmt: skip
        return (float(len(part)), sum(s.total for s in part), sum(s.total**2 for s in part))

    if statistic == "mean":
        starts = change_points(
            [s.n for s in kept], [s.total for s in kept], [s.squares for s in kept],
            beta=beta, min_size=min_size,
        )  # fmt: skip
    else:
        totals = [s.total for s in kept]
        starts = change_points(
            [1.0] * len(kept), totals, [t * t for t in totals], beta=beta, min_size=min_size,
            min_units=min_size, variance=successive_variance(totals),
        )  # fmt: skip
    bounds = [0, *starts, len(kept)]
    segments = [kept[bounds[i] : bounds[i + 1]] for i in range(len(bounds) - 1)]

    def segment(part: list[PeriodStats]) -> Segment:
        n, total, _ = units(part)
        return Segment(
            first=part[0].period, last=part[-1].period,
            events=sum(s.n for s in part), mean=total / n,
        )  # fmt: skip

    shifts: list[Shift] = []
    for before, after in itertools.pairwise(segments):
        left, right = segment(before), segment(after)
        assert left.mean is not None and right.mean is not None
        change = right.mean - left.mean
        shifts.append(
            Shift(
                source=source,
                target=target,
                directed=directed,
                measure=measure,
                statistic=statistic,
                period=after[0].period,
                before=left,
                after=right,
                change=change,
                direction=_direction(change),
                confidence=welch_confidence(units(before), units(after)),
            )
        )
    return shifts


def period_start(day: dt.date, freq: str) -> dt.date:
    """The first day of the period of ``freq`` holding ``day`` (weeks start on Monday, as
    DuckDB's ``date_trunc`` has them).

    Example:
        >>> period_start(dt.date(2023, 9, 19), "quarter")
        datetime.date(2023, 7, 1)
    """
    if freq == "day":
        return day
    if freq == "week":
        return day - dt.timedelta(days=day.weekday())
    if freq == "month":
        return day.replace(day=1)
    if freq == "quarter":
        return dt.date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
    return dt.date(day.year, 1, 1)


def period_grid(stats: Sequence[PeriodStats], scope: Scope, freq: str) -> list[dt.date] | None:
    """Every period of a dyad's series: from the scope's ``since`` (or the dyad's first
    period with events) to its ``until`` (or the dyad's last); None without events."""
    days = [s.period for s in stats if s.n > 0]
    if not days:
        return None
    day = period_start(scope.since, freq) if scope.since else min(days)
    end = period_start(scope.until, freq) if scope.until else max(days)
    grid: list[dt.date] = []
    while day <= end:
        grid.append(day)
        day = _advance(day, freq, 1)
    return grid


def _stats_sql(scope: Scope, freq: str, measure: str, directed: bool) -> str:
    value = measure_sql(measure)
    pair = (
        "source, target"
        if directed
        else ("least(source, target) AS source, greatest(source, target) AS target")
    )
    return (
        f"SELECT {pair}, CAST(date_trunc('{freq}', date) AS DATE) AS period, "
        "sum(weight) AS n, sum(weight * v) AS total, sum(weight * v * v) AS squares "
        f"FROM (SELECT *, {value} AS v FROM u) "
        "WHERE v IS NOT NULL AND source IS NOT NULL AND target IS NOT NULL "
        "AND source <> target GROUP BY ALL"
    )


def period_stats(
    con: Connection,
    scope: Scope,
    conditions: Sequence[str],
    params: Sequence[Any],
    *,
    freq: str,
    measure: str,
    directed: bool,
) -> dict[tuple[str, str], list[PeriodStats]]:
    """Per-period statistics of every dyad among the events ``conditions`` pick."""
    units, bound = units_sql(con, scope, conditions, params)
    sql = f"WITH u AS ({units}) {_stats_sql(scope, freq, measure, directed)}"
    table: dict[tuple[str, str], list[PeriodStats]] = {}
    for source, target, period, n, total, squares in con.execute(sql, bound).fetchall():
        table.setdefault((source, target), []).append(
            PeriodStats(period, float(n), float(total), float(squares))
        )
    return table


def dyad_shifts(
    con: Connection,
    a: str,
    b: str,
    scope: Scope | None = None,
    *,
    freq: str = "month",
    directed: bool = True,
    measure: str = "goldstein",
    statistic: Statistic = "mean",
    drivers: int = 3,
    beta: float = BETA,
) -> list[Shift]:
    """The shifts of one dyad's series, in tone (``statistic`` "mean") or in intensity
    ("total", over every period from the scope's or the dyad's first to its last), each
    with the events that drove it.

    Example:
        >>> shifts = dyad_shifts(con, "AZE", "NKR", directed=False, statistic="total")
        >>> [(s.period, s.direction) for s in shifts]
        [(datetime.date(2023, 9, 1), 'worsened'), (datetime.date(2023, 11, 1), 'improved')]
    """
    scope = scope or Scope()
    a, b = check_actor(a, "the first actor"), check_actor(b, "the second actor")
    freq = check_freq(freq)
    statistic = check_statistic(statistic)
    check_datasets(con, scope)
    prepare(con)
    condition, params = dyad_condition(con, a, b, directed=directed)
    units, bound = units_sql(con, scope, [condition], params)
    value = measure_sql(measure)
    sql = (
        f"WITH u AS ({units}) SELECT CAST(date_trunc('{freq}', date) AS DATE), sum(weight), "
        f"sum(weight * v), sum(weight * v * v) FROM (SELECT *, {value} AS v FROM u) "
        "WHERE v IS NOT NULL GROUP BY ALL"
    )
    stats = [
        PeriodStats(p, float(n), float(t), float(q))
        for p, n, t, q in con.execute(sql, bound).fetchall()
    ]
    grid = period_grid(stats, scope, freq) if statistic == "total" else None
    shifts = find_shifts(
        stats, source=a, target=b, directed=directed, measure=measure, statistic=statistic,
        periods=grid, beta=beta,
    )  # fmt: skip
    return attach_drivers(con, shifts, scope, freq=freq, count=drivers)


def rank_shifts(
    con: Connection,
    scope: Scope | None = None,
    *,
    actor: str | None = None,
    top: int = 20,
    freq: str = "month",
    directed: bool = False,
    measure: str = "goldstein",
    statistic: Statistic = "mean",
    min_events: int = 10,
    min_confidence: float = 0.95,
    drivers: int = 3,
    beta: float = BETA,
) -> list[Shift]:
    """The largest shifts across every dyad (of ``actor``, when given), in tone or in
    intensity, largest change first, among those with at least ``min_confidence``; each
    with its driving events.

    Dyads with fewer than ``min_events`` units are left out: their means are too noisy.

    Example:
        >>> for shift in rank_shifts(con, actor="ARM", top=5):
        ...     print(shift.source, shift.target, shift.period, round(shift.change, 1))
    """
    scope = scope or Scope()
    freq = check_freq(freq)
    statistic = check_statistic(statistic)
    check_datasets(con, scope)
    prepare(con)
    conditions: list[str] = []
    params: list[Any] = []
    if actor:
        actor = check_actor(actor, "--actor")
        conditions.append(f"({matches('source')} OR {matches('target')})")
        params += match_params(actor) + match_params(actor)
    table = period_stats(
        con, scope, conditions, params, freq=freq, measure=measure, directed=directed
    )
    found: list[Shift] = []
    for (source, target), stats in table.items():
        if sum(s.n for s in stats) < min_events:
            continue
        found += [
            s
            for s in find_shifts(
                stats,
                source=source,
                target=target,
                directed=directed,
                measure=measure,
                statistic=statistic,
                periods=period_grid(stats, scope, freq) if statistic == "total" else None,
                beta=beta,
            )
            if s.confidence >= min_confidence
        ]
    found.sort(key=lambda s: (-abs(s.change), -s.period.toordinal(), s.source, s.target))
    return attach_drivers(con, found[:top], scope, freq=freq, count=drivers)


def attach_drivers(
    con: Connection, shifts: list[Shift], scope: Scope, *, freq: str, count: int = 3
) -> list[Shift]:
    """The shifts with the events that drove each: in its first periods after the change,
    those whose value lies furthest from the earlier mean in the direction of the change
    (for a shift in intensity, whose value adds most to the periods' totals that way)."""
    if not shifts or count <= 0:
        return shifts
    value = measure_sql(shifts[0].measure)
    step = STEP[freq]
    windows: list[str] = []
    params: list[Any] = []
    for shift in shifts:
        condition, bound = dyad_condition(con, shift.source, shift.target, directed=shift.directed)
        windows.append(
            f"({condition} AND e.date >= ? "
            f"AND e.date < CAST(? AS DATE) + {DRIVER_PERIODS} * {step})"
        )
        params += [*bound, shift.period, shift.period]
    units, bound = units_sql(con, scope, [f"({' OR '.join(windows)})"], params)
    rows = con.execute(
        f"WITH u AS ({units}) SELECT event_id, date, source, target, {value} AS v, mentions "
        "FROM u WHERE v IS NOT NULL",
        bound,
    ).fetchall()
    chosen: list[list[tuple[str, int, float]]] = []
    for shift in shifts:
        sign = 1.0 if shift.change >= 0 else -1.0
        before = (shift.before.mean or 0.0) if shift.statistic == "mean" else 0.0
        end = _advance(shift.period, freq, DRIVER_PERIODS)
        ranked = [
            r
            for r in rows
            if shift.period <= r[1] < end
            and _in_dyad(r[2], r[3], shift)
            and sign * (r[4] - before) > 0
        ]
        ranked.sort(key=lambda r: (-sign * (r[4] - before), -r[5], r[1], r[0]))
        chosen.append([(r[0], r[5], float(r[4] - before)) for r in ranked[: count * 8]])
    # the drivers of every shift in one read of the events
    found = evidence_rows(con, [c[0] for picks in chosen for c in picks])
    picked: list[Shift] = []
    for shift, picks in zip(shifts, chosen, strict=True):
        drivers = cite(
            found, [c[0] for c in picks], mentions={c[0]: c[1] for c in picks},
            influence={c[0]: c[2] for c in picks}, distinct=count,
        )  # fmt: skip
        picked.append(shift.model_copy(update={"drivers": tuple(drivers)}))
    return picked


def _in_dyad(source: str | None, target: str | None, shift: Shift) -> bool:
    if source is None or target is None:
        return False

    def hit(key: str, actor: str) -> bool:
        # keys are countries or codes, the shift's actors what was asked for (RUS, RUSGOV)
        return key.startswith(actor) or actor.startswith(key)

    forward = hit(source, shift.source) and hit(target, shift.target)
    backward = hit(source, shift.target) and hit(target, shift.source)
    return forward or (not shift.directed and backward)


def _advance(day: dt.date, freq: str, periods: int) -> dt.date:
    if freq == "day":
        return day + dt.timedelta(days=periods)
    if freq == "week":
        return day + dt.timedelta(days=7 * periods)
    months = {"month": 1, "quarter": 3, "year": 12}[freq] * periods
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def shifts_frame(shifts: Sequence[Shift]) -> pd.DataFrame:
    """Shifts as a frame, one row per shift (drivers as their event ids)."""
    import pandas as pd

    columns = [
        "source", "target", "statistic", "period", "direction", "before", "after", "change",
        "confidence",
        "events_before", "events_after", "drivers",
    ]  # fmt: skip
    return pd.DataFrame(
        columns=columns,
        data=[
            {
                "source": s.source,
                "target": s.target,
                "statistic": s.statistic,
                "period": s.period,
                "direction": s.direction,
                "before": s.before.mean,
                "after": s.after.mean,
                "change": s.change,
                "confidence": s.confidence,
                "events_before": s.before.events,
                "events_after": s.after.events,
                "drivers": ";".join(e.event_id for e in s.drivers),
            }
            for s in shifts
        ],
    )


__all__ = [
    "Evidence",
    "PeriodStats",
    "attach_drivers",
    "change_points",
    "check_statistic",
    "dyad_shifts",
    "find_shifts",
    "period_grid",
    "rank_shifts",
    "shifts_frame",
    "successive_variance",
]
