"""Records of the ingest stage: a document with where it was read from."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from realpolitik.records import Document


class SourcedDocument(BaseModel):
    """A document read from a file, line, feed entry or address.

    Example:
        >>> SourcedDocument(document=Document(id="a", text="..."), origin="news/a.txt")
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    document: Document
    origin: str
    line: int | None = None
    language: str | None = None
