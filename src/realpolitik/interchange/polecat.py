"""POLECAT weekly files (PLOVER-coded events): tab-separated with a header, 40+ columns.

Known quirks handled: the intensity column is 'Intensity' in older files and 'Event
Intensity' in newer ones; some files add Headline, Event Text, Feed and Story ID; some have
extra empty tab columns. Multi-valued fields (actors, countries, COW codes, sectors, modes,
contexts) are separated by ``"; "``: the row takes the first value and ``extra`` keeps them
all. ``"None"`` means missing. PLOVER event types are given the closest CAMEO code through
``data/crosswalk/plover_events.jsonl`` (the Goldstein score is that code's; the POLECAT
intensity, a PLOVER score, is kept in ``extra["intensity"]``).

Writing gives the 40 columns plus Event Text, Story ID and URL (an addition of ours, read
back as the row's url); multi-valued fields kept in ``extra`` are written back whole.

Example:
    >>> rows = list(read(Path("ngecEvents.20230903111719.Release603.DV.txt")))
    >>> write(rows, Path("copy.txt")).written
    6
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

from realpolitik.dictionaries.schema import PloverEventRow
from realpolitik.errors import Errors
from realpolitik.interchange.crosswalk import Crosswalk
from realpolitik.interchange.crosswalk import table as crosswalk_table
from realpolitik.interchange.icews import agent_part
from realpolitik.interchange.rows import (
    Export,
    LeftOut,
    Problem,
    Row,
    actor_code,
    checked,
    extra_of,
    fill_code,
    lexicon,
    new_row,
    number_text,
    numeric_code,
    parse_date,
    required_date,
    text,
    to_float,
    write_lines,
)
from realpolitik.interchange.tabular import column_key, records, width_problem

COLUMNS = (
    "Event ID",
    "Event Date",
    "Event Type",
    "Event Mode",
    "Event Intensity",
    "Quad Code",
    "Contexts",
    "Actor Name",
    "Actor Country",
    "Actor COW",
    "Primary Actor Sector",
    "Actor Sectors",
    "Actor Title",
    "Actor Name Raw",
    "Wikipedia Actor ID",
    "Recipient Name",
    "Recipient Country",
    "Recipient COW",
    "Primary Recipient Sector",
    "Recipient Sectors",
    "Recipient Title",
    "Recipient Name Raw",
    "Wikipedia Recipient ID",
    "Placename",
    "City",
    "District",
    "Province",
    "Country",
    "Latitude",
    "Longitude",
    "GeoNames ID",
    "Raw Placename",
    "Feature Type",
    "Source",
    "Publication Date",
    "Story People",
    "Story Organizations",
    "Story Locations",
    "Language",
    "Version",
)
"""The 40 columns of a POLECAT weekly file (newer spelling of the intensity column)."""

OPTIONAL = frozenset({"", "headline", "event_text", "feed", "story_id"})
REQUIRED = ("event_id", "event_date", "event_type")
FORMAT_NAME = "POLECAT event"
QUAD_CODES = {
    "verbal cooperation": 1,
    "material cooperation": 2,
    "verbal conflict": 3,
    "material conflict": 4,
}
MULTI = (
    "event_mode",
    "contexts",
    "actor_name",
    "actor_country",
    "actor_cow",
    "actor_sectors",
    "actor_title",
    "recipient_name",
    "recipient_country",
    "recipient_cow",
    "recipient_sectors",
    "recipient_title",
    "story_people",
    "story_organizations",
    "story_locations",
)
_MAPPED = frozenset(
    {"event_id", "event_date", "event_type", "latitude", "longitude", "placename", "url"}
)
WRITTEN = (*COLUMNS, "Event Text", "Story ID", "URL")
"""The columns :func:`write` gives: the 40 of :data:`COLUMNS`, then Event Text, Story ID, URL."""


@lru_cache(maxsize=1)
def plover_codes() -> dict[tuple[str, str | None], str]:
    """(PLOVER event, mode or None) -> closest CAMEO code, from the packaged data file."""
    table: dict[tuple[str, str | None], str] = {}
    for row in crosswalk_table(PloverEventRow):
        mode = row.mode
        table[(row.event.upper(), mode.casefold() if mode else None)] = row.code
    return table


def plover_code(event: str, mode: str | None = None) -> str | None:
    """The CAMEO code closest to a PLOVER event type and mode.

    Example:
        >>> plover_code("ASSAULT", "aerial"), plover_code("CONSULT"), plover_code("FLY")
        ('195', '040', None)
    """
    table = plover_codes()
    if mode:
        found = table.get((event.strip().upper(), mode.strip().casefold()))
        if found:
            return found
    return table.get((event.strip().upper(), None))


def values_of(raw: str | None) -> list[str]:
    """The values of a multi-valued POLECAT field.

    Example:
        >>> values_of("Vladimir Putin; Sergei Lavrov"), values_of("None")
        (['Vladimir Putin', 'Sergei Lavrov'], [])
    """
    value = text(raw)
    if value is None:
        return []
    return [part.strip() for part in value.split(";") if text(part) is not None]


def read(path: Path, crosswalk: Crosswalk | None = None) -> Iterator[Row | Problem]:
    """Rows of a POLECAT weekly file; malformed lines come as Problems.

    Example:
        >>> next(read(Path("tests/fixtures/interchange/polecat.txt")))["dataset"]
        'polecat'
    """
    crosswalk = crosswalk or Crosswalk.default()
    for item in records(path, required=REQUIRED, format_name=FORMAT_NAME):
        if isinstance(item, Problem):
            yield item
            continue
        number, header, values, _ = item
        if len(values) > len(header) and any(v.strip() for v in values[len(header) :]):
            fits = False
        elif len(values) < len(header):
            fits = all(name in OPTIONAL for name in header[len(values) :])
        else:
            fits = True
        problem = None if fits else width_problem(path, item)
        if problem is not None:
            yield problem
            continue
        values = values[: len(header)] + [""] * (len(header) - len(values))
        record = {key: value for key, value in zip(header, values, strict=True) if key}
        row = _row(path, number, record, crosswalk)
        yield row if isinstance(row, Problem) else checked(path, number, row)


def _row(path: Path, number: int, record: dict[str, str], crosswalk: Crosswalk) -> Row | Problem:
    def invalid(field: str, reason: str) -> Problem:
        message = Errors.E406.format(
            path=path, line=number, field=field, value=record.get(field, ""), reason=reason
        )
        return Problem(path, number, message)

    original_id = text(record.get("event_id"))
    if original_id is None:
        return Problem(path, number, Errors.E407.format(path=path, line=number, field="Event ID"))
    try:
        date = parse_date(record["event_date"])
    except ValueError as err:
        return invalid("event_date", str(err))
    event = (text(record.get("event_type")) or "").upper()
    modes = values_of(record.get("event_mode"))
    code = plover_code(event, modes[0] if modes else None)
    if code is None:
        return invalid("event_type", "not a PLOVER event type")
    intensity_raw = record.get("event_intensity", record.get("intensity"))
    try:
        intensity = to_float(intensity_raw)
        latitude = to_float(record.get("latitude"))
        longitude = to_float(record.get("longitude"))
    except ValueError:
        return invalid("latitude", "intensity and coordinates must be numbers")
    row = new_row("polecat", original_id)
    row.update(date=date, date_precision="day", plover_type=event)
    row["plover_mode"] = modes[0] if modes else None
    quad = QUAD_CODES.get((text(record.get("quad_code")) or "").casefold())
    row["quad_class"] = quad
    fill_code(row, code)
    extra: dict[str, Any] = {"goldstein_from": "cameo_code"}
    if intensity is not None:
        extra["intensity"] = intensity
    for side, prefix in (("source", "actor"), ("target", "recipient")):
        names = values_of(record.get(f"{prefix}_name"))
        countries = values_of(record.get(f"{prefix}_country"))
        country = crosswalk.guess_cameo(countries[0]) if countries else None
        if countries and country is None:
            cow = values_of(record.get(f"{prefix}_cow"))
            country = crosswalk.cameo(numeric_code(cow[0]), "cow") if cow else None
        sector = text(record.get(f"primary_{prefix}_sector"))
        row[side] = actor_code(country, sector.upper() if sector else None)
        row[f"{side}_name"] = names[0] if names else None
        row[f"{side}_country"] = country
    place = text(record.get("placename"))
    row["location_name"] = place
    country_field = text(record.get("country"))
    row["location_country"] = crosswalk.guess_cameo(country_field) if country_field else None
    row["location_latitude"] = latitude
    row["location_longitude"] = longitude
    feature = (text(record.get("feature_type")) or "").upper()
    if place is not None or latitude is not None:
        row["location_precision"] = (
            "country"
            if feature.startswith("PCL")
            else "admin1"
            if feature.startswith("ADM")
            else "city"
        )
    story = text(record.get("story_id"))
    row["doc_id"] = f"polecat-story-{story}" if story else None
    row["sentence"] = text(record.get("event_text"))
    row["url"] = text(record.get("url"))
    for key, value in record.items():
        if key in _MAPPED or key in ("event_intensity", "intensity"):
            continue
        if key in MULTI:
            found = values_of(value)
            if found:
                extra[key] = found
        elif text(value) is not None:
            extra[key] = value.strip()
    row["extra"] = extra
    return row


_FEATURE = {"country": "PCLI", "admin1": "ADM1", "region": "ADM1", "city": "PPL"}


def _clean(value: object) -> str:
    """A field for a POLECAT line: lists joined by ``"; "``, no tabs or newlines, 'None'."""
    if isinstance(value, list):
        value = "; ".join(str(item) for item in value if item is not None) or None
    if value is None or value == "":
        return "None"
    if isinstance(value, float):
        return number_text(value) or "None"
    return " ".join(str(value).replace("\t", " ").replace("\x00", "").splitlines()) or "None"


def plover_of(code: str) -> tuple[str | None, str | None]:
    """PLOVER type and mode of a CAMEO code, else of its nearest broader code that has one.

    Example:
        >>> plover_of("194")
        ('ASSAULT', 'heavy-weapons')
    """
    for candidate in dict.fromkeys((code, code[:3], code[:2] + "0", code[:2])):
        if candidate:
            info = lexicon().code_info(candidate)
            if info.plover_type:
                return info.plover_type, info.plover_mode
    return None, None


def polecat_record(row: dict[str, Any], crosswalk: Crosswalk) -> list[str]:
    """The columns (:data:`WRITTEN`) of one POLECAT line for a row (see :func:`write`).

    Raises:
        LeftOut: the row has no date, no PLOVER event type (its own or its CAMEO code's), or
            no id.
    """
    extra = extra_of(row)
    own = row.get("dataset") == "polecat"
    kept = extra if own else {}
    date = required_date(row)
    event, mode = row.get("plover_type"), row.get("plover_mode")
    if not event or plover_code(str(event)) is None:
        event, mode = plover_of(str(row.get("code") or ""))
    if not event:
        raise LeftOut("no PLOVER event type")
    event_id = row.get("original_id") if own else row.get("event_id")
    if text(str(event_id or "")) is None:
        raise LeftOut("no id")
    quad = row.get("quad_class")
    record: dict[str, object] = {
        key: value for key, value in kept.items() if key not in _MAPPED and value is not None
    }
    record.update(
        event_id=event_id,
        event_date=date.isoformat(),
        event_type=event,
        event_mode=kept.get("event_mode") or mode,
        event_intensity=kept.get("intensity", row.get("goldstein")),
        quad_code=next((k.upper() for k, v in QUAD_CODES.items() if v == quad), None),
        placename=row.get("location_name"),
        latitude=row.get("location_latitude"),
        longitude=row.get("location_longitude"),
        event_text=row.get("sentence"),
        url=row.get("url"),
    )
    for side, prefix in (("source", "actor"), ("target", "recipient")):
        country = row.get(f"{side}_country")
        if not own:
            agent = agent_part(row.get(side), country)
            record[f"{prefix}_name"] = row.get(f"{side}_name")
            record[f"{prefix}_country"] = crosswalk.convert(country, "cameo", "iso3") or country
            record[f"{prefix}_cow"] = crosswalk.convert(country, "cameo", "cow")
            record[f"primary_{prefix}_sector"] = agent[:3] if agent else None
            record[f"{prefix}_sectors"] = agent[:3] if agent else None
    if not own:
        location = row.get("location_country")
        record["country"] = crosswalk.convert(location, "cameo", "iso3") or location
        precision = row.get("location_precision")
        if precision == "city":
            record["city"] = row.get("location_name")
        record["feature_type"] = _FEATURE.get(str(precision)) if precision else None
        record["publication_date"] = date.isoformat()
        doc = str(row.get("doc_id") or "")
        record["story_id"] = doc.removeprefix("polecat-story-") if doc else None
        record["version"] = row.get("dictionary_version")
    return [_clean(record.get(column_key(column))) for column in WRITTEN]


def write(rows: Iterable[dict[str, Any]], path: Path, crosswalk: Crosswalk | None = None) -> Export:
    """Write rows as a POLECAT weekly file (tab-separated, header).

    Filled: Event ID (POLECAT's own for POLECAT rows, else the event id), Event Date
    (YYYY-MM-DD), Event Type and Mode (the row's PLOVER type and mode, else those of its CAMEO
    code by :func:`plover_of`), Event Intensity (POLECAT's own intensity, else the Goldstein
    score), Quad Code, Actor/Recipient Name, Country (ISO alpha-3), COW and Primary Sector /
    Sectors (the agent part of the actor code), Placename, City, Country, Latitude,
    Longitude, Feature Type, Publication Date, Version, Event Text (the sentence), Story ID
    and URL. POLECAT rows also get back every column kept in ``extra`` (multi-valued ones
    whole). Missing is ``None``. An event without a date or a PLOVER event type (its code's
    nor a broader code's) is left out and counted in the result.

    Raises:
        InterchangeError: an unwritable path.

    Example:
        >>> write([row], Path("out.txt")).written
        1
    """
    crosswalk = crosswalk or Crosswalk.default()
    return write_lines(
        path,
        "polecat",
        rows,
        lambda row: "\t".join(polecat_record(row, crosswalk)),
        header="\t".join(WRITTEN),
    )
