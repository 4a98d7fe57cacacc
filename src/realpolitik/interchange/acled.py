"""ACLED exports: the current 31-column layout, the 2019–2022 export and the legacy Africa file.

ACLED actors are undirected: ``actor1``/``actor2`` do not say who did what to whom, so the
rows are marked ``extra["directed"] = False`` and dyadic analysis must treat them so. ACLED
event types are mapped to the closest CAMEO code by ``data/crosswalk/acled_events.jsonl``
(the originals stay in ``extra``; the Goldstein score is that of the CAMEO code), the actor
kinds (``inter1``/``inter2``) to CAMEO agents by ``acled_actors.jsonl``; fatalities become
the row's quantity.

Writing gives the current 31-column layout; a CAMEO code goes back to the ACLED event type
whose code is closest (:func:`acled_type`).

Example:
    >>> rows = list(read(Path("acled_export.csv")))
    >>> write(rows, Path("copy.csv")).written
    6
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from realpolitik.dictionaries.schema import AcledActorRow, AcledEventRow
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
    parse_day_first,
    required_date,
    text,
    to_float,
    to_int,
    write_lines,
)
from realpolitik.interchange.tabular import records, width_problem

if TYPE_CHECKING:
    from collections.abc import Sequence

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
FORMAT_NAME = "ACLED event"
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
    for row in crosswalk_table(AcledEventRow):
        sub = row.sub_event_type
        table[(row.event_type.casefold(), sub.casefold() if sub else None)] = row.code
    return table


@lru_cache(maxsize=1)
def inter_agents() -> dict[str, str | None]:
    """ACLED actor kind (number or name, case-folded) -> CAMEO agent code."""
    table: dict[str, str | None] = {}
    for row in crosswalk_table(AcledActorRow):
        table[str(row.inter)] = row.agent
        table[row.name.casefold()] = row.agent
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


@lru_cache(maxsize=1)
def event_types() -> tuple[tuple[str, str, str | None], ...]:
    """``(code, event_type, sub_event_type)`` of the current ACLED types, in data-file order.

    The legacy export's types are left out: a written file uses today's names.
    """
    found: list[tuple[str, str, str | None]] = []
    for row in crosswalk_table(AcledEventRow):
        if row.note != "legacy export":
            found.append((row.code, row.event_type, row.sub_event_type))
    return tuple(found)


def acled_type(code: str) -> tuple[str, str | None] | None:
    """The ACLED ``(event_type, sub_event_type)`` closest to a CAMEO code, ``None`` if none is.

    Closest is, in turn: a type with the very code; the type of the nearest broader code
    ('190' for '1901'); the general type of the code's root ('180' for '1823'); any type of
    the same root, shortest code first. Codes of roots ACLED does not record give ``None``.

    Example:
        >>> acled_type("194")
        ('Explosions/Remote violence', 'Shelling/artillery/missile attack')
        >>> acled_type("1823"), acled_type("042")
        (('Violence against civilians', 'Attack'), None)
    """
    table = event_types()
    code = code.strip()
    root = lexicon().code_info(code).root if code else ""
    broader = [entry for entry in table if code.startswith(entry[0])]
    general = [entry for entry in table if entry[0] == f"{root}0"]
    kin = sorted(
        (entry for entry in table if root and entry[0].startswith(root)),
        key=lambda entry: len(entry[0]),
    )
    ordered: Sequence[tuple[str, str, str | None]] = (
        sorted(broader, key=lambda entry: -len(entry[0])) + general + kin
    )
    if not ordered:
        return None
    _, event_type, sub_event_type = ordered[0]
    return event_type, sub_event_type


_OF_COUNTRY = re.compile(r"\bof (?:the )?([A-Z][^()]+?)\s*(?:\(|$)")
# the last bracket of a name, which may hold one bracket of its own ("(Cocos (Keeling) Islands)")
_IN_BRACKETS = re.compile(r"\(((?:[^()]|\([^()]*\))+)\)\s*$")


def actor_country(name: str, crosswalk: Crosswalk) -> str | None:
    """The CAMEO country named in an ACLED actor name, if any.

    Example:
        >>> cw = Crosswalk.default()
        >>> actor_country("Military Forces of Russia (2000-)", cw), actor_country(
        ...     "Protesters (Kenya)", cw)
        ('RUS', 'KEN')
        >>> actor_country("Cocos (Keeling) Islands", cw), actor_country(
        ...     "Rioters (Cocos (Keeling) Islands)", cw)
        ('CCK', 'CCK')
    """
    whole = crosswalk.cameo(name.strip(), "name")
    if whole:
        return whole
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
    country = crosswalk.cameo(numeric_code(record.get("iso")), "iso_numeric") or crosswalk.cameo(
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


@lru_cache(maxsize=1)
def agent_inters() -> dict[str, str]:
    """CAMEO agent code -> the first ACLED actor kind (its name) with that agent."""
    table: dict[str, str] = {}
    for row in crosswalk_table(AcledActorRow):
        if row.agent:
            table.setdefault(row.agent, row.name)
    return table


DEATHS = frozenset({"fatality", "death", "dead", "casualty", "killed", "body", "victim"})
"""What a row's quantity counts when it counts people who died."""
_DISORDER = {"18": "Political violence", "19": "Political violence", "20": "Political violence"}
_DISORDER |= {"14": "Demonstrations"}
_TIME = {"day": 1, "month": 2, "year": 3}
_GEO = {"city": 1, "admin1": 2, "region": 3, "country": 3}


def fatalities(row: dict[str, Any]) -> int:
    """ACLED fatalities of a row: its quantity when that counts people who died, else 0.

    Example:
        >>> fatalities({"quantity_value": 2.0, "quantity_counted": "fatality"})
        2
        >>> fatalities({"quantity_value": 40.0, "quantity_counted": "troop"})
        0
    """
    value = row.get("quantity_value")
    counted = str(row.get("quantity_counted") or "").strip().casefold()
    if value is None or counted not in DEATHS:
        return 0
    try:
        number = float(str(value))
    except ValueError:
        return 0
    return int(number) if math.isfinite(number) and number > 0 else 0


def _actor(
    row: dict[str, Any], side: str, country: str | None, inter: str, crosswalk: Crosswalk
) -> str | None:
    """An ACLED actor name from which the reader gets the row's actor country back."""
    name = row.get(f"{side}_name") or row.get(side)
    own = row.get(f"{side}_country")
    if name is None:
        if own is None:
            return None
        name = crosswalk.convert(own, "cameo", "name") or own
    name = str(name)
    found = actor_country(name, crosswalk)
    if found is None and inter.split(".")[0].casefold() not in ("8", "external/other forces"):
        found = country
    if own is not None and found != own:
        name = f"{name} ({crosswalk.convert(own, 'cameo', 'name') or own})"
    return name


def acled_record(row: dict[str, Any], crosswalk: Crosswalk) -> list[str]:
    """The 31 columns of one ACLED line for a row (see :func:`write` for what is filled).

    Raises:
        LeftOut: the row has no date, no ACLED event type for its CAMEO code, no country the
            crosswalk can name, or no id.
    """
    extra = extra_of(row)
    own = row.get("dataset") == "acled"
    kept = extra if own else {}
    date = required_date(row)
    code = str(row.get("code") or "")
    notes = row.get("sentence")
    kind: tuple[str, str | None] | None = None
    if own and kept.get("event_type"):
        kind = (str(kept["event_type"]), kept.get("sub_event_type"))
        if event_code(kind[0], kind[1]) is None:
            kind = None
    if kind is None:
        kind = acled_type(code) if code else None
    if kind is None:
        raise LeftOut("no ACLED event type")
    event_id = row.get("original_id") if own else row.get("event_id")
    if text(str(event_id or "")) is None:
        raise LeftOut("no id")
    location_country = row.get("location_country")
    country = crosswalk.convert(location_country, "cameo", "name")
    iso = crosswalk.convert(location_country, "cameo", "iso_numeric")
    record: dict[str, object] = {
        key: value for key, value in kept.items() if key in COLUMNS and value is not None
    }
    record.update(
        event_id_cnty=event_id,
        event_date=date.isoformat(),
        year=date.year,
        event_type=kind[0],
        sub_event_type=kind[1],
        location=row.get("location_name"),
        latitude=row.get("location_latitude"),
        longitude=row.get("location_longitude"),
        notes=notes,
        fatalities=fatalities(row),
    )
    record.setdefault("time_precision", _TIME.get(str(row.get("date_precision")), 1))
    record.setdefault("geo_precision", _GEO.get(str(row.get("location_precision"))))
    record.setdefault("disorder_type", _DISORDER.get(str(row.get("root") or code[:2])))
    if not own or not record.get("country"):
        record["country"] = country
        record["iso"] = None if iso is None else int(iso)
    if not record.get("country"):
        raise LeftOut("no country")
    for n, side in ((1, "source"), (2, "target")):
        if not own:
            agent = agent_part(row.get(side), row.get(f"{side}_country"))
            record[f"inter{n}"] = agent_inters().get(agent or "") or agent_inters().get(
                (agent or "")[:3]
            )
        inter = str(record.get(f"inter{n}") or "")
        record[f"actor{n}"] = _actor(row, side, country and location_country, inter, crosswalk)
    if not own and record.get("inter1") and record.get("inter2"):
        record["interaction"] = f"{record['inter1']}-{record['inter2']}"
    return [_field(record.get(column)) for column in COLUMNS]


def _field(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return number_text(value)
    return str(value).replace("\x00", "")


def write(rows: Iterable[dict[str, Any]], path: Path, crosswalk: Crosswalk | None = None) -> Export:
    """Write rows as an ACLED export (the current 31 columns, CSV with header).

    Filled: event_id_cnty (ACLED's own for ACLED rows, else the event id), event_date
    (YYYY-MM-DD), year, time_precision, disorder_type (from the CAMEO root), event_type and
    sub_event_type (ACLED rows keep theirs; others get the closest type of their CAMEO code
    by :func:`acled_type`), actor1/actor2 (names, or codes, with the country in brackets when
    the name does not say it), inter1/inter2 and interaction (from the agent codes), iso,
    country (from the location country), location, latitude, longitude, geo_precision, notes
    (the sentence) and fatalities (see :func:`fatalities`). ACLED rows also get back their
    other columns kept in ``extra``. An event ACLED cannot hold (no date, no ACLED event type
    for its CAMEO code, no country) is left out and counted in the result.

    Raises:
        InterchangeError: an unwritable path.

    Example:
        >>> write([row], Path("out.csv")).written
        1
    """
    crosswalk = crosswalk or Crosswalk.default()
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="")

    def line(row: dict[str, Any]) -> str:
        values = acled_record(row, crosswalk)
        buffer.seek(0)
        buffer.truncate()
        writer.writerow(values)
        return buffer.getvalue()

    return write_lines(path, "acled", rows, line, header=",".join(COLUMNS))
