"""Reading delimited event files with a header row (ICEWS, ACLED, POLECAT).

Column names are matched loosely ('Event Date', 'event_date' and 'EVENT_DATE' are the same
column) so that files from different releases of a dataset read alike.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

from realpolitik.errors import Errors, InterchangeError
from realpolitik.interchange.files import MAX_LINE, Lines, article
from realpolitik.interchange.rows import Notice, Problem

DELIMITER_NAMES = {"\t": "tab", ",": "comma"}


class Record(NamedTuple):
    """One record of a delimited file: the line it starts on, the header keys, its values."""

    line: int
    header: list[str]
    values: list[str]
    delimiter: str

    @property
    def delimiter_name(self) -> str:
        """'tab' or 'comma', for messages."""
        return DELIMITER_NAMES.get(self.delimiter, repr(self.delimiter))


def column_key(name: str) -> str:
    """A column name folded for matching.

    Example:
        >>> column_key("Event Date"), column_key("EVENT_DATE"), column_key("event_date")
        ('event_date', 'event_date', 'event_date')
    """
    return "_".join(re.sub(r"[^a-z0-9]+", " ", name.strip().strip('"').casefold()).split())


def _shown(line: str | None) -> str:
    if line is None:
        return "(a line too long to show)"
    line = line.strip()
    if not line:
        return "(empty file)"
    return repr(line if len(line) <= 100 else line[:97] + "...")


def header_of(
    number: int, line: str | None, path: Path, required: tuple[str, ...], format_name: str
) -> tuple[list[str], str]:
    """The header keys and delimiter of a header line, or E408 when it lacks a column.

    The delimiter is a tab if the line holds one, else a comma.
    """
    header: list[str] = []
    delimiter = "\t"
    if line is not None:
        delimiter = "\t" if "\t" in line else ","
        try:
            header = [column_key(name) for name in _split(line, delimiter, quoted=False)]
        except csv.Error:
            header = []
    missing = [name for name in required if name not in header]
    if missing:
        raise InterchangeError(
            Errors.E408.format(
                path=path,
                n=article(format_name),
                required=", ".join(required),
                format=format_name,
                found=_shown(line),
            )
        )
    return header, delimiter


def records(
    path: Path, *, required: tuple[str, ...], format_name: str, quoted: bool = False
) -> Iterator[Record | Problem]:
    """A :class:`Record` for each non-empty line after the header; bad lines as Problems.

    The header is the first non-empty line (E408 when it lacks a required column). Tab files
    are split without quote handling (ICEWS and POLECAT escape quotes already); comma files
    and ``quoted=True`` use CSV quoting, where one record may span lines. Bytes that are not
    UTF-8 give one :class:`Notice` (E414).
    """
    lines = Lines(path)
    numbered = iter(lines)
    header: list[str] | None = None
    delimiter = "\t"
    header_line = 0
    for number, line in numbered:
        if line is None or line.strip():
            header, delimiter = header_of(number, line, path, required, format_name)
            header_line = number
            break
    if header is None:
        header_of(0, "", path, required, format_name)
        return
    noticed = False
    if delimiter == "," or quoted:
        rows = _csv_records(path, numbered, header_line, header, delimiter)
    else:
        rows = _tab_records(path, numbered, header)
    for item in rows:
        if not noticed and lines.first_bad_bytes is not None:
            noticed = True
            yield _bad_bytes(path, lines.first_bad_bytes)
        yield item
    if not noticed and lines.first_bad_bytes is not None:
        yield _bad_bytes(path, lines.first_bad_bytes)


def text_lines(path: Path) -> Iterator[tuple[int, str] | Problem]:
    """The non-empty lines of a headerless file (GDELT, PLOVER) with their numbers.

    A line longer than :data:`MAX_LINE` bytes comes as a Problem (E415); bytes that are not
    UTF-8 give one :class:`Notice` (E414), where they are first met.
    """
    lines = Lines(path)
    noticed = False
    for number, line in lines:
        if not noticed and lines.first_bad_bytes is not None:
            noticed = True
            yield _bad_bytes(path, lines.first_bad_bytes)
        if line is None:
            yield _too_long(path, number)
        elif line.strip():
            yield number, line
    if not noticed and lines.first_bad_bytes is not None:
        yield _bad_bytes(path, lines.first_bad_bytes)


def width_problem(path: Path, record: Record) -> Problem | None:
    """E405 when a record has not as many columns as its header, else ``None``."""
    if len(record.values) == len(record.header):
        return None
    message = Errors.E405.format(
        path=path,
        line=record.line,
        expected=len(record.header),
        delimiter=record.delimiter_name,
        found=len(record.values),
    )
    return Problem(path, record.line, message)


def _bad_bytes(path: Path, line: int) -> Notice:
    return Notice(path, line, Errors.E414.format(path=path, line=line))


def _too_long(path: Path, number: int) -> Problem:
    return Problem(path, number, Errors.E415.format(path=path, line=number, limit=MAX_LINE))


def _tab_records(
    path: Path, numbered: Iterator[tuple[int, str | None]], header: list[str]
) -> Iterator[Record | Problem]:
    for number, line in numbered:
        if line is None:
            yield _too_long(path, number)
        elif line.strip():
            yield Record(number, header, line.split("\t"), "\t")


def _split(line: str, delimiter: str, quoted: bool) -> list[str]:
    if delimiter == "\t" and not quoted:
        return line.split("\t")
    return next(csv.reader([line], delimiter=delimiter), [])


def _csv_records(
    path: Path,
    numbered: Iterator[tuple[int, str | None]],
    header_line: int,
    header: list[str],
    delimiter: str,
) -> Iterator[Record | Problem]:
    """CSV records with the line each starts on (quoted fields may hold newlines)."""
    consumed = [header_line]
    long_lines: list[int] = []

    def feed() -> Iterator[str]:
        for number, line in numbered:
            consumed[0] = number
            if line is None:
                long_lines.append(number)
                yield "\n"
            else:
                yield line + "\n"

    reader = csv.reader(feed(), delimiter=delimiter)
    while True:
        start = consumed[0] + 1
        try:
            values = next(reader)
        except StopIteration:
            break
        except csv.Error as err:
            reason = str(err)
            name = DELIMITER_NAMES[delimiter]
            message = Errors.E418.format(path=path, line=start, delimiter=name, reason=reason)
            yield Problem(path, start, message)
            continue
        while long_lines:
            yield _too_long(path, long_lines.pop(0))
        if any(value.strip() for value in values):
            yield Record(start, header, values, delimiter)
    while long_lines:
        yield _too_long(path, long_lines.pop(0))
