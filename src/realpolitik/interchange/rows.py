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
import math
import re
import zipfile
from collections import Counter
from collections.abc import Callable, Iterable
from contextlib import ExitStack
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import IO, Any

from realpolitik.dictionaries.lexicon import Lexicon, load_lexicon
from realpolitik.errors import Errors, InterchangeError
from realpolitik.outfiles import replacing_binary, replacing_text
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


@dataclass(frozen=True)
class Notice(Problem):
    """A remark about a file that skips no row (bytes that are not UTF-8 were replaced).

    Example:
        >>> Notice(Path("events.tab"), 12, "E414 ...").line
        12
    """


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
    """A float from a source field, ``None`` when missing; ``ValueError`` when not a number
    (infinities and numbers beyond a float's range included)."""
    if value is None or blank(value):
        return None
    number = float(value)
    if not math.isfinite(number):
        raise ValueError("not a finite number")
    return number


def numeric_code(value: str | None) -> str | None:
    """A numeric country code field ('804', '804.0') as digits, ``None`` when it is not one.

    Example:
        >>> numeric_code("804.0"), numeric_code("1e999"), numeric_code("x")
        ('804', None, None)
    """
    try:
        number = to_float(value)
    except ValueError:
        return None
    return None if number is None else str(int(number))


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


def number_text(value: float) -> str:
    """A float as a field: ``'2.0'`` for whole numbers, the shortest exact digits otherwise,
    empty for NaN and infinities (no format holds them).

    Example:
        >>> number_text(2.0), number_text(-9.5), number_text(float("nan"))
        ('2.0', '-9.5', '')
    """
    if not math.isfinite(value):
        return ""
    return repr(value) if value != int(value) else f"{value:.1f}"


def extra_of(row: dict[str, Any]) -> dict[str, Any]:
    """The ``extra`` dict of a row (an empty one when missing)."""
    extra = row.get("extra")
    return extra if isinstance(extra, dict) else {}


def as_date(value: object) -> dt.date | None:
    """A row's date as a ``datetime.date`` (rows from JSON may hold it as a string)."""
    if value is None or isinstance(value, dt.date):
        return value if not isinstance(value, dt.datetime) else value.date()
    return parse_date(str(value))


class LeftOut(Exception):
    """Raised by a writer's record function for an event its format cannot hold at all."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def required_date(row: Row) -> dt.date:
    """The row's date, which every layout needs; without one the event is left out."""
    try:
        date = as_date(row.get("date"))
    except (ValueError, TypeError):
        date = None
    if date is None:
        raise LeftOut("no date")
    return date


def required_code(row: Row) -> str:
    """The row's CAMEO code (digits), for layouts that cannot do without one."""
    code = str(row.get("code") or "").strip()
    if not code.isdigit():
        raise LeftOut("no CAMEO code")
    return code


@dataclass(frozen=True)
class Export:
    """What a writer did: how many events it wrote and why it left the others out.

    Example:
        >>> print(Export(Path("f.csv"), "acled", 17, (("no date", 1), ("no country", 1))))
        17 events written to f.csv (acled); 2 left out: no date (1), no country (1)
    """

    path: Path
    format: str
    written: int
    left_out: tuple[tuple[str, int], ...] = ()

    @property
    def left_out_count(self) -> int:
        """How many events were left out, for every reason."""
        return sum(count for _, count in self.left_out)

    def __str__(self) -> str:
        line = f"{self.written} events written to {self.path} ({self.format})"
        if self.left_out:
            reasons = ", ".join(f"{reason} ({count})" for reason, count in self.left_out)
            line += "; " + Errors.E410.format(count=self.left_out_count, reasons=reasons)
        return line


def write_lines(
    path: Path,
    format: str,
    rows: Iterable[dict[str, Any]],
    line: Callable[[dict[str, Any]], str],
    header: str | None = None,
    *,
    zipped: bool = False,
) -> Export:
    """Write one text line per row (after ``header``), leaving out the rows ``line`` refuses.

    ``line`` raises :class:`LeftOut` for an event the format cannot hold. With ``zipped`` the
    file is a zip archive holding one member named after the path without '.zip'; the lines
    are streamed into it either way. The file replaces ``path`` only once the last row is
    written: a failure on the way (a store that cannot be read, Ctrl-C) leaves ``path`` as it
    was.
    """
    written = 0
    reasons: Counter[str] = Counter()
    try:
        with ExitStack() as stack:
            if zipped:
                raw = stack.enter_context(replacing_binary(path))
                archive = stack.enter_context(
                    zipfile.ZipFile(raw, "w", compression=zipfile.ZIP_DEFLATED)
                )
                member = stack.enter_context(archive.open(path.stem, "w", force_zip64=True))
                out: IO[str] = stack.enter_context(
                    io.TextIOWrapper(member, encoding="utf-8", newline="")
                )
            else:
                out = stack.enter_context(replacing_text(path))
            if header is not None:
                out.write(header + "\n")
            for row in rows:
                try:
                    text_line = line(row)
                except LeftOut as skipped:
                    reasons[skipped.reason] += 1
                    continue
                out.write(text_line + "\n")
                written += 1
    except OSError as err:
        raise InterchangeError(Errors.E404.format(path=path, reason=err.strerror or err)) from err
    return Export(path, format, written, tuple(reasons.most_common()))


_SURROGATES = re.compile("[\ud800-\udfff]")
INT32 = (-(2**31), 2**31 - 1)
_KINDS = {
    "VARCHAR": "text",
    "DATE": "a date",
    "INTEGER": "a whole number",
    "DOUBLE": "a number",
    "BOOLEAN": "true or false",
}


def clean_text(value: str) -> str:
    """Text the store can hold: lone surrogates (from JSON escapes) and NUL characters
    replaced by U+FFFD.

    Example:
        >>> clean_text("Kyiv\\ud800") == "Kyiv\\ud800"
        True
    """
    if "\x00" in value:
        value = value.replace("\x00", "\ufffd")
    return _SURROGATES.sub("\ufffd", value)


def _clean_value(value: Any, depth: int = 0) -> Any:
    if isinstance(value, str):
        return clean_text(value)
    if depth > 64:
        return str(value)
    if isinstance(value, dict):
        return {clean_text(str(k)): _clean_value(v, depth + 1) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean_value(v, depth + 1) for v in value]
    return value


def checked(path: Path, number: int, row: Row) -> Row | Problem:
    """A reader's row checked against the store's column types, or a Problem (E416).

    Text is cleaned (:func:`clean_text`), whole numbers must fit the store's 32-bit columns,
    and ``extra`` must be a dict; a value of the wrong type skips the row instead of stopping
    the import when it reaches the store.

    Example:
        >>> checked(Path("e.jsonl"), 3, new_row("plover", "p1") | {"quad_class": "four"})
        Problem(path=PosixPath('e.jsonl'), line=3, message="e.jsonl:3: quad_class is not ...")
    """
    for key, kind in FLAT_COLUMNS.items():
        value = row.get(key)
        if value is None:
            continue
        fine = True
        if kind == "VARCHAR":
            if not isinstance(value, str):
                fine = isinstance(value, int | float) and not isinstance(value, bool)
                value = str(value)
            row[key] = clean_text(value)
        elif kind == "DATE":
            fine = isinstance(value, dt.date)
        elif kind == "INTEGER":
            fine = (
                isinstance(value, int)
                and not isinstance(value, bool)
                and INT32[0] <= value <= INT32[1]
            )
        elif kind == "DOUBLE":
            fine = False
            if isinstance(value, int | float) and not isinstance(value, bool):
                try:
                    row[key] = float(value)
                    fine = True
                except OverflowError:  # an int beyond any float
                    fine = False
        elif kind == "BOOLEAN":
            fine = isinstance(value, bool)
        if not fine:
            shown = repr(value)
            shown = shown if len(shown) <= 60 else shown[:57] + "..."
            message = Errors.E416.format(
                path=path, line=number, field=key, kind=_KINDS[kind], value=shown
            )
            return Problem(path, number, message)
    for key in ("dataset", "original_id", "event_id", "url"):
        value = row.get(key)
        if value is not None:
            row[key] = clean_text(str(value))
    extra = row.get("extra")
    row["extra"] = _clean_value(extra) if isinstance(extra, dict) else {}
    return row
