"""Compute a report: the actors, dyads and periods it covers and every analysis of them.

Each part is one of the analysis library's functions (``dyad_series``, ``dyad_shifts``,
``actor_network``, ``leverage``, ``compare_periods``); the queries here only choose the
defaults (busiest countries and pairs, the two halves of the span) and count the events of
the timeline.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from realpolitik.analysis import (
    Network,
    Scope,
    Verdict,
    actor_network,
    compare_periods,
    dyad_series,
    dyad_shifts,
    leverage,
)
from realpolitik.analysis.evidence import load_evidence
from realpolitik.analysis.scope import check_actor, check_freq, match_params, matches, units_sql
from realpolitik.analysis.series import check_datasets
from realpolitik.analysis.shifts import STATISTICS, attach_drivers
from realpolitik.errors import AnalysisError, Errors
from realpolitik.report.records import Dyad, Period, Report, ReportRequest, Trajectory
from realpolitik.trade.beside import TradeBeside, has_trade, trade_beside
from realpolitik.trade.series import trade_series

if TYPE_CHECKING:
    import pandas as pd

    from realpolitik.store.db import Connection

DEFAULT_ACTORS = 4
MAX_DYADS = 6
NETWORK_NODES = 20
LAYOUT_SEED = 7


def build_report(con: Connection, request: ReportRequest | None = None) -> Report:
    """Every part of a report of ``request`` over the store of ``con``.

    Example:
        >>> report = build_report(con, ReportRequest(actors=("RUS", "ARM", "AZE")))
        >>> [(v.source, v.target, v.verdict) for v in report.verdicts]
        [('RUS', 'ARM', 'worsened'), ('ARM', 'AZE', 'no significant change'), ...]
    """
    request = request or ReportRequest()
    scope = request.scope
    freq = check_freq(request.freq)
    check_datasets(con, scope)
    events, mentions, first, last, datasets = _totals(con, scope)
    if not events or first is None or last is None:
        where = store_path(con)
        raise AnalysisError(Errors.E625.format(where=f" of {where}" if where else ""))
    span: Period = (scope.since or first, scope.until or last)
    actors = tuple(check_actor(a, "--actors") for a in request.actors)
    dyads = tuple((check_actor(a, "--dyads"), check_actor(b, "--dyads")) for a, b in request.dyads)
    if not actors:
        named = tuple(dict.fromkeys(a for pair in dyads for a in pair))
        actors = named or busiest_countries(con, scope, DEFAULT_ACTORS)
    notes: list[str] = []
    if not dyads:
        if len(actors) < 2:
            raise AnalysisError(Errors.E626.format(actors=", ".join(actors) or "none"))
        dyads = busiest_pairs(con, scope, actors, MAX_DYADS)
        if not dyads:
            notes.append("no events between any two of the actors: no dyad to follow")
    before, after = request.before, request.after
    if before is None or after is None:
        halves = halve(span)
        before, after = before or halves[0], after or halves[1]
    # the comparison (permutations, bootstrap, evidence look-ups) runs beside the rest, on a
    # connection of its own: DuckDB scans and numpy release the interpreter lock
    with ThreadPoolExecutor(max_workers=1) as pool:
        side = con.cursor()
        try:
            compared = pool.submit(
                compare_periods, side, list(dyads), before, after, scope, directed=False,
                resamples=request.resamples,
            ) if dyads else None  # fmt: skip
            timeline = timeline_frame(con, scope, actors)
            top = top_event_ids(con, scope, actors, request.top_events)
            top_events = tuple(load_evidence(con, [t[0] for t in top], mentions=dict(top)))
            trajectories = with_drivers(
                con, [trajectory(con, a, b, scope, span, freq) for a, b in dyads], scope, span,
                freq,
            )  # fmt: skip
            network = actors_network(actor_network(con, scope), actors, NETWORK_NODES)
            levers = leverage_frame(con, actors, [before, after], scope)
            verdicts = tuple(compared.result()) if compared else ()
            beside, frames = trade_part(con, dyads, verdicts)
        finally:
            side.close()
    return Report(
        store=store_path(con) or "(in memory)",
        generated=dt.datetime.now(dt.UTC).replace(microsecond=0),
        request=request,
        actors=actors,
        dyads=dyads,
        span=span,
        before=before,
        after=after,
        events=events,
        mentions=mentions,
        datasets=datasets,
        timeline=timeline,
        top_events=top_events,
        trajectories=trajectories,
        network=network,
        layout=spring_layout(network),
        leverage=levers,
        verdicts=verdicts,
        notes=tuple(notes),
        trade=beside,
        trade_frames=frames,
    )


def trajectory(
    con: Connection, a: str, b: str, scope: Scope, span: Period, freq: str
) -> Trajectory:
    """The series of a dyad (both ways) over every period of the report's span, with its
    shifts in tone and in intensity in date order (without their drivers: see
    ``with_drivers``)."""
    spanned = scope.model_copy(update={"since": span[0], "until": span[1]})
    shifts = [
        shift
        for statistic in STATISTICS
        for shift in dyad_shifts(
            con, a, b, spanned, freq=freq, directed=False, statistic=statistic, drivers=0
        )
    ]
    shifts.sort(key=lambda s: (s.period, STATISTICS.index(s.statistic)))
    return Trajectory(
        source=a,
        target=b,
        series=dyad_series(con, a, b, spanned, freq=freq, directed=False),
        shifts=tuple(shifts),
    )


def trade_part(
    con: Connection, dyads: Sequence[Dyad], verdicts: Sequence[Verdict]
) -> tuple[tuple[TradeBeside, ...], tuple[tuple[Dyad, pd.DataFrame], ...]]:
    """The dyads' trade beside their verdicts, and their yearly trade series (none when
    the store holds no trade flow)."""
    if not has_trade(con):
        return (), ()
    frames = []
    for a, b in dyads:
        frame = trade_series(con, a[:3], b[:3])
        if not frame.empty:
            frames.append(((a, b), frame))
    return tuple(trade_beside(con, verdicts)), tuple(frames)


def with_drivers(
    con: Connection, trajectories: Sequence[Trajectory], scope: Scope, span: Period, freq: str
) -> tuple[Trajectory, ...]:
    """The trajectories with the driving events of every shift, found in one pass."""
    spanned = scope.model_copy(update={"since": span[0], "until": span[1]})
    shifts = attach_drivers(con, [s for t in trajectories for s in t.shifts], spanned, freq=freq)
    done: list[Trajectory] = []
    for t in trajectories:
        mine, shifts = shifts[: len(t.shifts)], shifts[len(t.shifts) :]
        done.append(replace(t, shifts=tuple(mine)))
    return tuple(done)


def store_path(con: Connection) -> str | None:
    """The file of the store ``con`` reads (None for a store in memory)."""
    row = con.execute(
        "SELECT path FROM duckdb_databases() WHERE database_name = current_database()"
    ).fetchone()
    return str(row[0]) if row and row[0] else None


def _totals(
    con: Connection, scope: Scope
) -> tuple[int, int, dt.date | None, dt.date | None, tuple[str, ...]]:
    units, params = units_sql(con, scope)
    row = con.execute(
        f"SELECT count(*), coalesce(sum(mentions), 0), min(date), max(date), "
        f"list(DISTINCT dataset ORDER BY dataset) FROM ({units})",
        params,
    ).fetchone()
    assert row is not None
    return int(row[0]), int(row[1]), row[2], row[3], tuple(row[4] or ())


def halve(span: Period) -> tuple[Period, Period]:
    """The two halves of a span of days (the second one a day longer when the count is odd).

    Example:
        >>> halve((dt.date(2021, 1, 1), dt.date(2024, 12, 31)))
        ((datetime.date(2021, 1, 1), datetime.date(2022, 12, 31)),
         (datetime.date(2023, 1, 1), datetime.date(2024, 12, 31)))
    """
    first, last = span
    if last <= first:
        return (first, first), (first, first)
    days = (last - first).days + 1
    middle = first + dt.timedelta(days=days // 2 - 1)
    return (first, middle), (middle + dt.timedelta(days=1), last)


def busiest_countries(con: Connection, scope: Scope, count: int) -> tuple[str, ...]:
    """The ``count`` countries with most events (as source or target) in the scope.

    Example:
        >>> busiest_countries(con, Scope(), 4)
        ('RUS', 'UKR', 'USA', 'ARM')
    """
    countries = scope.model_copy(update={"level": "country"})
    sources, source_params = units_sql(con, countries, ["e.source_country IS NOT NULL"])
    targets, target_params = units_sql(con, countries, ["e.target_country IS NOT NULL"])
    rows = con.execute(
        f"SELECT actor, count(*) AS n FROM (SELECT source AS actor FROM ({sources}) "
        f"UNION ALL SELECT target FROM ({targets})) GROUP BY actor ORDER BY n DESC, actor "
        "LIMIT ?",
        [*source_params, *target_params, count],
    ).fetchall()
    return tuple(r[0] for r in rows)


def _any_actor(column: str, actors: Sequence[str]) -> tuple[str, list[Any]]:
    condition = " OR ".join(matches(column) for _ in actors)
    return f"({condition})", [p for a in actors for p in match_params(a)]


def _named(key: str | None, actors: Sequence[str]) -> str | None:
    """The actor (of ``actors``) a unit's key stands for: RUSGOV for RUS, RUS for RUSGOV
    when the scope groups by country."""
    if key is None:
        return None
    for actor in actors:
        if key.startswith(actor) or actor.startswith(key):
            return actor
    return None


def busiest_pairs(
    con: Connection, scope: Scope, actors: Sequence[str], count: int
) -> tuple[Dyad, ...]:
    """The ``count`` undirected pairs of ``actors`` with most events between them, each in
    the order the actors are given.

    Example:
        >>> busiest_pairs(con, Scope(), ("RUS", "ARM", "AZE"), 6)
        (('ARM', 'AZE'), ('RUS', 'ARM'), ('RUS', 'AZE'))
    """
    sources, source_params = _any_actor("source", actors)
    targets, target_params = _any_actor("target", actors)
    units, params = units_sql(con, scope, [sources, targets], [*source_params, *target_params])
    rows = con.execute(
        f"SELECT source, target, count(*) FROM ({units}) GROUP BY ALL", params
    ).fetchall()
    order = {a: n for n, a in enumerate(actors)}
    totals: dict[Dyad, int] = {}
    for source, target, n in rows:
        a, b = _named(source, actors), _named(target, actors)
        if a is None or b is None or a == b:
            continue
        pair = (a, b) if order[a] < order[b] else (b, a)
        totals[pair] = totals.get(pair, 0) + int(n)
    ranked = sorted(
        totals.items(), key=lambda item: (-item[1], order[item[0][0]], order[item[0][1]])
    )
    return tuple(pair for pair, _ in ranked[:count])


def _actors_condition(actors: Sequence[str]) -> tuple[str, list[Any]]:
    sources, source_params = _any_actor("source", actors)
    targets, target_params = _any_actor("target", actors)
    return f"({sources} OR {targets})", [*source_params, *target_params]


def timeline_frame(con: Connection, scope: Scope, actors: Sequence[str]) -> pd.DataFrame:
    """Events of any of ``actors`` per month and QuadClass: ``period``, ``quad_class``
    (1 verbal cooperation … 4 material conflict, 0 none) and ``events``."""
    condition, bound = _actors_condition(actors)
    units, params = units_sql(con, scope, [condition], bound)
    frame = con.execute(
        f"SELECT CAST(date_trunc('month', date) AS DATE) AS period, "
        f"coalesce(quad_class, 0) AS quad_class, sum(weight) AS events FROM ({units}) "
        "GROUP BY ALL ORDER BY period, quad_class",
        params,
    ).df()
    frame["period"] = frame["period"].dt.date
    if not scope.weighted:
        frame["events"] = frame["events"].astype("int64")
    return frame


def top_event_ids(
    con: Connection, scope: Scope, actors: Sequence[str], count: int
) -> list[tuple[str, int]]:
    """The ``count`` most-reported events of any of ``actors``, with their mentions: most
    mentions first, then the strongest Goldstein score."""
    if count <= 0:
        return []
    condition, bound = _actors_condition(actors)
    units, params = units_sql(con, scope, [condition], bound)
    rows = con.execute(
        f"SELECT event_id, mentions FROM ({units}) "
        "ORDER BY mentions DESC, abs(goldstein) DESC NULLS LAST, date, event_id LIMIT ?",
        [*params, count],
    ).fetchall()
    return [(r[0], int(r[1])) for r in rows]


def actors_network(network: Network, actors: Sequence[str], size: int) -> Network:
    """The part of a network around ``actors``: their nodes, then their busiest partners
    up to ``size`` nodes, and the edges among these. Centralities stay those of the whole
    network."""
    edges = network.edges
    own = [n for n in network.graph.nodes if _named(n, actors) is not None]
    mine = set(own)
    partners: dict[str, float] = {}
    for row in edges.itertuples(index=False):
        source, target, events = str(row.source), str(row.target), float(row.events)
        if source in mine and target not in mine:
            partners[target] = partners.get(target, 0.0) + events
        elif target in mine and source not in mine:
            partners[source] = partners.get(source, 0.0) + events
    room = max(size - len(own), 0)
    ranked = sorted(partners.items(), key=lambda item: (-item[1], item[0]))[:room]
    keep = mine | {p for p, _ in ranked}
    graph = network.graph.subgraph(keep).copy()
    nodes = network.nodes[network.nodes["actor"].isin(keep)].reset_index(drop=True)
    kept = edges[edges["source"].isin(keep) & edges["target"].isin(keep)].reset_index(drop=True)
    return Network(graph=graph, nodes=nodes, edges=kept)


def spring_layout(network: Network) -> dict[str, tuple[float, float]]:
    """Node positions by networkx's spring layout, seeded so that a report repeats."""
    import networkx as nx

    if network.graph.number_of_nodes() == 0:
        return {}
    undirected = network.graph.to_undirected()
    positions = nx.spring_layout(undirected, seed=LAYOUT_SEED)
    return {str(n): (float(p[0]), float(p[1])) for n, p in positions.items()}


def leverage_frame(
    con: Connection, actors: Sequence[str], periods: Sequence[Period], scope: Scope
) -> pd.DataFrame:
    """Each actor's leverage over each other actor in each period, one frame."""
    import pandas as pd

    from realpolitik.analysis import LEVERAGE_COLUMNS

    frames = [
        leverage(con, actor, [p for p in actors if p != actor], periods, scope)
        for actor in actors
        if len(actors) > 1
    ]
    frames = [f for f in frames if not f.empty]
    if not frames:
        return pd.DataFrame(columns=list(LEVERAGE_COLUMNS))
    return pd.concat(frames, ignore_index=True)


__all__ = [
    "build_report",
    "busiest_countries",
    "busiest_pairs",
    "halve",
]
