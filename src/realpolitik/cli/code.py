"""``realpolitik code``: code text, HTML or JSON Lines files into events."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from realpolitik.cli.render import print_table, rows, say_problem, write_jsonl
from realpolitik.errors import Errors, InputError
from realpolitik.ingest.readers import DEFAULT_ENCODING, InputProblem, check_encoding, read_paths
from realpolitik.records import Document, Event, as_day
from realpolitik.render import DelimitedWriter


class Format(StrEnum):
    jsonl = "jsonl"
    csv = "csv"
    tsv = "tsv"
    table = "table"


def parse_date(value: str | None, option: str = "--date") -> dt.date | None:
    """A date option (``--date``, ``--since``, ``--until``) as a date; E006 names the option.

    Example:
        >>> parse_date("2023-09-20", "--since")
        datetime.date(2023, 9, 20)
    """
    try:
        return as_day(value)
    except ValueError:
        raise InputError(Errors.E006.format(value=value, where=option)) from None


EncodingOption = Annotated[
    str,
    typer.Option(
        metavar="CODEC",
        help="Encoding of text, HTML and JSON Lines files and stdin: utf-8, cp1252, latin-1, "
        "… (any codec Python knows), or auto to detect it.",
    ),
]


def code_command(
    paths: Annotated[
        list[str],
        typer.Argument(
            metavar="PATH", help="Text, HTML or .jsonl files or directories; '-' reads stdin."
        ),
    ],
    date: Annotated[
        str | None,
        typer.Option(metavar="YYYY-MM-DD", help="Document date for inputs without one."),
    ] = None,
    format: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.jsonl,
    explain: Annotated[
        bool, typer.Option(metavar="", help="Show the parse path and rule behind each event.")
    ] = False,
    dictionary: Annotated[
        list[Path] | None,
        typer.Option(
            "--dict",
            metavar="PATH",
            help="Extra dictionary file or directory (JSON Lines or PETRARCH); repeatable.",
        ),
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option(
            metavar="N",
            help="Coding processes \\[default: the number of cores].",
            show_default=False,
        ),
    ] = None,
    encoding: EncodingOption = DEFAULT_ENCODING,
) -> None:
    """Code news text into events.

    Example: realpolitik code article.txt --date 2023-09-20 --format table
    """
    from realpolitik.coding.batches import code_stream, default_workers
    from realpolitik.coding.coder import Coder

    anchor = parse_date(date)
    encoding = check_encoding(encoding)
    coder = Coder(dictionaries=dictionary or ())
    err = Console(stderr=True, soft_wrap=True)
    out = Console()
    problems: list[InputProblem] = []

    def documents() -> Iterator[Document]:
        for item in read_paths(_walked(paths), anchor, encoding):
            if isinstance(item, InputProblem):
                problems.append(item)
                say_problem(err, item.message)
            else:
                yield item

    writer = None
    if format in (Format.csv, Format.tsv):
        writer = DelimitedWriter(sys.stdout, tab=format is Format.tsv)
    collected: list[Event] = []
    # a long document's events are written part by part, as its parts are coded
    stream = code_stream(documents(), coder, workers=workers or default_workers(), explain=explain)
    for coded in stream:
        if format is Format.jsonl:
            write_jsonl(coded.events, sys.stdout)
        elif writer is not None:
            writer.write(rows(coded.events))
        else:
            collected.extend(coded.events)
        sys.stdout.flush()
        if explain:
            for event in coded.events:
                err.print(coded.explanations.get(event.event_id, ""), highlight=False)
    if format is Format.table:
        print_table(collected, out, title=f"{len(collected)} events")
    if problems:
        raise typer.Exit(1)


def _walked(paths: list[str]) -> Iterator[str]:
    """The paths, each directory replaced by the text, HTML and JSON Lines files in it."""
    from realpolitik.ingest.sources import expand_paths

    for path in paths:
        if path != "-" and Path(path).is_dir():
            yield from (p for p in expand_paths([path]) if isinstance(p, str))
        else:
            yield path
