"""Write ``known_failures.txt``: the golden rows the coder does not yet get right.

Usage: python tests/golden/known_failures.py > tests/golden/known_failures.txt

Each line names a row, what it expects that was not coded and what was coded instead.
``test_golden.py`` marks these rows xfail(strict): one that starts passing fails the suite
until this list is written anew, so the list can only shrink by real improvements.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from realpolitik.coding.coder import Coder
from test_golden import GOLDEN, compare


def _expected(event: dict[str, Any]) -> str:
    extras = [f"{k}={event[k]}" for k in ("modality", "event_date", "location") if k in event]
    return f"{event.get('source')}->{event.get('target')} {event['code']} {' '.join(extras)}"


def main() -> None:
    coder = Coder()
    print("# Golden rows the coder does not yet get right (see known_failures.py).")
    for path in sorted(GOLDEN.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            row = json.loads(line)
            events, missing, unmatched = compare(coder, row)
            if missing or unmatched:
                want = "; ".join(_expected(m) for m in missing) or "no other event"
                got = "; ".join(
                    f"{e.source}->{e.target} {e.code} {e.modality} {e.date}" for e in events
                )
                print(f"{row['id']} expected {want.strip()}; coded {got or 'nothing'}")


if __name__ == "__main__":
    main()
