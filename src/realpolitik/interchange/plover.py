"""PLOVER event records as JSON Lines (one event object a line), read and written.

Written records follow the PLOVER manual's data fields (id, date, actor, recipient, event,
mode, quad_code, event_loc, text, text_info, cite_info, coder, ...); the CAMEO code, root,
Goldstein score and CAMEO actor codes go into the compliant extension ``cameo`` so that a
round trip keeps every shared field. Entity objects are read in both namings the manual uses
(``code``/``sector``/``entity_text``/``identifier_id`` and
``country_name``/``sector_code``/``entity_name``/``raw_text``/``wikidata_id``).

Example:
    >>> write(rows, Path("events.plover.jsonl")).written
    3
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from realpolitik.errors import Errors, json_reason
from realpolitik.interchange.crosswalk import Crosswalk
from realpolitik.interchange.polecat import plover_code
from realpolitik.interchange.rows import (
    EVENT_COLUMNS,
    Export,
    LeftOut,
    Problem,
    Row,
    actor_code,
    cameo_code,
    checked,
    extra_of,
    fill_code,
    new_row,
    parse_date,
    required_date,
    write_lines,
)
from realpolitik.interchange.tabular import text_lines

DATASETS = frozenset({"gdelt", "icews", "acled", "polecat", "plover", "coded"})
RESOLUTION = {"city": 4, "admin1": 2, "country": 1, "region": 1}
PRECISION = {5: "city", 4: "city", 3: "admin1", 2: "admin1", 1: "country"}


def _entity(row: dict[str, Any], side: str, crosswalk: Crosswalk) -> list[dict[str, Any]]:
    actor = row.get(side)
    country = row.get(f"{side}_country")
    name = row.get(f"{side}_name")
    if actor is None and country is None and name is None:
        return []
    sector = None
    if isinstance(actor, str):
        rest = actor[len(country) :] if country and actor.startswith(country) else actor
        sector = rest[:3] or None
    entity: dict[str, Any] = {
        "code": crosswalk.convert(country, "cameo", "iso3") or country,
        "sector": sector,
        "entity_text": name,
        "cameo": actor,
        "cameo_country": country,
    }
    return [{key: value for key, value in entity.items() if value is not None}]


def record(row: dict[str, Any], crosswalk: Crosswalk) -> dict[str, Any]:
    """The PLOVER record of one row.

    Raises:
        LeftOut: the row has no date, or neither a CAMEO code nor a PLOVER event type.
    """
    date = required_date(row)
    if not row.get("code") and not (
        row.get("plover_type") and plover_code(str(row["plover_type"]))
    ):
        raise LeftOut("no event code")
    out: dict[str, Any] = {
        "id": row.get("event_id") or f"{row.get('dataset')}-{row.get('original_id')}",
        "date": date.isoformat(),
        "actor": _entity(row, "source", crosswalk),
        "recipient": _entity(row, "target", crosswalk),
        "event": [row["plover_type"]] if row.get("plover_type") else [],
        "mode": [row["plover_mode"]] if row.get("plover_mode") else [],
        "quad_code": row.get("quad_class"),
    }
    if row.get("location_name") or row.get("location_latitude") is not None:
        country = row.get("location_country")
        out["event_loc"] = {
            "resolved_place": row.get("location_name"),
            "lat": row.get("location_latitude"),
            "lon": row.get("location_longitude"),
            "country_code": crosswalk.convert(country, "cameo", "iso3") or country,
            "cameo_country": country,
            "resolution": RESOLUTION.get(str(row.get("location_precision"))),
        }
    if row.get("sentence"):
        out["text"] = row["sentence"]
        out["text_info"] = {
            "sequence": row.get("sentence_index"),
            "start": row.get("char_start"),
            "end": row.get("char_end"),
        }
    out["cite_info"] = {
        key: value
        for key, value in (
            ("corpus", row.get("dataset")),
            ("citation", row.get("original_id")),
            ("url", row.get("url")),
            ("codebook", row.get("dictionary_version")),
            ("version", row.get("coder_version")),
        )
        if value is not None
    }
    out["cameo"] = {
        "code": row.get("code"),
        "root": row.get("root"),
        "event_name": row.get("event_name"),
        "goldstein": row.get("goldstein"),
    }
    # the remaining flat fields travel in an extension block so that nothing is lost
    shared = {"date", "source", "source_name", "source_country", "target", "target_name"}
    shared |= {"target_country", "code", "root", "event_name", "quad_class", "goldstein"}
    shared |= {"plover_type", "plover_mode", "location_name", "location_country", "sentence"}
    shared |= {"location_latitude", "location_longitude", "location_precision", "event_id"}
    out["realpolitik"] = {
        key: row.get(key) for key in EVENT_COLUMNS if key not in shared and row.get(key) is not None
    } | ({"extra": extra_of(row)} if extra_of(row) else {})
    return out


def write(rows: Iterable[dict[str, Any]], path: Path, crosswalk: Crosswalk | None = None) -> Export:
    """Write rows as PLOVER JSON Lines; an event without a date or code is left out.

    Example:
        >>> write([row], Path("out.jsonl")).written
        1
    """
    crosswalk = crosswalk or Crosswalk.default()

    def line(row: dict[str, Any]) -> str:
        return json.dumps(record(row, crosswalk), ensure_ascii=False, default=str)

    return write_lines(path, "plover", rows, line)


def _object(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _first(value: Any) -> Any:
    if isinstance(value, list):
        return value[0] if value else None
    return value


def _text(value: Any) -> str | None:
    """A JSON value that should be text: strings and numbers as text, anything else None."""
    if isinstance(value, str):
        return value if value.strip() else None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return None


def _number(value: Any) -> float | None:
    if isinstance(value, int | float) and not isinstance(value, bool):
        try:
            return float(value)
        except OverflowError:
            return None
    return None


def _read_entity(
    entities: Any, row: Row, side: str, crosswalk: Crosswalk, extra: dict[str, Any]
) -> None:
    if isinstance(entities, dict):
        entities = [entities]
    if not isinstance(entities, list) or not entities or not isinstance(entities[0], dict):
        return
    first = entities[0]
    cameo_country = _text(first.get("cameo_country"))
    raw_country = cameo_country or _text(first.get("code")) or _text(first.get("country_name"))
    country = cameo_country or (crosswalk.guess_cameo(raw_country) if raw_country else None)
    if raw_country and country is None:
        extra[f"{side}_country"] = raw_country
    sector = _text(_first(first.get("sector"))) or _text(_first(first.get("sector_code")))
    row[side] = _text(first.get("cameo")) or actor_code(country, sector)
    row[f"{side}_name"] = (
        _text(first.get("entity_text"))
        or _text(first.get("entity_name"))
        or _text(first.get("raw_text"))
    )
    row[f"{side}_country"] = country
    if len(entities) > 1:
        extra[f"{side}_entities"] = entities


def read(path: Path, crosswalk: Crosswalk | None = None) -> Iterator[Row | Problem]:
    """Rows of a PLOVER JSON Lines file; bad lines come as Problems.

    Example:
        >>> next(read(Path("tests/fixtures/interchange/plover.jsonl")))["dataset"]
        'plover'
    """
    crosswalk = crosswalk or Crosswalk.default()
    for item in text_lines(path):
        if isinstance(item, Problem):
            yield item
            continue
        number, line = item
        value, reason = json_object(line)
        if value is None:
            yield Problem(path, number, Errors.E409.format(path=path, line=number, reason=reason))
            continue
        row = _row(path, number, value, crosswalk)
        yield row if isinstance(row, Problem) else checked(path, number, row)


def json_object(line: str) -> tuple[dict[str, Any] | None, str]:
    """A line parsed as a JSON object, or ``None`` and the reason it is not one.

    Example:
        >>> json_object('{"id": "p1"}'), json_object("[1]")[1]
        (({'id': 'p1'}, ''), 'a JSON array, not an object')
    """
    try:
        value = json.loads(line)
    except json.JSONDecodeError as err:
        return None, json_reason(err)
    except RecursionError:
        return None, "nested too deeply"
    if not isinstance(value, dict):
        kinds = {list: "a JSON array", str: "a JSON string", bool: "JSON true or false"}
        kind = "JSON null" if value is None else kinds.get(type(value), "a JSON number")
        return None, f"{kind}, not an object"
    return value, ""


def _row(path: Path, number: int, value: dict[str, Any], crosswalk: Crosswalk) -> Row | Problem:
    def invalid(field: str, raw: object, reason: str) -> Problem:
        shown = repr(raw) if not isinstance(raw, str) else raw
        shown = shown if len(shown) <= 60 else shown[:57] + "..."
        message = Errors.E406.format(
            path=path, line=number, field=field, value=shown, reason=reason
        )
        return Problem(path, number, message)

    event_id = _text(value.get("id"))
    if event_id is None:
        return Problem(path, number, Errors.E407.format(path=path, line=number, field="id"))
    try:
        date = parse_date(_text(value.get("date")) or "")
    except ValueError as err:
        return invalid("date", value.get("date"), str(err))
    cite, cameo, ours = (_object(value.get(key)) for key in ("cite_info", "cameo", "realpolitik"))
    event, mode = _text(_first(value.get("event"))), _text(_first(value.get("mode")))
    code = _text(cameo.get("code")) or (plover_code(event, mode) if event else None)
    if not code:
        return invalid("event", event, "no PLOVER event type or CAMEO code this version knows")
    corpus, citation = _text(cite.get("corpus")), _text(cite.get("citation"))
    ours_dataset = corpus in DATASETS and citation
    dataset = corpus if ours_dataset and corpus else "plover"
    original = citation if ours_dataset and citation else event_id
    row = new_row(dataset, original)
    extra: dict[str, Any] = dict(_object(ours.get("extra")))
    for key, field in ours.items():
        if key in EVENT_COLUMNS and key not in ("event_id", "date"):
            row[key] = field
    row.update(date=date, url=_text(cite.get("url")))
    row["plover_type"] = event
    row["plover_mode"] = mode
    quad = value.get("quad_code")
    row["quad_class"] = quad if isinstance(quad, int) and not isinstance(quad, bool) else None
    if quad is not None and row["quad_class"] is None:
        return invalid("quad_code", quad, "a quad code is a whole number from 1 to 4")
    row["goldstein"] = _number(cameo.get("goldstein"))
    row["event_name"] = _text(cameo.get("event_name"))
    fill_code(row, cameo_code(code), goldstein="goldstein" not in cameo)
    root = _text(cameo.get("root"))
    if root:
        row["root"] = root
    if not cameo:
        extra["goldstein_from"] = "cameo_code"
    _read_entity(value.get("actor"), row, "source", crosswalk, extra)
    _read_entity(value.get("recipient"), row, "target", crosswalk, extra)
    loc = value.get("event_loc")
    if isinstance(loc, dict):
        cameo_country = _text(loc.get("cameo_country"))
        raw_country = cameo_country or _text(loc.get("country_code"))
        row["location_name"] = _text(loc.get("resolved_place")) or _text(loc.get("extracted_place"))
        row["location_country"] = cameo_country or (
            crosswalk.guess_cameo(raw_country) if raw_country else None
        )
        row["location_latitude"] = _number(loc.get("lat"))
        row["location_longitude"] = _number(loc.get("lon"))
        resolution = loc.get("resolution")
        row["location_precision"] = (
            PRECISION.get(resolution) if isinstance(resolution, int) else None
        )
    sentence = _text(value.get("text"))
    if sentence:
        row["sentence"] = sentence
    for key in ("time", "enddate", "endtime", "context", "event_text", "coder", "coded_date"):
        if value.get(key):
            extra[key] = value[key]
    row["extra"] = extra
    return row
