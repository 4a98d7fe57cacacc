"""Typed records exchanged between the stages of the pipeline.

Every stage hands the next one these frozen models, never loose dicts:
``Document`` goes into the coder, ``Event`` comes out, carrying its
``Attribution``, ``Location``, ``Quantity`` and provenance.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Modality = Literal["asserted", "negated", "hypothetical"]
DatePrecision = Literal["day", "month", "season", "year"]
DateSource = Literal["text", "document"]
PlacePrecision = Literal["city", "admin1", "country", "region"]


def as_day(value: object) -> dt.date | None:
    """A date from a date, a datetime or an ISO string ('2023-09-20', '2023-09-20T10:00');
    None for nothing. Raises ValueError for anything else.

    Example:
        >>> as_day("2023-09-20T10:00:00Z")
        datetime.date(2023, 9, 20)
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value).strip()[:10])


class Record(BaseModel):
    """Base of all records: immutable, no unknown fields."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class Document(Record):
    """One news article or text to code.

    Example:
        >>> Document(id="a1", text="Russia warned Armenia.", date=dt.date(2023, 9, 8))
    """

    id: str
    text: str
    date: dt.date | None = None
    title: str | None = None
    url: str | None = None
    source: str | None = None


class ResolvedDate(Record):
    """A date expression from the text resolved against an anchor date."""

    date: dt.date
    precision: DatePrecision
    text: str
    char_start: int | None = None
    char_end: int | None = None


class Attribution(Record):
    """Who says an event happened: the speaker and the cue that marks it."""

    speaker: str | None = Field(default=None, description="speaker as written, if named")
    speaker_code: str | None = Field(default=None, description="CAMEO-style code of the speaker")
    cue: str = Field(description="cue word or phrase, e.g. 'said', 'according to', 'reportedly'")


class Location(Record):
    """A place name from the event's sentence resolved with the gazetteer."""

    name: str
    country: str | None = Field(default=None, description="CAMEO country code")
    country_iso2: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    precision: PlacePrecision
    geonameid: int | None = None
    text: str = Field(description="place name as written")


class Quantity(Record):
    """A count of people or things in the event's sentence ('1,960 troops')."""

    value: float
    counted: str = Field(description="what is counted, lemma of the noun, e.g. 'troop'")
    approximate: bool = False
    text: str


class Span(Record):
    """Character offsets [start, end) in the document text."""

    start: int
    end: int


class Event(Record):
    """One coded event with its epistemic status and provenance."""

    event_id: str
    doc_id: str
    date: dt.date | None
    date_precision: DatePrecision | None
    date_source: DateSource | None
    source: str | None
    source_name: str | None
    source_country: str | None
    target: str | None
    target_name: str | None
    target_country: str | None
    code: str
    root: str
    event_name: str
    quad_class: int
    goldstein: float | None
    plover_type: str | None
    plover_mode: str | None
    modality: Modality
    attribution: Attribution | None
    location: Location | None
    quantity: Quantity | None
    sentence: str
    sentence_index: int
    char_start: int
    char_end: int
    trigger: str
    source_span: Span | None
    target_span: Span | None
    rules: tuple[str, ...]
    dictionary_version: str
    coder_version: str
    confidence: float
