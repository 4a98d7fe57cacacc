"""A PLOVER line that is not JSON is reported with the whole reason and where it is."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from realpolitik.interchange import Problem, read, write
from realpolitik.interchange.rows import fill_code, new_row


def test_plover_bad_json_line_gives_the_whole_reason(tmp_path: Path) -> None:
    row = new_row("coded", "one")
    fill_code(row, "042")
    row.update(date=dt.date(2023, 9, 8), source="RUSGOV", target="ARM")
    path = tmp_path / "events.plover.jsonl"
    write("plover", [row, {**row, "event_id": "coded-two", "original_id": "two"}], path)
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([*lines, '{"id": "unterminated']) + "\n", encoding="utf-8")
    items = list(read("plover", path))
    problems = [item for item in items if isinstance(item, Problem)]
    assert len(items) == 3 and len(problems) == 1
    message = problems[0].message
    assert f"{path}:3:" in message
    assert "Unterminated string starting at column 8" in message
    assert " at at " not in message
