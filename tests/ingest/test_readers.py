"""Input files become documents; bad input becomes a one-line problem naming the file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from realpolitik.ingest.readers import InputProblem, read_path
from realpolitik.records import Document


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("empty.txt", b"", "is empty"),
        ("blank.txt", b"  \n\n ", "is empty"),
        ("binary.txt", b"\x00\x01\x02binary\x00", "is not text"),
        ("latin1.txt", "Gyumri caf\u00e9".encode("latin-1"), "is not valid UTF-8"),
    ],
)
def test_readers_bad_files_give_one_line_problems(
    tmp_path: Path, name: str, content: bytes, expected: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    items = list(read_path(str(path)))
    assert len(items) == 1 and isinstance(items[0], InputProblem)
    assert expected in items[0].message and str(path) in items[0].message
    assert "\n" not in items[0].message


def test_readers_jsonl_reports_bad_lines_and_keeps_good_ones(tmp_path: Path) -> None:
    path = tmp_path / "docs.jsonl"
    path.write_bytes(
        b'{"id": "a", "text": "Russia warned Armenia.", "date": "2023-09-08"}\n'
        b"{broken\n"
        b'{"id": "c", "text": "Baku protested.", "date": "not a date"}\n'
        b'{"id": "d", "title": "no text"}\n'
        b'{"id": "e", "text": "caf\xe9"}\n'
        b'{"id": "f", "text": "Armenia froze its CSTO participation."}\n'
    )
    items = list(read_path(str(path), dt.date(2024, 2, 23)))
    documents = [i for i in items if isinstance(i, Document)]
    problems = [i for i in items if isinstance(i, InputProblem)]
    assert [d.id for d in documents] == ["a", "f"]
    assert documents[0].date == dt.date(2023, 9, 8) and documents[1].date == dt.date(2024, 2, 23)
    assert [p.line for p in problems] == [2, 3, 4, 5]


def test_readers_html_drops_scripts_and_keeps_title(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(
        "<html><head><title>Envoy summoned</title><script>var attack = 'Russia attacked';"
        "</script></head><body><nav>Home | World</nav><article><p>Russia summoned the "
        "Armenian ambassador on Friday, the foreign ministry in Moscow said in a statement "
        "published on its website.</p></article><script>alert('x')</script></body></html>",
        encoding="utf-8",
    )
    (document,) = read_path(str(path))
    assert isinstance(document, Document)
    assert "summoned the Armenian ambassador" in document.text
    assert "var attack" not in document.text and "alert" not in document.text
    assert document.title == "Envoy summoned"


def test_readers_refuse_a_huge_single_document(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        line = b"Russia warned Armenia about the exercise. " * 1000 + b"\n"
        for _ in range(50 * 1024 * 1024 // len(line) + 1):
            handle.write(line)
    (problem,) = read_path(str(path))
    assert isinstance(problem, InputProblem)
    assert "more than the" in problem.message and "split" in problem.message


def test_readers_stdin_json_lines_are_documents(monkeypatch: pytest.MonkeyPatch) -> None:
    import io
    import sys

    data = b'{"id": "s1", "text": "Russia warned Armenia.", "date": "2023-09-20"}\n'
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    (document,) = read_path("-")
    assert isinstance(document, Document)
    assert (document.id, document.date) == ("s1", dt.date(2023, 9, 20))
