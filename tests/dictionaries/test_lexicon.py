"""The packaged dictionaries load and validate; bad user rows are all reported."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from realpolitik.dictionaries.lexicon import load_lexicon
from realpolitik.errors import DictionaryError


def test_lexicon_packaged_dictionaries_are_valid() -> None:
    lexicon = load_lexicon()
    assert len(lexicon.cameo) >= 300
    assert {row.root for row in lexicon.verbs for row in [lexicon.cameo[row.code]]} >= {
        f"{n:02d}" for n in range(1, 21)
    }
    ids = [row.id for row in lexicon.actors]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize(
    ("code", "root", "quad", "goldstein", "plover"),
    [
        ("042", "04", 1, 1.9, "CONSULT"),
        ("190", "19", 4, -10.0, "ASSAULT"),
        ("1246", "12", 3, None, "REJECT"),
    ],
)
def test_lexicon_code_info(
    code: str, root: str, quad: int, goldstein: float | None, plover: str
) -> None:
    info = load_lexicon().code_info(code)
    assert (info.root, info.quad_class, info.plover_type) == (root, quad, plover)
    if goldstein is not None:
        assert info.goldstein == goldstein


@pytest.mark.parametrize(
    ("name", "day", "code"),
    [
        ("Joe Biden", dt.date(2015, 6, 1), "USAGOV"),
        ("Joe Biden", dt.date(2019, 6, 1), "USAELI"),
        ("Joe Biden", dt.date(2022, 6, 1), "USAGOV"),
        ("Nikol Pashinyan", dt.date(2019, 1, 1), "ARMGOV"),
        ("Vladimir Putin", dt.date(2010, 1, 1), "RUSGOV"),
    ],
)
def test_lexicon_roles_follow_the_date(name: str, day: dt.date, code: str) -> None:
    person = next(row for row in load_lexicon().actors if row.name == name)
    assert person.code_on(day) == code


def test_lexicon_reports_every_bad_row_with_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "mine.jsonl"
    rows = [
        {"id": "v-ok", "code": "042", "lemma": "tour"},
        {"id": "v-bad-code", "code": "9x99", "lemma": "tour"},
        {"id": "a-bad", "kind": "country", "code": "arm", "name": "X", "names": ["X"]},
    ]
    bad.write_text("\n".join(json.dumps(r) for r in rows) + "\n{not json\n", encoding="utf-8")
    with pytest.raises(DictionaryError) as err:
        load_lexicon([bad])
    message = str(err.value)
    assert f"{bad}:2" in message and f"{bad}:3" in message and f"{bad}:4" in message
    assert message.startswith("3 bad row(s)")
    assert message.count(str(bad)) == 3


def test_lexicon_user_rows_override_and_add(tmp_path: Path) -> None:
    mine = tmp_path / "mine.jsonl"
    mine.write_text(
        json.dumps(
            {
                "id": "person-test-gandalf",
                "kind": "person",
                "code": "ARMELI",
                "name": "Gandalf Grey",
                "names": ["Gandalf Grey"],
                "country": "ARM",
            }
        )
        + "\n",
        encoding="utf-8",
    )
    lexicon = load_lexicon([mine])
    assert any(row.id == "person-test-gandalf" for row in lexicon.actors)
    assert lexicon.version.endswith("+user")


def test_lexicon_missing_path_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(DictionaryError, match="does not exist"):
        load_lexicon([tmp_path / "nope.jsonl"])
