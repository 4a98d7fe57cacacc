"""Row schemas of every data file: actors, lexicon, taxonomy, crosswalk and places.

Each JSON Lines row is validated against one of these models when loaded, by one path for
every file: :func:`read_rows` reads the lines, :func:`validate_rows` checks them against a
model, and :class:`Problems` collects every bad row as ``path:line: what is wrong`` so that
all of them are reported at once. Pydantic's own messages are turned into plain sentences
by :func:`describe`: an unknown value or field suggests the nearest valid one.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Literal, TypeVar

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_core import ErrorDetails

from realpolitik.errors import DictionaryError, Errors, json_reason

DATA_DIR = Path(str(resources.files("realpolitik") / "data"))

_CODE = re.compile(r"^[A-Z]{3}[A-Z]*$")
# CAMEO codes are two to four digits; imported dictionaries may carry older or local codes
# with a letter suffix ('174K'), which are kept as they are.
_CAMEO = re.compile(r"^[0-9]{2,4}[A-Za-z]?$")

ActorKind = Literal[
    "country", "territory", "disputed", "igo", "seat", "person", "company", "group", "imported"
]


class Row(BaseModel):
    """Base of every data row: a stable id and no unknown fields."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(min_length=1)


def _check_actor_code(value: str) -> str:
    if not _CODE.match(value):
        raise ValueError(f"actor code '{value}' must be upper-case letters, at least three")
    return value


class Role(BaseModel):
    """An office held between two dates; ``end`` is the first day out of office."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    code: str
    title: str | None = None
    start: dt.date | None = None
    end: dt.date | None = None

    _code = field_validator("code")(classmethod(lambda cls, v: _check_actor_code(v)))

    @model_validator(mode="after")
    def _ordered(self) -> Role:
        if self.start and self.end and self.end < self.start:
            raise ValueError(
                f"role '{self.title}' ends ({self.end}) before it starts ({self.start})"
            )
        return self

    def valid_on(self, day: dt.date) -> bool:
        """Whether the role is held on ``day``."""
        return (self.start is None or self.start <= day) and (self.end is None or day < self.end)


class ActorRow(Row):
    """A named actor: country, organisation, seat of power, person, company or group.

    Country rows also carry the country's codes in other systems and its capital; rows
    imported from PETRARCH that code one actor as several keep the rest in ``codes``.
    """

    kind: ActorKind
    code: str
    name: str
    names: list[str] = Field(min_length=1)
    country: str | None = None
    roles: list[Role] = Field(default_factory=list)
    demonyms: list[str] = Field(default_factory=list)
    iso2: str | None = Field(default=None, pattern=r"^[A-Z]{2}$")
    iso3: str | None = Field(default=None, pattern=r"^[A-Z]{3}$")
    iso_numeric: str | None = Field(default=None, pattern=r"^[0-9]{3}$")
    fips: str | None = Field(default=None, pattern=r"^[A-Z]{2}$")
    cow: int | None = None
    gw: int | None = None
    capital: str | None = None
    un_status: Literal["member", "observer", "none"] | None = None
    parent: str | None = None
    codes: list[str] = Field(default_factory=list)

    _code = field_validator("code")(classmethod(lambda cls, v: _check_actor_code(v)))

    def code_on(self, day: dt.date | None) -> str:
        """The actor's code on ``day``: the role valid then, else the default code.

        Roles are tried in the order listed, so the first valid one wins where they overlap.
        Without a day, the last role listed gives its code if it is still held (no end
        date); otherwise the default code.
        """
        if day is not None:
            for role in self.roles:
                if role.valid_on(day):
                    return role.code
        elif self.roles:
            return self.roles[-1].code if self.roles[-1].end is None else self.code
        return self.code


class AgentRow(Row):
    """Terms naming a sector or role that combines with a country ('troops' -> MIL)."""

    code: str = Field(pattern=r"^([A-Z]{3})*$")
    terms: list[str] = Field(min_length=1)


class VerbPattern(Row):
    """An event pattern: a trigger lemma with its constraints and CAMEO code."""

    code: str
    lemma: str = Field(min_length=1)
    pos: Literal["VERB", "NOUN"] = "VERB"
    particle: str | None = None
    object: list[str] | None = None
    modifier: list[str] | None = None
    prep: list[str] | None = None
    target: Literal["object", "prep", "none"] | None = None
    reverse_code: str | None = None
    note: str | None = None

    @field_validator("code", "reverse_code")
    @classmethod
    def _cameo(cls, value: str | None) -> str | None:
        if value is not None and not _CAMEO.match(value):
            raise ValueError(f"'{value}' is not a CAMEO code such as '042' or '1246'")
        return value

    @property
    def specificity(self) -> int:
        """How many constraints the pattern sets; the most specific match wins."""
        return sum(
            2 if value else 0 for value in (self.particle, self.object, self.modifier, self.prep)
        )


class DiscardRow(Row):
    """A phrase or token shape that marks non-political text or a metaphor."""

    phrase: str | None = None
    regex: str | None = None
    scope: Literal["sentence", "phrase"]
    reason: str | None = None

    @model_validator(mode="after")
    def _one_of(self) -> DiscardRow:
        if (self.phrase is None) == (self.regex is None):
            raise ValueError("a discard row needs exactly one of 'phrase' or 'regex'")
        if self.regex is not None:
            try:
                re.compile(self.regex)
            except re.error as err:
                raise ValueError(f"invalid regex '{self.regex}': {err}") from None
        return self


CueType = Literal[
    "attribution",  # speech or report verbs: the complement is a claim ('say', 'claim')
    "attribution_adverb",  # 'reportedly', 'allegedly'
    "attribution_phrase",  # 'according to'
    "negation",  # 'not', 'never'
    "refusal",  # 'refuse to', 'fail to': the complement did not happen
    "hypothetical",  # modal auxiliaries: 'would', 'could', 'may'
    "condition",  # 'if', 'unless'
    "intent",  # 'plan to', 'intend to': an intent (CAMEO 03) to do the complement
    "threat",  # 'threaten to': a threat (CAMEO 13) of the complement
    "aspect",  # 'begin to', 'continue to': the complement happened
    "reciprocal",  # 'fight', 'exchange': coordinated subjects act on each other
    "support",  # 'launched an offensive': the verb's subject is the event noun's source
    "denial",  # 'denied that X attacked': the reported act is negated
    "displacement",  # 'Armenians who fled': people who flee or are driven out are refugees
    "state_reference",  # 'the country': the state the document names most
    "pair_reference",  # 'the two countries', 'both sides': the two states named last
    "measure",  # 'four days of talks', 'a round of talks': the act is the noun behind 'of'
    "prospect",  # 'is scheduled to meet', 'is expected to sign': the act has not happened
    "allegiance",  # 'forces loyal to X', 'militias allied with X': X owns the agent
    "place_noun",  # 'the city of Adigrat', 'cities like Beirut': the named place stands for it
    "many_states",  # 'Western governments', 'other countries': an agent of several states
    "plural_state",  # 'governments', 'countries': in the plural, several states
    "reference_point",  # 'since it gained independence in 1991': not the act's date
]


class CueRow(Row):
    """A word that changes the epistemic status of the events near it."""

    type: CueType
    lemma: str


class ComplementRow(Row):
    """The code an intent, threat, appeal, demand or protest takes from the act it is about."""

    governor: Literal["intent", "threat", "appeal", "demand", "refusal", "protest"]
    root: str | None = Field(default=None, description="root or code prefix of the act")
    outer: str | None = Field(
        default=None,
        description="code prefix of the governing act the row is limited to: a hunger strike "
        "(142) for leadership change is 1421, a demonstration (141) 1411",
    )
    code: str


class CameoRow(Row):
    """One CAMEO event code."""

    code: str
    name: str
    root: str
    level: int
    quad_class: int = Field(ge=1, le=4)
    goldstein: float


class PloverTypeRow(Row):
    """One PLOVER event type."""

    event: str
    quad_class: int = Field(ge=1, le=4)
    requires_recipient: bool
    score: float


class PloverModeRow(Row):
    """One PLOVER mode of an event type."""

    event: str
    mode: str
    score: float | None


class PloverContextRow(Row):
    """One PLOVER context."""

    context: str


class CameoPloverRow(Row):
    """Where a CAMEO code falls in PLOVER."""

    cameo: str
    event: str | None
    mode: str | None
    contexts: list[str]


class CodeRoleRow(Row):
    """How the acts under a CAMEO code (prefix), or an agent code, behave in coding."""

    role: Literal[
        "reciprocal",  # coordinated subjects act on each other ('Armenia and Azerbaijan met')
        "place_target",  # a place as object is a location, its country the target
        "reporting",  # a clausal complement is a reported act ('announced that ...')
        "attribution_only",  # a statement reporting a coded act is no act of its own
        "public_agent",  # an agent of the public (civilians, opposition, labour, media...)
        "armed_group",  # a non-state armed agent: a place it takes in its own country is a target
        "appeal",  # an appeal takes its code from the act it asks for (025, 0256, ...)
        "demand",  # a demand likewise (1053, 1056, ...)
        "protest",  # a protest takes its code from the demand it voices (1411, 1432, ...)
        "domestic_agent",  # an agent of no named country belongs to the source's country
    ]
    code: str = Field(min_length=2)


class PrepositionRow(Row):
    """A preposition and where it carries an actor."""

    use: Literal[
        "verb_target",  # target of a verb whose pattern names no preposition
        "noun_target",  # target of an event noun
        "phrase",  # an actor inside a phrase ('an attack by X')
        "owner",  # the country an agent belongs to ('the foreign minister of X')
    ]
    word: str = Field(min_length=1)


# ---------------------------------------------------------------------------------------------
# Crosswalk rows: other datasets' codes and what they are in CAMEO

_AGENT = r"^([A-Z]{3})+$"


class CountryCodesRow(Row):
    """One country of ``data/crosswalk/countries.jsonl``: its code in every system."""

    cameo: str = Field(pattern=r"^[A-Z]{3}$")
    name: str = Field(min_length=1)
    kind: Literal["country", "territory", "disputed"] = "country"
    iso2: str | None = Field(default=None, pattern=r"^[A-Z]{2}$")
    iso3: str | None = Field(default=None, pattern=r"^[A-Z]{3}$")
    iso_numeric: str | None = Field(default=None, pattern=r"^[0-9]{3}$")
    fips: str | None = Field(default=None, pattern=r"^[A-Z]{2}$")
    cow: int | None = Field(default=None, ge=1)
    gw: int | None = Field(default=None, ge=1)
    parent: str | None = None
    cameo_alt: list[str] = Field(default_factory=list)
    names: list[str] = Field(default_factory=list)


class IcewsSectorRow(Row):
    """An ICEWS sector name and the CAMEO agent code it stands for."""

    sector: str = Field(min_length=1)
    agent: str
    internal: str | None = None

    @field_validator("agent")
    @classmethod
    def _agent(cls, value: str) -> str:
        if not re.match(_AGENT, value):
            raise ValueError(Errors.E120.format(value=value))
        return value


class AcledActorRow(Row):
    """An ACLED actor type (``inter`` number and name) and its CAMEO agent code."""

    inter: int = Field(ge=0)
    name: str = Field(min_length=1)
    agent: str | None

    @field_validator("agent")
    @classmethod
    def _agent(cls, value: str | None) -> str | None:
        if value is not None and not re.match(_AGENT, value):
            raise ValueError(Errors.E120.format(value=value))
        return value


class AcledEventRow(Row):
    """An ACLED event type and sub-event type and the closest CAMEO code."""

    event_type: str = Field(min_length=1)
    sub_event_type: str | None
    code: str
    note: str | None = None


class PloverEventRow(Row):
    """A PLOVER event type (and mode) and the CAMEO code a POLECAT event gets."""

    event: str = Field(min_length=1)
    mode: str | None
    code: str


# ---------------------------------------------------------------------------------------------
# One path for reading and validating every data file

M = TypeVar("M", bound=BaseModel)


class Problems:
    """Collects every bad row of a load so that all of them are reported together.

    Example:
        >>> problems = Problems()
        >>> problems.add("actors.jsonl", 3, "unknown kind 'grup'; did you mean 'group'?")
        >>> problems.items
        ["actors.jsonl:3: unknown kind 'grup'; did you mean 'group'?"]
    """

    def __init__(self) -> None:
        self.items: list[str] = []
        self._where: list[tuple[str, int]] = []

    def __bool__(self) -> bool:
        return bool(self.items)

    def add(self, path: Path | str, line: int, reason: str) -> None:
        """Record one problem of ``path`` at ``line`` (0 for the whole file)."""
        self.items.append(Errors.E101.format(path=path, line=line, reason=reason))
        self._where.append((str(path), line))

    def in_order(self) -> list[str]:
        """The problems by file and line (a file's problems are found kind by kind)."""
        # an item added to ``items`` directly has no recorded place and goes last
        last = (chr(0x10FFFF), 0)
        where = self._where + [last] * (len(self.items) - len(self._where))
        order = sorted(range(len(self.items)), key=lambda n: where[n])
        return [self.items[n] for n in order]

    def raise_if_any(self) -> None:
        """Raise one ``DictionaryError`` listing every problem (the first 200 in full)."""
        if self.items:
            details = "\n".join(f"  {item}" for item in self.in_order()[:200])
            raise DictionaryError(Errors.E102.format(count=len(self.items), details=details))


def read_rows(path: Path, problems: Problems) -> Iterator[tuple[int, dict[str, Any]]]:
    """The JSON objects of a JSON Lines file with their line numbers; bad lines go to
    ``problems``."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        problems.add(path, 0, f"cannot read the file ({err})")
        return
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as err:
            problems.add(path, number, f"not valid JSON ({json_reason(err)})")
            continue
        if not isinstance(value, dict):
            problems.add(path, number, "a row must be a JSON object")
            continue
        yield number, value


def _choices(error: ErrorDetails) -> list[str]:
    expected = str((error.get("ctx") or {}).get("expected", ""))
    return re.findall(r"'([^']*)'", expected)


def _fields(model: type[BaseModel], loc: tuple[int | str, ...]) -> list[str]:
    """The field names of the (possibly nested) model that ``loc`` points into."""
    current: Any = model
    for part in loc:
        if isinstance(part, int) or not (
            isinstance(current, type) and issubclass(current, BaseModel)
        ):
            continue
        field = current.model_fields.get(part)
        if field is None:
            break
        annotation = field.annotation
        args = getattr(annotation, "__args__", ())
        nested = [
            a for a in (annotation, *args) if isinstance(a, type) and issubclass(a, BaseModel)
        ]
        current = nested[0] if nested else None
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []


def _kind_name(model: type[BaseModel]) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", " ", model.__name__.removesuffix("Row")).lower()


def describe(error: ErrorDetails, model: type[BaseModel]) -> str:
    """One pydantic error of ``model`` as a plain sentence.

    Example:
        >>> from pydantic import ValidationError
        >>> try:
        ...     ActorRow.model_validate({"id": "a", "kind": "grup", "code": "ARM",
        ...                              "name": "A", "names": ["A"]})
        ... except ValidationError as err:
        ...     describe(err.errors()[0], ActorRow)
        "unknown kind 'grup'; did you mean 'group'?"
    """
    loc = tuple(error["loc"])
    field = ".".join(str(part) for part in loc) or "row"
    name = str(loc[-1]) if loc else "row"
    kind = error["type"]
    if kind == "literal_error":
        choices = _choices(error)
        value = str(error["input"])
        close = difflib.get_close_matches(value, choices, n=1, cutoff=0.5)
        if close:
            return Errors.E111.format(field=name, value=value, suggestion=close[0])
        choices_text = ", ".join(f"'{choice}'" for choice in choices)
        return Errors.E112.format(field=name, value=value, choices=choices_text)
    if kind == "extra_forbidden":
        fields = _fields(model, loc[:-1])
        close = difflib.get_close_matches(name, fields, n=1, cutoff=0.5)
        if close:
            return Errors.E113.format(field=field, suggestion=close[0])
        return Errors.E114.format(field=field, kind=_kind_name(model), fields=", ".join(fields))
    if kind == "missing":
        return Errors.E115.format(field=field, kind=_kind_name(model))
    message = error["msg"].removeprefix("Value error, ")
    if kind == "string_pattern_mismatch":
        pattern = (error.get("ctx") or {}).get("pattern")
        message = f"'{error['input']}' does not have the form {pattern}"
    return Errors.E116.format(field=field, reason=message)


def validate_rows(
    model: type[M], rows: Iterable[tuple[Path, int, dict[str, Any]]], problems: Problems
) -> list[M]:
    """Validate ``(path, line, raw)`` rows against ``model``; every bad one goes to
    ``problems`` with one plain sentence per fault."""
    out: list[M] = []
    for path, line, raw in rows:
        try:
            out.append(model.model_validate(raw))
        except ValidationError as err:
            problems.add(path, line, "; ".join(describe(e, model) for e in err.errors()))
    return out


def unique_ids(
    rows: Iterable[tuple[Path, int, dict[str, Any]]], problems: Problems
) -> list[tuple[Path, int, dict[str, Any]]]:
    """The rows whose id is new; a repeated id is reported with both lines, first one kept."""
    first: dict[str, tuple[Path, int]] = {}
    out: list[tuple[Path, int, dict[str, Any]]] = []
    for path, line, raw in rows:
        row_id = raw.get("id")
        if isinstance(row_id, str) and row_id in first:
            where = first[row_id]
            problems.add(path, line, Errors.E117.format(id=row_id, first=f"{where[0]}:{where[1]}"))
            continue
        if isinstance(row_id, str):
            first[row_id] = (path, line)
        out.append((path, line, raw))
    return out


def load_rows(path: Path, model: type[M], problems: Problems) -> list[tuple[int, M]]:
    """Read, check for unique ids and validate one file; the rows with their line numbers.

    Example:
        >>> problems = Problems()
        >>> rows = load_rows(DATA_DIR / "crosswalk" / "acled_actors.jsonl", AcledActorRow,
        ...                  problems)
        >>> rows[0][1].agent, bool(problems)
        ('MIL', False)
    """
    raw = unique_ids(((path, n, r) for n, r in read_rows(path, problems)), problems)
    out: list[tuple[int, M]] = []
    for _, line, values in raw:
        validated = validate_rows(model, [(path, line, values)], problems)
        if validated:
            out.append((line, validated[0]))
    return out


def hint(value: str, known: Iterable[str]) -> str:
    """'; did you mean 'X'?' for the nearest known value, or ''."""
    close = difflib.get_close_matches(value, list(known), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


# ---------------------------------------------------------------------------------------------
# Codes that must name something the taxonomy or the country list knows


@dataclass(frozen=True)
class Known:
    """What codes in data rows may refer to: CAMEO codes, countries and PLOVER types."""

    cameo: frozenset[str]
    countries: frozenset[str]
    plover_modes: dict[str, frozenset[str]] = field(default_factory=dict)

    def cameo_code(self, code: str, name: str) -> list[str]:
        """Problems of a CAMEO event code."""
        if code in self.cameo:
            return []
        return [Errors.E119.format(code=code, field=name, hint=hint(code, self.cameo))]

    def country(self, code: str | None, name: str) -> list[str]:
        """Problems of a country code (``None`` is none)."""
        if code is None or code in self.countries:
            return []
        return [Errors.E118.format(code=code, field=name, hint=hint(code, self.countries))]

    def plover(self, event: str | None, mode: str | None, name: str) -> list[str]:
        """Problems of a PLOVER event type and mode."""
        if event is None or not self.plover_modes:
            return []
        if event not in self.plover_modes:
            found = hint(event, self.plover_modes)
            return [Errors.E121.format(value=event, field=f"{name}event", hint=found)]
        modes = self.plover_modes[event]
        if mode is not None and mode not in modes:
            found = hint(mode, modes)
            return [Errors.E122.format(value=mode, event=event, field=f"{name}mode", hint=found)]
        return []


def check_references(row: BaseModel, known: Known, *, imported: bool = False) -> list[str]:
    """What in a valid row names an unknown CAMEO code, country or PLOVER type.

    Verb patterns of an imported PETRARCH/TABARI dictionary (``imported``) keep the codes
    that dictionary uses, which need not be CAMEO's ('903', '174K' in PETRARCH's validation
    suite); every other row's codes must be in the taxonomy.

    Example:
        >>> known = Known(cameo=frozenset({"04", "042"}), countries=frozenset({"ARM"}))
        >>> row = ActorRow(id="a", kind="person", code="QQQGOV", name="A", names=["A"],
        ...                country="QQQ")
        >>> check_references(row, known)  # doctest: +ELLIPSIS
        ["unknown country 'QQQ' in country: it is not a known CAMEO/ISO country code ..."]
    """
    found: list[str] = []
    if isinstance(row, ActorRow):
        # PETRARCH dictionaries code their own (often fictional) states
        if row.kind != "imported":
            found += known.country(row.country, "country")
        found += known.country(row.parent, "parent")
    elif isinstance(row, VerbPattern) and not imported:
        for name, code in (("code", row.code), ("reverse_code", row.reverse_code)):
            if code is not None:
                found += known.cameo_code(code, name)
    elif isinstance(row, ComplementRow):
        found += known.cameo_code(row.code, "code")
    elif isinstance(row, CameoPloverRow):
        found += known.cameo_code(row.cameo, "cameo")
        # the 2021 mapping names modes ('assassinate', 'ban') the current manual's list
        # lacks, as it does contexts; only its event types are checked
        found += known.plover(row.event, None, "")
    elif isinstance(row, PloverModeRow):
        found += known.plover(row.event, None, "")
    elif isinstance(row, CountryCodesRow):
        found += known.country(row.parent, "parent")
    elif isinstance(row, (AcledEventRow, PloverEventRow)):
        found += known.cameo_code(row.code, "code")
        if isinstance(row, PloverEventRow):
            found += known.plover(row.event, row.mode, "")
    return found
