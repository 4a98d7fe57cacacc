"""``realpolitik import`` and ``realpolitik export``: event files in the formats the field uses."""

from __future__ import annotations

from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from realpolitik.cli.code import parse_date
from realpolitik.cli.store import DbOption
from realpolitik.interchange import FORMATS, WRITABLE, Problem, Row, read, write
from realpolitik.store import default_path, event_rows, insert_event_rows

ImportFormat = StrEnum("ImportFormat", {name: name for name in FORMATS})  # type: ignore[misc]
ExportFormat = StrEnum("ExportFormat", {name: name for name in WRITABLE})  # type: ignore[misc]

# the dataset an imported format's rows belong to
_DATASETS = {"gdelt1": "gdelt", "gdelt2": "gdelt"}


def import_command(
    format: Annotated[ImportFormat, typer.Argument(help="Format of the files.")],
    paths: Annotated[list[Path], typer.Argument(help="Event files (GDELT may be zipped).")],
    db: DbOption = None,
) -> None:
    """Import GDELT, ICEWS, ACLED, POLECAT or PLOVER event files into the store.

    Malformed rows are reported with file and line and skipped; importing a file again adds
    nothing. Example: realpolitik import icews events.2023.tab --db region.duckdb
    """
    err = Console(stderr=True, soft_wrap=True)
    problems = 0

    def rows() -> Iterator[Row]:
        nonlocal problems
        for path in paths:
            for item in read(str(format), path):
                if isinstance(item, Problem):
                    problems += 1
                    err.print(f"[red]error:[/red] {item.message}", highlight=False)
                else:
                    yield item

    dataset = _DATASETS.get(str(format), str(format))
    added = insert_event_rows(db or default_path(), rows(), dataset)
    typer.echo(f"{added} new events imported as '{dataset}'; {problems} malformed rows skipped")
    if problems:
        raise typer.Exit(1)


def export_command(
    format: Annotated[ExportFormat, typer.Argument(help="Format to write.")],
    path: Annotated[Path, typer.Argument(help="File to write ('.zip' for a zipped GDELT file).")],
    db: DbOption = None,
    dataset: Annotated[str | None, typer.Option(help="Only events of this dataset.")] = None,
    since: Annotated[str | None, typer.Option(help="From this date, YYYY-MM-DD.")] = None,
    until: Annotated[str | None, typer.Option(help="Up to this date, YYYY-MM-DD.")] = None,
) -> None:
    """Export stored events as GDELT 2.0 or 1.0 event files or PLOVER JSON Lines.

    Example: realpolitik export gdelt2 events.CSV --dataset coded --since 2023-09-01
    """
    rows = event_rows(
        db or default_path(), dataset=dataset, since=parse_date(since), until=parse_date(until)
    )
    written = write(str(format), rows, path)
    typer.echo(f"{written} events written to {path} ({format})")
