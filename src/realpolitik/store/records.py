"""Records the store hands to its callers: run summaries, query filters, event details."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class StoreRecord(BaseModel):
    """Base of the store's records: immutable, no unknown fields."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class Problem(StoreRecord):
    """An input that was skipped, with the file (and line or feed entry) it came from."""

    path: str
    line: int | None = None
    message: str


class IngestSummary(StoreRecord):
    """What one ``ingest`` or ``recode`` run did.

    Example:
        >>> summary.new, summary.already_stored, summary.near_duplicates, summary.events
        (1998, 0, 2, 5120)
    """

    run_id: int
    read: int = Field(description="documents read from the inputs (or selected to recode)")
    new: int = Field(description="documents stored for the first time")
    already_stored: int = Field(description="documents whose text was already stored")
    near_duplicates: int = Field(description="new documents linked to a stored original")
    coded: int
    sentences: int
    events: int
    problems: tuple[Problem, ...] = ()
    seconds: float


class EventFilter(StoreRecord):
    """Which events a query returns; every field narrows the selection.

    Actor and code filters match prefixes, as CAMEO codes nest: ``actor="RUS"`` matches
    ``RUSGOV`` and ``RUSMIL``; ``code="19"`` matches ``190`` to ``196``.

    Example:
        >>> EventFilter(dyad=("RUS", "UKR"), code="19", since=dt.date(2022, 2, 1))
    """

    actor: str | None = Field(default=None, description="source or target code prefix")
    dyad: tuple[str, str] | None = Field(default=None, description="(source, target) prefixes")
    code: str | None = Field(
        default=None, description="CAMEO code prefix or PLOVER type (e.g. 'ASSAULT')"
    )
    quad: tuple[int, ...] = Field(default=(), description="QuadClass values 1-4")
    since: dt.date | None = None
    until: dt.date | None = None
    modality: str | None = None
    dataset: str | None = None
    text: str | None = Field(default=None, description="words in the evidence sentence")
    doc_id: str | None = None
    cluster_id: str | None = None
    limit: int | None = None
    clusters: bool = Field(
        default=False, description="one row per cluster (its first mention) with its counts"
    )


class DocumentInfo(StoreRecord):
    """The stored document an event was coded from."""

    doc_id: str
    title: str | None
    url: str | None
    publisher: str | None
    published: dt.date | None
    origin: str | None
    original_id: str | None


class Highlight(StoreRecord):
    """A span of the evidence sentence to mark: the source, target or trigger."""

    role: str
    start: int
    end: int


class Mention(StoreRecord):
    """One article reporting a clustered event (near-duplicate copies carry ``copy_of``)."""

    event_id: str | None
    doc_id: str | None
    date: dt.date | None
    code: str | None
    title: str | None
    publisher: str | None
    url: str | None
    sentence: str | None
    copy_of: str | None = None


class ClusterInfo(StoreRecord):
    """The counts of the cluster an event belongs to."""

    cluster_id: str
    mentions: int
    articles: int
    sources: int
    date: dt.date | None
    last_date: dt.date | None


class EventDetail(StoreRecord):
    """An event with its evidence, document and the other mentions of its cluster."""

    event: dict[str, Any]
    document: DocumentInfo | None
    highlights: tuple[Highlight, ...]
    cluster: ClusterInfo | None
    mentions: tuple[Mention, ...]
