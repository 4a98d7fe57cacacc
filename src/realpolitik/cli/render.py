"""The command line's output: coded events through the renderers of ``realpolitik.render``,
and the format a stream gets when none is asked for."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, TextIO

from rich.console import Console
from rich.markup import escape

from realpolitik import render
from realpolitik.records import Event
from realpolitik.store.records import StoredEvent
from realpolitik.store.rows import FLAT_COLUMNS, event_row

# the flat columns of a coded event, which lead every CSV and TSV row (the store's follow)
CSV_COLUMNS = list(FLAT_COLUMNS)


def flat(event: Event) -> dict[str, Any]:
    """One event as a flat row (nested records spread over prefixed columns)."""
    return event_row(event)


def rows(events: Iterable[Event]) -> Iterator[StoredEvent]:
    """Coded events as the rows every renderer takes."""
    for event in events:
        yield StoredEvent.coded(event)


def write_jsonl(events: Iterable[Event], out: TextIO) -> int:
    """One JSON object per event per line, nested records kept."""
    return render.write_jsonl(events, out)


def print_table(events: Sequence[Event], console: Console, title: str = "events") -> None:
    """Print coded events as a table that fits the console (a legend explains the markers)."""
    render.print_table(list(rows(events)), console, title=title, columns=render.CODED_COLUMNS)


def is_terminal(stream: TextIO | None = None) -> bool:
    """Whether output goes to a terminal (rather than a pipe or a file)."""
    stream = stream or sys.stdout
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def say_problem(console: Console, message: str, *, warning: bool = False) -> None:
    """Print one error (or warning) line; the message may quote a file's own text, which is
    never read as rich markup or emoji codes."""
    label = "[yellow]warning:[/yellow]" if warning else "[red]error:[/red]"
    console.print(f"{label} {escape(message)}", highlight=False, emoji=False)
