"""The renderers: the event table at any width, CSV and TSV fields, short ids."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.console import Console

from realpolitik.render import (
    CODED_COLUMNS,
    DelimitedWriter,
    cell,
    event_table,
    print_table,
    unique_prefixes,
)
from realpolitik.store import StoredCluster, StoredEvent

ACTOR = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=3, max_size=12)
PROSE = st.text(
    alphabet=st.characters(codec="utf-8", categories=("L", "N", "P", "Zs")), max_size=120
)


@st.composite
def stored_events(draw: st.DrawFn) -> StoredEvent:
    return StoredEvent(
        event_id=draw(st.text(alphabet="0123456789abcdef", min_size=16, max_size=16)),
        date=draw(st.dates(dt.date(1990, 1, 1), dt.date(2030, 12, 31))),
        date_source=draw(st.sampled_from(["text", "document", None])),
        date_precision=draw(st.sampled_from(["day", "month", "year", None])),
        source=draw(ACTOR),
        target=draw(st.none() | ACTOR),
        code=draw(st.text(alphabet="0123456789", min_size=2, max_size=4)),
        event_name=draw(PROSE),
        trigger=draw(PROSE),
        sentence=draw(PROSE),
        modality=draw(st.sampled_from(["asserted", "negated", "hypothetical"])),
        attribution_speaker=draw(st.none() | PROSE),
        dataset=draw(st.sampled_from(["coded", "icews"])),
    )


@settings(max_examples=60, deadline=None)
@given(rows=st.lists(stored_events(), min_size=1, max_size=6), width=st.integers(50, 220))
def test_render_table_fits_any_width_one_line_a_row(rows: list[StoredEvent], width: int) -> None:
    out = io.StringIO()
    print_table(rows, Console(file=out, width=width), title=f"{len(rows)} events")
    lines = out.getvalue().splitlines()
    assert all(cell_len(line) <= width for line in lines)
    rule = next(n for n, line in enumerate(lines) if set(line.strip()) == {"─"})
    body = lines[rule + 1 : rule + 1 + len(rows)]
    for row, line in zip(rows, body, strict=True):
        assert row.date is not None
        shown = (
            re.escape(row.date.isoformat())
            + r"[*~]*\s+"
            + r"\s+".join(
                re.escape(v) for v in (row.source or "-", row.code or "-", row.target or "-")
            )
        )
        assert re.search(rf"(^|\s){shown}(\s|$)", line), (line, row)
    legend = "* date from the document, not the text"
    assert (legend in lines[rule + 1 + len(rows) :]) == any(
        r.date_source == "document" for r in rows
    )


def test_render_table_columns_by_priority() -> None:
    row = StoredEvent(
        event_id="5f1c0e2a9b7d3c41", date=dt.date(2024, 3, 4), source="IGOEUREEC",
        target="ARMGOV", code="036", event_name="Express intent to meet or negotiate",
        modality="hypothetical", trigger="plans to meet", attribution_code="ARMGOV",
        sentence="The EU plans to meet Armenian officials in Brussels next week, they said.",
        dataset="coded",
    )  # fmt: skip
    narrowest = event_table([row], 60)
    narrow = event_table([row], 70)
    wide = event_table([row], 240)
    assert [c.header for c in narrowest.table.columns] == [
        "date", "source", "code", "target", "event",
    ]  # fmt: skip
    assert [c.header for c in narrow.table.columns] == [
        "id", "date", "source", "code", "target", "event",
    ]  # fmt: skip
    assert [c.header for c in wide.table.columns] == [
        "id", "date", "source", "code", "target", "event", "modality", "said by", "trigger",
        "dataset", "sentence",
    ]  # fmt: skip
    assert (
        narrowest.width == 60 and narrow.width == 70 and wide.width < 240
    )  # everything shown whole
    coded = event_table([row], 80, columns=CODED_COLUMNS)
    assert [c.header for c in coded.table.columns][:5] == [
        "date",
        "source",
        "code",
        "target",
        "event",
    ]


def test_render_cluster_table_counts_mentions() -> None:
    cluster = StoredCluster(
        event_id="c1" * 8, date=dt.date(2022, 8, 5), source="RUS", target="UKR", code="112",
        event_name="Accuse", mentions=25, articles=25, sources=24,
    )  # fmt: skip
    out = io.StringIO()
    print_table([cluster], Console(file=out, width=100))
    header, _, line = out.getvalue().splitlines()[:3]
    assert header.split()[6:8] == ["mentions", "sources"] and line.split()[-2:] == ["25", "24"]


@settings(max_examples=50, deadline=None)
@given(texts=st.lists(st.text(max_size=40), min_size=1, max_size=5))
def test_render_tsv_is_one_line_a_row_and_unescapes_back(texts: list[str]) -> None:
    rows = [StoredEvent(event_id=f"e{n}", sentence=text) for n, text in enumerate(texts)]
    out = io.StringIO()
    assert DelimitedWriter(out, tab=True).write(rows) == len(rows)
    lines = out.getvalue().split("\n")
    assert lines[-1] == "" and len(lines) == 2 + len(rows)
    index = StoredEvent.columns().index("sentence")
    for text, line in zip(texts, lines[1:-1], strict=True):
        field = line.split("\t")[index]
        back = re.sub(r"\\(.)", lambda m: {"t": "\t", "n": "\n", "r": "\r"}.get(m[1], m[1]), field)
        assert back == text


def test_render_csv_header_is_written_even_without_rows() -> None:
    out = io.StringIO()
    DelimitedWriter(out, StoredCluster.columns()).write([])
    assert next(csv.reader(io.StringIO(out.getvalue()))) == list(StoredCluster.columns())


@pytest.mark.parametrize(
    ("value", "expected"),
    [(None, ""), (True, "true"), (False, "false"), (dt.date(2024, 3, 4), "2024-03-04"),
     ({"NumMentions": 3}, '{"NumMentions": 3}'), (1.5, "1.5"), ("Kyiv", "Kyiv")],
)  # fmt: skip
def test_render_cell(value: object, expected: str) -> None:
    assert cell(value) == expected


@settings(max_examples=80, deadline=None)
@given(ids=st.lists(st.text(alphabet="0ab-", min_size=1, max_size=14), min_size=1, max_size=8))
def test_render_unique_prefixes_tell_ids_apart(ids: list[str]) -> None:
    short = unique_prefixes(ids)
    for event_id, prefix in short.items():
        assert event_id.startswith(prefix) and len(prefix) >= min(8, len(event_id))
        others = [i for i in short if i != event_id]
        # a prefix names its id alone: no other id starts with it, unless it is the whole id
        assert prefix == event_id or not any(o.startswith(prefix) for o in others)
