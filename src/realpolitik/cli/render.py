"""Render events as JSON Lines, CSV or a terminal table."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import Any, TextIO

from rich.console import Console
from rich.table import Table

from realpolitik.records import Event
from realpolitik.store.rows import FLAT_COLUMNS, event_row

# the columns of `code --format csv`, which are also the event columns of the store
CSV_COLUMNS = list(FLAT_COLUMNS)


def flat(event: Event) -> dict[str, Any]:
    """One event as a flat row (nested records spread over prefixed columns)."""
    return event_row(event)


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
    # short code-like columns never wrap; the prose columns take what width is left
    for column, width in (("date", 11), ("source", 9), ("code", 4), ("target", 9)):
        table.add_column(column, no_wrap=True, min_width=width)
    table.add_column("event", overflow="ellipsis", no_wrap=True, max_width=22)
    table.add_column("modality", no_wrap=True, min_width=8)
    table.add_column("said by", overflow="ellipsis", no_wrap=True, max_width=10)
    table.add_column("trigger", overflow="ellipsis", no_wrap=True, max_width=30)
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
