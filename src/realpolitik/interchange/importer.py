"""Importing event files into the store, one file at a time, with a bounded report.

Each file is checked before any of it is read (:func:`realpolitik.interchange.read`): a
file that is not of the format is rejected whole and nothing of it is stored, while the
other files given still import. Within a file of the format the first :data:`SHOWN` bad rows
are reported in full and the rest only counted, so that a huge broken file gives a short
report.

Example:
    >>> report = import_files("icews", [Path("events.2023.tab")], "region.duckdb")
    >>> report.added, report.bad_rows
    (1203, 2)
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from realpolitik.errors import Errors, InterchangeError
from realpolitik.interchange import format_name, read
from realpolitik.interchange.rows import Notice, Problem, Row
from realpolitik.store import insert_event_rows
from realpolitik.store.db import Connection

SHOWN = 20
"""Bad rows reported in full per file; the others are counted (E417)."""
DATASETS = {"gdelt1": "gdelt", "gdelt2": "gdelt"}
"""The dataset a format's rows are stored as, where it is not the format's name."""


@dataclass(frozen=True)
class FileImport:
    """What importing one file did.

    Example:
        >>> FileImport(Path("a.tab"), added=3, bad_rows=1).rejected is None
        True
    """

    path: Path
    added: int = 0
    bad_rows: int = 0
    rejected: str | None = None
    """The message that rejected the file; nothing of a rejected file is stored."""

    @property
    def more_bad_rows(self) -> str | None:
        """The E417 line for the bad rows beyond the first :data:`SHOWN`, if there are any."""
        if self.bad_rows <= SHOWN:
            return None
        return Errors.E417.format(path=self.path, count=self.bad_rows - SHOWN)


@dataclass(frozen=True)
class ImportReport:
    """What importing several files did, file by file."""

    dataset: str
    files: tuple[FileImport, ...]

    @property
    def added(self) -> int:
        """New events stored, over all files."""
        return sum(item.added for item in self.files)

    @property
    def bad_rows(self) -> int:
        """Rows skipped, over all files."""
        return sum(item.bad_rows for item in self.files)

    @property
    def rejected(self) -> tuple[FileImport, ...]:
        """The files rejected whole."""
        return tuple(item for item in self.files if item.rejected is not None)

    @property
    def ok(self) -> bool:
        """Whether every file imported without a bad row."""
        return not self.bad_rows and not self.rejected

    def __str__(self) -> str:
        line = f"{self.added} new events imported as '{self.dataset}'; "
        line += f"{self.bad_rows} malformed rows skipped"
        if self.rejected:
            count = len(self.rejected)
            line += f"; {count} file{'s' if count != 1 else ''} rejected"
        return line


def import_files(
    format: str,
    paths: Sequence[Path | str],
    db: Connection | str | Path | None,
    *,
    report: Callable[[Problem], None] | None = None,
) -> ImportReport:
    """Import event files of ``format`` into the store ``db``, each as its own run.

    ``report`` is called with each file's rejection (as a Problem at line 0), its
    :class:`Notice` and its first :data:`SHOWN` bad rows as they are found.

    Raises:
        InterchangeError: an unknown format.

    Example:
        >>> print(import_files("gdelt2", [Path("novel.txt"), Path("day.CSV")], "s.duckdb"))
        52 new events imported as 'gdelt'; 0 malformed rows skipped; 1 file rejected
    """
    name = format_name(format)
    dataset = DATASETS.get(name, name)
    done: list[FileImport] = []
    for given in paths:
        path = Path(given)
        bad = 0

        def rows(items: Iterator[Row | Problem]) -> Iterator[Row]:
            nonlocal bad
            for item in items:
                if isinstance(item, Notice):
                    if report is not None:
                        report(item)
                elif isinstance(item, Problem):
                    bad += 1
                    if report is not None and bad <= SHOWN:
                        report(item)
                else:
                    yield item

        try:
            items = read(name, path)
            added = insert_event_rows(db, rows(items), dataset)
        except InterchangeError as err:
            if report is not None:
                report(Problem(path, 0, str(err)))
            done.append(FileImport(path, rejected=str(err)))
            continue
        done.append(FileImport(path, added=added, bad_rows=bad))
    return ImportReport(dataset, tuple(done))
