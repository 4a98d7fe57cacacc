"""``realpolitik dyad``, ``shifts``, ``network``, ``leverage``, ``compare`` and ``reaction``:
the relations analyses, each a table on a terminal, CSV, or one JSON document."""

from __future__ import annotations

import datetime as dt
import json
import math
import sys
from collections.abc import Iterable, Sequence
from dataclasses import asdict
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from realpolitik.analysis import (
    Scope,
    Shift,
    Verdict,
    action_reaction,
    actor_network,
    compare_periods,
    dyad_series,
    leverage,
    parse_dyads,
    parse_periods,
    rank_shifts,
    shifts_frame,
    verdicts_frame,
)
from realpolitik.analysis.records import Evidence, Reaction
from realpolitik.analysis.scope import check_actor, scope_from_options
from realpolitik.analysis.shifts import check_statistic
from realpolitik.cli.render import is_terminal
from realpolitik.cli.store import DbOption
from realpolitik.errors import AnalysisError, Errors
from realpolitik.render import plain, records
from realpolitik.store import connect, default_path
from realpolitik.trade.beside import TradeBeside, has_trade, trade_beside

if TYPE_CHECKING:
    import pandas as pd

    from realpolitik.store.db import Connection


class OutputFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


class Freq(StrEnum):
    day = "day"
    week = "week"
    month = "month"
    quarter = "quarter"
    year = "year"


class Measure(StrEnum):
    goldstein = "goldstein"
    plover = "plover"
    net_cooperation = "net_cooperation"


class Statistic(StrEnum):
    mean = "mean"
    total = "total"


class Level(StrEnum):
    country = "country"
    actor = "actor"


DatasetOption = Annotated[
    str | None,
    typer.Option(
        metavar="NAME,...",
        help=escape("Datasets to count, e.g. coded,icews [default: all]."),
        show_default=False,
    ),
]
SinceOption = Annotated[
    str | None, typer.Option(metavar="DATE", help="First date: YYYY, YYYY-MM or YYYY-MM-DD.")
]
UntilOption = Annotated[
    str | None, typer.Option(metavar="DATE", help="Last date: YYYY, YYYY-MM or YYYY-MM-DD.")
]
IncludeOption = Annotated[
    str | None,
    typer.Option(
        metavar="KIND,...",
        help=(
            "Also count hypothetical or negated events, or attributed ones (events every "
            "report of which is someone's claim); asserted facts only by default."
        ),
    ),
]
MentionsOption = Annotated[
    bool,
    typer.Option("--mentions", metavar="", help="Count every report, not each event once."),
]
WeightedOption = Annotated[
    bool, typer.Option("--weighted", metavar="", help="Weigh each event by its confidence.")
]
LevelOption = Annotated[
    Level,
    typer.Option(help="Group actors by country (RUSGOV counts as RUS) or keep full codes."),
]
FormatOption = Annotated[
    OutputFormat | None,
    typer.Option(
        "--format",
        "-f",
        help="Output: a table (on a terminal, the default), csv, or one JSON document.",
        show_default=False,
    ),
]
FreqOption = Annotated[Freq, typer.Option(help="Period length.")]


def scope_of(
    dataset: str | None,
    since: str | None,
    until: str | None,
    include: str | None,
    mentions: bool,
    weighted: bool,
    level: Level = Level.country,
) -> Scope:
    """The scope the common options ask for."""
    return scope_from_options(dataset, since, until, include, mentions, weighted, str(level))


def _open(db: Path | None) -> Connection:
    return connect(db or default_path(), read_only=True)


def _format(value: OutputFormat | None) -> OutputFormat:
    if value is not None:
        return value
    return OutputFormat.table if is_terminal() else OutputFormat.csv


def emit_json(document: dict[str, Any]) -> None:
    """One JSON document on standard output."""
    sys.stdout.write(json.dumps(plain(document), ensure_ascii=False, indent=2) + "\n")


def emit_csv(frame: pd.DataFrame) -> None:
    """A frame as CSV on standard output, dates as ISO, empty cells for missing values."""
    frame.to_csv(sys.stdout, index=False, date_format="%Y-%m-%d", lineterminator="\n")


def _number(value: Any, digits: int = 2, sign: bool = False) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if isinstance(value, float) and value.is_integer() and not sign and digits == 0:
        return str(int(value))
    return f"{value:+.{digits}f}" if sign else f"{value:.{digits}f}"


def _table(title: str, columns: Sequence[str], rows: Iterable[Sequence[str | Text]]) -> Table:
    table = Table(title=title, title_justify="left", show_edge=False, pad_edge=False)
    for n, column in enumerate(columns):
        table.add_column(column, justify="left" if n == 0 else "right", overflow="fold")
    for row in rows:
        table.add_row(*row)
    return table


def _scope_note(scope: Scope) -> str:
    parts = ["clusters" if not scope.mentions else "mentions", "+".join(scope.modalities)]
    if scope.attributed:
        parts.append("claims included")
    if scope.weighted:
        parts.append("weighted by confidence")
    if scope.datasets:
        parts.append("datasets " + ",".join(scope.datasets))
    return "; ".join(parts)


def dyad_command(
    source: Annotated[str, typer.Argument(metavar="SOURCE", help="Country or actor code.")],
    target: Annotated[str, typer.Argument(metavar="TARGET", help="Country or actor code.")],
    db: DbOption = None,
    dataset: DatasetOption = None,
    freq: FreqOption = Freq.month,
    since: SinceOption = None,
    until: UntilOption = None,
    undirected: Annotated[
        bool, typer.Option("--undirected", metavar="", help="Count both directions.")
    ] = False,
    include: IncludeOption = None,
    mentions: MentionsOption = False,
    weighted: WeightedOption = False,
    level: LevelOption = Level.country,
    format: FormatOption = None,
) -> None:
    """A dyad's relations period by period: events by QuadClass, Goldstein sum and mean,
    PLOVER score, net cooperation (-1 all conflict, +1 all cooperation) and events per
    thousand of all events counted in the period.

    Example: realpolitik dyad RUS ARM --freq month --since 2021-01
    """
    scope = scope_of(dataset, since, until, include, mentions, weighted, level)
    con = _open(db)
    try:
        frame = dyad_series(con, source, target, scope, freq=str(freq), directed=not undirected)
    finally:
        con.close()
    a, b = check_actor(source), check_actor(target)
    chosen = _format(format)
    if chosen is OutputFormat.json:
        emit_json(
            {"source": a, "target": b, "directed": not undirected, "freq": str(freq),
             "scope": scope.model_dump(), "series": records(frame)}
        )  # fmt: skip
        return
    if chosen is OutputFormat.csv:
        emit_csv(frame)
        return
    arrow = "↔" if undirected else "→"
    rows = [
        (
            str(r["period"]),
            _number(r["events"], 0),
            _number(r["cooperation"], 0),
            _number(r["conflict"], 0),
            _number(r["goldstein_sum"], 1, sign=True),
            _number(r["goldstein_mean"], 2, sign=True),
            _number(r["net_cooperation"], 2, sign=True),
            _number(r["per_thousand"], 1),
        )
        for r in frame.to_dict("records")
    ]
    console = Console()
    console.print(
        _table(
            f"{a} {arrow} {b} by {freq} ({_scope_note(scope)})",
            ("period", "events", "coop", "confl", "gold Σ", "gold μ", "net", "‰ all"),
            rows,
        )
    )
    if frame.empty:
        console.print(f"no events between {a} and {b} in this scope")


def _evidence_line(e: Evidence) -> Text:
    where = e.publisher or e.title or e.dataset
    line = Text(f"{e.date} {e.source or '?'}→{e.target or '?'} {e.code or ''} ")
    line.append(f"({_number(e.goldstein, 1, sign=True)}) ", style="bold")
    line.append(e.sentence or "(no sentence)")
    line.append(f" [{where}; {e.event_id[:12]}]", style="dim")
    return line


def shifts_command(
    db: DbOption = None,
    dataset: DatasetOption = None,
    actor: Annotated[
        str | None, typer.Option(metavar="CODE", help="Only dyads of this actor.")
    ] = None,
    top: Annotated[int, typer.Option(metavar="N", help="How many shifts to list.")] = 20,
    freq: FreqOption = Freq.month,
    since: SinceOption = None,
    until: UntilOption = None,
    measure: Annotated[Measure, typer.Option(help="The value whose mean shifts.")] = (
        Measure.goldstein
    ),
    statistic: Annotated[
        Statistic,
        typer.Option(
            help="mean: shifts in tone, the events' mean value; total: shifts in intensity, "
            "the sum of the values per period (quiet periods count as zero)."
        ),
    ] = Statistic.mean,
    directed: Annotated[
        bool, typer.Option("--directed", metavar="", help="Source→target dyads apart.")
    ] = False,
    min_events: Annotated[
        int, typer.Option(metavar="N", help="Leave out dyads with fewer events.")
    ] = 10,
    min_confidence: Annotated[
        float, typer.Option(metavar="P", help="Leave out shifts less certain than this.")
    ] = 0.95,
    include: IncludeOption = None,
    mentions: MentionsOption = False,
    weighted: WeightedOption = False,
    level: LevelOption = Level.country,
    format: FormatOption = None,
) -> None:
    """The largest shifts in relations across all dyads: when a dyad's tone (or with
    --statistic total its intensity) changed, which way, by how much, how certain, and the
    events that drove it.

    Example: realpolitik shifts --actor ARM --top 10
    """
    scope = scope_of(dataset, since, until, include, mentions, weighted, level)
    con = _open(db)
    try:
        shifts = rank_shifts(
            con, scope, actor=actor, top=top, freq=str(freq), directed=directed,
            measure=str(measure), statistic=check_statistic(str(statistic)), min_events=min_events,
            min_confidence=min_confidence,
        )  # fmt: skip
    finally:
        con.close()
    chosen = _format(format)
    if chosen is OutputFormat.json:
        emit_json({"scope": scope.model_dump(), "freq": str(freq), "shifts": _dumped(shifts)})
        return
    if chosen is OutputFormat.csv:
        emit_csv(shifts_frame(shifts))
        return
    kind = "tone" if statistic is Statistic.mean else "intensity"
    print_shifts(Console(), shifts, f"largest shifts in {kind} by {freq} ({_scope_note(scope)})")


def _dumped(items: Sequence[Shift | Verdict | Reaction]) -> list[dict[str, Any]]:
    return [item.model_dump(mode="json") for item in items]


def print_shifts(console: Console, shifts: Sequence[Shift], title: str) -> None:
    """Shifts as a table, each followed by its driving events."""
    if not shifts:
        console.print(
            "no shift found at this confidence; try --min-confidence 0.9 or a longer span"
        )
        return
    rows = [
        (
            f"{n}. {s.source}{'→' if s.directed else '↔'}{s.target}",
            str(s.period),
            s.direction,
            f"{'μ' if s.statistic == 'mean' else 'Σ'} {_number(s.before.mean, 2, sign=True)} → "
            f"{_number(s.after.mean, 2, sign=True)}",
            _number(s.change, 2, sign=True),
            _number(s.confidence, 3),
        )
        for n, s in enumerate(shifts, start=1)
    ]
    header = ("dyad", "from", "direction", shifts[0].measure, "change", "confidence")
    console.print(_table(title, header, rows))
    statistics = {s.statistic for s in shifts}
    console.print(
        ", ".join(
            ("μ: mean per event (tone)" if k == "mean" else "Σ: total per period (intensity)")
            for k in sorted(statistics)
        ),
        style="dim",
    )
    for n, s in enumerate(shifts, start=1):
        for e in s.drivers:
            console.print(Text(f"{n}. ") + _evidence_line(e))


def network_command(
    db: DbOption = None,
    dataset: DatasetOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    actor: Annotated[
        str | None,
        typer.Option(metavar="CODE", help="Only this actor, its partners and their edges."),
    ] = None,
    min_events: Annotated[
        int, typer.Option(metavar="N", help="Leave out edges with fewer events.")
    ] = 1,
    part: Annotated[
        str, typer.Option(metavar="nodes|edges", help="What --format csv writes.")
    ] = "nodes",
    top: Annotated[int, typer.Option(metavar="N", help="Rows of each table shown.")] = 20,
    include: IncludeOption = None,
    mentions: MentionsOption = False,
    weighted: WeightedOption = False,
    level: LevelOption = Level.country,
    format: FormatOption = None,
) -> None:
    """The actor network of a period: cooperation and conflict edges, centralities and
    communities.

    Example: realpolitik network --since 2023-01 --until 2023-12 --actor RUS
    """
    if part not in ("nodes", "edges"):
        raise AnalysisError(Errors.E112.format(field="--part", value=part, choices="nodes, edges"))
    scope = scope_of(dataset, since, until, include, mentions, weighted, level)
    con = _open(db)
    try:
        net = actor_network(con, scope, actor=actor, min_events=min_events)
    finally:
        con.close()
    chosen = _format(format)
    if chosen is OutputFormat.json:
        emit_json(
            {"scope": scope.model_dump(), "nodes": records(net.nodes), "edges": records(net.edges)}
        )
        return
    if chosen is OutputFormat.csv:
        emit_csv(net.nodes if part == "nodes" else net.edges)
        return
    console = Console()
    nodes = net.nodes.sort_values(["pagerank", "actor"], ascending=[False, True]).head(top)
    console.print(
        _table(
            f"actors ({len(net.nodes)}; {_scope_note(scope)})",
            ("actor", "events", "partners", "coop", "confl", "pagerank", "between", "group"),
            (
                (
                    r["actor"],
                    _number(r["events"], 0),
                    str(r["partners"]),
                    _number(r["cooperation"], 0),
                    _number(r["conflict"], 0),
                    _number(r["pagerank"], 3),
                    _number(r["betweenness"], 3),
                    str(r["community"]),
                )
                for r in nodes.to_dict("records")
            ),
        )
    )
    edges = net.edges.sort_values(["events", "source", "target"], ascending=[False, True, True])
    console.print(
        _table(
            f"busiest edges ({len(net.edges)})",
            ("source → target", "events", "coop", "confl", "gold μ", "tone"),
            (
                (
                    f"{r['source']} → {r['target']}",
                    _number(r["events"], 0),
                    _number(r["cooperation"], 0),
                    _number(r["conflict"], 0),
                    _number(r["goldstein_mean"], 2, sign=True),
                    r["tone"],
                )
                for r in edges.head(top).to_dict("records")
            ),
        )
    )


def leverage_command(
    actor: Annotated[str, typer.Argument(metavar="ACTOR", help="Country or actor code.")],
    over: Annotated[str, typer.Option(metavar="CODE,...", help="Partners, e.g. ARM,AZE.")],
    periods: Annotated[
        str,
        typer.Option(
            metavar="START:END,...", help="Periods, e.g. 2021-01:2022-12,2023-01:2024-12."
        ),
    ],
    db: DbOption = None,
    dataset: DatasetOption = None,
    material: Annotated[
        bool, typer.Option("--material", metavar="", help="Count material cooperation only.")
    ] = False,
    include: IncludeOption = None,
    mentions: MentionsOption = False,
    weighted: WeightedOption = False,
    level: LevelOption = Level.country,
    format: FormatOption = None,
) -> None:
    """Dependence and leverage: how much of each side's cooperation runs through the other,
    the asymmetry of it (the actor's leverage), and its change between periods.

    Example: realpolitik leverage RUS --over ARM,AZE --periods 2021-01:2022-12,2023-01:2024-12
    """
    scope = scope_of(dataset, None, None, include, mentions, weighted, level)
    spans = parse_periods(periods)
    partners = [p for p in (s.strip() for s in over.split(",")) if p]
    if not partners:
        raise AnalysisError(Errors.E603.format(value=over, option="--over"))
    con = _open(db)
    try:
        frame = leverage(con, actor, partners, spans, scope, material=material)
    finally:
        con.close()
    chosen = _format(format)
    if chosen is OutputFormat.json:
        emit_json(
            {"actor": check_actor(actor), "material": material, "scope": scope.model_dump(),
             "leverage": records(frame)}
        )  # fmt: skip
        return
    if chosen is OutputFormat.csv:
        emit_csv(frame)
        return
    a = check_actor(actor)
    Console().print(
        _table(
            f"{a}'s leverage ({'material ' if material else ''}cooperation; {_scope_note(scope)})",
            ("partner", "period", "coop", f"{a} dep", "their dep", "leverage", "change"),
            (
                (
                    r["partner"],
                    r["period"],
                    _number(r["cooperation"], 0),
                    _number(r["actor_dependence"], 2),
                    _number(r["partner_dependence"], 2),
                    _number(r["leverage"], 2, sign=True),
                    _number(r["leverage_change"], 2, sign=True),
                )
                for r in frame.to_dict("records")
            ),
        )
    )


def compare_command(
    dyads: Annotated[str, typer.Option(metavar="A-B,...", help="Dyads, e.g. RUS-ARM,RUS-AZE.")],
    before: Annotated[str, typer.Option(metavar="START:END", help="The earlier period.")],
    after: Annotated[str, typer.Option(metavar="START:END", help="The later period.")],
    db: DbOption = None,
    dataset: DatasetOption = None,
    measure: Annotated[Measure, typer.Option(help="The value compared.")] = Measure.goldstein,
    directed: Annotated[
        bool, typer.Option("--directed", metavar="", help="Only A's acts towards B.")
    ] = False,
    resamples: Annotated[
        int, typer.Option(metavar="N", help="Permutations and bootstrap draws.")
    ] = 2000,
    evidence: Annotated[
        int, typer.Option(metavar="N", help="Most influential events shown per side.")
    ] = 3,
    seed: Annotated[int, typer.Option(metavar="N", help="Random seed.")] = 0,
    include: IncludeOption = None,
    mentions: MentionsOption = False,
    weighted: WeightedOption = False,
    level: LevelOption = Level.country,
    format: FormatOption = None,
) -> None:
    """Check a thesis: did each dyad's relations improve or worsen from one period to the
    other, by how much, how surely (permutation test), and on the strength of which events?

    Example: realpolitik compare --dyads RUS-ARM,RUS-AZE --before 2021:2022 --after 2023:2024
    """
    scope = scope_of(dataset, None, None, include, mentions, weighted, level)
    pairs = parse_dyads(dyads)
    (first,) = _one_period(before, "--before")
    (second,) = _one_period(after, "--after")
    con = _open(db)
    try:
        verdicts = compare_periods(
            con, pairs, first, second, scope, directed=directed, measure=str(measure),
            resamples=resamples, evidence=evidence, seed=seed,
        )  # fmt: skip
        beside = trade_beside(con, verdicts) if has_trade(con) else []
    finally:
        con.close()
    chosen = _format(format)
    if chosen is OutputFormat.json:
        emit_json({"scope": scope.model_dump(), "verdicts": _dumped(verdicts),
                   "trade": [asdict(t) for t in beside]})  # fmt: skip
        return
    if chosen is OutputFormat.csv:
        frame = verdicts_frame(verdicts)
        statements = {(t.source, t.target): t for t in beside}
        for column, attribute in (("trade_before", "turnover_before"),
                                  ("trade_after", "turnover_after"),
                                  ("trade_change", "change"), ("trade", "statement")):  # fmt: skip
            frame[column] = [
                getattr(statements[(a, b)], attribute) if (a, b) in statements else None
                for a, b in zip(frame["source"], frame["target"], strict=True)
            ]
        emit_csv(frame)
        return
    print_verdicts(Console(), verdicts, beside=beside)


def _trade_line(t: TradeBeside) -> str:
    def side(years: tuple[int, ...], value: float | None) -> str:
        if value is None:
            return "no figures"
        span = f"{years[0]}" if len(years) == 1 else f"{years[0]}-{years[-1]}"
        return f"{value / 1e9:.2f}bn a year ({span})"

    return (
        f"{t.statement}; turnover {side(t.years_before, t.turnover_before)} → "
        f"{side(t.years_after, t.turnover_after)}"
    )


def _one_period(value: str, option: str) -> list[tuple[dt.date, dt.date]]:
    periods = parse_periods(value, option)
    if len(periods) != 1:
        raise AnalysisError(Errors.E602.format(value=value, option=option))
    return periods


def print_verdicts(
    console: Console,
    verdicts: Sequence[Verdict],
    evidence: int | None = None,
    beside: Sequence[TradeBeside] = (),
) -> None:
    """Verdicts, one line each, with the dyad's trade over the same periods when known and
    the evidence of either side (at most ``evidence`` events a side, when given)."""
    trade = {(t.source, t.target): t for t in beside}
    for v in verdicts:
        arrow = "→" if v.directed else "↔"
        style = {"improved": "green", "worsened": "red"}.get(v.verdict, "yellow")
        line = Text(f"{v.source}{arrow}{v.target}: ", style="bold")
        line.append(v.verdict, style=f"bold {style}")
        if v.standing:
            line.append(f" ({v.standing})")
        if v.change is not None:
            line.append(
                f"  {v.measure} mean {_number(v.mean_before, 2, sign=True)} → "
                f"{_number(v.mean_after, 2, sign=True)} ({_number(v.change, 2, sign=True)}"
                f", 95% {_number(v.low, 2, sign=True)} to {_number(v.high, 2, sign=True)}"
                f"; p = {_number(v.p_value, 4)})"
            )
        line.append(
            f"  events {_number(v.events_before, 0)} ({v.before[0]}–{v.before[1]}) and "
            f"{_number(v.events_after, 0)} ({v.after[0]}–{v.after[1]})",
            style="dim",
        )
        console.print(line)
        if (v.source, v.target) in trade:
            console.print(Text(f"   trade: {_trade_line(trade[(v.source, v.target)])}"))
        for label, cited in (("before", v.evidence_before), ("after", v.evidence_after)):
            for e in cited[:evidence]:
                console.print(Text(f"   {label}: ") + _evidence_line(e))


def reaction_command(
    source: Annotated[str, typer.Argument(metavar="A", help="Country or actor code.")],
    target: Annotated[str, typer.Argument(metavar="B", help="Country or actor code.")],
    db: DbOption = None,
    dataset: DatasetOption = None,
    freq: FreqOption = Freq.month,
    since: SinceOption = None,
    until: UntilOption = None,
    measure: Annotated[
        str,
        typer.Option(metavar="NAME", help="conflict, cooperation, material_conflict or goldstein."),
    ] = "conflict",
    max_lag: Annotated[int, typer.Option(metavar="N", help="Longest lag tested.")] = 2,
    include: IncludeOption = None,
    mentions: MentionsOption = False,
    weighted: WeightedOption = False,
    level: LevelOption = Level.country,
    format: FormatOption = None,
) -> None:
    """Action and reaction: does A's behaviour towards B predict B's towards A a few periods
    later, and the other way round (Granger F tests)?

    Example: realpolitik reaction ARM AZE --freq week --max-lag 3
    """
    scope = scope_of(dataset, since, until, include, mentions, weighted, level)
    con = _open(db)
    try:
        pair = action_reaction(
            con, source, target, scope, freq=str(freq), measure=measure, max_lag=max_lag
        )
    finally:
        con.close()
    chosen = _format(format)
    if chosen is OutputFormat.json:
        emit_json({"scope": scope.model_dump(), "reactions": _dumped(pair)})
        return
    rows = [
        (f"{r.cause} → {r.effect}", str(t.lag), _number(t.f, 2), _number(t.p_value, 4),
         "yes" if r.predicts and t.lag == r.best_lag else "")
        for r in pair
        for t in r.tests
    ]  # fmt: skip
    if chosen is OutputFormat.csv:
        import pandas as pd

        emit_csv(pd.DataFrame(rows, columns=["direction", "lag", "f", "p_value", "predicts"]))
        return
    console = Console()
    console.print(
        _table(
            f"does {measure} predict {measure} in return? ({freq}, {pair[0].periods} periods)",
            ("cause → effect", "lag", "F", "p", "predicts"),
            rows,
        )
    )
    for r in pair:
        if r.note:
            console.print(f"{r.cause} → {r.effect}: {r.note}", style="dim")
