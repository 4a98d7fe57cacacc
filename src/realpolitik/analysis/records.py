"""Records the analyses hand back: shifts, comparison verdicts, reactions, and the events
that back them."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Direction = Literal["improved", "worsened", "unchanged"]


class AnalysisRecord(BaseModel):
    """Base of the analysis records: immutable, no unknown fields."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class Evidence(AnalysisRecord):
    """One stored event cited as evidence, with where it was read."""

    event_id: str
    date: dt.date
    source: str | None
    target: str | None
    code: str | None
    goldstein: float | None
    mentions: int = Field(description="mentions of the event's cluster in scope")
    dataset: str
    sentence: str | None = None
    title: str | None = None
    publisher: str | None = None
    url: str | None = None
    influence: float | None = Field(
        default=None, description="how far the event moves the figure it is cited for"
    )


class Segment(AnalysisRecord):
    """A stretch of a series between two shifts, with the mean of its units."""

    first: dt.date = Field(description="first period of the stretch")
    last: dt.date = Field(description="last period of the stretch")
    events: float
    mean: float | None


class Shift(AnalysisRecord):
    """A change point of a dyad's series: the period from which the relation differs.

    Example:
        >>> shift.period, shift.direction, shift.change, shift.confidence
        (datetime.date(2023, 9, 1), 'worsened', -5.8, 0.999)
    """

    source: str
    target: str
    directed: bool
    measure: str
    period: dt.date = Field(description="first period after the change")
    before: Segment
    after: Segment
    change: float = Field(description="after mean minus before mean")
    direction: Direction
    confidence: float = Field(description="1 - p of Welch's test on the units either side")
    drivers: tuple[Evidence, ...] = ()


class Verdict(AnalysisRecord):
    """Whether a dyad's relations improved or worsened from one period to another."""

    source: str
    target: str
    directed: bool
    measure: str
    before: tuple[dt.date, dt.date]
    after: tuple[dt.date, dt.date]
    events_before: float
    events_after: float
    mean_before: float | None
    mean_after: float | None
    net_before: float | None = Field(description="net cooperation index before")
    net_after: float | None
    rate_before: float = Field(description="events per 30 days before")
    rate_after: float
    change: float | None
    low: float | None = Field(description="bootstrap 2.5 % bound of the change")
    high: float | None = Field(description="bootstrap 97.5 % bound of the change")
    p_value: float | None = Field(description="two-sided permutation p-value")
    verdict: Literal["improved", "worsened", "no significant change", "too few events"]
    evidence_before: tuple[Evidence, ...] = ()
    evidence_after: tuple[Evidence, ...] = ()


class LagTest(AnalysisRecord):
    """One Granger test: does the cause series, ``lag`` periods back, predict the effect?"""

    lag: int
    f: float
    p_value: float


class Reaction(AnalysisRecord):
    """Whether one side's acts towards the other predict the other's acts in return."""

    cause: str = Field(description="the actor whose acts may predict")
    effect: str = Field(description="the actor whose acts in return are predicted")
    measure: str
    freq: str
    periods: int
    tests: tuple[LagTest, ...]
    best_lag: int | None
    p_value: float | None = Field(description="smallest p-value over the lags")
    predicts: bool = Field(description="p-value below the significance level")
    note: str | None = None
