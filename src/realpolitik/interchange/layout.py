"""Recognising a format's layout before a file is read, so that a file of another kind is
refused with one message (what it looks like, what the format has) and nothing of it stored.

A file passes when it is not a damaged zip nor binary (:func:`files.check_file`) and its first
lines have the layout of the format: the header of ICEWS, ACLED and POLECAT files; for GDELT,
which has no header, the column count and the types of the first rows (GLOBALEVENTID a
number, SQLDATE a date YYYYMMDD, EventCode a CAMEO code); for PLOVER, first records that are
JSON objects with the PLOVER fields. Bad rows further on are the readers' business.

Example:
    >>> check("gdelt2", Path("novel.txt"))
    Traceback (most recent call last):
    InterchangeError: novel.txt is not a GDELT 2.0 event file: its first lines have 1
    tab-separated column; GDELT has 57, 58 or 61. Nothing was imported from it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from realpolitik.errors import Errors, InterchangeError
from realpolitik.interchange import acled, gdelt, icews, polecat
from realpolitik.interchange.files import Lines, article, check_file
from realpolitik.interchange.plover import json_object
from realpolitik.interchange.rows import parse_date
from realpolitik.interchange.tabular import header_of

NAMES = {
    "gdelt1": "GDELT 1.0 event",
    "gdelt2": "GDELT 2.0 event",
    "icews": icews.FORMAT_NAME,
    "acled": acled.FORMAT_NAME,
    "polecat": polecat.FORMAT_NAME,
    "plover": "PLOVER JSON Lines",
}
"""What each format's files are called in messages."""
SAMPLE_LINES = 10
"""How many non-empty lines the check looks at; at least half must have the layout."""
_HEADERS = {
    "icews": icews.REQUIRED,
    "acled": acled.REQUIRED,
    "polecat": polecat.REQUIRED,
}
_CAMEO = re.compile(r"^\d{2,4}$")
PLOVER_FIELDS = ("id", "date", "event")


def _sample(path: Path) -> list[tuple[int, str | None]]:
    found: list[tuple[int, str | None]] = []
    for number, line in Lines(path):
        if line is None or line.strip():
            found.append((number, line))
            if len(found) >= SAMPLE_LINES:
                break
    return found


def _columns(count: int) -> str:
    return f"{count} tab-separated column{'s' if count != 1 else ''}"


def _looks_like(lines: list[str]) -> str:
    """What the first lines of a file look like, for a message."""
    first = lines[0]
    if json_object(first)[0] is not None:
        return "its lines are JSON objects (JSON Lines)"
    counts = Counter(len(line.split("\t")) for line in lines)
    if max(counts) > 1:
        count = counts.most_common(1)[0][0]
        return f"its first lines have {_columns(count)}"
    commas = {line.count(",") + 1 for line in lines}
    if len(commas) == 1 and min(commas) >= 3:
        return f"its first lines have {min(commas)} comma-separated columns"
    return f"its first lines have {_columns(1)} (plain text)"


def _gdelt_reason(line: str) -> str | None:
    """Why a line is not a GDELT event line, ``None`` when it is one."""
    values = line.split("\t")
    layout = gdelt.LAYOUTS.get(len(values))
    if layout is None:
        return "columns"
    record = dict(zip(layout, values, strict=True))
    columns = _columns(len(values))
    event_id = record["GLOBALEVENTID"].strip()
    if not event_id.isdigit():
        return f"its first lines have {columns} but GLOBALEVENTID holds {event_id!r}, not a number"
    day = record["SQLDATE"].strip()
    try:
        parse_date(day)
        good_day = len(day) == 8 and day.isdigit()
    except ValueError:
        good_day = False
    if not good_day:
        return f"its first lines have {columns} but SQLDATE holds {day!r}, not a date YYYYMMDD"
    code = record["EventCode"].strip()
    if not _CAMEO.match(code):
        return f"its first lines have {columns} but EventCode holds {code!r}, not a CAMEO code"
    return None


def _check_gdelt(format: str, path: Path, sample: list[tuple[int, str | None]]) -> None:
    lines = [line for _, line in sample if line is not None]
    reasons = [_gdelt_reason(line) for line in lines]
    if lines and sum(reason is None for reason in reasons) * 2 >= len(sample):
        return
    looks = next((r for r in reasons if r is not None and r != "columns"), None)
    if looks is None:
        looks = _looks_like(lines) if lines else "its first lines are too long to be GDELT rows"
    expected = "GDELT has 57, 58 or 61 (one event a line, no header)"
    _refuse(format, path, looks, expected)


def _plover_reason(line: str) -> str | None:
    value, reason = json_object(line)
    if value is None:
        return reason
    missing = [name for name in PLOVER_FIELDS if name not in value]
    if "event" in missing and isinstance(value.get("cameo"), dict):
        missing.remove("event")
    if missing:
        return "lacks " + ", ".join(missing)
    return None


def _check_plover(format: str, path: Path, sample: list[tuple[int, str | None]]) -> None:
    lines = [(number, line) for number, line in sample if line is not None]
    reasons = [(number, _plover_reason(line)) for number, line in lines]
    if lines and sum(reason is None for _, reason in reasons) * 2 >= len(sample):
        return
    bad = next(((number, reason) for number, reason in reasons if reason is not None), None)
    if bad is None:
        looks = "its first lines are too long to be PLOVER records"
    elif bad[1].startswith("lacks"):
        looks = f"its records are JSON objects without the PLOVER fields (line {bad[0]} {bad[1]})"
    elif json_object(lines[0][1])[0] is None and "\t" in lines[0][1]:
        looks = _looks_like([line for _, line in lines]) + ", not JSON objects"
    else:
        looks = f"line {bad[0]} is not a JSON object ({bad[1]})"
    expected = "each line of a PLOVER file is a JSON object with " + ", ".join(PLOVER_FIELDS)
    _refuse(format, path, looks, expected)


def _refuse(format: str, path: Path, looks: str, expected: str) -> None:
    name = NAMES[format]
    raise InterchangeError(
        Errors.E413.format(path=path, n=article(name), format=name, looks=looks, expected=expected)
    )


def _check_header(format: str, path: Path, sample: list[tuple[int, str | None]]) -> None:
    number, line = sample[0] if sample else (0, "")
    header_of(number, line, path, _HEADERS[format], NAMES[format])


_CHECKS: dict[str, Callable[[str, Path, list[tuple[int, str | None]]], None]] = {
    "gdelt1": _check_gdelt,
    "gdelt2": _check_gdelt,
    "icews": _check_header,
    "acled": _check_header,
    "polecat": _check_header,
    "plover": _check_plover,
}


def check(format: str, path: Path) -> None:
    """Refuse a file that is not of ``format`` (E403, E408, E411, E412, E413).

    An empty GDELT or PLOVER file passes (it holds no events); an empty file of a format with
    a header does not.

    Example:
        >>> check("icews", Path("tests/fixtures/interchange/icews.events.tab"))
    """
    check_file(path, NAMES[format])
    sample = _sample(path)
    if not sample and format in ("gdelt1", "gdelt2", "plover"):
        return
    _CHECKS[format](format, path, sample)
