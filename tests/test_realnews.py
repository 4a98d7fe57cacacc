"""Real news, development half: every annotated event is coded, and nothing else is.

The texts stay with their publishers in ``../shared/realnews``; the annotation lives in
``realnews/gold.jsonl`` and the split in ``realnews/split.json``. Each gold event of a
development article is a test (matched by source and target country and CAMEO root, with
its modality), and so is each article's absence of extra events. Cases listed in
``realnews/known_failures.txt`` are expected to fail, strictly: the list can only shrink.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from realpolitik.coding.coder import Coder
from realpolitik.evaluation import Predicted, align
from realpolitik.records import Document

HERE = Path(__file__).parent / "realnews"
TEXTS = Path(__file__).resolve().parents[2] / "shared" / "realnews" / "articles.jsonl"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not TEXTS.exists(), reason=f"the real-news texts are not at {TEXTS}"),
]


def _known_failures() -> dict[str, str]:
    path = HERE / "known_failures.txt"
    out: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines() if path.exists() else []:
        if line.strip() and not line.startswith("#"):
            case, _, reason = line.partition(" ")
            out[case] = reason.strip() or "known failure"
    return out


@cache
def _gold() -> list[dict[str, Any]]:
    development = set(json.loads((HERE / "split.json").read_text(encoding="utf-8"))["development"])
    records = [json.loads(line) for line in (HERE / "gold.jsonl").read_text().splitlines() if line]
    return [r for r in records if r["id"] in development]


def _cases() -> list[Any]:
    failures = _known_failures()
    params = []
    for record in _gold():
        names = [f"{record['id']}-e{n:02d}" for n in range(len(record["events"]))]
        names.append(f"{record['id']}-extra")
        for n, name in enumerate(names):
            marks = (
                [pytest.mark.xfail(reason=failures[name], strict=True)] if name in failures else []
            )
            params.append(pytest.param(record["id"], n, id=name, marks=marks))
    return params


@cache
def _texts() -> dict[str, dict[str, Any]]:
    return {row["id"]: row for row in map(json.loads, TEXTS.read_text().splitlines()) if row}


_CODED: dict[str, list[Predicted]] = {}


def _coded(coder: Coder, doc_id: str) -> list[Predicted]:
    if not _CODED:
        records = _gold()
        texts = _texts()
        documents = [
            Document(id=r["id"], text=texts[r["id"]]["text"], date=r["date"]) for r in records
        ]
        for coded in coder.code_documents(documents):
            text = texts[coded.document.id]["text"]
            _CODED[coded.document.id] = [Predicted.of(e, text) for e in coded.events]
    return _CODED[doc_id]


def describe(event: Predicted) -> str:
    return f"{event.source}->{event.target} {event.code} {event.modality} [{event.line}]"


@pytest.mark.parametrize(("doc_id", "number"), _cases())
def test_real_news_event(coder: Coder, doc_id: str, number: int) -> None:
    record = next(r for r in _gold() if r["id"] == doc_id)
    predicted = _coded(coder, doc_id)
    if number == len(record["events"]):
        # no event beyond the annotation: every coded event matches a gold one
        pairs = align(record["events"], predicted, "country+root")
        extra = [describe(p) for i, p in enumerate(predicted) if i not in {b for _, b in pairs}]
        assert not extra, f"coded beyond the annotation: {extra}"
        return
    gold = record["events"][number]
    pairs = align([gold], predicted, "country+root")
    assert pairs, (
        f"not coded: [{gold.get('line')}] {gold.get('source')}->{gold.get('target')} "
        f"{gold['code']} '{gold.get('trigger')}'; coded: {[describe(p) for p in predicted]}"
    )
    got = predicted[pairs[0][1]]
    assert got.modality == gold.get("modality", "asserted"), describe(got)
