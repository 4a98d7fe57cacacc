"""Event rows for people and programs: a terminal table, JSON Lines, CSV and TSV.

One renderer per format serves events just coded (``StoredEvent.coded(event)``) and stored
rows alike, so ``realpolitik code`` and ``realpolitik events`` write the same columns.

The table fits the width it is given: code, source, target and date are always shown in
full; prose (event name, trigger, sentence) is cut with an ellipsis; the other columns are
dropped, lowest priority first, when there is no room; every row takes one line. Markers on
dates are explained in a legend under the table.

Example:
    >>> rows = [StoredEvent.coded(event) for event in events]
    >>> Console(width=80).print(event_table(rows, 80, title="3 events"))
    >>> DelimitedWriter(sys.stdout, tab=True).write(rows)
    3
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TextIO

from pydantic import BaseModel
from rich import box
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.table import Table
from rich.text import Text

from realpolitik.store.records import StoredCluster, StoredEvent

SHORT_ID = 8
"""Characters of an event id a table shows at least (``show`` takes a unique prefix)."""

_GAP = 2  # characters between two columns of the table (a space and one of padding)


def write_jsonl(records: Iterable[BaseModel], out: TextIO) -> int:
    """One JSON object per record per line; returns how many were written.

    Coded events keep their nested records (attribution, location, …); stored rows are flat.

    Example:
        >>> write_jsonl(select_events(con, EventFilter(code="19")), sys.stdout)
        17
    """
    count = 0
    for record in records:
        out.write(record.model_dump_json() + "\n")
        count += 1
    return count


def cell(value: Any) -> str:
    """A value as the text of a CSV or TSV field.

    Example:
        >>> cell(None), cell(True), cell(dt.date(2024, 3, 4)), cell({"NumMentions": 3})
        ('', 'true', '2024-03-04', '{"NumMentions": 3}')
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


_TSV_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


class DelimitedWriter:
    """CSV or TSV with a header row, written as rows arrive (the header even when none do).

    TSV has no quoting: a backslash, tab, newline or carriage return inside a field is
    written as ``\\\\``, ``\\t``, ``\\n`` or ``\\r``, so every row is one line.

    Example:
        >>> writer = DelimitedWriter(sys.stdout, StoredCluster.columns(), tab=True)
        >>> writer.write(select_events(con, EventFilter(clusters=True)))
        12
    """

    def __init__(
        self, out: TextIO, columns: Sequence[str] | None = None, *, tab: bool = False
    ) -> None:
        self.out = out
        self.columns = tuple(columns or StoredEvent.columns())
        self.tab = tab
        self.csv = None if tab else csv.writer(out, lineterminator="\n")
        self._line(self.columns)

    def _line(self, fields: Iterable[str]) -> None:
        if self.csv is not None:
            self.csv.writerow(fields)
        else:
            self.out.write("\t".join(f.translate(_TSV_ESCAPES) for f in fields) + "\n")

    def write(self, rows: Iterable[StoredEvent]) -> int:
        """Write rows (columns they lack are left empty); returns how many."""
        count = 0
        for row in rows:
            self._line(cell(getattr(row, name, None)) for name in self.columns)
            count += 1
        return count


# -- the table ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Marker:
    """A sign a table cell may carry, and its line in the legend."""

    sign: str
    meaning: str


DOCUMENT_DATE = Marker("*", "date from the document, not the text")
COARSE_DATE = Marker("~", "date known to the month, season or year only")


@dataclass(frozen=True)
class Column:
    """A column of the event table.

    ``priority`` 0 columns are always shown and never cut; others are shown by rising
    priority while they fit. ``prose`` columns are cut with an ellipsis: one is added at
    ``min_width`` (or at the room left, if that is ``floor`` characters or more), then grows
    into whatever width remains.
    """

    header: str
    value: Callable[[StoredEvent, str], str]
    priority: int
    prose: bool = False
    min_width: int = 0
    floor: int = 0


def _date(row: StoredEvent, short_id: str) -> str:
    text = row.date.isoformat() if row.date else "?"
    for marker in _markers(row):
        text += marker.sign
    return text


def _markers(row: StoredEvent) -> list[Marker]:
    found = []
    if row.date_source == "document":
        found.append(DOCUMENT_DATE)
    if row.date is not None and row.date_precision not in (None, "day"):
        found.append(COARSE_DATE)
    return found


def _said_by(row: StoredEvent, short_id: str) -> str:
    return row.attribution_code or row.attribution_speaker or row.attribution_cue or ""


def _count(name: str) -> Callable[[StoredEvent, str], str]:
    def value(row: StoredEvent, short_id: str) -> str:
        return str(getattr(row, name)) if isinstance(row, StoredCluster) else ""

    return value


# fmt: off
COLUMNS: dict[str, Column] = {
    "id": Column("id", lambda row, short_id: short_id, 3),
    "date": Column("date", _date, 0),
    "source": Column("source", lambda row, short_id: row.source or "-", 0),
    "code": Column("code", lambda row, short_id: row.code or "-", 0),
    "target": Column("target", lambda row, short_id: row.target or "-", 0),
    "event": Column("event", lambda row, short_id: row.event_name or "", 1, True, 18, 6),
    "mentions": Column("mentions", _count("mentions"), 2),
    "sources": Column("sources", _count("sources"), 2),
    "modality": Column("modality", lambda row, short_id: row.modality or "", 4),
    "trigger": Column("trigger", lambda row, short_id: row.trigger or "", 5, True, 10),
    "said by": Column("said by", _said_by, 6, True, 8),
    "dataset": Column("dataset", lambda row, short_id: row.dataset or "", 7),
    "sentence": Column("sentence", lambda row, short_id: row.sentence or "", 8, True, 24),
}
CODED_COLUMNS = (
    "date", "source", "code", "target", "event", "modality", "said by", "trigger", "sentence",
    "id",
)
"""The columns of ``realpolitik code --format table``, in the order shown."""
STORED_COLUMNS = (
    "id", "date", "source", "code", "target", "event", "mentions", "sources", "modality",
    "said by", "trigger", "dataset", "sentence",
)
"""The columns of ``realpolitik events``, in the order shown."""
# fmt: on


def layout(columns: Sequence[str], cells: Sequence[Sequence[str]], width: int) -> dict[str, int]:
    """The columns that fit in ``width`` characters and the width of each, in display order.

    Required columns keep their full width; optional ones are added by priority at their full
    width (prose at its comfortable width, ``Column.min_width``), then prose columns share
    what is left.
    Columns with no text in any row are left out.

    Example:
        >>> layout(["date", "code", "sentence"], [["2024-03-04", "190", "Shelling."]], 30)
        {'date': 10, 'code': 4, 'sentence': 9}
    """
    natural = {}
    for index, name in enumerate(columns):
        longest = max((cell_len(row[index]) for row in cells), default=0)
        if longest or COLUMNS[name].priority == 0:
            natural[name] = max(longest, cell_len(COLUMNS[name].header))
    chosen = {name: natural[name] for name in natural if COLUMNS[name].priority == 0}
    used = sum(chosen.values()) + _GAP * (len(chosen) - 1)
    by_priority = sorted(
        (name for name in natural if name not in chosen), key=lambda n: COLUMNS[n].priority
    )
    for name in by_priority:
        column = COLUMNS[name]
        room = width - used - _GAP
        need = natural[name]
        if column.prose:
            # prose takes its comfortable width, or what is left if that is not too little
            need = min(need, column.min_width, max(room, column.floor or column.min_width))
        if need <= room:
            chosen[name] = need
            used += _GAP + need
    # what width is left goes to the prose columns a character at a time, so that short
    # texts are shown whole and long ones share the rest
    growing = [n for n in by_priority if n in chosen and chosen[n] < natural[n]]
    while growing and used < width:
        for name in list(growing):
            if used == width:
                break
            chosen[name] += 1
            used += 1
            if chosen[name] == natural[name]:
                growing.remove(name)
    return {name: chosen[name] for name in columns if name in chosen}


def table_width(widths: Mapping[str, int]) -> int:
    """How many characters a line of a table of these column widths takes."""
    return sum(widths.values()) + _GAP * (len(widths) - 1)


def event_table(
    rows: Sequence[StoredEvent],
    width: int,
    *,
    title: str | None = None,
    columns: Sequence[str] = STORED_COLUMNS,
    ids: Mapping[str, str] | None = None,
) -> EventTable:
    """A terminal table of event rows, one line each, that fits ``width`` characters, with a
    legend of the markers it shows.

    ``ids`` maps event ids to the short ids to show (``store.short_ids`` gives prefixes that
    are unique in a store); without it, ids are cut to the shortest unique prefix of
    ``SHORT_ID`` or more characters among the rows.

    Example:
        >>> console.print(event_table(rows, console.width, title=f"{len(rows)} events"))
    """
    shown_ids = ids if ids is not None else unique_prefixes(r.event_id for r in rows)
    cells = [
        [COLUMNS[name].value(row, shown_ids.get(row.event_id, row.event_id)) for name in columns]
        for row in rows
    ]
    widths = layout(columns, cells, width)
    table = Table(
        title=title,
        box=box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
        padding=(0, 1),
        collapse_padding=True,
    )
    for name, column_width in widths.items():
        table.add_column(
            COLUMNS[name].header,
            width=column_width,
            no_wrap=True,
            overflow="ellipsis" if COLUMNS[name].prose else "crop",
        )
    keep = [columns.index(name) for name in widths]
    for row_cells in cells:
        # documents' text is not markup
        table.add_row(*(Text(row_cells[index]) for index in keep))
    markers: dict[str, Marker] = {}
    for row in rows:
        for marker in _markers(row):
            markers.setdefault(marker.sign, marker)
    legend = tuple(Text(f"{m.sign} {m.meaning}", style="dim") for m in markers.values())
    return EventTable(table, legend, table_width(widths))


@dataclass(frozen=True)
class EventTable:
    """A laid-out event table and the legend of its markers, printable with rich."""

    table: Table
    legend: tuple[Text, ...]
    width: int

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        # the always-shown columns are never cut: below their width, lines run past the edge
        yield from console.render(
            self.table, options.update_width(max(options.max_width, self.width))
        )
        yield from self.legend


def unique_prefixes(event_ids: Iterable[str], minimum: int = SHORT_ID) -> dict[str, str]:
    """The shortest prefix of ``minimum`` or more characters that tells each id from the
    others given.

    Example:
        >>> unique_prefixes(["5f1c0e2a9b7d3c41", "5f1c0e2a00aa11bb", "0b3e"])
        {'5f1c0e2a9b7d3c41': '5f1c0e2a9', '5f1c0e2a00aa11bb': '5f1c0e2a0', '0b3e': '0b3e'}
    """
    ordered = sorted(set(event_ids))
    found: dict[str, str] = {}
    for index, event_id in enumerate(ordered):
        # in sorted order the id sharing the longest prefix with this one is a neighbour
        shared = max(
            (
                _shared(event_id, ordered[n])
                for n in (index - 1, index + 1)
                if 0 <= n < len(ordered)
            ),
            default=0,
        )
        found[event_id] = event_id[: max(minimum, shared + 1)]
    return found


def _shared(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n


def print_table(
    rows: Sequence[StoredEvent],
    console: Console,
    *,
    title: str | None = None,
    columns: Sequence[str] = STORED_COLUMNS,
    ids: Mapping[str, str] | None = None,
) -> None:
    """Print an event table at the console's width (wider only if the always-shown columns
    need more, as on a terminal narrower than about 40 columns).

    Example:
        >>> print_table(rows, Console(), title=f"{len(rows)} events")
    """
    console.print(
        event_table(rows, console.width, title=title, columns=columns, ids=ids), crop=False
    )


def plain(value: Any) -> Any:
    """A value as JSON has it: ISO dates, no NaN (null), Python numbers."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if hasattr(value, "item") and not isinstance(value, str):
        value = value.item()
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return None
    return value


def records(frame: Any) -> list[dict[str, Any]]:
    """A frame's rows as JSON-ready dicts."""
    return [plain(row) for row in frame.to_dict("records")]
