"""Country code crosswalk: FIPS, ISO, CAMEO, COW, Gleditsch–Ward and names."""

from __future__ import annotations

import pytest

from realpolitik.interchange import Crosswalk
from realpolitik.interchange.crosswalk import System


@pytest.fixture(scope="module")
def crosswalk() -> Crosswalk:
    return Crosswalk.default()


@pytest.mark.parametrize(
    ("value", "source", "target", "expected"),
    [
        ("UP", "fips", "iso3", "UKR"),
        ("UKR", "iso3", "iso2", "UA"),
        ("UA", "iso2", "iso_numeric", "804"),
        ("804", "iso_numeric", "fips", "UP"),
        (804, "iso_numeric", "cameo", "UKR"),
        ("UKR", "cameo", "fips", "UP"),
        ("GM", "fips", "iso3", "DEU"),
        ("DEU", "iso3", "fips", "GM"),
        ("DEU", "cameo", "gw", "260"),
        ("DEU", "cameo", "cow", "255"),
        ("ROM", "cameo", "iso3", "ROU"),
        ("ROU", "iso3", "cameo", "ROM"),
        ("RS", "fips", "cameo", "RUS"),
        ("RUS", "cameo", "fips", "RS"),
        ("RS", "iso2", "cameo", "SRB"),
        ("AJ", "fips", "iso3", "AZE"),
        ("AZE", "iso3", "fips", "AJ"),
        ("AM", "fips", "iso3", "ARM"),
        ("ARM", "cameo", "fips", "AM"),
        ("365", "cow", "cameo", "RUS"),
        ("Russian Federation", "name", "cameo", "RUS"),
        ("Korea, Republic of", "name", "iso3", "KOR"),
        ("Democratic Republic of Congo", "name", "cameo", "COD"),
        ("Congo", "name", "cameo", "COG"),
        ("TMP", "cameo", "iso3", "TLS"),
        ("USAPRI", "cameo", "iso2", "PR"),
        ("UKR", "cameo", "name", "Ukraine"),
    ],
)
def test_crosswalk_convert(
    crosswalk: Crosswalk, value: object, source: System, target: System, expected: str
) -> None:
    assert crosswalk.convert(value, source, target) == expected


@pytest.mark.parametrize(
    ("value", "source"),
    [
        ("XX", "fips"),
        ("ZZZ", "cameo"),
        ("999", "iso_numeric"),
        ("Atlantis", "name"),
        ("", "iso2"),
        (None, "cow"),
        ("abc", "gw"),
    ],
)
def test_crosswalk_unknown_is_none(crosswalk: Crosswalk, value: object, source: System) -> None:
    assert crosswalk.convert(value, source, "cameo") is None


@pytest.mark.parametrize("system", ["cameo", "iso2", "iso3", "fips"])
def test_crosswalk_codes_are_unique(crosswalk: Crosswalk, system: str) -> None:
    values = [getattr(c, system) for c in crosswalk.countries if getattr(c, system)]
    assert len(values) == len(set(values))
    assert len({c.id for c in crosswalk.countries}) == len(crosswalk.countries)
