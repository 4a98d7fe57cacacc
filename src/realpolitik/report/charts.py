"""The report's charts as plotly figures: the event timeline, one trajectory per dyad with
its shifts marked, and the actor network.

Points that stand for cited events (the timeline's most-reported events, the shift markers)
carry in ``customdata`` the id of their row in the evidence tables, which the page's script
scrolls to on a click. Text from the store is HTML-escaped before plotly sees it: plotly
reads a subset of HTML in hover text and labels.
"""

from __future__ import annotations

import html
import re
import textwrap
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from realpolitik.analysis import Evidence
from realpolitik.report.records import Report, Trajectory

if TYPE_CHECKING:
    import plotly.graph_objects as go

QUADS = {
    1: ("verbal cooperation", "#91cf60"),
    2: ("material cooperation", "#1a9850"),
    3: ("verbal conflict", "#fc8d59"),
    4: ("material conflict", "#d73027"),
    0: ("no QuadClass", "#bbbbbb"),
}
TONES = {
    "cooperation": "#1a9850",
    "mixed": "#999999",
    "conflict": "#d73027",
    "none": "#cccccc",
}
WIDTH, HEIGHT = 1000, 460
_UNSAFE = re.compile(r"[^A-Za-z0-9_-]")


@dataclass(frozen=True)
class Chart:
    """One chart of a report: its name (the id of its div, the stem of its PNG), its
    title, and the figure."""

    name: str
    title: str
    figure: go.Figure


def slug(value: str) -> str:
    """A string as an HTML id part: letters, digits, ``_`` and ``-`` kept, anything else as
    ``_`` and its code point in hex.

    Example:
        >>> slug("ab:c/1")
        'ab_3ac_2f1'
    """
    return _UNSAFE.sub(lambda m: f"_{ord(m.group()):x}", value)


def shift_anchor(number: int) -> str:
    """The id of the evidence rows' heading of the report's ``number``-th shift (from 1)."""
    return f"shift-{number}"


def event_anchor(prefix: str, event_id: str) -> str:
    """The id of a cited event's row in the evidence table of ``prefix``."""
    return f"{prefix}-ev-{slug(event_id)}"


def hover(text: str | None, width: int = 70, limit: int = 280) -> str:
    """Store text for plotly's hover: shortened, escaped, wrapped with ``<br>``.

    Example:
        >>> hover("Troops <script> crossed", width=10)
        'Troops<br>&lt;script&gt;<br>crossed'
    """
    if not text:
        return ""
    short = textwrap.shorten(" ".join(text.split()), limit, placeholder=" …")
    return "<br>".join(html.escape(line) for line in textwrap.wrap(short, width))


def _event_hover(e: Evidence) -> str:
    head = (
        f"{e.date} {html.escape(e.source or '?')} → {html.escape(e.target or '?')} "
        f"{html.escape(e.code or '')} ({_signed(e.goldstein, 1)}), {e.mentions} mention(s)"
    )
    return f"<b>{head}</b><br>{hover(e.sentence)}"


def _signed(value: float | None, digits: int = 2) -> str:
    return "–" if value is None else f"{value:+.{digits}f}"


def _layout(fig: go.Figure, title: str, **extra: Any) -> go.Figure:
    settings: dict[str, Any] = {
        "title": {"text": html.escape(title), "x": 0.01},
        "template": "plotly_white",
        "width": WIDTH,
        "height": HEIGHT,
        "margin": {"l": 60, "r": 30, "t": 70, "b": 50},
        "legend": {"orientation": "h", "y": -0.15},
        "font": {"family": "sans-serif", "size": 12},
    }
    fig.update_layout(**{**settings, **extra})
    return fig


def timeline_chart(report: Report) -> Chart:
    """Events of the actors per month by QuadClass (stacked bars), and below them the
    most-reported events by Goldstein score, sized by mentions."""
    import plotly.graph_objects as go
    from plotly.subplots import make_subplots

    fig = make_subplots(
        rows=2,
        cols=1,
        shared_xaxes=True,
        row_heights=[0.68, 0.32],
        vertical_spacing=0.06,
    )
    frame = report.timeline
    for quad, (label, colour) in QUADS.items():
        part = frame[frame["quad_class"] == quad]
        if part.empty:
            continue
        fig.add_trace(
            go.Bar(
                x=[str(p) for p in part["period"]],
                y=[float(v) for v in part["events"]],
                name=label,
                marker_color=colour,
                hovertemplate=f"%{{x|%Y-%m}}: %{{y}} {label} events<extra></extra>",
            ),
            row=1,
            col=1,
        )
    top = report.top_events
    if top:
        largest = max(e.mentions for e in top) or 1
        fig.add_trace(
            go.Scatter(
                x=[str(e.date) for e in top],
                y=[e.goldstein if e.goldstein is not None else 0.0 for e in top],
                mode="markers",
                name="most-reported events (click: evidence)",
                marker={
                    "size": [8 + 22 * e.mentions / largest for e in top],
                    "color": [e.goldstein or 0.0 for e in top],
                    "colorscale": "RdYlGn",
                    "cmin": -10,
                    "cmax": 10,
                    "line": {"width": 1, "color": "#333"},
                },
                customdata=[event_anchor("top", e.event_id) for e in top],
                hovertext=[_event_hover(e) for e in top],
                hoverinfo="text",
            ),
            row=2,
            col=1,
        )
    fig.update_yaxes(title_text="events", row=1, col=1)
    fig.update_yaxes(title_text="Goldstein", range=[-10.5, 10.5], row=2, col=1)
    actors = ", ".join(report.actors)
    return Chart(
        "timeline",
        f"Events of {actors} per month by QuadClass, and the most-reported ones",
        _layout(fig, f"Events of {actors} per month", barmode="stack"),
    )


def trajectory_chart(trajectory: Trajectory, first_shift: int) -> Chart:
    """A dyad's trajectory in two rows: its tone (mean Goldstein score and net cooperation
    per period) and its intensity (the Goldstein total per period, quiet periods at zero).
    Each shift is marked in its row by a vertical line, a label (direction, change,
    confidence) and a clickable point; shifts are numbered from ``first_shift``."""
    import plotly.graph_objects as go
    from plotly.subplots import make_subplots

    t = trajectory
    frame = t.series
    fig = make_subplots(
        rows=2,
        cols=1,
        shared_xaxes=True,
        row_heights=[0.58, 0.42],
        vertical_spacing=0.1,
        specs=[[{"secondary_y": True}], [{"secondary_y": False}]],
    )
    periods = [str(p) for p in frame["period"]]
    events = [int(v) for v in frame["events"]]
    fig.add_trace(
        go.Scatter(
            x=periods,
            y=[_number(v) for v in frame["goldstein_mean"]],
            mode="lines+markers",
            name="mean Goldstein",
            line={"color": "#2c7bb6"},
            connectgaps=False,
            customdata=events,
            hovertemplate="%{x}: mean Goldstein %{y:+.2f} over %{customdata} events<extra></extra>",
        ),
        row=1,
        col=1,
        secondary_y=False,
    )
    fig.add_trace(
        go.Scatter(
            x=periods,
            y=[_number(v) for v in frame["net_cooperation"]],
            mode="lines",
            name="net cooperation",
            line={"color": "#fdae61", "dash": "dot"},
            hovertemplate="%{x}: net cooperation %{y:+.2f}<extra></extra>",
        ),
        row=1,
        col=1,
        secondary_y=True,
    )
    totals = [_number(v) or 0.0 for v in frame["goldstein_sum"]]
    fig.add_trace(
        go.Bar(
            x=periods,
            y=totals,
            name="Goldstein total",
            marker_color=["#1a9850" if v >= 0 else "#d73027" for v in totals],
            customdata=events,
            hovertemplate=(
                "%{x}: Goldstein total %{y:+.1f} over %{customdata} events<extra></extra>"
            ),
        ),
        row=2,
        col=1,
    )
    marks = [(s, first_shift + n) for n, s in enumerate(t.shifts)]
    in_row = {"mean": 0, "total": 0}
    for shift, number in marks:
        row = 1 if shift.statistic == "mean" else 2
        # labels of neighbouring shifts alternate in height so that they do not overlap
        stagger = in_row[shift.statistic] % 2
        in_row[shift.statistic] += 1
        colour = "#1a9850" if shift.change > 0 else "#d73027"
        fig.add_vline(
            x=str(shift.period), row=row, col=1,
            line={"color": colour, "width": 2, "dash": "dash"},
        )  # fmt: skip
        fig.add_annotation(
            x=str(shift.period),
            xref="x" if row == 1 else "x2",
            yref="y domain" if row == 1 else "y3 domain",
            y=1.0,
            yanchor="bottom",
            yshift=-16 * stagger,
            showarrow=False,
            font={"color": colour},
            bgcolor="rgba(255,255,255,0.8)",
            text=f"#{number} {'▲' if shift.change > 0 else '▼'} "
            f"{shift.change:+.1f} (conf. {shift.confidence:.2f})",
        )
    for row, statistic, label in ((1, "mean", "tone"), (2, "total", "intensity")):
        chosen = [(s, shift_anchor(number)) for s, number in marks if s.statistic == statistic]
        if not chosen:
            continue
        fig.add_trace(
            go.Scatter(
                x=[str(s.period) for s, _ in chosen],
                y=[s.after.mean for s, _ in chosen],
                mode="markers",
                name=f"shift in {label} (click: evidence)",
                marker={"symbol": "diamond", "size": 14, "color": "#444"},
                customdata=[anchor for _, anchor in chosen],
                hovertext=[
                    f"<b>shift in {label} from {s.period}: {s.direction}</b><br>"
                    f"{'mean' if statistic == 'mean' else 'total per period'} "
                    f"{_signed(s.before.mean)} → {_signed(s.after.mean)} "
                    f"({s.change:+.2f}), confidence {s.confidence:.3f}"
                    for s, _ in chosen
                ],
                hoverinfo="text",
            ),
            row=row,
            col=1,
            **({"secondary_y": False} if row == 1 else {}),
        )
    fig.update_yaxes(title_text="mean Goldstein", range=[-10.5, 10.5], row=1, col=1,
                     secondary_y=False)  # fmt: skip
    fig.update_yaxes(
        title_text="net cooperation", range=[-1.05, 1.05], row=1, col=1, secondary_y=True,
        showgrid=False,
    )  # fmt: skip
    fig.update_yaxes(title_text="Goldstein total", row=2, col=1)
    title = f"{t.source} ↔ {t.target}: tone (mean Goldstein, net cooperation) and intensity"
    return Chart(f"dyad-{slug(t.source)}-{slug(t.target)}", title, _layout(fig, title, height=620))


def _number(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if number != number else number


def network_chart(report: Report) -> Chart:
    """The actor network: nodes placed by a seeded spring layout and sized by PageRank,
    edges coloured by tone (cooperation, mixed, conflict)."""
    import plotly.graph_objects as go

    fig = go.Figure()
    layout = report.layout
    edges = report.network.edges
    for tone, colour in TONES.items():
        part = edges[edges["tone"] == tone]
        if part.empty:
            continue
        xs: list[float | None] = []
        ys: list[float | None] = []
        for row in part.itertuples(index=False):
            a, b = layout.get(str(row.source)), layout.get(str(row.target))
            if a and b:
                xs += [a[0], b[0], None]
                ys += [a[1], b[1], None]
        fig.add_trace(
            go.Scatter(
                x=xs,
                y=ys,
                mode="lines",
                name=f"{tone} edges",
                line={"color": colour, "width": 1.5},
                hoverinfo="skip",
                opacity=0.7,
            )
        )
    nodes = report.network.nodes
    if not nodes.empty:
        ranks = [float(v) for v in nodes["pagerank"]]
        largest = max(ranks) or 1.0
        named = [str(a) for a in nodes["actor"]]
        fig.add_trace(
            go.Scatter(
                x=[layout[a][0] for a in named],
                y=[layout[a][1] for a in named],
                mode="markers+text",
                name="actors (size: PageRank)",
                text=[html.escape(a) for a in named],
                textposition="top center",
                marker={
                    "size": [10 + 40 * r / largest for r in ranks],
                    "color": ["#2c7bb6" if a in report.actors else "#abd9e9" for a in named],
                    "line": {"width": 1, "color": "#333"},
                },
                hovertext=[
                    f"<b>{html.escape(a)}</b><br>{int(e)} events, {int(p)} partners<br>"
                    f"PageRank {r:.3f}, community {int(c)}"
                    for a, e, p, r, c in zip(
                        named,
                        nodes["events"],
                        nodes["partners"],
                        ranks,
                        nodes["community"],
                        strict=True,
                    )
                ],
                hoverinfo="text",
            )
        )
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False, scaleanchor="x")
    title = "Actor network: node size PageRank, edge colour tone"
    return Chart("network", title, _layout(fig, title, height=560))


def trade_chart(report: Report) -> Chart:
    """Each dyad's yearly trade turnover (US$ billions), one line per dyad."""
    import plotly.graph_objects as go

    fig = go.Figure()
    for (a, b), frame in report.trade_frames:
        fig.add_trace(
            go.Scatter(
                x=[str(p) for p in frame["period"]],
                y=[None if v is None else v / 1e9 for v in map(_number, frame["turnover"])],
                mode="lines+markers",
                name=html.escape(f"{a} ↔ {b}"),
                connectgaps=True,
                hovertemplate=f"{html.escape(a)} ↔ {html.escape(b)} %{{x|%Y}}: "
                "%{y:.2f} bn US$<extra></extra>",
            )
        )
    fig.update_yaxes(title_text="turnover, US$ billions", rangemode="tozero")
    fig.update_xaxes(dtick="M12", tickformat="%Y")
    title = "Trade turnover of the dyads per year"
    return Chart("trade", title, _layout(fig, title, showlegend=True))


def charts(report: Report) -> list[Chart]:
    """Every chart of a report, in page order."""
    found = [timeline_chart(report)]
    number = 1
    for trajectory in report.trajectories:
        found.append(trajectory_chart(trajectory, number))
        number += len(trajectory.shifts)
    found.append(network_chart(report))
    if report.trade_frames:
        found.append(trade_chart(report))
    return found
