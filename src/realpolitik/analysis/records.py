"""Records the analyses hand back: shifts, comparison verdicts, reactions, and the events
that back them."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, computed_field

Direction = Literal["improved", "worsened", "unchanged"]
Statistic = Literal["mean", "total"]


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
    """A stretch of a series between two shifts: its events and their mean value (of a
    shift in tone) or the mean of its periods' totals (of a shift in intensity)."""

    first: dt.date = Field(description="first period of the stretch")
    last: dt.date = Field(description="last period of the stretch")
    events: float
    mean: float | None


class Shift(AnalysisRecord):
    """A change point of a dyad's series: the period from which the relation differs.

    ``statistic`` "mean" is a shift in tone, the mean value of the events; "total" a shift
    in intensity, the sum of their values per period, quiet periods counting as zero.

    Example:
        >>> shift.period, shift.direction, shift.change, shift.confidence
        (datetime.date(2023, 9, 1), 'worsened', -5.8, 0.999)
    """

    source: str
    target: str
    directed: bool
    measure: str
    statistic: Statistic = "mean"
    period: dt.date = Field(description="first period after the change")
    before: Segment
    after: Segment
    change: float = Field(description="after mean minus before mean")
    direction: Direction
    confidence: float = Field(
        description="1 - p of Welch's test on the events (tone) or periods (intensity) either side"
    )
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

    @computed_field  # type: ignore[prop-decorator]
    @property
    def standing(self) -> str | None:
        """Where the relation stood in each period, by the sign of its mean: 'cooperative
        throughout', 'cooperative → hostile'; None when a period has no events.

        Example:
            >>> verdict.verdict, verdict.standing
            ('worsened', 'cooperative → hostile')
        """
        before, after = _standing(self.mean_before), _standing(self.mean_after)
        if before is None or after is None:
            return None
        return f"{before} throughout" if before == after else f"{before} → {after}"


def _standing(mean: float | None) -> str | None:
    if mean is None:
        return None
    return "cooperative" if mean > 0 else "hostile" if mean < 0 else "neutral"


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
