"""Dyad series: what two actors did to each other, period by period.

One row per period (every period between the first and the last, empty ones included) with
event counts per QuadClass and CAMEO root, Goldstein and PLOVER-score sums and means, a net
cooperation index, and the dyad's share of all events counted in the period, since raw counts
grow with coverage. DuckDB computes the frame; pandas carries it.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from realpolitik.analysis.scope import (
    Scope,
    check_actor,
    check_freq,
    match_params,
    matches,
    prepare,
    units_sql,
)
from realpolitik.errors import AnalysisError, Errors

if TYPE_CHECKING:
    import pandas as pd

    from realpolitik.store.db import Connection

ROOTS = tuple(f"{n:02d}" for n in range(1, 21))
QUADS = ("verbal_cooperation", "material_cooperation", "verbal_conflict", "material_conflict")
STEP = {
    "day": "INTERVAL 1 DAY",
    "week": "INTERVAL 7 DAY",
    "month": "INTERVAL 1 MONTH",
    "quarter": "INTERVAL 3 MONTH",
    "year": "INTERVAL 1 YEAR",
}
SERIES_COLUMNS = (
    "period", "events", "mentions", *QUADS, "cooperation", "conflict", "goldstein_sum",
    "goldstein_mean", "plover_sum", "plover_mean", "net_cooperation", "volume",
    "per_thousand", *(f"root_{r}" for r in ROOTS),
)  # fmt: skip


COUNT_COLUMNS = frozenset(("events", "mentions", *QUADS, "cooperation", "conflict", "volume"))
_DERIVED = frozenset(
    ("period", "goldstein_mean", "plover_mean", "volume", "per_thousand", "cooperation",
     "conflict", "net_cooperation")
)  # fmt: skip


def check_datasets(con: Connection, scope: Scope) -> None:
    """Every dataset a scope names is one the store knows (E606)."""
    known = [r[0] for r in con.execute("SELECT name FROM datasets ORDER BY name").fetchall()]
    for name in scope.datasets:
        if name not in known:
            raise AnalysisError(Errors.E606.format(value=name, choices=", ".join(known)))


def undirected_datasets(con: Connection) -> list[str]:
    """Datasets whose actor pairs carry no direction (ACLED's actor1 and actor2)."""
    return [r[0] for r in con.execute("SELECT name FROM datasets WHERE NOT directed").fetchall()]


def dyad_condition(
    con: Connection, a: str, b: str, *, directed: bool = True
) -> tuple[str, list[Any]]:
    """SQL picking the events of a dyad (a to b; with ``directed`` off, either way round).

    Rows of datasets without direction count for a directed dyad either way round."""
    forward = f"({matches('source')} AND {matches('target')})"
    backward = forward
    params_forward = match_params(a) + match_params(b)
    params_backward = match_params(b) + match_params(a)
    if directed:
        loose = undirected_datasets(con)
        if not loose:
            return forward, params_forward
        return (
            f"({forward} OR (e.dataset IN (SELECT unnest(?::VARCHAR[])) AND {backward}))",
            [*params_forward, loose, *params_backward],
        )
    return f"({forward} OR {backward})", params_forward + params_backward


def aggregates(prefix: str = "") -> str:
    """The SELECT list of the per-period aggregates over units ``u``."""
    w = "weight"
    quads = ", ".join(
        f"coalesce(sum({w}) FILTER (WHERE quad_class = {n}), 0) AS {name}"
        for n, name in enumerate(QUADS, start=1)
    )
    roots = ", ".join(
        f"coalesce(sum({w}) FILTER (WHERE root = '{r}'), 0) AS root_{r}" for r in ROOTS
    )
    return (
        f"sum({w}) AS events, sum(mentions) AS mentions, {quads}, "
        f"coalesce(sum({w} * goldstein), 0) AS goldstein_sum, "
        f"sum({w} * goldstein) / nullif(sum({w}) FILTER (WHERE goldstein IS NOT NULL), 0) "
        "AS goldstein_mean, "
        f"coalesce(sum({w} * plover), 0) AS plover_sum, "
        f"sum({w} * plover) / nullif(sum({w}) FILTER (WHERE plover IS NOT NULL), 0) "
        f"AS plover_mean, {roots}"
    )


def volume_sql(con: Connection, scope: Scope, freq: str) -> tuple[str, list[Any]]:
    """Units of every actor per period: the denominator of ``per_thousand``."""
    units, params = units_sql(con, scope)
    sql = (
        f"SELECT date_trunc('{freq}', date) AS period, count(*) AS volume "
        f"FROM ({units}) GROUP BY ALL"
    )
    return sql, params


def dyad_span(
    con: Connection, a: str, b: str, scope: Scope, *, directed: bool = True
) -> tuple[dt.date | None, dt.date | None]:
    """The dates of a dyad's first and last events in a scope."""
    prepare(con)
    condition, params = dyad_condition(con, a, b, directed=directed)
    units, bound = units_sql(con, scope, [condition], params)
    row = con.execute(f"SELECT min(date), max(date) FROM ({units})", bound).fetchone()
    return (row[0], row[1]) if row else (None, None)


def dyad_series(
    con: Connection,
    a: str,
    b: str,
    scope: Scope | None = None,
    *,
    freq: str = "month",
    directed: bool = True,
) -> pd.DataFrame:
    """The series of dyad ``a`` to ``b`` (with ``directed`` off, both ways), one row per
    period from the scope's first to last period (or the dyad's first to last event).

    ``a`` and ``b`` are country codes (RUS) or CAMEO actor codes (RUSGOV, IGOEUR); a code
    takes in every code under it. Counts are units (clusters unless ``scope.mentions``),
    weighted by confidence with ``scope.weighted``.

    Example:
        >>> frame = dyad_series(con, "RUS", "ARM", Scope(since=dt.date(2021, 1, 1)))
        >>> frame[["period", "events", "goldstein_mean", "net_cooperation"]].head(2)
    """
    scope = scope or Scope()
    a, b = check_actor(a, "the first actor"), check_actor(b, "the second actor")
    freq = check_freq(freq)
    check_datasets(con, scope)
    prepare(con)
    condition, condition_params = dyad_condition(con, a, b, directed=directed)
    units, params = units_sql(con, scope, [condition], condition_params)
    volume, volume_params = volume_sql(con, scope, freq)
    first = "CAST(? AS DATE)" if scope.since else "(SELECT min(date) FROM u)"
    last = "CAST(? AS DATE)" if scope.until else "(SELECT max(date) FROM u)"
    bounds = [d for d in (scope.since, scope.until) if d]
    columns = ", ".join(f"coalesce(s.{c}, 0) AS {c}" for c in SERIES_COLUMNS if c not in _DERIVED)
    sql = f"""
        WITH u AS ({units}),
        s AS (SELECT date_trunc('{freq}', date) AS period, {aggregates()} FROM u GROUP BY ALL),
        v AS ({volume}),
        grid AS (
            SELECT CAST(p AS DATE) AS period FROM range(
                CAST(date_trunc('{freq}', {first}) AS TIMESTAMP),
                CAST(date_trunc('{freq}', {last}) AS TIMESTAMP) + {STEP[freq]},
                {STEP[freq]}) t(p)
        )
        SELECT g.period, {columns},
            s.goldstein_mean, s.plover_mean,
            (coalesce(s.verbal_cooperation + s.material_cooperation, 0)
             - coalesce(s.verbal_conflict + s.material_conflict, 0))
             / nullif(coalesce(s.verbal_cooperation + s.material_cooperation
                               + s.verbal_conflict + s.material_conflict, 0), 0)
             AS net_cooperation,
            coalesce(v.volume, 0) AS volume,
            1000.0 * coalesce(s.events, 0) / nullif(v.volume, 0) AS per_thousand
        FROM grid g
        LEFT JOIN s ON s.period = g.period
        LEFT JOIN v ON v.period = g.period
        ORDER BY g.period
    """
    frame = con.execute(sql, params + volume_params + bounds).df()
    frame["cooperation"] = frame["verbal_cooperation"] + frame["material_cooperation"]
    frame["conflict"] = frame["verbal_conflict"] + frame["material_conflict"]
    frame["period"] = frame["period"].dt.date
    if not scope.weighted:
        counts = [c for c in SERIES_COLUMNS if c in COUNT_COLUMNS or c.startswith("root_")]
        frame[counts] = frame[counts].astype("int64")
    return frame[list(SERIES_COLUMNS)]
