"""PETRARCH/TABARI dictionaries convert into rows of our schemas, on the real test-suite files."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from realpolitik.dictionaries import petrarch
from realpolitik.dictionaries.petrarch import (
    PetrarchFormatError,
    Rows,
    convert_directory,
    dictionary_kind,
    read,
    read_actors,
    read_agents,
    read_discards,
    read_verbs,
)
from realpolitik.dictionaries.schema import ActorRow, AgentRow, DiscardRow, Row, VerbPattern

# The PETRARCH-2 validation dictionaries live in the shared benchmarks beside the repository.
DICTS = Path(__file__).resolve().parents[2].parent / "shared/benchmarks/petr2_unittest_dicts"
needs_dicts = pytest.mark.skipif(not DICTS.is_dir(), reason=f"{DICTS} is not there")

MODELS: dict[str, type[Row]] = {
    "actors": ActorRow,
    "agents": AgentRow,
    "verbs": VerbPattern,
    "discards": DiscardRow,
}

# Irregular forms of the validation dictionary, for a stand-in lemmatiser.
_FORMS = {"said": "say", "called": "call", "met": "meet", "held": "hold", "ties": "tie"}


def lemma(word: str, pos: str) -> str:
    """A stand-in lemmatiser, so that most tests need no language model."""
    if word in _FORMS or pos == "VERB":
        return _FORMS.get(word, word)
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def dict_file(kind: str) -> Path:
    return DICTS / f"PETR.Validate.{kind}.txt"


_cache: dict[tuple[str, bool], Rows] = {}


def rows_of(kind: str, *, strict: bool = True) -> Rows:
    if (kind, strict) not in _cache:
        _cache[kind, strict] = read(dict_file(kind), kind, lemmatize=lemma, strict_codes=strict)
    return _cache[kind, strict]


def actor(name: str) -> dict[str, object]:
    return next(row for row in rows_of("actors") if name in row["names"])  # type: ignore[operator]


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# --- the real validation dictionaries --------------------------------------------------------


@needs_dicts
@pytest.mark.parametrize("kind", petrarch.KINDS)
def test_petrarch_real_files_give_valid_rows_with_unique_ids(kind: str) -> None:
    rows = rows_of(kind)
    assert len(rows) > 0
    ids = [row["id"] for row in rows]
    assert len(ids) == len(set(ids))
    for row in rows:
        MODELS[kind].model_validate(row)


@needs_dicts
@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("arnor", "ARN"),  # written 'ARNOR_': the trailing underscore is not part of the name
        ("minas tirith", "GON"),  # a '+' synonym
        ("ent", "ENT"),  # the code on the line after the name
        ("interpol", "IGOCOPITP"),
        ("palestinian", "PSE"),  # written '[pse]'
        ("president george w. bush", "USAGOV"),
    ],
)
def test_petrarch_actor_codes(name: str, code: str) -> None:
    row = actor(name)
    assert row["code"] == code
    assert row["kind"] == "imported"


@needs_dicts
@pytest.mark.parametrize(
    ("name", "day", "code"),
    [  # the dates and codes of the suite's DATE records
        ("sam gamgee", dt.date(2008, 1, 19), "HOBCIV"),
        ("sam gamgee", dt.date(2010, 1, 9), "ORCHOB"),
        ("sam gamgee", dt.date(2010, 1, 12), "ORCHOB"),
        ("sam gamgee", dt.date(2010, 1, 13), "HOBMIL"),
        ("sam gamgee", dt.date(2012, 12, 31), "HOBGOV"),
        ("hamfast gamgee", dt.date(1995, 1, 4), "HOB"),
        ("hamfast gamgee", dt.date(2012, 11, 9), "HOBGOV"),
        ("hamfast gamgee", dt.date(2014, 1, 4), "HOB"),
        ("smeagol", dt.date(1995, 11, 1), "HOBGOV"),
        ("slinker", dt.date(2001, 1, 1), "HOBREB"),
        ("zimbabwe", dt.date(1978, 12, 23), "RHO"),
        ("zimbabwe", dt.date(2001, 1, 1), "ZBW"),
    ],
)
def test_petrarch_date_restricted_actors_get_roles(name: str, day: dt.date, code: str) -> None:
    row = actor(name)
    assert row["roles"]
    assert ActorRow.model_validate(row).code_on(day) == code


@needs_dicts
def test_petrarch_actor_odd_entries_are_skipped_or_simplified() -> None:
    rows = rows_of("actors")
    assert not any("boromir" in row["names"] for row in rows)  # type: ignore[operator]
    assert rows.counts["null"] == 1
    assert actor("lorien")["codes"] == ["ELR", "GAL"]
    assert any(w.line == 101 and "G77" in w.reason for w in rows.warnings)
    # Only dated codes: the default is the country the roles share.
    assert actor("gollum")["code"] == "HOB"


@needs_dicts
@pytest.mark.parametrize(
    ("term", "code"),
    [
        ("president", "GOV"),
        ("foreign minister", "GOVFRM"),
        ("police", "COP"),  # written '[ ~COP]'
        ("troop", "MIL"),  # 'TROOPS {}': the lemma first, then the written form
        ("attorneys general", "GOV"),  # the {plural}
        ("congresswomen", "LEG"),  # CONGRESS!PERSON!
        ("ministries of silly walks", "GOV"),  # !MINST!_OF_SILLY_WALKS
        ("human rights body", "NGO"),  # '[NGO~]', kept as a suffix
    ],
)
def test_petrarch_agent_codes_and_terms(term: str, code: str) -> None:
    row = next(row for row in rows_of("agents") if term in row["terms"])  # type: ignore[operator]
    assert row["code"] == code
    assert all(t == t.lower() and "_" not in t for t in row["terms"])  # type: ignore[attr-defined]


@needs_dicts
def test_petrarch_agent_codes_placed_before_the_country_are_counted() -> None:
    rows = rows_of("agents")
    assert rows.counts["inexact"] == 3
    assert [w.line for w in rows.warnings] == [47, 48, 87]


@needs_dicts
@pytest.mark.parametrize(
    ("lemma_", "code", "fields"),
    [
        ("arrive", "032", {"reverse_code": "033"}),  # ARRIVE [032:033]
        ("celebrate", "043", {"object": ["eid"], "prep": ["with"], "target": "prep"}),
        ("celebrate", "044", {"object": ["iftar"], "prep": ["at"], "target": "prep"}),
        ("warn", "162", {"prep": ["about"], "target": "prep"}),  # - * THEIR ^ ABOUT +
        ("back", "013", {"particle": "down", "prep": ["from"]}),  # - * DOWN FROM
        ("set", "082", {"particle": "up", "object": ["committee"], "reverse_code": "082"}),
        ("launch", "122", {"object": ["offensive"], "modifier": ["diplomatic"]}),
        ("lash", "122", {"particle": "out"}),  # --- LASH OUT [122] ---
        ("cordon", "1721", {"particle": "off"}),  # +CORDON_OFF in the EXCLUDE block
        ("say", "023", {}),  # SAID
        ("downplay", "014", {}),  # a verb line with its own code
        ("postpone", "120", {}),  # '--- DELAY [120] [031:031] ---': the first code
    ],
)
def test_petrarch_verb_blocks_give_expected_rows(
    lemma_: str, code: str, fields: dict[str, object]
) -> None:
    matches = [
        row
        for row in rows_of("verbs")
        if row["lemma"] == lemma_
        and row["code"] == code
        and all(row.get(key) == value for key, value in fields.items())
    ]
    assert matches, f"no {lemma_} {code} {fields}"
    assert all(row["pos"] == "VERB" for row in matches)


@needs_dicts
def test_petrarch_synsets_expand_into_the_lists_of_a_row() -> None:
    loose = rows_of("verbs", strict=False)
    # - * &TIETYPES TIES [902] under ABANDON: one row, the synset members as modifiers.
    ties = [row for row in loose if row["code"] == "902" and row["lemma"] == "abandon"]
    assert [(row["object"], row["modifier"]) for row in ties] == [
        (["tie"], ["military", "economic", "cultural"])
    ]
    # - * &CURRENCY [903]: bare currencies join one row; 'Swiss francs' keeps its modifier.
    money = [row for row in loose if row["code"] == "903" and row["lemma"] == "contribute"]
    assert money[0]["object"] == ["dollar", "euro", "peso", "kroner", "yen"]
    assert {"object": ["franc"], "modifier": ["swiss"]}.items() <= money[-1].items()
    # - IF DOES NOT * &TESTSYN5 [173]: 'missiles' repeats the exact '* MISSILES [016]'.
    withdraw = [row for row in rows_of("verbs") if row["lemma"] == "withdraw"]
    assert [r["code"] for r in withdraw if r.get("object") == ["rocket"]] == ["173"]
    assert [r["code"] for r in withdraw if r.get("object") == ["missile"]] == ["016"]


@needs_dicts
def test_petrarch_null_and_unexpressible_patterns_are_counted_not_kept() -> None:
    rows = rows_of("verbs")
    assert rows.counts["null"] > 0 and rows.counts["unexpressible"] > 0
    # BOYCOTT: '- SAID * [172]' says nothing our schema can hold.
    assert not any(r["lemma"] == "boycott" and r["code"] == "172" for r in rows)
    assert any(w.line == 249 and "nothing in it" in w.reason for w in rows.warnings)
    # Simplified patterns say what they lost.
    free = next(r for r in rows if r["lemma"] == "free" and r["code"] == "053")
    assert "not expressed: 'said' before the verb" in str(free["note"])


@needs_dicts
def test_petrarch_strict_codes_keep_only_cameo() -> None:
    strict, loose = rows_of("verbs"), rows_of("verbs", strict=False)
    assert not any(row["code"] == "903" for row in strict)
    assert any(row["code"] == "903" for row in loose)
    assert strict.counts["bad_code"] > loose.counts["bad_code"]


@needs_dicts
def test_petrarch_convert_directory_writes_four_valid_files(tmp_path: Path) -> None:
    counts = convert_directory(DICTS, tmp_path / "out", lemmatize=lemma)
    seen: set[str] = set()
    for kind in petrarch.KINDS:
        lines = (tmp_path / "out" / f"{kind}.jsonl").read_text(encoding="utf-8").splitlines()
        assert counts[kind] == len(lines) > 0
        for line in lines:
            row = MODELS[kind].model_validate(json.loads(line))
            assert row.id not in seen
            seen.add(row.id)
    assert counts["verbs_null"] > 0 and counts["warnings"] > 0


@needs_dicts
@pytest.mark.slow
@pytest.mark.parametrize(
    ("lemma_", "code"), [("say", "023"), ("meet", "031"), ("wound", "223"), ("deny", "140")]
)
def test_petrarch_verbs_with_the_spacy_lemmatiser(lemma_: str, code: str) -> None:
    rows = read_verbs(dict_file("verbs"), strict_codes=False)
    assert any(row["lemma"] == lemma_ and row["code"] == code for row in rows)


# --- small files -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pattern", "fields"),
    [
        ("- * THE UPKEEP [042]", {"object": ["upkeep"]}),
        ("- * AT ^ + [042]", {"prep": ["at"], "target": "prep"}),
        ("- *_UPON [042]", {"prep": ["upon"], "target": "prep"}),  # a trailing preposition
        ("- * OFF_ [042]", {"particle": "off"}),
        ("- $ * + [042]", {}),  # the default arrangement: subject acts on the object
        ("- SAID * RELATIONS [042]", {"object": ["relation"]}),  # simplified, noted
    ],
)
def test_petrarch_pattern_shapes(tmp_path: Path, pattern: str, fields: dict[str, object]) -> None:
    path = write(tmp_path, "x.verbs.txt", f"--- VISIT [---] ---\nVISIT\n{pattern}\n")
    rows = read_verbs(path, lemmatize=lemma, id_prefix="v")
    assert len(rows) == 1
    row = rows[0]
    assert row["id"] == "v-3-1" and row["lemma"] == "visit" and row["code"] == "042"
    assert {k: row[k] for k in fields} == fields
    assert set(row) - set(fields) == {"id", "code", "lemma", "pos", "note"}
    VerbPattern.model_validate(row)


@pytest.mark.parametrize(
    "pattern",
    ["- SAID * [042]", "- + * FROM $ [042]", "- * + IN DETENTION [042]", "- % * [042]"],
)
def test_petrarch_patterns_with_nothing_expressible_give_no_row(
    tmp_path: Path, pattern: str
) -> None:
    path = write(tmp_path, "x.verbs.txt", f"--- VISIT [---] ---\nVISIT\n{pattern}\n")
    rows = read_verbs(path, lemmatize=lemma)
    assert list(rows) == []
    assert rows.counts == {"null": 1, "unexpressible": 1}
    assert [w.line for w in rows.warnings] == [3]


def test_petrarch_nested_synsets_expand(tmp_path: Path) -> None:
    text = (
        "&INNER\n+CLOSER\n+NEARER\n&OUTER_\n+&INNER\n+WARMER\n"
        "--- MOVE [---] ---\nMOVE\n- * &OUTER TIES [064]\n- * &MISSING [064]\n"
    )
    rows = read_verbs(write(tmp_path, "x.verbs.txt", text), lemmatize=lemma, id_prefix="v")
    assert [(row["id"], row["modifier"]) for row in rows] == [
        ("v-9-1", ["closer", "nearer", "warmer"])
    ]
    assert [w.reason for w in rows.warnings] == ["synset &MISSING is not defined"]


def test_petrarch_malformed_lines_are_warned_and_skipped(tmp_path: Path) -> None:
    text = "+ORPHAN\nARNOR [ARN\nGONDOR [GON]\nSHIRE [SHR <9506]\n <!-- open comment\n"
    rows = read_actors(write(tmp_path, "x.actors.txt", text))
    assert [row["code"] for row in rows] == ["GON"]
    assert [(w.line, w.reason.split()[0]) for w in rows.warnings] == [
        (1, "no"),
        (2, "unbalanced"),
        (4, "date"),
        (5, "comment"),
    ]
    assert str(rows.warnings[0]).startswith(f"{tmp_path / 'x.actors.txt'}:1: ")


def test_petrarch_discards_keep_their_scope_in_the_reason(tmp_path: Path) -> None:
    path = write(tmp_path, "x.discards.txt", "# comment\nWORLD_CUP\n+TYPHOON  # pas\n")
    rows = read_discards(path, id_prefix="d")
    assert [(r["id"], r["phrase"], r["scope"]) for r in rows] == [
        ("d-2", "world cup", "sentence"),
        ("d-3", "typhoon", "sentence"),
    ]
    assert "story" in str(rows[1]["reason"]) and rows.counts["inexact"] == 1


@pytest.mark.parametrize("kind", petrarch.KINDS)
def test_petrarch_binary_file_is_a_clear_error(tmp_path: Path, kind: str) -> None:
    path = tmp_path / f"junk.{kind}.txt"
    garbage = bytes(b for b in range(256) if b != ord("\n"))
    path.write_bytes(garbage + b"\nGONDOR [GON]\n\x00\x01\n")
    with pytest.raises(ValueError, match=r"junk\.\w+\.txt") as err:
        read(path, kind, lemmatize=lemma)
    assert isinstance(err.value, PetrarchFormatError)
    assert [problem.line for problem in err.value.problems] == [1, 3]
    assert "binary data" in str(err.value)


def test_petrarch_convert_directory_names_the_bad_file(tmp_path: Path) -> None:
    write(tmp_path, "a.actors.txt", "GONDOR [GON]\n")
    (tmp_path / "b.verbs.txt").write_bytes(b"\x00\xff\xfe garbage")
    with pytest.raises(ValueError, match=r"b\.verbs\.txt"):
        convert_directory(tmp_path, tmp_path / "out", lemmatize=lemma)


@pytest.mark.parametrize("make", ["missing", "empty"])
def test_petrarch_convert_directory_without_dictionaries(tmp_path: Path, make: str) -> None:
    src = tmp_path / "src"
    if make == "empty":
        src.mkdir()
    with pytest.raises(ValueError, match="src"):
        convert_directory(src, tmp_path / "out", lemmatize=lemma)


def test_petrarch_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"nowhere\.actors\.txt"):
        read_actors(tmp_path / "nowhere.actors.txt")


@pytest.mark.parametrize(
    ("name", "text", "kind"),
    [
        ("PETR.Validate.actors.txt", "", "actors"),
        ("Phoenix.agents.txt", "", "agents"),
        ("CAMEO.2.0.txt", "<!-- verbs -->\n--- ABANDON [---] ---\nABANDON\n", "verbs"),
        ("mine.txt", "PRESIDENT [~GOV]\n", "agents"),
        ("notes.txt", "nothing to see\n", None),
        ("rows.jsonl", '{"id": "x"}\n', None),
    ],
)
def test_petrarch_dictionary_kind(tmp_path: Path, name: str, text: str, kind: str | None) -> None:
    assert dictionary_kind(write(tmp_path, name, text)) == kind


def test_petrarch_agent_file_with_undefined_substitution(tmp_path: Path) -> None:
    text = "!PERSON! = MAN, WOMAN\nCONGRESS!PERSON! [~LEG]\n!MINST!_OF_FUN [~GOV]\nAMBASSADOR GOV\n"
    rows = read_agents(write(tmp_path, "x.agents.txt", text), lemmatize=lemma)
    assert [row["terms"] for row in rows] == [["congressman", "congresswoman"]]
    assert [w.line for w in rows.warnings] == [3, 4]


def _bad_actor_file(path: Path, bad: int) -> Path:
    lines = ["ARNOR [ARN]", "MORDOR [MOR 20010101-19990101]", "GONDOR [GON <19900101]"]
    lines += [f"ORC BAND {n} [x{n}]" for n in range(bad)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_petrarch_convert_names_every_skipped_line(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    path = _bad_actor_file(src / "middle.actors.txt", 3)
    (src / "middle.discards.txt").write_text("BASEBALL\n", encoding="utf-8")
    conversion = petrarch.convert(src, tmp_path / "out")
    assert conversion.counts["actors"] == 2 and conversion.counts["discards"] == 1
    assert [(w.path, w.line) for w in conversion.warnings] == [(path, n) for n in (2, 4, 5, 6)]
    report = conversion.report()
    assert report.startswith("4 line(s) were skipped or simplified on import:")
    assert f"{path}:2: date range '20010101-19990101' ends before it starts" in report
    assert f"{path}:4: 'X0' is not an actor code" in report
    assert "more line(s)" not in report


def test_petrarch_import_cli_lists_the_first_twenty_then_a_count(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from realpolitik.cli import app

    src = tmp_path / "src"
    src.mkdir()
    path = _bad_actor_file(src / "middle.actors.txt", 25)
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["dictionary", "import-petrarch", str(src), str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == f"2 actors, 0 agents, 0 verbs, 0 discards written to {out}"
    lines = result.stderr.splitlines()
    assert lines[0] == "26 line(s) were skipped or simplified on import:"
    assert lines[1] == f"  {path}:2: date range '20010101-19990101' ends before it starts"
    assert lines[2].startswith(f"  {path}:4: 'X0' is not an actor code")
    assert len(lines) == 22 and lines[-1] == "  ... and 6 more line(s)"
    rows = [json.loads(line) for line in (out / "actors.jsonl").read_text().splitlines()]
    assert [row["code"] for row in rows] == ["ARN", "GON"]
