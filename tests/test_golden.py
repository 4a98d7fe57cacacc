"""Golden sentences: each text with the events a careful coder produces, compared exactly.

Rows listed in ``golden/known_failures.txt`` are expected to fail (strictly: a row that
starts passing fails the suite until it is taken off the list).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from realpolitik.coding.coder import Coder
from realpolitik.records import Event

GOLDEN = Path(__file__).parent / "golden"


def _known_failures() -> dict[str, str]:
    path = GOLDEN / "known_failures.txt"
    if not path.exists():
        return {}
    out: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            row_id, _, reason = line.partition(" ")
            out[row_id] = reason.strip() or "known failure"
    return out


def _rows() -> list[Any]:
    failures = _known_failures()
    params = []
    for file in sorted(GOLDEN.glob("*.jsonl")):
        for line in file.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            row = json.loads(line)
            marks = []
            if row["id"] in failures:
                marks.append(pytest.mark.xfail(reason=failures[row["id"]], strict=True))
            params.append(pytest.param(row, id=row["id"], marks=marks))
    return params


def _matches(expected: dict[str, Any], event: Event) -> bool:
    code = expected["code"]
    if event.source != expected.get("source") or event.target != expected.get("target"):
        return False
    if not (event.code == code or (len(code) == 2 and event.root == code)):
        return False
    if event.modality != expected.get("modality", "asserted"):
        return False
    if "attribution" in expected:
        want = expected["attribution"]
        if want is None:
            if event.attribution is not None:
                return False
        else:
            got = event.attribution
            if got is None or got.speaker_code != want.get("code"):
                return False
            if "cue" in want and got.cue != want["cue"]:
                return False
    if "event_date" in expected and str(event.date) != expected["event_date"]:
        return False
    if "date_precision" in expected and event.date_precision != expected["date_precision"]:
        return False
    if "quantity" in expected:
        want_q = expected["quantity"]
        got_q = event.quantity
        if got_q is None or got_q.value != want_q["value"]:
            return False
        if "approximate" in want_q and got_q.approximate != want_q["approximate"]:
            return False
    # a place may be written as in the text or as the gazetteer names it ('Izium', 'Izyum')
    return "location" not in expected or (
        event.location is not None
        and expected["location"].lower()
        in (event.location.name.lower(), event.location.text.lower())
    )


def describe(event: Event) -> str:
    said = (
        f" said:{event.attribution.speaker_code}/{event.attribution.cue}"
        if event.attribution
        else ""
    )
    return (
        f"{event.source}->{event.target} {event.code} {event.modality}{said} "
        f"{event.date}/{event.date_precision} q={event.quantity and event.quantity.value} "
        f"loc={event.location and event.location.name}"
    )


def compare(
    coder: Coder, row: dict[str, Any]
) -> tuple[list[Event], list[dict[str, Any]], list[Event]]:
    """Code a golden row: (all events, expected events not coded, coded events not expected)."""
    events = coder.code_text(row["text"], date=row.get("date"), doc_id=row["id"])
    unmatched = list(events)
    missing = []
    for expected in row["events"]:
        hit = next((e for e in unmatched if _matches(expected, e)), None)
        if hit is None:
            missing.append(expected)
        else:
            unmatched.remove(hit)
    return events, missing, unmatched


@pytest.mark.parametrize("row", _rows())
def test_golden_sentence(coder: Coder, row: dict[str, Any]) -> None:
    events, missing, unmatched = compare(coder, row)
    assert not missing and not unmatched, (
        f"missing: {missing}\nunexpected: {[describe(e) for e in unmatched]}\n"
        f"all coded: {[describe(e) for e in events]}"
    )
