"""A real-looking news page read through the installed command: only the article is coded,
its dateline is stripped, and a page that cannot be read is one skipped document."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

pytestmark = pytest.mark.slow

PAGE = Path(__file__).parent.parent / "fixtures" / "pages" / "expulsion.html"


def command() -> list[str]:
    """The console script installed beside this interpreter, as a user runs it."""
    script = Path(sys.executable).parent / "realpolitik"
    found = str(script) if script.exists() else shutil.which("realpolitik")
    assert found, "the realpolitik command is not installed"
    return [found]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*command(), *args], capture_output=True, text=True, timeout=600, check=False
    )


def test_a_news_page_codes_its_article_and_nothing_around_it() -> None:
    result = run("code", str(PAGE), "--format", "jsonl")
    assert result.returncode == 0, result.stderr
    events = [json.loads(line) for line in result.stdout.splitlines()]
    assert events, "the article's expulsion is coded"
    sentences = " ".join(e["sentence"] for e in events)
    # navigation, scripts, noscript, comments, captions and related links are not article text
    for outside in ("Turkey", "Greece", "Freedonia", "Germany", "Taiwan", "Photo", "bombed"):
        assert outside not in sentences
    expulsion = [e for e in events if e["root"] == "16" and e["source"] == "MLIGOV"]
    assert expulsion and expulsion[0]["target"] == "FRAGOV"
    # the dateline is context, not text: no event starts at 'BAMAKO' or takes the agency
    assert all("BAMAKO" not in e["sentence"] and "Reuters" not in e["sentence"] for e in events)
    assert expulsion[0]["date"] == "2022-01-31"
    # the headline restates the body's act: one event, not two
    assert (
        len([e for e in events if e["code"] == expulsion[0]["code"] and e["source"] == "MLIGOV"])
        == 1
    )


def test_an_unreadable_page_is_skipped_and_the_rest_ingested(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    shutil.copy(PAGE, pages / "good.html")
    (pages / "empty.html").write_text("<!DOCTYPE html><html><body></body></html>")
    (pages / "junk.html").write_bytes(b"<html>\x00\x01\x02\xff\xfe</html>")
    db = tmp_path / "store.duckdb"
    result = run("ingest", str(pages), "--db", str(db))
    # the run goes on past the bad pages, reports them and says so in its exit status
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "Traceback" not in output
    assert "empty.html" in output and "junk.html" in output and "2 skipped" in output
    with duckdb.connect(str(db), read_only=True) as con:
        documents = con.execute("select count(*) from documents").fetchone()
        events = con.execute("select count(*) from events where source = 'MLIGOV'").fetchone()
    assert documents == (1,)
    assert events is not None and events[0] >= 1
