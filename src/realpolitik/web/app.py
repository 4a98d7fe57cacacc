"""The web application: the REST API and the dashboard over one store, with the
safety rules of a server others may reach.

- It binds to 127.0.0.1 unless told otherwise; bound to another address, or given a token,
  every write route needs ``Authorization: Bearer <token>``.
- Request bodies are limited in size (413 beyond it).
- Every error has one JSON shape and no stack trace reaches a client.

Example:
    >>> app = create_app(Path("events.duckdb"))
    >>> uvicorn.run(app, host="127.0.0.1", port=8000)
"""

from __future__ import annotations

import hmac
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Header, HTTPException, Request
from pydantic import BaseModel, Field, ValidationError
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from realpolitik.analysis import parse_day
from realpolitik.version import __version__
from realpolitik.web import errors, pages
from realpolitik.web.api import Store, router
from realpolitik.web.client import announce, withdraw
from realpolitik.web.store import ServedStore

MAX_BODY = 2_000_000
"""Bytes a request body may hold by default."""


def require_token(request: Request, authorization: Annotated[str | None, Header()] = None) -> None:
    """A write route's guard: the server's token, when it has one, must come as a bearer."""
    token: str | None = request.app.state.token
    if token is None:
        return
    scheme, _, given = (authorization or "").strip().partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(
        given.strip().encode(), token.encode()
    ):
        raise HTTPException(401, "This route needs the server's token: Authorization: Bearer …")


class CodeRequest(BaseModel):
    """Text to code, with the date it was published."""

    text: str = Field(min_length=1)
    date: str | None = Field(default=None, max_length=10, description="YYYY-MM-DD")
    title: str | None = Field(default=None, max_length=500)
    url: str | None = Field(default=None, max_length=2000)
    store: bool = Field(default=False, description="also keep the document and its events")


class IngestRequest(BaseModel):
    """Documents to store (and code), as ``realpolitik ingest`` sends them."""

    documents: list[dict[str, Any]] = Field(min_length=1, max_length=1000)
    code: bool = True


class TooLarge(HTTPException):
    """A request body beyond the server's limit, found while it is read."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"Request bodies are limited to {limit} bytes.")


class BodyLimit:
    """Refuses a request body beyond ``limit`` bytes (413): at once when its declared length
    is larger, and, for a body sent in chunks, as soon as the chunks read pass the limit, so
    that no oversized body is ever held in memory."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > self.limit:
            await errors.error(413, "TooLarge", str(TooLarge(self.limit).detail))(
                scope, receive, send
            )
            return
        seen = 0

        async def measured() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise TooLarge(self.limit)
            return message

        await self.app(scope, measured, send)


def create_app(
    path: Path,
    *,
    token: str | None = None,
    max_body: int = MAX_BODY,
    create: bool = False,
    url: str | None = None,
) -> FastAPI:
    """The application over the store at ``path``; with ``url`` (where it is served), it
    leaves a note beside the store so that ``realpolitik ingest`` sends documents to it."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if url is not None:
            announce(path, url)
        try:
            yield
        finally:
            if url is not None:
                withdraw(path)
            app.state.store.close()

    app = FastAPI(
        title="realpolitik",
        version=__version__,
        description="Coded political events, their evidence and the relations between states.",
        lifespan=lifespan,
    )
    app.state.store = ServedStore(path, create=create)
    app.state.token = token
    app.state.coder = None
    errors.install(app)

    app.add_middleware(BodyLimit, limit=max_body)

    app.include_router(router)
    app.include_router(pages.router)

    @app.post("/api/code", dependencies=[Depends(require_token)])
    def code(request: Request, store: Store, body: CodeRequest) -> dict[str, Any]:
        """Code posted text into events (with ``store``, keep them). The answer carries the
        text the events' character offsets refer to (the stored document's, when kept)."""
        from realpolitik.coding.coder import Coder
        from realpolitik.ingest.records import SourcedDocument
        from realpolitik.records import Document
        from realpolitik.store import EventFilter, ingest, select_events
        from realpolitik.store.records import StoredEvent
        from realpolitik.store.similarity import document_id

        if request.app.state.coder is None:
            request.app.state.coder = Coder()
        coder = request.app.state.coder
        document = Document(
            id=f"posted-{uuid.uuid4().hex[:12]}", text=body.text,
            date=parse_day(body.date, "date") if body.date else None,
            title=body.title, url=body.url, source="posted",
        )  # fmt: skip
        if not body.store:
            coded = next(iter(coder.code_documents([document])))
            events = [StoredEvent.coded(e).model_dump(mode="json") for e in coded.events]
            return {"stored": False, "doc_id": None, "text": document.text, "events": events}
        with store.writing() as con:
            summary = ingest(con, [SourcedDocument(document=document, origin="api")], coder=coder)
            # the store knows a text by its content: a text posted again is the stored one
            row = con.execute(
                "SELECT doc_id, text FROM documents WHERE doc_id = ?", [document_id(body.text)]
            ).fetchone()
            doc_id, text = row if row else (None, document.text)
            found = list(select_events(con, EventFilter(doc_id=doc_id))) if doc_id else []
        return {"stored": True, "doc_id": doc_id, "new": summary.new, "text": text,
                "events": [e.model_dump(mode="json") for e in found]}  # fmt: skip

    @app.post("/api/ingest", dependencies=[Depends(require_token)])
    def ingest_route(request: Request, store: Store, body: IngestRequest) -> dict[str, Any]:
        """Store posted documents (and code them), as ``realpolitik ingest`` does when this
        server owns the store."""
        from realpolitik.coding.coder import Coder
        from realpolitik.ingest.records import SourcedDocument
        from realpolitik.records import Document
        from realpolitik.store import ingest

        items = []
        for n, raw in enumerate(body.documents):
            fields = {k: v for k, v in raw.items() if k != "origin"}
            try:
                document = Document.model_validate(fields)
            except ValidationError as err:
                first = err.errors()[0]
                where = ".".join(str(p) for p in first.get("loc", ()))
                raise HTTPException(422, f"documents.{n}.{where}: {first['msg']}") from None
            origin = str(raw.get("origin") or "api")
            items.append(SourcedDocument(document=document, origin=origin))
        coder = None
        if body.code:
            if request.app.state.coder is None:
                request.app.state.coder = Coder()
            coder = request.app.state.coder
        with store.writing() as con:
            summary = ingest(con, items, coder=coder)
        return {
            "read": summary.read, "new": summary.new, "already_stored": summary.already_stored,
            "near_duplicates": summary.near_duplicates, "coded": summary.coded,
            "sentences": summary.sentences, "events": summary.events,
        }  # fmt: skip

    return app
