"""Find date expressions in a sentence and resolve them against the document date.

``find_dates`` runs on every sentence of every article, so the common path is plain
precompiled regular expressions; ``dateparser`` is only a lazily imported, cached
fallback for numeric dates such as ``07/09/2023``.

Resolution rules for ambiguous expressions:

* Month and year precision dates are normalised to the first day of the month or year;
  a season is normalised to the first day of its first month (spring March, summer June,
  autumn/fall September, winter December).
* ``winter 2023`` is the winter that *begins* in December 2023 (2023-12-01), following the
  first-month rule above.
* A day or month without a year (``September 7``, ``in May``, ``in the spring``) takes the
  anchor's year, or the previous year when that would fall after the anchor: news mostly
  reports what already happened.
* A bare weekday (``on Tuesday``, ``Tuesday night``) is the most recent such day on or
  before the anchor, so ``on Tuesday`` in an article dated on a Tuesday is that very day;
  ``last Tuesday`` is strictly before the anchor and ``next Tuesday`` strictly after it.
* ``last May`` is the most recent May before the anchor's month, ``next May`` the first one
  after it, ``this May`` the anchor year's. ``last winter`` is the most recent winter that
  ended before the anchor; ``this winter`` is the one under way, else the one starting in
  the anchor's year; ``next winter`` the first one starting after the anchor.
* ``last week``/``next week`` are seven days before/after the anchor (day precision);
  ``this week`` is left unresolved because it names no day.
* ``two days later``, ``the next day``, ``the day before`` count from ``last``, the date of
  the previous expression (or the anchor when there is none), except a year naming an event
  (``the 2020 ceasefire``), which does not move the story's clock. ``the day before`` and
  ``two days after`` only count when nothing follows them (``the day before the vote``
  refers to the vote, which this module cannot resolve).
* A four-digit number is a year only in a year context: a preposition such as ``in`` or
  ``since``, ``early``/``late``/``mid-``, a month or season, a following event noun
  (``the 2020 war``), or the second half of a range (``between 2018 and 2020``). It must
  lie between 1800 and ten years after the anchor, and is never a year when a count noun
  or a time zone follows (``2020 people``, ``2030 GMT``). Decades and centuries are ignored.
* Month and weekday names must be capitalised, so the modal ``may`` and the verb ``march``
  are never dates; a bare capitalised ``May`` or ``March`` also needs a context (a day,
  a year, a preposition or a modifier).
* The matched ``text`` leaves out leading prepositions (``on``, ``in``, ``since``) and the
  article before a season, but keeps modifiers such as ``last``, ``early`` or ``the next``.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable
from typing import NamedTuple

from realpolitik.records import DatePrecision, ResolvedDate

__all__ = ["find_dates"]

Resolution = tuple[dt.date, DatePrecision]
Handler = Callable[[re.Match[str], dt.date, dt.date], Resolution | None]

_MONTHS: dict[str, int] = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3,
    "april": 4, "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7,
    "august": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10,
    "november": 11, "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_SEASON_START: dict[str, int] = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}
_NUMBER_WORDS: dict[str, int] = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "a couple of": 2,
}  # fmt: skip

# Nouns that make a preceding four-digit number a year ("the 2020 war").
_EVENT_NOUNS = (
    "war|wars|election|elections|ceasefire|cease-fire|truce|armistice|coup|invasion|"
    "revolution|uprising|protests?|crisis|summit|agreement|accords?|deal|treaty|census|"
    "referendum|budget|olympics|world\\s+cup|offensive|counteroffensive|counter-offensive|"
    "attacks?|bombings?|massacre|earthquake|floods?|pandemic|campaign|vote|polls?|talks|"
    "conflict|clashes|fighting|escalation|blockade|sanctions|constitution|law|report|"
    "declaration|memorandum|resolution|negotiations|strikes?|riots|unrest|annexation|"
    "withdrawal|incursion|operation|hostilities"
)
# Words that may sit between a year and its event noun ("the 2020 Nagorno-Karabakh war").
_EVENT_ADJECTIVES = (
    "presidential|parliamentary|general|local|snap|municipal|military|civil|border|nuclear|"
    "peace|gas|full-scale|trilateral|bilateral|joint|annual|national|federal|regional"
)
# Nouns that make a preceding four-digit number a count or a clock time ("2020 people").
_COUNT_NOUNS = (
    "people|persons|troops|soldiers|servicemen|fighters|militants|civilians|refugees|"
    "migrants|protesters|demonstrators|residents|men|women|children|victims|deaths|dead|"
    "casualties|cases|votes|seats|members|police|officers|prisoners|detainees|hostages|"
    "families|households|homes|houses|buildings|vehicles|tanks|rockets|missiles|shells|"
    "drones|aircraft|weapons|rounds|dollars|euros|pounds|rubles|roubles|tonnes|tons|"
    "barrels|km|kilometres|kilometers|miles|metres|meters|feet|hours|hrs|h|gmt|utc|"
    "local\\s+time|times"
)

_MONTH_NAMES = (
    "January|February|March|April|May|June|July|August|September|October|November|December"
)
_MONTH_ABBREVIATIONS = "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec"
# Month and weekday names are matched case-sensitively: lower-case "may" is a verb.
_MONTH = rf"(?-i:(?P<mon>{_MONTH_NAMES})\b)"
_MONTH_OR_ABBR = rf"(?-i:(?P<mon>(?:{_MONTH_NAMES})\b|(?:{_MONTH_ABBREVIATIONS})\b\.?))"
_WEEKDAY_NAMES = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
_WEEKDAY = rf"(?-i:(?P<wd>{_WEEKDAY_NAMES})\b)"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\b(?![.,]\d|%|:\d)"
# the end of a range of days, 'June 3-4', 'May 9 to 10, 2021': the range starts the event
_DAY_RANGE_END = r"(?:\s*(?:-|–|to|and)\s*[0-3]?\d(?:st|nd|rd|th)?\b(?![.,]\d|%|:\d))?"
_YEAR = (
    r"(?<![\w$€£.])(?<!\d,)(?P<year>1[89]\d\d|2[01]\d\d)\b"
    rf"(?![.,]\d|%|:\d|['’]s)(?!\s+(?:{_COUNT_NOUNS})\b)"
)
_SECOND_YEAR = _YEAR.replace("?P<year>", "?P<year2>")
_NUMBER = (
    r"(?P<n>\d{1,3}|"
    + "|".join(w.replace(" ", r"\s+") for w in sorted(_NUMBER_WORDS, key=len, reverse=True))
    + r")"
)
_UNIT = r"(?P<unit>day|week|month|year|decade)s?"
_MODIFIER = r"(?:(?P<mod>early|late|mid)(?:-|\s+))"
_SEASON = r"(?P<season>spring|summer|autumn|fall|winter)"
_PART_OF_DAY = r"(?:\s+(?:morning|afternoon|evening|night))"
# "the day before" only counts at the end of a clause, not in "the day before the vote".
_CLAUSE_END = r"(?=\s*(?:[,.;:!?)\]]|$))"
_YEAR_PREPOSITIONS = (
    "in|since|by|of|from|until|till|through|throughout|during|before|after|around|circa|"
    "between|year"
)
_MONTH_PREPOSITIONS = (
    "in|since|by|until|till|through|throughout|during|from|before|after|of|around|between"
)
_SEASON_PREPOSITIONS = "in|during|over|through|throughout|by|since|until|till|before|after"

# A date expression without digits or month names holds one of these words ("yesterday" and
# the weekdays hold "day", "tonight" holds "night").
_WORD_KEYWORDS = (
    "day", "week", "month", "year", "decade", "night", "morning", "afternoon", "evening",
    "tomorrow",
)  # fmt: skip
_SEASON_KEYWORDS = ("spring", "summer", "autumn", "fall", "winter")
_KEYWORDS = _WORD_KEYWORDS + _SEASON_KEYWORDS
_DIGITS = tuple("0123456789")
_OPENERS = "\"'“‘(["
_OTHER_SPACE = re.compile(r"[^\S ]")


class _Family(NamedTuple):
    """Cheap keyword hits around which the rules of a family are tried."""

    hits: re.Pattern[str]
    lowercase: bool  # search the lower-cased sentence
    needs_digit: bool
    words: frozenset[str] | None  # one of these keywords must occur; None: no such gate


_FAMILIES: dict[str, _Family] = {
    "month": _Family(re.compile(f"{_MONTH_NAMES}|{_MONTH_ABBREVIATIONS}"), False, False, None),
    "year": _Family(re.compile(r"(?:1[89]|2[01])\d\d"), False, True, None),
    # Also hits inside "Tuesday", "yesterday" and "tonight", which is what the weekday and
    # deictic rules start from.
    "word": _Family(
        re.compile("|".join(_WORD_KEYWORDS)),
        True,
        False,
        frozenset(_WORD_KEYWORDS),
    ),
    "season": _Family(
        re.compile(rf"\b(?:{'|'.join(_SEASON_KEYWORDS)})\b"),
        True,
        False,
        frozenset(_SEASON_KEYWORDS),
    ),
}


class _Rule(NamedTuple):
    """One pattern; group ``x`` spans the reported text, the handler resolves it.

    The pattern is only tried where it can begin: at a hit of its family or at the start of
    one of the ``back`` words before the hit (``in early`` before ``2020``).
    """

    name: str
    pattern: re.Pattern[str]
    handler: Handler
    family: str
    back: int
    requires: tuple[str, ...]  # one of these must occur in the lower-cased sentence
    sets_last: bool  # whether later "two days later" count from this expression


class _Candidate(NamedTuple):
    start: int
    neg_length: int
    order: int
    match: re.Match[str]
    rule: _Rule


# --- date arithmetic -----------------------------------------------------------------------


def _month_start(day: dt.date, months: int = 0) -> dt.date:
    """First day of the month ``months`` months after the month of ``day``."""
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def _year_start(year: int) -> dt.date:
    return dt.date(year, 1, 1)


def _first_group(match: re.Match[str], *names: str) -> str:
    """The first of the named groups that took part in the match."""
    for name in names:
        if name in match.re.groupindex and match[name] is not None:
            return str(match[name])
    raise LookupError(names)


def _number(word: str) -> int:
    if word.isdigit():
        return int(word)
    return _NUMBER_WORDS[" ".join(word.lower().split())]


def _month_number(name: str) -> int:
    return _MONTHS[name.rstrip(".").lower()]


def _shift(base: dt.date, count: int, unit: str) -> Resolution:
    """Move ``count`` units from ``base``; the unit sets the precision."""
    if unit == "day":
        return base + dt.timedelta(days=count), "day"
    if unit == "week":
        return base + dt.timedelta(days=7 * count), "day"
    if unit == "month":
        return _month_start(base, count), "month"
    if unit == "decade":
        return _year_start(base.year + 10 * count), "year"
    return _year_start(base.year + count), "year"


def _past_day(year: int, month: int, day: int, anchor: dt.date) -> dt.date | None:
    """The day in ``year``, or in the year before when it would fall after the anchor."""
    for candidate_year in (year, year - 1):
        try:
            candidate = dt.date(candidate_year, month, day)
        except ValueError:
            continue
        if candidate <= anchor:
            return candidate
    return None


def _season_occurrence(season: str, year: int) -> tuple[dt.date, dt.date]:
    """First and last day of the season that starts in ``year``."""
    start = dt.date(year, _SEASON_START[season], 1)
    return start, _month_start(start, 3) - dt.timedelta(days=1)


def _year_in_range(year: int, anchor: dt.date) -> bool:
    return 1800 <= year <= anchor.year + 10


# --- handlers ------------------------------------------------------------------------------


def _iso(match: re.Match[str], anchor: dt.date, last: dt.date) -> Resolution | None:
    year = int(match["year"])
    if not _year_in_range(year, anchor):
        return None
    return dt.date(year, int(match["m"]), int(match["d"])), "day"


@functools.lru_cache(maxsize=4096)
def _parse_numeric(text: str) -> dt.date | None:
    """Parse ``07/09/2023`` (month first) or ``7.9.2023`` (day first) with dateparser.

    Example:
        >>> _parse_numeric("7.9.2023")
        datetime.date(2023, 9, 7)
    """
    # dateparser takes a tenth of a second to import: only sentences with numeric
    # dates pay for it, and each distinct string is parsed once.
    import dateparser  # type: ignore[import-untyped, unused-ignore]

    parsed: dt.datetime | None = dateparser.parse(
        text,
        languages=["en"],
        settings={
            "DATE_ORDER": "DMY" if "." in text else "MDY",
            "REQUIRE_PARTS": ["day", "month", "year"],
        },
    )
    return parsed.date() if parsed is not None else None


def _numeric(match: re.Match[str], anchor: dt.date, last: dt.date) -> Resolution | None:
    parsed = _parse_numeric(match["x"])
    if parsed is None or not _year_in_range(parsed.year, anchor):
        return None
    return parsed, "day"


def _month_day(match: re.Match[str], anchor: dt.date, last: dt.date) -> Resolution | None:
    month, day = _month_number(match["mon"]), int(match["day"])
    if match["year"] is None:
        resolved = _past_day(anchor.year, month, day, anchor)
        return (resolved, "day") if resolved is not None else None
    year = int(match["year"])
    if not _year_in_range(year, anchor):
        return None
    return dt.date(year, month, day), "day"


def _month_year(match: re.Match[str], anchor: dt.date, last: dt.date) -> Resolution | None:
    year = int(match["year"])
    if not _year_in_range(year, anchor):
        return None
    return dt.date(year, _month_number(match["mon"]), 1), "month"


def _month_alone(match: re.Match[str], anchor: dt.date, last: dt.date) -> Resolution | None:
    relation = (match["rel"] or "").lower()
    if not relation and match["prep"] is None and match["mod"] is None:
        return None  # "Theresa May", "March on Rome": a capitalised name is not enough
    month = _month_number(match["mon"])
    year = anchor.year
    if relation == "last":
        year = anchor.year if month < anchor.month else anchor.year - 1
    elif relation == "next":
        year = anchor.year if month > anchor.month else anchor.year + 1
    elif relation != "this" and month > anchor.month:
        year = anchor.year - 1
    return dt.date(year, month, 1), "month"


def _weekday(match: re.Match[str], anchor: dt.date, last: dt.date) -> Resolution | None:
    target = _WEEKDAYS.index(match["wd"].lower())
    back = (anchor.weekday() - target) % 7
    relation = (match["rel"] or "").lower()
    if relation == "next":
        return anchor + dt.timedelta(days=(target - anchor.weekday() - 1) % 7 + 1), "day"
    if relation in ("last", "past") and back == 0:
        back = 7
    return anchor - dt.timedelta(days=back), "day"


_DEICTIC_OFFSETS: dict[str, int] = {
    "the day before yesterday": -2,
    "yesterday": -1,
    "last night": -1,
    "today": 0,
    "tonight": 0,
    "this morning": 0,
    "this afternoon": 0,
    "this evening": 0,
    "tomorrow": 1,
    "the day after tomorrow": 2,
}


def _deictic(match: re.Match[str], anchor: dt.date, last: dt.date) -> Resolution | None:
    word = match["word"]
    # A capital inside the sentence marks a name ("USA Today"), not the adverb.
    if word[0].isupper() and match.string[: match.start("x")].strip(" \"'“‘(") != "":
        return None
    return anchor + dt.timedelta(days=_DEICTIC_OFFSETS[" ".join(word.lower().split())]), "day"


def _ago(match: re.Match[str], anchor: dt.date, last: dt.date) -> Resolution | None:
    return _shift(anchor, -_number(match["n"]), match["unit"].lower())


def _counted_from_last(match: re.Match[str], anchor: dt.date, last: dt.date) -> Resolution | None:
    direction = match["dir"].lower()
    sign = -1 if direction in ("earlier", "before", "prior") else 1
    return _shift(last, sign * _number(match["n"]), match["unit"].lower())


_NEIGHBOUR_SIGN: dict[str, int] = {
    "next": 1, "following": 1, "after": 1, "previous": -1, "preceding": -1, "before": -1,
    "same": 0, "earlier": 0, "later": 0,
}  # fmt: skip
_UNIT_OF_WORD: dict[str, str] = {
    "day": "day", "morning": "day", "afternoon": "day", "evening": "day", "night": "day",
    "week": "week", "month": "month", "year": "year",
}  # fmt: skip


def _neighbour_of_last(match: re.Match[str], anchor: dt.date, last: dt.date) -> Resolution | None:
    sign = _NEIGHBOUR_SIGN[_first_group(match, "dir", "dir2").lower()]
    return _shift(last, sign, _UNIT_OF_WORD[_first_group(match, "unit", "unit2").lower()])


def _period(match: re.Match[str], anchor: dt.date, last: dt.date) -> Resolution | None:
    relation, unit = match["rel"].lower(), match["unit"].lower()
    if unit == "week" and relation == "this":
        return None  # "this week" names no day; the document date is as good
    sign = {"last": -1, "this": 0, "next": 1}[relation]
    return _shift(anchor, sign, unit)


def _season_year(match: re.Match[str], anchor: dt.date, last: dt.date) -> Resolution | None:
    year = int(match["year"])
    if not _year_in_range(year, anchor):
        return None
    return _season_occurrence(match["season"].lower(), year)[0], "season"


def _season_alone(match: re.Match[str], anchor: dt.date, last: dt.date) -> Resolution | None:
    relation = (match["rel"] or "").lower()
    if not relation and match["prep"] is None:
        return None  # "the Arab Spring", "the fall of Kabul"
    season = match["season"].lower()
    current, current_end = _season_occurrence(season, anchor.year)
    if current > anchor:
        current, current_end = _season_occurrence(season, anchor.year - 1)
    if relation in ("last", "past"):
        year = current.year if current_end < anchor else current.year - 1
    elif relation == "next":
        year = current.year + 1
    elif relation == "this":
        year = current.year if current_end >= anchor else anchor.year
    else:
        year = current.year
    return _season_occurrence(season, year)[0], "season"


def _year(match: re.Match[str], anchor: dt.date, last: dt.date) -> Resolution | None:
    year = int(_first_group(match, "year2", "year"))
    if not _year_in_range(year, anchor):
        return None
    return _year_start(year), "year"


# --- rules ---------------------------------------------------------------------------------


def _rule(
    name: str,
    pattern: str,
    handler: Handler,
    *,
    family: str,
    back: int,
    requires: tuple[str, ...] = (),
    sets_last: bool = True,
) -> _Rule:
    compiled = re.compile(pattern, re.IGNORECASE)
    return _Rule(name, compiled, handler, family, back, requires, sets_last)


_RULES: tuple[_Rule, ...] = (
    _rule(
        "iso",
        r"(?<![\w.-])(?P<x>(?P<year>\d{4})-(?P<m>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01]))(?!\d)",
        _iso,
        family="year",
        back=0,
    ),
    _rule(
        "numeric",
        r"(?<![\w./])(?P<x>\d{1,2}([./])\d{1,2}\2\d{4})(?![\w/]|\.\d)",
        _numeric,
        family="year",
        back=0,
    ),
    _rule(
        "month_day",
        rf"(?P<x>(?-i:(?:{_WEEKDAY_NAMES}),?\s+)?{_MONTH_OR_ABBR}\s*{_DAY}{_DAY_RANGE_END}"
        rf"(?:,?\s+{_YEAR})?)",
        _month_day,
        family="month",
        back=1,
        requires=_DIGITS,
    ),
    _rule(
        "day_month",
        rf"(?P<x>(?-i:(?:{_WEEKDAY_NAMES}),?\s+)?(?<![\w.,]){_DAY}{_DAY_RANGE_END}(?:\s+of)?\s+"
        rf"{_MONTH_OR_ABBR}(?:,?\s+{_YEAR})?)",
        _month_day,
        family="month",
        back=3,
        requires=_DIGITS,
    ),
    _rule(
        "month_year",
        rf"(?P<x>{_MODIFIER}?{_MONTH_OR_ABBR},?\s+(?:of\s+)?{_YEAR})",
        _month_year,
        family="month",
        back=1,
        requires=_DIGITS,
    ),
    _rule(
        "month",
        rf"(?:\b(?P<prep>{_MONTH_PREPOSITIONS})\s+)?"
        rf"(?P<x>(?:\b(?P<rel>last|next|this)\s+)?{_MODIFIER}?{_MONTH})(?!'s|’s|\s*\d)",
        _month_alone,
        family="month",
        back=2,
    ),
    _rule(
        "weekday",
        rf"(?P<x>(?:\b(?P<rel>last|next|this|past)\s+)?{_WEEKDAY}{_PART_OF_DAY}?)",
        _weekday,
        family="word",
        back=1,
        requires=_WEEKDAYS,
    ),
    _rule(
        "deictic",
        r"\b(?P<x>(?P<word>the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow|"
        r"yesterday|today|tonight|tomorrow|last\s+night|this\s+(?:morning|afternoon|evening))"
        rf"(?:{_PART_OF_DAY})?)\b",
        _deictic,
        family="word",
        back=3,
        requires=("yesterday", "today", "tonight", "tomorrow", "night", "this"),
    ),
    _rule(
        "ago",
        rf"\b(?P<x>{_NUMBER}\s+{_UNIT}\s+ago)\b",
        _ago,
        family="word",
        back=3,
        requires=("ago",),
    ),
    _rule(
        "counted_from_last",
        rf"\b(?P<x>{_NUMBER}\s+{_UNIT}\s+"
        rf"(?P<dir>later|earlier|afterwards?|(?:before|after|prior){_CLAUSE_END}))\b",
        _counted_from_last,
        family="word",
        back=3,
        requires=("later", "earlier", "after", "before", "prior"),
    ),
    _rule(
        "neighbour_of_last",
        r"\b(?P<x>(?:the|that)\s+(?P<dir>next|following|previous|preceding|same)\s+"
        r"(?P<unit>day|morning|afternoon|evening|night|week|month|year)"
        r"|the\s+(?P<unit2>day|week|month|year)\s+(?P<dir2>before|after)" + _CLAUSE_END + r")\b",
        _neighbour_of_last,
        family="word",
        back=2,
        requires=("next", "following", "previous", "preceding", "same", "before", "after"),
    ),
    _rule(
        "later_that",
        r"\b(?P<x>(?P<dir>earlier|later)\s+that\s+(?:same\s+)?"
        r"(?P<unit>day|morning|afternoon|evening|night|week|month|year))\b",
        _neighbour_of_last,
        family="word",
        back=3,
        requires=("that",),
    ),
    _rule(
        "period",
        r"(?<!the\s)\b(?P<x>(?:(?:early|earlier|late|later|mid)(?:-|\s+))?"
        r"(?P<rel>last|next|this)\s+(?P<unit>week|month|year))\b",
        _period,
        family="word",
        back=2,
        requires=("last", "next", "this"),
    ),
    _rule(
        "season_year",
        rf"\b(?P<x>{_MODIFIER}?{_SEASON},?\s+(?:of\s+)?{_YEAR})",
        _season_year,
        family="season",
        back=1,
        requires=_DIGITS,
    ),
    _rule(
        "season",
        rf"(?:\b(?P<prep>{_SEASON_PREPOSITIONS})\s+(?:the\s+)?)?\b"
        rf"(?P<x>(?:(?P<rel>last|this|next|past)\s+)?{_MODIFIER}?{_SEASON})\b(?!\s+of\b|-)",
        _season_alone,
        family="season",
        back=3,
    ),
    _rule(
        "year_after_preposition",
        rf"\b(?:{_YEAR_PREPOSITIONS})\s+(?P<x>{_MODIFIER}?{_YEAR})",
        _year,
        family="year",
        back=3,
    ),
    _rule(
        "year_with_modifier",
        rf"\b(?P<x>{_MODIFIER}{_YEAR})",
        _year,
        family="year",
        back=1,
    ),
    _rule(
        "year_range_end",
        rf"\b(?:1[89]|2[01])\d\d\s*(?:-|–|to|and|until|through)\s*(?P<x>{_SECOND_YEAR})",
        _year,
        family="year",
        back=2,
    ),
    _rule(
        "year_before_event",
        rf"(?P<x>{_YEAR})(?=(?:\s+(?:(?-i:[A-Z][\w'-]*)|{_EVENT_ADJECTIVES})){{0,3}}\s+"
        rf"(?:{_EVENT_NOUNS})\b)",
        _year,
        family="year",
        back=0,
        # "the 2020 ceasefire" names an event; it does not move the story's clock.
        sets_last=False,
    ),
)


_RULES_BY_FAMILY: dict[str, list[tuple[int, _Rule]]] = {
    family: [(order, rule) for order, rule in enumerate(_RULES) if rule.family == family]
    for family in _FAMILIES
}
_MAX_BACK = max(rule.back for rule in _RULES)


# --- search --------------------------------------------------------------------------------


def _lower(text: str) -> str:
    """Lower-case ``text`` without moving any offset."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    # A few characters ("İ") grow when lower-cased; keep those as they are.
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


def _any_in(words: tuple[str, ...], lowered: str) -> bool:
    """Whether one of ``words`` occurs in ``lowered``; true when there are none to look for."""
    # A plain loop: any() over a generator costs more than the substring searches themselves.
    for word in words:
        if word in lowered:
            return True
    return not words


def _family_hits(
    text: str, lowered: str, has_digit: bool, words: list[str]
) -> dict[str, list[int]]:
    """Where each family's keywords occur, skipping families whose gate fails."""
    hits: dict[str, list[int]] = {}
    for name, family in _FAMILIES.items():
        if family.needs_digit and not has_digit:
            continue
        if family.words is not None and family.words.isdisjoint(words):
            continue
        source = lowered if family.lowercase else text
        found = [match.start() for match in family.hits.finditer(source)]
        if found:
            hits[name] = found
    return hits


def _word_starts(spaced: str, hit: int, words: int) -> list[int]:
    """Starts of the word holding ``hit`` and of up to ``words`` words before it, farthest first.

    ``spaced`` is the sentence with all its whitespace turned into plain spaces.

    Example:
        >>> _word_starts("fighting in mid-July", 16, 1)
        [9, 12]
    """
    found: list[int] = []
    end = hit
    for _ in range(words + 1):
        space = spaced.rfind(" ", 0, end)
        start = space + 1
        while start < end and spaced[start] in _OPENERS:
            start += 1  # '"In May' begins at "In"
        if start < end or not found:
            found.append(start)
        if space < 0:
            break
        end = space
        while end > 0 and spaced[end - 1] == " ":
            end -= 1
    found.reverse()
    return found


def _candidates(text: str, lowered: str, hits: dict[str, list[int]]) -> list[_Candidate]:
    """Matches of every rule around its hits, earliest first and, at one start, longest first."""
    spaced = _OTHER_SPACE.sub(" ", text)
    found: dict[tuple[int, int, int], _Candidate] = {}
    for family, family_hits in hits.items():
        rules = [(o, r) for o, r in _RULES_BY_FAMILY[family] if _any_in(r.requires, lowered)]
        if not rules:
            continue
        for hit in family_hits:
            starts = _word_starts(spaced, hit, _MAX_BACK)
            if starts[-1] != hit:
                starts.append(hit)  # "mid-July": also try from the hit itself
            for order, rule in rules:
                candidate = _first_match(text, hit, starts[-(rule.back + 2) :], order, rule)
                if candidate is not None:
                    found.setdefault(candidate[:3], candidate)
    return [found[key] for key in sorted(found)]


def _first_match(
    text: str, hit: int, starts: list[int], order: int, rule: _Rule
) -> _Candidate | None:
    """The rule's match from the farthest start that covers the hit: it holds most context."""
    for position in starts:
        match = rule.pattern.match(text, position)
        if match is not None and match.end() > hit:
            start, end = match.span("x")
            return _Candidate(start, start - end, order, match, rule)
    return None


def _resolve(
    match: re.Match[str], rule: _Rule, anchor: dt.date, last: dt.date
) -> Resolution | None:
    try:
        return rule.handler(match, anchor, last)
    except (ValueError, OverflowError):
        return None  # "February 30", or arithmetic past the calendar's ends


def find_dates(
    text: str, anchor: dt.date | None, *, last: dt.date | None = None
) -> list[ResolvedDate]:
    """Find and resolve every date expression in ``text``, left to right.

    ``anchor`` is the document date; without one, only expressions that give their year
    are kept. ``last`` is the last date mentioned before ``text``
    and is what "two days later" counts from (the anchor when ``None``). Each resolved
    expression becomes ``last`` for the ones after it, except a year naming an event
    ("the 2020 war"). Offsets are relative to ``text``.
    Overlapping expressions are settled by keeping the one that starts first, then the
    longest. See the module docstring for the rules applied to ambiguous expressions.

    Example:
        >>> [d.date.isoformat() for d in find_dates(
        ...     "Talks began on September 7 and ended two days later.", dt.date(2023, 9, 20))]
        ['2023-09-07', '2023-09-09']
    """
    if anchor is None:
        # any anchor will do for absolute dates: keep only expressions that give their year
        found = find_dates(text, dt.date(2100, 12, 31), last=last)
        return [d for d in found if re.search(r"\b\d{4}\b", d.text)]
    has_digit = _any_in(_DIGITS, text)
    lowered = _lower(text)
    words = [word for word in _KEYWORDS if word in lowered]
    if not has_digit and not words and _FAMILIES["month"].hits.search(text) is None:
        return []
    previous = last if last is not None else anchor
    covered_until = 0
    dates: list[ResolvedDate] = []
    hits = _family_hits(text, lowered, has_digit, words)
    for candidate in _candidates(text, lowered, hits):
        if candidate.start < covered_until:
            continue
        resolution = _resolve(candidate.match, candidate.rule, anchor, previous)
        if resolution is None:
            continue  # a rejected match must not hide a shorter, valid one inside it
        day, precision = resolution
        end = candidate.start - candidate.neg_length
        dates.append(
            ResolvedDate(
                date=day,
                precision=precision,
                text=text[candidate.start : end],
                char_start=candidate.start,
                char_end=end,
            )
        )
        covered_until = end
        if candidate.rule.sets_last:
            previous = day
    return dates
