"""The layout of a news text: headline, datelines, bylines and body lines.

News copy is not a run of sentences. A headline or a caption has no final stop and runs into
the next line when the whole text is parsed at once; a dateline ("KYIV, March 3 (Reuters) -")
stands before the first sentence and gives the story's place and date; bylines and photo
credits are no text at all. ``read_layout`` cuts a document into lines (a line always ends a
sentence), tells their kinds apart, and strips datelines and bylines, keeping the dateline's
place and date as context for the events that follow.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

from realpolitik.coding.dates import find_dates

LineKind = Literal["headline", "subhead", "body"]

# A line longer than this is body text whatever its punctuation: headlines are short.
_HEADLINE_MAX_WORDS = 25
# Plain text wrapped at a fixed width has lines of about the same length, between these:
# shorter lines without a stop are a headline and subheads, not a wrapped paragraph.
_WRAP_MIN = 40
_WRAP_MAX = 100
_FINAL = tuple(".!?\"”’'):;")

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
# 'KYIV, Ukraine, March 3 (Reuters) -', 'BAMAKO (AFP) -', 'Geneva, Jan 5 (AP) —'
_DATELINE = re.compile(
    r"^(?P<place>(?:[A-Z][A-Z.'’-]+)(?:[ -][A-Z][A-Z.'’-]+){0,3}"
    r"|(?:[A-Z][a-z.'’-]+)(?: [A-Z][a-z.'’-]+){0,2})"
    r"(?:,\s*(?P<region>[A-Z][A-Za-z.]+(?: [A-Z][A-Za-z.]+)?))?"
    r"(?:,?\s*(?P<month>" + _MONTH + r")\s+(?P<day>\d{1,2})(?:,\s*(?P<year>\d{4}))?)?"
    r"\s*(?:\((?P<agency>[A-Za-z][A-Za-z .&/-]{1,30})\))?"
    r"\s*(?:[-–—:]{1,2})\s+"
)
_BYLINE = re.compile(
    r"^(?:By|BY|From)\s+[A-Z][\w.'’-]+(?:\s+(?:[A-Z][\w.'’-]+|and|&|,|de|van|al|el|bin))*"
    r"(?:\s*[,|/-]\s*[\w .'’-]+)?$"
    r"|^(?:Reporting|Writing|Editing|Additional reporting)\s+by\b"
    r"|^(?:Photo|Image|Picture|File photo|Credit|Source|Video)\s*:"
    r"|^(?:Read (?:also|more)|Related|Also read|See also)\b"
    r"|^(?:Published|Updated|Last updated|Posted)\b[^.]*\d"
)


@dataclass(frozen=True)
class Dateline:
    """The place and date a story was filed from, as its dateline gives them."""

    place: str
    date: dt.date | None
    agency: str | None
    text: str


@dataclass(frozen=True)
class Line:
    """One line of a document to code: its text starts at ``start`` in the document."""

    start: int
    text: str
    kind: LineKind


@dataclass(frozen=True)
class Layout:
    """The lines of a document worth coding, with its dateline if it has one."""

    lines: tuple[Line, ...]
    dateline: Dateline | None


def _final(text: str) -> bool:
    return text.rstrip().endswith(_FINAL)


def find_dateline(text: str, anchor: dt.date | None) -> tuple[Dateline, int] | None:
    """The dateline opening a line and the number of characters it takes, or None.

    A dateline is a place (in capitals, or followed by a news agency in brackets) and an
    optional date, closed by a dash: "KYIV, March 3 (Reuters) - Russian forces...".

    Example:
        >>> find_dateline("BAMAKO, Jan 31 (Reuters) - Mali's junta...", dt.date(2022, 1, 31))[1]
        27
    """
    match = _DATELINE.match(text)
    if match is None:
        return None
    place = match.group("place")
    capitals = place.isupper() and len(place) > 2
    if not (capitals or match.group("agency")):
        return None
    day = None
    if match.group("month"):
        # the document date, when there is one, tells the year of 'Jan 31'
        found = find_dates(match.group(0), anchor)
        day = next((d.date for d in found if d.precision == "day"), None)
    dateline = Dateline(
        place=place.title() if capitals else place,
        date=day,
        agency=match.group("agency"),
        text=match.group(0).strip(),
    )
    return dateline, match.end()


def _units(text: str) -> list[tuple[int, str]]:
    """The lines of a text with their offsets. A paragraph hard-wrapped at a fixed width
    (most of its lines end without a stop) is one unit, its line breaks read as spaces."""
    units: list[tuple[int, str]] = []
    for block in re.finditer(r"[^\n]+(?:\n[ \t]*[^\s][^\n]*)*", text):
        rows = block.group(0).split("\n")
        widths = [len(row.rstrip()) for row in rows[:-1]]
        open_ends = sum(1 for row in rows[:-1] if not _final(row))
        wrapped = (
            len(rows) > 2
            and max(widths) <= _WRAP_MAX
            and min(widths) >= max(_WRAP_MIN, 0.7 * max(widths))
            and open_ends * 2 > len(widths)
        )
        if wrapped:
            units.append((block.start(), block.group(0).replace("\n", " ")))
            continue
        position = block.start()
        for row in rows:
            units.append((position, row))
            position += len(row) + 1
    return units


def read_layout(text: str, date: dt.date | None = None, title: str | None = None) -> Layout:
    """Cut a document into the lines to code.

    The first line is a headline when more lines follow and it has no final stop; later
    short lines without one are subheads. Bylines, credits and "Read also" lines are
    skipped; a dateline is stripped from the line it opens, and the first one is kept.

    Args:
        text: the document text, lines separated by newlines.
        date: the document date, against which a dateline's month and day are read.
        title: the document's title, if it is not the first line of the text.

    Example:
        >>> [line.kind for line in read_layout("Mali expels envoy\nMali expelled him.").lines]
        ['headline', 'body']
    """
    lines: list[Line] = []
    dateline: Dateline | None = None
    units = [(start, raw) for start, raw in _units(text) if raw.strip()]
    for number, (start, raw) in enumerate(units):
        start += len(raw) - len(raw.lstrip())
        body = raw.strip()
        if _BYLINE.search(body):
            continue
        found = find_dateline(body, date)
        if found is not None and len(body) > found[1] + 20:
            if dateline is None:
                dateline = found[0]
            start += found[1]
            body = body[found[1] :]
        short = len(body.split()) <= _HEADLINE_MAX_WORDS
        kind: LineKind = "body"
        if number == 0 and title is not None and body == title.strip():
            kind = "headline"
        elif not _final(body) and short and number < len(units) - 1:
            kind = "headline" if number == 0 else "subhead"
        lines.append(Line(start, body, kind))
    return Layout(tuple(lines), dateline)
