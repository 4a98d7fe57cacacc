"""``realpolitik trade``: import trade statistics, and read a dyad's trade, its mirror flows,
a country's partner concentration and re-export signals."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape

from realpolitik.analysis import parse_day
from realpolitik.cli.analysis import (
    FormatOption,
    OutputFormat,
    SinceOption,
    UntilOption,
    _format,
    _number,
    _table,
    emit_csv,
    emit_json,
)
from realpolitik.cli.render import say_problem
from realpolitik.cli.store import DbOption, _store
from realpolitik.interchange.rows import Notice, Problem

if TYPE_CHECKING:
    import pandas as pd

app = typer.Typer(
    help="Trade statistics: import Comtrade, BACI or plain tables; series, mirror flows, "
    "partner concentration and re-export signals.",
    no_args_is_help=True,
)


class TradeFormat(StrEnum):
    comtrade = "comtrade"
    baci = "baci"
    csv = "csv"


class TradeFreq(StrEnum):
    year = "year"
    month = "month"


DatasetsOption = Annotated[
    str | None,
    typer.Option(
        "--dataset", metavar="NAME,...",
        help=escape("Trade datasets to read, the first preferred where two hold a flow "
                    "[default: all]."),
        show_default=False,
    ),
]  # fmt: skip
HsOption = Annotated[
    str | None,
    typer.Option(
        metavar="HS",
        help=escape("Product group: an HS code of 2, 4 or 6 digits [default: all goods]."),
        show_default=False,
    ),
]  # fmt: skip
FreqOption = Annotated[TradeFreq, typer.Option(help="Annual or monthly flows.")]


def _datasets(value: str | None) -> list[str] | None:
    names = [part.strip() for part in (value or "").split(",") if part.strip()]
    return names or None


def _usd(value: Any) -> str:
    """Dollars shortened: 2.40bn, 462.3m, 12.2k."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return "–"
    if number != number:
        return "–"
    for size, unit in ((1e9, "bn"), (1e6, "m"), (1e3, "k")):
        if abs(number) >= size:
            return f"{number / size:.2f}{unit}"
    return f"{number:.0f}"


def _emitted(
    frame: pd.DataFrame, format: OutputFormat | None, key: str, head: dict[str, Any]
) -> bool:
    """Write ``frame`` as one JSON document (``head`` and the rows under ``key``) or as CSV
    when that is the format asked for (or, piped, the default); False for a table."""
    chosen = _format(format)
    if chosen is OutputFormat.json:
        emit_json({**head, key: frame.to_dict("records")})
        return True
    if chosen is OutputFormat.csv:
        emit_csv(frame)
        return True
    return False


def _period(value: Any, freq: TradeFreq) -> str:
    return str(value)[: 4 if freq is TradeFreq.year else 7]


def _share(value: Any) -> str:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return "–"
    return "–" if number != number else f"{100 * number:.1f}%"


@app.command("import")
def import_command(
    format: Annotated[TradeFormat, typer.Argument(help="comtrade, baci or csv.")],
    paths: Annotated[list[Path], typer.Argument(help="Trade files.")],
    db: DbOption = None,
    dataset: Annotated[
        str | None,
        typer.Option(
            metavar="NAME",
            help=escape("Store as this dataset [default: the format's name]."),
            show_default=False,
        ),
    ] = None,
) -> None:
    """Import UN Comtrade (API records or bulk CSV, annual or monthly), CEPII BACI or plain
    tidy trade files (year, reporter, partner, flow, hs, value_usd[, kg]).

    Countries go through the country crosswalk (UN M49, ISO, names); malformed rows are
    reported with file and line and skipped, the rest imported; importing a file again
    replaces its flows. Exit status 1 when a file was rejected or a row skipped.
    Example: realpolitik trade import comtrade armenia-2022.csv
    """
    from realpolitik.trade import import_trade

    err = Console(stderr=True, soft_wrap=True)

    def report(item: Problem) -> None:
        say_problem(err, item.message, warning=isinstance(item, Notice))

    with _store(db) as con:
        done = import_trade(con, str(format), paths, dataset=dataset, report=report)
    typer.echo(str(done))
    if done.bad_rows or done.rejected:
        raise typer.Exit(1)


@app.command("series")
def series_command(
    a: Annotated[str, typer.Argument(metavar="A", help="Country code, e.g. ARM.")],
    b: Annotated[str, typer.Argument(metavar="B", help="Partner code, e.g. RUS.")],
    hs: HsOption = None,
    freq: FreqOption = TradeFreq.year,
    since: SinceOption = None,
    until: UntilOption = None,
    db: DbOption = None,
    dataset: DatasetsOption = None,
    format: FormatOption = None,
) -> None:
    """A's trade with B per period: exports and imports as each side reports them, the
    gaps, turnover and its growth, each side's share of its own trade (dependence) and the
    asymmetry.

    Example: realpolitik trade series ARM RUS --hs 85 --freq year
    """
    from realpolitik.trade.series import trade_series

    with _store(db, read_only=True) as con:
        frame = trade_series(
            con, a, b, hs=hs, freq=str(freq), datasets=_datasets(dataset),
            since=parse_day(since, "--since"), until=parse_day(until, "--until", end=True),
        )  # fmt: skip
    if _emitted(
        frame,
        format,
        "series",
        {"a": a.upper(), "b": b.upper(), "hs": hs or "TOTAL", "freq": str(freq)},
    ):
        return
    rows = [
        (_period(r.period, freq), _usd(r.a_exports),
         _usd(r.b_imports_mirror), _usd(r.a_imports), _usd(r.b_exports_mirror),
         _usd(r.turnover), _share(r.a_share), _share(r.b_share))
        for r in frame.itertuples(index=False)
    ]  # fmt: skip
    console = Console()
    console.print(
        _table(
            f"{a.upper()} ↔ {b.upper()} trade, {hs or 'all goods'}, US$",
            (
                "period",
                "A→B",
                "(B says)",
                "B→A",
                "(A says)",
                "turnover",
                "A dep.",
                "B dep.",
            ),
            rows,
        )
    )
    if frame.empty:
        console.print(f"no trade flows between {a.upper()} and {b.upper()} in the store")


@app.command("mirror")
def mirror_command(
    a: Annotated[str, typer.Argument(metavar="A", help="Country code, e.g. ARM.")],
    b: Annotated[str, typer.Argument(metavar="B", help="Partner code, e.g. RUS.")],
    hs: HsOption = None,
    freq: FreqOption = TradeFreq.year,
    db: DbOption = None,
    dataset: DatasetsOption = None,
    format: FormatOption = None,
) -> None:
    """Mirror flows: each direction of A–B trade as the exporter and as the importer report
    it, with the gap and the ratio of the two.

    Example: realpolitik trade mirror ARM RUS --hs 8542
    """
    from realpolitik.trade.series import mirror_flows

    with _store(db, read_only=True) as con:
        frame = mirror_flows(con, a, b, hs=hs, freq=str(freq), datasets=_datasets(dataset))
    if _emitted(
        frame,
        format,
        "flows",
        {"a": a.upper(), "b": b.upper(), "hs": hs or "TOTAL", "freq": str(freq)},
    ):
        return
    rows = [
        (_period(r.period, freq), f"{r.exporter}→{r.importer}", _usd(r.exports_reported),
         _usd(r.imports_reported), _usd(r.gap), _number(r.ratio, 2))
        for r in frame.itertuples(index=False)
    ]  # fmt: skip
    Console().print(
        _table(
            f"mirror flows {a.upper()} ↔ {b.upper()}, {hs or 'all goods'}, US$",
            ("period", "flow", "exporter says", "importer says", "gap", "ratio"),
            rows,
        )
    )


@app.command("concentration")
def concentration_command(
    country: Annotated[str, typer.Argument(metavar="COUNTRY", help="Country code.")],
    flow: Annotated[str, typer.Option(metavar="X|M", help="Exports (X) or imports (M).")] = "X",
    hs: HsOption = None,
    freq: FreqOption = TradeFreq.year,
    db: DbOption = None,
    dataset: DatasetsOption = None,
    format: FormatOption = None,
) -> None:
    """How concentrated a country's partners are: the Herfindahl-Hirschman index of their
    shares (1: one partner), and the largest partner.

    Example: realpolitik trade concentration ARM --flow X
    """
    from realpolitik.trade.series import partner_concentration

    with _store(db, read_only=True) as con:
        frame = partner_concentration(
            con, country, flow=flow.upper(), hs=hs, freq=str(freq), datasets=_datasets(dataset)
        )
    if _emitted(
        frame,
        format,
        "concentration",
        {"country": country.upper(), "flow": flow.upper(), "hs": hs or "TOTAL"},
    ):
        return
    rows = [
        (_period(r.period, freq), str(r.partners), _number(r.hhi, 3), str(r.top_partner),
         _share(r.top_share), _share(r.coverage))
        for r in frame.itertuples(index=False)
    ]  # fmt: skip
    Console().print(
        _table(f"partners of {country.upper()} ({flow.upper()}), {hs or 'all goods'}",
               ("period", "partners", "HHI", "largest", "its share", "coverage"), rows)
    )  # fmt: skip


@app.command("reexport")
def reexport_command(
    country: Annotated[str, typer.Argument(metavar="COUNTRY", help="The suspected hub, e.g. ARM.")],
    sources: Annotated[
        str,
        typer.Option("--from", metavar="CODE,...", help="Where the goods come from, e.g. USA,EU."),
    ],
    target: Annotated[str, typer.Option("--to", metavar="CODE", help="Where they go, e.g. RUS.")],
    since: Annotated[
        str, typer.Option(metavar="DATE", help="The date after which to look, e.g. 2022-03.")
    ],
    until: UntilOption = None,
    products: Annotated[
        str,
        typer.Option(
            metavar="LIST",
            help="chp, chp:1 ... chp:4.B, electronics, HS codes (8542,8517) or a file of HS codes.",
        ),
    ] = "chp",
    threshold: Annotated[
        float, typer.Option(metavar="X", help="Flag when both flows reach X times their trend.")
    ] = 2.0,
    production: Annotated[
        Path | None,
        typer.Option(
            metavar="FILE",
            help="The country's output per product and year (CSV: year, hs, value_usd), to "
            "tell exports it could have made from those it could not.",
            show_default=False,
        ),
    ] = None,
    db: DbOption = None,
    dataset: DatasetsOption = None,
    format: FormatOption = None,
) -> None:
    """Re-export signals: products whose imports from the sources and exports to the
    target both jump after the date against their earlier trend, with the share of the
    exports the country's own earlier exports do not explain.

    Example: realpolitik trade reexport ARM --from USA,EU --to RUS --since 2022-03
    """
    from realpolitik.trade.products import products as product_list
    from realpolitik.trade.reexport import read_production, reexport_signals, signals_frame

    start = parse_day(since, "--since")
    assert start is not None
    with _store(db, read_only=True) as con:
        signals = reexport_signals(
            con, country, sources=[s.strip() for s in sources.split(",") if s.strip()],
            target=target, since=start, until=parse_day(until, "--until", end=True),
            products=product_list(products), datasets=_datasets(dataset), threshold=threshold,
            production=read_production(production) if production else None,
        )  # fmt: skip
    chosen = _format(format)
    if chosen is OutputFormat.json:
        import json
        import sys

        document = [s.as_dict() for s in signals]
        for item in document:
            for key, value in item.items():
                if isinstance(value, float) and (value != value or value in (float("inf"),)):
                    item[key] = None if value != value else "inf"
        sys.stdout.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")
        return
    if chosen is OutputFormat.csv:
        emit_csv(signals_frame(signals))
        return
    shown = [s for s in signals if s.imports_jump is not None or s.exports_jump is not None]
    rows = [
        (s.hs, "yes" if s.flagged else "no", _number(s.imports_jump, 1),
         _number(s.exports_jump, 1), _usd(s.exports_after), _share(s.unexplained))
        for s in shown
    ]  # fmt: skip
    console = Console()
    console.print(
        _table(
            f"re-export signals: {country.upper()} from {sources.upper()} to {target.upper()} "
            f"since {since}",
            ("HS", "flagged", "imports ×", "exports ×", "exports/yr", "unexplained"),
            rows,
        )
    )
    console.print(
        f"{sum(s.flagged for s in signals)} of {len(signals)} products flagged; "
        f"{len(signals) - len(shown)} without flows in the store"
    )


@app.command("fetch")
def fetch_command(
    reporters: Annotated[
        str, typer.Option("--reporter", metavar="CODE,...", help="Reporting countries, e.g. ARM.")
    ],
    partners: Annotated[
        str, typer.Option("--partner", metavar="CODE,...", help="Partners, e.g. RUS,WLD.")
    ],
    periods: Annotated[
        str, typer.Option("--period", metavar="YYYY,...", help="Years (or YYYYMM with --monthly).")
    ],
    hs: Annotated[str, typer.Option(metavar="HS,...", help="HS codes, or TOTAL.")] = "TOTAL",
    flows: Annotated[str, typer.Option(metavar="X,M,...", help="Flows to fetch.")] = "X,M",
    monthly: Annotated[
        bool, typer.Option("--monthly", metavar="", help="Monthly records.")
    ] = False,
    key: Annotated[
        str | None,
        typer.Option(
            metavar="KEY",
            envvar="COMTRADE_KEY",
            help="Comtrade subscription key.",
            show_default=False,
        ),
    ] = None,
    db: DbOption = None,
    dataset: Annotated[str, typer.Option(metavar="NAME", help="Store as this dataset.")] = (
        "comtrade"
    ),
) -> None:
    """Fetch records from the UN Comtrade API (needs realpolitik[comtrade] and a
    subscription key) and store them as an import of Comtrade files would.

    Example: realpolitik trade fetch --reporter ARM --partner RUS,WLD --period 2021,2022
    """
    from realpolitik.errors import Errors, TradeError
    from realpolitik.trade import import_flows
    from realpolitik.trade.fetch import fetch_comtrade

    if not key:
        raise TradeError(Errors.E715)

    def split(value: str) -> list[str]:
        return [part.strip() for part in value.split(",") if part.strip()]

    err = Console(stderr=True, soft_wrap=True)
    items = list(
        fetch_comtrade(
            key,
            reporters=split(reporters),
            partners=split(partners),
            periods=split(periods),
            hs=split(hs),
            flows=split(flows),
            freq="M" if monthly else "A",
        )
    )
    with _store(db) as con:
        done = import_flows(
            con, items, dataset, "comtrade-api",
            report=lambda item: say_problem(err, item.message, warning=isinstance(item, Notice)),
        )  # fmt: skip
    typer.echo(f"{done.added} new flows fetched as '{dataset}', {done.replaced} replaced; "
               f"{done.bad_rows} malformed records skipped")  # fmt: skip
