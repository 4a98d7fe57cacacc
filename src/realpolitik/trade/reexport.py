"""Re-export and circumvention signals: a country whose imports of a product from one set
of partners and whose exports of it to a target both jump after a date.

For each product of a list, per year: the country's imports from the sources (as it reports
them; where it reports none, as the sources report their exports to it) and its exports to
the target (likewise, or as the target reports its imports). Each series is set against its
own trend before the date (a least-squares line through the earlier years, or their mean
when there is one year): ``jump`` is the after-period flows over what that trend expects
(2.0: twice the trend). A product is flagged when both the imports and the exports jump by
at least ``threshold``. ``unexplained`` is the share of the after-period exports to the
target beyond what the country could have sent from its own production (when given) or
beyond its own exports of the product to the world before the date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from realpolitik.errors import Errors, TradeError
from realpolitik.trade.areas import EU, WORLD, trade_areas
from realpolitik.trade.series import check_country, check_hs, flows_sql

if TYPE_CHECKING:
    import pandas as pd

    from realpolitik.store.db import Connection

THRESHOLD = 2.0
MIN_AFTER_USD = 0.0


@dataclass(frozen=True)
class Signal:
    """What the re-export check found for one product."""

    country: str
    hs: str
    name: str
    sources: tuple[str, ...]
    target: str
    since: dt.date
    before: tuple[int, ...]
    after: tuple[int, ...]
    imports_before: float | None
    imports_after: float | None
    imports_jump: float | None
    exports_before: float | None
    exports_after: float | None
    exports_jump: float | None
    jump: float | None
    unexplained: float | None
    flagged: bool
    reason: str

    def as_dict(self) -> dict[str, Any]:
        """The signal as JSON-ready values (dates as ISO strings)."""
        found = asdict(self)
        found["since"] = self.since.isoformat()
        found["sources"] = list(self.sources)
        found["before"] = list(self.before)
        found["after"] = list(self.after)
        return found


def expected(years: Sequence[int], values: Sequence[float], at: Sequence[int]) -> list[float]:
    """The trend of ``values`` (by year) at the years ``at``: a least-squares line through
    two or more years (never below zero), the value itself for one year.

    Example:
        >>> expected([2019, 2020, 2021], [10.0, 12.0, 14.0], [2022, 2023])
        [16.0, 18.0]
    """
    if not values:
        return [0.0 for _ in at]
    if len(values) == 1:
        return [float(values[0]) for _ in at]
    x = np.asarray(years, float)
    middle = float(x.mean())  # centred: years near 2020 lose no precision
    slope, intercept = np.polyfit(x - middle, np.asarray(values, float), 1)
    return [max(float(slope * (y - middle) + intercept), 0.0) for y in at]


def reexport_signals(
    con: Connection,
    country: str,
    *,
    sources: Sequence[str],
    target: str,
    since: dt.date,
    products: Sequence[tuple[str, str]],
    until: dt.date | None = None,
    datasets: Sequence[str] | None = None,
    production: Mapping[tuple[str, int], float] | None = None,
    threshold: float = THRESHOLD,
) -> list[Signal]:
    """One Signal per product of ``products`` ((HS code, name) pairs), annual flows.

    ``sources`` are country codes; EU stands for the member states of each year (or the
    EU's own rows where a file gives only those). ``production`` maps (HS code, year) to the
    country's output of the product in US dollars.

    Example:
        >>> [s.hs for s in reexport_signals(con, "ARM", sources=["USA", "EU"],
        ...     target="RUS", since=dt.date(2022, 3, 1), products=products("chp:1"))
        ...  if s.flagged]
        ['854231', '854239']
    """
    country = check_country(country, "the country")
    target = check_country(target, "--to")
    given = [check_country(s, "--from") for s in sources]
    if not given:
        raise TradeError(Errors.E713.format(value="", option="--from"))
    start = since.year  # the year the date falls in is the first after it
    areas = trade_areas()
    found: list[Signal] = []
    for hs, name in products:
        code = check_hs(hs, "--products")
        assert code is not None
        imports, exports, world = _flows(con, country, given, target, code, datasets, areas)
        years = sorted(set(imports) | set(exports) | set(world))
        if until is not None:
            years = [y for y in years if y <= until.year]
        before = tuple(y for y in years if y < start)
        after = tuple(y for y in years if y >= start)
        imp = _jump(imports, before, after)
        exp = _jump(exports, before, after)
        exports_after = exp[1]
        unexplained = None
        if exports_after:
            if production is not None and any((code, y) in production for y in after):
                made = float(np.mean([production.get((code, y), 0.0) for y in after]))
            else:
                earlier = [world[y] for y in before if y in world]
                made = float(np.mean(earlier)) if earlier else 0.0
            unexplained = max(exports_after - made, 0.0) / exports_after
        reason = _reason(imp[2], exp[2], before, after, threshold)
        flagged = reason == "imports and exports jumped together"
        jump = min(imp[2], exp[2]) if imp[2] is not None and exp[2] is not None else None
        found.append(
            Signal(
                country=country, hs=code, name=name, sources=tuple(given), target=target,
                since=since, before=before, after=after,
                imports_before=imp[0], imports_after=imp[1], imports_jump=imp[2],
                exports_before=exp[0], exports_after=exp[1], exports_jump=exp[2],
                jump=jump, unexplained=unexplained, flagged=flagged, reason=reason,
            )
        )  # fmt: skip
    return found


def _reason(
    imports: float | None,
    exports: float | None,
    before: Sequence[int],
    after: Sequence[int],
    threshold: float,
) -> str:
    if not before or not after:
        return "no years on both sides of the date"
    if imports is None or exports is None:
        return "no flows of the product on one side"
    if imports >= threshold and exports >= threshold:
        return "imports and exports jumped together"
    if exports >= threshold:
        return "exports jumped, imports did not"
    if imports >= threshold:
        return "imports jumped, exports did not"
    return "no jump"


def _jump(
    values: Mapping[int, float], before: Sequence[int], after: Sequence[int]
) -> tuple[float | None, float | None, float | None]:
    """(mean before, mean after, after over the trend's expectation) of a yearly series;
    a year without a row counts as nothing traded."""
    if not before or not after:
        return None, None, None
    pre = [values.get(y, 0.0) for y in before]
    post = [values.get(y, 0.0) for y in after]
    if not any(pre) and not any(post):
        return None, None, None
    trend = sum(expected(list(before), pre, list(after)))
    actual = sum(post)
    # nothing expected: any flow at all is a jump without bound
    unbounded = float("inf") if actual > 0 else 1.0
    ratio = actual / trend if trend > 0 else unbounded
    return float(np.mean(pre)), float(np.mean(post)), ratio


def _flows(
    con: Connection,
    country: str,
    sources: Sequence[str],
    target: str,
    hs: str,
    datasets: Sequence[str] | None,
    areas: Any,
) -> tuple[dict[int, float], dict[int, float], dict[int, float]]:
    """The country's imports from the sources, exports to the target and exports to the
    world of one product, by year (own reports first, mirror figures where it has none)."""
    flows, params = flows_sql(datasets, "year", hs)
    rows = con.execute(
        f"SELECT year(period), reporter, partner, flow, value FROM ({flows}) "
        "WHERE value IS NOT NULL AND (reporter = ? OR partner = ?)",
        [*params, country, country],
    ).fetchall()
    own: dict[tuple[int, str, str], float] = {}
    mirror: dict[tuple[int, str, str], float] = {}
    for year, reporter, partner, flow, amount in rows:
        if reporter == country and flow in ("M", "X"):
            own[(year, flow, partner)] = own.get((year, flow, partner), 0.0) + amount
        elif partner == country and flow in ("M", "X"):
            # the partner's exports to the country are the country's imports, and back
            turned = "M" if flow == "X" else "X"
            mirror[(year, turned, reporter)] = mirror.get((year, turned, reporter), 0.0) + amount
    years = sorted({k[0] for k in (*own, *mirror)})

    def value(year: int, flow: str, partner: str) -> float | None:
        if (year, flow, partner) in own:
            return own[(year, flow, partner)]
        return mirror.get((year, flow, partner))

    imports: dict[int, float] = {}
    exports: dict[int, float] = {}
    world: dict[int, float] = {}
    for year in years:
        middle = dt.date(year, 7, 1)
        total = 0.0
        seen = False
        for source in sources:
            members = areas.expand(source, middle)
            parts = [value(year, "M", m) for m in members]
            if any(p is not None for p in parts):
                total += sum(p for p in parts if p is not None)
                seen = True
            elif source in ("EU", EU) and value(year, "M", EU) is not None:
                total += value(year, "M", EU) or 0.0
                seen = True
        if seen:
            imports[year] = total
        sent = value(year, "X", target)
        if sent is not None:
            exports[year] = sent
        everywhere = own.get((year, "X", WORLD))
        if everywhere is None:
            partners = [v for (y, f, p), v in own.items() if y == year and f == "X"
                        and p not in (WORLD, EU)]  # fmt: skip
            everywhere = sum(partners) if partners else None
        if everywhere is not None:
            world[year] = everywhere
    return imports, exports, world


def read_production(path: Path) -> dict[tuple[str, int], float]:
    """A country's output per (HS code, year) from a CSV with the columns year, hs and
    value_usd.

    Raises:
        TradeError: the file is missing, lacks a column, or holds a bad row.
    """
    from realpolitik.trade import fields

    found: dict[tuple[str, int], float] = {}
    handle = fields.open_text(path)
    try:
        _, rows = fields.records(
            handle, path, "production CSV", (("year",), ("hs",), ("value_usd", "value")),
            "A production file has the columns year, hs and value_usd.",
        )  # fmt: skip
        for line, row in rows:
            try:
                _, period = fields.period(row.get("year", ""), path, line)
                code = fields.hs_code(row.get("hs", ""), path, line)
                value = fields.number(fields.pick(row, ("value_usd", "value")), path, line,
                                      "value_usd")  # fmt: skip
            except fields.BadField as err:
                raise TradeError(str(err).replace("; the row is skipped", "")) from None
            if value is not None:
                found[(code, period.year)] = found.get((code, period.year), 0.0) + value
    finally:
        handle.close()
    return found


def signals_frame(signals: Sequence[Signal]) -> pd.DataFrame:
    """Signals as a frame, one row per product."""
    import pandas as pd

    rows = []
    for s in signals:
        row = s.as_dict()
        row["sources"] = ",".join(s.sources)
        row["before"] = f"{s.before[0]}-{s.before[-1]}" if s.before else ""
        row["after"] = f"{s.after[0]}-{s.after[-1]}" if s.after else ""
        rows.append(row)
    return pd.DataFrame(rows, columns=list(Signal.__dataclass_fields__))
