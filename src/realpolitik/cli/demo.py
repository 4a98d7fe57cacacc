"""``realpolitik demo``: the bundled South Caucasus corpus, coded into a fresh store, and
the founding question asked of it."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from realpolitik.cli.analysis import print_shifts, print_verdicts
from realpolitik.demo import (
    DEMO_CORPUS,
    DEMO_TRADE,
    demo_documents,
    fresh_store,
    summarise,
    thesis,
)
from realpolitik.ingest.sources import read_sources
from realpolitik.render import print_table, write_jsonl
from realpolitik.report import charts, write_html, write_png
from realpolitik.store import EventFilter, connect, ingest, select_events
from realpolitik.trade import import_trade


def demo_command(
    folder: Annotated[
        Path,
        typer.Option("--dir", metavar="PATH", help="Folder for the demo's store."),
    ] = Path("realpolitik-demo"),
    out: Annotated[
        Path | None,
        typer.Option(metavar="PATH", help="Also write all events as JSON Lines here."),
    ] = None,
    show: Annotated[int, typer.Option(metavar="N", help="How many sample events to list.")] = 10,
    png: Annotated[
        Path | None,
        typer.Option(
            metavar="DIR",
            help="Also write the report's charts as PNGs into DIR (needs realpolitik\\[png] "
            "and Chromium).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Code the bundled demo corpus into a fresh store, check the founding thesis on it
    (Russia-Armenia relations worsening in 2023, Russia-Azerbaijan staying cooperative, the
    September 2023 turn in Azerbaijan-Nagorno-Karabakh) and write the report of it.

    Example: realpolitik demo --dir /tmp/demo
    """
    from realpolitik.coding.coder import Coder

    console = Console()
    documents = demo_documents()
    path = fresh_store(folder)
    con = connect(path, create=True)
    try:
        with Progress(
            TextColumn("coding"), BarColumn(), MofNCompleteColumn(),
            TextColumn("{task.fields[events]} events"), TimeElapsedColumn(),
            console=Console(stderr=True), transient=True,
        ) as progress:  # fmt: skip
            task = progress.add_task("demo", total=len(documents), events=0)
            ingest(
                con,
                read_sources([str(DEMO_CORPUS)]),
                coder=Coder(),
                total=len(documents),
                on_progress=lambda s: progress.update(task, completed=s.read, events=s.events),
            )
        traded = import_trade(con, "csv", [DEMO_TRADE])
        summary = summarise(con)
        console.print(
            f"[bold]{summary.documents}[/bold] documents, [bold]{summary.sentences}[/bold] "
            f"sentences, [bold]{summary.events}[/bold] events "
            f"({', '.join(f'{n} {m}' for m, n in summary.modalities.items())}); "
            f"{summary.attributed} attributed to a source; {traded.added} published trade "
            "figures"
        )
        console.print(summary.dyad_table)
        rows = list(select_events(con, EventFilter(limit=show)))
        print_table(rows, console, title=f"first {len(rows)} events")
        report = thesis(con)
        drawn = charts(report)
        page = write_html(report, folder / "report.html", drawn)
        images = write_png(report, png, drawn) if png is not None else []
        console.print("[bold]The thesis, 2020-2022 against 2023-2024[/bold]")
        print_verdicts(console, report.verdicts, evidence=1, beside=report.trade)
        print_shifts(console, report.shifts, "shifts of the thesis dyads (by month)")
        if out is not None:
            events = list(select_events(con, EventFilter()))
            with out.open("w", encoding="utf-8") as handle:
                write_jsonl(events, handle)
            console.print(f"wrote {len(events)} events to {out}")
    finally:
        con.close()
    console.print(f"report: {page}  (open it in a browser; it needs no network)")
    if png is not None:
        console.print(f"{len(images)} PNG chart(s) in {png}")
    console.print(f"store: {path}  (try: realpolitik dyad RUS ARM --db {path})")
