"""The stored events cited as evidence: their sentence, document and source."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from realpolitik.analysis.records import Evidence

if TYPE_CHECKING:
    from realpolitik.store.db import Connection

MEASURES: dict[str, str] = {
    "goldstein": "goldstein",
    "plover": "plover",
    "net_cooperation": (
        "CASE WHEN quad_class IN (1, 2) THEN 1.0 WHEN quad_class IN (3, 4) THEN -1.0 END"
    ),
}


def measure_sql(measure: str) -> str:
    """The SQL of a unit's value under a measure (over the columns of ``units_sql``)."""
    from realpolitik.errors import AnalysisError, Errors

    if measure not in MEASURES:
        raise AnalysisError(Errors.E608.format(value=measure, choices=", ".join(MEASURES)))
    return MEASURES[measure]


def load_evidence(
    con: Connection,
    event_ids: Sequence[str],
    mentions: Mapping[str, int] | None = None,
    influence: Mapping[str, float] | None = None,
    *,
    distinct: int | None = None,
) -> list[Evidence]:
    """The events of ``event_ids``, in that order, with their sentence and document.

    With ``distinct``, the first ``distinct`` of them read from different sentences: "A and
    B signed" is coded both ways round, and one sentence is one piece of evidence."""
    wanted = candidates(event_ids, distinct)
    return cite(evidence_rows(con, wanted), wanted, mentions, influence, distinct=distinct)


def candidates(event_ids: Sequence[str], distinct: int | None) -> list[str]:
    """The ids worth reading for ``distinct`` pieces of evidence (all without a limit)."""
    if distinct is None:
        return list(event_ids)
    return list(event_ids[: distinct * 8]) if distinct > 0 else []


def evidence_rows(con: Connection, event_ids: Sequence[str]) -> dict[str, tuple[Any, ...]]:
    """The stored rows of the events of ``event_ids`` with their documents, by event id.

    One scan of the events, however many ids: callers citing several lists of events read
    them together and ``cite`` each."""
    if not event_ids:
        return {}
    rows = con.execute(
        "SELECT e.event_id, e.date, e.source, e.target, e.code, e.goldstein, e.dataset, "
        "e.sentence, d.title, d.publisher, coalesce(e.url, d.url), "
        "coalesce(e.doc_id, e.event_id), e.sentence_index "
        "FROM events e LEFT JOIN documents d ON d.doc_id = e.doc_id "
        "WHERE e.event_id IN (SELECT unnest(?::VARCHAR[]))",
        [list(dict.fromkeys(event_ids))],
    ).fetchall()
    return {row[0]: row for row in rows}


def cite(
    found: Mapping[str, tuple[Any, ...]],
    event_ids: Sequence[str],
    mentions: Mapping[str, int] | None = None,
    influence: Mapping[str, float] | None = None,
    *,
    distinct: int | None = None,
) -> list[Evidence]:
    """The events of ``event_ids`` among the rows ``found`` (of ``evidence_rows``), in
    that order; with ``distinct``, the first ``distinct`` from different sentences."""
    if distinct == 0:
        return []
    mentions = mentions or {}
    influence = influence or {}
    cited: list[Evidence] = []
    seen: set[tuple[object, ...]] = set()
    for event_id in event_ids:
        row = found.get(event_id)
        if row is None or row[1] is None:
            continue
        if distinct is not None:
            place = (row[11], row[12], row[7])
            if place in seen:
                continue
            seen.add(place)
            if len(cited) == distinct:
                break
        cited.append(
            Evidence(
                event_id=row[0],
                date=row[1],
                source=row[2],
                target=row[3],
                code=row[4],
                goldstein=row[5],
                dataset=row[6],
                sentence=row[7],
                title=row[8],
                publisher=row[9],
                url=row[10],
                mentions=int(mentions.get(event_id, 1)),
                influence=influence.get(event_id),
            )
        )
    return cited
