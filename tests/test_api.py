"""The public Python API."""

from __future__ import annotations

import realpolitik


def test_api_all_names_exist() -> None:
    for name in realpolitik.__all__:
        assert hasattr(realpolitik, name), name


def test_api_code_text_and_code_documents_agree() -> None:
    text = "Armenia held a joint military exercise with the United States on 11 September."
    events = realpolitik.code_text(text, date="2023-09-14", doc_id="d1")
    streamed = list(realpolitik.code_documents([{"id": "d1", "text": text, "date": "2023-09-14"}]))
    assert [e.event_id for e in events] == [e.event_id for e in streamed[0].events]
    assert events and events[0].date.isoformat() == "2023-09-11"
