"""UN Comtrade files: the current API's records (CSV or JSON, as ``comtradeapicall`` and the
Comtrade+ download give them) and the older bulk CSV.

Current records carry ``refYear``/``period`` (2022 or 202205) with ``freqCode`` A or M,
``reporterCode``/``reporterISO``, ``partnerCode``/``partnerISO``, ``flowCode`` (M, X, RM,
RX; other codes such as processing trade are skipped), ``classificationCode`` (H0-H6),
``cmdCode`` (TOTAL or an HS code), ``primaryValue`` in US dollars, ``netWgt`` in kg, and
``qty`` with ``qtyUnitAbbr``. Rows broken down by a second partner, customs regime or mode of
transport are skipped: their totals are rows of their own.

The older bulk CSV has "Year", "Period", "Trade Flow Code" (1 import, 2 export, 3
re-export, 4 re-import), "Reporter Code", "Reporter ISO", "Partner Code", "Partner ISO",
"Classification", "Commodity Code", "Trade Value (US$)", "Netweight (kg)", "Qty" and "Qty
Unit".
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from realpolitik.errors import Errors, TradeError
from realpolitik.interchange.rows import Problem
from realpolitik.interchange.tabular import column_key
from realpolitik.trade import fields
from realpolitik.trade.areas import Areas, trade_areas
from realpolitik.trade.fields import BadField
from realpolitik.trade.records import TradeFlow

# column keys folded by column_key: 'refYear' -> 'refyear', 'Trade Value (US$)' -> 'trade_value_us'
CURRENT = (
    ("period", "refyear"), ("reportercode", "reporteriso"), ("partnercode", "partneriso"),
    ("flowcode",), ("cmdcode",), ("primaryvalue",),
)  # fmt: skip
BULK = (
    ("year", "period"), ("reporter_code", "reporter_iso"), ("partner_code", "partner_iso"),
    ("trade_flow_code",), ("commodity_code",), ("trade_value_us",),
)  # fmt: skip
EXPECTED = (
    "UN Comtrade records have refYear or period, reporterCode, partnerCode, flowCode, "
    "cmdCode and primaryValue (the bulk CSV: Year, Reporter Code, Partner Code, Trade Flow "
    "Code, Commodity Code and Trade Value (US$))."
)
BREAKDOWNS = (
    ("partner2code", ("0", "")), ("customscode", ("C00", "")), ("motcode", ("0", "")),
    ("2nd_partner_code", ("0", "")), ("customs_proc_code", ("C00", "")),
    ("mode_of_transport_code", ("0", "")),
)  # fmt: skip


def read(path: Path) -> Iterator[TradeFlow | Problem]:
    """The flows of a Comtrade file (CSV or JSON), a Problem per unreadable row.

    Raises:
        TradeError: the file is missing, not JSON when it looks like it, or lacks the
        columns of either layout.
    """
    handle = fields.open_text(path)
    try:
        start = handle.read(1)
        while start and start.isspace():
            start = handle.read(1)
        handle.seek(0)
        looks_json = start in ("{", "[")
        rows = _json_rows(handle.read(), path) if looks_json else _csv_rows(handle, path)
        yield from record_flows(rows, path)
    finally:
        handle.close()


def record_flows(
    rows: Iterable[tuple[int, dict[str, str]]], path: Path
) -> Iterator[TradeFlow | Problem]:
    """The flows of Comtrade records given as (number, {folded column: value}), a Problem
    per unreadable record and a Skipped notice per record left out on purpose."""
    from realpolitik.trade.importer import Skipped

    areas = trade_areas()
    for line, row in rows:
        try:
            found = _flow(row, path, line, areas)
        except BadField as err:
            yield Problem(path, line, str(err))
            continue
        if isinstance(found, str):
            yield Skipped(path, line, found)
        else:
            yield found


def _csv_rows(handle: Any, path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    first = handle.readline()
    handle.seek(0)
    keys = [column_key(k) for k in first.replace("\t", ",").split(",")]
    required = BULK if "trade_flow_code" in keys or "commodity_code" in keys else CURRENT
    _, rows = fields.records(handle, path, "UN Comtrade", required, EXPECTED)
    return rows


def _json_rows(text: str, path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as err:
        raise TradeError(
            Errors.E710.format(path=path, reason=f"not JSON ({err.msg}, line {err.lineno})")
        ) from None
    records = (
        document.get("data", document.get("dataset")) if isinstance(document, dict) else document
    )
    if not isinstance(records, list):
        raise TradeError(
            Errors.E710.format(path=path, reason="no 'data' list of records in the JSON")
        )
    if records and isinstance(records[0], dict):
        keys = {column_key(k) for k in records[0]}
        missing = [names[0] for names in CURRENT if not any(n in keys for n in names)]
        if missing:
            raise TradeError(
                Errors.E701.format(
                    path=path, n="a", format="UN Comtrade", missing=", ".join(missing),
                    found=repr(sorted(records[0])[:8]), expected=EXPECTED,
                )
            )  # fmt: skip
    for n, record in enumerate(records, start=1):
        if not isinstance(record, dict):
            yield n, {"__bad__": repr(record)[:60]}
            continue
        yield n, {column_key(k): "" if v is None else str(v) for k, v in record.items()}


def _flow(row: dict[str, str], path: Path, line: int, areas: Areas) -> TradeFlow | str:
    if "__bad__" in row:
        raise BadField(
            Errors.E708.format(path=path, line=line, format="UN Comtrade",
                               reason=f"record {line} is not an object: {row['__bad__']}")
        )  # fmt: skip
    for name, totals in BREAKDOWNS:
        if name in row and row[name].strip().split(".")[0] not in totals:
            return "breakdowns by second partner, customs regime or mode of transport"
    raw_period = fields.pick(row, ("period", "refyear", "year")) or ""
    if fields.pick(row, ("freqcode",)) == "A" and len(raw_period.strip()) > 4:
        raw_period = raw_period.strip()[:4]
    freq, period = fields.period(raw_period, path, line, "period")
    codes = []
    for name, keys in (
        ("reporter", ("reportercode", "reporter_code", "reporteriso", "reporter_iso")),
        ("partner", ("partnercode", "partner_code", "partneriso", "partner_iso")),
    ):
        raw = fields.pick(row, keys) or ""
        code = areas.code(raw)
        if code is None:
            # the ISO column may know what a number does not (or the other way round)
            other = fields.pick(row, keys[2:] if raw == fields.pick(row, keys[:2]) else keys[:2])
            code = areas.code(other) if other else None
        if code is None:
            raise BadField(Errors.E702.format(path=path, line=line, value=raw, field=name))
        codes.append((code, raw))
    flow_raw = fields.pick(row, ("flowcode", "trade_flow_code")) or ""
    direction = fields.flow(flow_raw, path, line)
    if direction is None or direction == "T":
        return f"flows other than imports, exports, re-imports and re-exports ({flow_raw})"
    vintage = (fields.pick(row, ("classificationcode", "classification")) or "").upper()
    value = fields.pick(row, ("primaryvalue", "trade_value_us"))
    return TradeFlow(
        freq=freq,
        period=period,
        reporter=codes[0][0],
        partner=codes[1][0],
        flow=direction,
        hs=fields.hs_code(fields.pick(row, ("cmdcode", "commodity_code")) or "", path, line),
        value_usd=fields.number(value, path, line, "primaryValue"),
        kg=fields.number(fields.pick(row, ("netwgt", "netweight_kg")), path, line, "netWgt"),
        qty=fields.number(fields.pick(row, ("qty",)), path, line, "qty"),
        qty_unit=fields.text(fields.pick(row, ("qtyunitabbr", "qty_unit"))),
        hs_vintage=fields.VINTAGES.get(vintage, vintage or None),
        reporter_raw=codes[0][1],
        partner_raw=codes[1][1],
        source="UN Comtrade",
        line=line,
    )
