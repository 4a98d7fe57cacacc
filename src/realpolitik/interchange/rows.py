"""The flat event row every reader yields and every writer takes, and helpers to build it.

A row is a ``dict[str, object]`` whose keys are :data:`ROW_COLUMNS`: the columns of the
CSV export plus ``dataset``, ``original_id``, ``url`` and ``extra`` (source fields that have
no column of ours). Codes stay strings with their leading zeros; a field a format lacks is
``None``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from realpolitik.dictionaries.lexicon import Lexicon, load_lexicon
from realpolitik.errors import Errors, InterchangeError
from realpolitik.store.rows import FLAT_COLUMNS

Row = dict[str, object]

EVENT_COLUMNS: tuple[str, ...] = tuple(FLAT_COLUMNS)
"""The columns of the flat event row of the CSV export, in order."""

ROW_COLUMNS: tuple[str, ...] = (*EVENT_COLUMNS, "dataset", "original_id", "url", "extra")
"""Every key of an interchange row."""

MISSING = frozenset({"", "none", "null", "nan", "na", "n/a"})


@dataclass(frozen=True)
class Problem:
    """A row of an input file that could not be imported; the rest of the file still is.

    Example:
        >>> Problem(Path("events.tab"), 7, "E406 ...").line
        7
    """

    path: Path
    line: int
    message: str

    def __str__(self) -> str:
        return self.message


def new_row(dataset: str, original_id: str) -> Row:
    """An empty row of ``dataset`` with its ids set and every other field ``None``.

    Example:
        >>> new_row("icews", "926685")["event_id"]
        'icews-926685'
    """
    row: Row = dict.fromkeys(ROW_COLUMNS)
    row.update(
        dataset=dataset, original_id=original_id, event_id=f"{dataset}-{original_id}", extra={}
    )
    return row


def blank(value: str | None) -> bool:
    """Whether a source field is empty or one of the usual spellings of 'missing'."""
    return value is None or value.strip().casefold() in MISSING


def text(value: str | None) -> str | None:
    """A source field stripped, or ``None`` when it is missing."""
    return None if value is None or blank(value) else value.strip()


def parse_date(value: str) -> dt.date:
    """A date from the spellings event files use.

    Accepts ``YYYY-MM-DD``, ``YYYYMMDD`` (also with a time, as GDELT's DATEADDED),
    ``m/d/YYYY`` (ICEWS 2017), ``dd Month YYYY`` (ACLED) and ``YYYY/MM/DD``.

    Example:
        >>> parse_date("20230908"), parse_date("12/1/2017")
        (datetime.date(2023, 9, 8), datetime.date(2017, 12, 1))
    """
    raw = value.strip()
    if raw.isdigit() and len(raw) in (8, 12, 14):
        return dt.date(int(raw[:4]), int(raw[4:6]), int(raw[6:8]))
    for layout in ("%Y-%m-%d", "%m/%d/%Y", "%d %B %Y", "%d-%B-%Y", "%Y/%m/%d", "%d %b %Y"):
        try:
            return dt.datetime.strptime(raw[:10] if layout == "%Y-%m-%d" else raw, layout).date()
        except ValueError:
            continue
    raise ValueError("not a date (use YYYY-MM-DD or YYYYMMDD)")


def parse_day_first(value: str) -> dt.date:
    """A ``dd/mm/YYYY`` date, as in the legacy ACLED exports.

    Example:
        >>> parse_day_first("23/04/1999")
        datetime.date(1999, 4, 23)
    """
    return dt.datetime.strptime(value.strip(), "%d/%m/%Y").date()


def to_float(value: str | None) -> float | None:
    """A float from a source field, ``None`` when missing; ``ValueError`` when not a number."""
    if value is None or blank(value):
        return None
    return float(value)


def to_int(value: str | None) -> int | None:
    """An int from a source field (``'3.0'`` too), ``None`` when missing."""
    number = to_float(value)
    return None if number is None else int(number)


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The packaged lexicon, for names, roots and Goldstein scores of CAMEO codes."""
    return load_lexicon()


def cameo_code(raw: str) -> str:
    """A CAMEO code as a string with its leading zeros, restored if a spreadsheet dropped them.

    Example:
        >>> cameo_code("42"), cameo_code("211"), cameo_code("0874"), cameo_code("190")
        ('042', '0211', '0874', '190')
    """
    code = raw.strip()
    known = lexicon().cameo
    if code in known or not code.isdigit():
        return code
    for padded in ("0" + code, "00" + code):
        if padded in known:
            return padded
    return code


def fill_code(row: Row, code: str, *, goldstein: bool = True) -> None:
    """Set code, root, event name, QuadClass, PLOVER type/mode (and Goldstein) of a row.

    Values the row already has (from the source file) are kept.
    """
    info = lexicon().code_info(code)
    row["code"] = code
    row["root"] = info.root
    for key, value in (
        ("event_name", info.name),
        ("quad_class", info.quad_class),
        ("plover_type", info.plover_type),
        ("plover_mode", info.plover_mode),
    ):
        if row.get(key) is None:
            row[key] = value
    if goldstein and row.get("goldstein") is None:
        row["goldstein"] = info.goldstein


def actor_code(country: str | None, agent: str | None) -> str | None:
    """A CAMEO-style actor code from a country code and an agent code.

    Example:
        >>> actor_code("RUS", "GOV"), actor_code(None, "REB"), actor_code("UKR", None)
        ('RUSGOV', 'REB', 'UKR')
    """
    if country is None and agent is None:
        return None
    return f"{country or ''}{agent or ''}"


def stable_number(event_id: str) -> int:
    """A positive 63-bit integer derived from an event id, the same on every run.

    Example:
        >>> stable_number("coded-abc") == stable_number("coded-abc")
        True
    """
    digest = hashlib.sha256(event_id.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") >> 1 or 1


def extra_of(row: dict[str, Any]) -> dict[str, Any]:
    """The ``extra`` dict of a row (an empty one when missing)."""
    extra = row.get("extra")
    return extra if isinstance(extra, dict) else {}


def as_date(value: object) -> dt.date | None:
    """A row's date as a ``datetime.date`` (rows from JSON may hold it as a string)."""
    if value is None or isinstance(value, dt.date):
        return value if not isinstance(value, dt.datetime) else value.date()
    return parse_date(str(value))


def open_lines(path: Path) -> Iterator[str]:
    """The lines of a text file, or of the first member of a ``.zip`` archive, without newlines.

    Bytes that are not UTF-8 are replaced rather than stopping the import.
    """
    try:
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                members = [info for info in archive.infolist() if not info.is_dir()]
                if not members:
                    raise InterchangeError(
                        Errors.E403.format(path=path, reason="the zip archive holds no file")
                    )
                with archive.open(members[0]) as raw:
                    member = io.TextIOWrapper(raw, encoding="utf-8", errors="replace", newline="")
                    for line in member:
                        yield line.rstrip("\r\n")
            return
        with path.open(encoding="utf-8-sig", errors="replace", newline="") as stream:
            for line in stream:
                yield line.rstrip("\r\n")
    except OSError as err:
        raise InterchangeError(Errors.E403.format(path=path, reason=err.strerror or err)) from err


def required_date(row: Row, number: int) -> dt.date:
    """The row's date, which every writer needs; a row without one is an error (E410)."""
    date = as_date(row.get("date"))
    if date is None:
        raise InterchangeError(Errors.E410.format(number=number, field="date"))
    return date


def required_code(row: Row, number: int) -> str:
    """The row's CAMEO code, for writers whose layout cannot do without it (E410)."""
    code = row.get("code")
    if not code:
        raise InterchangeError(Errors.E410.format(number=number, field="code"))
    return str(code)
