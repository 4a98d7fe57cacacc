"""The records of trade statistics: one reported flow of goods, and what an import did."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

Freq = Literal["year", "month"]
FLOWS = ("X", "M", "RX", "RM", "T")
"""Exports, imports, re-exports, re-imports, and turnover (exports and imports together,
where only that is published)."""


@dataclass(frozen=True, slots=True)
class TradeFlow:
    """One flow of goods as a statistics file reports it: who reports it, with which
    partner, which way, which product, in which period, and its value.

    Example:
        >>> TradeFlow("year", dt.date(2022, 1, 1), "ARM", "RUS", "X", "TOTAL", 2.4e9).hs
        'TOTAL'
    """

    freq: Freq
    period: dt.date
    reporter: str
    partner: str
    flow: str
    hs: str
    value_usd: float | None
    kg: float | None = None
    qty: float | None = None
    qty_unit: str | None = None
    hs_vintage: str | None = None
    reporter_raw: str | None = None
    partner_raw: str | None = None
    source: str | None = None
    source_url: str | None = None
    note: str | None = None
    line: int = 0


COLUMNS = (
    "freq", "period", "reporter", "partner", "flow", "hs", "value_usd", "kg", "qty",
    "qty_unit", "hs_vintage", "reporter_raw", "partner_raw", "source", "source_url", "note",
    "line",
)  # fmt: skip
"""The fields of a TradeFlow, in order: the columns an import stages."""


@dataclass(frozen=True)
class TradeFileImport:
    """What importing one trade file did."""

    path: Path
    added: int = 0
    replaced: int = 0
    bad_rows: int = 0
    skipped: dict[str, int] = field(default_factory=dict)
    rejected: str | None = None
    """The message that rejected the file; nothing of a rejected file is stored."""


@dataclass(frozen=True)
class TradeImport:
    """What importing several trade files did, file by file."""

    dataset: str
    files: tuple[TradeFileImport, ...]

    @property
    def added(self) -> int:
        return sum(f.added for f in self.files)

    @property
    def replaced(self) -> int:
        return sum(f.replaced for f in self.files)

    @property
    def bad_rows(self) -> int:
        return sum(f.bad_rows for f in self.files)

    @property
    def rejected(self) -> tuple[TradeFileImport, ...]:
        return tuple(f for f in self.files if f.rejected is not None)

    def __str__(self) -> str:
        line = (
            f"{self.added} new flows imported as '{self.dataset}', {self.replaced} replaced; "
            f"{self.bad_rows} malformed rows skipped"
        )
        if self.rejected:
            count = len(self.rejected)
            line += f"; {count} file{'s' if count != 1 else ''} rejected"
        return line
