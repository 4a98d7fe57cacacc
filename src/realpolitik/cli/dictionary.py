"""``realpolitik dictionary``: check dictionaries and import PETRARCH/TABARI ones."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(
    help="Check dictionaries or import PETRARCH/TABARI dictionaries.", no_args_is_help=True
)


# the kinds of file in the order the summary names them
_SUMMARY = (
    ("actors", "actors"),
    ("agents", "agent rows"),
    ("verbs", "verb patterns"),
    ("discards", "discards"),
    ("cues", "cues"),
    ("complements", "complements"),
    ("code_roles", "code roles"),
    ("prepositions", "prepositions"),
    ("cameo", "CAMEO codes"),
    ("cameo_to_plover", "CAMEO-PLOVER rows"),
    ("plover_types", "PLOVER types"),
    ("plover_modes", "PLOVER modes"),
    ("plover_contexts", "PLOVER contexts"),
    ("countries", "crosswalk countries"),
    ("icews_sectors", "ICEWS sectors"),
    ("acled_actors", "ACLED actor types"),
    ("acled_events", "ACLED event types"),
    ("plover_events", "POLECAT event types"),
    ("places", "places"),
)


@app.command("check")
def check_command(
    paths: Annotated[
        list[Path] | None, typer.Argument(help="Extra dictionary files or directories.")
    ] = None,
) -> None:
    """Validate every packaged data file and any extra ones; list every bad row.

    Each problem is printed as ``path:line: what is wrong``; the exit code is 1 if there is
    any, else one line counts the valid rows of each kind of file.

    Example: realpolitik dictionary check my_actors.jsonl
    """
    from realpolitik.dictionaries.lexicon import check_data

    result = check_data(paths or ())
    for problem in result.problems:
        typer.echo(problem)
    if not result.ok:
        typer.secho(
            f"{len(result.problems)} problem(s) in the data files", fg=typer.colors.RED, err=True
        )
        raise typer.Exit(1)
    counts = ", ".join(f"{result.counts.get(kind, 0)} {label}" for kind, label in _SUMMARY)
    typer.echo(f"OK: {counts}: all rows valid")


@app.command("import-petrarch")
def import_petrarch_command(
    source: Annotated[
        Path, typer.Argument(help="Directory with PETRARCH/TABARI .txt dictionaries.")
    ],
    dest: Annotated[
        Path, typer.Argument(help="Directory to write realpolitik JSON Lines files to.")
    ],
) -> None:
    """Convert PETRARCH/TABARI actor, agent, verb and discard dictionaries to JSON Lines.

    Every line skipped or simplified is named with its reason (the first 20 in full, then a
    count).

    Example: realpolitik dictionary import-petrarch petr_dicts/ my_dicts/
    """
    from realpolitik.dictionaries.petrarch import KINDS, convert

    conversion = convert(source, dest)
    report = conversion.report()
    if report:
        typer.secho(report, fg=typer.colors.YELLOW, err=True)
    written = ", ".join(f"{conversion.counts[kind]} {kind}" for kind in KINDS)
    typer.echo(f"{written} written to {dest}")
