"""``realpolitik dictionary``: check dictionaries and import PETRARCH/TABARI ones."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(
    help="Check dictionaries or import PETRARCH/TABARI dictionaries.", no_args_is_help=True
)


@app.command("check")
def check_command(
    paths: Annotated[
        list[Path] | None, typer.Argument(help="Extra dictionary files or directories.")
    ] = None,
) -> None:
    """Validate the packaged dictionaries and any extra ones; list every bad row.

    Example: realpolitik dictionary check my_actors.jsonl
    """
    from realpolitik.dictionaries.lexicon import load_lexicon

    lexicon = load_lexicon(paths or ())
    typer.echo(
        f"dictionary {lexicon.version}: {len(lexicon.actors)} actors, "
        f"{len(lexicon.agents)} agent rows, "
        f"{len(lexicon.verbs)} verb patterns, {len(lexicon.discards)} discards, "
        f"{len(lexicon.cameo)} CAMEO codes: all rows valid"
    )


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

    Example: realpolitik dictionary import-petrarch petr_dicts/ my_dicts/
    """
    from realpolitik.dictionaries.petrarch import convert_directory

    counts = convert_directory(source, dest)
    typer.echo(", ".join(f"{n} {kind}" for kind, n in counts.items()) + f" written to {dest}")
