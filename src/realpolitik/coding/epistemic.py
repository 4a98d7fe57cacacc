"""Epistemic status of a trigger: is the act asserted, negated or hypothetical, and who says so.

The status is read off the clause around the trigger and the clauses that govern it:
negation ('did not attack'), modal auxiliaries ('would', 'may'), conditions ('if'),
governing verbs ('refused to sign', 'plans to visit', 'threatened to cut') and reporting
frames ('Baku says ...', 'according to ...', 'reportedly', 'are said to have').
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import islice

from spacy.tokens import Span, Token

from realpolitik.dictionaries.lexicon import Lexicon
from realpolitik.records import Modality

# A sentence-level attribution: (cue, cue row id, speaker head).
Frame = tuple[str | None, str | None, Token | None]
# How many clause links a cue may reach across.
_MAX_CLIMB = 8
# Links from a clause to the clause that governs it.
_CLAUSE_LINKS = frozenset({"xcomp", "ccomp", "conj", "advcl", "parataxis", "relcl", "acl", "pcomp"})


@dataclass(frozen=True)
class Governor:
    """A verb that turns the act it governs into an intent, a threat or a refusal."""

    kind: str  # "intent", "threat", "refusal", "aspect"
    token: Token
    cue_id: str


@dataclass(frozen=True)
class Status:
    """Modality, attribution cue and governing verb of one trigger."""

    modality: Modality
    cues: tuple[str, ...]
    speaker: Token | None
    attribution_cue: str | None
    attribution_cue_id: str | None
    governor: Governor | None


class EpistemicReader:
    """Reads the epistemic status of triggers, with the cue lexicon of a ``Lexicon``."""

    def __init__(self, lexicon: Lexicon) -> None:
        cues = lexicon.cue_lemmas
        self.negation = cues.get("negation", {})
        self.hypothetical = cues.get("hypothetical", {})
        self.condition = cues.get("condition", {})
        self.speech = cues.get("attribution", {})
        self.adverbs = cues.get("attribution_adverb", {})
        self.phrases = cues.get("attribution_phrase", {})
        # longest first, so that 'as reported by' is not read as a shorter phrase inside it
        self._phrase_words = sorted(
            ((tuple(p.split()), cue_id) for p, cue_id in self.phrases.items()),
            key=lambda item: -len(item[0]),
        )
        self.prospect = cues.get("prospect", {})
        self.governors = {
            kind: cues.get(kind, {}) for kind in ("refusal", "intent", "threat", "aspect")
        }

    def _local(self, verb: Token) -> tuple[bool, bool, list[str]]:
        """Negation and hypothetical markers on one clause head."""
        negated = hypothetical = False
        fired: list[str] = []
        for child in verb.children:
            lemma = child.lemma_.lower()
            lower = child.lower_
            if child.dep_ == "neg" or (child.dep_ == "advmod" and lower in ("never",)):
                if lower in self.negation or lemma in self.negation:
                    negated = True
                    fired.append(self.negation.get(lower) or self.negation[lemma])
            elif child.dep_ in ("aux", "auxpass") and (lower in self.hypothetical):
                hypothetical = True
                fired.append(self.hypothetical[lower])
            elif child.dep_ == "mark" and lower in self.condition:
                hypothetical = True
                fired.append(self.condition[lower])
        return negated, hypothetical, fired

    def read(self, trigger: Token, sent: Span, frame: Frame | None = None) -> Status:
        """The status of the act named by ``trigger`` in ``sent``.

        Example:
            'Russia did not attack Armenia' -> Status(modality='negated', ...)
        """
        negated, hypothetical, fired = self._local(trigger)
        if trigger.pos_ in ("NOUN", "PROPN") and trigger.head is not trigger:
            # an event noun takes the status of the clause it stands in
            n, h, f = self._local(trigger.head)
            negated, hypothetical = negated or n, hypothetical or h
            fired += f
        subjects = [c for c in trigger.children if c.dep_ in ("nsubj", "nsubjpass")]
        if any(
            c.dep_ == "det" and c.lower_ in self.negation
            for head in (trigger, *subjects)
            for c in head.children
        ):
            negated = True  # 'sent no troops', 'no troops attacked'
        if any(
            c.dep_ in ("cc", "advmod") and c.lower_ == "nor" and c.i < trigger.i
            for c in trigger.children
        ):
            negated = True  # 'nor did Russia attack'
        if any(
            g.dep_ == "preconj" and g.lower_ == "neither"
            for c in trigger.children
            if c.dep_ in ("nsubj", "nsubjpass")
            for g in c.children
        ):
            negated = True  # 'neither Armenia nor Azerbaijan has signed'

        speaker: Token | None = None
        cue: str | None = None
        cue_id: str | None = None
        governor: Governor | None = None
        current = trigger
        climbed = 0
        # scope reaches a few clauses up, not along a whole run-on chain of coordinated verbs
        while (
            current.dep_ in _CLAUSE_LINKS and current.head is not current and climbed < _MAX_CLIMB
        ):
            climbed += 1
            link = current.dep_
            head = current.head
            lemma = head.lemma_.lower()
            if link in ("xcomp", "ccomp") and cue is None and lemma in self.speech:
                cue_id = self.speech[lemma]
                if link == "xcomp" and any(c.dep_ == "auxpass" for c in head.children):
                    cue = f"be {head.lower_} to"  # 'are said to have attacked'
                else:
                    cue = lemma
                    speaker = next(
                        (c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")), None
                    )
            elif link == "acl" and governor is None and lemma in self.governors["intent"]:
                # 'expressed readiness to meet X' voices an intent, as 'plans to meet X' does
                voiced = head.head if head.head.pos_ in ("VERB", "AUX") else head
                governor = Governor(
                    kind="intent", token=voiced, cue_id=self.governors["intent"][lemma]
                )
            elif link == "xcomp" and governor is None:
                for kind, lemmas in self.governors.items():
                    if lemma in lemmas:
                        governor = Governor(kind=kind, token=head, cue_id=lemmas[lemma])
                        break
                else:
                    if lemma in self.prospect:
                        # 'is scheduled to meet': planned or foreseen, not done
                        hypothetical = True
                        fired.append(self.prospect[lemma])
                    elif any(c.dep_ in ("dobj", "obj") for c in head.children):
                        # 'allowed Russia to withdraw': asked for or permitted, not done
                        hypothetical = True
            if link in ("xcomp", "conj", "advcl", "ccomp"):
                n, h, f = self._local(head)
                if link == "conj":
                    # coordinated verbs share auxiliaries ('did not attack or invade'), but a
                    # finite verb or one with auxiliaries of its own does not
                    own_aux = any(c.dep_ in ("aux", "neg") for c in current.children)
                    if own_aux or current.tag_ in ("VBD", "VBZ", "VBP"):
                        n = h = False
                        f = []
                if link == "ccomp" and cue is not None and head.lemma_.lower() in self.speech:
                    n = False  # 'Baku did not say ...' does not negate the claim itself
                negated, hypothetical = negated or n, hypothetical or h
                fired += f
            if link == "advcl" and any(
                c.dep_ == "mark" and c.lower_ in self.condition for c in current.children
            ):
                hypothetical = True
            current = head
        if trigger.dep_ == "ROOT" and any(
            c.dep_ == "aux" and c.tag_ == "TO" for c in trigger.children
        ):
            # a headline's 'Biden to visit Kyiv': an act to come
            hypothetical = True
        if cue is None:
            cue, cue_id, speaker = self._frame(trigger, sent, frame)
        if governor is not None and governor.kind == "refusal":
            negated = True
        modality: Modality = (
            "hypothetical" if hypothetical else "negated" if negated else "asserted"
        )
        return Status(
            modality=modality,
            cues=tuple(fired),
            speaker=speaker,
            attribution_cue=cue,
            attribution_cue_id=cue_id,
            governor=governor,
        )

    def _frame(
        self, trigger: Token, sent: Span, frame: Frame | None
    ) -> tuple[str | None, str | None, Token | None]:
        """Attribution by adverb ('reportedly') or phrase ('according to X') in the sentence."""
        for token in [trigger, *islice(trigger.ancestors, _MAX_CLIMB)]:
            for child in token.children:
                if child.dep_ == "advmod" and child.lower_ in self.adverbs:
                    return child.lower_, self.adverbs[child.lower_], None
                if child.dep_ == "parataxis" and child.lemma_.lower() in self.speech:
                    lemma = child.lemma_.lower()
                    subject = next((c for c in child.children if c.dep_ == "nsubj"), None)
                    return lemma, self.speech[lemma], subject
        return frame if frame is not None else self.sentence_frame(sent)

    def sentence_frame(self, sent: Span) -> Frame:
        """An attribution phrase anywhere in the sentence ('according to X', 'as reported by
        X', 'citing X'), with the speaker it introduces: read once per sentence and handed
        to ``read`` for each of its triggers."""
        words = [t.lower_ for t in sent]
        for phrase, cue_id in self._phrase_words:
            size = len(phrase)
            for i in range(len(words) - size + 1):
                if tuple(words[i : i + size]) != phrase:
                    continue
                last = sent[i + size - 1]
                speaker = next((c for c in last.children if c.dep_ in ("pobj", "dobj")), None)
                if speaker is None and i + size < len(sent):
                    speaker = sent[i + size]  # the parser left the speaker unattached
                return " ".join(phrase), cue_id, speaker
        return None, None, None
