"""Read input files into ``Document`` records: plain text, HTML and JSON Lines.

Bad input never stops the stream: each problem comes back as an ``InputProblem`` naming
the file (and line) and saying what is wrong, and the valid documents still flow.

Files are UTF-8 unless an encoding is given: any codec name Python knows, or ``auto`` to
detect it (UTF-8 first, then charset-normalizer's best guess).
"""

from __future__ import annotations

import codecs
import datetime as dt
import io
import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from realpolitik.errors import Errors, InputError, json_reason
from realpolitik.records import Document, as_day

HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
# One document longer than this is refused: no news text is that long, and parsing it
# would take hours. JSON Lines files may be of any size: they are read line by line.
MAX_DOCUMENT_BYTES = 5_000_000
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
AUTO = "auto"
DEFAULT_ENCODING = "utf-8"
# How much of a JSON Lines file ``--encoding auto`` looks at to detect its encoding.
_DETECT_BYTES = 1_000_000


@dataclass(frozen=True)
class InputProblem:
    """A file or line that could not be read, with a one-line message."""

    path: str
    line: int | None
    message: str


def check_encoding(name: str) -> str:
    """The codec name of an ``--encoding`` value (``auto`` stays ``auto``).

    Raises:
        InputError: E009 if Python knows no text encoding of that name.

    Example:
        >>> check_encoding("Windows-1252"), check_encoding("AUTO")
        ('cp1252', 'auto')
    """
    if name.strip().lower() == AUTO:
        return AUTO
    try:
        "a".encode(name)  # refuses codecs that are not text encodings, such as 'base64'
        return codecs.lookup(name).name
    except LookupError:
        raise InputError(Errors.E009.format(value=name)) from None


def decode(data: bytes, path: str, encoding: str = DEFAULT_ENCODING) -> str | InputProblem:
    """Decode bytes as text in an encoding (or ``auto``), or say why they are not text.

    Example:
        >>> decode("café".encode("cp1252"), "a.txt", "cp1252")
        'café'
    """
    encoding = check_encoding(encoding)
    if not data.strip():
        return InputProblem(path, None, Errors.E002.format(path=path))
    if b"\x00" in data[:65536] and not _wide(encoding, data):
        return InputProblem(path, None, Errors.E003.format(path=path))
    if encoding == AUTO:
        detected = detect_encoding(data, path)
        if isinstance(detected, InputProblem):
            return detected
        encoding = detected
    try:
        return data.decode(_codec(encoding))
    except UnicodeDecodeError as err:
        return InputProblem(
            path, None, Errors.E004.format(path=path, encoding=_label(encoding), offset=err.start)
        )


def detect_encoding(data: bytes, path: str) -> str | InputProblem:
    """The encoding of some bytes: UTF-8 if they are valid UTF-8, else charset-normalizer's
    best guess; a problem (E010) when nothing fits."""
    try:
        data.decode("utf-8")
        return DEFAULT_ENCODING
    except UnicodeDecodeError as err:
        if err.start >= len(data) - 3 and err.reason == "unexpected end of data":
            return DEFAULT_ENCODING  # a sample cut inside a character
    import charset_normalizer

    match = charset_normalizer.from_bytes(data).best()
    if match is None:
        return InputProblem(path, None, Errors.E010.format(path=path))
    return codecs.lookup(match.encoding).name


def _codec(encoding: str) -> str:
    # a UTF-8 byte order mark is not text
    return "utf-8-sig" if encoding == DEFAULT_ENCODING else encoding


def _label(encoding: str) -> str:
    return "UTF-8" if encoding == DEFAULT_ENCODING else encoding


def _wide(encoding: str, data: bytes) -> bool:
    """Whether text in an encoding may hold NUL bytes (UTF-16 and UTF-32 do)."""
    if encoding == AUTO:
        return data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    return encoding.startswith(("utf-16", "utf-32", "utf_16", "utf_32"))


def _line_safe(encoding: str) -> bool:
    """Whether bytes of an encoding can be split at b'\\n' into lines (ASCII-compatible)."""
    return "{\n".encode(encoding) == b"{\n"


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
            row = json.loads(line.rstrip("\r\n"))  # a newline ends the line, not a string
        except json.JSONDecodeError as err:
            yield InputProblem(
                path,
                number,
                Errors.E005.format(
                    path=path, line=number, reason=f"invalid JSON ({json_reason(err)})"
                ),
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
    path: str,
    date: dt.date | None = None,
    max_bytes: int = MAX_DOCUMENT_BYTES,
    encoding: str = DEFAULT_ENCODING,
) -> Iterator[Document | InputProblem]:
    """Documents of one input path (``-`` is standard input), decoded from ``encoding``
    (a codec name or ``auto``)."""
    encoding = check_encoding(encoding)
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
            yield from _jsonl_file(file, date, encoding)
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
    text = decode(data, name, encoding)
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


def _jsonl_file(
    file: Path, date: dt.date | None, encoding: str = DEFAULT_ENCODING
) -> Iterator[Document | InputProblem]:
    """Stream a JSON Lines file line by line, so that its size does not matter."""
    name = str(file)
    try:
        handle = file.open("rb")
    except OSError as err:
        yield InputProblem(name, None, Errors.E001.format(path=name, reason=err.strerror))
        return
    with handle:
        if encoding == AUTO:
            sample = handle.read(_DETECT_BYTES)
            handle.seek(0)
            detected = detect_encoding(sample, name) if sample.strip() else DEFAULT_ENCODING
            if isinstance(detected, InputProblem):
                yield detected
                return
            encoding = detected
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
                    yield raw.decode(_codec(encoding) if number == 1 else encoding)
                except UnicodeDecodeError as err:
                    reason = f"not valid {_label(encoding)} at byte {err.start}"
                    yield InputProblem(
                        name, number, Errors.E005.format(path=name, line=number, reason=reason)
                    )
                    yield ""

        def wide() -> Iterator[str | InputProblem]:
            # UTF-16 and the like cannot be split into lines as bytes: decode as a stream
            nonlocal seen_any
            text = io.TextIOWrapper(handle, encoding=encoding, newline=None)
            read = 0
            try:
                for line in text:
                    read += 1
                    seen_any = seen_any or bool(line.strip())
                    yield line
            except UnicodeDecodeError as err:
                reason = f"not valid {encoding} ({err.reason}); the rest of the file is skipped"
                bad = read + 1
                message = Errors.E005.format(path=name, line=bad, reason=reason)
                yield InputProblem(name, bad, message)
            finally:
                text.detach()

        lines = decoded() if _line_safe(encoding) else wide()
        yield from jsonl_documents(lines, name, date)
        if not seen_any:
            yield InputProblem(name, None, Errors.E002.format(path=name))


def read_paths(
    paths: Iterable[str], date: dt.date | None = None, encoding: str = DEFAULT_ENCODING
) -> Iterator[Document | InputProblem]:
    """Documents of several input paths, in order, decoded from ``encoding``.

    Example:
        >>> [d.id for d in read_paths(["a.txt", "b.jsonl"], encoding="auto")]
        ['a', 'b:1', 'b:2']
    """
    encoding = check_encoding(encoding)
    for path in paths:
        yield from read_path(path, date, encoding=encoding)
