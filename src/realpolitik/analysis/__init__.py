"""Relations analysis over the store: dyad series, shifts, networks, leverage, action and
reaction, and period-against-period thesis checks. Every function takes an open store
connection and a ``Scope`` (datasets, dates, modalities, clusters or mentions) and returns
pandas frames or typed records."""

from realpolitik.analysis.compare import compare_periods, parse_dyads, verdicts_frame
from realpolitik.analysis.leverage import LEVERAGE_COLUMNS, leverage
from realpolitik.analysis.network import Network, actor_network, busiest
from realpolitik.analysis.reaction import action_reaction
from realpolitik.analysis.records import Evidence, LagTest, Reaction, Segment, Shift, Verdict
from realpolitik.analysis.scope import Scope, parse_day, parse_periods
from realpolitik.analysis.series import SERIES_COLUMNS, dyad_series
from realpolitik.analysis.shifts import dyad_shifts, find_shifts, rank_shifts, shifts_frame

__all__ = [
    "LEVERAGE_COLUMNS",
    "SERIES_COLUMNS",
    "Evidence",
    "LagTest",
    "Network",
    "Reaction",
    "Scope",
    "Segment",
    "Shift",
    "Verdict",
    "action_reaction",
    "actor_network",
    "busiest",
    "compare_periods",
    "dyad_series",
    "dyad_shifts",
    "find_shifts",
    "leverage",
    "parse_day",
    "parse_dyads",
    "parse_periods",
    "rank_shifts",
    "shifts_frame",
    "verdicts_frame",
]
