"""``realpolitik report``: the relations analysis of a few actors as one HTML page that opens
offline, and with ``--png`` each of its charts as a PNG."""

from __future__ import annotations

import csv
import datetime as dt
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from realpolitik.analysis import Shift, Verdict, parse_dyads, parse_periods
from realpolitik.cli.analysis import (
    DatasetOption,
    FormatOption,
    Freq,
    FreqOption,
    IncludeOption,
    MentionsOption,
    OutputFormat,
    SinceOption,
    UntilOption,
    emit_json,
    scope_of,
)
from realpolitik.cli.render import is_terminal
from realpolitik.cli.store import DbOption
from realpolitik.errors import AnalysisError, Errors
from realpolitik.report import (
    Report,
    ReportRequest,
    build_report,
    charts,
    check_target,
    write_html,
    write_png,
)
from realpolitik.store import connect, default_path


def _period_option(which: str, half: str) -> Any:
    return typer.Option(
        metavar="START:END",
        help=f"The {which} period compared, e.g. 2021:2022 \\[default: the {half} half of the "
        "span].",
        show_default=False,
    )


def _period(value: str | None, option: str) -> tuple[dt.date, dt.date] | None:
    if value is None:
        return None
    periods = parse_periods(value, option)
    if len(periods) != 1:
        raise AnalysisError(Errors.E602.format(value=value, option=option))
    return periods[0]


def _codes(value: str | None) -> tuple[str, ...]:
    return tuple(part.strip() for part in (value or "").split(",") if part.strip())


def report_command(
    output: Annotated[
        Path, typer.Option("--output", "-o", metavar="FILE", help="The HTML file to write.")
    ] = Path("report.html"),
    actors: Annotated[
        str | None,
        typer.Option(
            metavar="CODE,...",
            help="Actors, e.g. RUS,ARM,AZE \\[default: the 4 busiest countries].",
            show_default=False,
        ),
    ] = None,
    dyads: Annotated[
        str | None,
        typer.Option(
            metavar="A-B,...",
            help="Dyads, e.g. RUS-ARM,ARM-AZE \\[default: the busiest pairs of the actors].",
            show_default=False,
        ),
    ] = None,
    since: SinceOption = None,
    until: UntilOption = None,
    before: Annotated[str | None, _period_option("earlier", "first")] = None,
    after: Annotated[str | None, _period_option("later", "second")] = None,
    freq: FreqOption = Freq.month,
    db: DbOption = None,
    dataset: DatasetOption = None,
    include: IncludeOption = None,
    mentions: MentionsOption = False,
    png: Annotated[
        Path | None,
        typer.Option(
            metavar="DIR",
            help="Also write each chart as a PNG into DIR (needs realpolitik\\[png] and Chromium).",
            show_default=False,
        ),
    ] = None,
    format: FormatOption = None,
) -> None:
    """One HTML report of the relations of a few actors: event timeline, dyad trajectories
    with their shifts, actor network, leverage, before/after verdicts and the evidence of
    each, in one file that opens offline.

    Example: realpolitik report --actors RUS,ARM,AZE --before 2021:2022 --after 2023:2024
    """
    scope = scope_of(dataset, since, until, include, mentions, False)
    request = ReportRequest(
        actors=_codes(actors),
        dyads=tuple(parse_dyads(dyads)) if dyads else (),
        before=_period(before, "--before"),
        after=_period(after, "--after"),
        freq=str(freq),
        scope=scope,
    )
    target = check_target(output)
    con = connect(db or default_path(), read_only=True)
    try:
        report = build_report(con, request)
    finally:
        con.close()
    drawn = charts(report)
    write_html(report, target, drawn)
    images = write_png(report, png, drawn) if png is not None else []
    chosen = format or (OutputFormat.table if is_terminal() else OutputFormat.csv)
    pictures = {p.stem: p for p in images}
    if chosen is OutputFormat.json:
        emit_json(_document(report, target, [(c.name, c.title) for c in drawn], pictures))
    elif chosen is OutputFormat.csv:
        out = csv.writer(sys.stdout, lineterminator="\n")
        out.writerow(["kind", "name", "path"])
        out.writerow(["html", "report", str(target)])
        for chart in drawn:
            picture = pictures.get(chart.name)
            out.writerow(["png" if picture else "chart", chart.name, str(picture or "")])
    else:
        _summary(report, target, len(drawn), png, len(images))


def _shift(s: Shift) -> dict[str, Any]:
    return {
        "source": s.source, "target": s.target, "statistic": s.statistic, "period": s.period,
        "direction": s.direction,
        "before": s.before.mean, "after": s.after.mean, "change": s.change,
        "confidence": s.confidence, "drivers": [e.event_id for e in s.drivers],
    }  # fmt: skip


def _verdict(v: Verdict) -> dict[str, Any]:
    return {
        "source": v.source, "target": v.target, "verdict": v.verdict, "standing": v.standing,
        "mean_before": v.mean_before, "mean_after": v.mean_after, "change": v.change,
        "low": v.low, "high": v.high, "p_value": v.p_value,
        "events_before": v.events_before, "events_after": v.events_after,
        "evidence": [e.event_id for e in (*v.evidence_before, *v.evidence_after)],
    }  # fmt: skip


def _document(
    report: Report, path: Path, drawn: list[tuple[str, str]], pictures: dict[str, Path]
) -> dict[str, Any]:
    return {
        "path": str(path),
        "store": report.store,
        "generated": report.generated.isoformat(),
        "scope": report.request.scope.model_dump(),
        "actors": list(report.actors),
        "dyads": [list(d) for d in report.dyads],
        "span": list(report.span),
        "before": list(report.before),
        "after": list(report.after),
        "events": report.events,
        "charts": [
            {"name": name, "title": title, "png": str(pictures[name]) if name in pictures else None}
            for name, title in drawn
        ],
        "verdicts": [_verdict(v) for v in report.verdicts],
        "shifts": [_shift(s) for s in report.shifts],
    }


def _summary(report: Report, path: Path, drawn: int, folder: Path | None, images: int) -> None:
    # plain lines: a path is never wrapped or read as markup
    dyads = ", ".join(f"{a}↔{b}" for a, b in report.dyads) or "none"
    typer.echo(f"report written to {path}")
    typer.echo(
        f"  {report.events:,} events; actors {', '.join(report.actors)}; dyads {dyads}; "
        f"{drawn} charts; {len(report.shifts)} shift(s)"
    )
    for v in report.verdicts:
        change = "" if v.change is None else f" ({v.change:+.2f})"
        typer.echo(f"  {v.source}↔{v.target}: {v.verdict}{change}")
    if folder is not None:
        typer.echo(f"  {images} PNG chart(s) in {folder}")
