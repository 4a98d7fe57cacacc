"""Read PETRARCH/TABARI dictionaries into realpolitik's row schemas.

PETRARCH and TABARI keep actors, agents, verb patterns and discards in flat text files. This
module turns each of them into the JSON Lines rows described in ``docs/dictionaries.md``:

- actors (``NAME [CODE]``, ``+SYNONYM`` lines, date-restricted codes such as
  ``[HOBGOV 19950601-19990815]``) become actor rows of kind ``imported``; dated codes become
  ``roles``;
- agents (``PRESIDENT [~GOV]``, ``{plural}`` forms, ``!MINST!`` substitution sets) become agent
  rows whose ``code`` is appended to a country code;
- verb blocks (``--- VERB [code] ---``, verb lines, ``- pattern [code]`` lines, ``&SYNSET``
  definitions) become verb pattern rows, one per verb of the block and pattern; synset members
  become alternatives of ``object`` or ``modifier``, or rows of their own where they differ in
  more than that;
- discards (``PHRASE`` for a sentence, ``+PHRASE`` for a story) become discard rows.

Row ids are ``petr-<kind>-<file>-<line>`` (verb rows ``...-<line>-<n>``): rows of several files
of one kind never collide, and an id stays as long as its line does. Verb and agent words are
lemmatised with the coder's own spaCy tables, so that they meet the lemmas of coded text.

Every reader returns a :class:`Rows` list: the rows, plus ``warnings`` (malformed or skipped
lines, each with file and line) and ``counts`` (tallies of what was skipped or simplified).
A file that is not text at all (binary data, missing) raises :class:`PetrarchFormatError`,
which is both a ``DictionaryError`` and a ``ValueError``, listing every bad line at once.

Our schema is narrower than PETRARCH's pattern language. A pattern maps as follows: ``*`` is
the verb; a particle right after it (``up``, ``down``, ``off``...) becomes ``particle``; the
noun phrase after it becomes ``object`` (its head) and ``modifier`` (the word before the
head); a preposition followed by ``+`` (or ending the pattern) becomes ``prep`` with target
``prep``. What cannot be said is written into the row's ``note`` and counted as ``inexact``:
words before the verb (``SAID *``), a source after the verb (``* FROM $``), compound actors
(``%``), required words after a preposition (``* FOR ASYLUM``), clauses (``* WOULD VISIT``).
A pattern left with no constraint at all is dropped (``unexpressible``): as a bare row it
would fire on every use of the verb. A row whose constraints repeat an earlier row of the same
verb is dropped too (``shadowed``); exact patterns are kept before simplified ones.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import json
import logging
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from realpolitik.errors import DictionaryError, Errors, PipelineError

__all__ = [
    "KINDS",
    "Conversion",
    "ConversionWarning",
    "Lemmatizer",
    "PetrarchFormatError",
    "Rows",
    "convert",
    "convert_directory",
    "dictionary_kind",
    "read",
    "read_actors",
    "read_agents",
    "read_discards",
    "read_verbs",
    "spacy_lemmatizer",
]

logger = logging.getLogger(__name__)

Row = dict[str, object]
#: ``lemmatize(word, pos)`` with ``word`` lower-case and ``pos`` "VERB" or "NOUN".
Lemmatizer = Callable[[str, str], str]

#: The four dictionary kinds, also the names of the files ``convert_directory`` writes.
KINDS = ("actors", "agents", "verbs", "discards")

# Only the lemmatiser of a pipeline is needed to lemmatise dictionary words.
_UNUSED_PIPES = ("tok2vec", "tagger", "morphologizer", "parser", "senter", "attribute_ruler", "ner")


@dataclass(frozen=True)
class ConversionWarning:
    """A line that was skipped or simplified, with where it is."""

    path: Path
    line: int
    reason: str

    def __str__(self) -> str:
        return Errors.E101.format(path=self.path, line=self.line, reason=self.reason)


class Rows(list[Row]):
    """The rows read from one dictionary file, with what happened on the way.

    Attributes:
        warnings: malformed or skipped lines, in file order.
        counts: tallies such as ``null`` (``[---]`` codes), ``bad_code``, ``inexact``,
            ``unexpressible`` and ``shadowed``.

    Example:
        >>> rows = Rows([{"id": "x"}])
        >>> rows.warnings, dict(rows.counts)
        ([], {})
    """

    def __init__(self, rows: Iterable[Row] = ()) -> None:
        super().__init__(rows)
        self.warnings: list[ConversionWarning] = []
        self.counts: Counter[str] = Counter()


class PetrarchFormatError(DictionaryError, ValueError):
    """A dictionary file cannot be read as text; ``problems`` lists every bad line."""

    def __init__(self, path: Path, problems: Sequence[ConversionWarning]) -> None:
        self.path = path
        self.problems = list(problems)
        details = "\n".join(f"  {problem}" for problem in self.problems)
        super().__init__(
            f"Cannot read PETRARCH dictionary {path}: {len(self.problems)} problem(s):\n{details}"
        )


class _Skip(Exception):
    """A line or code that cannot be used; the message says why."""


# ---------------------------------------------------------------------------------------------
# Reading text


# Bytes that never occur in a text dictionary. Tab, newline, form feed and carriage return do.
_CONTROL = re.compile(rb"[\x00-\x08\x0b\x0e-\x1f\x7f]")
# A '#' opens a comment at the start of a line or after a space or a closing bracket; inside
# a word or a code ('[###]', 'AGENTS-10#') it does not.
_HASH_COMMENT = re.compile(r"(?:^|(?<=[\s\]}]))#.*$")


def _read_lines(path: Path, warnings: list[ConversionWarning]) -> list[tuple[int, str]]:
    """The non-blank lines of a dictionary without comments, numbered from 1."""
    try:
        data = path.read_bytes()
    except OSError as err:
        reason = f"cannot open the file ({err.strerror or err})"
        raise PetrarchFormatError(path, [ConversionWarning(path, 0, reason)]) from err
    # Old DOS editors ended files with Ctrl-Z; it is not content.
    data = data.rstrip(b"\x1a")
    raw_lines = data.split(b"\n")
    problems = [
        ConversionWarning(path, number, "binary data (control bytes such as NUL), not text")
        for number, raw in enumerate(raw_lines, start=1)
        if _CONTROL.search(raw)
    ]
    if problems:
        raise PetrarchFormatError(path, problems)
    try:
        text_lines = [raw.decode("utf-8") for raw in raw_lines]
    except UnicodeDecodeError:
        # TABARI-era dictionaries were written in Latin-1; every byte decodes there.
        text_lines = [raw.decode("latin-1") for raw in raw_lines]
        warnings.append(ConversionWarning(path, 0, "not UTF-8; read as Latin-1"))
    return _strip_comments(path, text_lines, warnings)


def _strip_comments(
    path: Path, lines: list[str], warnings: list[ConversionWarning]
) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []
    open_since: int | None = None
    for number, line in enumerate(lines, start=1):
        kept: list[str] = []
        rest = line.rstrip("\r")
        while rest:
            if open_since is not None:
                end = rest.find("-->")
                if end < 0:
                    rest = ""
                    break
                rest = rest[end + 3 :]
                open_since = None
                continue
            # '<!' rather than '<!--': the files also hold '<! -- ... -->'.
            start = rest.find("<!")
            if start < 0:
                kept.append(rest)
                break
            kept.append(rest[:start])
            rest = rest[start + 2 :]
            open_since = number
        text = _HASH_COMMENT.sub("", "".join(kept)).strip()
        if text:
            out.append((number, text))
    if open_since is not None:
        warnings.append(
            ConversionWarning(path, open_since, "comment '<!' is never closed with '-->'")
        )
    return out


def _words(text: str) -> list[str]:
    """Words of a dictionary phrase: underscores and spaces both separate words."""
    return [word for word in re.split(r"[\s_]+", text) if word]


def _phrase(text: str) -> str:
    return " ".join(_words(text)).lower()


def _slug(path: Path, kind: str) -> str:
    """A short id part naming the file, without the kind word: 'PETR.Validate.actors.txt' ->
    'petr-validate'."""
    stem = path.name.lower()
    for suffix in (".txt", ".dic", ".dict"):
        stem = stem.removesuffix(suffix)
    parts = [p for p in re.split(r"[^a-z0-9]+", stem) if p and p not in (kind, kind[:-1])]
    return "-".join(parts) or kind


def _id_prefix(path: Path, kind: str, given: str | None) -> str:
    # The file's name is part of the id so that rows of several files of one kind (PETRARCH
    # splits actors over countries, international and non-state files) never collide.
    return given if given is not None else f"petr-{kind[:-1]}-{_slug(path, kind)}"


_BRACKET = re.compile(r"\[([^\]]*)\]")


# ---------------------------------------------------------------------------------------------
# Actors


_ACTOR_CODE = re.compile(r"^[A-Z]{3}[A-Z]*$")
# Prefixes of CAMEO codes for actors that belong to no country.
_NON_STATE = frozenset({"IGO", "NGO", "NGM", "IMG", "MNC"})
_RESTRICTION = re.compile(r"^(?:(?P<op>[<>])\s*(?P<date>\d+)|(?P<start>\d+)\s*-\s*(?P<end>\d+))$")


def _parse_date(text: str) -> dt.date:
    if len(text) == 8:
        year, month, day = int(text[:4]), int(text[4:6]), int(text[6:])
    elif len(text) == 6:
        # TABARI wrote YYMMDD; '30'-'99' are read as 19xx, '00'-'29' as 20xx.
        short = int(text[:2])
        year = 1900 + short if short >= 30 else 2000 + short
        month, day = int(text[2:4]), int(text[4:])
    else:
        raise _Skip(f"date '{text}' is neither YYYYMMDD nor YYMMDD")
    try:
        return dt.date(year, month, day)
    except ValueError as err:
        raise _Skip(f"date '{text}' is not a calendar date") from err


@dataclass
class _ActorCode:
    codes: list[str] | None  # None: the null code '---'
    start: dt.date | None = None
    end: dt.date | None = None
    dated: bool = False


def _parse_actor_code(content: str) -> _ActorCode:
    text = content.strip()
    head, _, rest = re.sub(r"\s+", " ", text).partition(" ")
    if not head or head[0] in "<>" or head[0].isdigit():
        # '[950601-990815]': a restriction with no code
        raise _Skip(f"'[{content}]' has no code")
    if any(mark in head for mark in "<>"):
        head, mark, tail = re.split(r"([<>])", head, maxsplit=1)
        rest = f"{mark}{tail} {rest}"
    code = head.upper()
    parsed = _ActorCode(codes=None if set(code) == {"-"} else code.split("/"))
    for part in parsed.codes or []:
        if not _ACTOR_CODE.match(part):
            raise _Skip(f"'{part}' is not an actor code (three or more capital letters)")
    restriction = rest.strip()
    if not restriction:
        return parsed
    match = _RESTRICTION.match(restriction)
    if match is None:
        raise _Skip(f"date restriction '{restriction}' is not '<date', '>date' or 'date-date'")
    parsed.dated = True
    # '<D' is before D and '>D' after D, both exclusive; 'A-B' includes both ends. Role ends
    # are the first day out of office, hence the day added.
    if match["op"] == "<":
        parsed.end = _parse_date(match["date"])
    elif match["op"] == ">":
        parsed.start = _parse_date(match["date"]) + dt.timedelta(days=1)
    else:
        parsed.start = _parse_date(match["start"])
        parsed.end = _parse_date(match["end"]) + dt.timedelta(days=1)
        if parsed.end <= parsed.start:
            raise _Skip(f"date range '{restriction}' ends before it starts")
    return parsed


@dataclass
class _ActorEntry:
    line: int
    names: list[str]
    codes: list[tuple[int, str]] = field(default_factory=list)


def _actor_row(entry: _ActorEntry, prefix: str, path: Path, rows: Rows) -> Row | None:
    defaults: list[list[str]] = []
    roles: list[dict[str, object]] = []
    nulls = bad = 0
    for line, content in entry.codes:
        try:
            parsed = _parse_actor_code(content)
        except _Skip as skip:
            rows.warnings.append(ConversionWarning(path, line, str(skip)))
            rows.counts["bad_code"] += 1
            bad += 1
            continue
        if parsed.codes is None:
            nulls += 1
            if parsed.dated:
                # Our roles always carry a code; "no code during these dates" has no form.
                rows.warnings.append(
                    ConversionWarning(path, line, "a null code for a date range is dropped")
                )
                rows.counts["inexact"] += 1
            continue
        if not parsed.dated:
            defaults.append(parsed.codes)
            continue
        role: dict[str, object] = {"code": parsed.codes[0]}
        role["start"] = parsed.start.isoformat() if parsed.start else None
        role["end"] = parsed.end.isoformat() if parsed.end else None
        roles.append(role)
    if not defaults and not roles:
        if nulls:
            rows.counts["null"] += 1
        elif not bad:  # a bad code has had its warning already
            rows.warnings.append(ConversionWarning(path, entry.line, "actor has no code"))
        return None
    if defaults:
        codes = defaults[0]
        if len(defaults) > 1:
            rows.warnings.append(
                ConversionWarning(path, entry.line, "several undated codes; the first is kept")
            )
    else:
        # Only dated codes: outside them PETRARCH codes nothing. The closest we have is the
        # country the roles share ('HOB' for HOB, HOBGOV, HOBREB), else the last role.
        role_codes = [str(role["code"]) for role in roles]
        shared = {code[:3] for code in role_codes}
        codes = [shared.pop()] if len(shared) == 1 else [role_codes[-1]]
        rows.counts["inexact"] += 1
    code = codes[0]
    names = list(dict.fromkeys(entry.names))
    row: Row = {
        "id": f"{prefix}-{entry.line}",
        "kind": "imported",
        "code": code,
        "name": names[0].title(),
        "names": names,
        "country": None if code[:3] in _NON_STATE else code[:3],
    }
    if roles:
        row["roles"] = roles
    if len(codes) > 1:
        # '[ELR/GAL]' codes one actor as two; our rows hold one code, the rest are kept here.
        row["codes"] = codes
        rows.counts["inexact"] += 1
    return row


def read_actors(path: Path, *, id_prefix: str | None = None) -> Rows:
    """Read a PETRARCH actor dictionary into actor rows of kind ``imported``.

    Names are lower-cased with underscores as spaces (PETRARCH matches case-insensitively);
    ``+SYNONYM`` lines add names; dated codes become ``roles`` (``<D`` ends before D, ``>D``
    starts after D, ``A-B`` includes both days); ``[---]`` actors are skipped and counted.

    Args:
        path: the ``.actors.txt`` file.
        id_prefix: ids are ``<id_prefix>-<line>``; by default ``petr-actor-<file>``.

    Raises:
        PetrarchFormatError: the file cannot be read as text.

    Example:
        >>> import tempfile
        >>> path = Path(tempfile.mkdtemp()) / "mine.actors.txt"
        >>> _ = path.write_text("ARNOR_ [ARN]\\n+NORTH_KINGDOM\\nGOLLUM\\n [HOB <950601]\\n")
        >>> rows = read_actors(path, id_prefix="a")
        >>> rows[0]["code"], rows[0]["names"]
        ('ARN', ['arnor', 'north kingdom'])
        >>> rows[1]["roles"]
        [{'code': 'HOB', 'start': None, 'end': '1995-06-01'}]
    """
    rows = Rows()
    lines = _read_lines(path, rows.warnings)
    prefix = _id_prefix(path, "actors", id_prefix)
    entry: _ActorEntry | None = None

    def finish() -> None:
        if entry is not None:
            row = _actor_row(entry, prefix, path, rows)
            if row is not None:
                rows.append(row)

    for number, text in lines:
        if text.count("[") != text.count("]"):
            rows.warnings.append(ConversionWarning(path, number, "unbalanced '[' ']'"))
            continue
        codes = [(number, content) for content in _BRACKET.findall(text)]
        name = _phrase(_BRACKET.sub(" ", text).lstrip("+"))
        if text.startswith(("+", "[")):
            if entry is None:
                rows.warnings.append(ConversionWarning(path, number, "no actor line before it"))
                continue
            if name and text.startswith("+"):
                entry.names.append(name)
            entry.codes.extend(codes)
            continue
        finish()
        entry = _ActorEntry(line=number, names=[name], codes=codes) if name else None
        if entry is None:
            rows.warnings.append(ConversionWarning(path, number, "actor line without a name"))
    finish()
    rows.warnings.sort(key=lambda warning: warning.line)
    return rows


# ---------------------------------------------------------------------------------------------
# Lemmas


# Nouns ending in -s that are singular; the rules would cut them ('news' -> 'new').
# fmt: off
_INVARIANT_NOUNS = frozenset({
    "news", "means", "series", "species", "headquarters", "politics", "economics",
})
# fmt: on


@functools.cache
def spacy_lemmatizer() -> Lemmatizer:
    """The lemmatiser of the installed English spaCy pipeline, for single words.

    Dictionary words come without context, so the part of speech is given. A verb that is
    itself a base form stays as it is ('wound' is not read as the past of 'wind'); a noun is
    reduced only when it looks plural.

    Raises:
        PipelineError: no English pipeline is installed.

    Example:
        >>> lemma = spacy_lemmatizer()
        >>> lemma("said", "VERB"), lemma("ties", "NOUN"), lemma("wound", "VERB")
        ('say', 'tie', 'wound')
    """
    # Deferred: only verb and agent files need a pipeline, and loading one takes a second.
    import spacy
    from spacy.pipeline import Lemmatizer as SpacyLemmatizer
    from spacy.tokens import Doc

    # The coder's own pipeline names, in its order, so that dictionary lemmas come from the
    # same tables as the lemmas of the text being coded.
    from realpolitik.nlp.pipeline import MODEL_NAMES

    missing = PipelineError(Errors.E201.format(names=", ".join(MODEL_NAMES)))
    for name in MODEL_NAMES:
        try:
            nlp = spacy.load(name, exclude=list(_UNUSED_PIPES))
        except OSError:
            continue
        if "lemmatizer" in nlp.pipe_names:
            break
    else:
        raise missing
    pipe = nlp.get_pipe("lemmatizer")
    if not isinstance(pipe, SpacyLemmatizer):
        raise missing
    index = pipe.lookups.get_table("lemma_index")
    verb_bases = frozenset(index.get("verb", ()))
    noun_exceptions: dict[str, list[str]] = dict(
        pipe.lookups.get_table("lemma_exc").get("noun", {})
    )

    def lemmatize(word: str, pos: str) -> str:
        word = word.lower()
        if pos == "VERB" and word in verb_bases:
            return word
        if pos == "NOUN":
            if word in noun_exceptions:
                return noun_exceptions[word][0]
            if (
                not word.endswith("s")
                or word.endswith(("ss", "us", "is"))
                or word in _INVARIANT_NOUNS
            ):
                return word
        doc = Doc(nlp.vocab, words=[word], pos=[pos])
        forms = pipe.rule_lemmatize(doc[0])
        return forms[0] if forms else word

    return lemmatize


# ---------------------------------------------------------------------------------------------
# Agents


_SUBSTITUTION = re.compile(r"^!(?P<name>[^!\s]+)!\s*=\s*(?P<members>.*)$")
_AGENT = re.compile(
    r"^(?P<phrase>[^\[{]+?)\s*(?:\{(?P<plurals>[^}]*)\})?\s*\[(?P<code>[^\]]*)\]\s*$"
)
_MARKER = re.compile(r"!([^!\s]+)!")
_AGENT_CODE = re.compile(r"^(?:[A-Z]{3})+$")
_HEAD_BREAKS = frozenset({"of", "for", "in", "on", "at", "to", "with", "from", "against"})


def _substitute(phrase: str, sets: dict[str, list[str]]) -> list[str]:
    """Every phrase a '!SET!' marker stands for; no plurals are formed for the members."""
    markers = _MARKER.findall(phrase)
    if not markers:
        return [phrase]
    for name in markers:
        if name.upper() not in sets:
            raise _Skip(f"substitution set !{name}! is not defined")
    out = [phrase]
    for name in dict.fromkeys(markers):
        out = [
            variant.replace(f"!{name}!", member) for variant in out for member in sets[name.upper()]
        ]
    return out


def _term_lemma(term: str, lemmatize: Lemmatizer) -> str:
    """A term with its head noun lemmatised: the last word, or the word before 'of'."""
    words = term.split()
    head = len(words) - 1
    for position, word in enumerate(words[1:], start=1):
        if word in _HEAD_BREAKS:
            head = position - 1
            break
    words[head] = lemmatize(words[head], "NOUN")
    return " ".join(words)


def read_agents(
    path: Path, *, lemmatize: Lemmatizer | None = None, id_prefix: str | None = None
) -> Rows:
    """Read a PETRARCH agent dictionary into agent rows ``{"id", "code", "terms"}``.

    ``[~GOV]`` gives code ``GOV``, appended to the country code. ``[NGO~]`` (the agent's code
    before the country's) keeps ``NGO`` and is counted as ``inexact``. Terms are lower-case with
    underscores as spaces: first the lemma form (head noun singular), then the written form,
    then the ``{plural}`` forms; ``!SET!`` markers are expanded from ``!SET! = A, B`` lines.

    Args:
        path: the ``.agents.txt`` file.
        lemmatize: word lemmatiser; by default :func:`spacy_lemmatizer`.
        id_prefix: ids are ``<id_prefix>-<line>``; by default ``petr-agent-<file>``.

    Raises:
        PetrarchFormatError: the file cannot be read as text.

    Example:
        >>> import tempfile
        >>> path = Path(tempfile.mkdtemp()) / "mine.agents.txt"
        >>> _ = path.write_text("ATTORNEY_GENERAL {ATTORNEYS_GENERAL} [~GOV]\\n")
        >>> row = read_agents(path, lemmatize=lambda word, pos: word)[0]
        >>> row["code"], row["terms"]
        ('GOV', ['attorney general', 'attorneys general'])
    """
    rows = Rows()
    lines = _read_lines(path, rows.warnings)
    lemma = lemmatize or spacy_lemmatizer()
    prefix = _id_prefix(path, "agents", id_prefix)
    sets: dict[str, list[str]] = {}
    for number, text in lines:
        substitution = _SUBSTITUTION.match(text)
        if substitution:
            members = [_phrase(m).replace(" ", "_") for m in substitution["members"].split(",")]
            sets[substitution["name"].upper()] = [m.lower() for m in members if m]
            continue
        match = _AGENT.match(text)
        if match is None:
            rows.warnings.append(
                ConversionWarning(path, number, "not an agent entry 'PHRASE {plurals} [~CODE]'")
            )
            continue
        raw_code = match["code"].strip().upper()
        if "~" not in raw_code:
            rows.warnings.append(ConversionWarning(path, number, "agent code without '~'"))
        elif not raw_code.startswith("~"):
            rows.counts["inexact"] += 1
            rows.warnings.append(
                ConversionWarning(
                    path, number, f"'{raw_code}' goes before the country code; kept as a suffix"
                )
            )
        code = raw_code.replace("~", "").strip()
        if not _AGENT_CODE.match(code):
            rows.warnings.append(
                ConversionWarning(path, number, f"'{raw_code}' is not an agent code")
            )
            rows.counts["bad_code"] += 1
            continue
        try:
            singulars = _substitute(match["phrase"].lower(), sets)
            plurals = [
                variant
                for plural in (match["plurals"] or "").lower().split()
                for variant in _substitute(plural, sets)
            ]
        except _Skip as skip:
            rows.warnings.append(ConversionWarning(path, number, str(skip)))
            continue
        terms: list[str] = []
        for form in (_phrase(variant) for variant in singulars):
            terms += [_term_lemma(form, lemma), form]
        terms += [_phrase(plural) for plural in plurals]
        rows.append({"id": f"{prefix}-{number}", "code": code, "terms": list(dict.fromkeys(terms))})
    rows.warnings.sort(key=lambda warning: warning.line)
    return rows


# ---------------------------------------------------------------------------------------------
# Verbs


_PATTERN_MARKERS = frozenset({"*", "+", "$", "%", "^"})
# Words that follow a verb as particles and never as prepositions with an object of their own.
_PARTICLES = frozenset({"up", "down", "off", "out", "back", "away", "aside", "apart", "forth"})
# fmt: off
_PREPOSITIONS = frozenset({
    "about", "above", "across", "after", "against", "along", "amid", "among", "around", "as",
    "at", "before", "behind", "below", "beneath", "beside", "between", "beyond", "by", "despite",
    "during", "for", "from", "in", "inside", "into", "near", "of", "on", "onto", "outside",
    "over", "since", "through", "throughout", "to", "toward", "towards", "under", "until", "upon",
    "via", "with", "within", "without",
})
_DETERMINERS = frozenset({
    "a", "an", "the", "its", "their", "our", "his", "her", "my", "your", "this", "that", "these",
    "those", "some", "any", "each", "every", "more", "much", "own",
})
_NEGATIONS = frozenset({"no", "not", "n't", "never", "neither", "nor"})
# Adverbs that TABARI patterns place after the verb; none of them names an object.
_ADVERBS = frozenset({
    "now", "again", "also", "still", "then", "soon", "today", "already", "ever", "even", "only",
    "further", "here", "there", "together",
})
# Auxiliaries and modals: after the verb they open a clause, which no row field describes.
_CLAUSE_WORDS = frozenset({
    "be", "been", "being", "is", "are", "was", "were", "am", "have", "has", "had", "do", "does",
    "did", "will", "would", "shall", "should", "can", "could", "may", "might", "must", "if",
    "whether", "that",
})
# fmt: on


@functools.cache
def _cameo_codes() -> frozenset[str]:
    """The codes of the packaged CAMEO taxonomy."""
    path = resources.files("realpolitik") / "data" / "taxonomy" / "cameo.jsonl"
    codes = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            codes.add(str(json.loads(line)["code"]))
    return frozenset(codes)


_LOOSE_CODE = re.compile(r"^\d{2,4}[A-Za-z]?$")


def _event_code(raw: str, strict: bool) -> tuple[str, str | None] | None:
    """``(code, reverse_code)`` of a pattern's ``[code]``, or None for the null ``[---]``.

    Raises:
        _Skip: the code is not usable.
    """
    # Junk around codes in the wild: '[025?]', '[ 073]', '[~042]'.
    text = re.sub(r"\s+", "", raw).strip("?~!*.,;")
    if text and set(text) == {"-"}:
        return None
    parts = text.split(":")
    if len(parts) > 2 or not parts[0]:
        raise _Skip(f"'[{raw}]' is not a code")
    codes: list[str | None] = []
    for part in parts:
        if set(part) == {"-"}:
            codes.append(None)
        elif (part in _cameo_codes()) if strict else _LOOSE_CODE.match(part):
            codes.append(part)
        else:
            raise _Skip(f"'{part}' is not a CAMEO code")
    if codes[0] is None:
        return None
    return codes[0], codes[1] if len(codes) > 1 else None


def _pattern_tokens(text: str) -> list[str]:
    """Tokens of a pattern: markers, '&SYNSET' references and lower-case words."""
    tokens: list[str] = []
    for piece in _words(text):
        # Markers may be glued to words: 'IN_*', '*_OUT', 'SUGGESTED_+'.
        for part in re.split(r"([*+$%^])", piece):
            if not part:
                continue
            keep = part in _PATTERN_MARKERS or part.startswith("&")
            tokens.append(part if keep else part.lower())
    return tokens


def _synset_name(token: str) -> str:
    return token[1:].rstrip("_").upper()


# Several large synsets in one pattern multiply; past this many expansions a pattern is skipped.
_MAX_EXPANSIONS = 2000


def _expand(
    tokens: list[str], synsets: dict[str, list[list[str]]], depth: int = 0
) -> list[list[str]]:
    """Every token list a pattern stands for, with synset references replaced by members."""
    if depth > 8:
        raise _Skip("synsets nest too deeply (a synset refers to itself?)")
    choices: list[list[list[str]]] = []
    for token in tokens:
        if token.startswith("&"):
            members = synsets.get(_synset_name(token))
            if members is None:
                raise _Skip(f"synset {token} is not defined")
            choices.append([exp for m in members for exp in _expand(m, synsets, depth + 1)])
        else:
            choices.append([[token]])
    if math.prod(len(choice) for choice in choices) > _MAX_EXPANSIONS:
        raise _Skip(f"its synsets expand to more than {_MAX_EXPANSIONS} patterns")
    return [[t for part in combo for t in part] for combo in itertools.product(*choices)]


@dataclass
class _Shape:
    """What a pattern says in our schema, and what it could not say."""

    particle: str | None = None
    object: str | None = None
    modifier: str | None = None
    prep: str | None = None
    lost: list[str] = field(default_factory=list)

    def key(self) -> tuple[str | None, ...]:
        return (self.particle, self.object, self.modifier, self.prep)


def _shape(tokens: list[str], lemmatize: Lemmatizer) -> _Shape:
    """Map a pattern's tokens (one '*' among them) onto particle, object, modifier and prep."""
    star = tokens.index("*")
    pre, post = tokens[:star], tokens[star + 1 :]
    shape = _Shape()
    if "+" in pre:
        shape.lost.append("target before the verb")
    if "%" in pre:
        shape.lost.append("compound actor (%)")
    before = [t for t in pre if t not in _PATTERN_MARKERS]
    if before:
        shape.lost.append(f"'{' '.join(before)}' before the verb")

    noun_phrase: list[str] = []
    # Once a preposition, the target or a clause follows the verb, later words cannot belong
    # to the direct object any more.
    closed = False
    i = 0
    if post and post[0] in _PARTICLES:
        shape.particle = post[0]
        i = 1
    while i < len(post):
        token = post[i]
        if token == "^":
            i += 1
        elif token == "+":
            if noun_phrase or closed:
                shape.lost.append("target after other words")
            closed = True
            i += 1
        elif token in ("$", "%"):
            shape.lost.append("source after the verb" if token == "$" else "compound actor (%)")
            closed = True
            i += 1
        elif token in _PREPOSITIONS:
            j = i + 1
            while j < len(post) and (post[j] == "^" or post[j] in _DETERMINERS):
                j += 1
            following = post[j] if j < len(post) else None
            if following is None or following == "+":
                # The target is the object of this preposition ('* AT ^ +', a trailing 'UPON').
                if shape.prep is None:
                    shape.prep = token
                else:
                    shape.lost.append(f"second target preposition '{token}'")
                i = j + 1
            elif following in ("$", "%"):
                who = "source" if following == "$" else "compound actor"
                shape.lost.append(f"'{token}' with the {who}")
                i = j + 1
            else:
                k = j
                while k < len(post) and post[k] not in _PATTERN_MARKERS | _PREPOSITIONS:
                    k += 1
                shape.lost.append(f"'{' '.join([token, *post[j:k]])}' after the verb")
                i = k
            closed = True
        elif token in _DETERMINERS:
            i += 1
        elif token in _NEGATIONS or token in _ADVERBS:
            shape.lost.append(f"'{token}' after the verb")
            i += 1
        elif (
            token in _CLAUSE_WORDS
            or (token.endswith("ed") and len(token) > 4)
            or (token.endswith("ly") and len(token) > 4)
        ):
            rest = [t for t in post[i:] if t not in _PATTERN_MARKERS]
            shape.lost.append(f"'{' '.join(rest)}' after the verb")
            break
        elif closed or token in _PARTICLES:
            shape.lost.append(f"'{token}' after the verb")
            i += 1
        else:
            noun_phrase.append(token)
            i += 1
    if noun_phrase:
        shape.object = lemmatize(noun_phrase[-1], "NOUN")
        if len(noun_phrase) > 1:
            shape.modifier = noun_phrase[-2]
        if len(noun_phrase) > 2:
            shape.lost.append(f"'{' '.join(noun_phrase[:-2])}' before the object")
    return shape


@dataclass
class _Verb:
    line: int
    text: str
    word: str
    before: list[str]
    after: list[str]
    code: str | None  # the verb line's own '[code]', else the block's


@dataclass
class _Block:
    line: int
    name: str
    code: str | None
    verbs: list[_Verb] = field(default_factory=list)
    patterns: list[tuple[int, str, str]] = field(default_factory=list)


_PATTERN_LINE = re.compile(r"^-\s*(?P<pattern>.*?)\s*\[(?P<code>[^\]]*)\]\s*$")
_VERB_LINE = re.compile(
    r"^(?P<phrase>[^\[{]*?)\s*(?:\{(?P<forms>[^}]*)\})?\s*(?:\[(?P<code>[^\]]*)\])?\s*$"
)


def _parse_verb(number: int, text: str) -> _Verb:
    match = _VERB_LINE.match(text)
    if match is None or not match["phrase"].strip():
        raise _Skip("not a verb line 'VERB {forms} [code]'")
    pieces = _words(match["phrase"])
    # In a multi-word verb '+' marks the verb: '+BREAK_DOWN', 'WIRE_+TAP'.
    marked = [n for n, piece in enumerate(pieces) if piece.startswith("+")]
    at = marked[0] if marked else 0
    words = [piece.lstrip("+").lower() for piece in pieces]
    if not words[at]:
        raise _Skip("'+' marks no verb")
    return _Verb(number, text, words[at], words[:at], words[at + 1 :], match["code"])


def _parse_verb_file(
    path: Path, lines: list[tuple[int, str]], rows: Rows
) -> tuple[list[_Block], dict[str, list[list[str]]]]:
    blocks: list[_Block] = []
    synsets: dict[str, list[list[str]]] = {}
    synset: list[list[str]] | None = None
    block: _Block | None = None
    for number, text in lines:
        if text.startswith("---"):
            # '--- NAME [code] ---'; a comment may have cut the closing dashes.
            body = text[3:].strip().removesuffix("---")
            codes = _BRACKET.findall(body)
            name = _phrase(body.split("[", 1)[0])
            if len(codes) > 1:
                rows.warnings.append(
                    ConversionWarning(path, number, "block has several codes; the first is used")
                )
            if not codes:
                rows.warnings.append(ConversionWarning(path, number, "block has no code"))
            block = _Block(number, name, codes[0] if codes else None)
            blocks.append(block)
            synset = None
        elif text.startswith("&"):
            name = _synset_name(text.split()[0])
            synset = synsets.setdefault(name, [])
            block = None
        elif text.startswith("+") and synset is not None:
            synset.append(_pattern_tokens(text[1:]))
        elif block is None:
            rows.warnings.append(
                ConversionWarning(path, number, "line outside any '--- VERB [code] ---' block")
            )
        elif text.startswith("-"):
            match = _PATTERN_LINE.match(text)
            if match is None:
                rows.warnings.append(ConversionWarning(path, number, "pattern without '[code]'"))
            else:
                block.patterns.append((number, match["pattern"], match["code"]))
        else:
            try:
                block.verbs.append(_parse_verb(number, text))
            except _Skip as skip:
                rows.warnings.append(ConversionWarning(path, number, str(skip)))
    return blocks, synsets


_NOT_EXPRESSED = "; not expressed: "


@dataclass
class _Candidate:
    row: Row
    shape: _Shape
    lemma: str
    line: int
    # The pattern constrains nothing beyond what its verb line already does.
    bare: bool
    status: str = ""  # set by _resolve: kept, unexpressible or shadowed
    repeats: int = 0  # for a shadowed row, the line of the row it repeats


def _candidate(
    *,
    row_id: str,
    lemma: str,
    tokens: list[str],
    code: tuple[str, str | None],
    note: str,
    lemmatize: Lemmatizer,
    line: int,
    verb_shape: _Shape | None,
) -> _Candidate:
    shape = _shape(tokens, lemmatize)
    row: Row = {"id": row_id, "code": code[0], "lemma": lemma, "pos": "VERB"}
    if shape.particle:
        row["particle"] = shape.particle
    if shape.object:
        row["object"] = [shape.object]
    if shape.modifier:
        row["modifier"] = [shape.modifier]
    if shape.prep:
        row["prep"] = [shape.prep]
        row["target"] = "prep"
    if code[1]:
        row["reverse_code"] = code[1]
    if shape.lost:
        note += _NOT_EXPRESSED + "; ".join(dict.fromkeys(shape.lost))
    row["note"] = note
    bare = shape.key() == (verb_shape or shape).key()
    return _Candidate(row, shape, lemma, line, bare)


def read_verbs(
    path: Path,
    *,
    lemmatize: Lemmatizer | None = None,
    strict_codes: bool = False,
    id_prefix: str | None = None,
) -> Rows:
    """Read a PETRARCH verb dictionary into verb pattern rows.

    Each verb line of a block gives a row with the verb's own code (or the block's); each
    pattern line gives one row per verb of its block, with synset members joined into the
    ``object`` or ``modifier`` list (or in rows of their own where they differ in more than
    that; ids then count them, ``<line>-<n>``). Lemmas are the
    verb words lemmatised ('SAID' -> 'say'). ``[a:b]`` gives ``code`` a and ``reverse_code`` b.
    ``[---]`` codes are skipped and counted as ``null``. See the module docstring for how
    patterns map onto ``particle``, ``object``, ``modifier`` and ``prep``, and for the
    ``inexact``, ``unexpressible`` and ``shadowed`` counts.

    Args:
        path: the verbs file.
        lemmatize: word lemmatiser; by default :func:`spacy_lemmatizer`.
        strict_codes: keep only codes of the packaged CAMEO taxonomy (others are warned and
            counted as ``bad_code``); with False, any code of 2-4 digits and an optional letter
            is kept as written (the PETRARCH test suite uses '174K' and '903').
        id_prefix: ids are ``<id_prefix>-<line>-<n>``, n counting the rows of the line from 1;
            by default ``petr-verb-<file>``.

    Raises:
        PetrarchFormatError: the file cannot be read as text.

    Example:
        >>> import tempfile
        >>> path = Path(tempfile.mkdtemp()) / "mine.verbs.txt"
        >>> _ = path.write_text("--- ARRIVE [032:033] ---\\nARRIVE\\n- * AT ^ + [042]\\n")
        >>> rows = read_verbs(path, lemmatize=lambda word, pos: word, id_prefix="v")
        >>> [(r["id"], r["code"], r.get("reverse_code"), r.get("prep")) for r in rows]
        [('v-2-1', '032', '033', None), ('v-3-1', '042', None, ['at'])]
    """
    rows = Rows()
    lines = _read_lines(path, rows.warnings)
    lemma_of = lemmatize or spacy_lemmatizer()
    prefix = _id_prefix(path, "verbs", id_prefix)
    blocks, synsets = _parse_verb_file(path, lines, rows)

    def code_of(raw: str | None, line: int) -> tuple[str, str | None] | None:
        if raw is None:
            return None
        try:
            code = _event_code(raw, strict_codes)
        except _Skip as skip:
            rows.warnings.append(ConversionWarning(path, line, str(skip)))
            rows.counts["bad_code"] += 1
            return None
        if code is None:
            rows.counts["null"] += 1
        return code

    candidates: list[_Candidate] = []
    for block in blocks:
        if not block.verbs and not block.name:
            rows.warnings.append(ConversionWarning(path, block.line, "block names no verb"))
            continue
        verbs = block.verbs or [_Verb(block.line, block.name, *_header_verb(block.name), None)]
        lemmas = [lemma_of(verb.word, "VERB") for verb in verbs]
        verb_shapes = [_shape([*v.before, "*", *v.after], lemma_of) for v in verbs]
        block_code = code_of(block.code, block.line) if any(v.code is None for v in verbs) else None
        for verb, lemma in zip(verbs, lemmas, strict=True):
            code = block_code if verb.code is None else code_of(verb.code, verb.line)
            if code is not None:
                candidates.append(
                    _candidate(
                        row_id=f"{prefix}-{verb.line}-1",
                        lemma=lemma,
                        tokens=[*verb.before, "*", *verb.after],
                        code=code,
                        note=f"{path.name}:{verb.line}: {verb.text}",
                        lemmatize=lemma_of,
                        line=verb.line,
                        verb_shape=None,
                    )
                )
        for line, pattern, raw_code in block.patterns:
            code = code_of(raw_code, line)
            if code is None:
                continue
            tokens = _pattern_tokens(pattern)
            if tokens.count("*") != 1:
                rows.warnings.append(ConversionWarning(path, line, "pattern needs exactly one '*'"))
                continue
            try:
                expansions = _expand(tokens, synsets)
            except _Skip as skip:
                rows.warnings.append(ConversionWarning(path, line, str(skip)))
                continue
            variants = itertools.product(zip(verbs, lemmas, verb_shapes, strict=True), expansions)
            for n, ((verb, lemma, verb_shape), expansion) in enumerate(variants, start=1):
                star = expansion.index("*")
                candidates.append(
                    _candidate(
                        row_id=f"{prefix}-{line}-{n}",
                        lemma=lemma,
                        # A multi-word verb's own words stay next to the verb.
                        tokens=[
                            *expansion[:star],
                            *verb.before,
                            "*",
                            *verb.after,
                            *expansion[star + 1 :],
                        ],
                        code=code,
                        note=f"{path.name}:{line}: - {pattern} [{raw_code}]",
                        lemmatize=lemma_of,
                        line=line,
                        verb_shape=verb_shape,
                    )
                )
    _resolve(candidates, rows, path)
    kept = [candidate.row for candidate in candidates if candidate.status == "kept"]
    rows.extend(_merge(_merge(kept, "object"), "modifier"))
    rows.counts["inexact"] += sum(_NOT_EXPRESSED in str(row["note"]) for row in rows)
    rows.counts += Counter()  # drops tallies of zero
    rows.warnings.sort(key=lambda warning: warning.line)
    return rows


def _header_verb(name: str) -> tuple[str, list[str], list[str]]:
    """A block without verb lines codes the verb its header names ('--- LASH OUT ---')."""
    first, *rest = name.split()
    return first, [], rest


def _resolve(candidates: list[_Candidate], rows: Rows, path: Path) -> None:
    """Mark which rows are kept: not those with nothing left to match on, nor repeats."""
    first: dict[tuple[str | None, ...], _Candidate] = {}
    # Exact rows claim their constraints first, so that a simplified pattern never takes the
    # place of one that says exactly what PETRARCH said.
    for candidate in sorted(candidates, key=lambda c: bool(c.shape.lost)):
        key = (candidate.lemma, *candidate.shape.key())
        earlier = first.get(key)
        if candidate.shape.lost and candidate.bare:
            candidate.status = "unexpressible"
        elif earlier is not None:
            candidate.status = "shadowed"
            candidate.repeats = earlier.line
        else:
            candidate.status = "kept"
            first[key] = candidate
        if candidate.status != "kept":
            rows.counts[candidate.status] += 1
    # One warning per pattern line that gave no row at all.
    by_line: dict[int, list[_Candidate]] = {}
    for candidate in candidates:
        by_line.setdefault(candidate.line, []).append(candidate)
    for line, group in by_line.items():
        if any(c.status == "kept" for c in group):
            continue
        if any(c.status == "unexpressible" for c in group):
            reason = "nothing in it can be expressed in our schema"
        else:
            reason = f"it repeats line {min(c.repeats for c in group)}"
        rows.warnings.append(ConversionWarning(path, line, f"no row: {reason}"))


def _merge(rows: list[Row], field_name: str) -> list[Row]:
    """Join rows of one pattern line that differ only in ``field_name`` into one row.

    Synset expansions give such rows ('* &CURRENCY': one per currency); our list fields mean
    "one of", so the joined row matches exactly what the separate rows did. The joined row keeps
    the id of its first member.
    """
    out: list[Row] = []
    joined: dict[str, list[object]] = {}
    for row in rows:
        values = row.get(field_name)
        if not isinstance(values, list):
            out.append(row)
            continue
        line = str(row["id"]).rsplit("-", 1)[0]
        rest = {k: v for k, v in row.items() if k not in ("id", field_name)}
        key = json.dumps([line, rest], sort_keys=True)
        if key in joined:
            joined[key].extend(value for value in values if value not in joined[key])
        else:
            joined[key] = list(values)
            out.append({**row, field_name: joined[key]})
    return out


# ---------------------------------------------------------------------------------------------
# Discards


def read_discards(path: Path, *, id_prefix: str | None = None) -> Rows:
    """Read a PETRARCH discard list into discard rows of scope ``sentence``.

    ``PHRASE`` voids the sentence in PETRARCH and here. ``+PHRASE`` voids the whole story in
    PETRARCH; we have no story scope, so it voids the sentence, says so in ``reason`` and is
    counted as ``inexact``.

    Args:
        path: the discards file.
        id_prefix: ids are ``<id_prefix>-<line>``; by default ``petr-discard-<file>``.

    Raises:
        PetrarchFormatError: the file cannot be read as text.

    Example:
        >>> import tempfile
        >>> path = Path(tempfile.mkdtemp()) / "mine.discards.txt"
        >>> _ = path.write_text("WORLD_CUP\\n+TYPHOON # weather\\n")
        >>> [(r["phrase"], r["scope"]) for r in read_discards(path)]
        [('world cup', 'sentence'), ('typhoon', 'sentence')]
    """
    rows = Rows()
    lines = _read_lines(path, rows.warnings)
    prefix = _id_prefix(path, "discards", id_prefix)
    for number, text in lines:
        story = text.startswith("+")
        phrase = _phrase(text.lstrip("+"))
        if not phrase:
            rows.warnings.append(ConversionWarning(path, number, "discard without a phrase"))
            continue
        if story:
            rows.counts["inexact"] += 1
        reason = (
            "PETRARCH story discard (voids the whole story there)"
            if story
            else "PETRARCH sentence discard"
        )
        rows.append(
            {"id": f"{prefix}-{number}", "phrase": phrase, "scope": "sentence", "reason": reason}
        )
    rows.warnings.sort(key=lambda warning: warning.line)
    return rows


# ---------------------------------------------------------------------------------------------
# Files and directories


def dictionary_kind(path: Path) -> str | None:
    """Which kind of PETRARCH dictionary a file is, from its name, else from its first lines.

    Args:
        path: a dictionary file.

    Returns:
        One of :data:`KINDS`, or None for a file that is none of them (JSON Lines files are
        never PETRARCH dictionaries).

    Example:
        >>> dictionary_kind(Path("PETR.Validate.actors.txt"))
        'actors'
        >>> dictionary_kind(Path("notes.jsonl")) is None
        True
    """
    if path.suffix.lower() in (".jsonl", ".json"):
        return None
    name = path.name.lower()
    for kind in KINDS:
        if kind[:-1] in name:
            return kind
    # PETRARCH-2's verb dictionary is called 'CAMEO.2.0.txt': its block headers give it away.
    try:
        with path.open(encoding="latin-1") as handle:
            head = [line for _, line in zip(range(500), handle, strict=False)]
    except OSError:
        return None
    if any(re.match(r"^---\s*\S.*\[", line) for line in head):
        return "verbs"
    if any(re.search(r"\[\s*~[A-Z]{3}|[A-Z]{3}~\s*\]", line) for line in head):
        return "agents"
    return None


def read(
    path: Path,
    kind: str,
    *,
    lemmatize: Lemmatizer | None = None,
    strict_codes: bool = False,
    id_prefix: str | None = None,
) -> Rows:
    """Read one dictionary file of the given kind (one of :data:`KINDS`).

    Example:
        >>> import tempfile
        >>> path = Path(tempfile.mkdtemp()) / "mine.discards.txt"
        >>> _ = path.write_text("BASEBALL\\n")
        >>> read(path, "discards")[0]["phrase"]
        'baseball'
    """
    if kind == "actors":
        return read_actors(path, id_prefix=id_prefix)
    if kind == "agents":
        return read_agents(path, lemmatize=lemmatize, id_prefix=id_prefix)
    if kind == "verbs":
        return read_verbs(path, lemmatize=lemmatize, strict_codes=strict_codes, id_prefix=id_prefix)
    if kind == "discards":
        return read_discards(path, id_prefix=id_prefix)
    raise ValueError(f"unknown dictionary kind '{kind}'; use one of {', '.join(KINDS)}")


@dataclass(frozen=True)
class Conversion:
    """What :func:`convert` wrote and every line it skipped or simplified.

    Attributes:
        counts: as returned by :func:`convert_directory`.
        warnings: each skipped or simplified line with its file, line and reason, in the
            order of the kinds and then of the files.
    """

    counts: dict[str, int]
    warnings: list[ConversionWarning]

    def report(self, limit: int = 20) -> str:
        """The skipped or simplified lines, the first ``limit`` in full, then a count.

        Example:
            >>> warning = ConversionWarning(Path("x.verbs.txt"), 3, "pattern without '[code]'")
            >>> print(Conversion({}, [warning] * 3).report(limit=2))
            3 line(s) were skipped or simplified on import:
              x.verbs.txt:3: pattern without '[code]'
              x.verbs.txt:3: pattern without '[code]'
              ... and 1 more line(s)
        """
        if not self.warnings:
            return ""
        lines = [f"  {warning}" for warning in self.warnings[:limit]]
        if len(self.warnings) > limit:
            lines.append(Errors.E125.format(count=len(self.warnings) - limit))
        return Errors.E124.format(count=len(self.warnings), details="\n".join(lines))


def convert_directory(
    src: Path,
    dest: Path,
    *,
    lemmatize: Lemmatizer | None = None,
    strict_codes: bool = False,
) -> dict[str, int]:
    """Convert every PETRARCH dictionary in ``src`` into four JSON Lines files in ``dest``.

    The counts of :func:`convert`; see there.

    Example:
        >>> import tempfile
        >>> src, dest = Path(tempfile.mkdtemp()), Path(tempfile.mkdtemp())
        >>> _ = (src / "mine.discards.txt").write_text("BASEBALL\\n")
        >>> convert_directory(src, dest)["discards"]
        1
    """
    return convert(src, dest, lemmatize=lemmatize, strict_codes=strict_codes).counts


def convert(
    src: Path,
    dest: Path,
    *,
    lemmatize: Lemmatizer | None = None,
    strict_codes: bool = False,
) -> Conversion:
    """Convert every PETRARCH dictionary in ``src`` into four JSON Lines files in ``dest``.

    Files are found by name (``*actors*``, ``*agents*``, ``*verbs*``, ``*discards*``, or a
    verbs/agents file recognised by its content); several files of one kind are concatenated.
    ``actors.jsonl``, ``agents.jsonl``, ``verbs.jsonl`` and ``discards.jsonl`` are always
    written, empty when no file of the kind exists. Each warning is logged at INFO level and
    returned in the ``Conversion``, whose ``report()`` names them for the user.

    Args:
        src: directory holding the PETRARCH files.
        dest: output directory, created if needed.
        lemmatize: word lemmatiser; by default :func:`spacy_lemmatizer`.
        strict_codes: see :func:`read_verbs`.

    Returns:
        A :class:`Conversion`: its ``counts`` are the rows written per kind (``actors``
        ...), each kind's tallies as ``<kind>_<count>`` (``verbs_null``, ``verbs_inexact``
        ...) and the number of ``warnings``; its ``warnings`` name every line skipped or
        simplified, with the reason.

    Raises:
        PetrarchFormatError: ``src`` holds no dictionary, or a file is not text.

    Example:
        >>> import tempfile
        >>> src, dest = Path(tempfile.mkdtemp()), Path(tempfile.mkdtemp())
        >>> _ = (src / "mine.discards.txt").write_text("BASEBALL\\n")
        >>> convert(src, dest).counts["discards"]
        1
    """
    if not src.is_dir():
        raise PetrarchFormatError(src, [ConversionWarning(src, 0, "not a directory")])
    found: dict[str, list[Path]] = {kind: [] for kind in KINDS}
    for path in sorted(p for p in src.iterdir() if p.is_file()):
        kind = dictionary_kind(path)
        if kind is not None:
            found[kind].append(path)
    if not any(found.values()):
        reason = "no PETRARCH dictionary (*actors*, *agents*, *verbs*, *discards*) found"
        raise PetrarchFormatError(src, [ConversionWarning(src, 0, reason)])
    if lemmatize is None and (found["verbs"] or found["agents"]):
        lemmatize = spacy_lemmatizer()
    # Everything is read before anything is written, so that a bad file leaves no half output.
    converted: dict[str, Rows] = {}
    for kind in KINDS:
        out = converted[kind] = Rows()
        for path in found[kind]:
            rows = read(path, kind, lemmatize=lemmatize, strict_codes=strict_codes)
            out.extend(rows)
            out.warnings.extend(rows.warnings)
            out.counts.update(rows.counts)
    counts: dict[str, int] = {"warnings": 0}
    warnings: list[ConversionWarning] = []
    dest.mkdir(parents=True, exist_ok=True)
    for kind, out in converted.items():
        for warning in out.warnings:
            logger.info("%s", warning)
        if out.warnings:
            logger.info("%d line(s) of the %s were skipped or simplified", len(out.warnings), kind)
        with (dest / f"{kind}.jsonl").open("w", encoding="utf-8") as handle:
            for row in out:
                handle.write(json.dumps(row, ensure_ascii=False) + "\n")
        counts[kind] = len(out)
        counts["warnings"] += len(out.warnings)
        warnings.extend(out.warnings)
        for name, value in sorted(out.counts.items()):
            counts[f"{kind}_{name}"] = value
    return Conversion(counts=counts, warnings=warnings)
