"""One JSON shape for every error a client gets, and never a stack trace:

{"error": {"status": 422, "type": "AnalysisError", "message": "Invalid date '2023-13' ..."}}
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from realpolitik.errors import RealpolitikError, StoreError

LOG = logging.getLogger("realpolitik.web")
NOT_FOUND_WORDS = ("no event", "not found", "no such", "unknown event", "no document")


def error(status: int, kind: str, message: str) -> JSONResponse:
    """The JSON response of an error."""
    return JSONResponse(
        status_code=status, content={"error": {"status": status, "type": kind, "message": message}}
    )


def install(app: FastAPI) -> None:
    """Turn every error into the one shape: a bad parameter is a 422, whether FastAPI or the
    library finds it (a realpolitik error names something missing: 404), anything else 500."""

    @app.exception_handler(RealpolitikError)
    async def known(request: Request, exc: RealpolitikError) -> JSONResponse:
        message = str(exc)
        missing = isinstance(exc, StoreError) and any(w in message.lower() for w in NOT_FOUND_WORDS)
        return error(404 if missing else 422, type(exc).__name__, message)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        parts = []
        for item in exc.errors():
            if item.get("type") == "json_invalid":
                at = "".join(
                    f" at character {p}" for p in item.get("loc", ()) if isinstance(p, int)
                )
                reason = (item.get("ctx") or {}).get("error", "cannot be parsed")
                parts.append(f"body: not valid JSON ({reason}{at})")
                continue
            where = ".".join(str(p) for p in item.get("loc", ()) if p not in ("query", "body"))
            parts.append(f"{where or 'request'}: {item.get('msg', 'invalid')}")
        return error(422, "ValidationError", "; ".join(parts))

    @app.exception_handler(StarletteHTTPException)
    async def http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        kinds = {401: "Unauthorized", 404: "NotFound", 405: "MethodNotAllowed", 413: "TooLarge",
                 422: "ValidationError"}  # fmt: skip
        return error(exc.status_code, kinds.get(exc.status_code, "HTTPError"), str(exc.detail))

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        LOG.exception("unexpected error on %s %s", request.method, request.url.path)
        return error(500, "InternalError", "The server failed on this request; see its log.")
