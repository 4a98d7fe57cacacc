"""RSS and Atom feeds, from files or addresses, as documents.

Each feed entry becomes a document: its content (or summary) as text, its title, link and
publication date, and the feed's title as publisher. Fetching uses the standard library with a
timeout, so an unreachable address gives a one-line problem instead of hanging.
"""

from __future__ import annotations

import calendar
import datetime as dt
import html
import io
import urllib.error
import urllib.request
from collections.abc import Iterator
from html.parser import HTMLParser
from typing import Any

from realpolitik.errors import Errors
from realpolitik.ingest.readers import MAX_DOCUMENT_BYTES, InputProblem
from realpolitik.ingest.records import SourcedDocument
from realpolitik.records import Document
from realpolitik.version import __version__

FEED_SUFFIXES = frozenset({".rss", ".atom", ".xml", ".rdf"})
FETCH_TIMEOUT = 20.0
# A feed is a list of entries; allow it to be larger than one document.
MAX_FEED_BYTES = 10 * MAX_DOCUMENT_BYTES
_BLOCKS = frozenset(
    {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "blockquote"}
)


def looks_like_feed(data: bytes) -> bool:
    """Whether bytes start like an RSS, Atom or RDF feed.

    Example:
        >>> looks_like_feed(b'<?xml version="1.0"?><rss version="2.0">')
        True
    """
    head = data[:2048].lstrip().lower()
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    return any(tag in head for tag in (b"<rss", b"<feed", b"<rdf:rdf"))


def fetch(url: str, timeout: float = FETCH_TIMEOUT) -> bytes | InputProblem:
    """The body of an http(s) address, or a problem saying why it could not be fetched."""
    request = urllib.request.Request(url, headers={"User-Agent": f"realpolitik/{__version__}"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            data: bytes = response.read(MAX_FEED_BYTES + 1)
    except urllib.error.HTTPError as err:
        return InputProblem(url, None, Errors.E304.format(url=url, reason=f"HTTP {err.code}"))
    except urllib.error.URLError as err:
        reason = getattr(err.reason, "strerror", None) or str(err.reason)
        return InputProblem(url, None, Errors.E304.format(url=url, reason=reason))
    except TimeoutError:
        reason = f"no answer within {timeout:g} seconds"
        return InputProblem(url, None, Errors.E304.format(url=url, reason=reason))
    except (OSError, ValueError) as err:
        return InputProblem(url, None, Errors.E304.format(url=url, reason=str(err)))
    if len(data) > MAX_FEED_BYTES:
        return InputProblem(
            url, None, Errors.E008.format(path=url, size=len(data), limit=MAX_FEED_BYTES)
        )
    return data


def feed_documents(
    data: bytes, name: str, date: dt.date | None = None
) -> Iterator[SourcedDocument | InputProblem]:
    """The entries of a feed as documents; entries without text come back as problems.

    Example:
        >>> items = list(feed_documents(Path("news.rss").read_bytes(), "news.rss"))
    """
    import feedparser  # type: ignore[import-untyped]

    parsed = feedparser.parse(io.BytesIO(data))
    entries: list[Any] = list(parsed.get("entries") or [])
    if parsed.get("bozo") and not any(entry_text(entry) for entry in entries):
        entries = []
    if not entries:
        error = parsed.get("bozo_exception")
        reason = str(error).strip() if parsed.get("bozo") and error else "it has no entries"
        yield InputProblem(name, None, Errors.E305.format(path=name, reason=reason))
        return
    feed = parsed.get("feed") or {}
    publisher = _clean(feed.get("title"))
    language = _clean(feed.get("language"))
    for number, entry in enumerate(entries, start=1):
        text = entry_text(entry)
        if not text:
            yield InputProblem(name, number, Errors.E306.format(path=name, entry=number))
            continue
        link = _clean(entry.get("link"))
        yield SourcedDocument(
            document=Document(
                id=_clean(entry.get("id")) or link or f"{name}#{number}",
                text=text,
                date=_entry_date(entry) or date,
                title=_clean(html_text(entry.get("title") or "")),
                url=link,
                source=publisher,
            ),
            origin=name,
            line=number,
            language=language[:2].lower() if language else None,
        )


def entry_text(entry: Any) -> str:
    """The fullest text an entry carries: content, else summary or description."""
    for content in entry.get("content") or []:
        value = html_text(content.get("value") or "")
        if value:
            return value
    return html_text(entry.get("summary") or entry.get("description") or "")


def html_text(markup: str) -> str:
    """Plain text of an HTML fragment: tags dropped, entities resolved, blocks on new lines.

    Example:
        >>> html_text("<p>Russia <b>warned</b> Armenia.</p><p>Baku &amp; Yerevan met.</p>")
        'Russia warned Armenia.\\nBaku & Yerevan met.'
    """
    if "<" not in markup:
        return html.unescape(markup).strip()
    parser = _TextParser()
    parser.feed(markup)
    parser.close()
    lines = ("".join(parser.parts)).split("\n")
    return "\n".join(" ".join(line.split()) for line in lines if line.strip())


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self.skip += 1
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self.skip = max(0, self.skip - 1)
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)


def _entry_date(entry: Any) -> dt.date | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if value:
            try:
                return dt.datetime.fromtimestamp(calendar.timegm(value), dt.UTC).date()
            except (OverflowError, ValueError, TypeError):
                continue
    return None


def _clean(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    value = value.strip()
    return value or None
