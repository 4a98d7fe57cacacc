"""Compare coded events with a gold standard: precision, recall, dates, modality, attribution
and a count of errors by kind.

A gold file holds one record per document: ``{"id", "text"?, "date", "events": [...]}``,
each event ``{"source", "target", "code"}`` and optionally ``modality``, ``attribution``
(``null`` or ``{"code", "cue"}``), ``date`` (or ``event_date``), ``date_precision``,
``line``, ``location`` and ``alternatives`` (other defensible readings, each a partial
event: ``{"code": "172"}``). Records without a ``text`` take it from a texts file by id.

Events are matched per document. At the country+root level a predicted event matches a gold
event when the source and target countries and the CAMEO root agree (or those of one of
its alternatives); a two-digit gold code matches any code under its root. Each gold event
matches at most one predicted event, preferring one from the same line. Matched pairs are
then compared on date, modality and attribution; unmatched ones are classified as wrong
source, wrong target or wrong code when a near miss explains them, else missed or extra.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from realpolitik.records import Event

LEVELS = ("country+root", "country+code", "actor+code")
ERROR_KINDS = ("missed", "extra", "wrong source", "wrong target", "wrong code", "wrong date")


def _actor(code: str | None) -> str:
    """An absent actor is written '---', as in CAMEO gold files."""
    return code or "---"


def _country(code: str | None) -> str:
    return _actor(code)[:3]


@dataclass(frozen=True)
class Predicted:
    """What the comparison needs of a coded event."""

    source: str | None
    target: str | None
    code: str
    line: int | None = None
    modality: str = "asserted"
    speaker: str | None = None
    attributed: bool = False
    date: str | None = None

    @classmethod
    def of(cls, event: Event, text: str | None = None) -> Predicted:
        """The comparable part of an event; with the document text, the line it is on."""
        line = text.count("\n", 0, event.char_start) if text is not None else None
        return cls(
            source=event.source,
            target=event.target,
            code=event.code,
            line=line,
            modality=event.modality,
            speaker=event.attribution.speaker_code if event.attribution else None,
            attributed=event.attribution is not None,
            date=event.date.isoformat() if event.date else None,
        )


def readings(gold: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The gold event and each of its alternatives, completed from it."""
    base = {k: gold.get(k) for k in ("source", "target", "code")}
    out = [base]
    for alternative in gold.get("alternatives") or []:
        if isinstance(alternative, dict):
            out.append({**base, **{k: v for k, v in alternative.items() if k in base}})
    return out


def _key(source: str | None, target: str | None, code: str, level: str) -> tuple[str, str, str]:
    if level == "actor+code":
        return (_actor(source), _actor(target), code)
    if level == "country+code":
        return (_country(source), _country(target), code)
    return (_country(source), _country(target), code[:2])


def _agrees(reading: Mapping[str, Any], predicted: Predicted, level: str) -> bool:
    gold_key = _key(reading["source"], reading["target"], str(reading["code"]), level)
    got = _key(predicted.source, predicted.target, predicted.code, level)
    if gold_key[:2] != got[:2]:
        return False
    return got[2] == gold_key[2] or (len(gold_key[2]) == 2 and got[2].startswith(gold_key[2]))


def align(
    gold: Sequence[Mapping[str, Any]], predicted: Sequence[Predicted], level: str
) -> list[tuple[int, int]]:
    """Pairs (gold index, predicted index) of matching events, one predicted per gold."""
    used: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for g, event in enumerate(gold):
        options = [
            p
            for p, candidate in enumerate(predicted)
            if p not in used and any(_agrees(r, candidate, level) for r in readings(event))
        ]
        if not options:
            continue
        line = event.get("line")

        def distance(p: int, line: object = line) -> int:
            got = predicted[p].line
            if not isinstance(line, int) or got is None:
                return 0
            return abs(got - line)

        best = min(options, key=distance)
        used.add(best)
        pairs.append((g, best))
    return pairs


def gold_date(event: Mapping[str, Any]) -> tuple[str | None, str | None]:
    """The gold event's date and precision."""
    date = event.get("date", event.get("event_date"))
    return (str(date) if date else None), event.get("date_precision")


def date_agrees(event: Mapping[str, Any], predicted: Predicted, unit: str) -> bool | None:
    """Whether the dates agree to the day (``unit='day'``) or to the month or better
    (``'month'``); None when the gold event has no date at that precision."""
    date, precision = gold_date(event)
    if date is None:
        return None
    if unit == "day" and precision not in (None, "day"):
        return None
    if unit == "month" and precision == "year":
        return None
    got = predicted.date
    if got is None:
        return False
    return got[:10] == date[:10] if unit == "day" else got[:7] == date[:7]


def attribution_agrees(event: Mapping[str, Any], predicted: Predicted) -> bool:
    """Whether the predicted event is attributed as the gold one is: to no one, or to the
    same speaker (by country when the gold speaker is a country or agent code; an unnamed
    speaker matches any uncoded one)."""
    want = event.get("attribution")
    if not want:
        return not predicted.attributed
    if not predicted.attributed:
        return False
    code = want.get("code") if isinstance(want, dict) else None
    if code is None:
        return predicted.speaker is None or predicted.speaker.startswith("---")
    return predicted.speaker is not None and predicted.speaker[:3] == str(code)[:3]


@dataclass
class Scores:
    """Counts over a whole gold set."""

    tp: Counter[str] = field(default_factory=Counter)
    predicted: int = 0
    gold: int = 0
    dates: Counter[str] = field(default_factory=Counter)
    modality: Counter[str] = field(default_factory=Counter)
    attribution: Counter[str] = field(default_factory=Counter)
    errors: Counter[str] = field(default_factory=Counter)

    def prf(self, level: str) -> tuple[float, float, float]:
        """Precision, recall and F1 at one level."""
        tp = self.tp[level]
        precision = tp / self.predicted if self.predicted else 0.0
        recall = tp / self.gold if self.gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return precision, recall, f1

    @staticmethod
    def share(counter: Counter[str]) -> tuple[float, int]:
        """Share of ``right`` among ``right`` and ``wrong``, and their total."""
        total = counter["right"] + counter["wrong"]
        return (counter["right"] / total if total else 0.0), total


@dataclass(frozen=True)
class Mistake:
    """One error on one document, for reading."""

    doc_id: str
    kind: str
    gold: Mapping[str, Any] | None
    predicted: Predicted | None


def compare(
    gold: Sequence[Mapping[str, Any]], predicted: Sequence[Predicted], scores: Scores, doc_id: str
) -> list[Mistake]:
    """Add one document's comparison to ``scores`` and return its mistakes."""
    scores.predicted += len(predicted)
    scores.gold += len(gold)
    alignments = {level: align(gold, predicted, level) for level in LEVELS}
    for level, found in alignments.items():
        scores.tp[level] += len(found)
    pairs = alignments["country+root"]
    mistakes: list[Mistake] = []
    for g, p in pairs:
        event, got = gold[g], predicted[p]
        day = date_agrees(event, got, "day")
        month = date_agrees(event, got, "month")
        if day is not None:
            scores.dates["day right" if day else "day wrong"] += 1
        if month is not None:
            scores.dates["month right" if month else "month wrong"] += 1
            if not month:
                scores.errors["wrong date"] += 1
                mistakes.append(Mistake(doc_id, "wrong date", event, got))
        modality_right = got.modality == event.get("modality", "asserted")
        scores.modality["right" if modality_right else "wrong"] += 1
        if not modality_right:
            mistakes.append(Mistake(doc_id, "wrong modality", event, got))
        attribution_right = attribution_agrees(event, got)
        scores.attribution["right" if attribution_right else "wrong"] += 1
        if not attribution_right:
            mistakes.append(Mistake(doc_id, "wrong attribution", event, got))
    missed = [g for g in range(len(gold)) if g not in {a for a, _ in pairs}]
    extra = [p for p in range(len(predicted)) if p not in {b for _, b in pairs}]
    for g in missed:
        near = _near_miss(gold[g], [predicted[p] for p in extra])
        if near is None:
            scores.errors["missed"] += 1
            mistakes.append(Mistake(doc_id, "missed", gold[g], None))
            continue
        kind, index = near
        scores.errors[kind] += 1
        mistakes.append(Mistake(doc_id, kind, gold[g], predicted[extra[index]]))
        del extra[index]
    for p in extra:
        scores.errors["extra"] += 1
        mistakes.append(Mistake(doc_id, "extra", None, predicted[p]))
    return mistakes


def _near_miss(event: Mapping[str, Any], extra: Sequence[Predicted]) -> tuple[str, int] | None:
    """A predicted event off by one part: (kind, its index among ``extra``)."""
    source, target, root = _key(event.get("source"), event.get("target"), event["code"], "")
    for index, got in enumerate(extra):
        g_source, g_target, g_root = _key(got.source, got.target, got.code, "")
        same = (g_source == source, g_target == target, g_root == root[:2])
        line = event.get("line")
        if got.line is not None and isinstance(line, int) and got.line != line:
            continue
        if same == (False, True, True):
            return "wrong source", index
        if same == (True, False, True):
            return "wrong target", index
        if same == (True, True, False):
            return "wrong code", index
    return None


def load_gold(paths: Iterable[Path], texts: Path | None = None) -> list[dict[str, Any]]:
    """Gold records of several files, each with its text (from ``texts`` by id when the
    record has none)."""
    records = [
        json.loads(line)
        for path in paths
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    if any("text" not in r for r in records):
        if texts is None or not texts.exists():
            raise FileNotFoundError(
                f"the gold records have no text and the texts file {texts} does not exist"
            )
        by_id = {
            row["id"]: row
            for row in map(json.loads, texts.read_text(encoding="utf-8").splitlines())
            if row
        }
        for record in records:
            if "text" not in record:
                record["text"] = by_id[record["id"]]["text"]
    return records
