"""The store as a library: schema, imported rows, queries, clusters, exports."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from realpolitik.cli.render import CSV_COLUMNS, flat
from realpolitik.errors import StoreError
from realpolitik.records import Attribution, Event, Location, Quantity, Span
from realpolitik.store import (
    EVENT_COLUMNS,
    FLAT_COLUMNS,
    EventFilter,
    StoredCluster,
    StoredEvent,
    cluster_dataset,
    connect,
    event_detail,
    event_row,
    event_rows,
    export_table,
    insert_event_rows,
    migrate,
    schema_version,
    select_events,
    short_ids,
)
from realpolitik.store.clusters import Mention, cluster_mentions, compatible_codes
from realpolitik.store.db import migrations
from realpolitik.store.similarity import NEAR_DUPLICATE, document_id, minhash, similarity


def make_event(**changes: object) -> Event:
    fields: dict[str, object] = dict(
        event_id="e1", doc_id="d1", date=dt.date(2023, 9, 8), date_precision="day",
        date_source="text", source="RUSGOV", source_name="Moscow", source_country="RUS",
        target="ARMGOV", target_name="Armenia", target_country="ARM", code="1246", root="12",
        event_name="Summon ambassador", quad_class=3, goldstein=-4.0, plover_type="REJECT",
        plover_mode=None, modality="asserted",
        attribution=Attribution(speaker="TASS", speaker_code=None, cue="according to"),
        location=Location(name="Moscow", country="RUS", country_iso2="RU", latitude=55.75,
                          longitude=37.62, precision="city", text="Moscow"),
        quantity=Quantity(value=2.0, counted="diplomat", approximate=True, text="two"),
        sentence="Moscow summoned Armenia's ambassador.", sentence_index=0, char_start=7,
        char_end=15, trigger="summoned", source_span=Span(start=0, end=6),
        target_span=Span(start=16, end=23), rules=("ev-1", "act-RUS"),
        dictionary_version="2026.11.0", coder_version="realpolitik.coder.v1/0.1.0",
        confidence=0.9,
    )  # fmt: skip
    fields.update(changes)
    return Event.model_validate(fields)


def imported(n: int, **changes: object) -> dict[str, object]:
    row: dict[str, object] = {
        "original_id": str(n), "date": f"2024-01-{1 + n % 28:02d}", "source": "USA",
        "target": "CHN" if n % 2 else "RUSGOV", "code": "042" if n % 3 else "190",
        "root": "04" if n % 3 else "19", "quad_class": 1 if n % 3 else 4,
        "goldstein": 1.9, "sentence": f"Report {n} about a visit.", "NumMentions": n,
        "url": f"https://example.org/{n}",
    }  # fmt: skip
    row.update(changes)
    return row


@pytest.fixture
def db(tmp_path: Path) -> duckdb.DuckDBPyConnection:
    con = connect(tmp_path / "store.duckdb")
    yield con
    con.close()


def test_store_columns_match_the_flat_row_of_code() -> None:
    assert list(FLAT_COLUMNS) == CSV_COLUMNS
    event = make_event()
    assert event_row(event) == {**flat(event), "date": event.date}


def test_store_migrations_are_numbered_and_applied_once(db: duckdb.DuckDBPyConnection) -> None:
    versions = [v for v, _, _ in migrations()]
    assert versions == sorted(versions) and versions[0] == 1
    assert schema_version(db) == versions[-1]
    assert migrate(db) == []
    names = {r[0]: r[1] for r in db.execute("DESCRIBE events").fetchall()}
    assert list(names)[: len(CSV_COLUMNS)] == CSV_COLUMNS
    assert names["date"] == "DATE" and names["code"] == "VARCHAR"
    assert names["quantity_approximate"] == "BOOLEAN" and names["extra"] == "JSON"


def test_store_refuses_a_newer_schema(tmp_path: Path) -> None:
    path = tmp_path / "new.duckdb"
    connect(path).close()
    con = duckdb.connect(str(path))
    con.execute("INSERT INTO schema_migrations VALUES (999, 'future', now())")
    con.close()
    with pytest.raises(StoreError, match="newer than"):
        connect(path)


def test_store_locked_by_another_process_gives_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "locked.duckdb"
    connect(path).close()
    holder = subprocess.Popen(
        [sys.executable, "-c",
         f"import duckdb, time; c = duckdb.connect({str(path)!r}); print('ok', flush=True); "
         "time.sleep(30)"],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ok"
        with pytest.raises(StoreError, match="Cannot open the event store") as info:
            connect(path)
        assert "\n" not in str(info.value)
    finally:
        holder.kill()
        holder.wait()


def test_store_import_is_idempotent_and_keeps_extra_fields(db: duckdb.DuckDBPyConnection) -> None:
    rows = [imported(n) for n in range(50)]
    assert insert_event_rows(db, rows, "gdelt") == 50
    assert insert_event_rows(db, rows, "gdelt") == 0
    assert insert_event_rows(db, [*rows[:10], imported(50)], "gdelt") == 1
    first = next(event_rows(db, dataset="gdelt", limit=1))
    assert first["event_id"] == "gdelt-0" and first["extra"] == {"NumMentions": 0}
    assert first["cluster_id"] == first["event_id"]
    clusters = db.execute("SELECT count(*) FROM event_clusters").fetchone()
    assert clusters == (51,)


def test_store_import_rejects_bad_values_and_dataset_names(db: duckdb.DuckDBPyConnection) -> None:
    with pytest.raises(StoreError, match=r"row 2 of 'icews'.*goldstein"):
        insert_event_rows(db, [imported(1), imported(2, goldstein="strong")], "icews")
    with pytest.raises(StoreError, match="Invalid dataset name"):
        insert_event_rows(db, [imported(1)], "Bad Name")


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"dyad": ("USA", "CHN")}, 25),
        ({"actor": "RUS"}, 25),
        ({"code": "19"}, 17),
        ({"code": "042", "quad": (1,)}, 33),
        ({"since": dt.date(2024, 1, 27)}, 2),
        ({"text": "report 4"}, 11),
        ({"dataset": "icews"}, 0),
    ],
)
def test_store_event_filters(
    db: duckdb.DuckDBPyConnection, filters: dict[str, object], expected: int
) -> None:
    insert_event_rows(db, [imported(n) for n in range(50)], "gdelt")
    assert len(list(select_events(db, EventFilter(**filters)))) == expected


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [("190", "193", True), ("193", "195", False), ("04", "042", True), ("042", "043", False),
     ("1246", "124", True), ("010", "012", True), ("120", "190", False)],
)  # fmt: skip
def test_store_compatible_codes(a: str, b: str, expected: bool) -> None:
    assert compatible_codes(a, b) is expected


def mention(event_id: str, day: int, **changes: object) -> Mention:
    fields: dict[str, object] = dict(
        event_id=event_id, doc_id=f"doc-{event_id}", date=dt.date(2024, 3, day),
        date_precision="day", code="190", location_name=None, location_country=None,
        words=frozenset({"shelled", "positions", "border"}),
    )  # fmt: skip
    fields.update(changes)
    return Mention(**fields)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("mentions", "clusters"),
    [
        ([mention("a", 1), mention("b", 1), mention("c", 2)], 1),
        ([mention("a", 1), mention("b", 9)], 2),
        ([mention("a", 1, location_name="Kharkiv"), mention("b", 1, location_name="Odesa")], 2),
        ([mention("a", 1), mention("b", 2, words=frozenset({"unrelated", "words"}))], 2),
        ([mention("a", 1, code="193"), mention("b", 1, code="195")], 2),
        ([mention("a", 1, date_precision="month"), mention("b", 28)], 1),
    ],
)
def test_store_cluster_mentions(mentions: list[Mention], clusters: int) -> None:
    assigned = cluster_mentions(mentions)
    assert len(set(assigned.values())) == clusters
    assert cluster_mentions(list(reversed(mentions))) == assigned


def test_store_imported_reports_cluster_on_demand(db: duckdb.DuckDBPyConnection) -> None:
    rows = [
        imported(n, original_id=f"r{n}", date="2024-02-02", target="UKR", code="190", root="19",
                 sentence="Russian forces shelled Kharkiv overnight.")
        for n in range(6)
    ]  # fmt: skip
    insert_event_rows(db, rows, "icews")
    assert cluster_dataset(db, "icews") == 1
    detail = event_detail(db, "icews-r3")
    assert detail.cluster is not None and detail.cluster.mentions == 6
    assert detail.cluster.sources == 1 and len(detail.mentions) == 6


def test_store_export_table_to_parquet(db: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    insert_event_rows(db, [imported(n) for n in range(20)], "acled")
    out = tmp_path / "out" / "events.parquet"
    assert export_table(db, "events", out) == 20
    back = duckdb.sql(f"SELECT code, date FROM read_parquet('{out}') ORDER BY code").fetchall()
    assert len(back) == 20 and back[0][0] == "042" and isinstance(back[0][1], dt.date)
    with pytest.raises(StoreError, match=r"Unknown table 'nope'\. Tables: .*events"):
        export_table(db, "nope", out)


def test_store_event_columns_are_the_contract() -> None:
    assert list(EVENT_COLUMNS)[len(CSV_COLUMNS) :] == [
        "dataset", "original_id", "url", "run_id", "cluster_id", "extra",
    ]  # fmt: skip


def test_store_document_ids_and_near_duplicates() -> None:
    story = (
        "Armenia and Azerbaijan agreed on Tuesday to resume talks on the delimitation of "
        "their border, the foreign ministries of both countries said in a joint statement "
        "after a meeting in Brussels hosted by the president of the European Council. "
    ) * 2
    assert document_id(story) == document_id("  " + story.replace(" ", "\n", 3))
    copy = "Wire report. " + story + " Subscribe to our newsletter."
    other = (
        story.replace("Brussels", "Geneva")
        .replace("Tuesday", "Friday")
        .replace("agreed", "refused")
    )
    assert similarity(minhash(story), minhash(copy)) >= NEAR_DUPLICATE
    assert similarity(minhash(story), minhash("Russia warned Armenia.")) < 0.2
    assert similarity(minhash(story), minhash(other)) < 1.0


def test_store_read_only_connections_share_a_store(tmp_path: Path) -> None:
    path = tmp_path / "shared.duckdb"
    writer = connect(path)
    insert_event_rows(writer, [imported(1)], "plover")
    writer.close()
    started = time.perf_counter()
    first, second = connect(path, read_only=True), connect(path, read_only=True)
    assert first.execute("SELECT count(*) FROM events").fetchone() == (1,)
    assert second.execute("SELECT count(*) FROM events").fetchone() == (1,)
    first.close()
    second.close()
    assert time.perf_counter() - started < 5


def test_store_rows_are_typed_and_have_the_event_columns(db: duckdb.DuckDBPyConnection) -> None:
    assert StoredEvent.columns() == tuple(EVENT_COLUMNS)
    assert StoredCluster.columns() == (*EVENT_COLUMNS, "mentions", "articles", "sources")
    insert_event_rows(db, [imported(n) for n in range(6)], "gdelt")
    rows = list(select_events(db, EventFilter(code="19")))
    assert rows and all(type(r) is StoredEvent for r in rows)
    assert rows[0].date == dt.date(2024, 1, 1) and rows[0].extra == {"NumMentions": 0}
    clusters = list(select_events(db, EventFilter(code="19", clusters=True)))
    assert [(type(c), c.mentions) for c in clusters] == [(StoredCluster, 1)] * len(rows)
    # exporters keep taking dicts keyed by the columns
    as_dicts = list(event_rows(db, code="19"))
    assert as_dicts == [r.as_dict() for r in rows] and list(as_dicts[0]) == list(EVENT_COLUMNS)
    assert StoredEvent.coded(make_event()).as_dict() == {
        **dict.fromkeys(EVENT_COLUMNS), **event_row(make_event()),
    }  # fmt: skip
    detail = event_detail(db, rows[0].event_id)
    assert detail.event == rows[0]


def test_store_short_ids_name_one_event_each(db: duckdb.DuckDBPyConnection) -> None:
    ids = ["5f1c0e2a9b7d3c41", "5f1c0e2a9b00aa11", "0b3e77d1c2a4e5f6", "5f1c0e2a", "abc"]
    insert_event_rows(db, [imported(n, event_id=i) for n, i in enumerate(ids)], "gdelt")
    short = short_ids(db, [*ids[:3], "abc"])
    assert short == {
        "5f1c0e2a9b7d3c41": "5f1c0e2a9b7d", "5f1c0e2a9b00aa11": "5f1c0e2a9b00",
        "0b3e77d1c2a4e5f6": "0b3e77d1", "abc": "abc",
    }  # fmt: skip
    for event_id, prefix in short.items():
        assert event_detail(db, prefix).event.event_id == event_id


def test_store_ctrl_c_inside_duckdb_rolls_back_and_reads_as_an_interrupt(tmp_path: Path) -> None:
    # DuckDB wraps a KeyboardInterrupt raised in Python code it calls in an error of its own
    from realpolitik.store.db import transaction

    path = tmp_path / "store.duckdb"
    con = connect(path)
    con.execute("CREATE TABLE marks (n INTEGER)")

    def stop(value: int) -> int:
        raise KeyboardInterrupt

    con.create_function("stop", stop)
    with pytest.raises(KeyboardInterrupt), transaction(con):
        con.execute("INSERT INTO marks VALUES (1)")
        con.execute("SELECT stop(1)").fetchall()
    assert con.execute("SELECT count(*) FROM marks").fetchone() == (0,)
    con.close()


def test_a_store_of_the_first_schema_gains_the_cluster_fields_from_its_events(
    tmp_path: Path,
) -> None:
    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))
    version, name, sql = migrations()[0]
    con.execute(sql)
    con.execute(
        "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, "
        "applied_at TIMESTAMP NOT NULL)"
    )
    con.execute("INSERT INTO schema_migrations VALUES (?, ?, now())", [version, name])
    for event_id, speaker in (("a1", "officials"), ("a2", None), ("b1", "a soldier")):
        cluster = event_id[0] + "1"
        con.execute(
            "INSERT INTO events (event_id, date, source, source_country, target, "
            "target_country, code, plover_type, plover_mode, confidence, attribution_speaker, "
            "dataset, cluster_id) VALUES (?, DATE '2023-09-19', 'AZEMIL', 'AZE', 'NKRCVL', "
            "'NKR', '190', 'ASSAULT', 'aerial', 0.9, ?, 'coded', ?)",
            [event_id, speaker, cluster],
        )
    con.execute(
        "INSERT INTO event_clusters SELECT cluster_id, 'coded', min(date), max(date), "
        "any_value(source), any_value(target), '190', '19', 4, -10.0, 'ASSAULT', 'asserted', "
        "NULL, NULL, count(*), count(*), 1 FROM events GROUP BY cluster_id"
    )
    con.close()
    with connect(path, read_only=True) as migrated:
        rows = migrated.execute(
            "SELECT cluster_id, source_country, target_country, plover_mode, confidence, stated "
            "FROM event_clusters ORDER BY cluster_id"
        ).fetchall()
    # a1's cluster has a mention stated as fact (a2); b1's only mention is a claim
    assert rows == [
        ("a1", "AZE", "NKR", "aerial", 0.9, True),
        ("b1", "AZE", "NKR", "aerial", 0.9, False),
    ]
