"""Dependence and leverage between an actor and its partners, period by period.

In the spirit of asymmetric interdependence: A depends on B as much as A's cooperation
(QuadClass 1-2 events, either direction, with any other actor) runs through B::

    dependence(A on B) = cooperation(A, B) / cooperation(A, anyone)

A's leverage over B is the asymmetry ``dependence(B on A) - dependence(A on B)``, between -1
and 1: positive when B needs A more than A needs B. With ``material`` only material
cooperation (QuadClass 2: aid, trade and military cooperation) counts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from realpolitik.analysis.scope import Scope, check_actor, prepare, units_sql
from realpolitik.analysis.series import check_datasets

if TYPE_CHECKING:
    import pandas as pd

    from realpolitik.store.db import Connection

LEVERAGE_COLUMNS = (
    "actor", "partner", "period", "first", "last", "cooperation", "conflict",
    "actor_cooperation", "partner_cooperation", "actor_dependence", "partner_dependence",
    "leverage", "conflict_share", "leverage_change", "partner_dependence_change",
)  # fmt: skip


def leverage(
    con: Connection,
    actor: str,
    partners: Sequence[str],
    periods: Sequence[tuple[dt.date, dt.date]],
    scope: Scope | None = None,
    *,
    material: bool = False,
) -> pd.DataFrame:
    """One row per partner and period: the cooperation between them, each side's total,
    both dependences, the actor's leverage, the conflict share of their events, and the
    change of leverage and of the partner's dependence since the previous period.

    Example:
        >>> leverage(con, "RUS", ["ARM", "AZE"], parse_periods("2021:2022,2023:2024"))
    """
    import pandas as pd

    scope = (scope or Scope()).model_copy(update={"since": None, "until": None})
    check_datasets(con, scope)
    prepare(con)
    actor = check_actor(actor, "the actor")
    partners = [check_actor(p, "--over") for p in partners]
    quads = "(2)" if material else "(1, 2)"
    labels = " ".join(f"WHEN date BETWEEN ? AND ? THEN {n}" for n in range(len(periods)))
    bounds: list[Any] = [d for period in periods for d in period]
    span = [min(p[0] for p in periods), max(p[1] for p in periods)]
    units, params = units_sql(con, scope, ["e.date BETWEEN ? AND ?"], span)
    sql = f"""
        WITH u AS ({units}),
        tagged AS (
            SELECT CASE {labels} END AS p, source, target, weight,
                quad_class IN {quads} AS cooperative, quad_class IN (3, 4) AS hostile
            FROM u WHERE source IS NOT NULL AND target IS NOT NULL AND source <> target
        ),
        sides AS (
            SELECT p, source AS side, target AS other, weight, cooperative, hostile
            FROM tagged WHERE p IS NOT NULL
            UNION ALL
            SELECT p, target, source, weight, cooperative, hostile
            FROM tagged WHERE p IS NOT NULL
        )
        SELECT p, side, other,
            coalesce(sum(weight) FILTER (WHERE cooperative), 0) AS cooperation,
            coalesce(sum(weight) FILTER (WHERE hostile), 0) AS conflict
        FROM sides GROUP BY ALL
    """
    pairs = con.execute(sql, [*params, *bounds]).df()

    def named(key: str, code: str) -> bool:
        return key == code or key.startswith(code)

    rows: list[dict[str, Any]] = []
    for partner in partners:
        previous: dict[str, Any] | None = None
        for n, (first, last) in enumerate(periods):
            part = pairs[pairs["p"] == n]
            own = part[[named(s, actor) for s in part["side"]]]
            theirs = part[[named(s, partner) for s in part["side"]]]
            between = own[[named(o, partner) for o in own["other"]]]
            cooperation = float(between["cooperation"].sum())
            conflict = float(between["conflict"].sum())
            actor_total = float(own["cooperation"].sum())
            partner_total = float(theirs["cooperation"].sum())
            actor_dependence = cooperation / actor_total if actor_total else None
            partner_dependence = cooperation / partner_total if partner_total else None
            lever = (
                partner_dependence - actor_dependence
                if partner_dependence is not None and actor_dependence is not None
                else None
            )
            row = {
                "actor": actor, "partner": partner, "period": f"{first}:{last}",
                "first": first, "last": last, "cooperation": cooperation,
                "conflict": conflict, "actor_cooperation": actor_total,
                "partner_cooperation": partner_total, "actor_dependence": actor_dependence,
                "partner_dependence": partner_dependence, "leverage": lever,
                "conflict_share": (
                    conflict / (cooperation + conflict) if cooperation + conflict else None
                ),
                "leverage_change": _change(previous, lever, "leverage"),
                "partner_dependence_change": _change(
                    previous, partner_dependence, "partner_dependence"
                ),
            }  # fmt: skip
            rows.append(row)
            previous = row
    return pd.DataFrame(rows, columns=list(LEVERAGE_COLUMNS))


def _change(previous: dict[str, Any] | None, value: float | None, column: str) -> float | None:
    if previous is None or value is None or previous[column] is None:
        return None
    return float(value - previous[column])
