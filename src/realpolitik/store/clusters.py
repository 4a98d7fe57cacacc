"""Group the mentions of one real-world event into a cluster, keeping every mention.

Mentions are compared within a *block*: the same dataset, directed dyad (source, target),
CAMEO root and modality. In date order, a mention joins the first open cluster whose first
mention (its anchor) has a compatible code (the same, one more specific than the other, or an
unspecified ``xx0`` code of the same root), a close date (within ``WINDOW_DAYS`` days, or the
same month or year for dates known only that precisely), no conflicting place, and, when the
dates differ, similar evidence (shared words of the sentence or the same place). Otherwise it
opens a new cluster. The result depends only on the set of mentions in a block, never on the
order they were stored in, so clusters are recomputed for every block a batch touches: at
once (``recluster``), or later for the blocks a long run queues (``queue_blocks`` and
``cluster_queued``), which gives the same clusters for a block recomputed once.

The cluster id is the event id of the anchor mention.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from realpolitik.store.db import Connection, insert_rows, now, quote, transaction

WINDOW_DAYS = 2
QUEUE_CHUNK = 50_000  # mentions held in memory at once while queued blocks are clustered
EVIDENCE_OVERLAP = 0.2
_WORD = re.compile(r"[^\W\d_]{4,}")

BlockKey = tuple[str, str | None, str | None, str | None, str | None]
BLOCK_COLUMNS = ("dataset", "source", "target", "root", "modality")


@dataclass(frozen=True)
class Mention:
    """The fields of an event mention that clustering reads."""

    event_id: str
    doc_id: str | None
    date: dt.date | None
    date_precision: str | None
    code: str | None
    location_name: str | None
    location_country: str | None
    words: frozenset[str]


@dataclass
class _Cluster:
    anchor: Mention
    number: int = 0
    places: set[str] = field(default_factory=set)
    countries: set[str] = field(default_factory=set)
    docs: set[str] = field(default_factory=set)
    words: set[str] = field(default_factory=set)


COARSE = ("month", "season")


class _OpenClusters:
    """The clusters of a block by the date of their anchor, so that a mention is compared
    only with those whose anchor date can be close to its own (``_close_dates``): within
    ``WINDOW_DAYS`` days, or the same month or year when either date is known only that
    precisely. Among them the cluster opened first that fits is chosen, as in a pass over
    every cluster in the order they were opened."""

    def __init__(self) -> None:
        self.count = 0
        self.by_day: dict[dt.date, list[_Cluster]] = {}
        self.coarse: dict[tuple[int, int], list[_Cluster]] = {}  # anchors known to the month
        self.yearly: dict[int, list[_Cluster]] = {}  # anchors known to the year
        self.month: dict[tuple[int, int], list[_Cluster]] = {}  # every anchor of a month
        self.year: dict[int, list[_Cluster]] = {}  # every anchor of a year
        self.undated: list[_Cluster] = []

    def open(self, mention: Mention) -> _Cluster:
        cluster = _Cluster(anchor=mention, number=self.count)
        self.count += 1
        day = mention.date
        if day is None:
            self.undated.append(cluster)
            return cluster
        if mention.date_precision == "year":
            self.yearly.setdefault(day.year, []).append(cluster)
        elif mention.date_precision in COARSE:
            self.coarse.setdefault((day.year, day.month), []).append(cluster)
        else:
            self.by_day.setdefault(day, []).append(cluster)
        self.month.setdefault((day.year, day.month), []).append(cluster)
        self.year.setdefault(day.year, []).append(cluster)
        return cluster

    def candidates(self, mention: Mention) -> list[_Cluster]:
        day = mention.date
        if day is None:
            return self.undated
        if mention.date_precision == "year":
            return self.year.get(day.year, [])
        found = list(self.yearly.get(day.year, ()))
        if mention.date_precision in COARSE:
            found += self.month.get((day.year, day.month), ())
        else:
            found += self.coarse.get((day.year, day.month), ())
            for back in range(WINDOW_DAYS + 1):
                found += self.by_day.get(day - dt.timedelta(days=back), ())
        found.sort(key=lambda c: c.number)
        return found


def evidence_words(sentence: str | None) -> frozenset[str]:
    """Lower-cased words of four or more letters: what two sentences of one event share."""
    return frozenset(w.lower() for w in _WORD.findall(sentence or ""))


def compatible_codes(a: str | None, b: str | None) -> bool:
    """Whether two CAMEO codes can describe one event.

    Example:
        >>> compatible_codes("190", "193"), compatible_codes("193", "195")
        (True, False)
    """
    if a is None or b is None:
        return a == b
    if a == b or a.startswith(b) or b.startswith(a):
        return True
    return a[:2] == b[:2] and (a[2:] in ("", "0") or b[2:] in ("", "0"))


def _close_dates(a: Mention, b: Mention) -> bool:
    if a.date is None or b.date is None:
        return a.date is None and b.date is None
    precisions = {a.date_precision, b.date_precision}
    if "year" in precisions:
        return a.date.year == b.date.year
    if precisions & {"month", "season"}:
        return (a.date.year, a.date.month) == (b.date.year, b.date.month)
    return abs((a.date - b.date).days) <= WINDOW_DAYS


def _overlap(a: set[str], b: frozenset[str]) -> float:
    """Jaccard overlap, without copying the cluster's growing word set."""
    shared = sum(1 for word in b if word in a)
    union = len(a) + len(b) - shared
    return shared / union if union else 0.0


def _fits(cluster: _Cluster, mention: Mention) -> bool:
    anchor = cluster.anchor
    if not compatible_codes(anchor.code, mention.code):
        return False
    if not _close_dates(anchor, mention):
        return False
    if (
        mention.location_country
        and cluster.countries
        and mention.location_country not in (cluster.countries)
    ):
        return False
    if mention.location_name and cluster.places and mention.location_name not in cluster.places:
        return False
    if mention.doc_id is not None and mention.doc_id in cluster.docs:
        return True
    if anchor.date == mention.date:
        return True
    same_place = mention.location_name is not None and mention.location_name in cluster.places
    return same_place or _overlap(cluster.words, mention.words) >= EVIDENCE_OVERLAP


def cluster_mentions(mentions: Sequence[Mention]) -> dict[str, str]:
    """Cluster the mentions of one block: event id -> cluster id (its anchor's event id).

    Example:
        >>> day = dt.date(2024, 3, 1)
        >>> a = Mention("a", "d1", day, "day", "190", None, None, frozenset({"shelled"}))
        >>> b = Mention("b", "d2", day, "day", "193", None, None, frozenset())
        >>> cluster_mentions([b, a])
        {'a': 'a', 'b': 'a'}
    """
    ordered = sorted(mentions, key=lambda m: (m.date is None, m.date or dt.date.min, m.event_id))
    clusters = _OpenClusters()
    assigned: dict[str, str] = {}
    for mention in ordered:
        chosen = next((c for c in clusters.candidates(mention) if _fits(c, mention)), None)
        if chosen is None:
            chosen = clusters.open(mention)
        if mention.location_name:
            chosen.places.add(mention.location_name)
        if mention.location_country:
            chosen.countries.add(mention.location_country)
        if mention.doc_id:
            chosen.docs.add(mention.doc_id)
        chosen.words.update(mention.words)
        assigned[mention.event_id] = chosen.anchor.event_id
    return assigned


_BLOCK_TYPES = {name: "VARCHAR" for name in BLOCK_COLUMNS}
_BLOCK_JOIN = " AND ".join(
    f"coalesce(e.{quote(c)}, '') = coalesce(b.{quote(c)}, '')" for c in BLOCK_COLUMNS
)
_MENTION_SELECT = (
    "SELECT e.event_id, e.doc_id, e.date, e.date_precision, e.code, e.location_name, "
    "e.location_country, e.sentence, e.dataset, e.source, e.target, "
    "coalesce(e.root, left(e.code, 2)) AS root, e.modality FROM events e"
)


def block_of(row: dict[str, Any]) -> BlockKey:
    """The block of an event row."""
    code = row.get("code")
    root = row.get("root") or (code[:2] if code else None)
    return (row["dataset"], row.get("source"), row.get("target"), root, row.get("modality"))


def recluster(
    con: Connection, blocks: Iterable[BlockKey] | None = None, *, dataset: str = ""
) -> int:
    """Recompute the clusters of some blocks (or of every block of ``dataset``, a chunk of
    blocks at a time, see ``cluster_queued``).

    Runs inside the caller's transaction; returns the number of clusters written.
    """
    if blocks is None:
        con.execute(
            "INSERT INTO cluster_queue SELECT DISTINCT dataset, source, target, "
            "coalesce(root, left(code, 2)), modality, now()::TIMESTAMP FROM events "
            "WHERE dataset = $1 UNION SELECT DISTINCT dataset, source, target, root, "
            "modality, now()::TIMESTAMP FROM event_clusters WHERE dataset = $1",
            [dataset],
        )
        return cluster_queued(con, atomic=True, dataset=dataset)
    keys = sorted(set(blocks), key=repr)
    if not keys:
        return 0
    con.register("_blocks", _block_view(keys))
    try:
        con.execute("CREATE OR REPLACE TEMP TABLE _cluster_blocks AS SELECT * FROM _blocks")
    finally:
        con.unregister("_blocks")
    rows = con.execute(f"{_MENTION_SELECT} JOIN _cluster_blocks b ON {_BLOCK_JOIN}").fetchall()
    grouped: dict[BlockKey, list[Mention]] = {}
    for row in rows:
        key: BlockKey = (row[8], row[9], row[10], row[11], row[12])
        grouped.setdefault(key, []).append(
            Mention(row[0], row[1], row[2], row[3], row[4], row[5], row[6], evidence_words(row[7]))
        )
    del rows
    assignments: list[dict[str, Any]] = []
    for key in sorted(grouped, key=repr):
        for event_id, cluster_id in cluster_mentions(grouped[key]).items():
            assignments.append({"event_id": event_id, "cluster_id": cluster_id})
    con.execute("CREATE OR REPLACE TEMP TABLE _assignments (event_id VARCHAR, cluster_id VARCHAR)")
    insert_rows(con, "_assignments", {"event_id": "VARCHAR", "cluster_id": "VARCHAR"}, assignments)
    con.execute(
        "DELETE FROM event_clusters WHERE cluster_id IN (SELECT e.cluster_id FROM "
        f"event_clusters e JOIN _cluster_blocks b ON {_BLOCK_JOIN})"
    )
    con.execute(
        "UPDATE events SET cluster_id = a.cluster_id FROM _assignments a "
        "WHERE events.event_id = a.event_id "
        "AND events.cluster_id IS DISTINCT FROM a.cluster_id"
    )
    written = _write_clusters(con)
    con.execute("DROP TABLE IF EXISTS _assignments")
    con.execute("DROP TABLE IF EXISTS _cluster_blocks")
    return written


def queue_blocks(con: Connection, blocks: Iterable[BlockKey]) -> None:
    """Queue blocks for ``cluster_queued`` (inside the caller's transaction)."""
    keys = sorted(set(blocks), key=repr)
    if not keys:
        return
    stamp = now()
    rows = [{**dict(zip(BLOCK_COLUMNS, key, strict=True)), "queued_at": stamp} for key in keys]
    queued = " AND ".join(f"coalesce(t.{c}, '') = coalesce(r.{c}, '')" for c in BLOCK_COLUMNS)
    insert_rows(
        con, "cluster_queue", {**_BLOCK_TYPES, "queued_at": "TIMESTAMP"}, rows, anti_join=queued
    )


def queued_events(con: Connection) -> int:
    """The stored mentions of the queued blocks: what ``cluster_queued`` would cluster."""
    row = con.execute(
        f"SELECT count(*) FROM events e JOIN (SELECT DISTINCT * EXCLUDE (queued_at) "
        f"FROM cluster_queue) b ON {_BLOCK_JOIN}"
    ).fetchone()
    return int(row[0]) if row else 0


def cluster_queued(con: Connection, *, atomic: bool = False, dataset: str | None = None) -> int:
    """Recompute the clusters of every queued block (of ``dataset``, if given) and empty the
    queue of them; returns the clusters written.

    Blocks are clustered a chunk of about ``QUEUE_CHUNK`` mentions at a time, so memory is
    bounded by the largest block rather than by the store. Each chunk is its own
    transaction, leaving the blocks not yet done queued if the run is interrupted; with
    ``atomic`` everything happens inside the caller's transaction instead.
    """
    sizes = con.execute(
        f"SELECT b.dataset, b.source, b.target, b.root, b.modality, count(e.event_id) "
        f"FROM (SELECT DISTINCT * EXCLUDE (queued_at) FROM cluster_queue "
        f"WHERE $1::VARCHAR IS NULL OR dataset = $1) b "
        f"LEFT JOIN events e ON {_BLOCK_JOIN} GROUP BY ALL",
        [dataset],
    ).fetchall()
    written = 0
    for chunk in _chunks(sizes):
        if atomic:
            written += _cluster_chunk(con, chunk)
        else:
            with transaction(con):
                written += _cluster_chunk(con, chunk)
    return written


def _chunks(sizes: Sequence[tuple[Any, ...]]) -> Iterable[list[BlockKey]]:
    chunk: list[BlockKey] = []
    held = 0
    for row in sorted(sizes, key=lambda r: repr(r[:5])):
        if chunk and held + int(row[5]) > QUEUE_CHUNK:
            yield chunk
            chunk, held = [], 0
        chunk.append((row[0], row[1], row[2], row[3], row[4]))
        held += int(row[5])
    if chunk:
        yield chunk


def _cluster_chunk(con: Connection, blocks: list[BlockKey]) -> int:
    written = recluster(con, blocks)
    con.register("_done", _block_view(blocks))
    try:
        con.execute(
            "DELETE FROM cluster_queue q USING _done b WHERE "
            + " AND ".join(
                f"coalesce(q.{quote(c)}, '') = coalesce(b.{quote(c)}, '')" for c in BLOCK_COLUMNS
            )
        )
    finally:
        con.unregister("_done")
    return written


def _block_view(keys: Sequence[BlockKey]) -> dict[str, Any]:
    import numpy as np

    return {
        name: np.array([key[n] for key in keys], dtype=object)
        for n, name in enumerate(BLOCK_COLUMNS)
    }


_HOST = r"^[A-Za-z][A-Za-z0-9+.-]*://(?:www\.)?([^/:?#]+)"

# The articles carrying each mention: its own document and the near-duplicate copies of it.
_CLUSTER_STATS = f"""
INSERT INTO event_clusters
WITH clustered AS (
    SELECT DISTINCT cluster_id FROM _assignments
), members AS (
    SELECT e.* FROM events e JOIN clustered c ON e.cluster_id = c.cluster_id
), carriers AS (
    SELECT m.cluster_id,
           coalesce(m.doc_id, m.url, m.original_id, m.event_id) AS article,
           coalesce(d.publisher, nullif(regexp_extract(coalesce(d.url, m.url), '{_HOST}', 1), ''))
               AS outlet
    FROM members m LEFT JOIN documents d ON d.doc_id = m.doc_id
    UNION ALL
    SELECT m.cluster_id, c.doc_id,
           coalesce(c.publisher, nullif(regexp_extract(c.url, '{_HOST}', 1), ''))
    FROM members m
    JOIN document_links l ON l.original_doc_id = m.doc_id
    JOIN documents c ON c.doc_id = l.doc_id
), counts AS (
    SELECT cluster_id, count(*) AS mentions, count(DISTINCT article) AS articles,
           count(DISTINCT outlet) AS sources
    FROM carriers GROUP BY cluster_id
), spans AS (
    SELECT cluster_id, min(date) AS first_date, max(date) AS last_date,
           bool_or(attribution_speaker IS NULL) AS stated
    FROM members GROUP BY cluster_id
)
SELECT a.event_id, a.dataset, s.first_date, s.last_date, a.source, a.target, a.code,
       coalesce(a.root, left(a.code, 2)), a.quad_class, a.goldstein, a.plover_type, a.modality,
       a.location_name, a.location_country, n.mentions, n.articles, n.sources,
       a.source_country, a.target_country, a.plover_mode, a.confidence, s.stated
FROM counts n
JOIN spans s ON s.cluster_id = n.cluster_id
JOIN members a ON a.event_id = n.cluster_id
"""


def rebuild_clusters(con: Connection) -> int:
    """Rewrite the ``event_clusters`` rows of every cluster id the stored events carry, from
    their mentions: for events written with cluster ids of their own rather than by
    ``recluster``. Returns the clusters written."""
    con.execute(
        "CREATE OR REPLACE TEMP TABLE _assignments AS "
        "SELECT event_id, cluster_id FROM events WHERE cluster_id IS NOT NULL"
    )
    con.execute(
        "DELETE FROM event_clusters WHERE cluster_id IN (SELECT cluster_id FROM _assignments)"
    )
    written = _write_clusters(con)
    con.execute("DROP TABLE IF EXISTS _assignments")
    return written


def _write_clusters(con: Connection) -> int:
    result = con.execute(_CLUSTER_STATS).fetchone()
    return int(result[0]) if result else 0
