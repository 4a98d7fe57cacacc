"""Acts reached through the newer lexicon rows and complements, on sentences of our own."""

from __future__ import annotations

import pytest

from realpolitik.coding.coder import Coder


def _events(coder: Coder, text: str) -> list[tuple[str | None, str, str | None]]:
    return [(e.source, e.code, e.target) for e in coder.code_text(text, "2024-01-10")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Thousands of Armenians protested in Yerevan demanding the resignation of the "
            "prime minister.",
            [("ARMCVL", "1411", None)],
        ),
        (
            "Georgian workers went on strike demanding the resignation of the government.",
            [("GEOLAB", "1431", None)],
        ),
        ("Thousands of Georgians took to the streets on Sunday.", [("GEOCVL", "141", None)]),
        ("The United States raised tariffs on Chinese imports.", [("USA", "163", "CHN")]),
        ("The Armenian opposition boycotted the vote.", [("ARMOPP", "143", None)]),
        ("The Georgian president dissolved parliament.", [("GEOGOV", "172", None)]),
        ("Russia withdrew from the treaty with the United States.", [("RUS", "160", "USA")]),
        ("Azerbaijan threatened to withdraw from the peace talks.", [("AZE", "134", None)]),
        ("Azerbaijan promised to lift sanctions on Armenia.", [("AZE", "0354", "ARM")]),
        ("Pashinyan ruled out early elections.", [("ARMGOV", "1231", None)]),
        ("Georgia maintained the curfew.", [("GEO", "1241", None)]),
        ("Ukraine accused Russia of war crimes.", [("UKR", "1124", "RUS")]),
    ],
)
def test_new_rows_code_the_act(
    coder: Coder, text: str, expected: list[tuple[str | None, str, str | None]]
) -> None:
    assert _events(coder, text) == expected
