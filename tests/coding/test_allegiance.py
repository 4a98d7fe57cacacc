"""Agents named by whom they belong or are loyal to, on sentences of our own."""

from __future__ import annotations

import pytest

from realpolitik.coding.coder import Coder


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("TPLF forces attacked the Ethiopian army.", "ETHREBTPF"),
        ("Forces loyal to the TPLF attacked the Ethiopian army.", "ETHREBTPF"),
        ("Hamas officials rejected the proposal.", "PSEREBHMS"),
    ],
)
def test_a_groups_people_are_the_group(coder: Coder, text: str, source: str) -> None:
    assert [e.source for e in coder.code_text(text, "2020-11-10")][:1] == [source]


def test_allied_with_names_who_the_militias_are(coder: Coder) -> None:
    events = coder.code_text(
        "Militias allied with the Syrian government attacked rebels.", "2020-11-10"
    )
    assert [e.code for e in events] == ["190"]
    assert events[0].source is not None and events[0].source.startswith("SYR")


def test_allying_is_still_an_act(coder: Coder) -> None:
    assert [(e.source, e.code, e.target) for e in coder.code_text("Russia allied with Iran.")] == [
        ("RUS", "050", "IRN")
    ]
