"""``realpolitik ingest``, ``recode``, ``events``, ``show`` and ``db``: the event store."""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from functools import partial
from pathlib import Path
from typing import Annotated, Any, TextIO, cast

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, Progress, TaskID, TextColumn, TimeRemainingColumn
from rich.text import Text

from realpolitik.cli.code import EncodingOption, parse_date
from realpolitik.cli.render import is_terminal, say_problem
from realpolitik.errors import Errors, OutputError, StoreError
from realpolitik.ingest.readers import DEFAULT_ENCODING, check_encoding
from realpolitik.outfiles import replacing_text
from realpolitik.render import DelimitedWriter, print_table, write_jsonl
from realpolitik.store import (
    DEFAULT_PATH,
    EventDetail,
    EventFilter,
    IngestStats,
    IngestSummary,
    Problem,
    StoredCluster,
    StoredEvent,
    cluster_dataset,
    connect,
    default_path,
    event_detail,
    export_events,
    export_table,
    ingest,
    recode,
    select_events,
    short_ids,
    store_info,
)
from realpolitik.store.db import Connection

err = Console(stderr=True, soft_wrap=True)
DbOption = Annotated[
    Path | None,
    typer.Option(
        "--db",
        envvar="REALPOLITIK_DB",
        metavar="PATH",
        # in the help text, not show_default, which typer prints in parentheses
        help=escape(f"The store file [default: ./{DEFAULT_PATH}]."),
        show_default=False,
    ),
]
DictOption = Annotated[
    list[Path] | None,
    typer.Option("--dict", metavar="PATH", help="Extra dictionary file or directory; repeatable."),
]
WorkersOption = Annotated[
    int | None,
    typer.Option(
        metavar="N",
        help="Coding processes \\[default: the number of cores].",
        show_default=False,
    ),
]
BatchOption = Annotated[int, typer.Option(metavar="N", help="Documents per transaction.")]
db_app = typer.Typer(help="Inspect, export and re-cluster the event store.", no_args_is_help=True)


class Format(StrEnum):
    table = "table"
    jsonl = "jsonl"
    csv = "csv"
    tsv = "tsv"
    parquet = "parquet"


class Modality(StrEnum):
    asserted = "asserted"
    negated = "negated"
    hypothetical = "hypothetical"


_SUFFIX_FORMATS = {
    ".jsonl": Format.jsonl, ".csv": Format.csv, ".tsv": Format.tsv, ".tab": Format.tsv,
    ".txt": Format.table, ".parquet": Format.parquet,
}  # fmt: skip
_FORMAT_HELP = (
    "Output format; by default a table on a terminal, tsv in a pipe (one event a line under "
    "a header row, which cut, sort, awk, spreadsheets and DuckDB read as they are), and with "
    "--output the one the file's suffix names: .jsonl, .csv, .tsv, .txt (a table), else parquet."
)


def ingest_command(
    paths: Annotated[
        list[str],
        typer.Argument(
            metavar="PATH",
            help="Files, directories, glob patterns, feed files, feed or page URLs; '-' is stdin.",
        ),
    ],
    db: DbOption = None,
    code: Annotated[
        bool, typer.Option(metavar="", help="Code the documents (--no-code to defer).")
    ] = True,
    workers: WorkersOption = None,
    date: Annotated[
        str | None, typer.Option(metavar="YYYY-MM-DD", help="Date of documents that carry none.")
    ] = None,
    include: Annotated[
        list[str] | None,
        typer.Option(
            metavar="GLOB",
            help="Glob of the files to read in directories, e.g. '*.html'; repeatable.",
        ),
    ] = None,
    dictionary: DictOption = None,
    batch_size: BatchOption = 100,
    timeout: Annotated[
        float, typer.Option(metavar="SECONDS", help="Seconds to wait for a URL.")
    ] = 20.0,
    encoding: EncodingOption = DEFAULT_ENCODING,
    token: Annotated[
        str | None,
        typer.Option(
            metavar="TOKEN",
            envvar="REALPOLITIK_TOKEN",
            help="Token of the server that owns the store, if it needs one.",
            show_default=False,
        ),
    ] = None,
    dask: Annotated[
        str | None,
        typer.Option(
            metavar="ADDRESS",
            help="Code on a Dask cluster: its scheduler's address (tcp://host:8786), or "
            "'local' for --workers processes on this machine.",
            show_default=False,
        ),
    ] = None,
    partition_size: Annotated[
        int, typer.Option(metavar="N", help="Documents per Dask task (with --dask).")
    ] = 100,
    scratch: Annotated[
        Path | None,
        typer.Option(
            metavar="DIR",
            help=escape(
                "Directory of the coded partitions, seen by every Dask worker (with --dask) "
                "[default: the store's path + .partitions]."
            ),
            show_default=False,
        ),
    ] = None,
) -> None:
    """Store documents in the event store and code them; running it again adds nothing new.
    While `realpolitik serve` owns the store, the documents go through the server; with
    --dask, the coding is done on a Dask cluster and loaded in one transaction at the end.

    Example: realpolitik ingest news/ feeds/*.xml https://example.org/rss --workers 2
    """
    from realpolitik.ingest.sources import estimate_total, read_sources

    anchor = parse_date(date)
    encoding = check_encoding(encoding)
    if dask is not None and not code:
        raise StoreError(Errors.E322)
    server = _serving(db)
    if server is not None and dask is not None:
        raise StoreError(Errors.E323.format(url=server.url))
    if server is not None:
        _ingest_through(server, paths, anchor, include, timeout, encoding, code, token)
        return
    # on a Dask cluster the workers load the coder, not this process
    coder = _coder(dictionary) if code and dask is None else None
    workers = workers or _cores()
    settings = {"paths": paths, "code": code, "workers": workers, "batch_size": batch_size}
    items = read_sources(
        paths, date=anchor, include=include or (), timeout=timeout, encoding=encoding
    )
    if dask is not None:
        settings.update(dask=dask, partition_size=partition_size)
    with _store(db) as con, _progress("ingest", estimate_total(paths, include or ())) as update:
        _bound_memory(con)
        if dask is not None:
            from realpolitik.scale import ingest_on_dask

            summary = ingest_on_dask(
                con, items, scheduler=dask, workers=workers,
                dictionaries=dictionary or (), partition_size=partition_size,
                scratch=scratch or Path(f"{db or default_path()}.partitions"),
                batch_size=batch_size, settings=settings, on_progress=update,
                on_problem=_print_problem,
            )  # fmt: skip
        else:
            summary = ingest(
                con, items, coder=coder, workers=workers, batch_size=batch_size,
                settings=settings, on_progress=update, on_problem=_print_problem,
            )  # fmt: skip
    _print_summary(summary)
    if summary.problems:
        raise typer.Exit(1)


def _cores() -> int:
    from realpolitik.coding.batches import default_workers

    return default_workers()


def _serving(db: Path | None) -> Any:
    from realpolitik.web.client import running_server

    return running_server(Path(db or default_path()))


def _ingest_through(
    server: Any,
    paths: list[str],
    anchor: Any,
    include: list[str] | None,
    timeout: float,
    encoding: str,
    code: bool,
    token: str | None,
) -> None:
    from realpolitik.ingest.readers import InputProblem
    from realpolitik.ingest.sources import read_sources
    from realpolitik.web.client import send_documents

    problems = 0

    def documents() -> Iterator[dict[str, Any]]:
        nonlocal problems
        for item in read_sources(paths, date=anchor, include=include or (), timeout=timeout,
                                 encoding=encoding):  # fmt: skip
            if isinstance(item, InputProblem):
                problems += 1
                say_problem(err, item.message)
                continue
            yield {**item.document.model_dump(mode="json"), "origin": item.origin}

    err.print(f"the store is served at {server.url}: sending the documents there", highlight=False)
    started = time.perf_counter()
    with _progress("ingest", None) as update:

        def shown(totals: dict[str, int]) -> None:
            if update is not None:
                update(_Progress(totals, time.perf_counter() - started))

        totals = send_documents(server, documents(), token=token, code=code, on_batch=shown)
    err.print(
        f"{totals.get('read', 0)} documents read, {totals.get('new', 0)} new, "
        f"{totals.get('already_stored', 0)} already stored; {totals.get('coded', 0)} coded, "
        f"{totals.get('events', 0)} events; {problems} skipped",
        highlight=False,
    )
    if problems:
        raise typer.Exit(1)


class _Progress:
    """Running counts of a served ingest, as the progress bar reads them."""

    def __init__(self, totals: dict[str, int], seconds: float) -> None:
        self.read = totals.get("read", 0)
        self.sentences = totals.get("sentences", 0)
        self.events = totals.get("events", 0)
        self.seconds = seconds
        self.total: int | None = None


def recode_command(
    db: DbOption = None,
    everything: Annotated[
        bool, typer.Option("--all", metavar="", help="Recode every document, not only stale ones.")
    ] = False,
    workers: WorkersOption = None,
    dictionary: DictOption = None,
    batch_size: BatchOption = 100,
) -> None:
    """Code stored documents again with the current dictionaries, replacing their events.

    Documents not coded yet or coded with other versions are recoded; --all recodes all.

    Example: realpolitik recode --dict my_dicts/ --all
    """
    workers = workers or _cores()
    settings = {"all": everything, "workers": workers, "dictionaries": dictionary or []}
    # the store is opened first: a missing one is reported before the model loads
    with _store(db, create=False) as con, _progress("recode", None) as update:
        _bound_memory(con)
        coder = _coder(dictionary)
        summary = recode(
            con, coder, everything=everything, workers=workers, batch_size=batch_size,
            settings=settings, on_progress=update,
        )  # fmt: skip
    _print_summary(summary)


def events_command(
    db: DbOption = None,
    actor: Annotated[
        str | None, typer.Option(metavar="CODE", help="Source or target code prefix.")
    ] = None,
    dyad: Annotated[
        str | None, typer.Option(metavar="SOURCE,TARGET", help="Source and target code prefixes.")
    ] = None,
    code: Annotated[
        str | None,
        typer.Option(metavar="CODE", help="CAMEO code or root prefix (19), or PLOVER type."),
    ] = None,
    quad: Annotated[
        str | None, typer.Option(metavar="N,...", help="QuadClass values 1-4, e.g. 3,4.")
    ] = None,
    since: Annotated[str | None, typer.Option(metavar="YYYY-MM-DD", help="First date.")] = None,
    until: Annotated[str | None, typer.Option(metavar="YYYY-MM-DD", help="Last date.")] = None,
    modality: Annotated[Modality | None, typer.Option(help="Only events of this modality.")] = None,
    dataset: Annotated[
        str | None, typer.Option(metavar="NAME", help="coded, gdelt, icews, acled, …")
    ] = None,
    text: Annotated[
        str | None, typer.Option(metavar="WORDS", help="Words in the evidence sentence.")
    ] = None,
    clusters: Annotated[
        bool,
        typer.Option("--clusters", metavar="", help="One row per event cluster, with its counts."),
    ] = False,
    limit: Annotated[int | None, typer.Option(metavar="N", help="At most this many rows.")] = None,
    format: Annotated[
        Format | None,
        typer.Option("--format", "-f", help=_FORMAT_HELP, show_default=False),
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", metavar="PATH", help="Output file.")
    ] = None,
) -> None:
    """List stored events, filtered: a table on a terminal (the first 200 unless --limit),
    TSV when piped.

    Example: realpolitik events --dyad RUS,UKR --code 19 --since 2022-02-01 --format csv
    """
    if format is None:
        format = _default_format(output)
    selection = EventFilter(
        actor=actor, dyad=_dyad(dyad), code=code, quad=_quad(quad),
        since=parse_date(since, "--since"), until=parse_date(until, "--until"),
        modality=str(modality) if modality else None, dataset=dataset, text=text,
        clusters=clusters,
        limit=limit if limit or format is not Format.table or output is not None else 200,
    )  # fmt: skip
    with _store(db, read_only=True) as con:
        if format is Format.parquet:
            if output is None:
                raise StoreError(Errors.E312)
            err.print(f"{export_events(con, selection, output)} rows written to {output}")
            return
        _write_events(con, selection, format, output)


def show_command(
    event_id: Annotated[
        str,
        typer.Argument(metavar="EVENT_ID", help="An event id, or a unique prefix of 4 or more."),
    ],
    db: DbOption = None,
    as_json: Annotated[bool, typer.Option("--json", metavar="", help="Print JSON.")] = False,
) -> None:
    """Show an event with its evidence, document and every mention of its cluster.

    Example: realpolitik show 5f1c0e2a9b7d3c41
    """
    with _store(db, read_only=True) as con:
        detail = event_detail(con, event_id, str(db or default_path()))
    if as_json:
        typer.echo(detail.model_dump_json(indent=2))
    else:
        _print_detail(detail, Console(soft_wrap=True))


@db_app.command("info")
def info_command(db: DbOption = None) -> None:
    """Show the schema version, table sizes, datasets and recent runs.

    Example: realpolitik db info
    """
    with _store(db, read_only=True) as con:
        info = store_info(con)
    typer.echo(json.dumps(info, indent=2, default=str))


@db_app.command("export")
def export_command(
    table: Annotated[
        str,
        typer.Argument(metavar="TABLE", help="A table: events, documents, event_clusters, …"),
    ],
    path: Annotated[Path, typer.Argument(metavar="PATH", help="Output file (.parquet, or .csv).")],
    db: DbOption = None,
) -> None:
    """Write a whole table to a Parquet (or CSV) file.

    Example: realpolitik db export event_clusters clusters.parquet
    """
    with _store(db, read_only=True) as con:
        rows = export_table(con, table, path)
    err.print(f"{rows} rows of {table} written to {path}")


@db_app.command("dataset")
def dataset_command(
    directory: Annotated[Path, typer.Argument(metavar="DIR", help="The dataset's directory.")],
    append: Annotated[
        bool,
        typer.Option(
            "--append",
            help="Add the store's documents and events that DIR does not hold yet, as new "
            "part files; rows already there are left as they are.",
        ),
    ] = False,
    db: DbOption = None,
) -> None:
    """Write the store as a Parquet dataset (one folder of Parquet files per table), which
    DuckDB reads in place and every reading command opens with --db DIR; or, with --append,
    add it to one, an archive's slice at a time.

    Example: realpolitik db dataset /shared/events --append --db 2024-01.duckdb
    """
    from realpolitik.store.dataset import append_dataset, write_dataset

    with _store(db, read_only=True) as con:
        counts = append_dataset(con, directory) if append else write_dataset(con, directory)
    documents, events = counts.get("documents", 0), counts.get("events", 0)
    done = "added to" if append else "written to"
    err.print(f"{documents} documents and {events} events {done} {directory}", highlight=False)


@db_app.command("cluster")
def cluster_command(
    dataset: Annotated[str, typer.Option(metavar="NAME", help="The dataset to cluster.")] = "coded",
    db: DbOption = None,
) -> None:
    """Recompute the event clusters of a dataset (e.g. after importing reports).

    Example: realpolitik db cluster --dataset icews
    """
    with _store(db, create=False) as con:
        count = cluster_dataset(con, dataset)
    err.print(f"{count} clusters in dataset {dataset}")


# -- helpers ------------------------------------------------------------------------------


@contextmanager
def _store(db: Path | None, read_only: bool = False, create: bool | None = None) -> Iterator[Any]:
    # a reading command never creates a store: a mistyped --db says it does not exist
    con = connect(db or default_path(), read_only=read_only, create=create)
    try:
        yield con
    finally:
        con.close()


# DuckDB's buffer of a long ingest or recode: the pages it keeps in memory (read again from
# the file beyond this), so that memory stays flat while the store grows.
WRITE_MEMORY = "768MB"


def _bound_memory(con: Any) -> None:
    con.execute(f"SET memory_limit = '{WRITE_MEMORY}'")


def _coder(dictionary: list[Path] | None) -> Any:
    from realpolitik.coding.coder import Coder

    return Coder(dictionaries=dictionary or ())


def _dyad(value: str | None) -> tuple[str, str] | None:
    if value is None:
        return None
    parts = [p.strip() for p in value.split(",")]
    if len(parts) != 2 or not all(parts):
        raise StoreError(
            Errors.E308.format(option="--dyad", value=value, reason="give SOURCE,TARGET")
        )
    return parts[0], parts[1]


def _quad(value: str | None) -> tuple[int, ...]:
    if not value:
        return ()
    try:
        values = tuple(int(v) for v in value.split(","))
    except ValueError:
        values = ()
    if not values or any(v not in (1, 2, 3, 4) for v in values):
        raise StoreError(
            Errors.E308.format(option="--quad", value=value, reason="use 1, 2, 3 or 4, e.g. 3,4")
        )
    return values


@contextmanager
def _progress(verb: str, total: int | None) -> Iterator[Any]:
    if not err.is_terminal:
        yield None
        return
    progress = Progress(
        TextColumn(f"[bold]{verb}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total} docs" if total else "{task.completed} docs"),
        TextColumn("{task.fields[rates]}"),
        TimeRemainingColumn(),
        console=err,
        transient=True,
    )
    with progress:
        task: TaskID = progress.add_task(verb, total=total, rates="")

        def update(stats: IngestStats) -> None:
            seconds = max(stats.seconds, 1e-6)
            rates = (
                f"{stats.read / seconds:.1f} docs/s, {stats.sentences / seconds:.1f} sent/s, "
                f"{stats.events} events"
            )
            if stats.clustering:
                rates += ", clustering"
            progress.update(task, completed=stats.read, total=stats.total or total, rates=rates)

        yield update


def _print_problem(problem: Problem) -> None:
    say_problem(err, problem.message)


def _print_summary(summary: IngestSummary) -> None:
    seconds = max(summary.seconds, 1e-6)
    err.print(
        f"run {summary.run_id}: {summary.read} documents read, {summary.new} new "
        f"({summary.near_duplicates} near-duplicates linked), {summary.already_stored} "
        f"already stored; {summary.coded} coded, {summary.sentences} sentences, "
        f"{summary.events} events; {len(summary.problems)} skipped; "
        f"{summary.seconds:.1f}s ({summary.read / seconds:.1f} docs/s)",
        highlight=False,
    )


def _default_format(output: Path | None) -> Format:
    if output is not None:
        # a file gets the format its name says, parquet unless it says otherwise
        return _SUFFIX_FORMATS.get(output.suffix.lower(), Format.parquet)
    return Format.table if is_terminal() else Format.tsv


def _write_events(
    con: Connection, selection: EventFilter, format: Format, output: Path | None
) -> None:
    with _output(output) as handle:
        rows = select_events(con, selection)
        if format is Format.jsonl:
            write_jsonl(rows, handle)
        elif format in (Format.csv, Format.tsv):
            record = StoredCluster if selection.clusters else StoredEvent
            DelimitedWriter(handle, record.columns(), tab=format is Format.tsv).write(rows)
        else:
            _print_events(con, list(rows), selection, Console(file=handle) if output else Console())


@contextmanager
def _output(path: Path | None) -> Iterator[TextIO]:
    """Standard output, or a file that replaces ``path`` once the listing is complete."""
    if path is None:
        yield sys.stdout
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with replacing_text(path) as out:
            yield cast(TextIO, out)
    except OSError as error:
        reason = error.strerror or str(error)
        raise OutputError(Errors.E501.format(path=path, reason=reason)) from None


def _print_events(
    con: Connection, rows: list[StoredEvent], selection: EventFilter, out: Console
) -> None:
    kind = "clusters" if selection.clusters else "events"
    print_table(rows, out, title=f"{len(rows)} {kind}",
                ids=short_ids(con, (row.event_id for row in rows)))  # fmt: skip
    if selection.limit is not None and len(rows) == selection.limit:
        out.print(f"the first {len(rows)} {kind}; --limit N shows more", style="dim")


_STYLES = {"source": "bold cyan", "target": "bold magenta", "trigger": "bold yellow underline"}


def _print_detail(detail: EventDetail, out: Console) -> None:
    event = detail.event
    say = partial(out.print, markup=False)  # text from documents is not markup
    out.print(
        Text(f"event {event.event_id}", style="bold")
        + Text(
            f"  {event.date or '?'} "
            f"({event.date_precision or '-'}, from {event.date_source or '-'})"
        )
    )
    say(
        f"{event.source or '-'} ({event.source_name or '-'}) → {event.code} "
        f"{event.event_name or ''} → {event.target or '-'} ({event.target_name or '-'})"
        f"  quad {event.quad_class}, goldstein {event.goldstein}, "
        f"PLOVER {event.plover_type or '-'}/{event.plover_mode or '-'}",
    )
    say(f"modality: {event.modality}")
    if event.attribution_cue:
        who = event.attribution_speaker or "unnamed"
        code = event.attribution_code or "-"
        say(f"attribution: {who} ({code}), cue '{event.attribution_cue}'")
    if event.location_name:
        say(
            f"location: {event.location_name} ({event.location_country or '-'}, "
            f"{event.location_precision or '-'})",
        )
    sentence = Text(event.sentence or "")
    for highlight in detail.highlights:
        sentence.stylize(_STYLES[highlight.role], highlight.start, highlight.end)
    out.print(Text("evidence: ") + sentence)
    if detail.document is not None:
        doc = detail.document
        say(
            f"document: {doc.title or '(no title)'} — {doc.publisher or '-'}, "
            f"{doc.published or '-'}\n  {doc.url or doc.origin or '-'}  [{doc.doc_id}]",
        )
    say(
        f"rules: {event.rules or '-'}; dictionary {event.dictionary_version or '-'}, "
        f"coder {event.coder_version or '-'}, confidence {event.confidence}, "
        f"dataset {event.dataset}",
    )
    if detail.cluster is not None:
        cluster = detail.cluster
        out.print(
            Text(f"cluster {cluster.cluster_id}", style="bold")
            + Text(
                f": {cluster.mentions} mentions in {cluster.articles} articles from "
                f"{cluster.sources} sources, {cluster.date or '?'} to {cluster.last_date or '?'}"
            )
        )
        for mention in detail.mentions:
            where = mention.publisher or mention.url or mention.doc_id or "-"
            if mention.copy_of:
                say(f"  copy  {mention.date or '?'}  {where}  (near-duplicate)")
            else:
                say(
                    f"  {mention.event_id}  {mention.date or '?'}  {mention.code}  {where}: "
                    f"{mention.sentence or ''}",
                )
