"""A Parquet dataset store grows by parts appended from stores coded one slice at a time:
nothing already there is added twice or rewritten, and an append stopped half way is
completed by running it again."""

from __future__ import annotations

import random
import shutil
import sys
import threading
from pathlib import Path
from typing import Any

import duckdb
import pytest
from typer.testing import CliRunner

from realpolitik.cli import app
from realpolitik.coding.coder import Coder
from realpolitik.errors import Errors, StoreError
from realpolitik.ingest.records import SourcedDocument
from realpolitik.records import Document
from realpolitik.store import connect, dataset, insert_event_rows
from realpolitik.store.dataset import append_dataset, open_dataset, write_dataset
from realpolitik.store.pipeline import ingest
from realpolitik.store.query import cluster_dataset

sys.path.insert(0, str(Path(__file__).resolve().parent))
from store_corpus import document

TABLES = (
    "datasets", "coding_runs", "documents", "document_links", "document_minhash",
    "document_bands", "events", "event_clusters", "trade_flows",
)  # fmt: skip


def imported(n: int) -> dict[str, object]:
    return {
        "original_id": str(n), "date": f"2024-01-{1 + n % 28:02d}", "source": "USA",
        "target": "CHN", "code": "042", "root": "04", "quad_class": 1, "goldstein": 1.9,
        "sentence": f"Report {n} about a visit.",
    }  # fmt: skip


def sourced(row: dict[str, str], copy: bool = False) -> SourcedDocument:
    """A generated document, or a wire copy of it (its text with a line added)."""
    identifier = f"copy-{row['id']}" if copy else row["id"]
    text = row["text"] + (" A wire copy." if copy else "")
    doc = Document(id=identifier, text=text, date=row["date"], title=row["title"])
    return SourcedDocument(document=doc, origin=identifier)


@pytest.fixture(scope="module")
def stores(tmp_path_factory: pytest.TempPathFactory, coder: Coder) -> tuple[Path, Path]:
    """Two slices of an archive: 14 documents, and 14 that share 4 with the first and a
    near-duplicate of one of them; each with imported events, 5 of them in both."""
    rng = random.Random(5)
    rows = [document(n, rng) for n in range(24)]
    first = [sourced(row) for row in rows[:14]]
    second = [sourced(row) for row in rows[10:]] + [sourced(rows[15], copy=True)]
    root = tmp_path_factory.mktemp("slices")
    paths = root / "2023a.duckdb", root / "2023b.duckdb"
    for path, documents, numbers in zip(
        paths, (first, second), (range(10), range(5, 15)), strict=True
    ):
        with connect(str(path)) as con:
            ingest(con, documents, coder=coder, batch_size=4)
            insert_event_rows(con, [imported(n) for n in numbers], "icews")
            cluster_dataset(con, "icews")  # the slices cluster the shared reports apart
    return paths


def table_rows(con: duckdb.DuckDBPyConnection, table: str) -> list[tuple[Any, ...]]:
    return sorted(con.execute(f"SELECT * FROM {table}").fetchall(), key=repr)


def contents(directory: Path) -> dict[str, list[tuple[Any, ...]]]:
    con = open_dataset(directory)
    try:
        return {table: table_rows(con, table) for table in TABLES}
    finally:
        con.close()


def keys(db: Path, sql: str) -> set[Any]:
    with connect(str(db), read_only=True) as con:
        return {row[0] for row in con.execute(sql).fetchall()}


def appended(directory: Path, *stores: Path) -> list[dict[str, int]]:
    counts = []
    for store in stores:
        with connect(str(store), read_only=True) as con:
            counts.append(append_dataset(con, directory))
    return counts


def test_store_dataset_appends_what_it_does_not_hold(
    stores: tuple[Path, Path], tmp_path: Path
) -> None:
    first, second = stores
    directory = tmp_path / "archive"
    counts = appended(directory, first, second)
    assert counts[0]["documents"] == 14 and counts[0]["events"] > 20
    assert counts[1]["documents"] == 11  # 10 new, 1 near-duplicate copy, 4 already there
    assert counts[1]["document_links"] == 1
    tables = contents(directory)
    ids = [row[0] for row in tables["documents"]]
    assert len(ids) == len(set(ids)) == 25
    # every event of either slice, once: the shared documents were coded alike
    events = "SELECT event_id FROM events"
    expected = keys(first, events) | keys(second, events)
    con = duckdb.connect()
    found = con.execute(
        f"SELECT event_id FROM read_parquet('{directory}/events/*.parquet')"
    ).fetchall()
    assert len(found) == len(expected) and {row[0] for row in found} == expected
    imports = con.execute(
        f"SELECT count(*) FROM read_parquet('{directory}/events/*.parquet') WHERE doc_id IS NULL"
    ).fetchone()
    assert imports == (15,)
    # runs are numbered after the dataset's, and every reference finds its row
    with connect(str(directory), read_only=True) as store:
        runs = [row[0] for row in store.execute("SELECT run_id FROM coding_runs").fetchall()]
        assert sorted(runs) == list(range(1, len(runs) + 1))
        assert (
            len(runs)
            == keys(first, "SELECT count(*) FROM coding_runs").pop()
            + keys(second, "SELECT count(*) FROM coding_runs").pop()
        )
        dangling = store.execute(
            "SELECT (SELECT count(*) FROM events WHERE run_id NOT IN "
            "(SELECT run_id FROM coding_runs)), (SELECT count(*) FROM documents WHERE "
            "ingest_run NOT IN (SELECT run_id FROM coding_runs)), (SELECT count(*) FROM events "
            "WHERE cluster_id NOT IN (SELECT cluster_id FROM event_clusters)), "
            "(SELECT count(*) - count(DISTINCT cluster_id) FROM event_clusters), "
            "(SELECT count(*) FROM event_clusters WHERE cluster_id NOT IN "
            "(SELECT cluster_id FROM events))"
        ).fetchone()
        assert dangling == (0, 0, 0, 0, 0)
    # appending a slice again adds nothing and leaves the files as they were
    files = sorted(directory.rglob("*.parquet"))
    again = appended(directory, second)[0]
    assert set(again.values()) == {0}
    assert sorted(directory.rglob("*.parquet")) == files
    assert contents(directory) == tables


def test_store_dataset_append_stopped_half_way_completes_when_run_again(
    stores: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = stores
    clean = tmp_path / "clean"
    appended(clean, first, second)
    directory = tmp_path / "stopped"
    renamed = 0
    real_replace = dataset.os.replace

    def replace_three(source: Any, target: Any) -> None:
        nonlocal renamed
        if renamed == 3:
            raise KeyboardInterrupt
        renamed += 1
        real_replace(source, target)

    def stopped(store: Path) -> None:
        nonlocal renamed
        renamed = 0
        monkeypatch.setattr(dataset.os, "replace", replace_three)
        with pytest.raises(KeyboardInterrupt):
            appended(directory, store)
        monkeypatch.setattr(dataset.os, "replace", real_replace)
        assert not list(directory.rglob("*.tmp"))

    # the first append, which writes the whole store, then a later one, stopped and run again
    stopped(first)
    assert not dataset.is_dataset(directory)
    appended(directory, first)
    stopped(second)
    half = contents(directory)
    assert len(half["documents"]) == 14  # the documents are renamed last
    appended(directory, second)
    assert contents(directory) == contents(clean)


def test_store_dataset_appends_at_once_wait_for_each_other(
    stores: tuple[Path, Path], tmp_path: Path
) -> None:
    directory = tmp_path / "archive"
    errors: list[BaseException] = []

    def append(store: Path) -> None:
        try:
            appended(directory, store)
        except BaseException as err:  # reported below
            errors.append(err)

    threads = [threading.Thread(target=append, args=(store,)) for store in stores]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors
    assert len(contents(directory)["documents"]) == 25


def test_store_dataset_refusals(stores: tuple[Path, Path], tmp_path: Path) -> None:
    first, second = stores
    directory = tmp_path / "archive"
    appended(directory, first, second)
    with connect(str(first), read_only=True) as con, pytest.raises(StoreError) as raised:
        write_dataset(con, directory)
    assert str(raised.value) == Errors.E324.format(path=directory)
    # a directory of other files is not taken for a dataset
    other = tmp_path / "other"
    other.mkdir()
    (other / "notes.txt").write_text("mine", encoding="utf-8")
    with connect(str(first), read_only=True) as con, pytest.raises(StoreError) as raised:
        append_dataset(con, other)
    assert str(raised.value) == Errors.E318.format(path=other)
    assert [p.name for p in other.iterdir()] == ["notes.txt"]
    # a place no directory can be made
    blocked = other / "notes.txt" / "dataset"
    with connect(str(first), read_only=True) as con, pytest.raises(StoreError) as raised:
        write_dataset(con, blocked)
    assert str(raised.value) == Errors.E327.format(path=blocked, reason="Not a directory")
    # a dataset of other columns
    changed = tmp_path / "changed"
    with connect(str(first), read_only=True) as con:
        write_dataset(con, changed)
    events = changed / "events" / "data.parquet"
    duckdb.connect().execute(
        f"COPY (SELECT * EXCLUDE (extra) FROM read_parquet('{events}')) TO '{events}.new' "
        "(FORMAT parquet)"
    )
    Path(f"{events}.new").replace(events)
    before = sorted(p for p in changed.rglob("*") if p.name != ".append.lock")
    with connect(str(second), read_only=True) as con, pytest.raises(StoreError) as raised:
        append_dataset(con, changed)
    reason = "the columns of events differ"
    assert str(raised.value) == Errors.E325.format(path=changed, reason=reason)
    assert sorted(p for p in changed.rglob("*") if p.name != ".append.lock") == before
    # a store whose clusters are not done
    queued = tmp_path / "queued.duckdb"
    shutil.copy(second, queued)
    with connect(str(queued)) as con:
        con.execute(
            "INSERT INTO cluster_queue VALUES ('coded', 'RUS', 'UKR', '04', 'asserted', now())"
        )
    with connect(str(queued), read_only=True) as con, pytest.raises(StoreError) as raised:
        append_dataset(con, directory)
    assert str(raised.value) == Errors.E326.format(count=1)


def test_store_dataset_append_from_the_command_line(
    stores: tuple[Path, Path], tmp_path: Path
) -> None:
    first, second = stores
    directory = tmp_path / "archive"
    runner = CliRunner()
    for store, documents in ((first, 14), (second, 11)):
        result = runner.invoke(
            app, ["db", "dataset", str(directory), "--append", "--db", str(store)]
        )
        assert result.exit_code == 0, result.output
        assert result.output.startswith(f"{documents} documents and ")
        assert result.output.rstrip().endswith(f"events added to {directory}")
    listed = runner.invoke(app, ["events", "--db", str(directory), "--format", "csv"])
    assert listed.exit_code == 0
    expected = keys(first, "SELECT event_id FROM events") | keys(
        second, "SELECT event_id FROM events"
    )
    assert listed.output.count("\n") == len(expected) + 1
