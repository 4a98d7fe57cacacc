"""ICEWS coded-event files (Dataverse ``events.*.tab``): 20 tab-separated columns with a header.

Countries are names, turned into CAMEO codes with the crosswalk; actor sectors (a
comma-separated, unordered set) become CAMEO agent codes through
``data/crosswalk/icews_sectors.jsonl``. ICEWS event ids are not unique on their own (one
release repeats 145,312 of them), the pair (Event ID, Event Date) is, so ``original_id`` is
``"<Event ID>-<YYYYMMDD>"``.

Writing gives the same 20-column layout: countries as names, sectors from the agent part of
the actor code (the first ICEWS sector of that agent), the CAMEO name as Event Text.

Example:
    >>> rows = list(read(Path("events.2018.tab")))
    >>> write(rows, Path("copy.tab")).written
    9
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

from realpolitik.dictionaries.schema import IcewsSectorRow
from realpolitik.errors import Errors
from realpolitik.interchange.crosswalk import Crosswalk
from realpolitik.interchange.crosswalk import table as crosswalk_table
from realpolitik.interchange.rows import (
    Export,
    Problem,
    Row,
    actor_code,
    cameo_code,
    checked,
    extra_of,
    fill_code,
    lexicon,
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
from realpolitik.interchange.tabular import records, width_problem

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
FORMAT_NAME = "ICEWS event"


@lru_cache(maxsize=1)
def sector_agents() -> dict[str, str]:
    """ICEWS sector name (case-folded) -> CAMEO agent code, from the packaged data file.

    Example:
        >>> sector_agents()["cabinet"]
        'GOV'
    """
    table: dict[str, str] = {}
    for row in crosswalk_table(IcewsSectorRow):
        table.setdefault(row.sector.casefold(), row.agent)
    return table


@lru_cache(maxsize=1)
def agent_sectors() -> dict[str, str]:
    """CAMEO agent code -> the first ICEWS sector name with that agent (the table read back).

    Example:
        >>> agent_sectors()["GOV"]
        'Government'
    """
    table: dict[str, str] = {}
    for row in crosswalk_table(IcewsSectorRow):
        table.setdefault(row.agent, row.sector)
    return table


def agent_part(actor: object, country: object) -> str | None:
    """The agent part of a CAMEO actor code: what follows its country code.

    Example:
        >>> agent_part("RUSGOV", "RUS"), agent_part("REB", None), agent_part("UKR", "UKR")
        ('GOV', 'REB', None)
    """
    if not isinstance(actor, str) or not actor:
        return None
    rest = (
        actor[len(country) :] if isinstance(country, str) and actor.startswith(country) else actor
    )
    return rest or None


def sector_of(actor: object, country: object) -> str | None:
    """The ICEWS sector name for the agent part of an actor code, ``None`` when unknown.

    The whole agent part is tried first ('GOVAGR'), then its first three letters ('GOV').

    Example:
        >>> sector_of("RUSMIL", "RUS"), sector_of("RUS", "RUS")
        ('Military', None)
    """
    agent = agent_part(actor, country)
    if agent is None:
        return None
    table = agent_sectors()
    return table.get(agent) or table.get(agent[:3])


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
    for item in records(path, required=REQUIRED, format_name=FORMAT_NAME):
        if isinstance(item, Problem):
            yield item
            continue
        number, header, values, _ = item
        problem = width_problem(path, item)
        if problem is not None:
            yield problem
            continue
        row = _row(path, number, dict(zip(header, values, strict=True)), crosswalk)
        yield row if isinstance(row, Problem) else checked(path, number, row)


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


def _clean(value: object) -> str:
    """A field value for a tab-separated line: no tabs or newlines, ``None`` as empty."""
    if value is None:
        return ""
    if isinstance(value, float):
        return number_text(value)
    return " ".join(str(value).replace("\t", " ").splitlines())


def icews_event_id(row: dict[str, Any]) -> str:
    """Event ID for a row: ICEWS's own id for ICEWS rows, else a stable number from the event id.

    Example:
        >>> icews_event_id({"dataset": "icews", "original_id": "36178249-20230301", "extra": {}})
        '36178249'
    """
    extra = extra_of(row)
    original = str(row.get("original_id") or "")
    if row.get("dataset") == "icews" and original:
        own = extra.get("event_id")
        return str(own) if own else original.rsplit("-", 1)[0]
    return str(stable_number(str(row.get("event_id") or f"{row.get('dataset')}-{original}")))


def icews_record(row: dict[str, Any], crosswalk: Crosswalk) -> list[str]:
    """The 20 columns of one ICEWS line for a row (see :func:`write` for what is filled).

    Raises:
        LeftOut: the row has no date or no CAMEO code.
    """
    extra = extra_of(row)
    own = row.get("dataset") == "icews"
    date = required_date(row)
    code = required_code(row)
    record: dict[str, object] = {
        "Event ID": icews_event_id(row),
        "Event Date": date.isoformat(),
        "Event Text": row.get("event_name") or lexicon().code_info(code).name,
        "CAMEO Code": code,
        "Intensity": row.get("goldstein"),
        "Sentence Number": row.get("sentence_index"),
        "Latitude": row.get("location_latitude"),
        "Longitude": row.get("location_longitude"),
    }
    for side, prefix in (("source", "Source"), ("target", "Target")):
        country = row.get(f"{side}_country")
        record[f"{prefix} Name"] = row.get(f"{side}_name")
        names = extra.get(f"{side}_sectors") if own else None
        if isinstance(names, list) and names:
            record[f"{prefix} Sectors"] = ",".join(str(name) for name in names)
        else:
            record[f"{prefix} Sectors"] = sector_of(row.get(side), country)
        record[f"{prefix} Country"] = crosswalk.convert(country, "cameo", "name") or (
            extra.get(f"{side}_country") if own else None
        )
    doc = str(row.get("doc_id") or "")
    record["Story ID"] = extra.get("story_id") if own else None
    if record["Story ID"] is None and doc.startswith("icews-story-"):
        record["Story ID"] = doc.removeprefix("icews-story-")
    if own:
        for column in ("Publisher", "City", "District", "Province", "Country"):
            record[column] = extra.get(column.casefold())
    else:
        country_name = crosswalk.convert(row.get("location_country"), "cameo", "name")
        place = row.get("location_name")
        record["Country"] = country_name
        if place and place != country_name and row.get("location_precision") != "country":
            record["City" if row.get("location_precision") != "admin1" else "Province"] = place
    return [_clean(record.get(column)) for column in COLUMNS]


def write(rows: Iterable[dict[str, Any]], path: Path, crosswalk: Crosswalk | None = None) -> Export:
    """Write rows as an ICEWS event file (20 tab-separated columns and header).

    Filled: Event ID (ICEWS's own for ICEWS rows, else a stable number from the event id), Event
    Date (YYYY-MM-DD), Source/Target Name, Sectors (ICEWS rows keep theirs; others get the
    first sector of the actor's agent code, empty when unknown) and Country (a name), Event
    Text (the CAMEO name), CAMEO Code, Intensity (Goldstein), Story ID, Sentence Number,
    Latitude, Longitude; ICEWS rows also get back Publisher, City, District, Province and
    Country, other rows the location country's name and the place as City (or Province).
    An event without a date or a CAMEO code is left out and counted in the result.

    Raises:
        InterchangeError: an unwritable path.

    Example:
        >>> write([row], Path("out.tab")).written
        1
    """
    crosswalk = crosswalk or Crosswalk.default()
    return write_lines(
        path,
        "icews",
        rows,
        lambda row: "\t".join(icews_record(row, crosswalk)),
        header="\t".join(COLUMNS),
    )
