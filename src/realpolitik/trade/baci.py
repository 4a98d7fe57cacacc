"""CEPII's BACI: reconciled bilateral trade by HS six-digit product, one file a year.

Each row is ``t, i, j, k, v, q``: the year, the exporter and the importer (BACI's country
numbers, UN M49 with a few of its own, resolved through a country list when one lies beside
the file, ``country_codes_V*.csv``), the product (HS six digits, a leading zero sometimes
dropped), the value in thousands of US dollars and the quantity in metric tons. BACI
reconciles both sides' declarations into one figure, so a row is stored as the exporter's
exports (flow X, reporter ``i``); the HS vintage comes from the file name (BACI_HS17_... is
H5).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

from realpolitik.errors import Errors
from realpolitik.interchange.rows import Problem
from realpolitik.trade import fields
from realpolitik.trade.areas import trade_areas
from realpolitik.trade.fields import BadField
from realpolitik.trade.records import TradeFlow

REQUIRED = (("t",), ("i",), ("j",), ("k",), ("v",))
EXPECTED = "A BACI file has the columns t, i, j, k, v and q."
_VINTAGE = re.compile(r"BACI_(HS\d{2})", re.IGNORECASE)


@lru_cache(maxsize=8)
def country_list(folder: Path) -> dict[str, str]:
    """BACI's country numbers and their ISO alpha-3 codes, from the country list in
    ``folder`` (the newest ``country_codes_V*.csv``), or none."""
    found = sorted(folder.glob("country_codes_V*.csv"))
    if not found:
        return {}
    table: dict[str, str] = {}
    with found[-1].open(encoding="utf-8-sig", errors="replace", newline="") as handle:
        for row in csv.DictReader(handle):
            keys = {k.strip().lower(): (v or "").strip() for k, v in row.items() if k}
            number = keys.get("country_code")
            iso3 = keys.get("country_iso3") or keys.get("iso_3digit_alpha")
            if number and iso3 and number.isdigit():
                table[f"{int(number):03d}"] = iso3.upper()
    return table


def read(path: Path) -> Iterator[TradeFlow | Problem]:
    """The flows of a BACI file, a Problem per unreadable row.

    Raises:
        TradeError: the file is missing or lacks BACI's columns.
    """
    handle = fields.open_text(path)
    try:
        _, rows = fields.records(handle, path, "BACI", REQUIRED, EXPECTED)
        areas = trade_areas()
        listed = country_list(path.resolve().parent)
        match = _VINTAGE.search(path.name)
        vintage = fields.VINTAGES.get(match.group(1).upper()) if match else None
        cache: dict[str, str | None] = {}

        def code(raw: str) -> str | None:
            key = raw.strip()
            if key not in cache:
                number = f"{int(key):03d}" if key.isdigit() else key
                found = areas.code(number)
                if found is None and number in listed:
                    found = areas.code(listed[number])
                cache[key] = found
            return cache[key]

        for line, row in rows:
            try:
                year, period = fields.period(row.get("t", ""), path, line, "t")
                exporter, importer = code(row.get("i", "")), code(row.get("j", ""))
                for name, value, found in (("i", row.get("i", ""), exporter),
                                           ("j", row.get("j", ""), importer)):  # fmt: skip
                    if found is None:
                        raise BadField(
                            Errors.E702.format(path=path, line=line, value=value, field=name)
                        )
                product = row.get("k", "").strip()
                if product.isdigit() and len(product) == 5:
                    product = "0" + product
                assert exporter is not None and importer is not None
                yield TradeFlow(
                    freq=year,
                    period=period,
                    reporter=exporter,
                    partner=importer,
                    flow="X",
                    hs=fields.hs_code(product, path, line),
                    value_usd=fields.number(row.get("v"), path, line, "v", scale=1000.0),
                    kg=fields.number(row.get("q"), path, line, "q", scale=1000.0),
                    hs_vintage=vintage,
                    reporter_raw=row.get("i"),
                    partner_raw=row.get("j"),
                    source="CEPII BACI",
                    line=line,
                )
            except BadField as err:
                yield Problem(path, line, str(err))
    finally:
        handle.close()
