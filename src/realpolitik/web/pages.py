"""The dashboard's pages: a page shell per view, whose script fills it from the public API,
and the static files it needs (plotly.js from the installed plotly package: nothing comes
from a network)."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape

HERE = Path(str(resources.files("realpolitik.web")))
STATIC = {
    "app.js": "text/javascript; charset=utf-8",
    "app.css": "text/css; charset=utf-8",
}
CODE = r"^[A-Za-z-]{0,40}$"
SECURITY = {
    # scripts only from this server: a stored <script> or onerror= cannot run
    "Content-Security-Policy": "default-src 'self'; script-src 'self' 'unsafe-eval'; "
    "style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'",
    "X-Content-Type-Options": "nosniff",
}

router = APIRouter(include_in_schema=False)


@lru_cache(maxsize=1)
def _environment() -> Environment:

    return Environment(
        loader=FileSystemLoader(str(HERE)), autoescape=select_autoescape(default=True)
    )


def _page(page: str, title: str, **values: str) -> HTMLResponse:
    html = _environment().get_template("page.html.j2").render(page=page, title=title, **values)
    return HTMLResponse(html, headers=SECURITY)


@router.get("/")
def overview(refresh: Annotated[int, Query(ge=2, le=3600)] = 30) -> HTMLResponse:
    """The overview, whose size and latest events are read again every ``refresh`` seconds."""
    return _page("overview", "Overview", refresh=str(refresh))


@router.get("/dyad")
def dyad(
    a: Annotated[str, Query(pattern=CODE)] = "RUS",
    b: Annotated[str, Query(pattern=CODE)] = "ARM",
    freq: Annotated[str, Query(pattern=r"^(week|month|quarter|year)$")] = "month",
) -> HTMLResponse:
    return _page("dyad", "Dyad explorer", a=a.upper(), b=b.upper(), freq=freq)


@router.get("/events")
def search() -> HTMLResponse:
    return _page("search", "Event search")


@router.get("/network")
def network() -> HTMLResponse:
    return _page("network", "Network")


@router.get("/trade")
def trade(
    a: Annotated[str, Query(pattern=CODE)] = "ARM",
    b: Annotated[str, Query(pattern=CODE)] = "RUS",
) -> HTMLResponse:
    return _page("trade", "Trade beside relations", a=a.upper(), b=b.upper())


@router.get("/code")
def code() -> HTMLResponse:
    return _page("code", "Code a text")


@router.get("/event/{event_id}")
def event(event_id: str) -> HTMLResponse:
    return _page("event", "Event", event_id=event_id)


@lru_cache(maxsize=1)
def _plotly() -> bytes:
    from plotly.offline import get_plotlyjs

    script: str = get_plotlyjs()
    return script.encode("utf-8")


@router.get("/static/plotly.js")
def plotly_js() -> Response:
    return Response(_plotly(), media_type="text/javascript; charset=utf-8",
                    headers={"Cache-Control": "max-age=86400"})  # fmt: skip


@router.get("/static/{name}")
def static(name: str) -> Response:
    if name not in STATIC:
        from fastapi import HTTPException

        raise HTTPException(404, f"No static file '{name}'.")
    return Response((HERE / "static" / name).read_bytes(), media_type=STATIC[name])
