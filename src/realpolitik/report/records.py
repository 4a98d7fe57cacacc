"""What a report is asked for, and what it holds once computed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict, Field

from realpolitik.analysis import Evidence, Network, Scope, Shift, Verdict
from realpolitik.trade.beside import TradeBeside

if TYPE_CHECKING:
    import pandas as pd

Period = tuple[dt.date, dt.date]
Dyad = tuple[str, str]


class ReportRequest(BaseModel):
    """The actors, dyads and periods a report covers, within a scope.

    Empty ``actors``: the four busiest countries of the scope; empty ``dyads``: the busiest
    pairs among the actors (at most six); no ``before``/``after``: the two halves of the
    scope's span. Dates of the report follow ``scope.since`` and ``scope.until``.

    Example:
        >>> ReportRequest(actors=("RUS", "ARM", "AZE"), scope=Scope(since=dt.date(2021, 1, 1)))
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    actors: tuple[str, ...] = Field(default=(), description="country or actor codes")
    dyads: tuple[Dyad, ...] = Field(default=(), description="undirected pairs")
    before: Period | None = Field(default=None, description="the earlier compared period")
    after: Period | None = Field(default=None, description="the later compared period")
    freq: str = Field(default="month", description="period length of the trajectories")
    scope: Scope = Field(default_factory=Scope)
    resamples: int = Field(default=1000, description="permutations and bootstrap draws")
    top_events: int = Field(default=15, description="most-reported events on the timeline")


@dataclass(frozen=True)
class Trajectory:
    """One dyad's series (both directions) and the shifts found in it."""

    source: str
    target: str
    series: pd.DataFrame
    shifts: tuple[Shift, ...]


@dataclass(frozen=True)
class Report:
    """The computed parts of a report, ready to be drawn and written.

    ``timeline`` has one row per month and QuadClass (``period``, ``quad_class``,
    ``events``) of the events of any of the actors; ``top_events`` are their most-reported
    events; ``network`` is the actors' part of the scope's network, with a node ``layout``
    (x, y per actor); ``leverage`` has each actor's leverage over each other actor in the
    two periods.
    """

    store: str
    generated: dt.datetime
    request: ReportRequest
    actors: tuple[str, ...]
    dyads: tuple[Dyad, ...]
    span: Period
    before: Period
    after: Period
    events: int
    mentions: int
    datasets: tuple[str, ...]
    timeline: pd.DataFrame
    top_events: tuple[Evidence, ...]
    trajectories: tuple[Trajectory, ...]
    network: Network
    layout: dict[str, tuple[float, float]]
    leverage: pd.DataFrame
    verdicts: tuple[Verdict, ...]
    notes: tuple[str, ...] = field(default=())
    trade: tuple[TradeBeside, ...] = field(default=())
    """Each compared dyad's trade over the two periods, where the store holds trade flows."""
    trade_frames: tuple[tuple[Dyad, pd.DataFrame], ...] = field(default=())
    """Each dyad's yearly trade series (``trade_series``), for the dyads that have one."""

    @property
    def shifts(self) -> tuple[Shift, ...]:
        """Every shift of every dyad, in dyad order then date order."""
        return tuple(s for t in self.trajectories for s in t.shifts)
