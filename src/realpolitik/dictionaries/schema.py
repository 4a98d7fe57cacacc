"""Row schemas of the dictionary, lexicon and taxonomy files.

Each JSON Lines row is validated against one of these models when loaded.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

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
    """A named actor: country, organisation, seat of power, person, company or group."""

    model_config = ConfigDict(frozen=True, extra="allow")

    kind: ActorKind
    code: str
    name: str
    names: list[str] = Field(min_length=1)
    country: str | None = None
    roles: list[Role] = Field(default_factory=list)
    demonyms: list[str] = Field(default_factory=list)

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
