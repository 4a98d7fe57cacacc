"""The bundled demo corpus, coded into a fresh store, and what it says about the founding
question: Russia's relations with Armenia and Azerbaijan, and Azerbaijan's with
Nagorno-Karabakh, before and after 2023, as a report."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from rich.table import Table

from realpolitik.analysis import Scope
from realpolitik.dictionaries.lexicon import DATA_DIR
from realpolitik.ingest.readers import InputProblem, jsonl_documents
from realpolitik.records import Document
from realpolitik.report import Report, ReportRequest, build_report
from realpolitik.store.db import Connection

DEMO_CORPUS = DATA_DIR / "demo" / "corpus.jsonl"
DEMO_TRADE = DATA_DIR / "demo" / "trade.csv"
"""Published trade figures of the South Caucasus and Russia, 2019-2023, each row naming its
source (agency, table, year)."""
THESIS_ACTORS = ("RUS", "ARM", "AZE", "NKR")
THESIS_DYADS = (("RUS", "ARM"), ("RUS", "AZE"), ("AZE", "NKR"))
BEFORE = (dt.date(2020, 1, 1), dt.date(2022, 12, 31))
AFTER = (dt.date(2023, 1, 1), dt.date(2024, 12, 31))
THESIS = ReportRequest(
    actors=THESIS_ACTORS,
    dyads=THESIS_DYADS,
    before=BEFORE,
    after=AFTER,
    scope=Scope(since=BEFORE[0], until=AFTER[1]),
)


def demo_documents() -> list[Document]:
    """The demo corpus: dated South Caucasus news reports, 2020-2024."""
    text = DEMO_CORPUS.read_text(encoding="utf-8")
    return [
        d
        for d in jsonl_documents(text.splitlines(), str(DEMO_CORPUS), None)
        if not isinstance(d, InputProblem)
    ]


@dataclass
class Summary:
    """Counts of a store's coded events, ready to print."""

    documents: int
    sentences: int
    events: int
    modalities: dict[str, int]
    attributed: int
    dyad_table: Table
    root_table: Table


def summarise(con: Connection, top: int = 12) -> Summary:
    """Documents and events of a store, its busiest dyads with their mean Goldstein score
    (asserted events, each counted once), and its events by CAMEO root."""
    documents, sentences = con.execute(
        "SELECT count(*), coalesce(sum(sentences), 0) FROM documents"
    ).fetchone() or (0, 0)
    modalities = dict(
        con.execute("SELECT modality, count(*) FROM events GROUP BY ALL ORDER BY 2 DESC").fetchall()
    )
    attributed = con.execute(
        "SELECT count(*) FROM events WHERE attribution_speaker IS NOT NULL"
    ).fetchone()
    dyad_table = Table(title="busiest dyads (asserted events)", title_justify="left")
    for column in ("source", "target", "events", "mean Goldstein"):
        dyad_table.add_column(column, justify="left" if column in ("source", "target") else "right")
    for source, target, count, mean in con.execute(
        "SELECT source, target, count(*), avg(goldstein) FROM event_clusters "
        "WHERE modality = 'asserted' AND source IS NOT NULL AND target IS NOT NULL "
        "GROUP BY ALL ORDER BY 3 DESC, 1, 2 LIMIT ?",
        [top],
    ).fetchall():
        dyad_table.add_row(source, target, str(count), f"{mean:+.1f}")
    root_table = Table(title="events by CAMEO root", title_justify="left")
    root_table.add_column("root")
    root_table.add_column("events", justify="right")
    for root, count in con.execute(
        "SELECT root, count(*) FROM events GROUP BY ALL ORDER BY 1"
    ).fetchall():
        root_table.add_row(str(root), str(count))
    return Summary(
        documents=int(documents), sentences=int(sentences),
        events=sum(modalities.values()), modalities=modalities,
        attributed=int(attributed[0]) if attributed else 0,
        dyad_table=dyad_table, root_table=root_table,
    )  # fmt: skip


def thesis(con: Connection) -> Report:
    """The founding question asked of a store, as a report: did each of the thesis dyads
    improve or worsen from 2020-2022 to 2023-2024, and when did its tone or its intensity
    shift?"""
    return build_report(con, THESIS)


def fresh_store(folder: Path) -> Path:
    """The demo's store file in ``folder``, removed first if an earlier demo left one."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "demo.duckdb"
    for leftover in (path, path.with_name(path.name + ".wal")):
        leftover.unlink(missing_ok=True)
    return path
