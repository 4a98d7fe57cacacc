"""``realpolitik ingest`` reads every kind of input, skips bad ones with a clear message
and stores everything valid (run as a user runs it, without coding to stay fast)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from realpolitik.ingest.feeds import html_text
from realpolitik.ingest.readers import InputProblem
from realpolitik.ingest.sources import expand_paths, read_sources

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Caucasus Wire</title><language>en-us</language>
<item><title>Talks resume</title><link>https://wire.example.org/1</link>
<guid>wire-1</guid><pubDate>Tue, 05 Mar 2024 10:00:00 GMT</pubDate>
<description>&lt;p&gt;Armenia and Azerbaijan resumed border talks in Brussels.&lt;/p&gt;
</description></item>
<item><title>Empty</title><link>https://wire.example.org/2</link><description></description></item>
<item><title>Visit</title><link>https://wire.example.org/3</link>
<pubDate>Wed, 06 Mar 2024 08:00:00 GMT</pubDate>
<description>The Turkish foreign minister visited Baku on Wednesday.</description></item>
</channel></rss>
"""
ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Desk</title>
<entry><title>Sanctions</title><id>urn:atom:1</id><link href="https://atom.example.org/a"/>
<updated>2024-04-02T12:00:00Z</updated>
<content type="html">&lt;p&gt;The European Union imposed sanctions on Iranian drone
makers.&lt;/p&gt;</content>
</entry></feed>
"""
HTML = """<!doctype html><html><head><title>Summit in Tbilisi</title>
<meta property="article:published_time" content="2024-05-17"></head><body>
<nav>Home | World</nav><article><h1>Summit in Tbilisi</h1>
<p>Georgia hosted a regional summit on Friday, where ministers from Armenia and Azerbaijan
discussed transport links and the reopening of the railway through Nakhchivan.</p>
<p>The talks ended without a joint statement, officials said.</p></article>
<footer>Copyright 2024</footer></body></html>
"""


def run(*args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "realpolitik", *args],
        capture_output=True, text=True, timeout=timeout, check=False,
    )  # fmt: skip


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    root = tmp_path / "inputs"
    (root / "nested" / "deeper").mkdir(parents=True)
    (root / "a.txt").write_text("Russia warned Armenia over the border on Monday.")
    (root / "nested" / "page.html").write_text(HTML)
    (root / "nested" / "deeper" / "wire.rss").write_text(RSS)
    (root / "nested" / "atom.xml").write_text(ATOM)
    (root / "docs.jsonl").write_bytes(
        b'{"id": "j1", "text": "Iran condemned the strike.", "date": "2024-01-02", '
        b'"url": "https://j.example.org/1", "title": "Strike", "source": "J News"}\n'
        b"{broken json\n"
        b'{"id": "j3", "text": ""}\n'
        b'{"id": "j4", "text": "Egypt mediated between Israel and Hamas.", "date": "2024-01-03"}\n'
    )
    (root / "empty.txt").write_text("")
    (root / "binary.txt").write_bytes(b"\x00\x01\x02\x00")
    (root / "latin1.txt").write_bytes("Gyumri caf\u00e9 talks".encode("latin-1"))
    (root / "broken.rss").write_text("<rss><channel><item><title>x</ti")
    (root / "image.png").write_bytes(b"\x89PNG\r\n")
    (root / ".hidden.txt").write_text("Never read.")
    return root


def test_ingest_reads_every_input_kind_and_reports_bad_ones(inputs: Path, tmp_path: Path) -> None:
    db = tmp_path / "store.duckdb"
    result = run("ingest", str(inputs), "--db", str(db), "--no-code")
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    reported = "\n".join(errors)
    assert f"{inputs / 'docs.jsonl'}:2: invalid JSON" in reported
    assert "empty.txt is empty" in reported and "binary.txt is not text" in reported
    assert "latin1.txt is not valid UTF-8" in reported
    assert "broken.rss is not a readable RSS or Atom feed" in reported
    assert "wire.rss: feed entry 2 has no text" in reported
    assert "image.png" not in result.stderr and "hidden" not in result.stderr
    assert "7 skipped" in result.stderr.replace("\n", " ")
    con = duckdb.connect(str(db), read_only=True)
    rows = con.execute(
        "SELECT original_id, title, publisher, published, url, language FROM documents "
        "ORDER BY original_id"
    ).fetchall()
    con.close()
    by_id = {r[0]: r for r in rows}
    assert len(rows) == 7
    assert by_id["j1"][1:5] == ("Strike", "J News", __import__("datetime").date(2024, 1, 2),
                                "https://j.example.org/1")  # fmt: skip
    assert by_id["wire-1"][1:3] == ("Talks resume", "Caucasus Wire")
    assert str(by_id["wire-1"][3]) == "2024-03-05" and by_id["wire-1"][5] == "en"
    assert by_id["urn:atom:1"][4] == "https://atom.example.org/a"
    page = next(r for r in rows if r[1] == "Summit in Tbilisi")
    assert str(page[3]) == "2024-05-17"


def test_ingest_globs_and_include_patterns(inputs: Path, tmp_path: Path) -> None:
    found = [p for p in expand_paths([str(inputs / "**" / "*.html")])]
    assert found == [str(inputs / "nested" / "page.html")]
    only_feeds = list(expand_paths([str(inputs)], include=["*.rss", "*.xml"]))
    assert [Path(str(p)).name for p in only_feeds] == ["broken.rss", "atom.xml", "wire.rss"]
    missing = list(expand_paths([str(tmp_path / "none" / "*.txt")]))
    assert isinstance(missing[0], InputProblem) and "matches no files" in missing[0].message
    result = run("ingest", str(tmp_path / "none" / "*.txt"), "--db", str(tmp_path / "x.duckdb"),
                 "--no-code")  # fmt: skip
    assert result.returncode == 1 and "matches no files" in result.stderr


def test_ingest_unreachable_feed_url_is_one_line_error(tmp_path: Path) -> None:
    result = run(
        "ingest", "http://127.0.0.1:9/feed", "--db", str(tmp_path / "s.duckdb"), "--no-code",
        "--timeout", "5", timeout=60,
    )  # fmt: skip
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1
    assert "Cannot fetch http://127.0.0.1:9/feed" in errors[0]
    assert "network" in result.stderr


def test_ingest_feed_entries_carry_their_metadata(tmp_path: Path) -> None:
    path = tmp_path / "wire.rss"
    path.write_text(RSS)
    items = list(read_sources([str(path)]))
    documents = [i for i in items if not isinstance(i, InputProblem)]
    assert [d.document.title for d in documents] == ["Talks resume", "Visit"]
    assert documents[0].document.text == "Armenia and Azerbaijan resumed border talks in Brussels."
    assert documents[0].line == 1 and documents[1].line == 3


@pytest.mark.parametrize(
    ("markup", "text"),
    [
        ("<p>One <b>two</b></p><p>three &amp; four</p>", "One two\nthree & four"),
        ("plain &lt;text&gt;", "plain <text>"),
        ("<div>a<script>var x = 1;</script></div>", "a"),
    ],
)
def test_ingest_html_text_of_feed_fragments(markup: str, text: str) -> None:
    assert html_text(markup) == text


def test_ingest_store_is_chosen_by_environment(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Iran condemned the strike.")
    env_db = tmp_path / "env.duckdb"
    result = subprocess.run(
        [sys.executable, "-m", "realpolitik", "ingest", str(tmp_path / "a.txt"), "--no-code"],
        capture_output=True, text=True, timeout=120, check=False, cwd=tmp_path,
        env={**__import__("os").environ, "REALPOLITIK_DB": str(env_db)},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert env_db.exists() and not (tmp_path / "realpolitik.duckdb").exists()
