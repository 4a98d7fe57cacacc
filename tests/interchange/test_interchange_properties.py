"""Property tests: generated events written in every format read back with the fields the
format holds equal, and an event the format cannot hold is left out, never written."""

from __future__ import annotations

import datetime as dt
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from realpolitik.interchange import WRITABLE, Crosswalk, Problem, read, write
from realpolitik.interchange import acled as acled_format
from realpolitik.interchange import polecat as polecat_format
from realpolitik.interchange.rows import fill_code, lexicon, new_row

AGENTS = ("GOV", "MIL", "COP", "LEG", "JUD", "OPP", "REB", "CVL", "BUS", "MED", "PTY", "LAB")
PRECISIONS = ("city", "admin1", "country")
CODES = tuple(sorted(lexicon().cameo))
# fields each format holds, compared as they are; the others are listed in README's
# "Datasets users already hold" section
GDELT = ("date", "code", "root", "quad_class", "goldstein", "url")
GDELT += ("source", "source_name", "source_country", "target", "target_name", "target_country")
GDELT += ("location_name", "location_country", "location_latitude", "location_longitude")
GDELT += ("location_precision",)
HELD: dict[str, tuple[str, ...]] = {
    "gdelt1": GDELT,
    "gdelt2": GDELT,
    "icews": (
        *("date", "code", "event_name", "goldstein", "source", "source_name", "source_country"),
        *("target", "target_name", "target_country", "location_country"),
        *("location_latitude", "location_longitude"),
    ),
    "acled": (
        *("date", "root", "source_country", "target_country", "location_name"),
        *("location_country", "location_latitude", "location_longitude", "sentence"),
    ),
    "polecat": (
        *("date", "quad_class", "source", "source_name", "source_country", "target"),
        *("target_name", "target_country", "location_name", "location_country"),
        *("location_latitude", "location_longitude", "location_precision", "sentence", "url"),
    ),
    "plover": (
        *GDELT,
        *("event_id", "dataset", "original_id", "event_name", "plover_type", "plover_mode"),
        *("sentence",),
    ),
}


@lru_cache(maxsize=1)
def countries() -> tuple[str, ...]:
    """CAMEO country codes every format's country system names and reads back."""
    cw = Crosswalk.default()
    found = []
    for country in cw.countries:
        code = country.cameo
        if cw.find(code, "cameo") is not country:
            continue
        back = [cw.cameo(cw.convert(code, "cameo", s), s) for s in ("fips", "name", "iso3")]
        if all(value == code for value in back) and cw.guess_cameo(country.cameo) == code:
            found.append(code)
    return tuple(sorted(found))


SYLLABLES = ("ka", "lo", "min", "tar", "vek", "su", "dro", "pel", "zu", "ni")
word = st.lists(st.sampled_from(SYLLABLES), min_size=1, max_size=3).map("".join)
# 'Zq' and lower-case words: never a country's name, nor one of the spellings of 'missing'
words = st.lists(word, min_size=1, max_size=3).map(lambda parts: "Zq" + " ".join(parts))
coordinates = st.floats(-89.0, 89.0, allow_nan=False).map(lambda value: round(value, 4))


@st.composite
def actor(draw: st.DrawFn) -> tuple[str | None, str | None, str | None]:
    """(actor code, its country, its name): an actor that is a country, an agent of one,
    an agent of none, or no actor."""
    kind = draw(st.sampled_from(("country", "agent of country", "agent", "none")))
    if kind == "none":
        return None, None, None
    country = draw(st.sampled_from(countries())) if kind != "agent" else None
    agent = draw(st.sampled_from(AGENTS)) if kind != "country" else None
    return f"{country or ''}{agent or ''}", country, draw(st.one_of(st.none(), words))


@st.composite
def event(draw: st.DrawFn) -> dict[str, Any]:
    """A stored event row: a valid CAMEO code, actors, a date and optional fields."""
    number = draw(st.integers(0, 10**12))
    row = new_row("coded", f"{number:x}")
    row["event_id"] = f"coded-{number:x}"
    row["date"] = draw(st.dates(dt.date(1000, 1, 1), dt.date(2999, 12, 31)))
    row["date_precision"] = "day"
    fill_code(row, draw(st.sampled_from(CODES)))
    if draw(st.booleans()):  # else the code's own score, from fill_code
        row["goldstein"] = draw(st.floats(-10.0, 10.0).map(lambda g: round(g, 1)))
    for side in ("source", "target"):
        code, country, name = draw(actor())
        row.update({side: code, f"{side}_country": country, f"{side}_name": name})
    if draw(st.booleans()):
        row["location_country"] = draw(st.sampled_from(countries()))
        row["location_name"] = draw(words)
        row["location_latitude"] = draw(coordinates)
        row["location_longitude"] = draw(coordinates)
        row["location_precision"] = draw(st.sampled_from(PRECISIONS))
    row["sentence"] = draw(st.one_of(st.none(), words.map(lambda text: text + ".")))
    row["url"] = draw(st.one_of(st.none(), word.map(lambda name: "https://example.org/" + name)))
    return row


def expressible(format: str, row: dict[str, Any]) -> bool:
    """Whether ``format`` can hold the event (else the writer leaves it out)."""
    if format == "acled":
        return bool(acled_format.acled_type(row["code"]) and row["location_country"])
    if format == "polecat":
        return polecat_format.plover_of(row["code"])[0] is not None
    return True


@pytest.mark.parametrize("format", WRITABLE)
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=st.lists(event(), max_size=6))
def test_interchange_properties_write_then_read(format: str, rows: list[dict[str, Any]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"events.{format}"
        export = write(format, rows, path)
        kept = [row for row in rows if expressible(format, row)]
        assert export.written == len(kept)
        assert export.written + export.left_out_count == len(rows)
        back = list(read(format, path))
    assert not [item for item in back if isinstance(item, Problem)]
    assert len(back) == len(kept)
    for before, after in zip(kept, back, strict=True):
        assert isinstance(after, dict)
        if format == "acled":
            # ACLED names an actor of the event's country without saying so
            for side in ("source", "target"):
                if before[f"{side}_country"] is None and before[side] is not None:
                    before = dict(before, **{f"{side}_country": before["location_country"]})
            kind = acled_format.acled_type(before["code"])
            assert kind is not None and after["code"] == acled_format.event_code(*kind)
        if format == "polecat":
            assert after["plover_type"] == polecat_format.plover_of(before["code"])[0]
        assert {key: after[key] for key in HELD[format]} == {
            key: before[key] for key in HELD[format]
        }


@pytest.mark.parametrize("format", WRITABLE)
@settings(max_examples=10, deadline=None)
@given(rows=st.lists(event(), min_size=1, max_size=4), gone=st.data())
def test_interchange_properties_events_without_date_left_out(
    format: str, rows: list[dict[str, Any]], gone: st.DataObject
) -> None:
    undated = gone.draw(st.integers(0, len(rows) - 1))
    rows[undated] = dict(rows[undated], date=None)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"events.{format}"
        export = write(format, rows, path)
        assert dict(export.left_out).get("no date", 0) >= 1
        back = list(read(format, path))
    assert not [item for item in back if isinstance(item, Problem)]
    assert len(back) == export.written


def test_interchange_acled_actor_country_with_a_bracket_in_its_name(tmp_path: Path) -> None:
    # found by the round-trip property: a country whose name holds a bracket came back as the
    # country of the event's location
    row = new_row("coded", "cocos")
    fill_code(row, "145")
    row.update(
        date=dt.date(2023, 9, 19), target="CCK", target_country="CCK",
        location_name="Oranjestad", location_country="ABW", location_latitude=12.5,
        location_longitude=-70.0, location_precision="city",
    )  # fmt: skip
    path = tmp_path / "events.csv"
    assert write("acled", [row], path).written == 1
    back = [item for item in read("acled", path) if not isinstance(item, Problem)]
    assert len(back) == 1 and back[0]["target_country"] == "CCK"
