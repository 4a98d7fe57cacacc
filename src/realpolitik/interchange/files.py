"""Event files as lines of text: plain or zipped, checked for damage and binary content first.

Every reader takes its lines from :class:`Lines`, which reads the file as a stream (a line
longer than :data:`MAX_LINE` bytes is cut off and marked, never held whole), replaces bytes
that are not UTF-8 and remembers the first line that had some, so that the reader reports it
once per file. :func:`check_file` looks at a file before any row is read: a damaged zip
archive or binary data is refused with one message instead of one error per line.

Example:
    >>> lines = Lines(Path("events.tab"))
    >>> [(number, text) for number, text in lines][:1]
    [(1, 'Event ID\\tEvent Date\\t...')]
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from realpolitik.errors import Errors, InterchangeError

MAX_LINE = 1 << 20
"""Longest line read whole, in bytes (1 MiB); the rest of a longer line is skipped."""
SAMPLE_BYTES = 1 << 16
"""How much of a file :func:`check_file` looks at for binary content (64 KiB)."""
ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")

# the opening bytes of file types people give by mistake, for the message
_MAGIC = (
    (b"\x1f\x8b", "gzip-compressed data (unpack it first)"),
    (b"BZh", "bzip2-compressed data (unpack it first)"),
    (b"\xfd7zXZ", "xz-compressed data (unpack it first)"),
    (b"7z\xbc\xaf", "a 7-Zip archive (unpack it first)"),
    (b"Rar!", "a RAR archive (unpack it first)"),
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"PAR1", "a Parquet file"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office document"),
)


def _stream_error(path: Path, err: OSError) -> InterchangeError:
    return InterchangeError(Errors.E403.format(path=path, reason=err.strerror or err))


def is_zip(path: Path) -> bool:
    """Whether a file is (or starts like, or is named as) a zip archive.

    A truncated archive has lost its central directory, so ``zipfile.is_zipfile`` says no;
    its first bytes still say zip.
    """
    if path.suffix.lower() == ".zip":
        return True
    try:
        with path.open("rb") as stream:
            return stream.read(4) in ZIP_MAGIC
    except OSError as err:
        raise _stream_error(path, err) from err


def _first_member(archive: zipfile.ZipFile, path: Path) -> zipfile.ZipInfo:
    """The file an archive is read for, its first; E411 when it holds none."""
    for info in archive.infolist():
        if not info.is_dir():
            return info
    raise InterchangeError(Errors.E411.format(path=path, reason="it holds no file"))


def check_zip(path: Path) -> None:
    """Refuse a damaged or empty zip archive (E411) before any of it is read.

    ``testzip`` decompresses every member and checks its CRC, in a stream.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            _first_member(archive, path)
            bad = archive.testzip()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError) as err:
        reason = str(err)
        if reason == "File is not a zip file":
            reason = "it is cut short, or not a zip archive at all"
        raise InterchangeError(Errors.E411.format(path=path, reason=reason)) from err
    except NotImplementedError as err:  # a compression method zipfile does not know
        raise InterchangeError(Errors.E411.format(path=path, reason=err)) from err
    except OSError as err:
        if isinstance(err, FileNotFoundError | PermissionError | IsADirectoryError):
            raise _stream_error(path, err) from err
        raise InterchangeError(Errors.E411.format(path=path, reason=err)) from err
    if bad is not None:
        reason = f"the member '{bad}' is damaged (its checksum does not match)"
        raise InterchangeError(Errors.E411.format(path=path, reason=reason))


@contextmanager
def opened(path: Path) -> Iterator[IO[bytes]]:
    """The bytes of a file, or of the first member of a zip archive."""
    try:
        if is_zip(path):
            with (
                zipfile.ZipFile(path) as archive,
                archive.open(_first_member(archive, path)) as raw,
            ):
                yield raw
            return
        with path.open("rb") as stream:
            yield stream
    except (zipfile.BadZipFile, EOFError, NotImplementedError) as err:
        raise InterchangeError(Errors.E411.format(path=path, reason=err)) from err
    except OSError as err:
        raise _stream_error(path, err) from err


def article(name: str) -> str:
    """'n' when ``name`` takes 'an' ('an ICEWS file'), else ''.

    Example:
        >>> article("ICEWS event"), article("GDELT 2.0 event")
        ('n', '')
    """
    return "n" if name[:1].upper() in "AEIOU" else ""


def binary_kind(sample: bytes) -> str | None:
    """What a sample of a file is when it is not text, ``None`` when it is text.

    Text has no NUL bytes and few control characters; bytes that are not UTF-8 alone do not
    make a file binary (a Latin-1 file is still text, its odd bytes are replaced).

    Example:
        >>> binary_kind(b"%PDF-1.7 ..."), binary_kind("Événements\\t2023".encode())
        ('a PDF document', None)
    """
    for magic, kind in _MAGIC:
        if sample.startswith(magic):
            return kind
    if not sample:
        return None
    if b"\x00" in sample:
        return "binary data (it holds NUL bytes)"
    decoded = sample.decode("utf-8", errors="replace")
    odd = sum(1 for char in decoded if char == "\ufffd" or (char < " " and char not in "\t\n\r\f"))
    if odd > max(8, len(decoded) // 10):
        return "binary data (most of its bytes are neither text nor UTF-8)"
    return None


def check_file(path: Path, format_name: str) -> None:
    """Refuse a file that is missing, a damaged zip (E411) or binary data (E412).

    Example:
        >>> check_file(Path("events.tab"), "ICEWS")
    """
    if not path.exists():
        raise InterchangeError(Errors.E403.format(path=path, reason="no such file"))
    if path.is_dir():
        raise InterchangeError(Errors.E403.format(path=path, reason="it is a directory"))
    zipped = is_zip(path)
    if zipped:
        check_zip(path)
    with opened(path) as stream:
        try:
            sample = stream.read(SAMPLE_BYTES)
        except (zipfile.BadZipFile, EOFError) as err:
            raise InterchangeError(Errors.E411.format(path=path, reason=err)) from err
    kind = binary_kind(sample)
    if kind is not None:
        where = " (the first file in the zip archive)" if zipped else ""
        raise InterchangeError(
            Errors.E412.format(
                path=path, where=where, kind=kind, n=article(format_name), format=format_name
            )
        )


class Lines:
    """The numbered lines of a text file (or of a zip archive's first member), streamed.

    Yields ``(line number, text)`` without the line end; a line longer than
    :data:`MAX_LINE` bytes comes as ``(number, None)`` and its rest is skipped unread.
    ``\\r`` alone ends a line too. Bytes that are not UTF-8 are replaced by U+FFFD and
    :attr:`first_bad_bytes` holds the first line that had some.

    Example:
        >>> lines = Lines(Path("events.tab"))
        >>> next(iter(lines))[0]
        1
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.first_bad_bytes: int | None = None

    def __iter__(self) -> Iterator[tuple[int, str | None]]:
        number = 0
        with opened(self.path) as stream:
            first = True
            while True:
                try:
                    raw = stream.readline(MAX_LINE + 1)
                except (zipfile.BadZipFile, EOFError) as err:
                    raise InterchangeError(Errors.E411.format(path=self.path, reason=err)) from err
                except OSError as err:
                    raise _stream_error(self.path, err) from err
                if not raw:
                    return
                if len(raw) > MAX_LINE and not raw.endswith(b"\n"):
                    number += 1
                    self._skip_rest(stream)
                    yield number, None
                    first = False
                    continue
                if first and raw.startswith(b"\xef\xbb\xbf"):
                    raw = raw[3:]
                first = False
                for part in self._decode(raw, number + 1).rstrip("\r\n").split("\r"):
                    number += 1
                    yield number, part

    def _decode(self, raw: bytes, number: int) -> str:
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            if self.first_bad_bytes is None:
                self.first_bad_bytes = number
            return raw.decode("utf-8", errors="replace")

    def _skip_rest(self, stream: IO[bytes]) -> None:
        while True:
            chunk = stream.readline(MAX_LINE)
            if not chunk or chunk.endswith(b"\n"):
                return
