"""Statements that carry an act, and places taken, on sentences of our own."""

from __future__ import annotations

import pytest

from realpolitik.coding.coder import Coder
from realpolitik.records import Document


def _events(coder: Coder, text: str) -> list[tuple[str | None, str, str | None]]:
    return [(e.source, e.code, e.target) for e in coder.code_text(text, "2024-01-10")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the announcer performs the event noun it announces; the announcement is no act
        ("Azerbaijan announced an offensive against Armenia.", [("AZE", "190", "ARM")]),
        ("Moldova declared a ceasefire with the separatists.", [("MDA", "0871", "MDASEP")]),
        # a plain statement reporting an act is its attribution, not a statement event
        (
            "Moscow announced that its troops had captured the town of Avdiivka.",
            [("RUSMIL", "192", "UKR")],
        ),
    ],
)
def test_statements_carrying_an_act(
    coder: Coder, text: str, expected: list[tuple[str | None, str, str | None]]
) -> None:
    assert _events(coder, text) == expected


def test_a_reported_act_keeps_the_announcer_as_its_speaker(coder: Coder) -> None:
    (event,) = coder.code_text(
        "Yerevan announced that Azerbaijani troops had shelled the village of Sotk.",
        "2024-01-10",
    )
    assert event.code.startswith("19") and event.source == "AZEMIL"
    assert event.attribution is not None and event.attribution.speaker_code == "ARMGOV"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a place noun stands for the place it names
        ("Russian forces captured the town of Avdiivka.", [("RUSMIL", "192", "UKR")]),
        ("Rebels captured the town of Goma on Monday.", [("---REB", "192", "COD")]),
        # an armed group taking a town of its own country acts on that state; the model
        # reads 'Aleppo' as a nationality here, the gazetteer knows it
        ("Syrian rebels captured the city of Aleppo.", [("SYRREB", "192", "SYR")]),
    ],
)
def test_places_taken(
    coder: Coder, text: str, expected: list[tuple[str | None, str, str | None]]
) -> None:
    assert _events(coder, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # the model reads 'Kherson' as a person and 'Mariupol' as an organisation here:
        # the gazetteer knows them as places
        "Russian forces captured Kherson.",
        "Russian forces captured Mariupol on Friday.",
    ],
)
def test_any_named_place_is_taken(coder: Coder, text: str) -> None:
    assert _events(coder, text) == [("RUSMIL", "192", "UKR")]


def test_a_state_taking_its_own_town_names_no_target(coder: Coder) -> None:
    events = _events(coder, "Syrian government troops recaptured the city of Aleppo.")
    assert all(target is None for _, _, target in events)


def test_an_agent_that_names_no_actor_gives_no_event(coder: Coder) -> None:
    # 'the war' is the agent the text gives; who acted is not known
    assert _events(coder, "The war has killed thousands of Ukrainian civilians.") == []


def test_a_passive_without_an_agent_keeps_its_target(coder: Coder) -> None:
    events = _events(coder, "Russian opposition leader Boris Nemtsov was shot dead in Moscow.")
    assert events and all(source is None and target == "RUSOPP" for source, _, target in events)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the act condemned was done by the source of the document's earlier act
        (
            "China arrested two Canadian citizens on Monday. Canada condemned the arrest.",
            ("CAN", "111", "CHN"),
        ),
        ("Iran attacked Israel. The United States condemned the attack.", ("USA", "111", "IRN")),
        # or by the act noun's own agent
        ("Germany condemned Russia's invasion.", ("DEU", "111", "RUS")),
    ],
)
def test_the_target_of_a_reaction_is_the_agent_of_the_act(
    coder: Coder, text: str, expected: tuple[str, str, str]
) -> None:
    assert expected in _events(coder, text)


def test_a_reaction_never_reaches_into_another_document(coder: Coder) -> None:
    _, second = coder.code_documents(
        [
            Document(id="a", text="Iran attacked Israel.", date="2020-11-10"),
            Document(id="b", text="The United States condemned the attack.", date="2020-11-10"),
        ]
    )
    assert [(e.source, e.target) for e in second.events] == [("USA", None)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The president threatened to double the tariffs on steel if China retaliated.",
            "CHN",
        ),
        ("Russia warned that it would respond if NATO deployed troops in Finland.", "IGOWSTNAT"),
    ],
)
def test_a_threat_is_aimed_at_the_subject_of_its_condition(
    coder: Coder, text: str, expected: str
) -> None:
    threats = [e for e in coder.code_text(text, "2024-01-10") if e.code.startswith("13")]
    assert threats and threats[0].target == expected and threats[0].modality == "asserted"
