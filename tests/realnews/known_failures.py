"""Write ``known_failures.txt``: the development-half cases the coder does not yet get right.

Usage: python tests/realnews/known_failures.py > tests/realnews/known_failures.txt

Each line names a case of ``test_realnews.py`` (an annotated event, or an article's absence
of extra events) and why it fails. The test marks these cases xfail(strict): one that
starts passing fails the suite until this list is written anew, so the list can only shrink
by real improvements.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from realpolitik.coding.coder import Coder
from realpolitik.evaluation import align
from test_realnews import _coded, _gold, describe


def main() -> None:
    coder = Coder()
    print("# Development-half cases the coder does not yet get right (tests/test_realnews.py).")
    print("# The list may only shrink: a case that starts passing fails until it is taken off.")
    for record in _gold():
        predicted = _coded(coder, record["id"])
        for n, gold in enumerate(record["events"]):
            pairs = align([gold], predicted, "country+root")
            if not pairs:
                print(
                    f"{record['id']}-e{n:02d} not coded: [{gold.get('line')}] "
                    f"{gold.get('source')}->{gold.get('target')} {gold['code']} "
                    f"'{gold.get('trigger')}'"
                )
            elif predicted[pairs[0][1]].modality != gold.get("modality", "asserted"):
                print(f"{record['id']}-e{n:02d} modality: {describe(predicted[pairs[0][1]])}")
        pairs = align(record["events"], predicted, "country+root")
        extra = [describe(p) for i, p in enumerate(predicted) if i not in {b for _, b in pairs}]
        if extra:
            print(f"{record['id']}-extra coded beyond the annotation: {'; '.join(extra)}")


if __name__ == "__main__":
    main()
