"""Render events as JSON Lines, CSV or a terminal table."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from typing import Any, TextIO

from rich.console import Console
from rich.table import Table

from realpolitik.records import Event

CSV_COLUMNS = [
    "event_id",
    "doc_id",
    "date",
    "date_precision",
    "date_source",
    "source",
    "source_name",
    "source_country",
    "target",
    "target_name",
    "target_country",
    "code",
    "root",
    "event_name",
    "quad_class",
    "goldstein",
    "plover_type",
    "plover_mode",
    "modality",
    "attribution_speaker",
    "attribution_code",
    "attribution_cue",
    "location_name",
    "location_country",
    "location_latitude",
    "location_longitude",
    "location_precision",
    "quantity_value",
    "quantity_counted",
    "quantity_approximate",
    "sentence",
    "sentence_index",
    "char_start",
    "char_end",
    "trigger",
    "source_start",
    "source_end",
    "target_start",
    "target_end",
    "rules",
    "dictionary_version",
    "coder_version",
    "confidence",
]


def flat(event: Event) -> dict[str, Any]:
    """One event as a flat row (nested records spread over prefixed columns)."""
    row = event.model_dump(mode="json")
    attribution = row.pop("attribution") or {}
    location = row.pop("location") or {}
    quantity = row.pop("quantity") or {}
    source_span = row.pop("source_span") or {}
    target_span = row.pop("target_span") or {}
    row.update(
        attribution_speaker=attribution.get("speaker"),
        attribution_code=attribution.get("speaker_code"),
        attribution_cue=attribution.get("cue"),
        location_name=location.get("name"),
        location_country=location.get("country"),
        location_latitude=location.get("latitude"),
        location_longitude=location.get("longitude"),
        location_precision=location.get("precision"),
        quantity_value=quantity.get("value"),
        quantity_counted=quantity.get("counted"),
        quantity_approximate=quantity.get("approximate"),
        source_start=source_span.get("start"),
        source_end=source_span.get("end"),
        target_start=target_span.get("start"),
        target_end=target_span.get("end"),
        rules=";".join(row["rules"]),
    )
    return row


def write_jsonl(events: Iterable[Event], out: TextIO) -> None:
    """One JSON object per event per line."""
    for event in events:
        out.write(event.model_dump_json() + "\n")


class CsvWriter:
    """CSV with a header row, written as events arrive."""

    def __init__(self, out: TextIO) -> None:
        self.writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, extrasaction="ignore")
        self.writer.writeheader()

    def write(self, events: Iterable[Event]) -> None:
        for event in events:
            self.writer.writerow(flat(event))


def event_table(events: list[Event], title: str = "events") -> Table:
    """A terminal table of the main fields of events."""
    table = Table(title=title, show_lines=False)
    for column in ("date", "source", "code", "target", "event", "modality", "said by", "trigger"):
        table.add_column(column, overflow="fold")
    for event in events:
        said = ""
        if event.attribution is not None:
            said = (
                event.attribution.speaker_code or event.attribution.speaker or event.attribution.cue
            )
        table.add_row(
            f"{event.date or ''}{'' if event.date_source != 'document' else '*'}",
            event.source or "-",
            event.code,
            event.target or "-",
            event.event_name,
            event.modality,
            said,
            event.trigger,
        )
    return table


def print_table(events: list[Event], console: Console, title: str = "events") -> None:
    """Print events as a table (dates from the document rather than the text get a '*')."""
    console.print(event_table(events, title))


def dumps(value: Any) -> str:
    """Compact JSON for one value."""
    return json.dumps(value, ensure_ascii=False)
