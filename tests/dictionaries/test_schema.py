"""Every data file goes through one schema path; problems read as 'path:line: what is wrong'."""

from __future__ import annotations

import json
import string
from pathlib import Path
from typing import Any, get_args

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError
from typer.testing import CliRunner

from realpolitik.cli import app
from realpolitik.dictionaries.lexicon import check_data, load_lexicon
from realpolitik.dictionaries.schema import ActorKind, ActorRow, describe
from realpolitik.errors import DictionaryError

runner = CliRunner()

ACTOR: dict[str, Any] = {
    "id": "group-test-riders",
    "kind": "group",
    "code": "ARMREB",
    "name": "Riders of the Plain",
    "names": ["Riders of the Plain"],
    "country": "ARM",
}
# what pydantic's own messages look like; none of it may reach the user
PYDANTIC_WORDS = ("validation error", "input_value", "input_type", "errors.pydantic.dev")


def write_rows(path: Path, rows: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    return path


def check(*paths: Path) -> tuple[int, str, str]:
    result = runner.invoke(app, ["dictionary", "check", *map(str, paths)])
    return result.exit_code, result.stdout, result.stderr


def test_schema_packaged_data_all_validate() -> None:
    result = check_data()
    assert result.problems == []
    for kind in ("actors", "verbs", "cameo", "countries", "icews_sectors", "acled_events"):
        assert result.counts[kind] > 0, kind
    assert result.counts["places"] > 0 and result.counts["plover_events"] > 0


def test_schema_check_cli_prints_an_ok_summary() -> None:
    code, out, _ = check()
    assert code == 0
    assert out.startswith("OK: ") and "all rows valid" in out
    assert " actors, " in out and " ICEWS sectors, " in out and " places" in out


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"kind": "grup"}, "unknown kind 'grup'; did you mean 'group'?"),
        ({"kind": "zzzz"}, "unknown kind 'zzzz'; use one of 'country', 'territory', "),
        ({"knd": "group"}, "unknown field 'knd'; did you mean 'kind'?"),
        ({"qwxyz": 1}, "unknown field 'qwxyz'; the fields of actor rows are id, kind"),
        ({"name": 5}, "name: Input should be a valid string"),
        ({"country": "QQQ"}, "unknown country 'QQQ' in country: it is not a known CAMEO/ISO"),
        (
            {"country": "ARN"},
            "unknown country 'ARN' in country: it is not a known CAMEO/ISO country code "
            "(data/crosswalk/countries.jsonl); did you mean '",
        ),
        ({"un_status": "membr"}, "unknown un_status 'membr'; did you mean 'member'?"),
        (
            {"roles": [{"code": "ARMGOV", "titel": "Chief"}]},
            "unknown field 'roles.0.titel'; did you mean 'title'?",
        ),
    ],
)
def test_schema_user_actor_problem_is_named_plainly(
    tmp_path: Path, change: dict[str, Any], message: str
) -> None:
    row = {key: value for key, value in {**ACTOR, **change}.items() if value is not None}
    mine = write_rows(tmp_path / "mine.jsonl", [ACTOR | {"id": "group-test-ok"}, row])
    code, out, err = check(mine)
    assert code == 1
    assert f"{mine}:2: {message}" in out
    assert f"{mine}:1:" not in out
    assert "1 problem(s)" in err
    assert not any(word in out for word in PYDANTIC_WORDS)


def test_schema_missing_field_is_named(tmp_path: Path) -> None:
    row = {key: value for key, value in ACTOR.items() if key != "name"}
    mine = write_rows(tmp_path / "mine.jsonl", [row])
    code, out, _ = check(mine)
    assert code == 1
    assert f"{mine}:1: missing field 'name'; actor rows need it" in out


def test_schema_duplicate_ids_in_one_file_name_both_lines(tmp_path: Path) -> None:
    mine = write_rows(tmp_path / "mine.jsonl", [ACTOR, ACTOR | {"name": "Other"}])
    code, out, _ = check(mine)
    assert code == 1
    assert (
        f"{mine}:2: duplicate id 'group-test-riders' (first defined at {mine}:1); "
        "give one of the two rows another id"
    ) in out


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (
            {"id": "v-bad-root", "code": "2999", "lemma": "zap"},
            "unknown CAMEO code '2999' in code: it is not in the CAMEO taxonomy",
        ),
        (
            {"id": "v-bad-reverse", "code": "042", "lemma": "zap", "reverse_code": "991"},
            "unknown CAMEO code '991' in reverse_code",
        ),
        (
            {"id": "c-bad", "governor": "intent", "root": "04", "code": "0399"},
            "unknown CAMEO code '0399' in code",
        ),
    ],
)
def test_schema_bad_cameo_code_is_reported(
    tmp_path: Path, row: dict[str, Any], message: str
) -> None:
    mine = write_rows(tmp_path / "mine.jsonl", [row])
    code, out, _ = check(mine)
    assert code == 1
    assert f"{mine}:1: {message}" in out


def test_schema_imported_verb_codes_are_kept_and_hand_written_ones_checked(
    tmp_path: Path,
) -> None:
    # PETRARCH dictionaries carry codes of their own ('903', '174K'); import-petrarch writes
    # their rows with 'petr-' ids, and those stay usable
    mine = write_rows(
        tmp_path / "mine.jsonl",
        [
            {"id": "petr-verb-mine-3-1", "code": "903", "lemma": "zap"},
            {"id": "v-local", "code": "174K", "lemma": "zap"},
        ],
    )
    code, out, _ = check(mine)
    assert code == 1
    assert out.splitlines() == [
        f"{mine}:2: unknown CAMEO code '174K' in code: it is not in the CAMEO taxonomy "
        "(data/taxonomy/cameo.jsonl); did you mean '174'?"
    ]


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (
            {"id": "s-junk", "sector": "Unaffiliated Sectors", "agent": "iSec"},
            "agent: 'iSec' is not a CAMEO agent code: use groups of three capital letters",
        ),
        (
            {"id": "s-dash", "sector": "Ideological", "agent": "---"},
            "agent: '---' is not a CAMEO agent code",
        ),
        (
            {"id": "a-junk", "inter": 9, "name": "Other", "agent": "——"},
            "agent: '——' is not a CAMEO agent code",
        ),
        (
            {"id": "e-junk", "event_type": "Battles", "sub_event_type": None, "code": "--"},
            "unknown CAMEO code '--' in code",
        ),
        (
            {"id": "p-event", "event": "ASSALT", "mode": None, "code": "190"},
            "unknown PLOVER event type 'ASSALT' in event; did you mean 'ASSAULT'?",
        ),
        (
            {"id": "p-mode", "event": "ASSAULT", "mode": "aireal", "code": "195"},
            "unknown PLOVER mode 'aireal' of ASSAULT in mode; did you mean 'aerial'?",
        ),
        (
            {"id": "xw-QQQ", "cameo": "QQQ", "name": "Q", "iso2": "q", "parent": "QQX"},
            "iso2: 'q' does not have the form ^[A-Z]{2}$",
        ),
    ],
)
def test_schema_crosswalk_row_with_junk_is_reported(
    tmp_path: Path, row: dict[str, Any], message: str
) -> None:
    mine = write_rows(tmp_path / "crosswalk.jsonl", [row])
    code, out, _ = check(mine)
    assert code == 1
    assert f"{mine}:1: {message}" in out


def test_schema_row_of_no_known_kind(tmp_path: Path) -> None:
    mine = write_rows(tmp_path / "mine.jsonl", [{"id": "x", "colour": "red"}])
    code, out, _ = check(mine)
    assert code == 1
    assert f"{mine}:1: cannot tell what the row describes: none of the fields" in out


def test_schema_every_problem_of_a_load_is_collected(tmp_path: Path) -> None:
    mine = write_rows(
        tmp_path / "mine.jsonl",
        [
            ACTOR | {"kind": "grup"},
            ACTOR | {"id": "group-test-2", "knd": "group"},
            ACTOR | {"id": "group-test-3", "country": "QQQ"},
            {"id": "v-bad", "code": "2999", "lemma": "zap"},
        ],
    )
    with pytest.raises(DictionaryError) as err:
        load_lexicon([mine])
    message = str(err.value)
    assert message.startswith("4 bad row(s)")
    lines = [line.strip() for line in message.splitlines()[1:]]
    assert [line.split(": ")[0] for line in lines] == [f"{mine}:{n}" for n in (1, 2, 3, 4)]
    assert not any(word in message for word in PYDANTIC_WORDS)


def test_schema_a_user_row_still_overrides_a_packaged_one(tmp_path: Path) -> None:
    packaged = next(row for row in load_lexicon().actors if row.kind == "country")
    row = packaged.model_dump(mode="json", exclude_defaults=True) | {"name": "Renamed"}
    mine = write_rows(tmp_path / "mine.jsonl", [row])
    lexicon = load_lexicon([mine])
    assert next(a for a in lexicon.actors if a.id == packaged.id).name == "Renamed"


@settings(max_examples=40, deadline=None)
@given(kind=st.text(alphabet=string.ascii_letters, min_size=1, max_size=12))
def test_schema_any_unknown_kind_reads_as_a_sentence(kind: str) -> None:
    try:
        ActorRow.model_validate(ACTOR | {"kind": kind})
    except ValidationError as err:
        text = describe(err.errors()[0], ActorRow)
        assert text.startswith(f"unknown kind '{kind}'; ")
        assert "did you mean '" in text or "use one of 'country', " in text
    else:
        assert kind in get_args(ActorKind)


def test_schema_taxonomy_names_are_plain_text() -> None:
    # names are shown in tables, reports and the dashboard: no characters misread from an
    # old encoding (a Mac Roman quote read as Latin-1 becomes Ò or Ó)
    taxonomy = Path(__file__).resolve().parents[2] / "src/realpolitik/data/taxonomy"
    for path in sorted(taxonomy.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            name = str(row.get("name", ""))
            assert name.isprintable() and not set(name) & set("ÒÓÔÕÐÑ"), (path.name, row["id"])
