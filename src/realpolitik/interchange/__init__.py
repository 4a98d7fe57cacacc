"""Import and export event data in the formats of other event datasets.

Readers turn GDELT, ICEWS, ACLED, POLECAT and PLOVER files into flat event rows (see
:mod:`realpolitik.interchange.rows`); writers turn rows into GDELT, ICEWS, ACLED or POLECAT
event files or PLOVER JSON Lines. A malformed line never stops an import: it comes out as a
:class:`Problem` with its file and line, and every valid row still comes.

Example:
    >>> from realpolitik.interchange import read, write, Problem
    >>> rows = [r for r in read("icews", Path("events.2018.tab")) if not isinstance(r, Problem)]
    >>> write("gdelt2", rows, Path("events.export.CSV"))
    1234
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from realpolitik.errors import Errors, InterchangeError
from realpolitik.interchange import acled, gdelt, icews, plover, polecat
from realpolitik.interchange.crosswalk import Country, Crosswalk
from realpolitik.interchange.rows import ROW_COLUMNS, Problem, Row

__all__ = [
    "FORMATS",
    "ROW_COLUMNS",
    "WRITABLE",
    "Country",
    "Crosswalk",
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


def _check(format: str) -> str:
    name = format.strip().lower()
    if name not in FORMATS:
        raise InterchangeError(Errors.E401.format(format=format, known=", ".join(FORMATS)))
    return name


def read(format: str, path: Path | str) -> Iterator[Row | Problem]:
    """Rows of an event file in ``format``; a malformed line gives a :class:`Problem` instead.

    Args:
        format: one of :data:`FORMATS`.
        path: the file (GDELT files may be zipped).

    Raises:
        InterchangeError: unknown format, unreadable file, or a file without the header the
            format needs.

    Example:
        >>> rows = list(read("gdelt2", Path("20230910120000.export.CSV.zip")))
        >>> rows[0]["event_id"], rows[0]["code"]
        ('gdelt-1122334455', '0211')
    """
    reader = _READERS[_check(format)]
    path = Path(path)
    if not path.exists():
        raise InterchangeError(Errors.E403.format(path=path, reason="no such file"))
    return reader(path)


def write(format: str, rows: Iterable[dict[str, Any]], path: Path | str) -> int:
    """Write rows to ``path`` in ``format`` (one of :data:`WRITABLE`); return how many.

    Raises:
        InterchangeError: unknown or read-only format, a row without date or code, or an
            unwritable path.

    Example:
        >>> write("plover", rows, Path("events.plover.jsonl"))
        2
    """
    name = _check(format)
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
