"""Trade beside relations: for each dyad a verdict compares, its trade over the same two
periods, and whether trade and relations moved together or apart ("relations worse, trade
up 38 %")."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from realpolitik.analysis import Verdict
from realpolitik.trade.series import trade_series

if TYPE_CHECKING:
    from realpolitik.store.db import Connection

Period = tuple[dt.date, dt.date]
STEADY = 0.05
"""A change of trade smaller than this (5 %) counts as steady."""


@dataclass(frozen=True)
class TradeBeside:
    """A dyad's yearly trade (turnover, US$) in the two periods of a verdict, and what the
    two say together."""

    source: str
    target: str
    years_before: tuple[int, ...]
    years_after: tuple[int, ...]
    turnover_before: float | None
    turnover_after: float | None
    change: float | None
    relations: str
    trade: str
    together: bool | None
    statement: str


def _mean_turnover(frame: object, period: Period) -> tuple[tuple[int, ...], float | None]:
    import pandas as pd

    assert isinstance(frame, pd.DataFrame)
    years = range(period[0].year, period[1].year + 1)
    found = {
        row.period.year: float(row.turnover)
        for row in frame.itertuples(index=False)
        if row.period.year in years and pd.notna(row.turnover)
    }
    if not found:
        return (), None
    return tuple(sorted(found)), sum(found.values()) / len(found)


def trade_beside(
    con: Connection, verdicts: Sequence[Verdict], datasets: Sequence[str] | None = None
) -> list[TradeBeside]:
    """One TradeBeside per verdict whose dyad has trade flows in the store: the mean yearly
    turnover of the years of each period that have one, its change, and whether it moved
    with the relations (both up, both down) or apart.

    Example:
        >>> [t.statement for t in trade_beside(con, verdicts)]
        ['relations worse, trade up 38 %']
    """
    found: list[TradeBeside] = []
    for v in verdicts:
        frame = trade_series(con, v.source[:3], v.target[:3], datasets=datasets)
        if frame.empty:
            continue
        years_before, before = _mean_turnover(frame, v.before)
        years_after, after = _mean_turnover(frame, v.after)
        relations = {"improved": "better", "worsened": "worse"}.get(v.verdict, "unchanged")
        change = after / before - 1 if before and after is not None else None
        if change is None:
            trade = "unknown"
        elif abs(change) < STEADY:
            trade = "steady"
        else:
            trade = "up" if change > 0 else "down"
        together: bool | None = None
        if trade in ("up", "down") and relations != "unchanged":
            together = (trade == "up") == (relations == "better")
        shown = "" if change is None or trade == "steady" else f" {abs(change) * 100:.0f} %"
        statement = f"relations {relations}, trade {trade}{shown}"
        if trade == "unknown":
            statement += " (no trade figures for one of the periods)"
        found.append(
            TradeBeside(
                source=v.source, target=v.target, years_before=years_before,
                years_after=years_after, turnover_before=before, turnover_after=after,
                change=change, relations=relations, trade=trade, together=together,
                statement=statement,
            )
        )  # fmt: skip
    return found


def has_trade(con: Connection) -> bool:
    """Whether the store holds any trade flow."""
    row = con.execute("SELECT EXISTS (SELECT 1 FROM trade_flows)").fetchone()
    return bool(row and row[0])
