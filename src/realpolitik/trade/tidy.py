"""The plain tidy layout of national statistics offices' tables: one flow a row.

    year,reporter,partner,flow,hs,value_usd,kg
    2022,ARM,RUS,X,TOTAL,2400000000,
    2023-05,ARM,USA,M,8542,1250000,310

``year`` holds a year or a month (2023-05; a ``period`` column is read the same way);
``reporter`` and ``partner`` ISO alpha-3 or alpha-2 codes, UN M49 numbers, CAMEO codes or
names (WLD the world, EU the European Union); ``flow`` X, M, RX, RM or T (turnover), or the
words; ``hs`` an HS code of 2, 4 or 6 digits or TOTAL. Optional columns: ``kg``, ``qty``,
``qty_unit``, ``hs_vintage`` (H0-H6 or HS2017), ``source`` (or ``source_agency``,
``source_table``, ``source_year``, joined), ``source_url`` and ``note``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from realpolitik.errors import Errors
from realpolitik.interchange.rows import Problem
from realpolitik.trade import fields
from realpolitik.trade.areas import trade_areas
from realpolitik.trade.fields import BadField
from realpolitik.trade.records import TradeFlow

REQUIRED = (
    ("year", "period"), ("reporter",), ("partner",), ("flow",), ("hs", "cmd_code"),
    ("value_usd", "value"),
)  # fmt: skip
EXPECTED = (
    "The plain trade layout has the columns year (or period), reporter, partner, flow, hs "
    "and value_usd, and optionally kg."
)


def read(path: Path) -> Iterator[TradeFlow | Problem]:
    """The flows of a tidy trade file, and a Problem for each row that cannot be read.

    Raises:
        TradeError: the file is missing or its header lacks a required column.
    """
    handle = fields.open_text(path)
    try:
        _, rows = fields.records(handle, path, "plain trade CSV", REQUIRED, EXPECTED)
        areas = trade_areas()
        for line, row in rows:
            try:
                found = _flow(row, path, line, areas.code)
            except BadField as err:
                yield Problem(path, line, str(err))
                continue
            if found is not None:
                yield found
    finally:
        handle.close()


def _flow(
    row: dict[str, str], path: Path, line: int, code: Callable[[object], str | None]
) -> TradeFlow | None:
    freq, period = fields.period(fields.pick(row, ("year", "period")) or "", path, line)
    countries = []
    for name in ("reporter", "partner"):
        raw = row.get(name, "")
        country = code(raw)
        if country is None:
            raise BadField(Errors.E702.format(path=path, line=line, value=raw, field=name))
        countries.append(country)
    reporter, partner = countries
    direction = fields.flow(row.get("flow", ""), path, line)
    if direction is None:
        raise BadField(
            Errors.E703.format(path=path, line=line, field="flow",
                               kind="X, M, RX, RM or T", value=row.get("flow", ""))
        )  # fmt: skip
    vintage_raw = (fields.text(row.get("hs_vintage")) or "").upper().replace(" ", "")
    source = fields.text(row.get("source"))
    if source is None:
        parts = [fields.text(row.get(k)) for k in ("source_agency", "source_table", "source_year")]
        source = ", ".join(p for p in parts if p) or None
    return TradeFlow(
        freq=freq,
        period=period,
        reporter=reporter,
        partner=partner,
        flow=direction,
        hs=fields.hs_code(fields.pick(row, ("hs", "cmd_code")) or "", path, line),
        value_usd=fields.number(fields.pick(row, ("value_usd", "value")), path, line,
                                "value_usd"),
        kg=fields.number(row.get("kg"), path, line, "kg"),
        qty=fields.number(row.get("qty"), path, line, "qty"),
        qty_unit=fields.text(row.get("qty_unit")),
        hs_vintage=fields.VINTAGES.get(vintage_raw, vintage_raw or None),
        reporter_raw=row.get("reporter"),
        partner_raw=row.get("partner"),
        source=source,
        source_url=fields.text(row.get("source_url")),
        note=fields.text(row.get("note")),
        line=line,
    )  # fmt: skip
