"""Output files written whole or not at all.

An export, an ``events --output`` file or a report is written to a scratch file beside its
target and renamed over it only once every byte is out. A write that fails half way (a
missing store, a full disk, Ctrl-C) leaves whatever the path held before, and no half file.
A path that is not a regular file (``/dev/stdout``, a named pipe) is written directly.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

CREATED_MODE = 0o644
"""The permissions of a file made anew; a replaced file keeps its own."""


@contextmanager
def replacing_text(path: Path) -> Iterator[IO[str]]:
    """A UTF-8 text stream (no newline translation) that becomes ``path`` when the block
    ends without an error.

    Raises:
        OSError: the directory is missing or not writable, or the rename fails.

    Example:
        >>> with replacing_text(Path("events.csv")) as out:
        ...     out.write("id,code\\n")
    """
    with replacing(path) as target, target.open("w", encoding="utf-8", newline="") as out:
        yield out


@contextmanager
def replacing_binary(path: Path) -> Iterator[IO[bytes]]:
    """A binary stream that becomes ``path`` when the block ends without an error (see
    :func:`replacing_text`)."""
    with replacing(path) as target, target.open("wb") as out:
        yield out


@contextmanager
def replacing(path: Path) -> Iterator[Path]:
    """The path to write: a scratch file renamed over ``path`` when the block ends without
    an error and removed when it does not, or ``path`` itself when it is not a regular file.

    For writers that take a file name rather than a stream (DuckDB's ``COPY``).

    Example:
        >>> with replacing(Path("events.parquet")) as scratch:
        ...     relation.write_parquet(str(scratch))
    """
    if path.exists() and not path.is_file():
        yield path
        return
    kept = _mode_of(path)
    handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    os.close(handle)
    scratch = Path(name)
    try:
        yield scratch
        os.chmod(scratch, CREATED_MODE if kept is None else kept)
        os.replace(scratch, path)
    except BaseException:
        scratch.unlink(missing_ok=True)
        raise


def _mode_of(path: Path) -> int | None:
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        return None


__all__ = ["CREATED_MODE", "replacing", "replacing_binary", "replacing_text"]
