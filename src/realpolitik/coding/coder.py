"""Turn parsed documents into ``Event`` records.

For each sentence: find the dates it mentions (resolved against the document date), drop
it if a discard phrase marks it as sport, weather or metaphor, find the triggers, read the
epistemic status of each, resolve source and target phrases to actor codes at the event
date, attach place and quantity, and write an event per (source, target) pair with its
provenance.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import deque
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token

from realpolitik.coding.actors import UNKNOWN_COUNTRY, Actor, ActorIndex, ActorResolver
from realpolitik.coding.dates import find_dates
from realpolitik.coding.discourse import Discourse, Mention
from realpolitik.coding.epistemic import EpistemicReader, Status
from realpolitik.coding.layout import LineKind, read_layout
from realpolitik.coding.places import Gazetteer, find_places
from realpolitik.coding.quantities import find_quantities
from realpolitik.coding.triggers import Trigger, find_triggers, is_passive, noun_sources
from realpolitik.dictionaries.lexicon import Lexicon, load_lexicon
from realpolitik.errors import Errors, InputError
from realpolitik.nlp.pipeline import load_model
from realpolitik.records import (
    Attribution,
    Document,
    Event,
    Location,
    Quantity,
    ResolvedDate,
    as_day,
)
from realpolitik.records import (
    Span as CharSpan,
)
from realpolitik.version import __version__

CODER_VERSION = f"realpolitik.coder.v1/{__version__}"
# Parse steps from a trigger to a place that can still be where its act happened: 'attacked
# positions near Bakhmut' is three.
_MAX_PLACE_DISTANCE = 4
# Texts longer than this are parsed in segments cut at paragraph or sentence ends.
SEGMENT_CHARS = 100_000
# Documents longer than this are coded as parts of about this size, cut at paragraph or
# sentence ends: each part is coded on its own (its own discourse, mentions merged within
# it), so that parts can be coded in parallel and their events written as they are done.
PART_CHARS = 100_000


@dataclass(frozen=True)
class CodedDocument:
    """A document with its events and the number of sentences read.

    A long document is also coded as parts (``Coder.code_parts``): such a record holds the
    events of part ``part`` only, and ``complete`` is False for all but the last part.
    """

    document: Document
    events: list[Event]
    sentences: int
    explanations: dict[str, str] = field(default_factory=dict)
    part: int = 0
    complete: bool = True


@dataclass(frozen=True)
class CoderOptions:
    """What a coder is built from, so that another process can build the same one.

    Example:
        >>> Coder(dictionaries=["my_dicts/"]).options
        CoderOptions(dictionaries=('my_dicts/',), model=None)
    """

    dictionaries: tuple[str, ...] = ()
    model: str | None = None

    def build(self) -> Coder:
        """A new coder with these dictionaries and model."""
        return Coder(dictionaries=self.dictionaries, model=self.model)


@dataclass(frozen=True)
class DocumentPart:
    """One part of a document to code: ``document`` holds the part's text, which starts at
    character ``offset`` of the whole text; ``last`` marks the document's last part."""

    document: Document
    number: int = 0
    offset: int = 0
    last: bool = True


def document_parts(document: Document, limit: int = PART_CHARS) -> list[DocumentPart]:
    """The parts a document is coded in: itself when it is short, else pieces of at most
    ``limit`` characters cut at paragraph or sentence ends.

    Every part carries the document's date, or the date of its dateline when it has none.

    Example:
        >>> [p.offset for p in document_parts(Document(id="a", text="Russia left. " * 20000))]
        [0, 99995, 199991]
    """
    if len(document.text) <= limit:
        return [DocumentPart(document)]
    pieces = list(split_segments(document.text, limit))
    date = document.date
    if date is None:
        layout = read_layout(pieces[0][1], None, document.title)
        date = layout.dateline.date if layout.dateline else None
    return [
        DocumentPart(
            document.model_copy(
                update={"text": piece, "date": date, "title": document.title if n == 0 else None}
            ),
            n,
            offset,
            n == len(pieces) - 1,
        )
        for n, (offset, piece) in enumerate(pieces)
    ]


def renumbered(parts: Iterable[CodedDocument]) -> Iterator[CodedDocument]:
    """Coded parts in order, the sentence indices of each counted from the start of its
    document rather than of the part (event ids do not change)."""
    before = 0
    for coded in parts:
        if coded.part == 0:
            before = 0
        if before:
            events = [
                e.model_copy(update={"sentence_index": e.sentence_index + before})
                for e in coded.events
            ]
            coded = replace(coded, events=events)
        before += coded.sentences
        yield coded


def join_parts(document: Document, parts: Sequence[CodedDocument]) -> CodedDocument:
    """One document's coded parts (renumbered, in order) as the coded document."""
    first = parts[0].document
    if document.date is None and first.date is not None:
        document = document.model_copy(update={"date": first.date})
    if len(parts) == 1:
        return replace(parts[0], document=document)
    return CodedDocument(
        document,
        [e for p in parts for e in p.events],
        sum(p.sentences for p in parts),
        {k: v for p in parts for k, v in p.explanations.items()},
    )


@dataclass(frozen=True)
class _Draft:
    """What the events of one trigger share."""

    trigger: Trigger
    first: Token
    status: Status
    resolved: ResolvedDate | None
    location: Location | None
    quantity: Quantity | None
    index: int
    sentence_text: str


@dataclass
class _Context:
    """State carried from sentence to sentence within a document."""

    document: Document
    offset: int = 0
    last_date: dt.date | None = None
    sentence_index: int = 0
    explain: bool = False
    line_kind: LineKind = "body"
    discourse: Discourse = field(default_factory=Discourse)
    events: list[Event] = field(default_factory=list)
    headline_events: set[str] = field(default_factory=set)
    explanations: dict[str, str] = field(default_factory=dict)


class Coder:
    """The event coder: a spaCy pipeline plus the dictionaries.

    Example:
        >>> coder = Coder()
        >>> [e.code for e in coder.code_text("Russia summoned Armenia's ambassador.")]
        ['114']
    """

    def __init__(
        self,
        lexicon: Lexicon | None = None,
        nlp: Language | None = None,
        *,
        dictionaries: Sequence[Path | str] = (),
        model: str | None = None,
    ) -> None:
        self.lexicon = lexicon or load_lexicon(dictionaries)
        self.nlp = nlp or load_model(model)
        # how to build this coder again in another process; None when given ready objects
        self.options = (
            CoderOptions(tuple(str(d) for d in dictionaries), model)
            if lexicon is None and nlp is None
            else None
        )
        # results depend on the English model: its name and version are part of the coder's
        meta = self.nlp.meta
        self.version = f"{CODER_VERSION}+{meta.get('name', 'model')}-{meta.get('version', '?')}"
        self.actors = ActorIndex(self.lexicon, self.nlp)
        self.epistemic = EpistemicReader(self.lexicon)
        iso2 = {
            str(row.model_extra.get("iso2")): row.code
            for row in self.lexicon.actors
            if row.kind in ("country", "territory")
            and row.model_extra
            and row.model_extra.get("iso2")
        }
        self.gazetteer = Gazetteer(iso2_to_code=iso2)
        self._discard_sentence = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        self._discard_phrase = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        self._discard_regex: list[tuple[re.Pattern[str], str]] = []
        for row in self.lexicon.discards:
            if row.phrase is not None:
                matcher = (
                    self._discard_sentence if row.scope == "sentence" else self._discard_phrase
                )
                matcher.add(row.id, [self.nlp.make_doc(row.phrase)])
            elif row.regex is not None:
                self._discard_regex.append((re.compile(row.regex), row.id))

    # -- public API -------------------------------------------------------------------

    def code_text(
        self, text: str, date: dt.date | str | None = None, doc_id: str = "text"
    ) -> list[Event]:
        """Code one text and return its events.

        Args:
            text: English news text.
            date: the document date (``YYYY-MM-DD`` or a date); relative dates in the text
                are resolved against it.
            doc_id: the id every event carries as ``doc_id``.
        """
        document = Document(id=doc_id, text=text, date=_as_date(date, "code_text"))
        coded = next(self.code_documents([document]))
        return coded.events

    def code_documents(
        self,
        documents: Iterable[Document | dict[str, Any] | str],
        *,
        n_process: int = 1,
        batch_size: int = 64,
        explain: bool = False,
    ) -> Iterator[CodedDocument]:
        """Code a stream of documents, yielding each with its events in input order.

        Long texts are parsed in segments and coded in parts (``document_parts``), so that
        memory stays bounded.

        Args:
            documents: ``Document`` records, dicts with ``id``, ``text`` and ``date``, or
                plain strings of text (ids ``doc-1``, ``doc-2``... by position).
            n_process: coding processes, each parsing and coding (see
                ``realpolitik.coding.batches.code_stream``); the events are the same for
                any number.
            batch_size: texts per parsing batch in this process.
            explain: also return, per event id, the parse path and rules behind it.
        """
        originals: deque[Document] = deque()

        def numbered() -> Iterator[Document]:
            for number, raw in enumerate(documents):
                document = raw if isinstance(raw, Document) else _document(raw, number)
                originals.append(document)
                yield document

        coded_parts: Iterable[CodedDocument]
        if n_process > 1:
            from realpolitik.coding.batches import code_stream

            coded_parts = code_stream(numbered(), self, workers=n_process, explain=explain)
        else:
            parts = (part for document in numbered() for part in document_parts(document))
            coded_parts = renumbered(self.code_parts(parts, batch_size=batch_size, explain=explain))
        done: list[CodedDocument] = []
        for coded in coded_parts:
            done.append(coded)
            if coded.complete:
                yield join_parts(originals.popleft(), done)
                done = []

    def code_parts(
        self,
        parts: Iterable[DocumentPart],
        *,
        n_process: int = 1,
        batch_size: int = 64,
        explain: bool = False,
    ) -> Iterator[CodedDocument]:
        """Code document parts, yielding each with its events in input order; sentence
        indices count from the start of the part (``renumbered`` counts them from the
        start of the document).

        Each part is coded on its own, so the result of a part does not depend on the
        parts coded before it, nor on the process that codes it.
        """
        contexts: dict[int, tuple[_Context, DocumentPart]] = {}
        remaining: dict[int, int] = {}

        def segments() -> Iterator[tuple[str, tuple[int, int, LineKind]]]:
            for number, part in enumerate(parts):
                document = part.document
                layout = read_layout(document.text, document.date, document.title)
                pieces = [
                    (part.offset + line.start + offset, piece, _part_kind(line.kind, part))
                    for line in layout.lines
                    for offset, piece in split_segments(line.text)
                ] or [(part.offset, "", "body")]
                if document.date is None and layout.dateline and layout.dateline.date:
                    document = document.model_copy(update={"date": layout.dateline.date})
                contexts[number] = (_Context(document=document, explain=explain), part)
                remaining[number] = len(pieces)
                for offset, piece, kind in pieces:
                    yield piece, (number, offset, kind)

        for doc, (number, offset, kind) in self.nlp.pipe(
            segments(), as_tuples=True, n_process=n_process, batch_size=batch_size
        ):
            context, part = contexts[number]
            context.offset = offset
            context.line_kind = kind
            self.code_doc(doc, context)
            remaining[number] -= 1
            if remaining[number] == 0:
                del contexts[number], remaining[number]
                yield CodedDocument(
                    context.document,
                    merge_mentions(context.events, context.headline_events),
                    context.sentence_index,
                    context.explanations,
                    part=part.number,
                    complete=part.last,
                )

    # -- one parsed segment -----------------------------------------------------------

    def code_doc(self, doc: Doc, context: _Context) -> None:
        """Code the sentences of one parsed segment into ``context.events``."""
        resolver = ActorResolver(self.actors, doc)
        resolver.discourse = context.discourse
        anchor = context.document.date
        phrase_skip: set[int] = set()
        for _, start, end in self._discard_phrase(doc):
            phrase_skip.update(range(start, end))
        sentence_discards = {start for _, start, _ in self._discard_sentence(doc)}
        for sent in doc.sents:
            index = context.sentence_index
            context.sentence_index += 1
            dates = find_dates(sent.text, anchor, last=context.last_date)
            if dates:
                context.last_date = dates[-1].date
            if any(sent.start <= i < sent.end for i in sentence_discards) or self._regex_discard(
                sent
            ):
                continue
            self._note_states(sent, resolver, context)
            triggers = find_triggers(sent, self.lexicon, phrase_skip, self._is_place)
            if triggers:
                self._code_sentence(sent, index, triggers, dates, resolver, context)
            self._remember(sent, resolver, context)

    def _note_states(self, sent: Span, resolver: ActorResolver, context: _Context) -> None:
        """Note the states and organisations a sentence names, before its acts are coded:
        'the country' and agents of no named country refer to the most salient state; when
        an organisation is the most salient, they are left unplaced."""
        discourse = context.discourse
        seen: set[int] = set()
        for i in range(sent.start, sent.end):
            match = resolver.names.get(i)
            if match is None or match.span.start in seen:
                continue
            seen.add(match.span.start)
            row = match.rows[0]
            igo = row.kind == "igo" and not match.demonym
            if row.kind in ("country", "territory", "disputed") or igo:
                state = None if igo else (row.country or row.code)
                discourse.note_country(
                    Mention(
                        code=row.code if igo else state or row.code,
                        name=match.span.text,
                        country=state,
                        kind="thing",
                        sentence=discourse.sentence,
                        rules=(row.id,),
                    )
                )

    def _remember(self, sent: Span, resolver: ActorResolver, context: _Context) -> None:
        """Note the sentence's subjects and states for the sentences that follow."""
        discourse = context.discourse
        day = context.last_date or context.document.date
        subjects = [
            t for t in sent if t.dep_ in ("nsubj", "nsubjpass") and t.tag_ not in ("WP", "WDT")
        ]
        # the main clause's subject first: it is what a later 'he' or 'it' most often means
        subjects.sort(key=lambda t: (t.head.i != sent.root.i, t.i))
        for token in subjects:
            for actor in resolver.resolve_phrase(token, day)[:1]:
                discourse.note_subject(resolver.mention(actor, token))
        for entity in sent.ents:
            if entity.label_ != "PERSON" or any(
                i in resolver.names for i in range(entity.start, entity.end)
            ):
                continue
            person = resolver.resolve(entity.root, day)
            if person is None and entity.root.dep_ in ("appos", "compound"):
                # 'Chad's President Idriss Deby': the name stands beside its title
                person = resolver.resolve(entity.root.head, day)
            if person is not None and len(person.code) > 3 and person.kind != "discourse":
                words = [t.text for t in entity if t.pos_ == "PROPN" and t.is_title]
                discourse.note_person(words, resolver.mention(person, entity.root))
        discourse.next_sentence()

    def _is_place(self, token: Token) -> bool:
        """Whether a proper name is a place the gazetteer knows ('captured Kherson', which
        the small model may take for a person)."""
        span = _proper_name(token)
        return span is not None and self.gazetteer.resolve(span.text, country_hint=None) is not None

    def _regex_discard(self, sent: Span) -> bool:
        return any(pattern.match(t.text) for pattern, _ in self._discard_regex for t in sent)

    def _code_sentence(
        self,
        sent: Span,
        index: int,
        triggers: list[Trigger],
        dates: list[ResolvedDate],
        resolver: ActorResolver,
        context: _Context,
    ) -> None:
        frame = self.epistemic.sentence_frame(sent)
        sentence = sent.text
        statuses = {t.token.i: self.epistemic.read(t.token, sent, frame) for t in triggers}
        by_token = {t.token.i: t for t in triggers}
        # a governing intent, threat or refusal is coded through the act it governs
        consumed = {
            s.governor.token.i
            for s in statuses.values()
            if s.governor is not None and s.governor.kind != "aspect"
        }
        # acts requested or demanded by another trigger: 'urged Russia to withdraw'
        requested: dict[int, Trigger] = {}
        embedded: set[int] = set()
        # plain statements whose content is a coded act: attribution, not acts of their own
        reports_only: set[int] = set()
        for trigger in triggers:
            if trigger.token.i in consumed or statuses[trigger.token.i].governor is not None:
                continue
            found = _embedded_in(trigger.token, set(by_token) - consumed, self.epistemic.speech)
            if found is None:
                continue
            outer, link = found
            reporter = by_token[outer]
            if link == "ccomp" and self.lexicon.has_role("reporting", reporter.pattern.code):
                # 'announced that it had recalled its ambassador': the act, said by the subject
                statuses[trigger.token.i] = self._reported(statuses[trigger.token.i], reporter)
                if self.lexicon.has_role("attribution_only", reporter.pattern.code):
                    reports_only.add(outer)
                continue
            embedded.add(trigger.token.i)
            requested.setdefault(outer, trigger)
        protests = self._protest_demands(triggers, requested, consumed, embedded)
        embedded.update(inner.token.i for inner, _ in protests.values())
        places: list[tuple[Span, Location]] | None = None
        quantities: list[Quantity] | None = None
        # a word that is another act's source or target is not where this act took place
        argument_heads = {
            t.i
            for trigger in triggers
            for t in (*trigger.sources, *trigger.targets)
            if t.i in resolver.names
        }
        for trigger in triggers:
            token = trigger.token
            if token.i in consumed or token.i in embedded or token.i in reports_only:
                continue
            status = statuses[token.i]
            governor = status.governor
            code = trigger.pattern.code
            first = token
            if governor is not None and governor.kind in ("intent", "threat"):
                code = self.lexicon.complement_code(governor.kind, code)
                first = governor.token
            elif governor is not None and governor.kind == "refusal":
                refused = self.lexicon.complement_code("refusal", code)
                if refused != code:
                    # 'declined to comment' is itself an act (011), not a negated comment
                    code, first = refused, governor.token
                    status = replace(status, modality="asserted")
            inner = requested.get(token.i)
            kind = next((r for r in ("appeal", "demand") if self.lexicon.has_role(r, code)), None)
            if inner is not None and kind is not None:
                # 'called on Azerbaijan to reopen the corridor' is an appeal to yield (025)
                code = self.lexicon.complement_code(kind, inner.pattern.code)
            voiced = protests.get(token.i)
            if voiced is not None:
                code = voiced[1]
            if governor is not None and governor.kind in ("intent", "threat"):
                # the date of an intent is when it is voiced, not when the act is planned
                outside = [d for d in dates if not _inside(d, sent, token)]
                resolved = self._event_date(governor.token, sent, outside, context.document.date)
            else:
                resolved = self._event_date(token, sent, dates, context.document.date)
            day = resolved.date if resolved else context.document.date
            sources = _resolve_all(resolver, trigger.sources, day)
            targets = _resolve_all(resolver, trigger.targets, day) or _resolve_all(
                resolver, trigger.fallback_targets, day
            )
            if not targets and inner is not None and kind is not None:
                # 'demanded that Russia withdraw': the one asked is the inner act's subject
                targets = _resolve_all(resolver, inner.sources, day)
            if not targets and voiced is not None:
                # 'protested demanding the resignation of X': X is the one the protest targets
                targets = _resolve_all(resolver, voiced[0].targets, day)
            if not targets and sources:
                # 'condemned the attack': the one who carried out the act named
                targets = self._act_agents(trigger, sources, resolver, context, index, day)
            if not targets and sources and code.startswith("13"):
                # 'threatened more tariffs if China retaliated': the one warned is the
                # subject of the condition
                targets = [
                    a
                    for a in _resolve_all(resolver, self._condition_subjects(token), day)
                    if all(a.code != s.code for s in sources)
                ]
            if not sources and not targets:
                continue
            if not sources and not _agentless(trigger):
                # the text gives the act an agent that names no actor ('the war has killed',
                # 'the attack on X'): who acted is not known, so no event is coded
                continue
            if places is None:
                if resolver.noun_chunks is None:
                    resolver.noun_chunks = list(sent.doc.noun_chunks)
                places = find_places(sent, self.gazetteer, resolver.noun_chunks)
            if quantities is None:
                quantities = find_quantities(sent)
            location = _location_for(
                trigger, places, {a.head for a in (*sources, *targets)} | argument_heads
            )
            if self.lexicon.has_role("place_target", code) or self.lexicon.has_role(
                "place_target", trigger.pattern.code
            ):
                targets, location = self._places_as_targets(
                    targets, trigger, places, location, sources
                )
            targets = [self._with_country(t, sources) for t in targets]
            quantity = _quantity_for(trigger, quantities)
            reciprocal = (
                self.lexicon.has_role("reciprocal", code)
                or token.lemma_.lower() in self.lexicon.cue_lemmas.get("reciprocal", {})
                or _each_other(trigger)
            )
            draft = _Draft(trigger, first, status, resolved, location, quantity, index, sentence)
            emitted: set[tuple[str | None, str | None, str]] = set()
            for source, target in _pairs(sources, targets, reciprocal):
                self._emit(draft, code, source, target, resolver, context, emitted)
                reverse = trigger.pattern.reverse_code
                if reverse and source and target and governor is None:
                    self._emit(draft, reverse, target, source, resolver, context, emitted)

    def _protest_demands(
        self,
        triggers: list[Trigger],
        requested: dict[int, Trigger],
        consumed: set[int],
        embedded: set[int],
    ) -> dict[int, tuple[Trigger, str]]:
        """Protests that voice a demand, by the protest's token: the demand and the code
        ('rallied demanding the resignation of X' is 1411, 'a hunger strike to demand rights'
        1423); the demand is not coded apart (CAMEO codes demands made by protest under 14)."""
        found: dict[int, tuple[Trigger, str]] = {}
        for outer in triggers:
            code = outer.pattern.code
            if outer.token.i in consumed | embedded or not self.lexicon.has_role("protest", code):
                continue
            # 'held a protest demanding ...': the demand may hang on the light verb's object
            heads = {outer.token.i} | ({outer.object.i} if outer.object is not None else set())
            for inner in triggers:
                if (
                    inner.token.i in consumed
                    or inner.token.head.i not in heads
                    or inner.token.dep_ not in _VOICED_DEMAND
                ):
                    continue
                asked = inner.pattern.code
                kind = next(
                    (r for r in ("appeal", "demand") if self.lexicon.has_role(r, asked)), None
                )
                nested = requested.get(inner.token.i)
                if kind is not None and nested is not None:
                    # 'protested demanding that the minister resign'
                    asked = self.lexicon.complement_code(kind, nested.pattern.code)
                voiced = self.lexicon.complement_code("protest", asked, outer=code)
                if voiced != asked:
                    found[outer.token.i] = (inner, voiced)
                    break
        return found

    def _with_country(self, target: Actor, sources: list[Actor]) -> Actor:
        """A domestic agent of no named country takes the country of the source acting on it
        ('Georgian police detained opposition leader X' -> GEOOPP)."""
        agent = target.code[3:]
        if not target.code.startswith(UNKNOWN_COUNTRY) or not self.lexicon.has_role(
            "domestic_agent", agent
        ):
            return target
        countries = {s.country for s in sources if s.country}
        if len(countries) != 1:
            return target
        country = countries.pop()
        return replace(target, code=country + agent, country=country)

    def _reported(self, status: Status, reporter: Trigger) -> Status:
        """The status of an act reported by another act's subject ('Baku announced that ...');
        a denial ('denied that its troops attacked') negates it."""
        speaker = reporter.sources[0] if reporter.sources else None
        lemma = reporter.token.lemma_.lower()
        modality = status.modality
        if lemma in self.lexicon.cue_lemmas.get("denial", {}) and modality == "asserted":
            modality = "negated"
        return replace(
            status,
            modality=modality,
            speaker=speaker,
            attribution_cue=lemma,
            attribution_cue_id=reporter.pattern.id,
        )

    def _places_as_targets(
        self,
        targets: list[Actor],
        trigger: Trigger,
        places: list[tuple[Span, Location]],
        location: Location | None,
        sources: list[Actor],
    ) -> tuple[list[Actor], Location | None]:
        """A visited or occupied place is a location; its country is the target.

        'visited Paris' -> target FRA at Paris; 'annexed Crimea' -> target UKR at Crimea.
        """
        out: list[Actor] = []
        for target in targets:
            if target.kind != "seat" or target.country is None:
                out.append(target)
                continue
            place = self.gazetteer.resolve(target.name, country_hint=None)
            location = place or location
            out.append(replace(target, code=target.country))
        if not out:
            heads = self._place_heads((*trigger.targets, *trigger.fallback_targets))
            # a place in the actor's own country names no one acted upon, unless the actor
            # is an armed group or the public taking it from the state
            own = {
                s.country
                for s in sources
                if not (
                    len(s.code) > 3
                    and (
                        self.lexicon.has_role("armed_group", s.code[3:6])
                        or self.lexicon.has_role("public_agent", s.code[3:6])
                    )
                )
            }
            doc = trigger.token.doc
            for span, place in [*places, *self._gazetteer_places(heads, places, doc)]:
                named = any(i in heads for i in range(span.start, span.end)) or (
                    span.root.dep_ == "compound" and span.root.head.i in heads
                )  # 'Rutshuru-centre'
                if named and place.country and place.country not in own:
                    location = place
                    out.append(
                        Actor(
                            place.country,
                            span.text,
                            place.country,
                            span.start_char,
                            span.end_char,
                            span.root.i,
                            (),
                            kind="place",
                        )
                    )
        return out, location

    def _gazetteer_places(
        self, heads: set[int], places: list[tuple[Span, Location]], doc: Doc
    ) -> list[tuple[Span, Location]]:
        """Names among ``heads`` that the sentence's place reading left out but the
        gazetteer knows ('the city of Aleppo', where the model takes the name for a
        nationality)."""
        taken = {i for span, _ in places for i in range(span.start, span.end)}
        out: list[tuple[Span, Location]] = []
        for i in sorted(heads - taken):
            span = _proper_name(doc[i])
            place = self.gazetteer.resolve(span.text, country_hint=None) if span else None
            if span is not None and place is not None:
                out.append((span, place))
        return out

    def _condition_subjects(self, token: Token) -> tuple[Token, ...]:
        """Subjects of the conditions ('if X ...', 'unless X ...') on a word or on the
        clauses it governs."""
        conditions = self.lexicon.cue_lemmas.get("condition", {})
        heads = [token, *(c for c in token.children if c.dep_ in ("xcomp", "ccomp"))]
        found: list[Token] = []
        for head in heads:
            for clause in head.children:
                if clause.dep_ != "advcl" or not any(
                    m.dep_ == "mark" and m.lower_ in conditions for m in clause.children
                ):
                    continue
                found.extend(c for c in clause.children if c.dep_ == "nsubj")
        return tuple(found)

    def _act_agents(
        self,
        trigger: Trigger,
        sources: list[Actor],
        resolver: ActorResolver,
        context: _Context,
        index: int,
        day: dt.date | None,
    ) -> list[Actor]:
        """The agent of an act named as the target of another ('condemned the attack',
        'retaliated for the strikes'): the act noun's own agent ('Russia's invasion'), else
        the source of the document's latest earlier act of the same kind."""
        own = {s.code for s in sources}
        for head in (*trigger.targets, *trigger.fallback_targets):
            patterns = self.lexicon.patterns_by_trigger.get((head.lemma_.lower(), "NOUN"))
            if not patterns or head.i == trigger.token.i:
                continue
            named = [t for t in noun_sources(head) if t.tag_ != "PRP$"]
            found = [a for a in _resolve_all(resolver, tuple(named), day) if a.code not in own]
            if found:
                return found
            roots = {p.code[:2] for p in patterns}
            for event in reversed(context.events):
                if event.sentence_index >= index or event.source is None:
                    continue
                if event.root in roots and event.source not in own:
                    agent = Mention(
                        code=event.source,
                        name=event.source_name or event.source,
                        country=event.source_country,
                        kind="thing",
                        sentence=event.sentence_index,
                    )
                    return [resolver.referred(head, agent)]
        return []

    def _place_heads(self, tokens: Iterable[Token]) -> set[int]:
        """Tokens that can name the place an act is done to: the target words, and the
        names a place noun stands for ('the city of Adigrat', 'cities like Beirut')."""
        nouns = self.lexicon.cue_lemmas.get("place_noun", {})
        heads: set[int] = set()
        for token in tokens:
            heads.add(token.i)
            if token.lemma_.lower() not in nouns:
                continue
            for prep in token.children:
                if prep.dep_ == "prep" and prep.lower_ in ("of", "like", "including", "as"):
                    heads.update(p.i for p in prep.children if p.dep_ == "pobj")
            heads.update(c.i for c in token.children if c.dep_ == "appos")
        return heads

    def _event_date(
        self, token: Token, sent: Span, dates: list[ResolvedDate], anchor: dt.date | None
    ) -> ResolvedDate | None:
        """The date expression that belongs to the trigger's clause, if any.

        A date that only modifies another noun ('discussed the 2020 ceasefire agreement')
        names that thing, not when the act happened; an event noun's own date ('the 2020
        war') does belong to it. Nor does the date of a clause that is a point of reference
        ('the first to visit Armenia since it gained independence in 1991').
        """
        doc = sent.doc
        reference_marks = self.lexicon.cue_lemmas.get("reference_point", {})
        best: tuple[int, ResolvedDate] | None = None
        for resolved in dates:
            if resolved.char_start is None:
                continue
            span = doc.char_span(
                sent.start_char + resolved.char_start,
                sent.start_char + (resolved.char_end or resolved.char_start + 1),
                alignment_mode="expand",
            )
            if span is None:
                continue
            root = span.root
            if (
                root.dep_ in ("compound", "nummod", "amod", "nmod")
                and root.head.pos_ in ("NOUN", "PROPN")
                and root.head.i != token.i
            ):
                continue
            if _in_other_clause(root, token, reference_marks):
                continue
            distance = _tree_distance(token, root)
            if best is None or distance < best[0]:
                best = (distance, resolved)
        return best[1] if best else None

    def _emit(
        self,
        draft: _Draft,
        code: str,
        source: Actor | None,
        target: Actor | None,
        resolver: ActorResolver,
        context: _Context,
        emitted: set[tuple[str | None, str | None, str]],
    ) -> None:
        key = (source.code if source else None, target.code if target else None, code)
        if key in emitted:
            return
        emitted.add(key)
        trigger, first, status = draft.trigger, draft.first, draft.status
        resolved, location, quantity = draft.resolved, draft.location, draft.quantity
        index = draft.index
        info = self.lexicon.code_info(code)
        if target is None and info.plover_type is not None:
            plover = self.lexicon.plover_types.get(info.plover_type)
            if (
                plover is not None
                and plover.requires_recipient
                and trigger.pattern.target != "none"
            ):
                return
        document = context.document
        offset = context.offset
        words = [first, *trigger.tokens] if first is not trigger.token else trigger.tokens
        start = min(w.idx for w in words)
        end = max(w.idx + len(w) for w in words)
        attribution = self._attribution(status, resolver, resolved, document.date)
        rules = [trigger.pattern.id]
        for actor in (source, target):
            if actor is not None:
                rules.extend(actor.rules)
        rules.extend(status.cues)
        if status.governor is not None:
            rules.append(status.governor.cue_id)
        if status.attribution_cue_id:
            rules.append(status.attribution_cue_id)
        confidence = 0.9
        if trigger.source_inferred:
            confidence *= 0.85
        if trigger.target_from_default_prep and target is not None:
            confidence *= 0.8
        if trigger.pattern.pos == "NOUN":
            confidence *= 0.8
        if source is None or target is None:
            confidence *= 0.9
        if any(a is not None and a.kind == "discourse" for a in (source, target)):
            confidence *= 0.8  # an actor of an earlier sentence, referred to here
        event_id = hashlib.blake2b(
            _event_key(
                document.id, index, start + offset, code, source, target, trigger.token.i
            ).encode(),
            digest_size=8,
        ).hexdigest()
        if context.explain:
            context.explanations[event_id] = explain_event(
                event_id, code, trigger, first, source, target, status
            )
        if context.line_kind != "body":
            context.headline_events.add(event_id)
        context.events.append(
            Event(
                event_id=event_id,
                doc_id=document.id,
                date=resolved.date if resolved else document.date,
                date_precision=resolved.precision
                if resolved
                else ("day" if document.date else None),
                date_source="text" if resolved else ("document" if document.date else None),
                source=source.code if source else None,
                source_name=source.name if source else None,
                source_country=source.country if source else None,
                target=target.code if target else None,
                target_name=target.name if target else None,
                target_country=target.country if target else None,
                code=code,
                root=info.root,
                event_name=info.name,
                quad_class=info.quad_class,
                goldstein=info.goldstein,
                plover_type=info.plover_type,
                plover_mode=info.plover_mode,
                modality=status.modality,
                attribution=attribution,
                location=location,
                quantity=quantity,
                sentence=draft.sentence_text,
                sentence_index=index,
                char_start=start + offset,
                char_end=end + offset,
                trigger=resolver.text[start:end],
                source_span=_char_span(source, offset),
                target_span=_char_span(target, offset),
                rules=tuple(dict.fromkeys(rules)),
                dictionary_version=self.lexicon.version,
                coder_version=self.version,
                confidence=round(confidence, 3),
            )
        )

    def _attribution(
        self,
        status: Status,
        resolver: ActorResolver,
        resolved: ResolvedDate | None,
        anchor: dt.date | None,
    ) -> Attribution | None:
        if status.attribution_cue is None:
            return None
        speaker = status.speaker
        if speaker is None:
            return Attribution(cue=status.attribution_cue)
        found = resolver.resolve_phrase(speaker, resolved.date if resolved else anchor)
        # a speaker of no named country ('a soldier claimed') stays unnamed
        actor = next((a for a in found if not a.code.startswith(UNKNOWN_COUNTRY)), None)
        phrase = speaker.doc[speaker.left_edge.i : speaker.right_edge.i + 1]
        text = phrase.text if len(phrase) <= 12 else speaker.text
        return Attribution(
            speaker=text, speaker_code=actor.code if actor else None, cue=status.attribution_cue
        )


def _part_kind(kind: LineKind, part: DocumentPart) -> LineKind:
    """The kind of a line of a part: a later part's first line is no headline."""
    return "subhead" if kind == "headline" and part.number > 0 else kind


def _document(raw: object, number: int) -> Document:
    """A ``Document`` from what a caller passes: a string of text, or a dict with ``text``
    and optionally ``id``, ``date``, ``title``, ``url`` and ``source``."""
    if isinstance(raw, str):
        return Document(id=f"doc-{number + 1}", text=raw)
    if not isinstance(raw, dict):
        raise TypeError(
            f"document {number + 1} is a {type(raw).__name__}; pass a Document, a dict "
            "with 'text', or a string"
        )
    text = raw.get("text")
    if not isinstance(text, str):
        raise InputError(
            Errors.E005.format(
                path="<documents>", line=number + 1, reason="'text' is missing or not a string"
            )
        )
    return Document(
        id=str(raw.get("id") or f"doc-{number + 1}"),
        text=text,
        date=_as_date(raw.get("date"), f"document {raw.get('id') or number + 1}"),
        title=raw.get("title"),
        url=raw.get("url"),
        source=raw.get("source"),
    )


def _as_date(value: object, where: str) -> dt.date | None:
    try:
        return as_day(value)
    except ValueError:
        raise InputError(Errors.E006.format(value=value, where=where)) from None


def split_segments(text: str, limit: int = SEGMENT_CHARS) -> Iterator[tuple[int, str]]:
    """Cut a long text into pieces of at most ``limit`` characters at natural breaks.

    Yields (offset, piece) pairs; short texts come back whole.
    """
    start = 0
    while len(text) - start > limit:
        window = text[start : start + limit]
        cut = window.rfind("\n\n")
        if cut < limit // 2:
            cut = window.rfind("\n")
        if cut < limit // 2:
            cut = max(window.rfind(". "), window.rfind("? "), window.rfind("! "))
            cut = cut + 1 if cut >= limit // 2 else -1
        if cut < limit // 2:
            space = window.rfind(" ")
            cut = space if space > 0 else limit
        yield start, text[start : start + cut]
        start += cut
    yield start, text[start:]


def merge_mentions(events: list[Event], headline: set[str]) -> list[Event]:
    """One event per act of a document: a headline's or subhead's event that the body
    reports too (same countries and root) is left out, and a later mention of an act
    already coded in the same words (same actors, code, modality, date and trigger) adds
    nothing."""

    def gist(event: Event) -> tuple[str, str, str]:
        return ((event.source or "---")[:3], (event.target or "---")[:3], event.root)

    body = {gist(e) for e in events if e.event_id not in headline}
    seen: set[tuple[object, ...]] = set()
    kept: list[Event] = []
    for event in events:
        if event.event_id in headline and gist(event) in body:
            continue
        # the same words for the same act: 'arrested Hamdok' in the lead and again later
        key = (
            event.source,
            event.target,
            event.code,
            event.modality,
            event.date,
            event.trigger.lower(),
        )
        if key in seen:
            continue
        seen.add(key)
        kept.append(event)
    return kept


def _resolve_all(
    resolver: ActorResolver, heads: tuple[Token, ...], day: dt.date | None
) -> list[Actor]:
    actors: list[Actor] = []
    for head in heads:
        for actor in resolver.resolve_phrase(head, day):
            if all(a.code != actor.code for a in actors):
                actors.append(actor)
    return actors


def _pairs(
    sources: list[Actor], targets: list[Actor], reciprocal: bool
) -> list[tuple[Actor | None, Actor | None]]:
    """Dyads of an event: every source with every target; coordinated subjects with no
    target act on each other when the act is mutual ('Putin and Aliyev met')."""
    if sources and targets:
        # two phrases may name the same code ('the president criticised the government')
        return [(s, t) for s in sources for t in targets if s.head != t.head]
    if len(sources) > 1 and reciprocal:
        return [(s, t) for s in sources for t in sources if s.code != t.code]
    if sources:
        return [(s, None) for s in sources]
    return [(None, t) for t in targets]


# clause links of a demand voiced by a protest: 'protested demanding', 'rallied to demand',
# 'a strike calling for'
_VOICED_DEMAND = frozenset({"advcl", "xcomp", "acl", "relcl"})


def _proper_name(token: Token) -> Span | None:
    """The proper name a token heads, with the names compounded before it ('North Kivu'),
    or None for other words."""
    if token.pos_ != "PROPN":
        return None
    words = [c for c in token.lefts if c.dep_ == "compound" and c.pos_ == "PROPN"]
    return token.doc[(words[0].i if words else token.i) : token.i + 1]


def _agentless(trigger: Trigger) -> bool:
    """Whether the text names no agent for a verb's act at all ('X was assassinated'): a
    passive without 'by', and no subject taken from another clause."""
    token = trigger.token
    return (
        trigger.pattern.pos == "VERB"
        and not trigger.sources
        and is_passive(token)
        and not any(c.dep_ == "agent" for c in token.children)
    )


def _embedded_in(
    token: Token, triggers: set[int], speech: dict[str, str]
) -> tuple[int, str] | None:
    """The trigger whose complement a trigger is, with the link ('urged X to withdraw',
    'demanded that Russia withdraw', 'accused Paris of arming Armenia'), or None; the report
    of a plain speech verb ('said that X attacked') is no such complement."""
    current = token
    if (
        token.dep_ == "pcomp"
        and token.head.dep_ == "prep"
        and token.head.lower_ in ("of", "for", "over", "from")
        and token.head.head.i in triggers
    ):
        return token.head.head.i, "pcomp"  # the charge, not a fact
    while current.dep_ in ("xcomp", "ccomp") and current.head is not current:
        link = current.dep_
        current = current.head
        if current.i in triggers and not (link == "ccomp" and current.lemma_.lower() in speech):
            return current.i, link
    return None


def _each_other(trigger: Trigger) -> bool:
    """Whether the act's object is 'each other' or 'one another': the subjects act on
    each other ('Armenia and Azerbaijan blamed each other')."""
    return any(
        t.lower_ in ("other", "another") and any(c.lower_ in ("each", "one") for c in t.children)
        for t in (*trigger.targets, *trigger.fallback_targets)
    ) or any(
        t.lower_ == "another" and t.nbor(-1).lower_ == "one"
        for t in (*trigger.targets, *trigger.fallback_targets)
        if t.i > 0
    )


def _inside(resolved: ResolvedDate, sent: Span, head: Token) -> bool:
    """Whether a date expression stands inside the phrase headed by ``head``."""
    if resolved.char_start is None:
        return False
    start = sent.start_char + resolved.char_start
    subtree = list(head.subtree)
    return subtree[0].idx <= start < subtree[-1].idx + len(subtree[-1])


def _in_other_clause(word: Token, trigger: Token, marks: Mapping[str, str]) -> bool:
    """Whether ``word`` lies in an adverbial clause introduced by one of ``marks`` that does
    not hold ``trigger``."""
    if not marks:
        return False
    held = {t.i for t in [trigger, *trigger.ancestors]}
    for node in [word, *word.ancestors]:
        if node.i in held:
            return False
        if node.dep_ == "advcl" and any(
            c.dep_ == "mark" and c.lower_ in marks for c in node.children
        ):
            return True
    return False


def _tree_distance(a: Token, b: Token) -> int:
    ancestors_a = {t.i: n for n, t in enumerate([a, *a.ancestors])}
    for n, t in enumerate([b, *b.ancestors]):
        if t.i in ancestors_a:
            return n + ancestors_a[t.i]
    return 1_000


def _location_for(
    trigger: Trigger, places: list[tuple[Span, Location]], actor_heads: set[int]
) -> Location | None:
    candidates = [(span, loc) for span, loc in places if not any(t.i in actor_heads for t in span)]
    words = trigger.tokens  # the verb and the object of a light verb ('launched an offensive')
    scored = [(min(_tree_distance(w, span.root) for w in words), loc) for span, loc in candidates]
    # a place far away in the parse belongs to another clause ('absorption into Azerbaijan')
    near = [(d, loc) for d, loc in scored if d <= _MAX_PLACE_DISTANCE]
    return min(near, key=lambda item: item[0])[1] if near else None


def _quantity_for(trigger: Trigger, quantities: list[Quantity]) -> Quantity | None:
    if not quantities:
        return None
    heads = {t.lemma_.lower() for t in (*trigger.sources, *trigger.targets)}
    if trigger.object is not None:
        heads.add(trigger.object.lemma_.lower())
    for quantity in quantities:
        if quantity.counted in heads:
            return quantity
    # a count of something the act is not about belongs to another clause, unless it is the
    # only count in a sentence with a single act ('at least 200 killed')
    return quantities[0] if len(quantities) == 1 and trigger.token.dep_ == "ROOT" else None


def _char_span(actor: Actor | None, offset: int) -> CharSpan | None:
    if actor is None:
        return None
    return CharSpan(start=actor.start_char + offset, end=actor.end_char + offset)


def _event_key(
    doc_id: str,
    index: int,
    start: int,
    code: str,
    source: Actor | None,
    target: Actor | None,
    trigger: int,
) -> str:
    return (
        f"{doc_id}|{index}|{start}|{trigger}|{code}|"
        f"{source.code if source else None}|{target.code if target else None}"
    )


def dependency_path(a: Token, b: Token) -> str:
    """The parse path between two tokens: 'Russia <nsubj- summoned -dobj> ambassador'."""
    up_a = [a, *a.ancestors]
    up_b = [b, *b.ancestors]
    ids_b = {t.i for t in up_b}
    common = next((t for t in up_a if t.i in ids_b), None)
    if common is None:
        return f"{a.text} ... {b.text}"
    left = up_a[: [t.i for t in up_a].index(common.i)]
    right = up_b[: [t.i for t in up_b].index(common.i)]
    parts = [f"{t.text} <{t.dep_}-" for t in left] + [common.text]
    parts += [f"-{t.dep_}> {t.text}" for t in reversed(right)]
    return " ".join(parts)


def explain_event(
    event_id: str,
    code: str,
    trigger: Trigger,
    first: Token,
    source: Actor | None,
    target: Actor | None,
    status: Status,
) -> str:
    """A human-readable account of why an event was coded."""
    pattern = trigger.pattern
    constraints = {
        k: v
        for k, v in (
            ("particle", pattern.particle),
            ("object", pattern.object),
            ("modifier", pattern.modifier),
            ("prep", pattern.prep),
        )
        if v
    }
    doc = trigger.token.doc
    lines = [
        f"event {event_id}: {code} from pattern {pattern.id} "
        f"(lemma '{pattern.lemma}' {pattern.pos}, code {pattern.code}"
        + (f", {constraints}" if constraints else "")
        + ")",
        f"  trigger: '{trigger.token.text}' [{trigger.token.dep_}]"
        + (f" governed by '{first.text}' ({status.governor.kind})" if status.governor else ""),
    ]
    for role, actor in (("source", source), ("target", target)):
        if actor is None:
            lines.append(f"  {role}: none")
            continue
        path = dependency_path(trigger.token, doc[actor.head])
        lines.append(f"  {role}: {actor.code} '{actor.name}' via {path}; rows {list(actor.rules)}")
    lines.append(
        f"  modality: {status.modality}"
        + (f" (cues {list(status.cues)})" if status.cues else "")
        + (f"; attribution: '{status.attribution_cue}'" if status.attribution_cue else "")
    )
    return "\n".join(lines)
