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
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import IO

CREATED_MODE = 0o644
"""The permissions of a file made anew where the umask cannot be read."""


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
    an error and removed when it does not, or ``path`` itself when the rename would not do
    (see :func:`writes_in_place`).

    A symbolic link keeps pointing where it did: the file it names is the one replaced. A
    replaced file keeps its permissions (and, for root, its owner); a new one gets those
    ``open`` would give it under the umask.

    For writers that take a file name rather than a stream (DuckDB's ``COPY``).

    Example:
        >>> with replacing(Path("events.parquet")) as scratch:
        ...     relation.write_parquet(str(scratch))
    """
    if writes_in_place(path):
        yield path
        return
    target = Path(os.path.realpath(path))
    before = _status(target)
    handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    os.close(handle)
    scratch = Path(name)
    try:
        yield scratch
        os.chmod(scratch, _new_mode() if before is None else stat.S_IMODE(before.st_mode))
        if before is not None and os.geteuid() == 0:
            with suppress(OSError):
                os.chown(scratch, before.st_uid, before.st_gid)
        os.replace(scratch, target)
    except BaseException:
        scratch.unlink(missing_ok=True)
        raise


def writes_in_place(path: Path) -> bool:
    """Whether ``path`` is written as it is rather than replaced: a device, pipe or other
    file that is not a regular one (``/dev/stdout``, a named pipe), anything under ``/dev``
    or ``/proc``, and a file with other hard links, which a rename would split off."""
    target = os.path.realpath(path)
    # '/dev/stdout' may resolve to the file a shell redirected to, which must not be renamed
    if any(p.startswith(("/dev/", "/proc/")) for p in (os.path.abspath(path), target)):
        return True
    status = _status(Path(target))
    if status is None:
        return False
    return not stat.S_ISREG(status.st_mode) or status.st_nlink > 1


def _status(path: Path) -> os.stat_result | None:
    try:
        return path.stat()
    except OSError:
        return None


def _new_mode() -> int:
    """The permissions ``open`` gives a new file: 0o666 less the umask (read on Linux
    without changing it, which ``os.umask`` cannot do)."""
    try:
        for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
            if line.startswith("Umask:"):
                return 0o666 & ~int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    return CREATED_MODE


__all__ = ["CREATED_MODE", "replacing", "replacing_binary", "replacing_text", "writes_in_place"]
