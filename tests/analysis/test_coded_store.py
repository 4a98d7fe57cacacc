"""From text to analysis: documents coded by the real model and stored, then counted."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from realpolitik.analysis import Scope, dyad_series
from realpolitik.ingest.sources import read_sources
from realpolitik.store import connect, ingest
from realpolitik.store.query import insert_event_rows

pytestmark = pytest.mark.slow


def test_claims_and_copies_of_coded_news_count_as_the_scope_says(tmp_path: Path, coder) -> None:
    corpus = tmp_path / "news.jsonl"
    documents = [
        ("d1", "2023-09-19", "Azerbaijani forces shelled Stepanakert on Tuesday."),
        ("d2", "2023-09-19", "Azerbaijani forces shelled Stepanakert on Tuesday, witnesses saw."),
        ("d3", "2023-09-25", "Armenian officials said Azerbaijani troops attacked Karabakh."),
    ]  # fmt: skip
    corpus.write_text(
        "".join(json.dumps({"id": i, "date": d, "text": t}) + "\n" for i, d, t in documents),
        encoding="utf-8",
    )
    con = connect(tmp_path / "events.duckdb")
    try:
        ingest(con, read_sources([str(corpus)]), coder=coder)
        claims = con.execute(
            "SELECT count(*) FROM event_clusters WHERE NOT stated AND source_country = 'AZE'"
        ).fetchone()
        assert claims == (1,)
        asserted = dyad_series(con, "AZE", "NKR", Scope())
        assert int(asserted["events"].sum()) == 1  # two reports of one shelling
        assert int(asserted["mentions"].sum()) == 2
        with_claims = dyad_series(con, "AZE", "NKR", Scope(attributed=True))
        assert int(with_claims["events"].sum()) == 2
        # an imported dataset beside the coded one, in the same series or apart
        insert_event_rows(
            con,
            [{"original_id": "9", "date": "2023-09-20", "source": "AZEMIL",
              "source_country": "AZE", "target": "NKR", "target_country": "NKR",
              "code": "190", "root": "19", "quad_class": 4, "goldstein": -10.0}],
            "icews",
        )  # fmt: skip
        both = dyad_series(con, "AZE", "NKR", Scope(datasets=("coded", "icews")))
        assert int(both["events"].sum()) == 2
        icews = dyad_series(con, "AZE", "NKR", Scope(datasets=("icews",)))
        assert int(icews["events"].sum()) == 1
    finally:
        con.close()
