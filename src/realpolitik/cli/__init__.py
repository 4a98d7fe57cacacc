"""The ``realpolitik`` command line: a thin shell over the library."""

from __future__ import annotations

import sys

import typer

from realpolitik.cli.helptext import HelpGroup
from realpolitik.errors import RealpolitikError

app = typer.Typer(
    name="realpolitik",
    cls=HelpGroup,
    help="Code news text into auditable political events (CAMEO/PLOVER) and analyse them.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _register() -> None:
    from realpolitik.cli import (
        analysis,
        code,
        demo,
        dictionary,
        interchange,
        report,
        serve,
        store,
        trade,
    )

    app.command("code")(code.code_command)
    app.command("demo")(demo.demo_command)
    app.add_typer(dictionary.app, name="dictionary")
    app.command("ingest")(store.ingest_command)
    app.command("recode")(store.recode_command)
    app.command("events")(store.events_command)
    app.command("show")(store.show_command)
    app.command("import")(interchange.import_command)
    app.command("export")(interchange.export_command)
    app.add_typer(store.db_app, name="db")
    app.command("dyad")(analysis.dyad_command)
    app.command("shifts")(analysis.shifts_command)
    app.command("network")(analysis.network_command)
    app.command("leverage")(analysis.leverage_command)
    app.command("compare")(analysis.compare_command)
    app.command("reaction")(analysis.reaction_command)
    app.command("report")(report.report_command)
    app.add_typer(trade.app, name="trade")
    app.command("serve")(serve.serve_command)


def main() -> None:
    """Entry point of the ``realpolitik`` console script."""
    try:
        app()
    except RealpolitikError as err:
        typer.secho(f"error: {err}", fg=typer.colors.RED, err=True)
        sys.exit(1)
    except KeyboardInterrupt:
        typer.secho("interrupted", fg=typer.colors.YELLOW, err=True)
        sys.exit(130)
    except Exception as err:
        # DuckDB stops a running query for Ctrl-C with an error of its own
        from realpolitik.store.db import interrupted

        if not interrupted(err):
            raise
        typer.secho("interrupted", fg=typer.colors.YELLOW, err=True)
        sys.exit(130)


_register()
