"""Coding in batches and in several processes: the same events for any number of workers,
long documents coded and written part by part, no worker outliving its parent."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest

from realpolitik.coding.batches import code_batch, code_stream, default_workers
from realpolitik.coding.coder import Coder, document_parts, join_parts
from realpolitik.demo import demo_documents
from realpolitik.records import Document

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from processes import survivors_of_a_killed_parent

pytestmark = pytest.mark.slow


def two_hundred_documents() -> list[Document]:
    base = demo_documents()
    return [d.model_copy(update={"id": f"{d.id}-{n}"}) for n in range(2) for d in base][:200]


def long_document(parts: int = 4) -> Document:
    """One plain text of several parts: the demo corpus, repeated."""
    paragraphs = "\n\n".join(d.text for d in demo_documents())
    text = "\n\n".join([paragraphs] * (parts * 100_000 // len(paragraphs) + 1))
    return Document(id="long", text=text[: parts * 100_000 - 10], date=dt.date(2023, 3, 1))


@pytest.mark.parametrize("workers", [2])
def test_batches_same_events_for_one_and_several_workers(coder: Coder, workers: int) -> None:
    documents = two_hundred_documents()
    one = list(code_stream(documents, coder, workers=1))
    several = list(code_stream(documents, coder, workers=workers))
    ids = [[e.event_id for e in c.events] for c in one]
    assert sum(map(len, ids)) > 300
    assert [c.document.id for c in several] == [d.id for d in documents]
    assert [[e.event_id for e in c.events] for c in several] == ids
    assert [c.events for c in several] == [c.events for c in one]
    # the unit of work a cluster job calls per partition codes the same events
    batch = code_batch(documents[:50]) + code_batch(documents[50:])
    assert [[e.event_id for e in c.events] for c in batch] == ids
    # and so does the public stream of whole documents, in coding processes or not
    plain = [{"id": d.id, "text": d.text, "date": d.date} for d in documents[:60]]
    pooled = list(coder.code_documents(plain, n_process=workers))
    assert [c.document.id for c in pooled] == [d.id for d in documents[:60]]
    assert [c.events for c in pooled] == [c.events for c in one[:60]]
    assert [c.events for c in coder.code_documents(plain)] == [c.events for c in pooled]


def test_batches_long_document_coded_in_parts(coder: Coder) -> None:
    document = long_document(parts=3)
    parts = document_parts(document)
    count = len(parts)
    assert count >= 3 and [p.last for p in parts] == [False] * (count - 1) + [True]
    assert all(len(p.document.text) <= 100_000 for p in parts)
    assert "".join(p.document.text for p in parts) == document.text
    coded = list(code_stream([document], coder, workers=2))
    assert [c.part for c in coded] == list(range(count))
    assert [c.complete for c in coded] == [False] * (count - 1) + [True]
    whole = join_parts(document, coded)
    indices = [e.sentence_index for e in whole.events]
    assert indices == sorted(indices) and indices[-1] < whole.sentences
    # offsets point into the whole text, whatever part the event came from
    for event in whole.events[-20:]:
        assert document.text[event.char_start : event.char_end] == event.trigger
    assert len({e.event_id for e in whole.events}) == len(whole.events)
    # the coder's own stream of documents gives the same record
    assert next(coder.code_documents([document])) == whole


def test_batches_default_workers_is_the_number_of_usable_cores() -> None:
    assert default_workers() == len(os.sched_getaffinity(0))


def test_batches_long_document_events_written_before_the_end(tmp_path: Path) -> None:
    path = tmp_path / "long.txt"
    path.write_text(long_document(parts=6).text, encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, "-m", "realpolitik", "code", str(path), "--date", "2023-03-01",
         "--workers", "1"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )  # fmt: skip
    try:
        assert process.stdout is not None
        first = process.stdout.readline()
        # the first part's events are out while the other parts are still being coded
        running = process.poll() is None
        rest = process.stdout.read()
        assert process.wait(timeout=600) == 0
    finally:
        process.kill()
    assert first.startswith("{") and running
    assert rest.count("\n") > 100


def test_batches_workers_die_with_a_killed_parent(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for n, document in enumerate(demo_documents() * 4):
        (corpus / f"{n:04}.txt").write_text(document.text, encoding="utf-8")
    command = [sys.executable, "-m", "realpolitik", "code", str(corpus), "--workers", "2"]
    left = survivors_of_a_killed_parent(command, running=1)  # coding under way
    assert not left, f"workers {left} outlived their killed parent"
