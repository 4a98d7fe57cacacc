"""The event store: an embedded DuckDB database of documents, coding runs, events and
event clusters, created and migrated automatically.

Example:
    >>> from realpolitik.store import EventFilter, connect, select_events
    >>> con = connect("events.duckdb")
    >>> rows = list(select_events(con, EventFilter(dyad=("RUS", "UKR"), code="19")))
    >>> rows[0].source, rows[0].code, rows[0].target
    ('RUS', '190', 'UKR')
"""

from __future__ import annotations

from realpolitik.store.clusters import cluster_mentions, recluster
from realpolitik.store.db import (
    DEFAULT_PATH,
    ENV_VAR,
    connect,
    default_path,
    migrate,
    opened,
    schema_version,
    tables,
    transaction,
)
from realpolitik.store.pipeline import IngestStats, ingest, recode
from realpolitik.store.query import (
    cluster_dataset,
    count_events,
    event_detail,
    event_rows,
    export_events,
    export_table,
    insert_event_rows,
    select_events,
    short_ids,
    store_info,
)
from realpolitik.store.records import (
    EventDetail,
    EventFilter,
    IngestSummary,
    Problem,
    StoredCluster,
    StoredEvent,
)
from realpolitik.store.rows import EVENT_COLUMNS, FLAT_COLUMNS, event_row

__all__ = [
    "DEFAULT_PATH",
    "ENV_VAR",
    "EVENT_COLUMNS",
    "FLAT_COLUMNS",
    "EventDetail",
    "EventFilter",
    "IngestStats",
    "IngestSummary",
    "Problem",
    "StoredCluster",
    "StoredEvent",
    "cluster_dataset",
    "cluster_mentions",
    "connect",
    "count_events",
    "default_path",
    "event_detail",
    "event_row",
    "event_rows",
    "export_events",
    "export_table",
    "ingest",
    "insert_event_rows",
    "migrate",
    "opened",
    "recluster",
    "recode",
    "schema_version",
    "select_events",
    "short_ids",
    "store_info",
    "tables",
    "transaction",
]
