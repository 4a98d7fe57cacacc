"""``realpolitik serve``: the REST API over a store."""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Annotated

import typer

from realpolitik.cli.store import DbOption
from realpolitik.store import default_path

LOCAL = ("127.0.0.1", "localhost", "::1")


def serve_command(
    db: DbOption = None,
    host: Annotated[str, typer.Option(metavar="ADDRESS", help="Address to bind.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(metavar="PORT", help="Port to listen on.")] = 8000,
    token: Annotated[
        str | None,
        typer.Option(
            metavar="TOKEN",
            envvar="REALPOLITIK_TOKEN",
            help="Token every write route needs (one is made up when binding beyond this "
            "machine without one).",
            show_default=False,
        ),
    ] = None,
    max_body: Annotated[
        int, typer.Option(metavar="BYTES", help="Largest request body accepted.")
    ] = 2_000_000,
) -> None:
    """Serve the store's REST API (OpenAPI at /openapi.json, docs at /docs). The server owns
    the store while it runs.

    Example: realpolitik serve --db events.duckdb --port 8000
    """
    import uvicorn

    from realpolitik.web import create_app

    path = Path(db or default_path())
    if host not in LOCAL and token is None:
        token = secrets.token_urlsafe(24)
        typer.echo(f"bound to {host}: write routes need the token {token}", err=True)
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    app = create_app(
        path, token=token, max_body=max_body, create=True, url=f"http://{shown}:{port}"
    )
    typer.echo(f"serving {path} on http://{host}:{port} (API docs at /docs)", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")
