"""Reading delimited event files with a header row (ICEWS, ACLED, POLECAT).

Column names are matched loosely ('Event Date', 'event_date' and 'EVENT_DATE' are the same
column) so that files from different releases of a dataset read alike.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from pathlib import Path

from realpolitik.errors import Errors, InterchangeError
from realpolitik.interchange.rows import open_lines


def column_key(name: str) -> str:
    """A column name folded for matching.

    Example:
        >>> column_key("Event Date"), column_key("EVENT_DATE"), column_key("event_date")
        ('event_date', 'event_date', 'event_date')
    """
    return "_".join(re.sub(r"[^a-z0-9]+", " ", name.strip().strip('"').casefold()).split())


def records(
    path: Path, *, required: tuple[str, ...], format_name: str, quoted: bool = False
) -> Iterator[tuple[int, list[str], list[str]]]:
    """``(line, header keys, values)`` for each non-empty line after the header.

    The header is the first non-empty line; the delimiter is a tab if it holds one, else a
    comma. Tab files are split without quote handling (ICEWS and POLECAT escape quotes
    already); comma files and ``quoted=True`` use CSV quoting, where one record may span lines.
    """
    lines = open_lines(path)
    header: list[str] | None = None
    header_line = 0
    delimiter = "\t"
    for number, line in enumerate(lines, start=1):
        if line.strip():
            delimiter = "\t" if "\t" in line else ","
            header = [column_key(name) for name in _split(line, delimiter, quoted)]
            header_line = number
            break
    missing = [name for name in required if header is None or name not in header]
    if header is None or missing:
        raise InterchangeError(
            Errors.E408.format(
                path=path,
                required=", ".join(required),
                format=format_name,
                found=", ".join(header or []) or "(empty file)",
            )
        )
    if delimiter == "," or quoted:
        yield from _csv_records(lines, header_line, header, delimiter)
        return
    for number, line in enumerate(lines, start=header_line + 1):
        if line.strip():
            yield number, header, line.split("\t")


def _split(line: str, delimiter: str, quoted: bool) -> list[str]:
    if delimiter == "\t" and not quoted:
        return line.split("\t")
    return next(csv.reader([line], delimiter=delimiter))


def _csv_records(
    lines: Iterator[str], header_line: int, header: list[str], delimiter: str
) -> Iterator[tuple[int, list[str], list[str]]]:
    """CSV records with the line each starts on (quoted fields may hold newlines)."""
    consumed = [header_line]

    def feed() -> Iterator[str]:
        for line in lines:
            consumed[0] += 1
            yield line + "\n"

    reader = csv.reader(feed(), delimiter=delimiter)
    while True:
        start = consumed[0] + 1
        try:
            values = next(reader)
        except StopIteration:
            return
        if any(value.strip() for value in values):
            yield start, header, values
