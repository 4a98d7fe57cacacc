"""The bundled demo corpus and its summary."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from rich.table import Table

from realpolitik.dictionaries.lexicon import DATA_DIR
from realpolitik.ingest.readers import InputProblem, jsonl_documents
from realpolitik.records import Document, Event

DEMO_CORPUS = DATA_DIR / "demo" / "corpus.jsonl"


def demo_documents() -> list[Document]:
    """The demo corpus: dated South Caucasus news reports, 2020-2024."""
    text = DEMO_CORPUS.read_text(encoding="utf-8")
    return [
        d
        for d in jsonl_documents(text.splitlines(), str(DEMO_CORPUS), None)
        if not isinstance(d, InputProblem)
    ]


@dataclass
class Summary:
    """Counts of a set of events, ready to print."""

    modalities: Counter[str]
    attributed: int
    dyad_table: Table
    root_table: Table


def summarise(events: list[Event], top: int = 12) -> Summary:
    """Modalities, the busiest dyads with their mean Goldstein score, and events by root."""
    modalities: Counter[str] = Counter(str(e.modality) for e in events)
    dyads: dict[tuple[str, str], list[float]] = defaultdict(list)
    for event in events:
        if event.source and event.target and event.modality == "asserted":
            dyads[(event.source, event.target)].append(event.goldstein or 0.0)
    dyad_table = Table(title="busiest dyads (asserted events)")
    for column in ("source", "target", "events", "mean Goldstein"):
        dyad_table.add_column(column)
    for (source, target), scores in sorted(dyads.items(), key=lambda kv: -len(kv[1]))[:top]:
        dyad_table.add_row(source, target, str(len(scores)), f"{sum(scores) / len(scores):+.1f}")
    by_root: Counter[str] = Counter(e.root for e in events)
    root_table = Table(title="events by CAMEO root")
    root_table.add_column("root")
    root_table.add_column("events")
    for root, count in sorted(by_root.items()):
        root_table.add_row(root, str(count))
    return Summary(modalities, sum(1 for e in events if e.attribution), dyad_table, root_table)
