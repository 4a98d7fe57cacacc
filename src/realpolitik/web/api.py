"""The REST API over a served store: events with every filter of ``realpolitik events`` and
cursor pagination, one event with its evidence, CSV and JSON Lines downloads of any event
query, documents, dyad series, shifts, networks, leverage, comparisons, trade series and
mirror flows, and coding posted text.

Every route reads through :class:`ServedStore`; parameters are validated by FastAPI and
passed to the library as values, never built into SQL.
"""

from __future__ import annotations

import base64
import binascii
import csv
import datetime as dt
import io
import json
from collections.abc import Iterator
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import Response, StreamingResponse
from pydantic import BaseModel, Field, TypeAdapter

from realpolitik.analysis import (
    Scope,
    actor_network,
    busiest,
    compare_periods,
    dyad_series,
    leverage,
    parse_day,
    parse_dyads,
    parse_periods,
    rank_shifts,
)
from realpolitik.analysis.scope import scope_from_options
from realpolitik.analysis.shifts import check_statistic
from realpolitik.render import plain, records
from realpolitik.store import EventFilter, select_events
from realpolitik.store.query import event_detail, highlights
from realpolitik.store.records import StoredEvent
from realpolitik.web.store import ServedStore

router = APIRouter(prefix="/api")
MAX_PAGE = 1000
CSV_COLUMNS = tuple(StoredEvent.model_fields)
_ANSWER = TypeAdapter(dict[str, Any])


def json_bytes(answer: dict[str, Any]) -> bytes:
    """An answer encoded as FastAPI encodes the dict a route returns, byte for byte, for
    routes that keep or build their answers' bytes themselves."""
    return _ANSWER.dump_json(_ANSWER.validate_python(answer))


def served(request: Request) -> ServedStore:
    store: ServedStore = request.app.state.store
    return store


Store = Annotated[ServedStore, Depends(served)]


# --- events ---------------------------------------------------------------------------------


class EventQuery(BaseModel):
    """The filters of an event query (the options of ``realpolitik events``)."""

    actor: str | None = Field(default=None, max_length=40, pattern=r"^[A-Za-z-]+$")
    dyad: str | None = Field(default=None, max_length=81, pattern=r"^[A-Za-z-]+,[A-Za-z-]+$")
    code: str | None = Field(default=None, max_length=20, pattern=r"^[0-9A-Za-z_]+$")
    quad: str | None = Field(default=None, max_length=7, pattern=r"^[1-4](,[1-4])*$")
    since: str | None = Field(default=None, max_length=10)
    until: str | None = Field(default=None, max_length=10)
    modality: Literal["asserted", "negated", "hypothetical"] | None = None
    dataset: str | None = Field(default=None, max_length=40)
    text: str | None = Field(default=None, max_length=200)
    doc_id: str | None = Field(default=None, max_length=100)
    clusters: bool = False
    order: Literal["asc", "desc"] = "asc"

    def selection(self, limit: int | None = None, after: Any = None) -> EventFilter:
        pair = self.dyad.upper().split(",") if self.dyad else None
        dyad = (pair[0], pair[1]) if pair else None
        return EventFilter(
            actor=self.actor.upper() if self.actor else None,
            dyad=dyad,
            code=self.code.upper() if self.code and not self.code.isdigit() else self.code,
            quad=tuple(int(q) for q in self.quad.split(",")) if self.quad else (),
            since=parse_day(self.since, "since"),
            until=parse_day(self.until, "until", end=True),
            modality=self.modality,
            dataset=self.dataset,
            text=self.text,
            doc_id=self.doc_id,
            clusters=self.clusters,
            descending=self.order == "desc",
            limit=limit,
            after=after,
        )


Filters = Annotated[EventQuery, Query()]


def encode_cursor(day: dt.date | None, event_id: str) -> str:
    raw = json.dumps([day.isoformat() if day else None, event_id]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[dt.date | None, str]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        day, event_id = json.loads(base64.urlsafe_b64decode(padded.encode()))
        return (dt.date.fromisoformat(day) if day else None, str(event_id))
    except (ValueError, TypeError, binascii.Error, json.JSONDecodeError):
        raise HTTPException(
            422, f"cursor: not a cursor this server gave ({cursor[:40]!r})"
        ) from None


@router.get("/events")
def list_events(
    store: Store,
    filters: Filters,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 100,
    cursor: Annotated[str | None, Query(max_length=400)] = None,
    marks: bool = False,
) -> dict[str, Any]:
    """One page of the events a query picks, in date order (``order=desc``: latest first),
    and the cursor of the next; with ``marks``, each event's spans to highlight in its
    sentence (source, target, trigger)."""
    after = decode_cursor(cursor) if cursor else None
    with store.reading() as con:
        rows = list(select_events(con, filters.selection(limit + 1, after)))
        page = rows[:limit]
        texts: dict[str, str] = {}
        if marks:
            ids = sorted({r.doc_id for r in page if r.doc_id})
            texts = dict(
                con.execute(
                    "SELECT doc_id, text FROM documents WHERE doc_id IN "
                    "(SELECT unnest(?::VARCHAR[]))",
                    [ids],
                ).fetchall()
            )
    following = encode_cursor(page[-1].date, page[-1].event_id) if len(rows) > limit else None
    events = []
    for r in page:
        item = r.model_dump(mode="json")
        if marks:
            text = texts.get(r.doc_id or "")
            item["highlights"] = [h.model_dump() for h in highlights(r, text)] if text else []
        events.append(item)
    return {"events": events, "next": following}


def _stream(store: ServedStore, selection: EventFilter, kind: str) -> Iterator[str]:
    with store.reading() as con:
        if kind == "csv":
            buffer = io.StringIO()
            writer = csv.writer(buffer, lineterminator="\n")
            writer.writerow(CSV_COLUMNS)
            for n, row in enumerate(select_events(con, selection), start=1):
                values = row.model_dump(mode="json")
                writer.writerow(
                    [json.dumps(values[c]) if isinstance(values.get(c), list | dict)
                     else values.get(c) for c in CSV_COLUMNS]
                )  # fmt: skip
                if n % 500 == 0:
                    yield buffer.getvalue()
                    buffer.seek(0)
                    buffer.truncate()
            yield buffer.getvalue()
        else:
            for row in select_events(con, selection):
                yield row.model_dump_json() + "\n"


@router.get("/events.csv")
def download_csv(
    store: Store, filters: Filters, limit: Annotated[int | None, Query(ge=1)] = None
) -> StreamingResponse:
    """Every event a query picks as CSV (the store's columns)."""
    selection = filters.selection(limit)
    return StreamingResponse(
        _stream(store, selection, "csv"),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="events.csv"'},
    )


@router.get("/events.jsonl")
def download_jsonl(
    store: Store, filters: Filters, limit: Annotated[int | None, Query(ge=1)] = None
) -> StreamingResponse:
    """Every event a query picks as JSON Lines."""
    selection = filters.selection(limit)
    return StreamingResponse(
        _stream(store, selection, "jsonl"),
        media_type="application/x-ndjson",
        headers={"Content-Disposition": 'attachment; filename="events.jsonl"'},
    )


@router.get("/events/{event_id}")
def one_event(store: Store, event_id: str) -> dict[str, Any]:
    """One event with its evidence: document, highlights, cluster and its mentions."""
    with store.reading() as con:
        # the store's name, not its path: a client learns nothing of the server's files
        detail = event_detail(con, event_id, store.path.name)
    found: dict[str, Any] = detail.model_dump(mode="json")
    return found


@router.get("/documents/{doc_id}")
def one_document(store: Store, doc_id: str) -> dict[str, Any]:
    """A stored document with its events."""
    with store.reading() as con:
        cursor = con.execute("SELECT * FROM documents WHERE doc_id = ?", [doc_id])
        names = [d[0] for d in cursor.description]
        row = cursor.fetchone()
        if row is None:
            raise HTTPException(404, f"No document with id '{doc_id}' in the store.")
        events = list(select_events(con, EventFilter(doc_id=doc_id)))
    return {
        "document": plain(dict(zip(names, row, strict=True))),
        "events": [e.model_dump(mode="json") for e in events],
    }


# --- analysis -------------------------------------------------------------------------------


class ScopeQuery(BaseModel):
    """The scope of an analysis: datasets, dates, what counts."""

    dataset: str | None = Field(default=None, max_length=200, pattern=r"^[A-Za-z0-9_,.-]+$")
    since: str | None = Field(default=None, max_length=10)
    until: str | None = Field(default=None, max_length=10)
    include: str | None = Field(default=None, max_length=60)
    mentions: bool = False
    weighted: bool = False
    level: Literal["country", "actor"] = "country"

    def scope(self) -> Scope:
        return scope_from_options(
            self.dataset, self.since, self.until, self.include, self.mentions, self.weighted,
            self.level,
        )  # fmt: skip


Scoped = Annotated[ScopeQuery, Query()]
Actor = Annotated[str, Query(max_length=40, pattern=r"^[A-Za-z-]+$")]
Freq = Literal["day", "week", "month", "quarter", "year"]


@router.get("/dyads/{a}/{b}/series")
def series(
    store: Store, a: str, b: str, scoped: Scoped, freq: Freq = "month", undirected: bool = False
) -> Response:
    """A dyad's series per period (the columns of ``realpolitik dyad``), kept until the
    store's next write."""

    def answer() -> bytes:
        with store.reading() as con:
            frame = dyad_series(con, a, b, scoped.scope(), freq=freq, directed=not undirected)
        return json_bytes({"source": a.upper(), "target": b.upper(), "freq": freq,
                           "series": records(frame)})  # fmt: skip

    key = ("series", a, b, freq, undirected, tuple(scoped.model_dump().items()))
    return Response(store.remember(key, answer), media_type="application/json")


@router.get("/dyads/{a}/{b}/shifts")
def dyad_shifts_route(
    store: Store, a: str, b: str, scoped: Scoped, freq: Freq = "month"
) -> dict[str, Any]:
    """A dyad's shifts (both ways) in tone and in intensity, each with its drivers."""
    from realpolitik.analysis import dyad_shifts

    with store.reading() as con:
        found = [
            s
            for statistic in ("mean", "total")
            for s in dyad_shifts(
                con,
                a,
                b,
                scoped.scope(),
                freq=freq,
                directed=False,
                statistic=check_statistic(statistic),
            )
        ]
    return {"shifts": [s.model_dump(mode="json") for s in found]}


@router.get("/shifts")
def shifts(
    store: Store,
    scoped: Scoped,
    actor: Actor | None = None,
    top: Annotated[int, Query(ge=1, le=200)] = 20,
    freq: Freq = "month",
    statistic: Literal["mean", "total"] = "mean",
    min_confidence: Annotated[float, Query(ge=0, le=1)] = 0.95,
) -> dict[str, Any]:
    """The largest shifts across dyads, each with its driving events."""
    with store.reading() as con:
        found = rank_shifts(
            con, scoped.scope(), actor=actor, top=top, freq=freq,
            statistic=check_statistic(statistic), min_confidence=min_confidence,
        )  # fmt: skip
    return {"shifts": [s.model_dump(mode="json") for s in found]}


@router.get("/network")
def network(
    store: Store,
    scoped: Scoped,
    actor: Actor | None = None,
    min_events: Annotated[int, Query(ge=1)] = 1,
    top: Annotated[int | None, Query(ge=1, le=1000)] = None,
    layout: bool = False,
) -> dict[str, Any]:
    """Actors with their centralities and communities, and the edges between them; with
    ``top``, only the busiest actors and the edges among them; with ``layout``, each
    actor's position (x, y) in a seeded spring layout."""
    from realpolitik.report.build import spring_layout

    with store.reading() as con:
        found = actor_network(con, scoped.scope(), actor=actor, min_events=min_events)
    if top is not None:
        found = busiest(found, top)
    nodes = records(found.nodes)
    if layout:
        positions = spring_layout(found)
        for node in nodes:
            node["x"], node["y"] = positions.get(node["actor"], (0.0, 0.0))
    return {"nodes": nodes, "edges": records(found.edges)}


@router.get("/leverage/{actor}")
def leverage_route(
    store: Store,
    actor: str,
    scoped: Scoped,
    over: Annotated[str, Query(max_length=200, pattern=r"^[A-Za-z,-]+$")],
    periods: Annotated[str, Query(max_length=200)],
) -> dict[str, Any]:
    """An actor's leverage over each partner per period."""
    with store.reading() as con:
        frame = leverage(
            con, actor, [p for p in over.split(",") if p], parse_periods(periods, "periods"),
            scoped.scope(),
        )  # fmt: skip
    return {"actor": actor.upper(), "leverage": records(frame)}


@router.get("/compare")
def compare(
    store: Store,
    scoped: Scoped,
    dyads: Annotated[str, Query(max_length=400)],
    before: Annotated[str, Query(max_length=30)],
    after: Annotated[str, Query(max_length=30)],
    resamples: Annotated[int, Query(ge=100, le=10000)] = 1000,
) -> dict[str, Any]:
    """Per dyad, whether relations improved or worsened between two periods, with trade
    beside it where the store holds trade flows."""
    from dataclasses import asdict

    from realpolitik.trade.beside import has_trade, trade_beside

    (first,) = parse_periods(before, "before")[:1]
    (second,) = parse_periods(after, "after")[:1]
    with store.reading() as con:
        verdicts = compare_periods(
            con, parse_dyads(dyads), first, second, scoped.scope(), resamples=resamples
        )
        beside = trade_beside(con, verdicts) if has_trade(con) else []
    return {
        "verdicts": [v.model_dump(mode="json") for v in verdicts],
        "trade": plain([asdict(t) for t in beside]),
    }


class TradeQuery(BaseModel):
    """A product group and period length of a trade query."""

    hs: str | None = Field(default=None, max_length=8)
    freq: Literal["year", "month"] = "year"


Traded = Annotated[TradeQuery, Query()]


@router.get("/trade/{a}/{b}/{view}")
def trade_route(
    store: Store, a: str, b: str, view: Literal["series", "mirror"], traded: Traded
) -> dict[str, Any]:
    """A dyad's trade per period: ``series`` gives both sides' reports, turnover and
    dependence; ``mirror`` each direction as exporter and importer report it."""
    from realpolitik.trade.series import mirror_flows, trade_series

    measure = trade_series if view == "series" else mirror_flows
    with store.reading() as con:
        frame = measure(con, a, b, hs=traded.hs, freq=traded.freq)
    key = "series" if view == "series" else "flows"
    return {"a": a.upper(), "b": b.upper(), "hs": traded.hs or "TOTAL", key: records(frame)}


PRODUCTS = r"^([a-z]+(:[0-9A-Za-z.]+)?|[0-9.]+(,[0-9.]+)*)$"


@router.get("/trade/{country}/reexport")
def reexport_route(
    store: Store,
    country: str,
    sources: Annotated[str, Query(alias="from", max_length=200, pattern=r"^[A-Za-z,]+$")],
    to: Annotated[str, Query(max_length=40, pattern=r"^[A-Za-z]+$")],
    since: Annotated[str, Query(max_length=10)],
    until: Annotated[str | None, Query(max_length=10)] = None,
    products: Annotated[str, Query(max_length=400, pattern=PRODUCTS)] = "chp",
    threshold: Annotated[float, Query(gt=1, le=100)] = 2.0,
    dataset: Annotated[str | None, Query(max_length=200, pattern=r"^[A-Za-z0-9_,.-]+$")] = None,
) -> dict[str, Any]:
    """Re-export signals (the answer of ``realpolitik trade reexport``): per product, the
    jump of the country's imports from the sources and of its exports to the target
    against their earlier trend, and the share of the exports its own earlier exports do
    not explain. ``products`` is a packaged list (``chp``, ``chp:1``, ``electronics``) or
    HS codes; never a file on the server."""
    from realpolitik.trade.products import products as product_list
    from realpolitik.trade.reexport import reexport_signals

    start = parse_day(since, "since")
    assert start is not None
    with store.reading() as con:
        signals = reexport_signals(
            con, country, sources=[s for s in sources.split(",") if s], target=to,
            since=start, until=parse_day(until, "until", end=True),
            products=product_list(products, files=False),
            datasets=[d for d in dataset.split(",") if d] if dataset else None,
            threshold=threshold,
        )  # fmt: skip
    return {"country": country.upper(), "signals": plain([s.as_dict() for s in signals])}


@router.get("/summary")
def summary(store: Store) -> dict[str, Any]:
    """How big the store is: documents, events, clusters, datasets, dates."""
    with store.reading() as con:
        documents = con.execute("SELECT count(*) FROM documents").fetchone()
        events = con.execute(
            "SELECT count(*), count(DISTINCT cluster_id), min(date), max(date) FROM events"
        ).fetchone()
        datasets = con.execute(
            "SELECT dataset, count(*) FROM events GROUP BY ALL ORDER BY 2 DESC"
        ).fetchall()
    assert documents is not None and events is not None
    found: dict[str, Any] = plain({
        "documents": documents[0], "events": events[0], "clusters": events[1],
        "first": events[2], "last": events[3], "datasets": dict(datasets),
    })  # fmt: skip
    return found
