"""A run clusters the blocks it queues at checkpoints and at its end: the clusters are those
of every block recomputed at once, whatever the checkpoints, the chunks and interruptions."""

from __future__ import annotations

import datetime as dt
import random
import shutil
import sys
from pathlib import Path

import pytest

from realpolitik.coding.coder import Coder
from realpolitik.demo import demo_documents
from realpolitik.ingest.records import SourcedDocument
from realpolitik.records import Document
from realpolitik.store import clusters, connect, pipeline
from realpolitik.store.pipeline import IngestStats, ingest
from realpolitik.store.query import cluster_dataset, store_info

sys.path.insert(0, str(Path(__file__).resolve().parent))
from store_corpus import snapshot


def news(count: int) -> list[SourcedDocument]:
    """Reports joining demo articles, dated over a fortnight so that blocks hold mentions of
    one event from several documents and days."""
    rng = random.Random(17)
    base = demo_documents()
    found = []
    for n in range(count):
        picks = rng.sample(range(len(base)), 2)
        day = dt.date(2023, 9, 1) + dt.timedelta(days=rng.randrange(14))
        text = "\n\n".join(base[i].text for i in picks)
        document = Document(id=f"news-{n}", text=text, date=day.isoformat(), title=f"News {n}")
        found.append(SourcedDocument(document=document, origin=f"news-{n}"))
    return found


def stored(db: Path, documents: list[SourcedDocument], coder: Coder) -> dict[str, list]:
    with connect(str(db)) as con:
        ingest(con, documents, coder=coder, batch_size=3)
    return snapshot(db)


@pytest.fixture(scope="module")
def documents() -> list[SourcedDocument]:
    return news(30)


@pytest.fixture(scope="module")
def expected(
    tmp_path_factory: pytest.TempPathFactory, documents: list[SourcedDocument], coder: Coder
) -> dict[str, list]:
    """The store of one run, its blocks clustered once at the end."""
    db = tmp_path_factory.mktemp("queue") / "once.duckdb"
    tables = stored(db, documents, coder)
    assert not tables["cluster_queue"]
    merged = [row for row in tables["event_clusters"] if row[14] > 1]  # mentions
    assert len(merged) >= 5, "the corpus should give clusters of several mentions"
    return tables


def test_checkpoints_and_chunks_give_the_clusters_of_one_pass(
    tmp_path: Path,
    documents: list[SourcedDocument],
    coder: Coder,
    expected: dict[str, list],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(pipeline, "CHECKPOINT_EVENTS", 10)  # a checkpoint every batch or two
    monkeypatch.setattr(clusters, "QUEUE_CHUNK", 20)  # blocks clustered a few at a time
    checkpoints: list[int] = []
    clustering = clusters.cluster_queued

    def counted(con, *, atomic=False):  # type: ignore[no-untyped-def]
        checkpoints.append(clusters.queued_events(con))
        return clustering(con, atomic=atomic)

    monkeypatch.setattr(pipeline, "cluster_queued", counted)
    assert stored(tmp_path / "checkpoints.duckdb", documents, coder) == expected
    assert len(checkpoints) >= 3 and all(checkpoints)
    # and both equal every block of the dataset recomputed from scratch
    cluster_dataset(tmp_path / "checkpoints.duckdb")
    assert snapshot(tmp_path / "checkpoints.duckdb") == expected


def test_interrupted_run_leaves_blocks_queued_for_the_next(
    tmp_path: Path, documents: list[SourcedDocument], coder: Coder, expected: dict[str, list]
) -> None:
    def stop(stats: IngestStats) -> None:
        if stats.coded >= 20:
            raise KeyboardInterrupt

    db = tmp_path / "interrupted.duckdb"
    with connect(str(db)) as con, pytest.raises(KeyboardInterrupt):
        ingest(con, documents, coder=coder, batch_size=3, on_progress=stop)
    left = snapshot(db)
    assert left["cluster_queue"] and left["events"]
    assert not left["event_clusters"], "no checkpoint yet: the events wait in queued blocks"
    with connect(str(db)) as con:
        assert store_info(con)["events_waiting_to_be_clustered"] == len(left["events"])
    shutil.copy(db, tmp_path / "copy.duckdb")
    # the next run ends as one uninterrupted run
    assert stored(db, documents, coder) == expected
    # `db cluster` clusters what is queued: every stored event is then in a cluster
    cluster_dataset(tmp_path / "copy.duckdb")
    after = snapshot(tmp_path / "copy.duckdb")
    assert not after["cluster_queue"]
    with connect(str(tmp_path / "copy.duckdb")) as con:
        row = con.execute(
            "SELECT count(*) FROM events e WHERE NOT EXISTS "
            "(SELECT 1 FROM event_clusters c WHERE c.cluster_id = e.cluster_id)"
        ).fetchone()
    assert row == (0,) and len(after["events"]) == len(left["events"])
    with connect(str(db)) as con:
        assert store_info(con)["events_waiting_to_be_clustered"] == 0
