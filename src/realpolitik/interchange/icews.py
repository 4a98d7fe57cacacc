"""ICEWS coded-event files (Dataverse ``events.*.tab``): 20 tab-separated columns with a header.

Countries are names, turned into CAMEO codes with the crosswalk; actor sectors (a
comma-separated, unordered set) become CAMEO agent codes through
``data/crosswalk/icews_sectors.jsonl``. ICEWS event ids are not unique on their own (one
release repeats 145,312 of them), the pair (Event ID, Event Date) is, so ``original_id`` is
``"<Event ID>-<YYYYMMDD>"``.

Example:
    >>> rows = list(read(Path("events.2018.tab")))
"""

from __future__ import annotations

import json
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
    cameo_code,
    fill_code,
    new_row,
    parse_date,
    text,
    to_float,
    to_int,
)
from realpolitik.interchange.tabular import records

COLUMNS = (
    "Event ID",
    "Event Date",
    "Source Name",
    "Source Sectors",
    "Source Country",
    "Event Text",
    "CAMEO Code",
    "Intensity",
    "Target Name",
    "Target Sectors",
    "Target Country",
    "Story ID",
    "Sentence Number",
    "Publisher",
    "City",
    "District",
    "Province",
    "Country",
    "Latitude",
    "Longitude",
)
"""The 20 columns of an ICEWS event file, in order."""

REQUIRED = ("event_id", "event_date", "cameo_code")


@lru_cache(maxsize=1)
def sector_agents() -> dict[str, str]:
    """ICEWS sector name (case-folded) -> CAMEO agent code, from the packaged data file.

    Example:
        >>> sector_agents()["cabinet"]
        'GOV'
    """
    table: dict[str, str] = {}
    path = CROSSWALK_DIR / "icews_sectors.jsonl"
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            table.setdefault(row["sector"].casefold(), row["agent"])
    return table


def sectors(raw: str | None) -> list[str]:
    """The sector names of an ICEWS sector field (comma-separated, sometimes quoted).

    Example:
        >>> sectors('"Government,Executive Office"')
        ['Government', 'Executive Office']
    """
    value = text(raw)
    if value is None:
        return []
    return [part.strip().strip('"') for part in value.strip('"').split(",") if part.strip()]


def agent_of(names: list[str]) -> str | None:
    """The CAMEO agent code of the first sector that has one."""
    table = sector_agents()
    for name in names:
        agent = table.get(name.casefold())
        if agent:
            return agent
    return None


def read(path: Path, crosswalk: Crosswalk | None = None) -> Iterator[Row | Problem]:
    """Rows of an ICEWS event file; bad lines come as Problems, the rest still imports.

    Example:
        >>> next(read(Path("tests/fixtures/interchange/icews.events.tab")))["dataset"]
        'icews'
    """
    crosswalk = crosswalk or Crosswalk.default()
    for number, header, values in records(path, required=REQUIRED, format_name="ICEWS"):
        if len(values) != len(header):
            message = Errors.E405.format(
                path=path, line=number, expected=len(header), found=len(values)
            )
            yield Problem(path, number, message)
            continue
        yield _row(path, number, dict(zip(header, values, strict=True)), crosswalk)


def _row(path: Path, number: int, record: dict[str, str], crosswalk: Crosswalk) -> Row | Problem:
    def problem(field: str, value: str | None = None, reason: str | None = None) -> Problem:
        if reason is None:
            return Problem(path, number, Errors.E407.format(path=path, line=number, field=field))
        message = Errors.E406.format(
            path=path, line=number, field=field, value=value, reason=reason
        )
        return Problem(path, number, message)

    event_id = text(record.get("event_id"))
    if event_id is None:
        return problem("Event ID")
    try:
        date = parse_date(record["event_date"])
    except ValueError as err:
        return problem("Event Date", record["event_date"], str(err))
    raw_code = text(record.get("cameo_code"))
    if raw_code is None:
        return problem("CAMEO Code")
    code = cameo_code(raw_code)
    if not code.isdigit():
        return problem("CAMEO Code", raw_code, "CAMEO codes are digits such as '042'")
    try:
        goldstein = to_float(record.get("intensity"))
        latitude = to_float(record.get("latitude"))
        longitude = to_float(record.get("longitude"))
        sentence = to_int(record.get("sentence_number"))
    except ValueError:
        return problem("number", None, "Intensity, Latitude, Longitude must be numbers")
    row = new_row("icews", f"{event_id}-{date:%Y%m%d}")
    extra: dict[str, Any] = {"event_id": event_id}
    row.update(date=date, date_precision="day", goldstein=goldstein, sentence_index=sentence)
    row["event_name"] = text(record.get("event_text"))
    fill_code(row, code)
    if code != raw_code:
        extra["cameo_code_raw"] = raw_code
    for side, prefix in (("source", "source"), ("target", "target")):
        name = text(record.get(f"{prefix}_name"))
        country_name = text(record.get(f"{prefix}_country"))
        country = crosswalk.cameo(country_name, "name")
        if country_name is not None and country is None:
            extra[f"{prefix}_country"] = country_name
        sector_names = sectors(record.get(f"{prefix}_sectors"))
        if sector_names:
            extra[f"{prefix}_sectors"] = sector_names
        agent = agent_of(sector_names)
        if country is None and agent is None and name is not None:
            # an actor that is itself a country ('Russia') has neither sectors nor a country
            country = crosswalk.cameo(name, "name")
        row[side] = actor_code(country, agent)
        row[f"{side}_name"] = name
        row[f"{side}_country"] = country
    story = text(record.get("story_id"))
    row["doc_id"] = f"icews-story-{story}" if story else None
    for key in ("story_id", "publisher", "city", "district", "province", "country"):
        value = text(record.get(key))
        if value is not None:
            extra[key] = value
    place = [text(record.get(key)) for key in ("city", "district", "province", "country")]
    named = [p for p in place if p is not None]
    if named:
        row["location_name"] = ", ".join(named)
        row["location_precision"] = (
            "city" if place[0] else "admin1" if place[1] or place[2] else "country"
        )
    row["location_country"] = crosswalk.cameo(place[3], "name")
    row["location_latitude"] = latitude
    row["location_longitude"] = longitude
    known = {"_".join(c.casefold().split()) for c in COLUMNS}
    for key, value in record.items():
        if key not in known and text(value) is not None:
            extra[key] = value
    row["extra"] = extra
    return row
