"""Read the store: filtered events, one event with its evidence, table exports, imports.

Every query binds its values as parameters; table names pass through ``quote`` after being
checked against the store's tables.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from realpolitik.errors import Errors, RealpolitikError, StoreError
from realpolitik.outfiles import replacing
from realpolitik.store.clusters import queued_events, recluster
from realpolitik.store.db import Connection, insert_rows, opened, quote, tables, transaction
from realpolitik.store.pipeline import finish_run, start_run
from realpolitik.store.records import (
    ClusterInfo,
    DocumentInfo,
    EventDetail,
    EventFilter,
    Highlight,
    Mention,
    StoredCluster,
    StoredEvent,
)
from realpolitik.store.rows import EVENT_COLUMNS, check_dataset, imported_row

CLUSTER_COUNTS = ("mentions", "articles", "sources")
_IMPORT_BATCH = 50_000
_EDGE_LIMIT = 10_000
"""Pages of up to this many rows look up their edge (``page_edge``) first."""


def _prefix(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return escaped + "%"


def _successor(value: str) -> str | None:
    """The least string above every string that starts with ``value`` (None: no bound)."""
    stem = value.rstrip(chr(0x10FFFF))
    if not stem:
        return None
    code = ord(stem[-1]) + 1
    return stem[:-1] + chr(0xE000 if 0xD800 <= code <= 0xDFFF else code)


def _add_span(parts: list[str], params: list[Any], column: str, value: str) -> None:
    # The LIKE decides; this range says the same more loosely in a form DuckDB applies while
    # it scans, so rows of other actors or codes never have their other columns read.
    if not value:
        return
    parts.append(f"{column} >= ?")
    params.append(value)
    above = _successor(value)
    if above is not None:
        parts.append(f"{column} < ?")
        params.append(above)


def where(selection: EventFilter, alias: str = "e") -> tuple[str, list[Any]]:
    """The SQL condition and parameters of a filter.

    Example:
        >>> where(EventFilter(actor="RUS"))
        ("(e.source LIKE ? ESCAPE '\\\\' OR e.target LIKE ? ESCAPE '\\\\')", ['RUS%', 'RUS%'])
    """
    a = alias
    like = "LIKE ? ESCAPE '\\'"
    parts: list[str] = []
    params: list[Any] = []
    if selection.actor:
        parts.append(f"({a}.source {like} OR {a}.target {like})")
        params += [_prefix(selection.actor)] * 2
    if selection.dyad:
        for column, value in zip(("source", "target"), selection.dyad, strict=True):
            parts.append(f"{a}.{column} {like}")
            params.append(_prefix(value))
            _add_span(parts, params, f"{a}.{column}", value)
    if selection.code:
        if selection.code.isalpha():
            parts.append(f"upper({a}.plover_type) = upper(?)")
            params.append(selection.code)
        else:
            parts.append(f"{a}.code {like}")
            params.append(_prefix(selection.code))
            _add_span(parts, params, f"{a}.code", selection.code)
    if selection.quad:
        parts.append(f"{a}.quad_class IN (SELECT unnest(?::INTEGER[]))")
        params.append(list(selection.quad))
    if selection.since:
        parts.append(f"{a}.date >= ?")
        params.append(selection.since)
    if selection.until:
        parts.append(f"{a}.date <= ?")
        params.append(selection.until)
    for column in ("modality", "dataset", "doc_id", "cluster_id"):
        value = getattr(selection, column)
        if value:
            parts.append(f"{a}.{column} = ?")
            params.append(value)
    if selection.text:
        parts.append(f"{a}.sentence ILIKE ? ESCAPE '\\'")
        params.append("%" + _prefix(selection.text))
    return (" AND ".join(parts) or "TRUE"), params


def _picked(selection: EventFilter, columns: str) -> tuple[str, list[Any]]:
    """The SELECT of ``columns`` over the rows a filter picks, after its cursor, unordered."""
    condition, params = where(selection)
    if selection.clusters:
        sql = (
            f"SELECT {columns} FROM event_clusters c "
            "JOIN events e ON e.event_id = c.cluster_id "
            f"WHERE c.cluster_id IN (SELECT e.cluster_id FROM events e WHERE {condition})"
        )
    else:
        sql = f"SELECT {columns} FROM events e WHERE {condition}"
    later = "<" if selection.descending else ">"
    if selection.after is not None:
        day, event_id = selection.after
        if day is None:
            sql += f" AND e.date IS NULL AND e.event_id {later} ?"
            params.append(event_id)
        else:
            sql += (
                f" AND (e.date {later} ? OR (e.date = ? AND e.event_id {later} ?) "
                "OR e.date IS NULL)"
            )
            params += [day, day, event_id]
    return sql, params


def events_query(selection: EventFilter, edge: dt.date | None = None) -> tuple[str, list[Any]]:
    """The SELECT of the events (or, with ``clusters``, the clusters) a filter picks.

    ``edge`` (from ``page_edge``) is the date of the page's last row: no row of the page
    lies beyond it, so the query leaves out every row that does.

    Example:
        >>> sql, params = events_query(EventFilter(dyad=("RUS", "ARM"), limit=100))
        >>> sql.endswith("ORDER BY e.date NULLS LAST, e.event_id LIMIT ?"), params[-1]
        (True, 100)
    """
    columns = ", ".join(f"e.{quote(c)}" for c in EVENT_COLUMNS)
    if selection.clusters:
        columns += ", " + ", ".join(f"c.{c}" for c in CLUSTER_COUNTS)
    sql, params = _picked(selection, columns)
    if edge is not None:
        sql += f" AND e.date {'>=' if selection.descending else '<='} ?"
        params.append(edge)
    order = " DESC" if selection.descending else ""
    sql += f" ORDER BY e.date{order} NULLS LAST, e.event_id{order}"
    if selection.limit:
        sql += " LIMIT ?"
        params.append(selection.limit)
    return sql, params


def page_edge(con: Connection, selection: EventFilter) -> dt.date | None:
    """The date of the last row of a page (the ``limit``-th row a filter picks), or None
    when the page ends with undated rows or holds every row the filter picks.

    Found from the date column alone, it lets ``events_query`` skip the rows beyond it,
    so that a page does not read every column of every row the filter picks.

    Example:
        >>> page_edge(con, EventFilter(dyad=("RUS", "ARM"), limit=100))
        datetime.date(2001, 3, 14)
    """
    if not selection.limit:
        return None
    sql, params = _picked(selection, "e.date")
    order = " DESC" if selection.descending else ""
    row = con.execute(
        f"{sql} ORDER BY e.date{order} NULLS LAST LIMIT 1 OFFSET ?",
        [*params, selection.limit - 1],
    ).fetchone()
    return row[0] if row else None


def select_events(con: Connection, selection: EventFilter) -> Iterator[StoredEvent]:
    """The events a filter picks, as typed rows in date order; with ``clusters``, one
    ``StoredCluster`` (its first mention, with its counts) per cluster.

    Example:
        >>> rows = list(select_events(con, EventFilter(dyad=("RUS", "UKR"), code="19")))
        >>> rows[0].code, rows[0].source, rows[0].target
        ('190', 'RUS', 'UKR')
    """
    record = StoredCluster if selection.clusters else StoredEvent
    cursor = con.cursor()
    try:
        names, chunks = _picked_rows(cursor, selection)
        for chunk in chunks:
            for values in chunk:
                row = dict(zip(names, values, strict=True))
                if row.get("extra"):
                    row["extra"] = json.loads(row["extra"])
                yield record.model_validate(row)
    finally:
        cursor.close()


def _picked_rows(
    cursor: Connection, selection: EventFilter
) -> tuple[list[str], Iterator[list[tuple[Any, ...]]]]:
    """The column names and the row chunks of the events a filter picks."""
    if selection.limit and selection.limit <= _EDGE_LIMIT:
        edge = page_edge(cursor, selection)
        if edge is not None:
            sql, params = events_query(selection, edge)
            rows = cursor.execute(sql, params).fetchall()
            # Fewer rows than the edge promised: a write between the two statements
            # removed some, so the page is asked for again as a whole.
            if len(rows) == selection.limit:
                return [d[0] for d in cursor.description], iter([rows])
    sql, params = events_query(selection)
    result = cursor.execute(sql, params)
    names = [d[0] for d in result.description]
    return names, iter(lambda: result.fetchmany(2048), [])


def short_ids(con: Connection, event_ids: Iterable[str], minimum: int = 8) -> dict[str, str]:
    """The shortest prefix (``minimum`` characters or more) of each event id that names it
    alone in the store, which ``show`` and ``event_detail`` accept in place of the id.

    Example:
        >>> short_ids(con, ["5f1c0e2a9b7d3c41", "icews-36178249-20230301"])
        {'5f1c0e2a9b7d3c41': '5f1c0e2a', 'icews-36178249-20230301': 'icews-36178249'}
    """
    pending = list(dict.fromkeys(event_ids))
    found: dict[str, str] = {}
    length = minimum
    while pending:
        for event_id in [i for i in pending if len(i) <= length]:
            found[event_id] = event_id
        prefixes = {i: i[:length] for i in pending if len(i) > length}
        counts: dict[str, int] = {}
        if prefixes:
            counts = dict(
                con.execute(
                    "SELECT left(event_id, ?) AS prefix, count(*) FROM events "
                    "WHERE left(event_id, ?) IN (SELECT unnest(?::VARCHAR[])) GROUP BY prefix",
                    [length, length, sorted(set(prefixes.values()))],
                ).fetchall()
            )
        pending = []
        for event_id, prefix in prefixes.items():
            if counts.get(prefix, 0) <= 1:
                found[event_id] = prefix
            else:
                pending.append(event_id)
        length += 2
    return found


def count_events(con: Connection, selection: EventFilter) -> int:
    """How many rows a filter picks."""
    sql, params = events_query(selection)
    row = con.execute(f"SELECT count(*) FROM ({sql})", params).fetchone()
    return int(row[0]) if row else 0


def event_rows(
    db: Connection | str | Path | None = None, **filters: Any
) -> Iterator[dict[str, Any]]:
    """Flat event rows of a store as dicts keyed by the ``events`` columns (and, with
    ``clusters=True``, the cluster counts), filtered by ``EventFilter`` fields, for exporters.

    Example:
        >>> for row in event_rows("events.duckdb", dataset="coded", since="2023-01-01"):
        ...     print(row["event_id"], row["code"])
    """
    selection = EventFilter(**filters)
    with opened(db, read_only=True) as con:
        for row in select_events(con, selection):
            yield row.as_dict()


def insert_event_rows(
    db: Connection | str | Path | None, rows: Iterable[dict[str, Any]], dataset: str
) -> int:
    """Insert imported event rows idempotently; returns how many were new.

    Rows are dicts keyed by the ``events`` columns; other keys go to ``extra``. A row whose
    (dataset, original_id) — or, lacking an original id, whose event_id — is already stored
    is skipped, so importing a file again adds nothing. Each imported row is its own
    cluster until ``cluster_dataset`` groups them. Batches are committed one at a time; when
    ``rows`` raises a ``RealpolitikError`` (an input file found to be damaged part-way), the
    events this call stored are removed again, the run is marked 'rejected' and the error
    goes on, so a rejected file leaves the stored events as they were.

    Example:
        >>> insert_event_rows("events.duckdb", [{"original_id": "1", "code": "042"}], "gdelt")
        1
    """
    check_dataset(dataset)
    with opened(db) as con:
        con.execute(
            "INSERT INTO datasets SELECT ?, ?, TRUE WHERE NOT EXISTS "
            "(SELECT 1 FROM datasets WHERE name = ?)",
            [dataset, f"events imported as '{dataset}'", dataset],
        )
        run_id = start_run(con, "import", None, {"dataset": dataset}, dataset=dataset)
        inserted = 0
        status = "interrupted"
        try:
            batch: list[dict[str, Any]] = []
            keys: set[str] = set()
            for number, row in enumerate(rows, start=1):
                converted = imported_row(row, dataset, number)
                key = converted.get("original_id") or converted["event_id"]
                if key in keys:
                    continue
                keys.add(key)
                converted["run_id"] = run_id
                batch.append(converted)
                if len(batch) >= _IMPORT_BATCH:
                    inserted += _insert_imported(con, batch, dataset, run_id)
                    batch, keys = [], set()
            inserted += _insert_imported(con, batch, dataset, run_id)
            status = "finished"
        except RealpolitikError:
            with transaction(con):
                # the run's events are new ones, each in a cluster of its own
                con.execute(
                    "DELETE FROM event_clusters WHERE cluster_id IN "
                    "(SELECT cluster_id FROM events WHERE run_id = ?)",
                    [run_id],
                )
                con.execute("DELETE FROM events WHERE run_id = ?", [run_id])
                con.execute("UPDATE coding_runs SET events = 0 WHERE run_id = ?", [run_id])
            status = "rejected"
            raise
        finally:
            finish_run(con, run_id, status)
    return inserted


def _insert_imported(
    con: Connection, batch: list[dict[str, Any]], dataset: str, run_id: int
) -> int:
    if not batch:
        return 0
    full = [{name: row.get(name) for name in EVENT_COLUMNS} for row in batch]
    with transaction(con):
        count = insert_rows(
            con,
            "events",
            EVENT_COLUMNS,
            full,
            anti_join=(
                "t.dataset = r.dataset AND t.original_id = r.original_id",
                "t.event_id = r.event_id",
            ),
        )
        con.execute(
            "INSERT INTO event_clusters SELECT e.event_id, e.dataset, e.date, e.date, e.source, "
            "e.target, e.code, coalesce(e.root, left(e.code, 2)), e.quad_class, e.goldstein, "
            "e.plover_type, e.modality, e.location_name, e.location_country, 1, 1, "
            "CASE WHEN e.url IS NULL THEN 0 ELSE 1 END, e.source_country, e.target_country, "
            "e.plover_mode, e.confidence, e.attribution_speaker IS NULL FROM events e "
            "WHERE e.run_id = ? AND e.dataset = ? AND NOT EXISTS "
            "(SELECT 1 FROM event_clusters c WHERE c.cluster_id = e.cluster_id)",
            [run_id, dataset],
        )
        con.execute("UPDATE coding_runs SET events = events + ? WHERE run_id = ?", [count, run_id])
    return count


def cluster_dataset(db: Connection | str | Path | None, dataset: str = "coded") -> int:
    """Recompute every cluster of a dataset (e.g. to group imported reports); returns the
    number of clusters. The dataset's blocks an interrupted run left queued are so done."""
    check_dataset(dataset)
    with opened(db) as con, transaction(con):
        return recluster(con, None, dataset=dataset)


# The shortest event id prefix that `show` looks up (ids are 16 hex digits).
MIN_PREFIX = 4


def find_event(con: Connection, event_id: str, path: str = "<store>") -> dict[str, Any]:
    """The event with an id, or with a unique id prefix of at least ``MIN_PREFIX`` characters.

    Raises:
        StoreError: E307 if no event has that id (or prefix), E313 if the prefix is ambiguous.
    """
    columns = ", ".join(quote(c) for c in EVENT_COLUMNS)
    rows = con.execute(f"SELECT {columns} FROM events WHERE event_id = ?", [event_id]).fetchall()
    if not rows and len(event_id) >= MIN_PREFIX:
        rows = con.execute(
            f"SELECT {columns} FROM events WHERE starts_with(event_id, ?) LIMIT 2", [event_id]
        ).fetchall()
        if len(rows) > 1:
            count = con.execute(
                "SELECT count(*) FROM events WHERE starts_with(event_id, ?)", [event_id]
            ).fetchone()
            raise StoreError(
                Errors.E313.format(id=event_id, path=path, count=count[0] if count else 2)
            )
    if not rows:
        raise StoreError(Errors.E307.format(id=event_id, path=path, min_prefix=MIN_PREFIX))
    row = dict(zip(EVENT_COLUMNS, rows[0], strict=True))
    if row.get("extra"):
        row["extra"] = json.loads(row["extra"])
    return row


def event_detail(con: Connection, event_id: str, path: str = "<store>") -> EventDetail:
    """An event with its evidence: the document, the spans to highlight in the sentence and
    every mention of its cluster (near-duplicate copies included).

    Example:
        >>> detail = event_detail(con, "5f1c0e2a9b7d3c41")
        >>> detail.cluster.mentions, [m.publisher for m in detail.mentions]
    """
    event = StoredEvent.model_validate(find_event(con, event_id, path))
    document = None
    marks: tuple[Highlight, ...] = ()
    if event.doc_id:
        row = con.execute(
            "SELECT doc_id, title, url, publisher, published, origin, original_id, text "
            "FROM documents WHERE doc_id = ?",
            [event.doc_id],
        ).fetchone()
        if row is not None:
            document = DocumentInfo(
                doc_id=row[0],
                title=row[1],
                url=row[2],
                publisher=row[3],
                published=row[4],
                origin=row[5],
                original_id=row[6],
            )
            marks = highlights(event, row[7])
    cluster = None
    mentions: tuple[Mention, ...] = ()
    if event.cluster_id:
        found = con.execute(
            "SELECT cluster_id, mentions, articles, sources, date, last_date "
            "FROM event_clusters WHERE cluster_id = ?",
            [event.cluster_id],
        ).fetchone()
        if found is not None:
            cluster = ClusterInfo(
                cluster_id=found[0],
                mentions=found[1],
                articles=found[2],
                sources=found[3],
                date=found[4],
                last_date=found[5],
            )
        mentions = _mentions(con, event.cluster_id)
    return EventDetail(
        event=event, document=document, highlights=marks, cluster=cluster, mentions=mentions
    )


def highlights(event: StoredEvent, text: str) -> tuple[Highlight, ...]:
    """The spans of the event's sentence to mark (source, target, trigger), found from the
    event's offsets in the document ``text``."""
    sentence = event.sentence or ""
    start = event.char_start
    if not sentence or start is None:
        return ()
    offset = text.find(sentence, max(0, start - len(sentence)))
    if offset < 0 or offset > start:
        return ()
    found = []
    for role, begin, end in (
        ("source", event.source_start, event.source_end),
        ("target", event.target_start, event.target_end),
        ("trigger", event.char_start, event.char_end),
    ):
        if begin is None or end is None:
            continue
        begin, end = begin - offset, end - offset
        if 0 <= begin < end <= len(sentence):
            found.append(Highlight(role=role, start=begin, end=end))
    return tuple(found)


def _mentions(con: Connection, cluster_id: str) -> tuple[Mention, ...]:
    rows = con.execute(
        "SELECT e.event_id, e.doc_id, e.date, e.code, d.title, d.publisher, "
        "coalesce(d.url, e.url), e.sentence, NULL AS copy_of "
        "FROM events e LEFT JOIN documents d ON d.doc_id = e.doc_id WHERE e.cluster_id = ? "
        "UNION ALL "
        "SELECT NULL, c.doc_id, c.published, NULL, c.title, c.publisher, c.url, NULL, "
        "l.original_doc_id FROM events e "
        "JOIN document_links l ON l.original_doc_id = e.doc_id "
        "JOIN documents c ON c.doc_id = l.doc_id WHERE e.cluster_id = ? "
        "ORDER BY 3 NULLS LAST, 1 NULLS LAST, 2",
        [cluster_id, cluster_id],
    ).fetchall()
    return tuple(
        Mention(
            event_id=r[0],
            doc_id=r[1],
            date=r[2],
            code=r[3],
            title=r[4],
            publisher=r[5],
            url=r[6],
            sentence=r[7],
            copy_of=r[8],
        )
        for r in rows
    )


def export_table(con: Connection, table: str, path: str | Path) -> int:
    """Write a whole table to Parquet (or CSV, by the file's suffix); returns the rows.

    Example:
        >>> export_table(con, "events", "events.parquet")
        10452
    """
    known = tables(con)
    if table not in known:
        raise StoreError(Errors.E303.format(name=table, known=", ".join(known)))
    _write(con, f"SELECT * FROM {quote(table)}", [], path)
    row = con.execute(f"SELECT count(*) FROM {quote(table)}").fetchone()
    return int(row[0]) if row else 0


def export_events(con: Connection, selection: EventFilter, path: str | Path) -> int:
    """Write the events a filter picks to Parquet (or CSV, by suffix); returns the rows."""
    sql, params = events_query(selection)
    _write(con, sql, params, path)
    return count_events(con, selection)


def _write(con: Connection, sql: str, params: list[Any], path: str | Path) -> None:
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    # a cursor of its own: the relation must not meet a pending result of the connection
    cursor = con.cursor()
    try:
        relation = cursor.sql(sql, params=params or None)
        with replacing(target) as scratch:
            if target.suffix.lower() == ".csv":
                relation.write_csv(str(scratch))
            else:
                relation.write_parquet(str(scratch))
    finally:
        cursor.close()


def store_info(con: Connection) -> dict[str, Any]:
    """Schema version, row counts per table, events per dataset and the last runs."""
    from realpolitik.store.db import schema_version

    counts = {}
    for table in tables(con):
        row = con.execute(f"SELECT count(*) FROM {quote(table)}").fetchone()
        counts[table] = int(row[0]) if row else 0
    datasets = con.execute(
        "SELECT dataset, count(*), count(DISTINCT cluster_id), min(date), max(date) "
        "FROM events GROUP BY dataset ORDER BY dataset"
    ).fetchall()
    runs = con.execute(
        "SELECT run_id, kind, dataset, status, started_at, finished_at, documents, events, "
        "coder_version, dictionary_version FROM coding_runs ORDER BY run_id DESC LIMIT 10"
    ).fetchall()
    uncoded = con.execute(
        "SELECT count(*) FROM documents d WHERE coded_run IS NULL AND NOT EXISTS "
        "(SELECT 1 FROM document_links l WHERE l.doc_id = d.doc_id)"
    ).fetchone()
    return {
        "schema_version": schema_version(con),
        "tables": counts,
        "uncoded_documents": int(uncoded[0]) if uncoded else 0,
        # events of blocks an interrupted run left to cluster (`realpolitik db cluster`)
        "events_waiting_to_be_clustered": queued_events(con) if counts.get("cluster_queue") else 0,
        "datasets": [
            {"dataset": r[0], "events": r[1], "clusters": r[2], "first": r[3], "last": r[4]}
            for r in datasets
        ],
        "runs": [
            dict(
                zip(
                    (
                        "run_id",
                        "kind",
                        "dataset",
                        "status",
                        "started_at",
                        "finished_at",
                        "documents",
                        "events",
                        "coder_version",
                        "dictionary_version",
                    ),
                    r,
                    strict=True,
                )
            )
            for r in runs
        ],
    }
