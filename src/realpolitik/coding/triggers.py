"""Find event triggers in a parsed sentence and the tokens that fill their roles.

A trigger is a verb (or an event noun) whose lemma has patterns in the verb lexicon; the
most specific pattern whose constraints hold (particle, object, modifier, preposition)
wins. The roles come from the dependency parse: the subject (or the agent of a passive)
is the source; the object, a prepositional object or the subject of a passive is the
target. Subjects missing from a clause are taken from the clause that governs it.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass

from spacy.tokens import Span, Token

from realpolitik.dictionaries.lexicon import Lexicon
from realpolitik.dictionaries.schema import VerbPattern

_VERB_POS = frozenset({"VERB"})
_NOUN_POS = frozenset({"NOUN", "PROPN"})
_SUBJECTS = frozenset({"nsubj", "csubj"})
_OBJECTS = frozenset({"dobj", "obj"})
# Entity types that never name an actor ('met on 22 February').
_NOT_ACTORS = frozenset({"DATE", "TIME", "CARDINAL", "PERCENT", "MONEY", "QUANTITY", "ORDINAL"})
# An object constraint word that any named place satisfies ('captured Bakhmut').
PLACE_OBJECT = "@place"
_PLACE_ENTITIES = frozenset({"GPE", "LOC", "FAC"})
# Clause links through which a subject is shared with the governing clause.
_SHARED_SUBJECT = frozenset({"xcomp", "conj", "advcl", "acomp", "pcomp"})


@dataclass(frozen=True)
class Trigger:
    """A matched trigger and the heads of its source and target phrases."""

    token: Token
    pattern: VerbPattern
    object: Token | None
    sources: tuple[Token, ...]
    targets: tuple[Token, ...]
    source_inferred: bool
    target_from_default_prep: bool
    fallback_targets: tuple[Token, ...] = ()

    @property
    def tokens(self) -> list[Token]:
        """Trigger words as written, for the evidence: 'held ... exercise'."""
        words = [self.token]
        if self.object is not None:
            words.append(self.object)
        words.extend(c for c in self.token.children if c.dep_ == "prt")
        return sorted(words, key=lambda t: t.i)


def is_passive(verb: Token) -> bool:
    """Whether a verb is in the passive voice."""
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children)


def conjuncts(token: Token) -> tuple[Token, ...]:
    """A token and the tokens coordinated with it: 'Armenia, Azerbaijan and Russia'."""
    return (token, *(c for c in token.conjuncts if c.i > token.i))


def _children(token: Token, deps: frozenset[str] | set[str]) -> list[Token]:
    return [c for c in token.children if c.dep_ in deps]


def _prep_objects(head: Token, preps: tuple[str, ...] | list[str]) -> list[Token]:
    found: list[Token] = []
    wanted = {p.lower() for p in preps}
    for child in head.children:
        if child.dep_ in ("prep", "agent", "dative") and child.lower_ in wanted:
            found.extend(c for c in child.children if c.dep_ == "pobj")
    return found


def subject_of(verb: Token) -> tuple[list[Token], bool]:
    """The source heads of a verb and whether they were inferred from another clause."""
    if is_passive(verb):
        agents = [
            pobj
            for child in verb.children
            if child.dep_ == "agent"
            for pobj in child.children
            if pobj.dep_ == "pobj"
        ]
        return agents, False
    subjects = _children(verb, _SUBJECTS)
    if subjects:
        return subjects, False
    current = verb
    # 'Russia agreed to withdraw', 'Azerbaijan attacked and seized': share the subject
    while current.dep_ in _SHARED_SUBJECT and current.head is not current:
        if current.dep_ == "advcl" and current.tag_ in ("VBD", "VBZ", "VBP"):
            break  # a finite adverbial clause has a subject of its own, even if unparsed
        governor = current.head
        if current.dep_ == "pcomp" and governor.dep_ == "prep" and governor.head.pos_ == "VERB":
            # 'Moscow answered by summoning the ambassador': the act belongs to the verb
            current = governor
            governor = governor.head
        controller = _children(governor, _OBJECTS) if current.dep_ == "xcomp" else []
        if controller:
            # 'urged Russia to withdraw': the object of the governing verb is the actor
            return controller, True
        if is_passive(governor) and current.dep_ == "xcomp":
            # 'troops are said to have attacked': the passive subject acts
            found = _children(governor, {"nsubjpass"})
        else:
            found = _children(governor, _SUBJECTS)
            if not found and is_passive(governor):
                found, _ = subject_of(governor)
        if found:
            return found, True
        current = governor
    if verb.dep_ in ("relcl", "acl") and verb.head.pos_ in _NOUN_POS:
        if verb.dep_ == "acl" and verb.tag_ == "VBN":
            return [], False  # 'the aid sent to Armenia': the noun is the object
        noun = verb.head
        if verb.dep_ == "acl" and verb.tag_ == "VB" and noun.dep_ in ("dobj", "pobj"):
            # 'expressed readiness to meet X': the one who is ready is the clause's subject
            holder = noun.head.head if noun.dep_ == "pobj" else noun.head
            if holder.pos_ in ("VERB", "AUX"):
                found, _ = subject_of(holder)
                if found:
                    return found, True
        return [noun], True
    return [], False


@dataclass(frozen=True)
class _ObjectCandidate:
    """A noun that may satisfy a pattern's object constraint, read once per trigger word."""

    prep: str | None  # the preposition it stands behind, if any
    noun: Token
    words: frozenset[str]  # its lemma and form, and its adjectives ('diplomatic ties')
    modifiers: frozenset[str]  # lemmas of all its dependents


def _object_candidates(verb: Token, measures: Collection[str] = ()) -> list[_ObjectCandidate]:
    """Direct objects (and passive subjects) of a word, then the objects of its prepositions
    ('agreed on a ceasefire', 'accused Russia of aggression'); a measure stands for what it
    measures ('held four days of talks')."""
    direct = _children(verb, _OBJECTS)
    if is_passive(verb):
        direct += _children(verb, {"nsubjpass"})
    direct += [
        pobj
        for noun in direct
        if noun.lemma_.lower() in measures
        for prep in _children(noun, {"prep"})
        if prep.lower_ == "of"
        for pobj in _children(prep, {"pobj"})
    ]
    pairs: list[tuple[str | None, Token]] = [(None, d) for d in direct]
    pairs += [
        (prep.lower_, pobj)
        for prep in _children(verb, {"prep"})
        for pobj in _children(prep, {"pobj"})
    ]
    out: list[_ObjectCandidate] = []
    for prep, candidate in pairs:
        for noun in conjuncts(candidate):
            children = list(noun.children)
            words = {noun.lemma_.lower(), noun.lower_}
            words.update(c.lemma_.lower() for c in children if c.dep_ == "amod")
            modifiers = frozenset(c.lemma_.lower() for c in children)
            out.append(_ObjectCandidate(prep, noun, frozenset(words), modifiers))
    return out


def _pattern_object(
    candidates: list[_ObjectCandidate],
    pattern: VerbPattern,
    is_place: Callable[[Token], bool] | None = None,
) -> Token | None:
    """The object a light-verb pattern requires, or None if it is absent."""
    assert pattern.object is not None
    wanted = {w.lower() for w in pattern.object}
    target_preps = {p.lower() for p in pattern.prep or ()}
    modifiers = {m.lower() for m in pattern.modifier or ()}
    for candidate in candidates:
        if candidate.prep is not None and (pattern.pos != "VERB" or candidate.prep in target_preps):
            continue
        if not candidate.words & wanted and not (
            PLACE_OBJECT in wanted
            and (
                candidate.noun.ent_type_ in _PLACE_ENTITIES
                or (is_place is not None and is_place(candidate.noun))
            )
        ):
            continue
        if not modifiers or candidate.modifiers & modifiers:
            return candidate.noun
    return None


def _matches(
    token: Token,
    pattern: VerbPattern,
    candidates: list[_ObjectCandidate],
    is_place: Callable[[Token], bool] | None = None,
) -> tuple[bool, Token | None]:
    if pattern.particle is not None and not any(
        c.dep_ in ("prt", "advmod", "prep") and c.lower_ == pattern.particle.lower()
        for c in token.children
    ):
        return False, None
    obj = None
    if pattern.object is not None:
        obj = _pattern_object(candidates, pattern, is_place)
        if obj is None:
            return False, None
    elif pattern.modifier is not None:
        # an event noun with its modifier: 'air strike', 'hunger strike'
        modifiers = {m.lower() for m in pattern.modifier}
        if not any(c.lemma_.lower() in modifiers or c.lower_ in modifiers for c in token.children):
            return False, None
    if pattern.prep is not None and pattern.target != "none":
        heads = [token] if obj is None else [token, obj]
        if not any(_prep_objects(h, pattern.prep) for h in heads):
            return False, None
    return True, obj


def _targets(
    token: Token, pattern: VerbPattern, obj: Token | None, lexicon: Lexicon
) -> tuple[list[Token], bool]:
    """Target heads and whether they came from a default preposition."""
    mode = pattern.target or ("prep" if pattern.prep else "object")
    if mode == "none":
        if obj is not None and obj.dep_ == "pobj":
            # 'threatened Ukraine with nuclear weapons': the one threatened is the target,
            # but not the actor's own ('put its armed forces on alert')
            objects = _children(token, _OBJECTS)
            return [o for o in objects if not any(c.tag_ == "PRP$" for c in o.children)], False
        return [], False
    heads = [token] if obj is None else [obj, token]
    if mode == "prep":
        assert pattern.prep is not None
        return [t for h in heads for t in _prep_objects(h, pattern.prep)], False
    if pattern.pos == "NOUN":
        return [t for h in heads for t in _prep_objects(h, lexicon.preps("noun_target"))][:1], False
    if obj is None:
        found = _children(token, _OBJECTS | {"dative"})
        if is_passive(token):
            found = _children(token, {"nsubjpass"}) + found
        if not found:
            # 'detained and later released three soldiers': coordinated verbs share the object
            found = [o for c in token.children if c.dep_ == "conj" for o in _children(c, _OBJECTS)]
        if not found:
            # the small parser often labels a proper-noun object 'npadvmod' or 'oprd'
            found = [
                c
                for c in token.children
                if c.dep_ in ("npadvmod", "oprd", "attr") and c.pos_ == "PROPN" and c.i > token.i
            ]
        if found:
            return found, False
    else:
        if obj.dep_ == "pobj":
            # 'accused Russia of aggression': the direct object is the target
            direct = _children(token, _OBJECTS)
            if direct:
                return direct, False
        dative = _children(token, {"dative"})
        dative = [
            p for d in dative for p in ([d] if d.pos_ in _NOUN_POS else _children(d, {"pobj"}))
        ]
        if dative:
            return dative, False
    for h in heads:
        found = [
            t
            for t in _prep_objects(h, lexicon.preps("verb_target"))
            if t.ent_type_ not in _NOT_ACTORS
        ]
        if found:
            return found[:1], True
    return [], False


def noun_sources(noun: Token) -> list[Token]:
    """Source of an event noun: 'Russia's invasion', 'the Azerbaijani offensive', 'by Baku',
    and the parties of 'talks between Armenia and Azerbaijan'."""
    found = _children(noun, {"poss"})
    if not found:
        found = _prep_objects(noun, ("between", "among"))
    if not found:
        found = _prep_objects(noun, ("by",))
    if not found:
        # a name or a demonym before the noun, not a common word ('a general mobilisation')
        found = [
            c
            for c in noun.children
            if c.dep_ in ("amod", "compound") and c.i < noun.i and c.text[:1].isupper()
        ]
    return found


def _heads_clause(token: Token) -> bool:
    """A word the tagger took for a noun that heads a clause all the same ('demanded that
    Azerbaijan release the prisoners')."""
    return (
        token.dep_ in ("ccomp", "xcomp", "advcl", "relcl", "ROOT", "conj")
        and any(c.dep_ in ("nsubj", "aux", "auxpass") for c in token.children)
        and any(c.dep_ in ("dobj", "nsubj") for c in token.children)
    )


def find_triggers(
    sent: Span,
    lexicon: Lexicon,
    skip: set[int],
    is_place: Callable[[Token], bool] | None = None,
) -> list[Trigger]:
    """Every trigger of a sentence with the heads of its roles.

    Args:
        sent: a parsed sentence.
        lexicon: the verb patterns.
        skip: token indices that may not trigger (inside discarded phrases).
        is_place: whether a word names a place, for objects a pattern requires to be one
            (``@place``); named places the model labels as such count without it.
    """
    triggers: list[Trigger] = []
    light_objects: set[int] = set()
    patterns_for = lexicon.patterns_by_trigger
    allegiance = lexicon.cue_lemmas.get("allegiance", {})
    for token in sent:
        if token.i in skip:
            continue
        if token.dep_ in ("amod", "acl") and token.lemma_.lower() in allegiance:
            continue  # 'militias allied with the government' name who the militias are
        if token.pos_ in _VERB_POS or token.tag_.startswith("VB") or _heads_clause(token):
            pos = "VERB"
        elif token.pos_ in _NOUN_POS:
            pos = "NOUN"
        else:
            continue
        patterns = patterns_for.get((token.lemma_.lower(), pos))
        if not patterns and pos == "VERB":
            patterns = patterns_for.get((token.lower_, pos))
        if not patterns:
            continue
        candidates = _object_candidates(token, lexicon.cue_lemmas.get("measure", {}))
        for pattern in patterns:
            ok, obj = _matches(token, pattern, candidates, is_place)
            if not ok:
                continue
            if pos == "VERB":
                sources, inferred = subject_of(token)
            else:
                sources, inferred = noun_sources(token), False
                if (
                    not sources
                    and token.dep_ == "dobj"
                    and token.head.lemma_.lower() in lexicon.cue_lemmas.get("support", {})
                ):
                    # 'Russia launched a full-scale invasion of Ukraine'
                    sources, _ = subject_of(token.head)
                    inferred = True
            targets, default_prep = _targets(token, pattern, obj, lexicon)
            fallback: list[Token] = []
            if obj is not None and not targets and pattern.target != "none":
                # 'expelled Moldovan diplomats': the required object is itself the target
                fallback = [obj]
            elif not default_prep and (pattern.target or "object") == "object":
                # used when the object names no actor: 'warned their people about X'
                fallback = [
                    t
                    for h in ([token] if obj is None else [obj, token])
                    for t in _prep_objects(h, lexicon.preps("verb_target"))
                    if t.ent_type_ not in _NOT_ACTORS and t not in targets
                ][:1]
            if obj is not None:
                light_objects.add(obj.i)
            triggers.append(
                Trigger(
                    token=token,
                    pattern=pattern,
                    object=obj,
                    sources=tuple(s for head in sources for s in conjuncts(head)),
                    targets=tuple(t for head in targets for t in conjuncts(head)),
                    source_inferred=inferred,
                    target_from_default_prep=default_prep,
                    fallback_targets=tuple(t for head in fallback for t in conjuncts(head)),
                )
            )
            break
    # an event noun that is the object of another trigger ('condemned the attack') or part
    # of a light verb's event is not an event of its own
    verbs = {t.token.i for t in triggers if t.pattern.pos == "VERB"}
    kept = [
        t
        for t in triggers
        if not (
            t.pattern.pos == "NOUN"
            and (
                t.token.i in light_objects
                or (t.token.dep_ == "dobj" and t.token.head.i in verbs and not t.sources)
            )
        )
    ]
    # 'announced a counter-offensive', 'declared a ceasefire': a verb that performs the
    # event noun it governs is no act of its own
    support = lexicon.cue_lemmas.get("support", {})
    performed = {
        t.token.head.i
        for t in kept
        if t.pattern.pos == "NOUN" and t.token.dep_ == "dobj" and t.sources
    }
    return [
        t
        for t in kept
        if not (
            t.pattern.pos == "VERB"
            and t.pattern.object is None
            and t.token.i in performed
            and t.token.lemma_.lower() in support
        )
    ]
