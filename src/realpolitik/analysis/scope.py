"""Which events an analysis counts, and the SQL that turns stored mentions into units.

Every analysis reads the store through ``units_sql``: one row per *unit*, by default an
event cluster (one real-world event, however many articles report it: a row of
``event_clusters``), else one row per mention (of ``events``). A unit carries the actor
keys of the level asked for (countries, or full CAMEO actor codes), its date, CAMEO root,
QuadClass, Goldstein score, PLOVER score, weight and mention count. Values are always
bound as parameters.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Sequence
from functools import cache
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from realpolitik.dictionaries.lexicon import DATA_DIR
from realpolitik.errors import AnalysisError, Errors

Freq = Literal["day", "week", "month", "quarter", "year"]
Level = Literal["country", "actor"]
FREQS: tuple[str, ...] = ("day", "week", "month", "quarter", "year")
MODALITIES = ("asserted", "negated", "hypothetical")
_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")
_ACTOR = re.compile(r"^[A-Z0-9]{3,}$")


class Scope(BaseModel):
    """The events an analysis counts.

    By default: every dataset, asserted events only, clusters rather than mentions, an
    event kept when at least one of its mentions states it as fact rather than as someone's
    claim, and each event weighing one.

    Example:
        >>> Scope(datasets=("coded", "icews"), since=dt.date(2021, 1, 1))
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    datasets: tuple[str, ...] = Field(default=(), description="dataset names; empty: all")
    since: dt.date | None = None
    until: dt.date | None = None
    modalities: tuple[str, ...] = Field(default=("asserted",), description="modalities kept")
    attributed: bool = Field(
        default=False, description="also count events every mention of which is a claim"
    )
    mentions: bool = Field(default=False, description="count mentions, not clusters")
    weighted: bool = Field(default=False, description="weigh each unit by its confidence")
    level: Level = Field(default="country", description="actor keys: countries or full codes")


INCLUDES = ("hypothetical", "negated", "attributed")
"""What an analysis may count beside asserted facts (``--include``)."""


def scope_from_options(
    dataset: str | None,
    since: str | None,
    until: str | None,
    include: str | None,
    mentions: bool = False,
    weighted: bool = False,
    level: str = "country",
) -> Scope:
    """The scope of the options commands and API routes share: comma-separated datasets
    and ``include`` kinds, dates as YYYY, YYYY-MM or YYYY-MM-DD.

    Example:
        >>> scope_from_options("coded,icews", "2021", None, "hypothetical").modalities
        ('asserted', 'hypothetical')
    """
    kinds = [k.strip() for k in (include or "").split(",") if k.strip()]
    for kind in kinds:
        if kind not in INCLUDES:
            raise AnalysisError(
                Errors.E112.format(field="--include kind", value=kind, choices=", ".join(INCLUDES))
            )
    modalities = ("asserted", *(k for k in ("hypothetical", "negated") if k in kinds))
    datasets = tuple(d.strip() for d in (dataset or "").split(",") if d.strip())
    return Scope(
        datasets=datasets,
        since=parse_day(since, "--since"),
        until=parse_day(until, "--until", end=True),
        modalities=modalities,
        attributed="attributed" in kinds,
        mentions=mentions,
        weighted=weighted,
        level=level,
    )


def parse_day(value: str | None, option: str, *, end: bool = False) -> dt.date | None:
    """A date given as YYYY, YYYY-MM or YYYY-MM-DD: its first day, or with ``end`` its last.

    Example:
        >>> parse_day("2023-02", "--until", end=True)
        datetime.date(2023, 2, 28)
    """
    if value is None or value == "":
        return None
    match = _DATE.match(value.strip())
    try:
        if not match:
            raise ValueError(value)
        year, month, day = (int(g) if g else None for g in match.groups())
        assert year is not None
        if month is None:
            return dt.date(year, 12, 31) if end else dt.date(year, 1, 1)
        if day is None:
            last = calendar.monthrange(year, month)[1]
            return dt.date(year, month, last if end else 1)
        return dt.date(year, month, day)
    except ValueError:
        raise AnalysisError(Errors.E601.format(value=value, option=option)) from None


def parse_periods(value: str, option: str = "--periods") -> list[tuple[dt.date, dt.date]]:
    """Comma-separated ``START:END`` periods, each end given as YYYY, YYYY-MM or YYYY-MM-DD.

    Example:
        >>> parse_periods("2021-01:2022-12,2023")
        [(datetime.date(2021, 1, 1), datetime.date(2022, 12, 31)),
         (datetime.date(2023, 1, 1), datetime.date(2023, 12, 31))]
    """
    periods: list[tuple[dt.date, dt.date]] = []
    for part in (p.strip() for p in value.split(",")):
        start, sep, stop = part.partition(":")
        first = parse_day(start, option)
        last = parse_day(stop if sep else start, option, end=True)
        if first is None or last is None or last < first:
            raise AnalysisError(Errors.E602.format(value=part, option=option))
        periods.append((first, last))
    if not periods:
        raise AnalysisError(Errors.E602.format(value=value, option=option))
    return periods


def check_actor(value: str, option: str = "actor") -> str:
    """An actor argument, upper-cased: a country code (RUS) or a CAMEO actor code (RUSGOV).

    Example:
        >>> check_actor("rus")
        'RUS'
    """
    code = value.strip().upper()
    if not _ACTOR.match(code):
        raise AnalysisError(Errors.E603.format(value=value, option=option))
    return code


def check_freq(value: str) -> str:
    """A period length: day, week, month, quarter or year."""
    if value not in FREQS:
        raise AnalysisError(Errors.E604.format(value=value, choices=", ".join(FREQS)))
    return value


def key(column: str, level: str, alias: str = "e") -> str:
    """The SQL of an actor key: the country (the code itself for actors of no country,
    such as IGOEUR; none for an agent of unknown country, such as ---GOV) or the full code.

    Example:
        >>> key("source", "country")
        "coalesce(e.source_country, CASE WHEN NOT starts_with(e.source, '---') THEN e.source END)"
    """
    if level == "actor":
        return f"{alias}.{column}"
    code = f"{alias}.{column}"
    return (
        f"coalesce({alias}.{column}_country, "
        f"CASE WHEN NOT starts_with({code}, '---') THEN {code} END)"
    )


def matches(column: str, alias: str = "e") -> str:
    """SQL true when an actor argument names the actor of ``column``: its country is the
    argument, or its code starts with it (RUSGOV rolls up into RUS, IGOEUREEC into IGOEUR).
    Takes two parameters: the argument and its LIKE prefix."""
    return f"({alias}.{column}_country = ? OR {alias}.{column} LIKE ? ESCAPE '\\')"


def match_params(actor: str) -> list[Any]:
    """The parameters of ``matches`` for one actor argument."""
    escaped = actor.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return [actor, escaped + "%"]


@cache
def plover_scores() -> tuple[tuple[str, str, float], ...]:
    """(type, mode, score) of every PLOVER type (mode '') and mode, from the taxonomy."""
    import json

    rows: list[tuple[str, str, float]] = []
    for name, has_mode in (("plover_types.jsonl", False), ("plover_modes.jsonl", True)):
        path = DATA_DIR / "taxonomy" / name
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                if row.get("score") is not None:
                    mode = row["mode"] if has_mode else ""
                    rows.append((row["event"], mode, float(row["score"])))
    return tuple(rows)


def prepare(con: Any) -> None:
    """Register the PLOVER score table the unit query joins (once per connection)."""
    con.execute(
        "CREATE TEMP TABLE IF NOT EXISTS plover_score "
        "(plover_type VARCHAR, plover_mode VARCHAR, score DOUBLE)"
    )
    row = con.execute("SELECT count(*) FROM plover_score").fetchone()
    if row and row[0] == 0:
        con.executemany("INSERT INTO plover_score VALUES (?, ?, ?)", list(plover_scores()))


def filters(scope: Scope, alias: str = "e") -> tuple[list[str], list[Any]]:
    """SQL conditions and parameters of a scope's datasets, dates and modalities."""
    a = alias
    parts: list[str] = [f"{a}.date IS NOT NULL"]
    params: list[Any] = []
    if scope.datasets:
        parts.append(f"{a}.dataset IN (SELECT unnest(?::VARCHAR[]))")
        params.append(list(scope.datasets))
    if scope.since:
        parts.append(f"{a}.date >= ?")
        params.append(scope.since)
    if scope.until:
        parts.append(f"{a}.date <= ?")
        params.append(scope.until)
    modalities = list(scope.modalities)
    if set(modalities) != set(MODALITIES):
        # imported rows carry no modality: their datasets state events as fact
        parts.append(f"coalesce({a}.modality, 'asserted') IN (SELECT unnest(?::VARCHAR[]))")
        params.append(modalities)
    return parts, params


def units_sql(
    con: Any, scope: Scope, conditions: Sequence[str] = (), params: Sequence[Any] = ()
) -> tuple[str, list[Any]]:
    """The SELECT of a scope's units, narrowed by ``conditions`` on the stored rows ``e``
    (which may read ``date``, ``dataset``, ``source``, ``target``, ``source_country`` and
    ``target_country``).

    A cluster is a row of ``event_clusters``, which carries its first mention's fields,
    its mention count and whether any mention states it as fact; with ``mentions`` every
    row of ``events`` is a unit. Columns: ``unit``, ``event_id`` (the unit's first
    mention), ``date``, ``source``, ``target`` (actor keys of the scope's level),
    ``dataset``, ``root``, ``quad_class``, ``goldstein``, ``plover`` (PLOVER score),
    ``weight`` and ``mentions``.
    """
    prepare(con)
    parts, bound = filters(scope)
    parts += list(conditions)
    bound += list(params)
    table, unit, mentions = (
        ("events", "e.event_id", "1")
        if scope.mentions
        else ("event_clusters", "e.cluster_id", "e.mentions")
    )
    if not scope.attributed:
        parts.append("e.attribution_speaker IS NULL" if scope.mentions else "e.stated IS NOT FALSE")
    source, target = key("source", scope.level), key("target", scope.level)
    weight = "coalesce(e.confidence, 1.0)" if scope.weighted else "1.0"
    sql = (
        f"SELECT {unit} AS unit, {unit} AS event_id, e.date, {source} AS source, "
        f"{target} AS target, e.dataset, e.root, e.quad_class, e.goldstein, "
        f"coalesce(pm.score, pt.score) AS plover, {weight} AS weight, {mentions} AS mentions "
        f"FROM {table} e "
        "LEFT JOIN plover_score pt ON pt.plover_type = e.plover_type AND pt.plover_mode = '' "
        "LEFT JOIN plover_score pm ON pm.plover_type = e.plover_type "
        "AND pm.plover_mode = e.plover_mode "
        f"WHERE {' AND '.join(parts)}"
    )
    return sql, bound
