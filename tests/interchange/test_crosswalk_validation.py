"""The crosswalk files load through the shared schema path and hold no junk codes."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from realpolitik.dictionaries.schema import AcledActorRow, CameoRow, IcewsSectorRow, PloverEventRow
from realpolitik.errors import DictionaryError
from realpolitik.interchange.crosswalk import TABLES, Crosswalk, table

COUNTRY: dict[str, Any] = {
    "id": "xw-ARN",
    "cameo": "ARN",
    "name": "Arnor",
    "kind": "country",
    "iso2": "AR",
    "iso3": "ARN",
    "iso_numeric": "999",
    "fips": "AR",
    "cow": 999,
    "gw": 999,
    "parent": None,
    "cameo_alt": [],
    "names": ["Arnor"],
}


def write_rows(path: Path, rows: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    return path


def test_crosswalk_from_file_reports_every_bad_row(tmp_path: Path) -> None:
    path = write_rows(
        tmp_path / "countries.jsonl",
        [
            COUNTRY,
            COUNTRY | {"id": "xw-GON", "cameo": "GON", "iso2": "--"},
            COUNTRY | {"id": "xw-ROH", "cameo": "ROH", "knd": "country"},
            COUNTRY | {"name": "Arnor again"},
            COUNTRY | {"id": "xw-MOR", "cameo": "MOR", "parent": "QQQ"},
            COUNTRY | {"id": "xw-HAR", "cameo": "HAR", "kind": "teritory"},
        ],
    )
    with pytest.raises(DictionaryError) as err:
        Crosswalk.from_file(path)
    message = str(err.value)
    assert message.startswith("5 bad row(s)")
    assert f"{path}:2: iso2: '--' does not have the form ^[A-Z]{{2}}$" in message
    assert f"{path}:3: unknown field 'knd'; did you mean 'kind'?" in message
    assert f"{path}:4: duplicate id 'xw-ARN' (first defined at {path}:1)" in message
    assert f"{path}:5: unknown country 'QQQ' in parent" in message
    assert f"{path}:6: unknown kind 'teritory'; did you mean 'territory'?" in message
    assert "validation error" not in message


def test_crosswalk_from_file_of_good_rows(tmp_path: Path) -> None:
    path = write_rows(tmp_path / "countries.jsonl", [COUNTRY])
    assert Crosswalk.from_file(path).convert("AR", "fips", "cameo") == "ARN"


def test_crosswalk_packaged_table_of_every_kind_loads() -> None:
    for model, name in TABLES.items():
        rows = table(model)
        assert rows and all(isinstance(row, model) for row in rows), name
    with pytest.raises(KeyError):
        table(CameoRow)


@pytest.mark.parametrize("model", [IcewsSectorRow, AcledActorRow])
def test_crosswalk_agents_are_cameo_agent_codes(
    model: type[IcewsSectorRow | AcledActorRow],
) -> None:
    for row in table(model):
        assert isinstance(row, IcewsSectorRow | AcledActorRow)
        assert row.agent is None or re.fullmatch(r"([A-Z]{3})+", row.agent), row


@pytest.mark.parametrize(
    ("sector", "agent"),
    [("Ideological", "OPP"), ("Far Right", "OPP"), ("Medical / Health", "HLH")],
)
def test_crosswalk_icews_sectors_by_the_facts(sector: str, agent: str) -> None:
    rows = table(IcewsSectorRow)
    found = {row.sector: row.agent for row in rows}
    assert found[sector] == agent
    assert "NULL" not in found and "Unaffiliated Sectors" not in found


def test_crosswalk_plover_events_name_known_codes() -> None:
    rows = list(table(PloverEventRow))
    assert ("ASSAULT", "aerial", "195") in {(r.event, r.mode, r.code) for r in rows}


def test_crosswalk_territory_alternative_codes_use_the_parent_prefix() -> None:
    cw = Crosswalk.default()
    assert cw.convert("FRAWLF", "cameo", "iso3") == "WLF"
    for country in cw.countries:
        for alt in country.cameo_alt:
            assert country.parent is None or alt.startswith(country.parent), alt
