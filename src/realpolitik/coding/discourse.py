"""What earlier sentences of a document said about its actors.

News refers back: "Burhan dissolved the government. He also declared a state of
emergency", "the ministry said", "the two countries agreed". ``Discourse`` remembers the
subjects of each sentence (people, groups, states and organisations) and the countries
named, so that a pronoun or a description with no owner in its own sentence can stand for
an actor introduced before it. It lives for one document and never crosses into another.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

MentionKind = Literal["person", "plural", "thing"]
# Sentences a reference reaches back over: news keeps its referents close.
_REACH = 3

PERSON_PRONOUNS = frozenset({"he", "his", "him", "she", "her"})
PLURAL_PRONOUNS = frozenset({"they", "their", "them"})
THING_PRONOUNS = frozenset({"it", "its"})


@dataclass(frozen=True)
class Mention:
    """An actor named in an earlier sentence."""

    code: str
    name: str
    country: str | None
    kind: MentionKind
    sentence: int
    rules: tuple[str, ...] = ()


@dataclass
class Discourse:
    """The actors of the sentences read so far in one document."""

    subjects: list[Mention] = field(default_factory=list)
    countries: list[Mention] = field(default_factory=list)
    people: dict[str, Mention] = field(default_factory=dict)
    sentence: int = 0

    def note_subject(self, mention: Mention) -> None:
        """Remember the subject of a clause of the current sentence."""
        self.subjects.append(mention)

    def note_country(self, mention: Mention) -> None:
        """Remember a state (or an organisation) named in the current sentence."""
        self.countries.append(mention)

    def next_sentence(self) -> None:
        """Move on: what is noted from now on belongs to the next sentence."""
        self.sentence += 1

    def _recent(self, mentions: list[Mention]) -> list[Mention]:
        """Mentions of earlier sentences within reach, the latest sentence first and, within
        a sentence, in the order the sentence gives them (main subject first)."""
        earlier = [m for m in mentions if self.sentence - _REACH <= m.sentence < self.sentence]
        return sorted(earlier, key=lambda m: -m.sentence)

    def pronoun(self, word: str) -> Mention | None:
        """What a pronoun of this sentence refers back to, or None."""
        word = word.lower()
        if word in PERSON_PRONOUNS:
            wanted: tuple[MentionKind, ...] = ("person",)
        elif word in PLURAL_PRONOUNS:
            wanted = ("plural",)
        elif word in THING_PRONOUNS:
            wanted = ("thing",)
        else:
            return None
        return next((m for m in self._recent(self.subjects) if m.kind in wanted), None)

    def country(self) -> Mention | None:
        """What the story is about, for 'the country', 'the ministry': the state or
        organisation named most often so far (the headline's, usually), the latest of
        equals. An organisation has no ``country``, and places no agent."""
        counts: dict[str, int] = {}
        latest: dict[str, Mention] = {}
        for mention in self.countries:
            counts[mention.code] = counts.get(mention.code, 0) + 1
            latest[mention.code] = mention
        if not counts:
            return None
        order = {code: n for n, code in enumerate(latest)}
        best = max(counts, key=lambda code: (counts[code], order[code]))
        return latest[best]

    def note_person(self, words: list[str], mention: Mention) -> None:
        """Remember a person introduced with a title or a country ('Chad's President Idriss
        Deby'), so that a later 'Deby' is the same actor."""
        for word in words:
            self.people[word.lower()] = mention

    def person(self, word: str) -> Mention | None:
        """The person an earlier sentence introduced under this name, or None."""
        return self.people.get(word.lower())

    def pair(self) -> tuple[Mention, Mention] | None:
        """The two states most recently named, for 'the two countries', 'both sides'."""
        distinct: list[Mention] = []
        for mention in reversed(self.countries):
            if mention.sentence <= self.sentence and all(
                m.code[:3] != mention.code[:3] for m in distinct
            ):
                distinct.append(mention)
            if len(distinct) == 2:
                return distinct[1], distinct[0]
        return None
