"""Countries and areas of trade statistics as CAMEO codes, and the European Union's members
at a date.

Trade files name partners by UN M49 number (Comtrade, BACI), ISO alpha-3 or alpha-2, or
name. Numbers and letters go through the project's country crosswalk; the numbers that trade
statistics use for groupings or that differ from ISO (0 the world, 97 the EU, 842 the United
States with its territories, 490 Taiwan as "Other Asia, nes") are in
``data/trade/areas.jsonl``. Partners that are not countries ("Areas, nes", bunkers) are
*unallocated*: trade with them counts in a country's total but in no dyad.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field

from realpolitik.dictionaries.schema import DATA_DIR, Problems, Row, load_rows
from realpolitik.interchange.crosswalk import Crosswalk, name_key

TRADE_DIR = DATA_DIR / "trade"
WORLD = "WLD"
EU = "EUU"
UNALLOCATED = ""
"""The code of a partner that is not a country: its rows count in totals only."""
_GROUP_NAMES = {
    "WLD": WORLD, "WORLD": WORLD, "W00": WORLD,
    "EU": EU, "EUU": EU, "EU27": EU, "EU28": EU, "EUROPEAN UNION": EU, "E19": EU,
}  # fmt: skip


class AreaRow(Row):
    """A UN M49 code of trade statistics that is a grouping or differs from ISO's."""

    m49: str = Field(pattern=r"^[0-9]{3}$")
    code: str | None = Field(pattern=r"^[A-Z]{3}$")
    name: str = Field(min_length=1)
    kind: Literal["aggregate", "country", "unallocated"]
    note: str | None = None
    query: bool = Field(
        default=False, description="the number UN Comtrade's API takes for the code today"
    )


class MemberRow(Row):
    """A member state of the European Union and when it joined (and left)."""

    country: str = Field(pattern=r"^[A-Z]{3}$")
    joined: dt.date
    left: dt.date | None = None


@dataclass(frozen=True)
class Areas:
    """The codes a trade file may use for a country or area, resolved to CAMEO codes."""

    by_m49: dict[str, str]
    members: tuple[MemberRow, ...]
    crosswalk: Crosswalk
    queried: dict[str, str]
    """The M49 number to ask Comtrade for a code, where it is not the ISO number."""

    def m49(self, code: str) -> str | None:
        """The UN M49 number of a CAMEO code (or WLD, EUU) as Comtrade takes it.

        Example:
            >>> trade_areas().m49("USA"), trade_areas().m49("ARM")
            ('842', '051')
        """
        if code in self.queried:
            return self.queried[code]
        return self.crosswalk.convert(code, "cameo", "iso_numeric")

    def code(self, value: object) -> str | None:
        """The CAMEO code (or WLD, EUU) of a reporter or partner as a file gives it;
        ``UNALLOCATED`` for a partner that is no country; None when unknown.

        Example:
            >>> areas = trade_areas()
            >>> areas.code("842"), areas.code("ARM"), areas.code("0"), areas.code("ROU")
            ('USA', 'ARM', 'WLD', 'ROM')
        """
        raw = str(value).strip() if value is not None else ""
        if not raw:
            return None
        upper = raw.upper()
        if upper in _GROUP_NAMES:
            return _GROUP_NAMES[upper]
        if raw.replace(".", "", 1).isdigit():
            try:
                number = f"{int(float(raw)):03d}"
            except ValueError:
                return None
            if number in self.by_m49:
                return self.by_m49[number]
            return self.crosswalk.cameo(number, "iso_numeric")
        if len(upper) == 3 and upper.isalpha():
            return self.crosswalk.cameo(upper, "iso3") or self.crosswalk.cameo(upper, "cameo")
        if len(upper) == 2 and upper.isalpha():
            return self.crosswalk.cameo(upper, "iso2")
        return _GROUP_NAMES.get(name_key(raw).upper()) or self.crosswalk.cameo(raw, "name")

    def eu_members(self, day: dt.date) -> tuple[str, ...]:
        """The member states of the European Union on ``day``.

        Example:
            >>> len(trade_areas().eu_members(dt.date(2023, 1, 1)))
            27
        """
        return tuple(
            m.country for m in self.members if m.joined <= day and (m.left is None or day <= m.left)
        )

    def expand(self, code: str, day: dt.date) -> tuple[str, ...]:
        """A country code as itself, EU (or EUU) as the member states on ``day``."""
        return self.eu_members(day) if code in ("EU", EU) else (code,)


@lru_cache(maxsize=1)
def trade_areas() -> Areas:
    """The packaged areas and EU members (validated once)."""
    return load_areas(TRADE_DIR / "areas.jsonl", TRADE_DIR / "eu_members.jsonl")


def load_areas(areas: Path, members: Path) -> Areas:
    """The areas of two data files, every bad row reported at once (DictionaryError)."""
    problems = Problems()
    area_rows = load_rows(areas, AreaRow, problems)
    member_rows = load_rows(members, MemberRow, problems)
    problems.raise_if_any()
    by_m49 = {row.m49: row.code or UNALLOCATED for _, row in area_rows}
    return Areas(
        by_m49=by_m49,
        members=tuple(row for _, row in member_rows),
        crosswalk=Crosswalk.default(),
        queried={row.code: row.m49 for _, row in area_rows if row.query and row.code},
    )
