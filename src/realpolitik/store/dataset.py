"""The store as a Parquet dataset that DuckDB reads where it lies, and that grows by parts.

A *Parquet dataset* is a directory with one folder per table of Parquet files
(``events/*.parquet``, ``documents/*.parquet``, ...) and a ``realpolitik-dataset.txt`` mark.
``write_dataset`` writes a whole store as one; ``open_dataset`` (or ``connect(directory)``)
opens one read-only as DuckDB views over every file of each folder, so every query of the
store runs on it without loading it anywhere.

``append_dataset`` adds a store's rows to a dataset as one new file per table (a *part*),
so that an archive larger than one machine's disk is coded a slice at a time into a small
local store, appended to a dataset on shared storage, and the local store removed. What is
already in the dataset is never rewritten: a document already there (the same text) is not
added again, nor are its events; the store's coding runs are numbered after the dataset's.
Near-duplicates and clusters are those the store found within itself: a wire copy of a
document of an earlier part is coded anew, and a cluster keeps the figures (mentions,
articles, dates) of the part that first held it. Parts are written under temporary names
and renamed, the documents last: an append stopped half way is completed by running it
again, with nothing added twice.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb

from realpolitik.errors import Errors, StoreError
from realpolitik.store.db import Connection, path_literal, quote, tables

DATASET_MARK = "realpolitik-dataset.txt"
"""The file that marks a directory as a dataset, so that unrelated Parquet files are not
taken for one."""

WHOLE = "data.parquet"
"""The file of a table that ``write_dataset`` writes; appended parts are ``part-*.parquet``."""

_LOCK = ".append.lock"
_APPENDED = "_appended"  # a temporary table: the documents an append adds
_RUNS = "_run_numbers"  # a temporary table: a run of the store -> its number in the dataset

# What an append adds to each table, in the order the parts are renamed into place: a row is
# added unless the dataset holds it (by its key), and the documents come last, as which
# documents are new decides what else is added when an append is run again (and the
# clusters before the events, as the events added decide which clusters are).
_RUN = f"(SELECT CAST(n.dataset_run AS INTEGER) FROM {_RUNS} n WHERE n.store_run = {{0}})"
# the store's events an append adds: those of the documents it adds, and imported events
_NEW_EVENTS = (
    f"((doc_id IN (SELECT doc_id FROM {_APPENDED}) AND event_id NOT IN (SELECT event_id "
    f"FROM {{events}} WHERE doc_id IN (SELECT doc_id FROM {_APPENDED}))) OR (doc_id IS NULL "
    "AND event_id NOT IN (SELECT event_id FROM {events} WHERE doc_id IS NULL)))"
)
_ADDED: dict[str, str] = {
    "datasets": "SELECT * FROM datasets WHERE name NOT IN (SELECT name FROM {d})",
    "coding_runs": (
        f"SELECT * REPLACE ({_RUN.format('run_id')} AS run_id) FROM coding_runs "
        f"WHERE run_id NOT IN (SELECT store_run FROM {_RUNS} WHERE known)"
    ),
    "event_clusters": (
        "SELECT * FROM event_clusters WHERE cluster_id IN (SELECT cluster_id FROM events "
        "WHERE {new_events}) AND cluster_id NOT IN (SELECT cluster_id FROM {d})"
    ),
    "events": (
        f"SELECT * REPLACE ({_RUN.format('run_id')} AS run_id) FROM events WHERE {{new_events}}"
    ),
    "document_links": (
        f"SELECT * FROM document_links WHERE doc_id IN (SELECT doc_id FROM {_APPENDED}) "
        "AND (doc_id, original_doc_id) NOT IN (SELECT (doc_id, original_doc_id) FROM {d})"
    ),
    "document_minhash": (
        f"SELECT * FROM document_minhash WHERE doc_id IN (SELECT doc_id FROM {_APPENDED}) "
        "AND doc_id NOT IN (SELECT doc_id FROM {d})"
    ),
    "document_bands": (
        f"SELECT * FROM document_bands WHERE doc_id IN (SELECT doc_id FROM {_APPENDED}) "
        f"AND doc_id NOT IN (SELECT doc_id FROM {{d}} WHERE doc_id IN "
        f"(SELECT doc_id FROM {_APPENDED}))"
    ),
    "trade_flows": (
        "SELECT * FROM trade_flows WHERE (dataset, freq, period, reporter, partner, flow, hs) "
        "NOT IN (SELECT (dataset, freq, period, reporter, partner, flow, hs) FROM {d})"
    ),
    "documents": (
        f"SELECT * REPLACE ({_RUN.format('ingest_run')} AS ingest_run, "
        f"{_RUN.format('coded_run')} AS coded_run) FROM documents "
        f"WHERE doc_id IN (SELECT doc_id FROM {_APPENDED})"
    ),
}
# the tables an append leaves as they are: the dataset's schema version must be the
# store's, and the store's queue of blocks to cluster must be empty
_KEPT = ("schema_migrations", "cluster_queue")


def write_dataset(con: Connection, directory: str | Path) -> dict[str, int]:
    """Write every table of a store as a Parquet dataset: ``directory/<table>/data.parquet``
    (each file to a temporary name, then renamed); returns the rows per table.

    Raises:
        StoreError: E324 when the directory is a dataset that parts were appended to, which
            writing this store over it would lose; E327 when it cannot be written.

    Example:
        >>> write_dataset(con, "events-dataset")["events"]
        10452
    """
    root = Path(directory)
    with _writing(root):
        root.mkdir(parents=True, exist_ok=True)
        with _locked(root):
            if is_dataset(root) and _parts(root):
                raise StoreError(Errors.E324.format(path=root))
            return _write_whole(con, root)


def _write_whole(con: Connection, root: Path) -> dict[str, int]:
    """Every table as ``<table>/data.parquet``, then the mark."""
    counts: dict[str, int] = {}
    for table in tables(con):
        folder = root / table
        folder.mkdir(exist_ok=True)
        scratch = _write_part(con, folder, f"SELECT * FROM {quote(table)}", keep_empty=True)
        try:
            os.replace(scratch.path, folder / WHOLE)
        finally:
            scratch.path.unlink(missing_ok=True)
        counts[table] = scratch.rows
    _mark(root)
    return counts


def append_dataset(con: Connection, directory: str | Path) -> dict[str, int]:
    """Add the rows of a store that a dataset does not hold yet, one new part file per
    table; returns the rows added per table. A directory that is not a dataset yet (missing
    or empty) gets the whole store, as from :func:`write_dataset`.

    Raises:
        StoreError: E318 for a directory of other files, E325 when the store's schema or
            columns differ from the dataset's, E326 when the store has blocks waiting to be
            clustered, E327 when the dataset cannot be written.

    Example:
        >>> append_dataset(con, "/shared/events-dataset")["documents"]
        4210
    """
    root = Path(directory)
    if not is_dataset(root) and not _unfinished(root, tables(con)):
        raise StoreError(Errors.E318.format(path=root))
    with _writing(root):
        root.mkdir(parents=True, exist_ok=True)
        with _locked(root):
            if is_dataset(root):
                return _append(con, root)
            if not _unfinished(root, tables(con)):  # filled meanwhile with other files
                raise StoreError(Errors.E318.format(path=root))
            return _write_whole(con, root)


def _unfinished(root: Path, names: list[str]) -> bool:
    """Whether ``root`` is missing, empty, or what an interrupted first write of a dataset
    leaves: folders of the store's tables holding nothing but their ``data.parquet`` and
    temporary files."""
    if not root.exists():
        return True
    if not root.is_dir():
        return False
    for entry in root.iterdir():
        if entry.name == _LOCK:
            continue
        if not entry.is_dir() or entry.name not in names:
            return False
        if any(f.name != WHOLE and not f.name.endswith(".tmp") for f in entry.iterdir()):
            return False
    return True


def _append(con: Connection, root: Path) -> dict[str, int]:
    """Add the rows the dataset does not hold, a part per table (see :data:`_ADDED`)."""
    with _beside(con, root) as views:
        _check_appendable(con, root, views)
        _number_runs(con, views["coding_runs"])
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE {_APPENDED} AS SELECT doc_id FROM documents "
            f"WHERE doc_id NOT IN (SELECT doc_id FROM {views['documents']})"
        )
        new_events = _NEW_EVENTS.format(**views)
        parts: list[tuple[str, _Part]] = []
        try:
            for table, sql in _ADDED.items():
                query = sql.format(d=views[table], new_events=new_events)
                parts.append((table, _write_part(con, root / table, query)))
            for table, part in parts:  # in the order of _ADDED: the documents last
                if part.rows:
                    os.replace(part.path, root / table / f"part-{_digest(part.path)}.parquet")
        finally:
            for _, part in parts:
                part.path.unlink(missing_ok=True)
    return {table: part.rows for table, part in parts}


def is_dataset(path: str | Path) -> bool:
    """Whether ``path`` is a directory holding a Parquet dataset store."""
    return (Path(path) / DATASET_MARK).is_file()


def open_dataset(directory: str | Path) -> Connection:
    """Open a Parquet dataset store read-only: an in-memory DuckDB whose tables are views
    over the dataset's files, read where they lie (a local or mounted directory).

    Raises:
        StoreError: E318 when the directory is not a dataset.

    Example:
        >>> con = open_dataset("events-dataset")
        >>> con.execute("SELECT count(*) FROM events").fetchone()
        (10452,)
    """
    root = Path(directory)
    if not is_dataset(root):
        raise StoreError(Errors.E318.format(path=root))
    con = duckdb.connect(":memory:")
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        _create_view(con, quote(folder.name), folder)
    return con


def _create_view(con: Connection, view: str, folder: Path, *, temporary: bool = False) -> bool:
    """A view over every Parquet file of a table's folder; False (and none) when it has
    none."""
    if not any(folder.glob("*.parquet")):
        return False
    pattern = path_literal(folder / "*.parquet")
    kind = "OR REPLACE TEMP VIEW" if temporary else "VIEW"
    con.execute(f"CREATE {kind} {view} AS SELECT * FROM read_parquet('{pattern}')")
    return True


def _mark(root: Path) -> None:
    (root / DATASET_MARK).write_text(
        "A realpolitik store as Parquet: one folder per table; DuckDB reads it with "
        "read_parquet('<table>/*.parquet').\n",
        encoding="utf-8",
    )


def _parts(root: Path) -> list[Path]:
    """The appended part files of a dataset."""
    return sorted(root.glob("*/part-*.parquet"))


@contextmanager
def _locked(root: Path) -> Iterator[None]:
    """One append at a time into a dataset (a second one waits for the first)."""
    with (root / _LOCK).open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


@contextmanager
def _writing(root: Path) -> Iterator[None]:
    """File errors of writing a dataset as E327."""
    try:
        yield
    except (OSError, duckdb.IOException) as err:
        reason = getattr(err, "strerror", None) or str(err)
        raise StoreError(Errors.E327.format(path=root, reason=reason)) from None


@contextmanager
def _beside(con: Connection, root: Path) -> Iterator[dict[str, str]]:
    """Temporary views of the dataset's tables beside the store's, by table name; they and
    the append's temporary tables are dropped at the end."""
    views: dict[str, str] = {}
    try:
        for table in tables(con):
            view = quote(f"_dataset_{table}")
            if _create_view(con, view, root / table, temporary=True):
                views[table] = view
        yield views
    finally:
        for view in views.values():
            con.execute(f"DROP VIEW IF EXISTS {view}")
        con.execute(f"DROP TABLE IF EXISTS {_APPENDED}")
        con.execute(f"DROP TABLE IF EXISTS {_RUNS}")


def _columns(con: Connection, relation: str) -> list[str]:
    return [str(row[0]) for row in con.execute(f"DESCRIBE SELECT * FROM {relation}").fetchall()]


def _check_appendable(con: Connection, root: Path, views: dict[str, str]) -> None:
    known = set(_ADDED) | set(_KEPT)
    unknown = sorted(set(tables(con)) - known)
    if unknown:  # a table added to the schema needs its rule in _ADDED
        raise StoreError(Errors.E325.format(path=root, reason=f"no rule appends {unknown[0]}"))
    for table in tables(con):
        if table not in views:
            raise StoreError(Errors.E325.format(path=root, reason=f"it has no {table} table"))
        if table in _ADDED and _columns(con, quote(table)) != _columns(con, views[table]):
            reason = f"the columns of {table} differ"
            raise StoreError(Errors.E325.format(path=root, reason=reason))
    ours = con.execute("SELECT max(version) FROM schema_migrations").fetchone()
    theirs = con.execute(f"SELECT max(version) FROM {views['schema_migrations']}").fetchone()
    if ours != theirs:
        version = theirs[0] if theirs else None
        reason = f"it has schema version {version}, the store {ours[0] if ours else None}"
        raise StoreError(Errors.E325.format(path=root, reason=reason))
    waiting = con.execute("SELECT count(*) FROM cluster_queue").fetchone()
    if waiting and waiting[0]:
        raise StoreError(Errors.E326.format(count=waiting[0]))


def _number_runs(con: Connection, runs: str) -> None:
    """Number the store's runs in the dataset: a run already appended (the same kind,
    dataset and start) keeps its number there, the others follow the dataset's last."""
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE {_RUNS} AS
        WITH known AS (
            SELECT s.run_id AS store_run, min(d.run_id) AS dataset_run
            FROM coding_runs s JOIN {runs} d
              ON s.kind = d.kind AND s.dataset = d.dataset AND s.started_at = d.started_at
            GROUP BY s.run_id
        ), top AS (SELECT coalesce(max(run_id), 0) AS top FROM {runs})
        SELECT store_run, dataset_run, TRUE AS known FROM known
        UNION ALL
        SELECT s.run_id, top.top + row_number() OVER (ORDER BY s.run_id), FALSE
        FROM coding_runs s, top WHERE s.run_id NOT IN (SELECT store_run FROM known)
        """
    )


@dataclass(frozen=True)
class _Part:
    """A file written under a temporary name, and the rows it holds."""

    path: Path
    rows: int


def _write_part(con: Connection, folder: Path, sql: str, *, keep_empty: bool = False) -> _Part:
    """The rows ``sql`` selects written to a temporary file in ``folder`` (removed again
    when there are none, unless ``keep_empty``)."""
    scratch = folder / f".part.{uuid.uuid4().hex}.tmp"
    try:
        row = con.execute(f"COPY ({sql}) TO '{path_literal(scratch)}' (FORMAT parquet)").fetchone()
    except BaseException:
        scratch.unlink(missing_ok=True)
        raise
    rows = int(row[0]) if row else 0
    if rows == 0 and not keep_empty:
        scratch.unlink(missing_ok=True)
    return _Part(scratch, rows)


def _digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()[:20]


__all__ = [
    "DATASET_MARK",
    "WHOLE",
    "append_dataset",
    "is_dataset",
    "open_dataset",
    "write_dataset",
]
