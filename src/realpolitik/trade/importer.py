"""Importing trade files into the store: each file read whole before any of it is stored,
then written in one transaction, so that a rejected or interrupted file leaves the store as
it was, and a re-imported one replaces its own rows.

Each file's first :data:`SHOWN` malformed rows are reported with file and line, the rest
counted; rows that are not flows between countries (a partner "Areas, nes", processing
trade, a breakdown by customs regime) are skipped and counted by kind.

Example:
    >>> report = import_trade(con, "csv", [Path("armstat.csv")])
    >>> print(report)
    58 new flows imported as 'csv', 0 replaced; 1 malformed rows skipped
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from realpolitik.errors import Errors, TradeError
from realpolitik.interchange.rows import Notice, Problem
from realpolitik.store.db import Connection, transaction
from realpolitik.trade import baci, comtrade, tidy
from realpolitik.trade.areas import UNALLOCATED
from realpolitik.trade.records import COLUMNS, TradeFileImport, TradeFlow, TradeImport

SHOWN = 20
CHUNK = 100_000
KEY = ("dataset", "freq", "period", "reporter", "partner", "flow", "hs")
Reader = Callable[[Path], Iterator[TradeFlow | Problem]]
READERS: dict[str, Reader] = {"csv": tidy.read, "comtrade": comtrade.read, "baci": baci.read}


class Skipped(Notice):
    """Rows a reader leaves out on purpose (breakdowns, other flows): ``message`` is what
    they are, counted per file."""


def reader(format: str) -> Reader:
    """The reader of a trade format (E705 for an unknown one)."""
    if format not in READERS:
        raise TradeError(Errors.E705.format(value=format))
    return READERS[format]


def import_trade(
    con: Connection,
    format: str,
    paths: Sequence[Path | str],
    *,
    dataset: str | None = None,
    report: Callable[[Problem], None] | None = None,
    on_rows: Callable[[int], None] | None = None,
) -> TradeImport:
    """Import trade files of ``format`` (csv, comtrade, baci) into the store, as
    ``dataset`` (the format's name by default).

    ``report`` is called with each file's rejection (a Problem at line 0), its notices and
    its first :data:`SHOWN` bad rows; ``on_rows`` with the count of rows read so far.
    """
    read = reader(format)
    name = dataset or format
    done: list[TradeFileImport] = []
    for given in paths:
        path = Path(given)
        try:
            done.append(_import_file(con, read(path), path, name, report, on_rows))
        except TradeError as err:
            if report is not None:
                report(Problem(path, 0, str(err)))
            done.append(TradeFileImport(path, rejected=str(err)))
    return TradeImport(name, tuple(done))


def import_flows(
    con: Connection,
    flows: Iterable[TradeFlow | Problem],
    dataset: str,
    path: Path | str = "<flows>",
    *,
    report: Callable[[Problem], None] | None = None,
) -> TradeFileImport:
    """Store flows built in Python (an API download, a test) as one import."""
    return _import_file(con, iter(flows), Path(path), dataset, report, None)


def _import_file(
    con: Connection,
    items: Iterator[TradeFlow | Problem],
    path: Path,
    dataset: str,
    report: Callable[[Problem], None] | None,
    on_rows: Callable[[int], None] | None,
) -> TradeFileImport:
    import pandas as pd

    bad = 0
    skipped: dict[str, int] = {}
    staged = 0
    con.execute(
        "CREATE OR REPLACE TEMP TABLE trade_staging AS SELECT * EXCLUDE (dataset, file, "
        "imported_at) FROM trade_flows LIMIT 0"
    )
    chunk: list[tuple[Any, ...]] = []

    def flush() -> None:
        nonlocal chunk
        if chunk:
            frame = pd.DataFrame.from_records(chunk, columns=list(COLUMNS))
            con.register("trade_chunk", frame)
            try:
                con.execute(
                    f"INSERT INTO trade_staging ({', '.join(COLUMNS)}) "
                    f"SELECT {', '.join(COLUMNS)} FROM trade_chunk"
                )
            finally:
                con.unregister("trade_chunk")
            chunk = []

    for item in items:
        if isinstance(item, Skipped):
            skipped[item.message] = skipped.get(item.message, 0) + 1
            continue
        if isinstance(item, Notice):
            if report is not None:
                report(item)
            continue
        if isinstance(item, Problem):
            bad += 1
            if report is not None and bad <= SHOWN:
                report(item)
            continue
        if item.partner == UNALLOCATED or item.reporter == UNALLOCATED:
            what = "partners that are not countries (areas nes, bunkers)"
            skipped[what] = skipped.get(what, 0) + 1
            continue
        chunk.append(tuple(getattr(item, c) for c in COLUMNS))
        staged += 1
        if len(chunk) >= CHUNK:
            flush()
            if on_rows is not None:
                on_rows(staged)
    flush()
    if report is not None:
        if bad > SHOWN:
            report(Notice(path, 0, Errors.E709.format(path=path, count=bad - SHOWN)))
        for what, count in skipped.items():
            report(Notice(path, 0, Errors.E706.format(path=path, count=count, what=what)))
    keys = ", ".join(k for k in KEY if k != "dataset")
    distinct = con.execute(
        f"SELECT count(*) FROM (SELECT DISTINCT {keys} FROM trade_staging)"
    ).fetchone()
    unique = int(distinct[0]) if distinct else 0
    if unique < staged and report is not None:
        report(Notice(path, 0, Errors.E707.format(path=path, count=staged - unique)))
    existing = con.execute(
        f"SELECT count(*) FROM (SELECT DISTINCT {keys} FROM trade_staging) s "
        f"JOIN trade_flows t USING ({keys}) WHERE t.dataset = ?",
        [dataset],
    ).fetchone()
    replaced = int(existing[0]) if existing else 0
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)
    with transaction(con):
        con.execute(
            f"INSERT OR REPLACE INTO trade_flows (dataset, {', '.join(COLUMNS)}, file, "
            f"imported_at) SELECT ?, {', '.join(COLUMNS)}, ?, ? FROM trade_staging "
            f"QUALIFY row_number() OVER (PARTITION BY {keys} ORDER BY line DESC) = 1",
            [dataset, str(path), now],
        )
    con.execute("DROP TABLE trade_staging")
    return TradeFileImport(
        path, added=unique - replaced, replaced=replaced, bad_rows=bad, skipped=skipped
    )
