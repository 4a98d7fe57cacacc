"""Records the store hands to its callers: run summaries, query filters, stored events and
clusters, event details."""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field

from realpolitik.records import Event
from realpolitik.store.rows import event_row


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
    after: tuple[dt.date | None, str] | None = Field(
        default=None,
        description="only events after this (date, event id) in the listing's order: the "
        "cursor of the next page",
    )
    clusters: bool = Field(
        default=False, description="one row per cluster (its first mention) with its counts"
    )
    descending: bool = Field(default=False, description="latest first")


class StoredEvent(StoreRecord):
    """One event row of the store: the ``events`` columns (``EVENT_COLUMNS``), typed.

    Events just coded and not stored become the same row with ``StoredEvent.coded``; its
    store columns (``dataset``, ``run_id``, ``cluster_id``, …) are then ``None``.

    Example:
        >>> row = next(select_events(con, EventFilter(dyad=("RUS", "UKR"))))
        >>> row.source, row.code, row.target, row.date_source
        ('RUS', '190', 'UKR', 'text')
    """

    kind: ClassVar[str] = "events"

    event_id: str
    doc_id: str | None = None
    date: dt.date | None = None
    date_precision: str | None = None
    date_source: str | None = None
    source: str | None = None
    source_name: str | None = None
    source_country: str | None = None
    target: str | None = None
    target_name: str | None = None
    target_country: str | None = None
    code: str | None = None
    root: str | None = None
    event_name: str | None = None
    quad_class: int | None = None
    goldstein: float | None = None
    plover_type: str | None = None
    plover_mode: str | None = None
    modality: str | None = None
    attribution_speaker: str | None = None
    attribution_code: str | None = None
    attribution_cue: str | None = None
    location_name: str | None = None
    location_country: str | None = None
    location_latitude: float | None = None
    location_longitude: float | None = None
    location_precision: str | None = None
    quantity_value: float | None = None
    quantity_counted: str | None = None
    quantity_approximate: bool | None = None
    sentence: str | None = None
    sentence_index: int | None = None
    char_start: int | None = None
    char_end: int | None = None
    trigger: str | None = None
    source_start: int | None = None
    source_end: int | None = None
    target_start: int | None = None
    target_end: int | None = None
    rules: str | None = None
    dictionary_version: str | None = None
    coder_version: str | None = None
    confidence: float | None = None
    dataset: str | None = None
    original_id: str | None = None
    url: str | None = None
    run_id: int | None = None
    cluster_id: str | None = None
    extra: dict[str, Any] | None = None

    @classmethod
    def coded(cls, event: Event) -> StoredEvent:
        """A coded event as the flat row the store would keep of it."""
        return cls(**event_row(event))

    @classmethod
    def columns(cls) -> tuple[str, ...]:
        """The row's columns in order: the header of its CSV and TSV files."""
        return tuple(cls.model_fields)

    def as_dict(self) -> dict[str, Any]:
        """The row as a dict keyed by its columns (``extra`` stays a dict)."""
        return {name: getattr(self, name) for name in type(self).model_fields}


class StoredCluster(StoredEvent):
    """A cluster of events: its first mention's row with the cluster's counts.

    Example:
        >>> cluster = next(select_events(con, EventFilter(actor="ARM", clusters=True)))
        >>> cluster.mentions, cluster.articles, cluster.sources
        (25, 25, 25)
    """

    kind: ClassVar[str] = "clusters"

    mentions: int
    articles: int
    sources: int


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

    event: StoredEvent
    document: DocumentInfo | None
    highlights: tuple[Highlight, ...]
    cluster: ClusterInfo | None
    mentions: tuple[Mention, ...]
