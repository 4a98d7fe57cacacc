"""Every input and store error message, triggered as a user meets it: real files, real
stores, the real command line (in process through typer's runner, or as a process)."""

from __future__ import annotations

import json
import random
import re
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from realpolitik.cli import app
from realpolitik.errors import Errors, InputError, RealpolitikError, StoreError
from realpolitik.ingest.readers import InputProblem, check_encoding, read_path
from realpolitik.records import Document
from realpolitik.store import connect, insert_event_rows

runner = CliRunner()


def invoke(*args: str, stdin: bytes | None = None) -> tuple[int, str]:
    """Exit code and what the user reads: the error raised, or the output."""
    result = runner.invoke(app, list(args), input=stdin)
    if isinstance(result.exception, RealpolitikError):
        return result.exit_code, str(result.exception)
    return result.exit_code, result.output


def problems(path: Path, **options: object) -> list[InputProblem]:
    return [i for i in read_path(str(path), **options) if isinstance(i, InputProblem)]  # type: ignore[arg-type]


def row(n: int, **changes: object) -> dict[str, object]:
    fields: dict[str, object] = {
        "original_id": str(n), "date": "2024-01-02", "source": "USA", "target": "CHN",
        "code": "042", "root": "04", "quad_class": 1, "goldstein": 1.9,
        "sentence": f"Report {n} about a visit.", "modality": "asserted",
    }  # fmt: skip
    fields.update(changes)
    return fields


@pytest.fixture
def store(tmp_path: Path) -> Path:
    """A store with three imported events, two of whose ids share the prefix 'abcd'."""
    path = tmp_path / "store.duckdb"
    rows = [row(1, event_id="abcd0001"), row(2, event_id="abcd0002"),
            row(3, event_id="ef012345", modality="negated")]  # fmt: skip
    assert insert_event_rows(path, rows, "icews") == 3
    return path


# -- input files: E001-E008 -----------------------------------------------------------------


def test_messages_e001_a_directory_is_not_a_document(tmp_path: Path) -> None:
    (problem,) = problems(tmp_path)
    assert problem.message == Errors.E001.format(path=tmp_path, reason="it is a directory")


@pytest.mark.parametrize(
    ("content", "code"), [(b" \n", "E002"), (b"text\x00\x01", "E003")], ids=["E002", "E003"]
)
def test_messages_e002_e003_empty_and_binary_files(
    tmp_path: Path, content: bytes, code: str
) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    (problem,) = problems(path)
    assert problem.message == getattr(Errors, code).format(path=path)


def test_messages_e004_names_the_encoding_and_the_option_that_exists(tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes("Gyumri caf\u00e9".encode("latin-1"))
    (problem,) = problems(path)
    assert problem.message == Errors.E004.format(path=path, encoding="UTF-8", offset=10)
    code, out = invoke("ingest", str(path), "--db", str(tmp_path / "s.duckdb"), "--no-code")
    assert code == 1 and "--encoding" in out
    # 0x81 is no character in cp1252
    path.write_bytes(b"Gyumri \x81")
    (problem,) = problems(path, encoding="cp1252")
    assert problem.message == Errors.E004.format(path=path, encoding="cp1252", offset=7)


def test_messages_e005_json_lines_errors_give_the_whole_reason(tmp_path: Path) -> None:
    path = tmp_path / "docs.jsonl"
    path.write_text(
        '{"id": "a", "text": "Russia warned Armenia."}\n'
        '{"id": "b", "text": "unterminated}\n'
        '{"id": "c", "text": "x",}\n'
        '["no object"]\n',
        encoding="utf-8",
    )
    found = problems(path)
    assert [p.message for p in found] == [
        Errors.E005.format(
            path=path, line=2,
            reason="invalid JSON (Unterminated string starting at column 21)",
        ),
        Errors.E005.format(
            path=path, line=3,
            reason="invalid JSON (Expecting property name enclosed in double quotes at column 25)",
        ),
        Errors.E005.format(path=path, line=4, reason="no 'text' string"),
    ]  # fmt: skip
    code, out = invoke("ingest", str(path), "--db", str(tmp_path / "s.duckdb"), "--no-code")
    assert code == 1 and "Unterminated string starting at column 21" in out


@pytest.mark.slow
def test_messages_e005_whole_reason_from_code(tmp_path: Path) -> None:
    path = tmp_path / "docs.jsonl"
    path.write_text('{"id": "b", "text": "unterminated}\n', encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "realpolitik", "code", str(path)],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert result.returncode == 1
    assert "invalid JSON (Unterminated string starting at column 21)" in result.stderr


@pytest.mark.parametrize("option", ["--since", "--until"])
def test_messages_e006_names_the_date_option_given(store: Path, option: str) -> None:
    code, out = invoke("events", "--db", str(store), option, "yesterday")
    assert code == 1 and out == Errors.E006.format(value="yesterday", where=option)


def test_messages_e006_date_of_ingest_and_of_a_row(tmp_path: Path) -> None:
    path = tmp_path / "docs.jsonl"
    path.write_text('{"id": "a", "text": "Talks.", "date": "soon"}\n', encoding="utf-8")
    code, out = invoke("ingest", str(path), "--db", str(tmp_path / "s.duckdb"), "--date", "x")
    assert code == 1 and out == Errors.E006.format(value="x", where="--date")
    (problem,) = problems(path)
    assert problem.message == Errors.E006.format(value="soon", where=f"{path}:1")


def test_messages_e007_e008_missing_and_huge_files(tmp_path: Path) -> None:
    (missing,) = problems(tmp_path / "nowhere.txt")
    assert missing.message == Errors.E007.format(path=tmp_path / "nowhere.txt")
    path = tmp_path / "long.txt"
    path.write_text("Russia warned Armenia. " * 10, encoding="utf-8")
    (huge,) = problems(path, max_bytes=100)
    assert huge.message == Errors.E008.format(path=path, size=230, limit=100)


# -- encodings: --encoding, E009, E010 ------------------------------------------------------


def test_messages_encoding_option_reads_other_codecs(tmp_path: Path) -> None:
    text = "Die Gespräche in Köln über Öl und Gas wurden am Montag fortgesetzt."
    (tmp_path / "de.txt").write_bytes(text.encode("cp1252"))
    (tmp_path / "ru.jsonl").write_bytes(
        json.dumps({"id": "ru", "text": "Переговоры в Ереване"}, ensure_ascii=False).encode(
            "koi8-r"
        )
        + b"\n"
    )
    (tmp_path / "wide.jsonl").write_text(
        json.dumps({"id": "w", "text": "Talks in Baku"}) + "\n", encoding="utf-16"
    )
    (german,) = read_path(str(tmp_path / "de.txt"), encoding="cp1252")
    (detected,) = read_path(str(tmp_path / "de.txt"), encoding="auto")
    (russian,) = read_path(str(tmp_path / "ru.jsonl"), encoding="koi8-r")
    (wide,) = read_path(str(tmp_path / "wide.jsonl"), encoding="utf-16")
    assert isinstance(german, Document) and german.text == text
    assert isinstance(detected, Document) and detected.text == text
    assert isinstance(russian, Document) and russian.text == "Переговоры в Ереване"
    assert isinstance(wide, Document) and wide.text == "Talks in Baku"


def test_messages_encoding_applies_to_ingest_files_and_stdin(tmp_path: Path) -> None:
    text = "Gyumri café talks resumed on Monday."
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_bytes(text.encode("latin-1"))
    db = tmp_path / "s.duckdb"
    code, out = invoke("ingest", str(tmp_path / "in"), "--db", str(db), "--no-code",
                       "--encoding", "latin-1")  # fmt: skip
    assert code == 0, out
    piped = "Yerevan protested to Baku about the café.".encode("cp1252")
    code, out = invoke("ingest", "-", "--db", str(db), "--no-code", "--encoding", "auto",
                       stdin=piped)  # fmt: skip
    assert code == 0, out
    with duckdb.connect(str(db), read_only=True) as con:
        texts = {r[0] for r in con.execute("SELECT text FROM documents").fetchall()}
    assert texts == {text, piped.decode("cp1252")}


def test_messages_e009_unknown_encoding_names_the_option(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("Talks.", encoding="utf-8")
    db = tmp_path / "s.duckdb"
    for name in ("klingon", "base64"):
        code, out = invoke("ingest", str(path), "--db", str(db), "--encoding", name)
        assert code == 1 and out == Errors.E009.format(value=name)
        assert "--encoding" in out
    assert not db.exists()
    with pytest.raises(InputError, match="Unknown encoding 'klingon'"):
        check_encoding("klingon")


def test_messages_e010_undetectable_encoding(tmp_path: Path) -> None:
    path = tmp_path / "noise.txt"
    rng = random.Random(1)
    path.write_bytes(bytes(rng.randrange(1, 256) for _ in range(3000)))
    (problem,) = problems(path, encoding="auto")
    assert problem.message == Errors.E010.format(path=path)


# -- the store: E301-E314 ------------------------------------------------------------------


def test_messages_e301_a_file_that_is_not_a_store(tmp_path: Path) -> None:
    path = tmp_path / "notes.duckdb"
    path.write_text("not a database", encoding="utf-8")
    code, out = invoke("db", "info", "--db", str(path))
    assert code == 1 and out.startswith(f"Cannot open the event store {path}: ")


def test_messages_e302_a_store_from_a_newer_realpolitik(store: Path) -> None:
    with duckdb.connect(str(store)) as con:
        con.execute("INSERT INTO schema_migrations VALUES (999, 'future', now())")
    code, out = invoke("db", "info", "--db", str(store))
    assert code == 1 and "has schema version 999, newer than" in out
    with pytest.raises(StoreError, match="schema version 999"):
        connect(store)


def test_messages_e303_e312_unknown_table_and_parquet_to_stdout(
    store: Path, tmp_path: Path
) -> None:
    code, out = invoke("db", "export", "nothing", str(tmp_path / "x.csv"), "--db", str(store))
    assert code == 1 and out.startswith("Unknown table 'nothing'. Tables: ")
    code, out = invoke("events", "--db", str(store), "--format", "parquet")
    assert code == 1 and out == Errors.E312


def test_messages_e304_e305_e306_e311_feeds_addresses_and_globs(tmp_path: Path) -> None:
    broken = tmp_path / "broken.rss"
    broken.write_text("<rss><channel><item><title>x</ti", encoding="utf-8")
    empty = tmp_path / "empty.rss"
    empty.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>W</title>'
        "<item><title>Empty</title><link>https://w.example.org/2</link></item>"
        "</channel></rss>",
        encoding="utf-8",
    )
    pattern = str(tmp_path / "none" / "*.txt")
    db = str(tmp_path / "s.duckdb")
    inputs = [str(broken), str(empty), pattern, "http://127.0.0.1:9/feed"]
    code, out = invoke("ingest", *inputs, "--db", db, "--no-code", "--timeout", "5")
    assert code == 1
    assert f"{broken} is not a readable RSS or Atom feed" in out
    assert Errors.E306.format(path=empty, entry=1) in out
    assert Errors.E311.format(pattern=pattern) in out
    assert "Cannot fetch http://127.0.0.1:9/feed: " in out


def test_messages_e307_e313_show_by_id_and_prefix(store: Path) -> None:
    for given in ("ef012345", "ef01", "ef012"):
        code, out = invoke("show", given, "--db", str(store), "--json")
        assert code == 0 and json.loads(out)["event"]["event_id"] == "ef012345", given
    code, out = invoke("show", "abcd", "--db", str(store))
    assert code == 1 and out == Errors.E313.format(id="abcd", path=store, count=2)
    for given in ("ef0", "ffff"):
        code, out = invoke("show", given, "--db", str(store))
        assert code == 1 and out == Errors.E307.format(id=given, path=store, min_prefix=4)


@pytest.mark.parametrize(
    ("option", "value"), [("--dyad", "RUS"), ("--quad", "7"), ("--quad", "x,3")]
)
def test_messages_e308_invalid_filters(store: Path, option: str, value: str) -> None:
    code, out = invoke("events", "--db", str(store), option, value)
    assert code == 1 and out.startswith(f"Invalid {option} '{value}': ")


def test_messages_e309_e310_imported_dataset_and_rows(tmp_path: Path) -> None:
    path = tmp_path / "store.duckdb"
    with pytest.raises(StoreError, match="Invalid dataset name 'Bad Name'"):
        insert_event_rows(path, [row(1)], "Bad Name")
    with pytest.raises(StoreError, match=r"Imported row 2 of 'icews': .*goldstein"):
        insert_event_rows(path, [row(1), row(2, goldstein="strong")], "icews")


READING = [
    ["events"], ["show", "abcd"], ["db", "info"], ["db", "export", "events", "out.parquet"],
    ["export", "gdelt2", "out.csv"], ["recode"], ["db", "cluster"],
]  # fmt: skip


@pytest.mark.parametrize("command", READING, ids=" ".join)
def test_messages_e314_reading_commands_never_create_a_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    monkeypatch.chdir(tmp_path)  # nor an output file
    typo = tmp_path / "typo.duckdb"
    code, out = invoke(*command, "--db", str(typo))
    assert code == 1 and out == Errors.E314.format(path=typo)
    assert list(tmp_path.iterdir()) == []


def test_messages_e314_from_the_real_command_and_writers_still_create(tmp_path: Path) -> None:
    typo = tmp_path / "typo.duckdb"
    result = subprocess.run(
        [sys.executable, "-m", "realpolitik", "events", "--db", str(typo)],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 1 and not typo.exists()
    assert result.stderr.strip() == f"error: {Errors.E314.format(path=typo)}"
    with pytest.raises(StoreError, match="does not exist"):
        connect(typo, read_only=True)
    (tmp_path / "a.txt").write_text("Talks.", encoding="utf-8")
    code, out = invoke("ingest", str(tmp_path / "a.txt"), "--db", str(typo), "--no-code")
    assert code == 0 and typo.exists(), out


# -- choices and help -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [["events", "--modality", "maybe"], ["events", "--format", "xml"],
     ["code", "a.txt", "--format", "xml"], ["export", "acled2", "x.csv"]],
)  # fmt: skip
def test_messages_closed_options_reject_other_values(store: Path, args: list[str]) -> None:
    result = runner.invoke(app, [*args, "--db", str(store)] if args[0] == "events" else args)
    assert result.exit_code == 2 and "Invalid value for" in result.output


def test_messages_modality_choice_filters(store: Path) -> None:
    code, out = invoke("events", "--db", str(store), "--modality", "negated", "-f", "jsonl")
    assert code == 0 and [json.loads(line)["event_id"] for line in out.splitlines()] == ["ef012345"]
    code, out = invoke("events", "--db", str(store), "--modality", "asserted", "-f", "jsonl")
    assert code == 0 and len(out.splitlines()) == 2


COMMANDS = [
    ["code"], ["demo"], ["ingest"], ["recode"], ["events"], ["show"], ["import"], ["export"],
    ["db", "info"], ["db", "export"], ["db", "dataset"], ["db", "cluster"], ["dictionary", "check"],
    ["dictionary", "import-petrarch"], ["dyad"], ["shifts"], ["network"], ["leverage"],
    ["compare"], ["reaction"],
]  # fmt: skip
PYTHON_TYPES = re.compile(r"<(?:list\[|str>|bool>|int>|float>|path>|Path>)")


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_messages_help_shows_placeholders_defaults_and_whole_words(command: list[str]) -> None:
    result = runner.invoke(app, [*command, "--help"], env={"COLUMNS": "80", "TERM": "dumb"})
    assert result.exit_code == 0, result.output
    page = result.output
    assert not PYTHON_TYPES.search(page), page
    text = " ".join(re.sub(r"[│╭╮╰╯─]", " ", page).split())
    click_command = _click_command(command)
    for param in click_command.params:
        for word in (param.help or "").replace("\\[", "[").split():
            assert word in text.split(), (word, page)
        choices = getattr(param.type_descriptor, "choices", None) or ()
        for choice in choices:
            assert str(getattr(choice, "value", choice)) in text.split(), (choice, page)
    if any(p.name == "db" for p in click_command.params):
        assert "[default: ./realpolitik.duckdb]" in text
    if command[0] in ("code", "ingest"):
        assert "--encoding CODEC" in text or ("--encoding" in text and "CODEC" in text)


def _click_command(command: list[str]):  # type: ignore[no-untyped-def]
    import typer

    found = typer.main.get_command(app)
    for name in command:
        found = found.commands[name]  # type: ignore[attr-defined]
    return found


@pytest.mark.parametrize("command", ["ingest", "code"])
def test_messages_paths_that_look_like_markup_are_printed_as_they_are(
    tmp_path: Path, command: str
) -> None:
    empty = tmp_path / "[bold]notes [red]:smile:.txt"
    empty.write_text("", encoding="utf-8")
    args = [command, str(empty)]
    if command == "ingest":
        args += ["--no-code", "--db", str(tmp_path / "s.duckdb")]
    code, output = invoke(*args)
    assert code == 1
    assert f"{empty} is empty" in output.replace("\n", "")
