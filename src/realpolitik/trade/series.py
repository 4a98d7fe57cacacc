"""Trade series of a dyad: each side's exports and imports as it reports them, the same
flows as the other side reports them (mirror flows) and the gap between the two, growth,
each side's dependence on the other (its share of its own trade) and the asymmetry of that
dependence, and the concentration of a country's partners.

A product group is an HS prefix ('85', '8542'): a flow is the sum of its rows at the
coarsest level the file gives (a file with both 85 and 8542 rows counts 85 once). With no
prefix, a flow is its TOTAL row; only a dataset that has no TOTAL rows at all (BACI's
product tables) sums its products instead, since a table of a few chapters is no total. A
country's trade with the world is its WLD row, or, where the datasets hold no WLD row of
the country at all, the sum over its partners. When several datasets
hold the same flow, the first of ``datasets`` (by default, in name order) gives it. A year
of a flow a dataset gives only by month is the sum of its months, when all twelve are there.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from realpolitik.errors import Errors, TradeError
from realpolitik.trade.areas import EU, WORLD, trade_areas

if TYPE_CHECKING:
    import pandas as pd

    from realpolitik.store.db import Connection

FREQS = ("year", "month")
SERIES_COLUMNS = (
    "period", "a_exports", "b_imports_mirror", "export_gap", "a_imports", "b_exports_mirror",
    "import_gap", "turnover", "turnover_growth", "a_share", "b_share", "asymmetry",
)  # fmt: skip


def check_country(value: str, option: str) -> str:
    """A country code as stored (ARM, ROM; EU as EUU; WLD), or E713."""
    code = trade_areas().code(value)
    if not code:
        raise TradeError(Errors.E713.format(value=value, option=option))
    return code


def check_hs(value: str | None, option: str = "--hs") -> str | None:
    """An HS prefix of 2, 4 or 6 digits (dots dropped), None for all goods, or E712."""
    if value is None or value.strip().upper() in ("", "TOTAL", "ALL"):
        return None
    digits = value.strip().replace(".", "")
    if not digits.isdigit() or len(digits) not in (2, 4, 6):
        raise TradeError(Errors.E712.format(value=value, option=option))
    return digits


def flows_sql(datasets: Sequence[str] | None, freq: str, hs: str | None) -> tuple[str, list[Any]]:
    """SQL of one value per (period, reporter, partner, flow) for a product group: the
    coarsest rows of the group, one dataset per flow."""
    if freq not in FREQS:
        raise TradeError(Errors.E604.format(value=freq, choices=", ".join(FREQS)))
    conditions: list[str] = []
    params: list[Any] = []
    if hs:
        conditions.append("hs <> 'TOTAL' AND starts_with(hs, ?)")
        params.append(hs)
    if datasets:
        conditions.append("dataset IN (SELECT unnest(?::VARCHAR[]))")
        params.append(list(datasets))
    order = list(datasets) if datasets else []
    where = " AND ".join(conditions) or "true"
    # a year of a flow that a dataset gives only by month is the sum of its twelve months
    rows = f"""
        SELECT dataset, period, reporter, partner, flow, hs, value_usd, kg
        FROM trade_flows WHERE freq = '{freq}' AND {where}
    """
    if freq == "year":
        rows += f"""
        UNION ALL
        SELECT dataset, CAST(date_trunc('year', period) AS DATE), reporter, partner, flow, hs,
            sum(value_usd), sum(kg)
        FROM trade_flows m WHERE freq = 'month' AND {where}
            AND NOT EXISTS (
                SELECT 1 FROM trade_flows y WHERE y.freq = 'year' AND y.dataset = m.dataset
                    AND y.period = CAST(date_trunc('year', m.period) AS DATE)
                    AND y.reporter = m.reporter AND y.partner = m.partner
                    AND y.flow = m.flow AND y.hs = m.hs)
        GROUP BY ALL HAVING count(DISTINCT period) = 12
        """
        params = params + params
    sql = f"""
        SELECT period, reporter, partner, flow, sum(value_usd) AS value, sum(kg) AS kg
        FROM (
            SELECT *,
                min(lvl) OVER (PARTITION BY dataset, period, reporter, partner, flow) AS top,
                bool_or(lvl = 0) OVER (PARTITION BY dataset) AS totals,
                first_value(dataset) OVER (PARTITION BY period, reporter, partner, flow
                                           ORDER BY given, dataset) AS chosen
            FROM (
                SELECT dataset, period, reporter, partner, flow, value_usd, kg,
                    CASE WHEN hs = 'TOTAL' THEN 0 ELSE length(hs) END AS lvl,
                    coalesce(list_position(?::VARCHAR[], dataset), 0) AS given
                FROM ({rows})
            )
        )
        WHERE lvl = top AND dataset = chosen AND (lvl = 0 OR NOT totals OR ? IS NOT NULL)
        GROUP BY ALL
    """
    return sql, [order, *params, hs]


def trade_series(
    con: Connection,
    a: str,
    b: str,
    *,
    hs: str | None = None,
    freq: str = "year",
    datasets: Sequence[str] | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> pd.DataFrame:
    """The trade of ``a`` with ``b`` per period (SERIES_COLUMNS), in US dollars.

    ``a_exports`` are a's exports to b as a reports them, ``b_imports_mirror`` the same
    goods as b reports them, ``export_gap`` the second minus the first (imports are valued
    with freight and insurance, so a small positive gap is normal); likewise for a's
    imports. ``turnover`` is a's exports plus imports (or its published turnover);
    ``a_share`` the part of a's trade with the world that is with b (a's dependence on b),
    ``b_share`` the same of b, ``asymmetry`` the first minus the second.

    Example:
        >>> trade_series(con, "ARM", "RUS", freq="year")[["period", "a_exports", "a_share"]]
    """
    a, b = check_country(a, "the first country"), check_country(b, "the second country")
    hs = check_hs(hs)
    flows, params = flows_sql(datasets, freq, hs)
    bounds = ""
    extra: list[Any] = []
    if since:
        bounds += " AND period >= ?"
        extra.append(since)
    if until:
        bounds += " AND period <= ?"
        extra.append(until)
    columns = (
        ("a_exports", a, b, "X"), ("b_imports_mirror", b, a, "M"), ("a_imports", a, b, "M"),
        ("b_exports_mirror", b, a, "X"), ("a_turnover", a, b, "T"), ("b_turnover", b, a, "T"),
    )  # fmt: skip
    picked = ", ".join(
        f"sum(value) FILTER (WHERE reporter = ? AND partner = ? AND flow = '{flow}') AS {name}"
        for name, _, _, flow in columns
    )
    sql = f"""
        WITH f AS ({flows}),
        d AS (
            SELECT period, {picked} FROM f
            WHERE reporter IN (?, ?) AND partner IN (?, ?){bounds} GROUP BY period
        ),
        reported AS (
            SELECT period, reporter,
                CASE WHEN count(*) FILTER (WHERE partner = '{WORLD}' AND flow = 'X') > 0
                          AND count(*) FILTER (WHERE partner = '{WORLD}' AND flow = 'M') > 0
                     THEN sum(value) FILTER (WHERE partner = '{WORLD}' AND flow IN ('X', 'M'))
                     ELSE sum(value) FILTER (WHERE partner = '{WORLD}' AND flow = 'T') END
                    AS listed,
                sum(value) FILTER (WHERE partner NOT IN ('{WORLD}', '{EU}')
                                   AND flow IN ('X', 'M')) AS partners
            FROM f WHERE reporter IN (?, ?){bounds} GROUP BY ALL
        ),
        world AS (
            SELECT period, reporter,
                CASE WHEN bool_or(listed IS NOT NULL) OVER (PARTITION BY reporter)
                     THEN listed ELSE partners END AS total
            FROM reported
        )
        SELECT d.*, wa.total AS a_world, wb.total AS b_world
        FROM d
        LEFT JOIN world wa ON wa.period = d.period AND wa.reporter = ?
        LEFT JOIN world wb ON wb.period = d.period AND wb.reporter = ?
        ORDER BY d.period
    """
    bound = [
        *params, *(code for _, r, p, _ in columns for code in (r, p)), a, b, a, b, *extra,
        a, b, *extra, a, b,
    ]  # fmt: skip
    frame = con.execute(sql, bound).df()
    return _derive(frame)


def _derive(frame: pd.DataFrame) -> pd.DataFrame:
    import pandas as pd

    if frame.empty:
        return pd.DataFrame(columns=list(SERIES_COLUMNS))
    frame["period"] = pd.to_datetime(frame["period"]).dt.date
    frame["export_gap"] = frame["b_imports_mirror"] - frame["a_exports"]
    frame["import_gap"] = frame["b_exports_mirror"] - frame["a_imports"]
    # each flow from its own reporter, or else from the other side's report of it
    exports = frame["a_exports"].fillna(frame["b_imports_mirror"])
    imports = frame["a_imports"].fillna(frame["b_exports_mirror"])
    frame["turnover"] = (exports + imports).fillna(frame["a_turnover"]).fillna(frame["b_turnover"])
    b_exports = frame["b_exports_mirror"].fillna(frame["a_imports"])
    b_imports = frame["b_imports_mirror"].fillna(frame["a_exports"])
    b_turnover = (b_exports + b_imports).fillna(frame["b_turnover"]).fillna(frame["turnover"])
    frame["turnover_growth"] = frame["turnover"].pct_change(fill_method=None)
    frame["a_share"] = frame["turnover"] / frame["a_world"]
    frame["b_share"] = b_turnover / frame["b_world"]
    frame["asymmetry"] = frame["a_share"] - frame["b_share"]
    return frame[list(SERIES_COLUMNS)]


def mirror_flows(
    con: Connection,
    a: str,
    b: str,
    *,
    hs: str | None = None,
    freq: str = "year",
    datasets: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Both directions of a dyad's trade as exporter and importer report them: one row per
    period and direction (``exporter``, ``importer``, ``exports_reported``,
    ``imports_reported``, ``gap`` and ``ratio`` of imports to exports)."""
    import pandas as pd

    frame = trade_series(con, a, b, hs=hs, freq=freq, datasets=datasets)
    a, b = check_country(a, "the first country"), check_country(b, "the second country")
    rows = []
    for r in frame.itertuples(index=False):
        for exporter, importer, x, m in ((a, b, r.a_exports, r.b_imports_mirror),
                                         (b, a, r.b_exports_mirror, r.a_imports)):  # fmt: skip
            ratio = m / x if pd.notna(x) and pd.notna(m) and x else None
            gap = m - x if pd.notna(x) and pd.notna(m) else None
            rows.append({"period": r.period, "exporter": exporter, "importer": importer,
                         "exports_reported": x, "imports_reported": m, "gap": gap,
                         "ratio": ratio})  # fmt: skip
    return pd.DataFrame(
        rows,
        columns=["period", "exporter", "importer", "exports_reported", "imports_reported",
                 "gap", "ratio"],
    )  # fmt: skip


def partner_concentration(
    con: Connection,
    country: str,
    *,
    flow: str = "X",
    hs: str | None = None,
    freq: str = "year",
    datasets: Sequence[str] | None = None,
) -> pd.DataFrame:
    """The Herfindahl–Hirschman index of a country's partners per period (0 to 1: the sum
    of the squared shares of each partner in its ``flow``), with its largest partner, that
    partner's share, and ``coverage``: the part of the country's reported trade with the
    world that the listed partners make up (the index is only as good as that coverage)."""
    import pandas as pd

    country = check_country(country, "the country")
    if flow not in ("X", "M"):
        raise TradeError(Errors.E714.format(value=flow))
    flows, params = flows_sql(datasets, freq, check_hs(hs))
    frame = con.execute(
        f"""
        WITH f AS ({flows}),
        s AS (SELECT period, partner, value, value / sum(value) OVER (PARTITION BY period)
                     AS share
              FROM f WHERE reporter = ? AND flow = ? AND partner NOT IN (?, ?) AND value > 0),
        w AS (SELECT period, sum(value) AS world FROM f
              WHERE reporter = ? AND flow = ? AND partner = ? GROUP BY period)
        SELECT s.period, count(*) AS partners, sum(share * share) AS hhi,
            arg_max(partner, share) AS top_partner, max(share) AS top_share,
            sum(value) / any_value(w.world) AS coverage
        FROM s LEFT JOIN w USING (period) GROUP BY s.period ORDER BY s.period
        """,
        [*params, country, flow, WORLD, EU, country, flow, WORLD],
    ).df()
    if not frame.empty:
        frame["period"] = pd.to_datetime(frame["period"]).dt.date
    return frame
