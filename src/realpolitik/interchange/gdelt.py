"""GDELT event files: 1.0 (57 columns, 58 with SOURCEURL) and 2.0 (61 columns).

Tab-separated, no header, one event per line, usually zipped. The layout is recognised per
file from the column count. GDELT geography uses FIPS 10-4 country codes, which are turned
into CAMEO codes with the crosswalk; actor country codes are CAMEO already.

Example:
    >>> rows = [r for r in read(Path("20230910.export.CSV.zip")) if not isinstance(r, Problem)]
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from realpolitik.errors import Errors
from realpolitik.interchange.crosswalk import Crosswalk
from realpolitik.interchange.rows import (
    Export,
    Problem,
    Row,
    cameo_code,
    checked,
    extra_of,
    fill_code,
    new_row,
    number_text,
    parse_date,
    required_code,
    required_date,
    stable_number,
    text,
    to_float,
    to_int,
    write_lines,
)
from realpolitik.interchange.tabular import text_lines

_ACTOR = (
    "Code",
    "Name",
    "CountryCode",
    "KnownGroupCode",
    "EthnicCode",
    "Religion1Code",
    "Religion2Code",
    "Type1Code",
    "Type2Code",
    "Type3Code",
)
_EVENT = (
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
)


def _geo(prefix: str, adm2: bool) -> tuple[str, ...]:
    fields = ["Type", "FullName", "CountryCode", "ADM1Code"]
    if adm2:
        fields.append("ADM2Code")
    fields += ["Lat", "Long", "FeatureID"]
    return tuple(f"{prefix}Geo_{field}" for field in fields)


def _layout(adm2: bool, url: bool) -> tuple[str, ...]:
    columns = (
        "GLOBALEVENTID",
        "SQLDATE",
        "MonthYear",
        "Year",
        "FractionDate",
        *(f"Actor1{field}" for field in _ACTOR),
        *(f"Actor2{field}" for field in _ACTOR),
        *_EVENT,
        *_geo("Actor1", adm2),
        *_geo("Actor2", adm2),
        *_geo("Action", adm2),
        "DATEADDED",
    )
    return (*columns, "SOURCEURL") if url else columns


GDELT1_BACKFILE = _layout(adm2=False, url=False)
"""GDELT 1.0 historical backfile (1979 – March 2013): 57 columns, no SOURCEURL."""
GDELT1 = _layout(adm2=False, url=True)
"""GDELT 1.0 daily files (from April 2013): 58 columns."""
GDELT2 = _layout(adm2=True, url=True)
"""GDELT 2.0 15-minute files (from February 2015): 61 columns."""
LAYOUTS: dict[int, tuple[str, ...]] = {len(c): c for c in (GDELT1_BACKFILE, GDELT1, GDELT2)}

GEO_PRECISION = {"1": "country", "2": "admin1", "3": "city", "4": "city", "5": "admin1"}
GEO_TYPE = {"country": "1", "admin1": "5", "city": "4"}

# Columns that become fields of the row; every other non-empty column goes to ``extra``.
_MAPPED = frozenset(
    {
        "GLOBALEVENTID",
        "SQLDATE",
        "MonthYear",
        "Year",
        "FractionDate",
        "Actor1Code",
        "Actor1Name",
        "Actor1CountryCode",
        "Actor2Code",
        "Actor2Name",
        "Actor2CountryCode",
        "EventCode",
        "EventRootCode",
        "QuadClass",
        "GoldsteinScale",
        "ActionGeo_FullName",
        "ActionGeo_Lat",
        "ActionGeo_Long",
        "SOURCEURL",
    }
)


def read(path: Path, crosswalk: Crosswalk | None = None) -> Iterator[Row | Problem]:
    """Rows of a GDELT 1.0 or 2.0 event file, plain or zipped; bad lines as Problems.

    The layout (57, 58 or 61 columns) is taken from the first line with one of those counts.

    Example:
        >>> next(read(Path("tests/fixtures/interchange/gdelt2.export.CSV")))["dataset"]
        'gdelt'
    """
    crosswalk = crosswalk or Crosswalk.default()
    layout: tuple[str, ...] | None = None
    for item in text_lines(path):
        if isinstance(item, Problem):
            yield item
            continue
        number, line = item
        values = line.split("\t")
        if layout is None:
            layout = LAYOUTS.get(len(values))
        if layout is None or len(values) != len(layout):
            expected = len(layout) if layout else "57, 58 or 61"
            message = Errors.E405.format(
                path=path, line=number, expected=expected, delimiter="tab", found=len(values)
            )
            yield Problem(path, number, message)
            continue
        row = _row(path, number, dict(zip(layout, values, strict=True)), crosswalk)
        yield row if isinstance(row, Problem) else checked(path, number, row)


def _row(path: Path, number: int, record: dict[str, str], crosswalk: Crosswalk) -> Row | Problem:
    def bad(field: str, reason: str) -> Problem:
        value = record.get(field, "")
        message = Errors.E406.format(
            path=path, line=number, field=field, value=value, reason=reason
        )
        return Problem(path, number, message)

    original_id = text(record["GLOBALEVENTID"])
    if original_id is None:
        return Problem(path, number, Errors.E407.format(path=path, line=number, field="id"))
    code = text(record["EventCode"])
    if code is None:
        return Problem(path, number, Errors.E407.format(path=path, line=number, field="EventCode"))
    row = new_row("gdelt", original_id)
    try:
        row["date"] = parse_date(record["SQLDATE"])
    except ValueError as err:
        return bad("SQLDATE", str(err))
    try:
        row["goldstein"] = to_float(record["GoldsteinScale"])
        quad = to_int(record["QuadClass"])
        latitude = to_float(record["ActionGeo_Lat"])
        longitude = to_float(record["ActionGeo_Long"])
    except ValueError:
        return bad("number", "QuadClass, GoldsteinScale and Lat/Long must be numbers")
    row["date_precision"] = "day"
    for n, side in ((1, "source"), (2, "target")):
        row[side] = text(record[f"Actor{n}Code"])
        row[f"{side}_name"] = text(record[f"Actor{n}Name"])
        row[f"{side}_country"] = text(record[f"Actor{n}CountryCode"])
    row["quad_class"] = quad
    fill_code(row, cameo_code(code))
    root = text(record["EventRootCode"])
    if root is not None:
        row["root"] = root
    extra: dict[str, Any] = {
        column: value
        for column, value in record.items()
        if column not in _MAPPED and text(value) is not None
    }
    row["location_name"] = text(record["ActionGeo_FullName"])
    row["location_latitude"] = latitude
    row["location_longitude"] = longitude
    row["location_precision"] = GEO_PRECISION.get(record["ActionGeo_Type"].strip())
    fips = text(record["ActionGeo_CountryCode"])
    row["location_country"] = crosswalk.cameo(fips, "fips")
    if fips is not None and row["location_country"] is None:
        extra["unknown_ActionGeo_CountryCode"] = fips
    row["url"] = text(record.get("SOURCEURL"))
    row["extra"] = extra
    return row


def global_event_id(row: dict[str, Any]) -> int:
    """GLOBALEVENTID for a row: GDELT's own id for GDELT rows, else a number from the event id.

    Example:
        >>> global_event_id({"dataset": "gdelt", "original_id": "1122334455"})
        1122334455
    """
    original = str(row.get("original_id") or "")
    if row.get("dataset") == "gdelt" and original.isdigit():
        return int(original)
    return stable_number(str(row.get("event_id") or f"{row.get('dataset')}-{original}"))


def _agent(actor: str | None, country: str | None) -> str:
    """The first agent code in an actor code after its country part ('RUSGOV' -> 'GOV')."""
    if not actor:
        return ""
    rest = actor[len(country) :] if country and actor.startswith(country) else actor
    return rest[:3] if len(rest) >= 3 else ""


def _fmt(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return number_text(value)
    return str(value)


def gdelt_record(row: dict[str, Any], layout: tuple[str, ...], crosswalk: Crosswalk) -> list[str]:
    """The columns of one GDELT line for a row (see :func:`write` for what is filled).

    Raises:
        LeftOut: the row has no date or no CAMEO code.
    """
    extra = extra_of(row)
    own = row.get("dataset") == "gdelt"
    date = required_date(row)
    code = required_code(row)
    start = dt.date(date.year, 1, 1)
    days = (date.replace(month=12, day=31).toordinal() + 1) - start.toordinal()
    fraction = date.year + (date.toordinal() - start.toordinal() + 1) / days
    day = f"{date.year:04d}{date.month:02d}{date.day:02d}"
    record: dict[str, object] = {
        "GLOBALEVENTID": global_event_id(row),
        "SQLDATE": day,
        "MonthYear": day[:6],
        "Year": date.year,
        "FractionDate": f"{fraction:.4f}",
        "IsRootEvent": extra.get("IsRootEvent") or (1 if row.get("sentence_index") == 0 else 0),
        "EventCode": code,
        "EventBaseCode": extra.get("EventBaseCode") or code[:3],
        "EventRootCode": row.get("root") or code[:2],
        "QuadClass": row.get("quad_class"),
        "GoldsteinScale": row.get("goldstein"),
        "NumMentions": 1,
        "NumSources": 1,
        "NumArticles": 1,
        "SOURCEURL": row.get("url"),
        "DATEADDED": day + ("000000" if len(layout) == len(GDELT2) else ""),
    }
    for n, side in ((1, "source"), (2, "target")):
        actor, country = row.get(side), row.get(f"{side}_country")
        record[f"Actor{n}Code"] = actor
        record[f"Actor{n}Name"] = row.get(f"{side}_name")
        record[f"Actor{n}CountryCode"] = country
        record[f"Actor{n}Type1Code"] = _agent(actor, country)
    precision = row.get("location_precision")
    latitude, longitude = row.get("location_latitude"), row.get("location_longitude")
    if row.get("location_name") or latitude is not None or row.get("location_country"):
        record["ActionGeo_Type"] = GEO_TYPE.get(str(precision), "")
        record["ActionGeo_FullName"] = row.get("location_name")
        record["ActionGeo_CountryCode"] = crosswalk.convert(
            row.get("location_country"), "cameo", "fips"
        ) or extra.get("unknown_ActionGeo_CountryCode")
        record["ActionGeo_Lat"] = latitude
        record["ActionGeo_Long"] = longitude
    if own:
        # a GDELT row keeps the columns we have no field for
        for column in layout:
            if column in extra and column not in _MAPPED:
                record[column] = extra[column]
    return [_fmt(record.get(column)).replace("\t", " ").replace("\n", " ") for column in layout]


def write(
    rows: Iterable[dict[str, Any]],
    path: Path,
    version: int = 2,
    crosswalk: Crosswalk | None = None,
) -> Export:
    """Write rows as a GDELT 2.0 (61 columns) or 1.0 (58 columns) event file.

    Filled: GLOBALEVENTID (GDELT's id for GDELT rows, else a stable number from the event id),
    SQLDATE, MonthYear, Year, FractionDate, Actor1/2 Code, Name, CountryCode and Type1Code,
    IsRootEvent, EventCode/BaseCode/RootCode, QuadClass, GoldsteinScale,
    NumMentions/NumSources/NumArticles (1), ActionGeo_Type/FullName/CountryCode (FIPS)/Lat/Long,
    DATEADDED and SOURCEURL. GDELT rows also get back the columns kept in ``extra``; the rest
    stays empty. A path ending in ``.zip`` gets a zip archive. An event without a date or a
    CAMEO code is left out and counted in the result.

    Example:
        >>> write([row], Path("out.export.CSV")).written
        1
    """
    crosswalk = crosswalk or Crosswalk.default()
    layout = GDELT2 if version == 2 else GDELT1
    return write_lines(
        path,
        f"gdelt{version}",
        rows,
        lambda row: "\t".join(gdelt_record(row, layout, crosswalk)),
        zipped=path.suffix.lower() == ".zip",
    )
