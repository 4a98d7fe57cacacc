"""The command line, run as a user runs it: a real process on real files."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

pytestmark = pytest.mark.slow

REQUIRED_FIELDS = {
    "event_id",
    "doc_id",
    "date",
    "date_precision",
    "date_source",
    "source",
    "source_name",
    "source_country",
    "target",
    "target_name",
    "target_country",
    "code",
    "root",
    "event_name",
    "quad_class",
    "goldstein",
    "plover_type",
    "plover_mode",
    "modality",
    "attribution",
    "location",
    "quantity",
    "sentence",
    "sentence_index",
    "char_start",
    "char_end",
    "trigger",
    "rules",
    "confidence",
}


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "realpolitik", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def test_cli_code_jsonl_carries_every_field_and_the_doc_id(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text(
        json.dumps(
            {
                "id": "n1",
                "text": "Moscow summoned Armenia's ambassador on September 8.",
                "date": "2023-09-10",
            }
        )
        + "\n",
        encoding="utf-8",
    )
    result = run("code", str(corpus), "--format", "jsonl")
    assert result.returncode == 0, result.stderr
    events = [json.loads(line) for line in result.stdout.splitlines()]
    assert events and set(events[0]) >= REQUIRED_FIELDS
    event = events[0]
    assert (event["doc_id"], event["source"], event["target"]) == ("n1", "RUSGOV", "ARMGOV")
    assert event["date"] == "2023-09-08" and event["date_source"] == "text"
    text = corpus.read_text()
    document = json.loads(text)["text"]
    assert document[event["char_start"] : event["char_end"]] == event["trigger"]


def test_cli_code_reads_stdin_and_writes_csv() -> None:
    result = run(
        "code",
        "-",
        "--date",
        "2023-09-20",
        "--format",
        "csv",
        stdin="Azerbaijan launched an offensive against Armenia.",
    )
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows and rows[0]["source"] == "AZE" and rows[0]["code"].startswith("19")


def test_cli_code_explain_shows_rule_and_path(tmp_path: Path) -> None:
    result = run(
        "code", "-", "--date", "2023-09-20", "--explain", stdin="Russian troops attacked Armenia."
    )
    assert result.returncode == 0, result.stderr
    assert "pattern verb-" in result.stderr and "nsubj" in result.stderr


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"", "is empty"), (b"\x00\x00\xff", "is not text"), (b"\xff\xfe caf\xe9 text", "UTF-8")],
)
def test_cli_code_bad_input_one_line_error(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    result = run("code", str(path))
    assert result.returncode == 1
    assert message in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_cli_code_long_sentence_and_html_with_scripts(tmp_path: Path) -> None:
    long = tmp_path / "long.txt"
    long.write_text(
        ("Russia and Armenia " + "and its neighbours " * 1700).strip() + " met.", encoding="utf-8"
    )
    page = tmp_path / "page.html"
    page.write_text(
        "<html><body><script>Russia attacked Armenia</script><p>Russia warned "
        "Armenia about its exercise with the United States.</p></body></html>",
        encoding="utf-8",
    )
    result = run("code", str(long), str(page), "--date", "2023-09-10")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr


def test_cli_demo_codes_into_a_fresh_store_and_checks_the_thesis(tmp_path: Path) -> None:
    folder = tmp_path / "demo"
    for _ in range(2):  # a second run starts from a fresh store again
        result = run("demo", "--dir", str(folder))
        assert result.returncode == 0, result.stderr
    assert "documents" in result.stdout and "busiest dyads" in result.stdout
    assert "RUS↔ARM:" in result.stdout and "RUS↔AZE:" in result.stdout
    store = folder / "demo.duckdb"
    assert f"store: {store}" in " ".join(result.stdout.split())
    con = duckdb.connect(str(store), read_only=True)
    try:
        runs = con.execute("SELECT count(*) FROM coding_runs").fetchone()
        documents = con.execute("SELECT count(DISTINCT original_id) FROM documents").fetchone()
    finally:
        con.close()
    assert runs == (1,) and documents is not None and documents[0] >= 66


def test_cli_every_command_has_help() -> None:
    for command in (["code"], ["demo"], ["dictionary", "check"], ["dictionary", "import-petrarch"]):
        result = run(*command, "--help")
        assert result.returncode == 0 and "Example" in result.stdout, command


PETRARCH_DICTS = (
    Path(__file__).resolve().parents[3] / "shared" / "benchmarks" / "petr2_unittest_dicts"
)


@pytest.mark.skipif(not PETRARCH_DICTS.exists(), reason="PETRARCH dictionaries not beside the repo")
def test_cli_import_petrarch_dictionaries_then_code_with_them(tmp_path: Path) -> None:
    converted = tmp_path / "dicts"
    result = run("dictionary", "import-petrarch", str(PETRARCH_DICTS), str(converted))
    assert result.returncode == 0, result.stderr
    assert {p.name for p in converted.glob("*.jsonl")} >= {"actors.jsonl", "verbs.jsonl"}
    text = "Arnor is about to restore full diplomatic ties with Gondor."
    result = run("code", "-", "--date", "1995-01-01", "--dict", str(converted), stdin=text)
    assert result.returncode == 0, result.stderr
    events = [json.loads(line) for line in result.stdout.splitlines()]
    # the suite's actors are known now; the packaged verb lexicon still competes for the code
    assert ("ARN", "GON") in {(e["source"], e["target"]) for e in events}
    assert any(rule.startswith("petr-actor-") for e in events for rule in e["rules"])


def test_cli_user_dictionary_adds_an_actor(tmp_path: Path) -> None:
    mine = tmp_path / "mine.jsonl"
    mine.write_text(
        json.dumps(
            {
                "id": "person-test-zara-vardan",
                "kind": "person",
                "code": "ARMELI",
                "name": "Zara Vardan",
                "names": ["Zara Vardan", "Vardan"],
                "country": "ARM",
                "roles": [{"code": "ARMGOV", "title": "Envoy", "start": "2023-01-01"}],
            }
        )
        + "\n",
        encoding="utf-8",
    )
    text = "Zara Vardan visited Tbilisi on Monday."
    result = run("code", "-", "--date", "2023-05-10", "--dict", str(mine), stdin=text)
    assert result.returncode == 0, result.stderr
    (event,) = [json.loads(line) for line in result.stdout.splitlines()]
    assert (event["source"], event["target"], event["code"]) == ("ARMGOV", "GEO", "042")
    assert "person-test-zara-vardan" in event["rules"]


def test_cli_show_and_events_file_output(tmp_path: Path) -> None:
    db = tmp_path / "store.duckdb"
    corpus = tmp_path / "news.jsonl"
    corpus.write_text(
        json.dumps(
            {
                "id": "a",
                "date": "2023-09-20",
                "text": "Russia attacked Armenia [/b] on Monday. Baku warned Yerevan.",
            }
        )
        + "\n",
        encoding="utf-8",
    )
    assert run("ingest", str(corpus), "--db", str(db)).returncode == 0
    out = tmp_path / "all.jsonl"
    result = run("events", "--db", str(db), "-o", str(out))
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert {r["code"] for r in rows} >= {"190"}
    shown = run("show", rows[0]["event_id"], "--db", str(db))
    assert shown.returncode == 0, shown.stderr
    assert "[/b]" in shown.stdout and "Traceback" not in shown.stderr
