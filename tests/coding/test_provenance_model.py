"""The English model a coder runs on is part of every event's provenance."""

from __future__ import annotations

from realpolitik.coding.coder import CODER_VERSION, Coder


def test_events_name_the_model_they_were_coded_with(coder: Coder) -> None:
    meta = coder.nlp.meta
    (event,) = coder.code_text("Russia summoned Armenia's ambassador.", "2023-09-08")
    assert event.coder_version == coder.version
    assert event.coder_version == f"{CODER_VERSION}+{meta['name']}-{meta['version']}"
