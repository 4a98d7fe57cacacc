"""``realpolitik demo``: code the bundled South Caucasus corpus and summarise it."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from realpolitik.cli.render import print_table, write_jsonl
from realpolitik.demo import demo_documents, summarise
from realpolitik.records import Event


def demo_command(
    out: Annotated[
        Path | None,
        typer.Option(metavar="PATH", help="Also write all events as JSON Lines here."),
    ] = None,
    show: Annotated[int, typer.Option(metavar="N", help="How many sample events to list.")] = 15,
) -> None:
    """Code the bundled demo corpus and print a summary table.

    Example: realpolitik demo --out demo-events.jsonl
    """
    from realpolitik.coding.coder import Coder

    console = Console()
    documents = demo_documents()
    coder = Coder()
    events: list[Event] = []
    sentences = 0
    with Progress(
        TextColumn("coding"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[events]} events"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as progress:
        task = progress.add_task("demo", total=len(documents), events=0)
        for coded in coder.code_documents(documents):
            events.extend(coded.events)
            sentences += coded.sentences
            progress.update(task, advance=1, events=len(events))
    summary = summarise(events)
    console.print(
        f"[bold]{len(documents)}[/bold] documents, [bold]{sentences}[/bold] sentences, "
        f"[bold]{len(events)}[/bold] events "
        f"({', '.join(f'{n} {m}' for m, n in summary.modalities.items())}); "
        f"{summary.attributed} attributed to a source"
    )
    console.print(summary.dyad_table)
    console.print(summary.root_table)
    print_table(events[:show], console, title=f"first {min(show, len(events))} events")
    if out is not None:
        with out.open("w", encoding="utf-8") as handle:
            write_jsonl(events, handle)
        console.print(f"wrote {len(events)} events to {out}")
