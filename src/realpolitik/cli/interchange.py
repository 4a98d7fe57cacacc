"""``realpolitik import`` and ``realpolitik export``: event files in the formats the field uses."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from realpolitik.cli.code import parse_date
from realpolitik.cli.render import say_problem
from realpolitik.cli.store import DbOption
from realpolitik.interchange import FORMATS, WRITABLE, Notice, Problem, write
from realpolitik.interchange.importer import import_files
from realpolitik.store import default_path, event_rows

ImportFormat = StrEnum("ImportFormat", {name: name for name in FORMATS})  # type: ignore[misc]
ExportFormat = StrEnum("ExportFormat", {name: name for name in WRITABLE})  # type: ignore[misc]


def import_command(
    format: Annotated[
        ImportFormat, typer.Argument(help=f"Format of the files: {', '.join(FORMATS)}.")
    ],
    paths: Annotated[list[Path], typer.Argument(help="Event files (plain or zipped).")],
    db: DbOption = None,
) -> None:
    """Import GDELT, ICEWS, ACLED, POLECAT or PLOVER event files into the store.

    A file that is not of the format (or a damaged zip) is rejected whole with one message;
    the first 20 malformed rows of a file are reported with file and line, the rest counted,
    and skipped; importing a file again adds nothing. Exit status 1 when a file was rejected
    or a row skipped. Example: realpolitik import icews events.2023.tab --db region.duckdb
    """
    err = Console(stderr=True, soft_wrap=True)

    def report(item: Problem) -> None:
        say_problem(err, item.message, warning=isinstance(item, Notice))

    done = import_files(str(format), paths, db or default_path(), report=report)
    for item in done.files:
        if item.more_bad_rows:
            say_problem(err, item.more_bad_rows)
    typer.echo(str(done))
    if not done.ok:
        raise typer.Exit(1)


def export_command(
    format: Annotated[
        ExportFormat, typer.Argument(help=f"Format to write: {', '.join(WRITABLE)}.")
    ],
    path: Annotated[Path, typer.Argument(help="File to write ('.zip' for a zipped GDELT file).")],
    db: DbOption = None,
    dataset: Annotated[
        str | None, typer.Option(metavar="NAME", help="Only events of this dataset.")
    ] = None,
    since: Annotated[str | None, typer.Option(metavar="YYYY-MM-DD", help="From this date.")] = None,
    until: Annotated[
        str | None, typer.Option(metavar="YYYY-MM-DD", help="Up to this date.")
    ] = None,
) -> None:
    """Export stored events as GDELT 2.0 or 1.0, ICEWS, ACLED or POLECAT event files or
    PLOVER JSON Lines.

    An event the format cannot hold (no date; for ACLED no country) is left out and counted.
    Example: realpolitik export acled events.csv --since 2023-09-01
    """
    rows = event_rows(
        db or default_path(),
        dataset=dataset,
        since=parse_date(since, "--since"),
        until=parse_date(until, "--until"),
    )
    typer.echo(str(write(str(format), rows, path)))
