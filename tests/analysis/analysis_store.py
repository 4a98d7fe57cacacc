"""Stored event rows written inline, for analyses with known answers."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from realpolitik.store.clusters import rebuild_clusters
from realpolitik.store.db import Connection

COLUMNS = (
    "event_id", "doc_id", "date", "source", "source_country", "target", "target_country",
    "code", "root", "quad_class", "goldstein", "plover_type", "plover_mode", "modality",
    "attribution_speaker", "sentence", "confidence", "dataset", "cluster_id", "url",
)  # fmt: skip
_ids = itertools.count(1)


def event(
    day: str | dt.date,
    source: str,
    target: str,
    goldstein: float,
    *,
    code: str | None = None,
    quad: int | None = None,
    dataset: str = "coded",
    cluster: str | None = None,
    event_id: str | None = None,
    **fields: Any,
) -> dict[str, Any]:
    """One stored event row; the CAMEO code and QuadClass follow the score unless given."""
    if code is None:
        code = (
            "190"
            if goldstein <= -7
            else "111"
            if goldstein < 0
            else "057"
            if goldstein > 6
            else "042"
        )
    if quad is None:
        root = int(code[:2])
        quad = 1 if root <= 5 else 2 if root <= 8 else 3 if root <= 17 else 4
    eid = event_id or f"e{next(_ids):06d}"
    row = {
        "event_id": eid,
        "doc_id": fields.pop("doc_id", f"d-{eid}"),
        "date": dt.date.fromisoformat(day) if isinstance(day, str) else day,
        "source": source,
        "source_country": fields.pop(
            "source_country",
            source[:3] if len(source) >= 3 and not source.startswith("IGO") else None,
        ),
        "target": target,
        "target_country": fields.pop(
            "target_country",
            target[:3] if len(target) >= 3 and not target.startswith("IGO") else None,
        ),
        "code": code,
        "root": code[:2],
        "quad_class": quad,
        "goldstein": goldstein,
        "modality": fields.pop("modality", "asserted"),
        "dataset": dataset,
        "cluster_id": cluster or eid,
        "sentence": fields.pop("sentence", f"{source} acted towards {target} ({code})."),
    }
    row.update(fields)
    return row


def fill(con: Connection, rows: list[dict[str, Any]]) -> None:
    """Insert rows into ``events`` with plain SQL parameters, and write their clusters as
    the store does."""
    for row in rows:
        names = [c for c in COLUMNS if c in row]
        con.execute(
            f"INSERT INTO events ({', '.join(names)}) VALUES ({', '.join('?' for _ in names)})",
            [row[c] for c in names],
        )
    rebuild_clusters(con)
