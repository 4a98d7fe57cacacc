"""Import and export event data in the formats of other event datasets.

Readers turn GDELT, ICEWS, ACLED, POLECAT and PLOVER files into flat event rows (see
:mod:`realpolitik.interchange.rows`); writers turn rows into GDELT, ICEWS, ACLED or POLECAT
event files or PLOVER JSON Lines. A file that is not of the format asked for (another
format, a damaged zip, binary data) is refused whole before any row is read
(:mod:`realpolitik.interchange.layout`). Within a file of the format, a malformed line never
stops an import: it comes out as a :class:`Problem` with its file and line, and every valid
row still comes. A writer leaves out an event its format cannot hold and counts it in the
:class:`Export` it returns, so that every row written reads back.

Example:
    >>> from realpolitik.interchange import read, write, Problem
    >>> rows = [r for r in read("icews", Path("events.2018.tab")) if not isinstance(r, Problem)]
    >>> print(write("gdelt2", rows, Path("events.export.CSV")))
    1234 events written to events.export.CSV (gdelt2)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from realpolitik.errors import Errors, InterchangeError
from realpolitik.interchange import acled, gdelt, icews, layout, plover, polecat
from realpolitik.interchange.crosswalk import Country, Crosswalk
from realpolitik.interchange.rows import ROW_COLUMNS, Export, Notice, Problem, Row

__all__ = [
    "FORMATS",
    "ROW_COLUMNS",
    "WRITABLE",
    "Country",
    "Crosswalk",
    "Export",
    "Notice",
    "Problem",
    "Row",
    "read",
    "write",
]

FORMATS = ("gdelt1", "gdelt2", "icews", "acled", "polecat", "plover")
"""Formats :func:`read` knows ('gdelt1' and 'gdelt2' both read either GDELT version)."""
WRITABLE = ("gdelt1", "gdelt2", "icews", "acled", "polecat", "plover")
"""Formats :func:`write` knows."""

_READERS: dict[str, Callable[[Path], Iterator[Row | Problem]]] = {
    "gdelt1": gdelt.read,
    "gdelt2": gdelt.read,
    "icews": icews.read,
    "acled": acled.read,
    "polecat": polecat.read,
    "plover": plover.read,
}


def format_name(format: str) -> str:
    """A format's name as :data:`FORMATS` spells it; E401 for a format not known.

    Example:
        >>> format_name(" ICEWS ")
        'icews'
    """
    name = format.strip().lower()
    if name not in FORMATS:
        raise InterchangeError(Errors.E401.format(format=format, known=", ".join(FORMATS)))
    return name


def read(format: str, path: Path | str) -> Iterator[Row | Problem]:
    """Rows of an event file in ``format``; a malformed line gives a :class:`Problem` instead.

    The file's layout is checked at once, before any row is read: a file that is not of the
    format raises here. Bytes that are not UTF-8 are replaced and reported once, as a
    :class:`Notice` (a Problem that skips no row).

    Args:
        format: one of :data:`FORMATS`.
        path: the file (any format's file may be zipped).

    Raises:
        InterchangeError: unknown format, unreadable file, a damaged zip, binary data, or a
            file whose first lines do not have the format's layout.

    Example:
        >>> rows = list(read("gdelt2", Path("20230910120000.export.CSV.zip")))
        >>> rows[0]["event_id"], rows[0]["code"]
        ('gdelt-1122334455', '0211')
    """
    name = format_name(format)
    path = Path(path)
    layout.check(name, path)
    return _READERS[name](path)


def write(format: str, rows: Iterable[dict[str, Any]], path: Path | str) -> Export:
    """Write rows to ``path`` in ``format`` (one of :data:`WRITABLE`).

    An event the format cannot hold (no date; for some formats no code, event type or
    country) is left out, never written; the returned :class:`Export` counts both.

    Raises:
        InterchangeError: unknown or read-only format, or an unwritable path.

    Example:
        >>> print(write("acled", rows, Path("f.csv")))
        17 events written to f.csv (acled); 2 left out: no date (1), no country (1)
    """
    name = format_name(format)
    path = Path(path)
    if name == "gdelt2":
        return gdelt.write(rows, path, version=2)
    if name == "gdelt1":
        return gdelt.write(rows, path, version=1)
    if name == "plover":
        return plover.write(rows, path)
    if name == "icews":
        return icews.write(rows, path)
    if name == "acled":
        return acled.write(rows, path)
    if name == "polecat":
        return polecat.write(rows, path)
    raise InterchangeError(Errors.E402.format(format=format, known=", ".join(WRITABLE)))
