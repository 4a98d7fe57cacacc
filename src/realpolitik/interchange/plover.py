"""PLOVER event records as JSON Lines (one event object a line), read and written.

Written records follow the PLOVER manual's data fields (id, date, actor, recipient, event,
mode, quad_code, event_loc, text, text_info, cite_info, coder, ...); the CAMEO code, root,
Goldstein score and CAMEO actor codes go into the compliant extension ``cameo`` so that a
round trip keeps every shared field. Entity objects are read in both namings the manual uses
(``code``/``sector``/``entity_text``/``identifier_id`` and
``country_name``/``sector_code``/``entity_name``/``raw_text``/``wikidata_id``).

Example:
    >>> write(rows, Path("events.plover.jsonl"))
    3
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from realpolitik.errors import Errors, InterchangeError
from realpolitik.interchange.crosswalk import Crosswalk
from realpolitik.interchange.polecat import plover_code
from realpolitik.interchange.rows import (
    EVENT_COLUMNS,
    Problem,
    Row,
    actor_code,
    cameo_code,
    extra_of,
    fill_code,
    new_row,
    open_lines,
    parse_date,
    required_date,
)

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


def record(row: dict[str, Any], number: int, crosswalk: Crosswalk) -> dict[str, Any]:
    """The PLOVER record of one row."""
    date = required_date(row, number)
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


def write(rows: Iterable[dict[str, Any]], path: Path, crosswalk: Crosswalk | None = None) -> int:
    """Write rows as PLOVER JSON Lines; return how many were written.

    Example:
        >>> write([row], Path("out.jsonl"))
        1
    """
    crosswalk = crosswalk or Crosswalk.default()
    count = 0
    try:
        with path.open("w", encoding="utf-8") as out:
            for count, row in enumerate(rows, start=1):
                out.write(json.dumps(record(row, count, crosswalk), ensure_ascii=False) + "\n")
    except OSError as err:
        raise InterchangeError(Errors.E404.format(path=path, reason=err.strerror or err)) from err
    return count


def _object(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _first(value: Any) -> Any:
    if isinstance(value, list):
        return value[0] if value else None
    return value


def _read_entity(
    entities: Any, row: Row, side: str, crosswalk: Crosswalk, extra: dict[str, Any]
) -> None:
    if isinstance(entities, dict):
        entities = [entities]
    if not isinstance(entities, list) or not entities or not isinstance(entities[0], dict):
        return
    first = entities[0]
    raw_country = first.get("cameo_country") or first.get("code") or first.get("country_name")
    country = first.get("cameo_country") or (
        crosswalk.guess_cameo(raw_country) if raw_country else None
    )
    if raw_country and country is None:
        extra[f"{side}_country"] = raw_country
    sector = first.get("sector") or first.get("sector_code")
    row[side] = first.get("cameo") or actor_code(country, _first(sector))
    row[f"{side}_name"] = (
        first.get("entity_text") or first.get("entity_name") or first.get("raw_text")
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
    for number, line in enumerate(open_lines(path), start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as err:
            yield Problem(path, number, Errors.E409.format(path=path, line=number, reason=err.msg))
            continue
        if not isinstance(value, dict):
            reason = "a line must be a JSON object"
            yield Problem(path, number, Errors.E409.format(path=path, line=number, reason=reason))
            continue
        yield _row(path, number, value, crosswalk)


def _row(path: Path, number: int, value: dict[str, Any], crosswalk: Crosswalk) -> Row | Problem:
    def invalid(field: str, raw: object, reason: str) -> Problem:
        message = Errors.E406.format(path=path, line=number, field=field, value=raw, reason=reason)
        return Problem(path, number, message)

    if not value.get("id"):
        return Problem(path, number, Errors.E407.format(path=path, line=number, field="id"))
    try:
        date = parse_date(str(value.get("date") or ""))
    except ValueError as err:
        return invalid("date", value.get("date"), str(err))
    cite, cameo, ours = (_object(value.get(key)) for key in ("cite_info", "cameo", "realpolitik"))
    event, mode = _first(value.get("event")), _first(value.get("mode"))
    code = cameo.get("code") or (plover_code(str(event), mode) if event else None)
    if not code:
        return invalid("event", event, "no PLOVER event type or CAMEO code this version knows")
    corpus = cite.get("corpus")
    dataset = corpus if corpus in DATASETS and cite.get("citation") else "plover"
    original = cite.get("citation") if corpus in DATASETS and cite.get("citation") else value["id"]
    row = new_row(str(dataset), str(original))
    extra: dict[str, Any] = dict(ours.get("extra") or {})
    for key, field in ours.items():
        if key in EVENT_COLUMNS and key != "event_id":
            row[key] = field
    row.update(date=date, url=cite.get("url"))
    row["plover_type"] = event
    row["plover_mode"] = mode
    row["quad_class"] = value.get("quad_code")
    row["goldstein"] = cameo.get("goldstein")
    row["event_name"] = cameo.get("event_name")
    fill_code(row, cameo_code(str(code)), goldstein="goldstein" not in cameo)
    if cameo.get("root"):
        row["root"] = cameo["root"]
    if not cameo:
        extra["goldstein_from"] = "cameo_code"
    _read_entity(value.get("actor"), row, "source", crosswalk, extra)
    _read_entity(value.get("recipient"), row, "target", crosswalk, extra)
    loc = value.get("event_loc")
    if isinstance(loc, dict):
        raw_country = loc.get("cameo_country") or loc.get("country_code")
        row["location_name"] = loc.get("resolved_place") or loc.get("extracted_place")
        row["location_country"] = loc.get("cameo_country") or (
            crosswalk.guess_cameo(raw_country) if raw_country else None
        )
        row["location_latitude"] = loc.get("lat")
        row["location_longitude"] = loc.get("lon")
        resolution = loc.get("resolution")
        row["location_precision"] = PRECISION.get(resolution) if resolution else None
    if value.get("text"):
        row["sentence"] = value["text"]
    for key in ("time", "enddate", "endtime", "context", "event_text", "coder", "coded_date"):
        if value.get(key):
            extra[key] = value[key]
    row["extra"] = extra
    if isinstance(row.get("date"), str):
        row["date"] = dt.date.fromisoformat(str(row["date"]))
    return row
