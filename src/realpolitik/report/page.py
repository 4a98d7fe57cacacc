"""The report as one self-contained HTML file.

The page is a Jinja2 template with autoescape on, so every text from the store (sentences,
titles, actor codes) is written as text, never as markup; only the figures plotly renders
and the packaged CSS and script go in as they are. Plotly's JavaScript is embedded once from
the installed package, so the file opens offline: no script, style or font is fetched.
Tables are capped; each says how many rows it leaves out.
"""

from __future__ import annotations

import math
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from realpolitik.analysis import Evidence, Scope, Shift, Verdict
from realpolitik.errors import Errors, ReportError
from realpolitik.outfiles import replacing_text
from realpolitik.report.charts import Chart, charts, event_anchor, shift_anchor, slug
from realpolitik.report.records import Report
from realpolitik.version import __version__

if TYPE_CHECKING:
    import jinja2

HERE = Path(__file__).parent
MAX_ROWS = 40
MAX_SHIFTS = 40
SENTENCE = 600


@dataclass(frozen=True)
class TableView:
    """A capped table: header, rows of (text, CSS class) cells, rows left out."""

    columns: Sequence[str]
    rows: Sequence[Sequence[tuple[str, str]]]
    left: int = 0
    empty: str = "Nothing to show."
    why: str = ""


@dataclass(frozen=True)
class EvidenceRow:
    """One cited event as a row of an evidence table, with its anchor."""

    anchor: str
    date: str
    actors: str
    code: str
    goldstein: str
    sentence: str
    where: str
    url: str | None
    event_id: str


@dataclass(frozen=True)
class EvidenceGroup:
    """The cited events of one shift or verdict, under a heading row with an anchor."""

    anchor: str
    label: str
    number: int
    rows: list[EvidenceRow] = field(default_factory=list)


def signed(value: Any, digits: int = 2) -> str:
    """A number with its sign, or an en dash when there is none.

    Example:
        >>> signed(-5.8), signed(None)
        ('-5.80', '–')
    """
    number = _float(value)
    return "–" if number is None else f"{number:+.{digits}f}"


def billions(value: Any) -> str:
    """US dollars in billions: '5.30 bn'; '–' when unknown."""
    return "–" if value is None else f"{float(value) / 1e9:.2f} bn"


def percent(value: Any) -> str:
    """A ratio as a signed percentage: '+38 %'; '–' when unknown."""
    return "–" if value is None else f"{100 * float(value):+.0f} %"


def fixed(value: Any, digits: int = 2) -> str:
    """A number with ``digits`` decimals, or an en dash."""
    number = _float(value)
    if number is None:
        return "–"
    return f"{number:,.{digits}f}"


def _float(value: Any) -> float | None:
    if value is None:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


def scope_note(scope: Scope) -> str:
    """The scope in words: datasets, dates, what counts."""
    parts = [
        "datasets " + ", ".join(scope.datasets) if scope.datasets else "every dataset",
        "each report counted" if scope.mentions else "each event counted once",
        " and ".join(scope.modalities) + " events",
    ]
    if scope.since or scope.until:
        parts.append(f"from {scope.since or 'the first event'} to {scope.until or 'the last'}")
    if scope.attributed:
        parts.append("claims included")
    if scope.weighted:
        parts.append("weighted by confidence")
    parts.append("actors by country" if scope.level == "country" else "actors by full code")
    return "; ".join(parts)


def _safe_url(url: str | None) -> str | None:
    # a link only to a web page: a stored javascript: or data: URL stays text
    if url and url.split(":", 1)[0].lower() in ("http", "https"):
        return url
    return None


def evidence_row(prefix: str, e: Evidence) -> EvidenceRow:
    """An evidence table row of ``e``, its id made of ``prefix`` and the event id."""
    sentence = " ".join((e.sentence or "(no sentence)").split())
    if len(sentence) > SENTENCE:
        sentence = sentence[: SENTENCE - 1] + "…"
    return EvidenceRow(
        anchor=event_anchor(prefix, e.event_id),
        date=str(e.date),
        actors=f"{e.source or '?'} → {e.target or '?'}",
        code=e.code or "",
        goldstein=signed(e.goldstein, 1),
        sentence=sentence,
        where=e.publisher or e.title or e.dataset,
        url=_safe_url(e.url),
        event_id=e.event_id,
    )


def _shift_label(s: Shift) -> str:
    kind = "tone, mean per event" if s.statistic == "mean" else "intensity, total per period"
    return (
        f"{s.source} ↔ {s.target} from {s.period}: {s.direction} ({kind} "
        f"{signed(s.before.mean)} → {signed(s.after.mean)}, {signed(s.change)}, confidence "
        f"{fixed(s.confidence, 3)})"
    )


def shift_groups(shifts: Sequence[Shift]) -> tuple[list[EvidenceGroup], int]:
    """The driving events of each shift (numbered from 1), at most ``MAX_SHIFTS`` shifts."""
    groups = [
        EvidenceGroup(
            anchor=shift_anchor(n),
            label=_shift_label(s),
            number=n,
            rows=[evidence_row(shift_anchor(n), e) for e in s.drivers],
        )
        for n, s in enumerate(shifts[:MAX_SHIFTS], start=1)
    ]
    return groups, max(len(shifts) - MAX_SHIFTS, 0)


def verdict_groups(verdicts: Sequence[Verdict]) -> list[EvidenceGroup]:
    """The evidence of each verdict (numbered from 1), the earlier period's events first."""
    groups: list[EvidenceGroup] = []
    for n, v in enumerate(verdicts, start=1):
        anchor = f"verdict-{n}"
        rows = [evidence_row(f"{anchor}-before", e) for e in v.evidence_before]
        rows += [evidence_row(f"{anchor}-after", e) for e in v.evidence_after]
        label = f"{v.source} ↔ {v.target}: {v.verdict} ({signed(v.change)})"
        groups.append(EvidenceGroup(anchor=anchor, label=label, number=n, rows=rows))
    return groups


def nodes_view(report: Report) -> TableView:
    """The network's nodes, highest PageRank first."""
    nodes = report.network.nodes.sort_values(["pagerank", "actor"], ascending=[False, True])
    rows = [
        [
            (str(r["actor"]), ""),
            (fixed(r["events"], 0), "num"),
            (str(int(r["partners"])), "num"),
            (fixed(r["cooperation"], 0), "num"),
            (fixed(r["conflict"], 0), "num"),
            (fixed(r["pagerank"], 3), "num"),
            (fixed(r["betweenness"], 3), "num"),
            (str(int(r["community"])), "num"),
        ]
        for r in nodes.head(MAX_ROWS).to_dict("records")
    ]
    return TableView(
        columns=("actor", "events", "partners", "coop", "conflict", "PageRank", "betweenness",
                 "community"),
        rows=rows,
        left=max(len(nodes) - MAX_ROWS, 0),
        empty="No actor network in this scope.",
    )  # fmt: skip


def leverage_view(report: Report) -> TableView:
    """Each actor's leverage over the others, per period, with the change."""
    frame = report.leverage
    if not frame.empty:
        # pairs with no cooperation in any period have no leverage to speak of
        active = frame.groupby(["actor", "partner"])["cooperation"].transform("sum") > 0
        frame = frame[active]
    rows = [
        [
            (str(r["actor"]), ""),
            (str(r["partner"]), ""),
            (f"{r['first']} to {r['last']}", ""),
            (fixed(r["cooperation"], 0), "num"),
            (fixed(r["actor_dependence"]), "num"),
            (fixed(r["partner_dependence"]), "num"),
            (signed(r["leverage"]), "num"),
            (signed(r["leverage_change"]), "num"),
        ]
        for r in frame.head(MAX_ROWS).to_dict("records")
    ]
    return TableView(
        columns=("actor", "over", "period", "coop", "actor dep.", "partner dep.", "leverage",
                 "change"),
        rows=rows,
        left=max(len(frame) - MAX_ROWS, 0),
        empty="No cooperation between any two of the actors: no leverage to show.",
    )  # fmt: skip


@cache
def _environment() -> jinja2.Environment:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["signed"] = signed
    env.filters["fixed"] = fixed
    env.filters["billions"] = billions
    env.filters["percent"] = percent
    return env


@cache
def plotly_bundle() -> str:
    """Plotly's JavaScript from the installed package, to embed in the page."""
    from plotly.offline import get_plotlyjs

    return str(get_plotlyjs())


def _figure_html(chart: Chart) -> str:
    return str(
        chart.figure.to_html(
            full_html=False,
            include_plotlyjs=False,
            div_id=f"chart-{chart.name}",
            config={"displaylogo": False, "responsive": True},
            post_script="realpolitikLink(document.getElementById('{plot_id}'));",
        )
    )


def render_html(report: Report, drawn: Sequence[Chart] | None = None) -> str:
    """The report page as a string.

    Example:
        >>> page = render_html(build_report(con, ReportRequest(actors=("RUS", "ARM"))))
    """
    from markupsafe import Markup

    drawn = list(drawn) if drawn is not None else charts(report)
    figures = {c.name: Markup(_figure_html(c)) for c in drawn}
    numbered: list[dict[str, Any]] = []
    number = 1
    for t in report.trajectories:
        name = f"dyad-{slug(t.source)}-{slug(t.target)}"
        numbered.append(
            {
                "name": name,
                "source": t.source,
                "target": t.target,
                "shifts": [(number + n, s) for n, s in enumerate(t.shifts)],
            }
        )
        number += len(t.shifts)
    groups, left = shift_groups(report.shifts)
    template = _environment().get_template("report.html.j2")
    return template.render(
        report=report,
        version=__version__,
        css=Markup((HERE / "report.css").read_text(encoding="utf-8")),
        script=Markup((HERE / "report.js").read_text(encoding="utf-8")),
        plotlyjs=Markup(plotly_bundle()),
        scope_note=scope_note(report.request.scope),
        figures=figures,
        trajectories=numbered,
        nodes=nodes_view(report),
        levers=leverage_view(report),
        verdicts=list(enumerate(report.verdicts, start=1)),
        shift_groups=groups,
        shift_left=left,
        verdict_groups=verdict_groups(report.verdicts),
        top_rows=[evidence_row("top", e) for e in report.top_events],
    )


def check_target(path: Path | str) -> Path:
    """Fail early, before any analysis runs, when the report cannot be written at ``path``.

    Raises:
        ReportError: E620 when ``path`` is a folder, or its folder is missing or read-only.
    """
    target = Path(path)
    folder = target.parent
    reason = None
    if target.is_dir():
        reason = "it is a folder"
    elif not folder.is_dir():
        reason = f"the folder {folder} does not exist"
    elif not os.access(folder, os.W_OK) or (target.exists() and not os.access(target, os.W_OK)):
        reason = "permission denied"
    if reason:
        raise ReportError(Errors.E620.format(path=target, reason=reason))
    return target


def write_html(report: Report, path: Path | str, drawn: Sequence[Chart] | None = None) -> Path:
    """Write the report page to ``path`` (atomically: a failed write leaves no half file);
    ``drawn`` are the charts when they are already made.

    Raises:
        ReportError: E620 when the file cannot be written there.

    Example:
        >>> write_html(report, "report.html")
        PosixPath('report.html')
    """
    target = check_target(path)
    page = render_html(report, drawn)
    try:
        with replacing_text(target) as out:
            out.write(page)
    except OSError as err:
        reason = err.strerror or str(err)
        raise ReportError(Errors.E620.format(path=target, reason=reason)) from None
    return target


__all__ = ["check_target", "render_html", "write_html"]
