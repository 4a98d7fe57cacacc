"""Open the DuckDB event store and keep its schema current.

The schema lives in numbered ``schema/NNN_name.sql`` files; ``migrate`` applies the ones a
store has not seen yet, each inside one transaction, and records it in ``schema_migrations``.
The connection is always passed in: nothing here is global.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

import duckdb
import numpy as np

from realpolitik.errors import Errors, StoreError

DEFAULT_PATH = "realpolitik.duckdb"
ENV_VAR = "REALPOLITIK_DB"
SCHEMA_DIR = Path(__file__).parent / "schema"
_MIGRATION_NAME = re.compile(r"^(\d{3})_([a-z0-9_]+)\.sql$")

Connection = duckdb.DuckDBPyConnection


def default_path() -> Path:
    """The store used when no ``--db`` is given: ``$REALPOLITIK_DB`` or ``./realpolitik.duckdb``.

    Example:
        >>> default_path().name
        'realpolitik.duckdb'
    """
    return Path(os.environ.get(ENV_VAR) or DEFAULT_PATH)


def migrations() -> list[tuple[int, str, str]]:
    """The packaged migrations as (version, name, SQL), in order."""
    found = []
    for file in sorted(SCHEMA_DIR.glob("*.sql")):
        match = _MIGRATION_NAME.match(file.name)
        if match:
            found.append((int(match[1]), match[2], file.read_text(encoding="utf-8")))
    return found


def schema_version(con: Connection) -> int:
    """The highest migration applied to a store (0 for a new one)."""
    exists = con.execute(
        "SELECT count(*) FROM (SELECT table_name AS name FROM duckdb_tables() UNION ALL "
        "SELECT view_name FROM duckdb_views()) WHERE name = 'schema_migrations'"
    ).fetchone()
    if not exists or not exists[0]:
        return 0
    row = con.execute("SELECT coalesce(max(version), 0) FROM schema_migrations").fetchone()
    return int(row[0]) if row else 0


def migrate(con: Connection, path: str = "<store>") -> list[int]:
    """Apply the migrations a store lacks; returns the versions applied.

    Example:
        >>> con = duckdb.connect(":memory:")
        >>> migrate(con)
        [1]
    """
    known = migrations()
    latest = known[-1][0] if known else 0
    current = schema_version(con)
    if current > latest:
        raise StoreError(Errors.E302.format(path=path, found=current, known=latest))
    applied: list[int] = []
    for version, name, sql in known:
        if version <= current:
            continue
        with transaction(con):
            con.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations ("
                "version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, "
                "applied_at TIMESTAMP NOT NULL)"
            )
            con.execute(sql)
            con.execute(
                "INSERT INTO schema_migrations VALUES (?, ?, ?)",
                [version, name, dt.datetime.now(dt.UTC).replace(tzinfo=None)],
            )
        applied.append(version)
    return applied


def connect(
    path: str | Path | None = None, *, read_only: bool = False, create: bool | None = None
) -> Connection:
    """Open (and migrate, if needed) the store at ``path``.

    A store that does not exist yet is created when ``create`` is true, which it is by
    default for writing connections and not for read-only ones (which let several readers
    share a store), so that a mistyped path is an error rather than a new empty store. A
    store that lacks migrations is first migrated. A directory holding a Parquet dataset
    store (``store.dataset.write_dataset``) opens read-only, its tables read in place.

    Raises:
        StoreError: E314 when the store does not exist and is not to be created; E321 when
            a Parquet dataset is opened for writing.

    Example:
        >>> con = connect("events.duckdb")
        >>> con.execute("SELECT count(*) FROM events").fetchone()
        (0,)
    """
    target = str(path if path is not None else default_path())
    in_memory = target == ":memory:"
    if not in_memory and Path(target).is_dir():
        from realpolitik.store.dataset import is_dataset, open_dataset

        if is_dataset(target):
            if not read_only:
                raise StoreError(Errors.E321.format(path=target))
            return open_dataset(target)
    if create is None:
        create = not read_only
    if not in_memory and not Path(target).exists():
        if not create:
            raise StoreError(Errors.E314.format(path=target))
        Path(target).parent.mkdir(parents=True, exist_ok=True)
        if read_only:
            _open(target, read_only=False).close()
    if read_only and not in_memory:
        con = _open(target, read_only=True)
        if schema_version(con) == migrations()[-1][0]:
            return con
        con.close()
        writer = _open(target, read_only=False)
        migrate(writer, target)
        writer.close()
        return _open(target, read_only=True)
    con = _open(target, read_only=False)
    try:
        migrate(con, target)
    except BaseException:
        con.close()
        raise
    return con


def _open(target: str, *, read_only: bool) -> Connection:
    try:
        return duckdb.connect(target, read_only=read_only)
    except duckdb.Error as err:
        reason = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
        raise StoreError(Errors.E301.format(path=target, reason=reason.rstrip("."))) from None


@contextmanager
def opened(
    db: Connection | str | Path | None, *, read_only: bool = False, create: bool | None = None
) -> Iterator[Connection]:
    """Use a connection as given, or open the store at a path for the block and close it."""
    if isinstance(db, duckdb.DuckDBPyConnection):
        yield db
        return
    con = connect(db, read_only=read_only, create=create)
    try:
        yield con
    finally:
        con.close()


@contextmanager
def transaction(con: Connection) -> Iterator[Connection]:
    """One transaction: committed at the end of the block, rolled back on any exception
    (Ctrl-C included), so that a batch is stored whole or not at all."""
    con.execute("BEGIN TRANSACTION")
    try:
        yield con
    except BaseException as err:
        con.execute("ROLLBACK")
        if interrupted(err):
            raise KeyboardInterrupt from err
        raise
    try:
        con.execute("COMMIT")
    except BaseException as err:
        if not interrupted(err):
            raise
        # Ctrl-C during the commit: the batch is stored whole or, rolled back here, not at all
        with suppress(duckdb.Error):
            con.execute("ROLLBACK")
        raise KeyboardInterrupt from err


def interrupted(err: BaseException) -> bool:
    """Whether DuckDB stopped for Ctrl-C: it raises its own error, not KeyboardInterrupt,
    both for a running query ('Query interrupted') and for Python code it was calling (the
    rows of a registered view), whose KeyboardInterrupt it wraps in a ``duckdb.Error``.

    Example:
        >>> interrupted(RuntimeError("Query interrupted")), interrupted(RuntimeError("x"))
        (True, False)
    """
    if isinstance(err, duckdb.InterruptException | KeyboardInterrupt):
        return True
    if type(err) is RuntimeError and "interrupted" in str(err).lower():
        return True
    return isinstance(err, duckdb.Error) and "KeyboardInterrupt" in str(err)


def quote(identifier: str) -> str:
    """An SQL identifier quoted for DuckDB: the one place names enter SQL text.

    Example:
        >>> quote('events')
        '"events"'
    """
    return '"' + identifier.replace('"', '""') + '"'


def path_literal(path: str | Path) -> str:
    """A path inside an SQL string literal, quotes doubled (``COPY`` and ``read_parquet``
    take no parameters).

    Example:
        >>> path_literal("O'Brien/events.parquet")
        "O''Brien/events.parquet"
    """
    return str(path).replace("'", "''")


def tables(con: Connection) -> list[str]:
    """Names of the tables of the store, sorted (those of a Parquet dataset store are
    views over its files)."""
    rows = con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' AND NOT temporary "
        "UNION SELECT view_name FROM duckdb_views() WHERE schema_name = 'main' "
        "AND NOT temporary AND NOT internal ORDER BY 1"
    ).fetchall()
    return [str(row[0]) for row in rows]


def insert_rows(
    con: Connection,
    table: str,
    columns: Mapping[str, str],
    rows: Sequence[Mapping[str, Any]],
    *,
    anti_join: str | Sequence[str] = (),
) -> int:
    """Insert rows (dicts keyed by column) into ``table`` in one statement.

    The values go in as typed columns through a registered NumPy view, which is two orders
    of magnitude faster than row-by-row parameters. ``anti_join`` holds SQL conditions on
    ``t`` (the table) and ``r`` (the new row); a row for which any of them finds a match is
    already stored and skipped. Give equality conditions so that each is a hash join.

    Returns the number of rows inserted.
    """
    if not rows:
        return 0
    view = f"_rows_{table}"
    data = {
        # NumPy object columns cannot hold lists: lists travel as text and are cast back
        name: np.array(
            [_listed(row.get(name)) if kind.endswith("[]") else row.get(name) for row in rows],
            dtype=object,
        )
        for name, kind in columns.items()
    }
    select = ", ".join(f"CAST(r.{quote(n)} AS {kind}) AS {quote(n)}" for n, kind in columns.items())
    names = ", ".join(quote(n) for n in columns)
    sql = f"INSERT INTO {quote(table)} ({names}) SELECT {select} FROM {quote(view)} r"
    conditions = [anti_join] if isinstance(anti_join, str) else list(anti_join)
    if conditions:
        sql += " WHERE " + " AND ".join(
            f"NOT EXISTS (SELECT 1 FROM {quote(table)} t WHERE {c})" for c in conditions
        )
    con.register(view, data)
    try:
        result = con.execute(sql).fetchone()
    finally:
        # an interrupted query aborts the transaction, which then refuses even this
        with suppress(duckdb.Error):
            con.unregister(view)
    return int(result[0]) if result else 0


def _listed(value: Any) -> Any:
    if value is None:
        return None
    return "[" + ", ".join(str(v) for v in value) + "]"


def now() -> dt.datetime:
    """The current UTC time without a zone, as the store's TIMESTAMP columns hold it."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)
