"""The flat event row: the ``events`` table's columns and the conversions into them.

A coded ``Event`` becomes the same flat row ``realpolitik code --format csv`` writes (nested
records spread over prefixed columns, rules ';'-joined); imported rows (dicts from the
interchange readers) are checked and converted to the same columns.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from typing import Any

from realpolitik.errors import Errors, StoreError
from realpolitik.records import Event, as_day

# fmt: off
FLAT_COLUMNS: dict[str, str] = {
    "event_id": "VARCHAR", "doc_id": "VARCHAR", "date": "DATE", "date_precision": "VARCHAR",
    "date_source": "VARCHAR", "source": "VARCHAR", "source_name": "VARCHAR",
    "source_country": "VARCHAR", "target": "VARCHAR", "target_name": "VARCHAR",
    "target_country": "VARCHAR", "code": "VARCHAR", "root": "VARCHAR", "event_name": "VARCHAR",
    "quad_class": "INTEGER", "goldstein": "DOUBLE", "plover_type": "VARCHAR",
    "plover_mode": "VARCHAR", "modality": "VARCHAR", "attribution_speaker": "VARCHAR",
    "attribution_code": "VARCHAR", "attribution_cue": "VARCHAR", "location_name": "VARCHAR",
    "location_country": "VARCHAR", "location_latitude": "DOUBLE",
    "location_longitude": "DOUBLE", "location_precision": "VARCHAR",
    "quantity_value": "DOUBLE", "quantity_counted": "VARCHAR",
    "quantity_approximate": "BOOLEAN", "sentence": "VARCHAR", "sentence_index": "INTEGER",
    "char_start": "INTEGER", "char_end": "INTEGER", "trigger": "VARCHAR",
    "source_start": "INTEGER", "source_end": "INTEGER", "target_start": "INTEGER",
    "target_end": "INTEGER", "rules": "VARCHAR", "dictionary_version": "VARCHAR",
    "coder_version": "VARCHAR", "confidence": "DOUBLE",
}
STORE_COLUMNS: dict[str, str] = {
    "dataset": "VARCHAR", "original_id": "VARCHAR", "url": "VARCHAR", "run_id": "INTEGER",
    "cluster_id": "VARCHAR", "extra": "JSON",
}
# fmt: on
EVENT_COLUMNS: dict[str, str] = {**FLAT_COLUMNS, **STORE_COLUMNS}
DATASET_NAME = re.compile(r"^[a-z][a-z0-9_]{0,31}$")
KNOWN_DATASETS = ("coded", "gdelt", "icews", "acled", "polecat", "plover")


def event_row(event: Event) -> dict[str, Any]:
    """One coded event as a flat row (the columns of ``FLAT_COLUMNS``).

    Example:
        >>> event_row(event)["rules"]
        'ev-0142;act-RUS;cue-said'
    """
    attribution = event.attribution
    location = event.location
    quantity = event.quantity
    return {
        "event_id": event.event_id,
        "doc_id": event.doc_id,
        "date": event.date,
        "date_precision": event.date_precision,
        "date_source": event.date_source,
        "source": event.source,
        "source_name": event.source_name,
        "source_country": event.source_country,
        "target": event.target,
        "target_name": event.target_name,
        "target_country": event.target_country,
        "code": event.code,
        "root": event.root,
        "event_name": event.event_name,
        "quad_class": event.quad_class,
        "goldstein": event.goldstein,
        "plover_type": event.plover_type,
        "plover_mode": event.plover_mode,
        "modality": event.modality,
        "attribution_speaker": attribution.speaker if attribution else None,
        "attribution_code": attribution.speaker_code if attribution else None,
        "attribution_cue": attribution.cue if attribution else None,
        "location_name": location.name if location else None,
        "location_country": location.country if location else None,
        "location_latitude": location.latitude if location else None,
        "location_longitude": location.longitude if location else None,
        "location_precision": location.precision if location else None,
        "quantity_value": quantity.value if quantity else None,
        "quantity_counted": quantity.counted if quantity else None,
        "quantity_approximate": quantity.approximate if quantity else None,
        "sentence": event.sentence,
        "sentence_index": event.sentence_index,
        "char_start": event.char_start,
        "char_end": event.char_end,
        "trigger": event.trigger,
        "source_start": event.source_span.start if event.source_span else None,
        "source_end": event.source_span.end if event.source_span else None,
        "target_start": event.target_span.start if event.target_span else None,
        "target_end": event.target_span.end if event.target_span else None,
        "rules": ";".join(event.rules),
        "dictionary_version": event.dictionary_version,
        "coder_version": event.coder_version,
        "confidence": event.confidence,
    }


def check_dataset(name: str) -> str:
    """A dataset name, checked: lower-case letters, digits and '_'."""
    if not DATASET_NAME.match(name):
        raise StoreError(Errors.E309.format(name=name, known=", ".join(KNOWN_DATASETS)))
    return name


def imported_row(row: Mapping[str, Any], dataset: str, number: int) -> dict[str, Any]:
    """An imported row checked and converted to the ``events`` columns.

    Unknown keys are kept in ``extra``; a missing ``event_id`` is derived from the dataset
    and ``original_id`` (or, failing that, from the row's content), so that importing the
    same file twice gives the same ids.

    Example:
        >>> imported_row({"original_id": "123", "code": "042"}, "gdelt", 1)["event_id"]
        'gdelt-123'
    """
    out: dict[str, Any] = {}
    extra: dict[str, Any] = {}
    given_extra = row.get("extra")
    if isinstance(given_extra, str) and given_extra:
        try:
            given_extra = json.loads(given_extra)
        except json.JSONDecodeError:
            given_extra = {"extra": given_extra}
    if isinstance(given_extra, Mapping):
        extra.update(given_extra)
    for key, value in row.items():
        if key == "extra":
            continue
        if key in EVENT_COLUMNS:
            out[key] = _convert(key, EVENT_COLUMNS[key], value, dataset, number)
        else:
            extra[key] = value
    original = out.get("original_id")
    if original is not None:
        out["original_id"] = str(original)
    if not out.get("event_id"):
        if original is not None:
            out["event_id"] = f"{dataset}-{original}"
        else:
            digest = hashlib.blake2b(
                json.dumps({**row, "extra": None}, sort_keys=True, default=str).encode(),
                digest_size=8,
            ).hexdigest()
            out["event_id"] = f"{dataset}-{digest}"
    out["dataset"] = dataset
    out["run_id"] = None
    out["cluster_id"] = out["event_id"]
    out["extra"] = json.dumps(extra, default=str, ensure_ascii=False) if extra else None
    return out


def _convert(key: str, kind: str, value: Any, dataset: str, number: int) -> Any:
    if value is None or (isinstance(value, str) and not value.strip() and kind != "VARCHAR"):
        return None
    try:
        if kind == "VARCHAR":
            if key == "rules" and isinstance(value, list | tuple):
                return ";".join(str(v) for v in value)
            return str(value)
        if kind == "DATE":
            return as_day(value)
        if kind == "INTEGER":
            return int(float(value)) if not isinstance(value, bool) else int(value)
        if kind == "DOUBLE":
            number_value = float(value)
            return None if number_value != number_value else number_value
        if kind == "BOOLEAN":
            if isinstance(value, str):
                return value.strip().lower() in ("1", "true", "yes", "t", "y")
            return bool(value)
    except (TypeError, ValueError):
        raise StoreError(
            Errors.E310.format(
                number=number, dataset=dataset, reason=f"'{key}' is not a {kind}: {value!r}"
            )
        ) from None
    return value
