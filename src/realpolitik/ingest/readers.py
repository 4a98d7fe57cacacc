"""Read input files into ``Document`` records: plain text, HTML and JSON Lines.

Bad input never stops the stream: each problem comes back as an ``InputProblem`` naming
the file (and line) and saying what is wrong, and the valid documents still flow.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from realpolitik.errors import Errors
from realpolitik.records import Document, as_day

HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
# One document longer than this is refused: no news text is that long, and parsing it
# would take hours. JSON Lines files may be of any size: they are read line by line.
MAX_DOCUMENT_BYTES = 5_000_000
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})


@dataclass(frozen=True)
class InputProblem:
    """A file or line that could not be read, with a one-line message."""

    path: str
    line: int | None
    message: str


def decode(data: bytes, path: str) -> str | InputProblem:
    """Decode bytes as UTF-8 text, or say why they are not text."""
    if not data.strip():
        return InputProblem(path, None, Errors.E002.format(path=path))
    if b"\x00" in data[:65536]:
        return InputProblem(path, None, Errors.E003.format(path=path))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        return InputProblem(path, None, Errors.E004.format(path=path, offset=err.start))


def looks_like_html(text: str) -> bool:
    """Whether a text is an HTML page rather than plain prose."""
    head = text[:2000].lstrip().lower()
    return head.startswith(("<!doctype html", "<html")) or ("<body" in head and "</" in head)


def looks_like_jsonl(text: str) -> bool:
    """Whether a text (from standard input, say) is JSON Lines of documents: its first line
    is a JSON object with a 'text' field."""
    first = text.lstrip().split("\n", 1)[0]
    if not first.startswith("{"):
        return False
    try:
        row = json.loads(first)
    except json.JSONDecodeError:
        return False
    return isinstance(row, dict) and "text" in row


def html_document(
    html: str, doc_id: str, date: dt.date | None, path: str
) -> Document | InputProblem:
    """Main text, title and date of an HTML page (scripts, menus and boilerplate dropped)."""
    try:
        import trafilatura

        extracted = trafilatura.bare_extraction(
            html,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            include_images=False,
            favor_precision=True,
        )
    except ImportError as err:
        return InputProblem(
            path, None, Errors.E001.format(path=path, reason=f"HTML support is missing ({err})")
        )
    except Exception as err:  # a page the extractor cannot handle is one skipped document
        return InputProblem(
            path, None, Errors.E001.format(path=path, reason=f"the HTML could not be read ({err})")
        )
    if extracted is None:
        return InputProblem(
            path, None, Errors.E001.format(path=path, reason="no main text found in the HTML")
        )
    data = extracted.as_dict() if hasattr(extracted, "as_dict") else dict(extracted)
    text = data.get("text") or ""
    if not text.strip():
        return InputProblem(path, None, Errors.E002.format(path=path))
    page_date = date
    if page_date is None and data.get("date"):
        try:
            page_date = as_day(data["date"])
        except ValueError:
            page_date = None
    return Document(
        id=doc_id,
        text=text,
        date=page_date,
        title=data.get("title"),
        url=data.get("url"),
        source=data.get("sitename"),
    )


def jsonl_documents(
    lines: Iterable[str | InputProblem], path: str, date: dt.date | None
) -> Iterator[Document | InputProblem]:
    """Documents of JSON Lines: one object per line with ``text`` and optional ``id``,
    ``date``, ``title``, ``url``, ``source``. A problem passed in for a line is handed on
    and the line that follows it (a placeholder) is skipped."""
    number = 0
    for line in lines:
        if isinstance(line, InputProblem):
            yield line
            continue
        number += 1
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as err:
            yield InputProblem(
                path,
                number,
                Errors.E005.format(path=path, line=number, reason=f"invalid JSON ({err.msg})"),
            )
            continue
        if not isinstance(row, dict) or not isinstance(row.get("text"), str):
            yield InputProblem(
                path, number, Errors.E005.format(path=path, line=number, reason="no 'text' string")
            )
            continue
        row_date = date
        if row.get("date"):
            try:
                row_date = as_day(row["date"]) or date
            except ValueError:
                yield InputProblem(
                    path, number, Errors.E006.format(value=row["date"], where=f"{path}:{number}")
                )
                continue
        yield Document(
            id=str(row.get("id") or f"{Path(path).stem}:{number}"),
            text=row["text"],
            date=row_date,
            title=row.get("title"),
            url=row.get("url"),
            source=row.get("source"),
        )


def read_path(
    path: str, date: dt.date | None = None, max_bytes: int = MAX_DOCUMENT_BYTES
) -> Iterator[Document | InputProblem]:
    """Documents of one input path (``-`` is standard input)."""
    if path == "-":
        data = sys.stdin.buffer.read(max_bytes + 1)
        name = "<stdin>"
        suffix = ""
    else:
        file = Path(path)
        if not file.exists():
            yield InputProblem(path, None, Errors.E007.format(path=path))
            return
        if file.is_dir():
            yield InputProblem(
                path, None, Errors.E001.format(path=path, reason="it is a directory")
            )
            return
        suffix = file.suffix.lower()
        name = path
        if suffix in JSONL_SUFFIXES:
            yield from _jsonl_file(file, date)
            return
        try:
            if file.stat().st_size > max_bytes:
                yield InputProblem(
                    path,
                    None,
                    Errors.E008.format(path=path, size=file.stat().st_size, limit=max_bytes),
                )
                return
            data = file.read_bytes()
        except OSError as err:
            yield InputProblem(path, None, Errors.E001.format(path=path, reason=err.strerror))
            return
    if len(data) > max_bytes:
        yield InputProblem(
            name, None, Errors.E008.format(path=name, size=len(data), limit=max_bytes)
        )
        return
    text = decode(data, name)
    if isinstance(text, InputProblem):
        yield text
        return
    doc_id = "stdin" if path == "-" else Path(path).stem
    if suffix in JSONL_SUFFIXES or looks_like_jsonl(text):
        yield from jsonl_documents(text.splitlines(), name, date)
    elif suffix in HTML_SUFFIXES or looks_like_html(text):
        yield html_document(text, doc_id, date, name)
    else:
        yield Document(id=doc_id, text=text, date=date)


def _jsonl_file(file: Path, date: dt.date | None) -> Iterator[Document | InputProblem]:
    """Stream a JSON Lines file line by line, so that its size does not matter."""
    name = str(file)
    try:
        handle = file.open("rb")
    except OSError as err:
        yield InputProblem(name, None, Errors.E001.format(path=name, reason=err.strerror))
        return
    with handle:
        seen_any = False

        def decoded() -> Iterator[str | InputProblem]:
            nonlocal seen_any
            for number, raw in enumerate(handle, start=1):
                seen_any = seen_any or bool(raw.strip())
                if b"\x00" in raw:
                    yield InputProblem(
                        name,
                        number,
                        Errors.E005.format(
                            path=name, line=number, reason="binary data (NUL bytes)"
                        ),
                    )
                    yield ""
                    continue
                try:
                    yield raw.decode("utf-8-sig" if number == 1 else "utf-8")
                except UnicodeDecodeError as err:
                    yield InputProblem(
                        name,
                        number,
                        Errors.E005.format(
                            path=name, line=number, reason=f"not valid UTF-8 at byte {err.start}"
                        ),
                    )
                    yield ""

        yield from jsonl_documents(decoded(), name, date)
        if not seen_any:
            yield InputProblem(name, None, Errors.E002.format(path=name))


def read_paths(
    paths: Iterable[str], date: dt.date | None = None
) -> Iterator[Document | InputProblem]:
    """Documents of several input paths, in order."""
    for path in paths:
        yield from read_path(path, date)
