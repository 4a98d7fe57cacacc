"""Find actors in parsed sentences and resolve noun phrases to CAMEO-style codes.

Names (countries, organisations, seats of power, people, companies, groups) are found with
phrase matchers once per document; a noun phrase is then resolved from its head: a name,
or an agent term ('troops', 'foreign ministry') combined with the country named by its
modifiers ('Russian troops' -> RUSMIL, 'the foreign minister of Armenia' -> ARMGOV).
Whether a word is an actor at all is decided by the caller from its syntactic role: a
capital in 'met in Moscow' is never resolved, only subjects and objects are.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from realpolitik.coding.discourse import (
    PERSON_PRONOUNS,
    PLURAL_PRONOUNS,
    THING_PRONOUNS,
    Discourse,
    Mention,
    MentionKind,
)
from realpolitik.dictionaries.lexicon import Lexicon
from realpolitik.dictionaries.schema import ActorRow

# Dependency labels through which a noun's modifiers name its country or owner.
_MODIFIER_DEPS = frozenset({"amod", "compound", "poss", "nmod", "npadvmod", "nummod"})
_COUNTRY_KINDS = frozenset({"country", "territory", "disputed"})
# Pronouns that stand for an actor named earlier in the sentence or the document; an object
# 'him' is never the subject that governs it, the only antecedent searched for in a sentence.
_REFERRING_PRONOUNS = (PERSON_PRONOUNS | PLURAL_PRONOUNS | THING_PRONOUNS) - {"him"}
# CAMEO's stand-in for a country the text does not name: '---GOV' is some government.
UNKNOWN_COUNTRY = "---"
_PERSON_ENDINGS = (
    "er", "or", "ist", "man", "woman", "person", "ian", "ent", "ant", "chief", "general",
    "official", "envoy", "head", "king", "queen", "prince", "pope", "emir", "sultan",
)  # fmt: skip
_MAX_TERM = 5


@dataclass(frozen=True)
class Actor:
    """A resolved actor mention."""

    code: str
    name: str
    country: str | None
    start_char: int
    end_char: int
    head: int
    rules: tuple[str, ...] = ()
    owner: int | None = None  # token of the country or person an agent belongs to
    kind: str | None = None  # kind of the dictionary row named ('seat', 'person', ...)
    referent: Mention | None = None  # the earlier sentence's actor this one refers back to


@dataclass
class _NameMatch:
    rows: list[ActorRow]
    span: Span
    demonym: bool = False


@dataclass
class ActorIndex:
    """Name and agent indices built once from a lexicon for one spaCy vocabulary."""

    lexicon: Lexicon
    nlp: Language
    rows: dict[str, ActorRow] = field(init=False)
    agent_terms: dict[tuple[str, ...], tuple[str, str]] = field(init=False)

    def __post_init__(self) -> None:
        self.vocab = self.nlp.vocab
        self.phrase_preps = frozenset(self.lexicon.preps("phrase"))
        self.owner_preps = frozenset(self.lexicon.preps("owner"))
        self.allegiance = frozenset(self.lexicon.cue_lemmas.get("allegiance", {}))
        self.rows = {row.id: row for row in self.lexicon.actors}
        self._lower = PhraseMatcher(self.vocab, attr="LOWER")
        self._exact = PhraseMatcher(self.vocab, attr="ORTH")
        names: dict[tuple[str, bool], list[str]] = {}
        for row in self.lexicon.actors:
            for name in {row.name, *row.names}:
                for form in _surface_forms(name):
                    exact = _is_acronym(form)
                    names.setdefault((form, exact), []).append(row.id)
            if row.kind in _COUNTRY_KINDS:
                for demonym in row.demonyms:
                    names.setdefault((demonym, False), []).append("DEM:" + row.id)
        forms = list(names)
        # patterns are tokenised as text will be: 'Guinea-Bissau' is three tokens
        for (form, exact), doc in zip(forms, (self.nlp.make_doc(f) for f, _ in forms), strict=True):
            key = "|".join(dict.fromkeys(names[(form, exact)]))
            (self._exact if exact else self._lower).add(key, [doc])
        self.agent_terms = {}
        for agent in self.lexicon.agents:
            for term in agent.terms:
                words = tuple(term.lower().split())
                if 0 < len(words) <= _MAX_TERM:
                    self.agent_terms.setdefault(words, (agent.code, agent.id))
        self.agent_heads = {words[-1] for words in self.agent_terms} | {
            words[0] for words in self.agent_terms
        }

    def find_names(self, doc: Doc) -> dict[int, _NameMatch]:
        """Every dictionary name in ``doc``, longest first, keyed by token index."""
        strings = self.vocab.strings
        spans: list[Span] = []
        for matcher in (self._lower, self._exact):
            for match_id, start, end in matcher(doc):
                spans.append(Span(doc, start, end, label=strings[match_id]))
        found: dict[int, _NameMatch] = {}
        for span in filter_spans(spans):
            ids = span.label_.split("|")
            demonym = all(i.startswith("DEM:") for i in ids)
            rows = [self.rows[i.removeprefix("DEM:")] for i in ids]
            rows.sort(key=_kind_priority)
            match = _NameMatch(rows=rows, span=span, demonym=demonym)
            for token in span:
                found[token.i] = match
        return found


def _surface_forms(name: str) -> list[str]:
    """A name as matched: a leading 'the' is dropped, spaced punctuation normalised."""
    name = " ".join(name.split())
    forms = [name]
    if name.lower().startswith("the "):
        forms = [name[4:]]
    return [f for f in forms if f]


def _is_acronym(form: str) -> bool:
    letters = form.replace(".", "")
    return letters.isupper() and len(letters) <= 3


_KIND_ORDER = {
    "person": 0,
    "igo": 1,
    "country": 2,
    "disputed": 3,
    "territory": 4,
    "seat": 5,
    "company": 6,
    "group": 7,
    "imported": 8,
}


def _kind_priority(row: ActorRow) -> int:
    return _KIND_ORDER.get(row.kind, 9)


def _join(base: str, agent: str) -> str:
    """Append an agent code to a base code unless it is already there."""
    if not agent or base.endswith(agent):
        return base
    return base + agent


class ActorResolver:
    """Resolves the heads of noun phrases in one parsed document."""

    def __init__(self, index: ActorIndex, doc: Doc) -> None:
        self.index = index
        self.doc = doc
        self.names = index.find_names(doc)
        self.text = doc.text  # Doc.text joins every token anew on each access
        # plain lists: indexing a Doc builds a Token object on every access
        self._lemmas = [t.lemma_.lower() for t in doc]
        self._lowers = [t.lower_ for t in doc]
        self._agents: dict[int, tuple[str, str, int, int] | None] = {}
        self._bounds: list[tuple[int, int]] | None = None
        self.noun_chunks: list[Span] | None = None  # the document's, computed on demand
        # earlier sentences of the same document, for references back to their actors
        self.discourse: Discourse | None = None

    def _sentence_bounds(self, i: int) -> tuple[int, int]:
        """Start and end of the sentence holding token ``i`` (``token.sent`` rescans the
        document on every call)."""
        if self._bounds is None:
            self._bounds = [(0, 0)] * len(self.doc)
            for sent in self.doc.sents:
                for j in range(sent.start, sent.end):
                    self._bounds[j] = (sent.start, sent.end)
        return self._bounds[i]

    def agent_at(self, token: Token) -> tuple[str, str, int, int] | None:
        """The agent term headed by ``token``: (code, row id, first, last token index)."""
        i = token.i
        if i in self._agents:
            return self._agents[i]
        found = self._find_agent(i)
        self._agents[i] = found
        return found

    def _find_agent(self, i: int) -> tuple[str, str, int, int] | None:
        lemmas, lowers = self._lemmas, self._lowers
        heads = self.index.agent_heads
        if lemmas[i] not in heads and lowers[i] not in heads:
            return None
        sent_start, sent_end = self._sentence_bounds(i)
        terms = self.index.agent_terms
        for length in range(_MAX_TERM, 0, -1):
            for first in (i - length + 1, i):
                last = first + length
                if first < sent_start or last > sent_end:
                    continue
                # lemma and lower-case keys: the lemmatiser slips on plurals and names
                for words in (lemmas, lowers):
                    hit = terms.get(tuple(words[first:last]))
                    if hit is not None:
                        return (hit[0], hit[1], first, last - 1)
        return None

    def resolve(self, token: Token, day: dt.date | None, depth: int = 0) -> Actor | None:
        """Resolve the noun phrase headed by ``token`` to an actor, or None.

        Example:
            'Russian troops' (head 'troops') -> Actor(code='RUSMIL', ...)
        """
        if depth > 3:
            return None
        if token.dep_ in ("nsubj", "nsubjpass") and token.tag_ in ("WP", "WDT"):
            # a relative pronoun stands for the noun the clause modifies
            if token.head.dep_ == "relcl":
                return self.resolve(token.head.head, day, depth + 1)
            return None
        if token.tag_ in ("PRP", "PRP$") and token.lower_ in _REFERRING_PRONOUNS:
            found = self._antecedent(token, day, depth)
            if found is None and self.discourse is not None:
                mention = self.discourse.pronoun(token.lower_)
                if mention is not None:
                    return self.referred(token, mention)
            return found
        if (
            self.discourse is not None
            and self._definite(token)
            and self._lemmas[token.i] in self.index.lexicon.cue_lemmas.get("state_reference", {})
            and token.tag_ == "NN"
            and not any(c.dep_ in _MODIFIER_DEPS for c in token.children)
        ):
            # 'the country' stands for the state the story is about
            mention = self.discourse.country()
            if mention is not None and mention.country:
                return self.referred(token, replace(mention, code=mention.country))
        match = self.names.get(token.i)
        agent = self.agent_at(token)
        if match is not None and not (agent and match.demonym):
            actor = self._from_name(match, token, day)
            if actor is not None:
                if agent and agent[0] and match.rows[0].kind in _COUNTRY_KINDS:
                    # 'Armenia Foreign Ministry' style heads: the name is part of the agent
                    return self._with(actor, _join(actor.code, agent[0]), agent)
                title = self._title(token, match)
                if title is not None and len(actor.code) == 3 and not match.demonym:
                    # 'Prime Minister X' for someone the dictionary knows only by country
                    return self._with(actor, _join(actor.code, title[0]), title)
                return actor
        if match is None and agent is None and token.pos_ == "PROPN":
            titled = self._titled_person(token, day)
            if titled is not None:
                return titled
            known = self.discourse.person(token.lower_) if self.discourse else None
            if known is not None:
                return self.referred(token, known)
        if agent is not None:
            owner = self._owner(token, agent, day, depth)
            placed = owner is not None or self._indefinite(token)
            if not placed and agent[0] and not self._several_states(token, agent):
                # 'the ministry said': the state the story is about
                owner = self._story_state(self.doc[agent[2]], self.doc[agent[3]])
            if owner is None:
                if not agent[0] or depth > 0:
                    return None
                # an agent of no named country: 'police arrested students' -> ---EDU
                first, last = self.doc[agent[2]], self.doc[agent[3]]
                return Actor(
                    code=UNKNOWN_COUNTRY + agent[0],
                    name=self.text[first.idx : last.idx + len(last)],
                    country=None,
                    start_char=first.idx,
                    end_char=last.idx + len(last),
                    head=token.i,
                    rules=(agent[1],),
                )
            base = _country_base(owner)
            code = base + "ELI" if agent[0] == "ELI" else _join(base, agent[0])
            if owner.kind == "group" and agent[0] != "ELI":
                # 'TPLF forces', 'Hamas officials': a group's people are the group
                code = owner.code
            start = min(owner.start_char, self.doc[agent[2]].idx, token.idx)
            end = max(owner.end_char, self.doc[agent[3]].idx + len(self.doc[agent[3]]))
            return Actor(
                code=code,
                name=self.text[start:end],
                country=owner.country,
                start_char=start,
                end_char=end,
                head=token.i,
                rules=(*owner.rules, agent[1]),
                # an owner from an earlier sentence has no word here to stand on
                owner=None if owner.kind == "discourse" else owner.head,
                kind=owner.kind if owner.kind == "discourse" else None,
            )
        for child in token.children:
            if child.dep_ == "appos":
                return self.resolve(child, day, depth + 1)
        return None

    def _titled_person(self, token: Token, day: dt.date | None) -> Actor | None:
        """A person the dictionaries do not know, named with a title and a country:
        'Chad's President Idriss Deby', 'Major-General X of the Sudanese army'."""
        title = next(
            (
                found
                for child in token.children
                if child.dep_ in ("compound", "amod") and child.i < token.i
                for found in [self.agent_at(child)]
                if found is not None and found[0]
            ),
            None,
        )
        if title is None:
            return None
        owner: Actor | None = None
        for child in (*token.children, *self.doc[title[2] : title[3] + 1]):
            if child.dep_ not in _MODIFIER_DEPS or title[2] <= child.i <= title[3]:
                continue
            match = self.names.get(child.i)
            if match is None or match.rows[0].kind == "company":
                continue
            row = match.rows[0]
            base = row.country or row.code if match.demonym or row.kind == "seat" else None
            owner = _named(row, match.span, child.i, base or row.code_on(day))
            break
        if owner is None:
            owner = self._story_state(self.doc[title[2]], self.doc[title[3]])
        if owner is None:
            return None
        base = _country_base(owner)
        code = base + "ELI" if title[0] == "ELI" else _join(base, title[0])
        first = self.doc[min(title[2], token.left_edge.i)]
        return Actor(
            code=code,
            name=self.text[first.idx : token.idx + len(token)],
            country=owner.country or base[:3],
            start_char=first.idx,
            end_char=token.idx + len(token),
            head=token.i,
            rules=(*owner.rules[:1], title[1]),
            kind="person",
        )

    def _story_state(self, first: Token, last: Token) -> Actor | None:
        """The state the story is about, standing as the owner of the words from ``first``
        to ``last`` that name none ('the ministry', 'President X'), or None."""
        mention = self.discourse.country() if self.discourse is not None else None
        if mention is None or not mention.country:
            return None
        return Actor(
            code=mention.country,
            name=mention.name,
            country=mention.country,
            start_char=first.idx,
            end_char=last.idx + len(last),
            head=first.i,
            rules=(*mention.rules[:1], "discourse"),
            kind="discourse",
        )

    def _several_states(self, token: Token, agent: tuple[str, str, int, int]) -> bool:
        """'Western governments', 'foreign troops', 'governments': an agent of several
        states (or of none named), which the state the story is about does not own."""
        cues = self.index.lexicon.cue_lemmas
        if token.tag_ in ("NNS", "NNPS") and self._lemmas[token.i] in cues.get("plural_state", {}):
            return True
        modifiers = cues.get("many_states", {})
        return any(
            c.dep_ in ("amod", "compound", "nmod")
            and not agent[2] <= c.i <= agent[3]
            and self._lemmas[c.i] in modifiers
            for c in token.children
        )

    def _indefinite(self, token: Token) -> bool:
        """'a soldier', 'an official': someone the text does not place."""
        return any(
            c.dep_ == "det" and c.lower_ in ("a", "an", "one", "another") for c in token.children
        )

    def _definite(self, token: Token) -> bool:
        return any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in token.children)

    def referred(self, token: Token, mention: Mention) -> Actor:
        """An actor of an earlier sentence, standing here at ``token``."""
        return Actor(
            code=mention.code,
            name=f"{token.text} ({mention.name})",
            country=mention.country,
            start_char=token.idx,
            end_char=token.idx + len(token),
            head=token.i,
            rules=(*mention.rules, "discourse"),
            kind="discourse",
            referent=mention,
        )

    def pair(self, token: Token) -> list[Actor]:
        """'the two countries', 'both sides': the two states named last, or nothing."""
        if self.discourse is None:
            return []
        if self._lemmas[token.i] not in self.index.lexicon.cue_lemmas.get("pair_reference", {}):
            return []
        both = any(c.lower_ in ("both", "two") for c in token.children)
        if not both or token.tag_ != "NNS":
            return []
        found = self.discourse.pair()
        if found is None:
            return []
        return [self.referred(token, m) for m in found]

    def mention(self, actor: Actor, token: Token) -> Mention:
        """How the discourse remembers an actor resolved at ``token``."""
        sentence = self.discourse.sentence if self.discourse else 0
        if actor.referent is not None:
            # referred to again: the same referent, now mentioned in this sentence
            return replace(actor.referent, sentence=sentence)
        if actor.kind == "person" or token.ent_type_ == "PERSON":
            kind: MentionKind = "person"
        elif token.tag_ in ("NNS", "NNPS") or any(c.dep_ == "conj" for c in token.children):
            kind = "plural"
        elif token.tag_ == "NN" and _names_a_person(self._lemmas[token.i]):
            kind = "person"  # 'the foreign minister of X', 'Iran's president'
        else:
            kind = "thing"
        return Mention(
            code=actor.code,
            name=actor.name,
            country=actor.country,
            kind=kind,
            sentence=sentence,
            rules=actor.rules[:1],
        )

    def _antecedent(self, pronoun: Token, day: dt.date | None, depth: int) -> Actor | None:
        """What 'it', 'its', 'they' stand for: the subject of a clause that governs the
        pronoun's own ('Russia confirmed that its troops had withdrawn' -> Russia)."""
        for ancestor in pronoun.ancestors:
            if ancestor.pos_ not in ("VERB", "AUX"):
                continue
            subjects = [c for c in ancestor.children if c.dep_ in ("nsubj", "nsubjpass")]
            if not subjects or any(s.left_edge.i <= pronoun.i <= s.right_edge.i for s in subjects):
                continue  # the pronoun stands in this clause's subject: look higher up
            # the nearest other subject is the only candidate: 'after crowds burned down
            # its embassy' does not reach back to the main clause
            actor = self.resolve(subjects[0], day, depth + 1)
            return replace(actor, kind="pronoun") if actor is not None else None
        return None

    def resolve_phrase(self, token: Token, day: dt.date | None) -> list[Actor]:
        """Every actor a noun phrase names.

        The head itself first ('the ambassadors of Armenia and Georgia' gives one actor per
        owner); failing that, the first actors inside the phrase, searched breadth-first
        through compounds, appositions and prepositional objects ('condemned an attack by
        Russian troops' -> RUSMIL); failing that, a country named as a modifier
        ('Armenian villages' -> ARM).
        """
        actor = self.resolve(token, day)
        if actor is not None:
            extra = self._coordinated_owners(token, actor, day)
            return [actor, *extra]
        pair = self.pair(token)
        if pair:
            return pair
        frontier = [token]
        seen = {token.i}
        for _ in range(3):
            modifiers: list[Token] = []
            objects: list[Token] = []
            for node in frontier:
                for child in node.children:
                    if child.i in seen:
                        continue
                    if child.tag_ == "PRP$":
                        continue  # 'their resumption of ties with X' is about X
                    if child.dep_ in ("compound", "appos", "nmod", "poss") or (
                        child.dep_ == "amod" and child.pos_ in ("NOUN", "PROPN")
                    ):
                        modifiers.append(child)
                    elif child.dep_ == "prep" and child.lower_ in self.index.phrase_preps:
                        objects.extend(c for c in child.children if c.dep_ == "pobj")
            # the phrase's own modifiers name its actor before anything behind a preposition:
            # 'a UN Security Council resolution on Ukraine' -> the UN
            for group in (modifiers, objects):
                found = self._first_actors(group, seen, day)
                if found:
                    return found
            frontier = modifiers + objects
        return self._modifier_countries(token)

    def _first_actors(self, nodes: list[Token], seen: set[int], day: dt.date | None) -> list[Actor]:
        found: list[Actor] = []
        for node in nodes:
            seen.add(node.i)
            for member in (node, *node.conjuncts):
                hit = self.resolve(member, day)
                if hit is not None and all(a.code != hit.code for a in found):
                    found.append(hit)
        # 'Bree Prime Minister X': keep BREGOV, drop the bare BRE it refines
        return [
            a
            for a in found
            if not any(b.code != a.code and b.code.startswith(a.code) for b in found)
        ]

    def _coordinated_owners(self, token: Token, actor: Actor, day: dt.date | None) -> list[Actor]:
        """'ambassadors of Arnor, Osgiliath and Gondor': one actor per coordinated owner."""
        agent = self.agent_at(token)
        if agent is None or actor.owner is None:
            return []
        owner = self.doc[actor.owner]
        extra: list[Actor] = []
        for member in owner.conjuncts:
            match = self.names.get(member.i)
            if match is None:
                continue
            row = match.rows[0]
            base = row.country or row.code if match.demonym or row.kind == "seat" else row.code
            code = base + "ELI" if agent[0] == "ELI" else _join(base, agent[0])
            if code != actor.code and all(a.code != code for a in extra):
                named = _named(row, match.span, member.i, code)
                extra.append(replace(named, rules=(row.id, agent[1]), kind=None))
        return extra

    def _modifier_countries(self, token: Token) -> list[Actor]:
        found: list[Actor] = []
        for child in token.children:
            if child.dep_ not in _MODIFIER_DEPS:
                continue
            for member in (child, *child.conjuncts):
                match = self.names.get(member.i)
                if match is None or match.rows[0].kind not in _COUNTRY_KINDS:
                    continue
                row = match.rows[0]
                code = row.country or row.code
                if all(a.code != code for a in found):
                    found.append(replace(_named(row, match.span, member.i, code), kind=None))
        return found

    def _displaced(self, token: Token) -> bool:
        """Whether people named by a demonym flee or are driven out ('Armenians who fled',
        'more than 100,000 Armenians fled', 'Georgians deported from Russia')."""
        moves = self.index.lexicon.cue_lemmas.get("displacement", {})
        verbs = [c for c in token.children if c.dep_ in ("relcl", "acl")]
        if token.dep_ in ("nsubj", "nsubjpass") or (
            token.dep_ == "pobj" and token.head.head.dep_ in ("nsubj", "nsubjpass")
        ):
            head = token.head if token.dep_ != "pobj" else token.head.head.head
            verbs.append(head)
        return any(v.lemma_.lower() in moves for v in verbs)

    def _title(self, token: Token, match: _NameMatch) -> tuple[str, str, int, int] | None:
        """An agent term standing as a title before a name: 'President X', 'Minister X'."""
        for child in token.children:
            if child.dep_ in ("compound", "amod") and child.i < match.span.start:
                agent = self.agent_at(child)
                if agent is not None and agent[0]:
                    return agent
        return None

    def _with(self, actor: Actor, code: str, agent: tuple[str, str, int, int]) -> Actor:
        return replace(actor, code=code, rules=(*actor.rules, agent[1]), kind=None)

    def _from_name(self, match: _NameMatch, token: Token, day: dt.date | None) -> Actor | None:
        row = match.rows[0]
        span = match.span
        if match.demonym:
            # a demonym heading its own phrase names people: 'Armenians fled'
            plural = token.tag_ in ("NNS", "NNPS") or token.lower_.endswith("s")
            if token.pos_ not in ("NOUN", "PROPN") or not plural:
                return None
            code = (row.country or row.code) + ("REF" if self._displaced(token) else "CVL")
        else:
            code = row.code_on(day)
        return _named(row, span, token.i, code)

    def _owner(
        self, token: Token, agent: tuple[str, str, int, int], day: dt.date | None, depth: int
    ) -> Actor | None:
        """The country, organisation or person an agent belongs to."""
        doc = self.doc
        term_tokens = [doc[i] for i in range(agent[2], agent[3] + 1)]
        candidates: list[Token] = []
        for term_token in term_tokens:
            for child in term_token.children:
                if child.i in range(agent[2], agent[3] + 1):
                    continue
                if child.dep_ in ("amod", "acl") and child.lemma_.lower() in self.index.allegiance:
                    # 'forces loyal to Haftar', 'militias allied with the government'
                    candidates.extend(
                        c
                        for prep in child.children
                        if prep.dep_ == "prep" and prep.lower_ in ("to", "with")
                        for c in prep.children
                        if c.dep_ == "pobj"
                    )
                elif child.dep_ in _MODIFIER_DEPS:
                    candidates.append(child)
                elif child.dep_ == "prep" and child.lower_ in self.index.owner_preps:
                    candidates.extend(c for c in child.children if c.dep_ == "pobj")
        # a named owner before a pronoun one: 'his Iranian counterpart' is Iran's
        candidates.sort(key=lambda c: c.tag_ == "PRP$")
        for candidate in candidates:
            match = self.names.get(candidate.i)
            if match is not None:
                row = match.rows[0]
                if row.kind in ("company",):
                    continue
                span = match.span
                if match.demonym:
                    code = row.country or row.code
                elif row.kind == "seat":
                    code = row.country or row.code[:3]
                else:
                    code = row.code_on(day)
                # a group's people are the group ('TPLF forces'): the kind says so
                kind = "group" if row.kind == "group" else None
                return replace(_named(row, span, candidate.i, code), kind=kind)
            if candidate.dep_ == "poss" or candidate.pos_ in ("PROPN", "NOUN"):
                nested = self.resolve(candidate, day, depth + 1)
                if nested is not None:
                    return nested
        return None


def _names_a_person(lemma: str) -> bool:
    """Whether an agent noun names a person ('minister', 'president', 'soldier') rather than
    a body ('ministry', 'government', 'army'), by the endings of English agent nouns."""
    if lemma.endswith("ment"):
        return False
    return lemma.endswith(_PERSON_ENDINGS)


def _named(row: ActorRow, span: Span, head: int, code: str) -> Actor:
    """An actor named by a dictionary row at ``span``."""
    return Actor(
        code=code,
        name=span.text,
        country=row.country,
        start_char=span.start_char,
        end_char=span.end_char,
        head=head,
        rules=(row.id,),
        kind=row.kind,
    )


def _country_base(actor: Actor) -> str:
    """The base an agent code is appended to: an IGO keeps its code, states their country."""
    if actor.code.startswith("IGO") or actor.code.startswith("NGO"):
        return actor.code
    return actor.country or actor.code[:3]
