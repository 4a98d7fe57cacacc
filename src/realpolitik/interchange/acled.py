"""ACLED exports: the current 31-column layout, the 2019–2022 export and the legacy Africa file.

ACLED actors are undirected: ``actor1``/``actor2`` do not say who did what to whom, so the
rows are marked ``extra["directed"] = False`` and dyadic analysis must treat them so. ACLED
event types are mapped to the closest CAMEO code by ``data/crosswalk/acled_events.jsonl``
(the originals stay in ``extra``; the Goldstein score is that of the CAMEO code), the actor
kinds (``inter1``/``inter2``) to CAMEO agents by ``acled_actors.jsonl``; fatalities become
the row's quantity.

Example:
    >>> rows = list(read(Path("acled_export.csv")))
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

from realpolitik.errors import Errors
from realpolitik.interchange.crosswalk import CROSSWALK_DIR, Crosswalk
from realpolitik.interchange.rows import (
    Problem,
    Row,
    actor_code,
    fill_code,
    new_row,
    parse_date,
    parse_day_first,
    text,
    to_float,
    to_int,
)
from realpolitik.interchange.tabular import records

COLUMNS = (
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
)
"""The current (2024–) ACLED export columns, in order."""

REQUIRED = ("event_id_cnty", "event_date", "event_type")
TIME_PRECISION = {1: "day", 2: "month", 3: "month"}
GEO_PRECISION = {1: "city", 2: "admin1", 3: "region"}
# fields that become columns of the row; the rest go to ``extra``
_MAPPED = frozenset(
    {"event_id_cnty", "event_date", "actor1", "actor2", "latitude", "longitude", "location"}
    | {"notes", "fatalities", "time_precision", "geo_precision"}
)


@lru_cache(maxsize=1)
def event_codes() -> dict[tuple[str, str | None], str]:
    """(event_type, sub_event_type or None), case-folded -> CAMEO code, from the data file."""
    table: dict[tuple[str, str | None], str] = {}
    for line in (CROSSWALK_DIR / "acled_events.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            sub = row["sub_event_type"]
            table[(row["event_type"].casefold(), sub.casefold() if sub else None)] = row["code"]
    return table


@lru_cache(maxsize=1)
def inter_agents() -> dict[str, str | None]:
    """ACLED actor kind (number or name, case-folded) -> CAMEO agent code."""
    table: dict[str, str | None] = {}
    for line in (CROSSWALK_DIR / "acled_actors.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            table[str(row["inter"])] = row["agent"]
            table[row["name"].casefold()] = row["agent"]
    return table


def event_code(event_type: str, sub_event_type: str | None) -> str | None:
    """The CAMEO code closest to an ACLED event type and sub-event type.

    Example:
        >>> event_code("Explosions/Remote violence", "Air/drone strike")
        '195'
        >>> event_code("Riots/Protests", None)
        '140'
    """
    table = event_codes()
    kind = event_type.strip().casefold()
    if sub_event_type:
        found = table.get((kind, sub_event_type.strip().casefold()))
        if found:
            return found
    return table.get((kind, None))


_OF_COUNTRY = re.compile(r"\bof (?:the )?([A-Z][^()]+?)\s*(?:\(|$)")
_IN_BRACKETS = re.compile(r"\(([^()]+)\)\s*$")


def actor_country(name: str, crosswalk: Crosswalk) -> str | None:
    """The CAMEO country named in an ACLED actor name, if any.

    Example:
        >>> cw = Crosswalk.default()
        >>> actor_country("Military Forces of Russia (2000-)", cw), actor_country(
        ...     "Protesters (Kenya)", cw)
        ('RUS', 'KEN')
    """
    for pattern in (_IN_BRACKETS, _OF_COUNTRY):
        match = pattern.search(name)
        if match:
            found = crosswalk.cameo(match.group(1), "name")
            if found:
                return found
    return None


def read(path: Path, crosswalk: Crosswalk | None = None) -> Iterator[Row | Problem]:
    """Rows of an ACLED export (CSV or tab-separated, any of the known layouts).

    Example:
        >>> next(read(Path("tests/fixtures/interchange/acled.csv")))["dataset"]
        'acled'
    """
    crosswalk = crosswalk or Crosswalk.default()
    for number, header, values in records(path, required=REQUIRED, format_name="ACLED"):
        if len(values) != len(header):
            message = Errors.E405.format(
                path=path, line=number, expected=len(header), found=len(values)
            )
            yield Problem(path, number, message)
            continue
        yield _row(path, number, dict(zip(header, values, strict=True)), crosswalk)


def _row(path: Path, number: int, record: dict[str, str], crosswalk: Crosswalk) -> Row | Problem:
    def invalid(field: str, reason: str) -> Problem:
        message = Errors.E406.format(
            path=path, line=number, field=field, value=record.get(field, ""), reason=reason
        )
        return Problem(path, number, message)

    original_id = text(record.get("event_id_cnty"))
    if original_id is None:
        message = Errors.E407.format(path=path, line=number, field="event_id_cnty")
        return Problem(path, number, message)
    raw_date = record["event_date"]
    try:
        date = parse_day_first(raw_date) if "/" in raw_date else parse_date(raw_date)
    except ValueError as err:
        return invalid("event_date", str(err))
    event_type = text(record.get("event_type")) or ""
    sub_event_type = text(record.get("sub_event_type"))
    code = event_code(event_type, sub_event_type)
    if code is None:
        return invalid("event_type", "not an ACLED event type this version knows")
    try:
        fatalities = to_float(record.get("fatalities"))
        latitude = to_float(record.get("latitude"))
        longitude = to_float(record.get("longitude"))
        time_precision = to_int(record.get("time_precision"))
        geo_precision = to_int(record.get("geo_precision"))
    except ValueError:
        return invalid("fatalities", "fatalities, coordinates and precisions must be numbers")
    row = new_row("acled", original_id)
    row.update(date=date, date_precision=TIME_PRECISION.get(time_precision or 1, "day"))
    fill_code(row, code)
    country = crosswalk.cameo(record.get("iso"), "iso_numeric") or crosswalk.cameo(
        record.get("country"), "name"
    )
    extra: dict[str, Any] = {"directed": False, "goldstein_from": "cameo_code"}
    agents = inter_agents()
    for n, side in ((1, "source"), (2, "target")):
        name = text(record.get(f"actor{n}"))
        if name is None:
            continue
        inter = text(record.get(f"inter{n}")) or ""
        kind = inter.split(".")[0].casefold()
        agent = agents.get(kind)
        own = actor_country(name, crosswalk)
        if own is None and kind not in ("8", "external/other forces"):
            own = country
        row[side] = actor_code(own, agent)
        row[f"{side}_name"] = name
        row[f"{side}_country"] = own
    row["sentence"] = text(record.get("notes"))
    if fatalities is not None:
        row.update(quantity_value=fatalities, quantity_counted="fatality")
        row["quantity_approximate"] = False
    row["location_name"] = text(record.get("location"))
    row["location_country"] = country
    row["location_latitude"] = latitude
    row["location_longitude"] = longitude
    row["location_precision"] = GEO_PRECISION.get(geo_precision or 0)
    if row["location_name"] is None and latitude is None:
        row["location_precision"] = None
    for key, value in record.items():
        if key not in _MAPPED and text(value) is not None:
            extra[key] = value.strip()
    for key in ("time_precision", "geo_precision"):
        if text(record.get(key)) is not None:
            extra[key] = record[key].strip()
    row["extra"] = extra
    return row
