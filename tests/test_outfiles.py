"""Output files replace their path whole or not at all."""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

import pytest

from realpolitik.outfiles import replacing, replacing_binary, replacing_text, writes_in_place


class Interrupted(Exception):
    pass


def test_outfiles_a_finished_write_replaces_the_path_and_leaves_no_scratch(
    tmp_path: Path,
) -> None:
    path = tmp_path / "events.csv"
    with replacing_text(path) as out:
        out.write("id\r\n1\n")
        assert not path.exists()
    assert path.read_bytes() == b"id\r\n1\n"
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~umask
    assert [p.name for p in tmp_path.iterdir()] == ["events.csv"]


def test_outfiles_a_failed_write_keeps_what_the_path_held(tmp_path: Path) -> None:
    path = tmp_path / "events.csv"
    path.write_text("kept\n", encoding="utf-8")
    path.chmod(0o600)
    for opened in (replacing_text, replacing_binary):
        with pytest.raises(Interrupted), opened(path) as out:  # type: ignore[operator]
            out.write("half" if opened is replacing_text else b"half")
            raise Interrupted
    with pytest.raises(KeyboardInterrupt), replacing(path) as scratch:
        scratch.write_text("half", encoding="utf-8")
        raise KeyboardInterrupt
    assert path.read_text(encoding="utf-8") == "kept\n"
    assert [p.name for p in tmp_path.iterdir()] == ["events.csv"]
    with replacing_binary(path) as out:
        out.write(b"new\n")
    assert path.read_bytes() == b"new\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_outfiles_a_missing_folder_is_an_os_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError), replacing_text(tmp_path / "no" / "f.csv"):
        pass


def test_outfiles_a_named_pipe_is_written_directly(tmp_path: Path) -> None:
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_bytes()))
    reader.start()
    with replacing_text(pipe) as out:
        out.write("streamed\n")
    reader.join(timeout=10)
    assert received == [b"streamed\n"]
    assert stat.S_ISFIFO(pipe.stat().st_mode)
    assert [p.name for p in tmp_path.iterdir()] == ["pipe"]


def test_outfiles_a_new_file_takes_the_umask(tmp_path: Path) -> None:
    before = os.umask(0o077)
    try:
        with replacing_text(tmp_path / "private.csv") as out:
            out.write("secret\n")
    finally:
        os.umask(before)
    assert stat.S_IMODE((tmp_path / "private.csv").stat().st_mode) == 0o600


def test_outfiles_a_link_keeps_pointing_at_the_file_it_names(tmp_path: Path) -> None:
    real = tmp_path / "real.csv"
    real.write_text("old\n", encoding="utf-8")
    link = tmp_path / "link.csv"
    link.symlink_to(real)
    with replacing_text(link) as out:
        out.write("new\n")
    assert link.is_symlink() and real.read_text(encoding="utf-8") == "new\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.csv", "real.csv"]


def test_outfiles_devices_and_hard_linked_files_are_written_in_place(tmp_path: Path) -> None:
    assert writes_in_place(Path("/dev/stdout")) and writes_in_place(Path("/dev/null"))
    assert writes_in_place(Path("/proc/self/fd/1"))
    first = tmp_path / "first.csv"
    first.write_text("old\n", encoding="utf-8")
    os.link(first, tmp_path / "second.csv")
    assert writes_in_place(first) and not writes_in_place(tmp_path / "new.csv")
    with replacing_text(first) as out:
        out.write("new\n")
    assert (tmp_path / "second.csv").read_text(encoding="utf-8") == "new\n"
