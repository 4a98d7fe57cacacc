"""Reading the fields of trade files: periods, flows, HS codes, numbers and headers, each
check giving the message that names the file, the line and the problem."""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO

from realpolitik.errors import Errors, TradeError
from realpolitik.interchange.tabular import column_key
from realpolitik.trade.records import Freq

MISSING = frozenset({"", "na", "n/a", "nan", "null", "none", "-", "..."})
_PERIOD = re.compile(r"^(\d{4})(?:[-/]?(\d{2}))?$")
_HS = re.compile(r"^\d{2}(?:\d{2}){0,2}$")
_FLOW_WORDS = {
    "X": "X", "EXPORT": "X", "EXPORTS": "X", "2": "X",
    "M": "M", "IMPORT": "M", "IMPORTS": "M", "1": "M",
    "RX": "RX", "RE-EXPORT": "RX", "RE-EXPORTS": "RX", "REEXPORT": "RX", "REEXPORTS": "RX",
    "3": "RX",
    "RM": "RM", "RE-IMPORT": "RM", "RE-IMPORTS": "RM", "REIMPORT": "RM", "REIMPORTS": "RM",
    "4": "RM",
    "T": "T", "TURNOVER": "T", "TOTAL": "T",
}  # fmt: skip
_TOTAL_HS = frozenset({"TOTAL", "ALL", "AG0", "00", "*"})
VINTAGES = {
    "HS92": "H0", "HS1992": "H0", "H0": "H0", "HS96": "H1", "HS1996": "H1", "H1": "H1",
    "HS02": "H2", "HS2002": "H2", "H2": "H2", "HS07": "H3", "HS2007": "H3", "H3": "H3",
    "HS12": "H4", "HS2012": "H4", "H4": "H4", "HS17": "H5", "HS2017": "H5", "H5": "H5",
    "HS22": "H6", "HS2022": "H6", "H6": "H6", "HS": None,
}  # fmt: skip


class BadField(ValueError):
    """A field that cannot be read; its message is the row's problem."""


def period(value: str, path: Path, line: int, name: str = "year") -> tuple[Freq, dt.date]:
    """A year (2022) or a month (2022-05, 202205) as its frequency and first day.

    Example:
        >>> period("202205", Path("f.csv"), 2)
        ('month', datetime.date(2022, 5, 1))
    """
    match = _PERIOD.match(value.strip().split(".")[0])
    if not match:
        raise BadField(
            Errors.E703.format(path=path, line=line, field=name, kind="a year or YYYY-MM",
                               value=value)
        )  # fmt: skip
    year = int(match.group(1))
    if match.group(2) is None:
        return "year", dt.date(year, 1, 1)
    month = int(match.group(2))
    if not 1 <= month <= 12:
        raise BadField(
            Errors.E703.format(path=path, line=line, field=name, kind="a month 01-12",
                               value=value)
        )  # fmt: skip
    return "month", dt.date(year, month, 1)


def flow(value: str, path: Path, line: int) -> str | None:
    """X, M, RX, RM or T from a code or word ('Export', 'Re-import', Comtrade's 1-4);
    None for other flows a file may hold (processing trade), which are skipped."""
    word = value.strip().upper().replace("_", "-")
    if not word:
        raise BadField(
            Errors.E703.format(path=path, line=line, field="flow", kind="a flow", value=value)
        )
    return _FLOW_WORDS.get(word)


def hs_code(value: str, path: Path, line: int) -> str:
    """The digits of an HS code (2, 4 or 6; dots dropped), or TOTAL for all goods.

    Example:
        >>> hs_code("8542.31", Path("f.csv"), 3), hs_code("TOTAL", Path("f.csv"), 3)
        ('854231', 'TOTAL')
    """
    raw = value.strip().upper()
    if raw in _TOTAL_HS or raw in MISSING:
        return "TOTAL"
    digits = raw.replace(".", "").replace(" ", "")
    if not _HS.match(digits):
        raise BadField(
            Errors.E703.format(path=path, line=line, field="hs", kind="an HS code of 2, 4 or "
                               "6 digits", value=value)
        )  # fmt: skip
    return digits


def number(value: str | None, path: Path, line: int, name: str, scale: float = 1.0) -> float | None:
    """A non-negative number (thousands separators and spaces dropped), or None if missing."""
    if value is None:
        return None
    raw = value.strip().replace(",", "").replace(" ", "").replace("\u00a0", "")
    if raw.lower() in MISSING:
        return None
    try:
        found = float(raw)
    except ValueError:
        raise BadField(
            Errors.E703.format(path=path, line=line, field=name, kind="a number", value=value)
        ) from None
    if found != found or found < 0:
        raise BadField(
            Errors.E703.format(path=path, line=line, field=name, kind="a number of 0 or more",
                               value=value)
        )  # fmt: skip
    return found * scale


def text(value: str | None) -> str | None:
    """A field's text, None when empty."""
    if value is None:
        return None
    stripped = value.strip()
    return stripped or None


def open_text(path: Path) -> IO[str]:
    """A trade file opened as text (a BOM dropped, bytes that are not UTF-8 replaced)."""
    if not path.is_file():
        raise TradeError(Errors.E704.format(path=path))
    try:
        return path.open(encoding="utf-8-sig", errors="replace", newline="")
    except OSError as err:
        raise TradeError(Errors.E710.format(path=path, reason=err.strerror or err)) from None


def records(
    handle: IO[str],
    path: Path,
    format_name: str,
    required: Sequence[Sequence[str]],
    expected: str,
) -> tuple[list[str], Iterator[tuple[int, dict[str, str]]]]:
    """The folded header of a delimited file and its records as (line, {column: value}).

    ``required`` lists the columns a file must have, each as its accepted names; a file
    without one is rejected whole (E701), before any row is read.
    """
    first = handle.readline()
    delimiter = "\t" if "\t" in first else ";" if first.count(";") > first.count(",") else ","
    header = [column_key(name) for name in next(csv.reader([first], delimiter=delimiter), [])]
    missing = [names[0] for names in required if not any(n in header for n in names)]
    if missing:
        shown = first.strip()
        raise TradeError(
            Errors.E701.format(
                path=path, n="an" if format_name[0] in "aeiou" else "a", format=format_name,
                missing=", ".join(missing),
                found=repr(shown[:100] + ("..." if len(shown) > 100 else "")) if shown
                else "an empty file",
                expected=expected,
            )
        )  # fmt: skip

    def rows() -> Iterator[tuple[int, dict[str, str]]]:
        reader = csv.reader(handle, delimiter=delimiter)
        for values in reader:
            line = reader.line_num + 1
            if not values or not any(v.strip() for v in values):
                continue
            yield line, dict(zip(header, values, strict=False))

    return header, rows()


def pick(row: dict[str, str], names: Sequence[str]) -> str | None:
    """The value of the first of ``names`` the row has."""
    for name in names:
        if name in row:
            return row[name]
    return None
