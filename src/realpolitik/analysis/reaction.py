"""Action and reaction: does A's behaviour towards B predict B's behaviour towards A?

Granger tests (statsmodels' ``grangercausalitytests``, the F test on the sum of squared
residuals) of the two directed series of a dyad, per period, for lags 1 to ``max_lag``,
each way round. Empty periods count as zero acts. Results depend on the period length
(Shellman 2004): compare a few ``freq`` values before reading much into one.
"""

from __future__ import annotations

import warnings

import numpy as np

from realpolitik.analysis.records import LagTest, Reaction
from realpolitik.analysis.scope import Scope, check_actor
from realpolitik.analysis.series import dyad_series, dyad_span
from realpolitik.errors import AnalysisError, Errors
from realpolitik.store.db import Connection

REACTION_MEASURES = {
    "conflict": "conflict",
    "cooperation": "cooperation",
    "goldstein": "goldstein_sum",
    "material_conflict": "material_conflict",
}


def action_reaction(
    con: Connection,
    a: str,
    b: str,
    scope: Scope | None = None,
    *,
    freq: str = "month",
    measure: str = "conflict",
    max_lag: int = 2,
    alpha: float = 0.05,
) -> tuple[Reaction, Reaction]:
    """Whether a's acts towards b predict b's towards a, and the other way round.

    ``measure``: conflict (event count of QuadClass 3-4, by default), cooperation,
    material_conflict, or goldstein (the sum of scores).

    Example:
        >>> forward, backward = action_reaction(con, "ARM", "AZE", freq="week")
        >>> forward.predicts, forward.best_lag, round(forward.p_value, 3)
    """
    if measure not in REACTION_MEASURES:
        raise AnalysisError(Errors.E608.format(value=measure, choices=", ".join(REACTION_MEASURES)))
    a, b = check_actor(a, "the first actor"), check_actor(b, "the second actor")
    column = REACTION_MEASURES[measure]
    scope = scope or Scope()
    first, last = dyad_span(con, a, b, scope, directed=False)
    # both directions over the same periods: from the dyad's first event to its last
    scope = scope.model_copy(update={"since": scope.since or first, "until": scope.until or last})
    forward = dyad_series(con, a, b, scope, freq=freq)[["period", column]]
    backward = dyad_series(con, b, a, scope, freq=freq)[["period", column]]
    joined = forward.merge(backward, on="period", how="outer", suffixes=("_ab", "_ba"))
    joined = joined.sort_values("period").fillna(0.0)
    periods = len(joined)
    needed = 3 * max_lag + 4
    if periods < needed:
        raise AnalysisError(
            Errors.E607.format(a=a, b=b, periods=periods, freq=freq, needed=needed, lags=max_lag)
        )
    ab = joined[f"{column}_ab"].to_numpy(dtype=float)
    ba = joined[f"{column}_ba"].to_numpy(dtype=float)
    return (
        _granger(cause=ab, effect=ba, names=(a, b), measure=measure, freq=freq,
                 max_lag=max_lag, alpha=alpha),
        _granger(cause=ba, effect=ab, names=(b, a), measure=measure, freq=freq,
                 max_lag=max_lag, alpha=alpha),
    )  # fmt: skip


def _granger(
    *,
    cause: np.ndarray,
    effect: np.ndarray,
    names: tuple[str, str],
    measure: str,
    freq: str,
    max_lag: int,
    alpha: float,
) -> Reaction:
    from statsmodels.tsa.stattools import grangercausalitytests

    x = np.column_stack([effect, cause])
    common = {"cause": names[0], "effect": names[1], "measure": measure, "freq": freq}
    if np.ptp(x[:, 0]) == 0 or np.ptp(x[:, 1]) == 0:
        return Reaction(
            **common, periods=len(x), tests=(), best_lag=None, p_value=None, predicts=False,
            note="one of the series does not vary: nothing to test",
        )  # fmt: skip
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        results = grangercausalitytests(x, maxlag=max_lag)
    tests = tuple(
        LagTest(
            lag=lag, f=float(result[0]["ssr_ftest"][0]), p_value=float(result[0]["ssr_ftest"][1])
        )
        for lag, result in sorted(results.items())
        if np.isfinite(result[0]["ssr_ftest"][1])
    )
    if not tests:
        return Reaction(
            **common, periods=len(x), tests=(), best_lag=None, p_value=None, predicts=False,
            note="the test is undefined for these series (collinear or too short)",
        )  # fmt: skip
    best = min(tests, key=lambda t: (t.p_value, t.lag))
    return Reaction(
        **common, periods=len(x), tests=tests, best_lag=best.lag, p_value=best.p_value,
        predicts=best.p_value < alpha / len(tests),
        note=f"Bonferroni-adjusted over {len(tests)} lag(s): p < {alpha / len(tests):.3g}",
    )  # fmt: skip
