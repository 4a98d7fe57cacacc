"""Everything ``realpolitik ingest`` can read, as a stream of sourced documents.

A path may be a file (text, HTML, JSON Lines, RSS/Atom), a directory (walked recursively in
sorted order, hidden files skipped), a glob pattern (``news/**/*.html``), ``-`` for standard
input, or an http(s) address of a feed or an article page. Problems come back in the stream
as ``InputProblem`` items; the valid documents still flow.
"""

from __future__ import annotations

import datetime as dt
import glob
from collections.abc import Iterable, Iterator, Sequence
from fnmatch import fnmatch
from pathlib import Path

from realpolitik.errors import Errors
from realpolitik.ingest.feeds import (
    FEED_SUFFIXES,
    FETCH_TIMEOUT,
    MAX_FEED_BYTES,
    feed_documents,
    fetch,
    looks_like_feed,
)
from realpolitik.ingest.readers import (
    DEFAULT_ENCODING,
    HTML_SUFFIXES,
    JSONL_SUFFIXES,
    InputProblem,
    check_encoding,
    decode,
    html_document,
    looks_like_html,
    read_path,
)
from realpolitik.ingest.records import SourcedDocument
from realpolitik.records import Document

TEXT_SUFFIXES = frozenset({"", ".txt", ".text", ".md"})
# Files a directory walk reads when no --include pattern is given.
KNOWN_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES | FEED_SUFFIXES


def is_url(path: str) -> bool:
    """Whether an input is an http(s) address."""
    return path.lower().startswith(("http://", "https://"))


def expand_paths(paths: Iterable[str], include: Sequence[str] = ()) -> Iterator[str | InputProblem]:
    """The inputs named by paths: directories walked, glob patterns expanded, in sorted order.

    Example:
        >>> list(expand_paths(["news/"]))
        ['news/a.txt', 'news/b/c.html']
    """
    for path in paths:
        if path == "-" or is_url(path):
            yield path
            continue
        file = Path(path)
        if file.is_dir():
            yield from _walk(file, include)
        elif not file.exists() and any(c in path for c in "*?["):
            matches = sorted(glob.glob(path, recursive=True))
            if not matches:
                yield InputProblem(path, None, Errors.E311.format(pattern=path))
            for match in matches:
                if Path(match).is_dir():
                    yield from _walk(Path(match), include)
                elif not include or _included(Path(match), Path(match).name, include):
                    yield match
        else:
            yield path


def _walk(root: Path, include: Sequence[str]) -> Iterator[str]:
    for file in sorted(root.rglob("*")):
        relative = file.relative_to(root)
        if any(part.startswith(".") for part in relative.parts) or not file.is_file():
            continue
        if include:
            if _included(file, relative.as_posix(), include):
                yield str(file)
        elif file.suffix.lower() in KNOWN_SUFFIXES:
            yield str(file)


def _included(file: Path, relative: str, include: Sequence[str]) -> bool:
    return any(fnmatch(relative, pattern) or fnmatch(file.name, pattern) for pattern in include)


def read_sources(
    paths: Iterable[str],
    *,
    date: dt.date | None = None,
    include: Sequence[str] = (),
    timeout: float = FETCH_TIMEOUT,
    encoding: str = DEFAULT_ENCODING,
) -> Iterator[SourcedDocument | InputProblem]:
    """Documents of every input, in order, with problems in the stream.

    Args:
        paths: files, directories, glob patterns, ``-`` or http(s) addresses.
        date: the date of documents that carry none.
        include: glob patterns for the files a directory walk reads (default: known types).
        timeout: seconds to wait for an address to answer.
        encoding: of text, HTML and JSON Lines files and standard input: a codec name or
            ``auto`` (feeds declare theirs; pages fetched from addresses are UTF-8).

    Raises:
        InputError: E009 for an encoding Python does not know.

    Example:
        >>> for item in read_sources(["news/", "https://example.org/feed.xml"]):
        ...     print(item)
    """
    encoding = check_encoding(encoding)
    for item in _read_all(paths, date, include, timeout, encoding):
        if isinstance(item, SourcedDocument) and not item.document.text.strip():
            where = f"{item.origin} (document '{item.document.id}')"
            yield InputProblem(item.origin, item.line, Errors.E002.format(path=where))
        else:
            yield item


def _read_all(
    paths: Iterable[str],
    date: dt.date | None,
    include: Sequence[str],
    timeout: float,
    encoding: str,
) -> Iterator[SourcedDocument | InputProblem]:
    for path in expand_paths(paths, include):
        if isinstance(path, InputProblem):
            yield path
        elif is_url(path):
            yield from _read_url(path, date, timeout)
        elif path != "-" and _is_feed_file(Path(path)):
            yield from _read_feed_file(Path(path), date)
        else:
            origin = "<stdin>" if path == "-" else path
            for item in read_path(path, date, encoding=encoding):
                if isinstance(item, InputProblem):
                    yield item
                else:
                    yield SourcedDocument(document=item, origin=origin)


def _is_feed_file(file: Path) -> bool:
    suffix = file.suffix.lower()
    if suffix in FEED_SUFFIXES:
        return True
    if suffix in JSONL_SUFFIXES or not file.is_file():
        return False
    try:
        with file.open("rb") as handle:
            return looks_like_feed(handle.read(2048))
    except OSError:
        return False


def _read_feed_file(file: Path, date: dt.date | None) -> Iterator[SourcedDocument | InputProblem]:
    name = str(file)
    try:
        size = file.stat().st_size
        if size > MAX_FEED_BYTES:
            yield InputProblem(
                name, None, Errors.E008.format(path=name, size=size, limit=MAX_FEED_BYTES)
            )
            return
        data = file.read_bytes()
    except OSError as err:
        yield InputProblem(name, None, Errors.E001.format(path=name, reason=err.strerror))
        return
    if not data.strip():
        yield InputProblem(name, None, Errors.E002.format(path=name))
        return
    yield from feed_documents(data, name, date)


def _read_url(
    url: str, date: dt.date | None, timeout: float
) -> Iterator[SourcedDocument | InputProblem]:
    data = fetch(url, timeout)
    if isinstance(data, InputProblem):
        yield data
        return
    if looks_like_feed(data):
        yield from feed_documents(data, url, date)
        return
    text = decode(data, url)
    if isinstance(text, InputProblem):
        yield text
        return
    if looks_like_html(text):
        page = html_document(text, url, date, url)
        if isinstance(page, InputProblem):
            yield page
            return
        document = page.model_copy(update={"url": page.url or url})
    else:
        document = Document(id=url, text=text, date=date, url=url)
    yield SourcedDocument(document=document, origin=url)


def estimate_total(paths: Iterable[str], include: Sequence[str] = ()) -> int | None:
    """About how many documents the inputs hold (for a progress bar), or None if unknown.

    Files count one each, JSON Lines files one per non-empty line, feed files one per entry;
    addresses and standard input make the total unknown.
    """
    total = 0
    for path in expand_paths(paths, include):
        if isinstance(path, InputProblem):
            continue
        if path == "-" or is_url(path):
            return None
        file = Path(path)
        suffix = file.suffix.lower()
        try:
            if suffix in JSONL_SUFFIXES:
                with file.open("rb") as handle:
                    total += sum(1 for line in handle if line.strip())
            elif suffix in FEED_SUFFIXES:
                data = file.read_bytes()
                total += max(1, data.count(b"<item") + data.count(b"<entry"))
            else:
                total += 1
        except OSError:
            total += 1
    return total
