"""References across sentences within one document, with the real model."""

from __future__ import annotations

import pytest

from realpolitik.coding.coder import Coder

pytestmark = pytest.mark.slow


def _events(coder: Coder, text: str, date: str = "2021-04-20") -> list[tuple[str | None, ...]]:
    return [(e.source, e.code, e.target) for e in coder.code_text(text, date)]


def test_a_person_introduced_with_a_title_is_known_by_name_later(coder: Coder) -> None:
    text = (
        "Chad's President Idriss Deby has been killed on the frontline.\n"
        "Deby visited troops on the frontline on Monday."
    )
    events = coder.code_text(text, "2021-04-20")
    visit = next(e for e in events if e.code == "042")
    assert visit.source == "TCDGOV"
    assert "discourse" in visit.rules
    assert visit.confidence < 0.9 * 0.9  # referred to, not named here


def test_a_pronoun_refers_to_the_previous_sentences_subject(coder: Coder) -> None:
    text = (
        "Chad's opposition leader Saleh Kebzabo criticised the army.\nHe later met Chadian troops."
    )
    met = [e for e in coder.code_text(text, "2021-04-20") if e.code == "040"]
    assert met and met[0].source == "TCDOPP"


def test_agents_of_no_named_country_belong_to_the_story_state(coder: Coder) -> None:
    text = (
        "Sudan's army seized power on Monday.\n"
        "Soldiers arrested the prime minister and the ministry condemned the coup."
    )
    events = _events(coder, text, "2021-10-25")
    assert ("SDNMIL", "173", "SDNGOV") in events


def test_agents_of_several_states_are_not_the_story_state(coder: Coder) -> None:
    text = (
        "Russia's trade with Armenia grew, and Moscow welcomed the figures.\n"
        "Western governments have pressed Yerevan to stop the trade.\n"
        "Governments criticised Russia over the trade.\n"
        "Foreign troops attacked Russian positions."
    )
    events = _events(coder, text, "2023-07-12")
    assert ("---GOV", "100", "ARMGOV") in events
    assert ("---GOV", "111", "RUS") in events
    assert ("---MIL", "190", "RUSMIL") in events


def test_an_indefinite_speaker_stays_unplaced(coder: Coder) -> None:
    text = (
        "Russian troops attacked Ukraine.\n"
        "A soldier claimed that the troops had withdrawn from Kherson."
    )
    claimed = [e for e in coder.code_text(text, "2022-03-01") if e.attribution is not None]
    assert claimed and all(e.attribution.speaker_code is None for e in claimed if e.attribution)


def test_references_never_cross_documents(coder: Coder) -> None:
    first = {"id": "a", "text": "Chad's President Idriss Deby visited Paris.", "date": "2021-04-01"}
    second = {"id": "b", "text": "Deby visited troops on Monday.", "date": "2021-04-20"}
    coded = list(coder.code_documents([first, second]))
    assert all(e.source is None for e in coded[1].events)
