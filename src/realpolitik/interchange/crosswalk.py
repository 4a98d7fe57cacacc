"""Country codes across code systems: CAMEO, ISO 3166, FIPS 10-4, COW, Gleditsch–Ward, names.

Event datasets name the same country differently: GDELT geography uses FIPS 10-4 (``UP`` is
Ukraine, ``GM`` Germany), actor codes use CAMEO (``ROM`` for Romania), ACLED ISO numeric,
POLECAT ISO alpha-3 and COW, ICEWS plain names. The crosswalk is data: one row per country in
``data/crosswalk/countries.jsonl``. An unknown code gives ``None``, never an exception, so an
importer can keep the row and record the raw value.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Literal, TypeVar

from pydantic import BaseModel

from realpolitik.dictionaries.lexicon import CROSSWALK_FILES
from realpolitik.dictionaries.schema import (
    CountryCodesRow,
    Problems,
    hint,
    load_rows,
)
from realpolitik.errors import Errors

M = TypeVar("M", bound=BaseModel)

CROSSWALK_DIR = Path(str(resources.files("realpolitik") / "data" / "crosswalk"))

System = Literal["cameo", "iso2", "iso3", "iso_numeric", "fips", "cow", "gw", "name"]
SYSTEMS: tuple[System, ...] = ("cameo", "iso2", "iso3", "iso_numeric", "fips", "cow", "gw", "name")


@dataclass(frozen=True)
class Country:
    """One row of the crosswalk: the codes of one country in every system."""

    id: str
    cameo: str
    name: str
    kind: str
    iso2: str | None
    iso3: str | None
    iso_numeric: str | None
    fips: str | None
    cow: int | None
    gw: int | None
    parent: str | None
    cameo_alt: tuple[str, ...]
    names: tuple[str, ...]


def _country(row: CountryCodesRow) -> Country:
    return Country(
        id=row.id,
        cameo=row.cameo,
        name=row.name,
        kind=row.kind,
        iso2=row.iso2,
        iso3=row.iso3,
        iso_numeric=row.iso_numeric,
        fips=row.fips,
        cow=row.cow,
        gw=row.gw,
        parent=row.parent,
        cameo_alt=tuple(row.cameo_alt),
        names=tuple(row.names),
    )


def name_key(name: str) -> str:
    """A country name folded for matching: no accents, case, punctuation or leading 'the'.

    Names written surname-first (``'Korea, Republic of'``) are turned round.

    Example:
        >>> name_key("Korea, Republic of"), name_key("Côte d'Ivoire")
        ('republic of korea', 'cote d ivoire')
    """
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().casefold()
    if folded.count(",") == 1:
        head, tail = (part.strip() for part in folded.split(","))
        if tail:
            folded = f"{tail} {head}"
    words = re.sub(r"[^a-z0-9]+", " ", folded).split()
    if words[:1] == ["the"]:
        words = words[1:]
    return " ".join(words)


class Crosswalk:
    """Lookups between country code systems.

    Example:
        >>> cw = Crosswalk.default()
        >>> cw.convert("UP", "fips", "cameo"), cw.convert("UKR", "cameo", "iso_numeric")
        ('UKR', '804')
        >>> cw.convert("ROM", "cameo", "iso3"), cw.convert("XX", "fips", "cameo") is None
        ('ROU', True)
    """

    def __init__(self, countries: list[Country]) -> None:
        self.countries = countries
        self._index: dict[str, dict[str, Country]] = {system: {} for system in SYSTEMS}
        for country in countries:
            for system in SYSTEMS[:-1]:
                value = getattr(country, system)
                if value is not None:
                    self._index[system].setdefault(str(value).upper(), country)
            for alt in country.cameo_alt:
                self._index["cameo"].setdefault(alt.upper(), country)
            for name in (country.name, *country.names):
                self._index["name"].setdefault(name_key(name), country)

    @classmethod
    def default(cls) -> Crosswalk:
        """The crosswalk of the packaged data file (loaded once)."""
        return _default()

    @classmethod
    def from_file(cls, path: Path) -> Crosswalk:
        """Load a crosswalk from JSON Lines, validated like every other data file.

        Each row is checked against the schema (unknown fields, code shapes, ids unique,
        ``parent`` a country of the file); every bad row is reported at once.

        Raises:
            DictionaryError: listing each problem as ``path:line: what is wrong``.
        """
        problems = Problems()
        rows = load_rows(path, CountryCodesRow, problems)
        codes = {code for _, row in rows for code in (row.cameo, *row.cameo_alt)}
        for line, row in rows:
            if row.parent is not None and row.parent not in codes:
                found = Errors.E118.format(
                    code=row.parent, field="parent", hint=hint(row.parent, codes)
                )
                problems.add(path, line, found)
        problems.raise_if_any()
        return cls([_country(row) for _, row in rows])

    def find(self, value: object, system: System) -> Country | None:
        """The country whose code in ``system`` is ``value``, or ``None``.

        Numeric systems accept ints or strings (``804``, ``'804'``, ``'804.0'``).

        Example:
            >>> Crosswalk.default().find("Russian Federation", "name").cameo
            'RUS'
        """
        if value is None:
            return None
        raw = str(value).strip()
        if not raw:
            return None
        if system == "name":
            return self._index["name"].get(name_key(raw))
        if system in ("iso_numeric", "cow", "gw"):
            try:
                number = int(float(raw))
            except ValueError:
                return None
            raw = f"{number:03d}" if system == "iso_numeric" else str(number)
        return self._index[system].get(raw.upper())

    def convert(self, value: object, source: System, target: System) -> str | None:
        """The code of ``value`` (a code in ``source``) in ``target``, or ``None`` if unknown.

        Example:
            >>> Crosswalk.default().convert("GM", "fips", "iso3")
            'DEU'
        """
        country = self.find(value, source)
        if country is None:
            return None
        code = country.name if target == "name" else getattr(country, target)
        return None if code is None else str(code)

    def cameo(self, value: object, source: System) -> str | None:
        """The CAMEO country code of ``value`` (a code in ``source``), or ``None``."""
        return self.convert(value, source, "cameo")

    def guess_cameo(self, value: object) -> str | None:
        """The CAMEO code of a value that may be a CAMEO or ISO alpha-3 code or a name.

        Example:
            >>> cw = Crosswalk.default()
            >>> cw.guess_cameo("ROU"), cw.guess_cameo("Ukraine"), cw.guess_cameo("Atlantis")
            ('ROM', 'UKR', None)
        """
        systems: tuple[System, ...] = ("cameo", "iso3", "name")
        for system in systems:
            found = self.cameo(value, system)
            if found is not None:
                return found
        return None


@lru_cache(maxsize=1)
def _default() -> Crosswalk:
    return Crosswalk.from_file(CROSSWALK_DIR / "countries.jsonl")


#: The crosswalk tables: the row each holds and its file (one list, with the data check's).
TABLES: dict[type[BaseModel], str] = {model: name for name, model in CROSSWALK_FILES.values()}


@lru_cache(maxsize=8)
def table(model: type[M]) -> tuple[M, ...]:
    """The validated rows of the packaged crosswalk table of ``model``, in file order.

    Raises:
        DictionaryError: listing every bad row as ``path:line: what is wrong``.

    Example:
        >>> table(IcewsSectorRow)[0].agent
        'GOV'
    """
    if model not in TABLES:
        known = ", ".join(kind.__name__ for kind in TABLES)
        raise KeyError(f"no crosswalk table of {model.__name__}; tables: {known}")
    problems = Problems()
    rows = load_rows(CROSSWALK_DIR / TABLES[model], model, problems)
    problems.raise_if_any()
    return tuple(row for _, row in rows)
