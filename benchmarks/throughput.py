"""Sentences per second: a bare spaCy parse against full event coding of the same text.

Usage:
    python benchmarks/throughput.py [--sentences 3000] [--n-process 1] [--batch-size 64]
        [--repeat 2]

The text is the bundled demo corpus, repeated until it holds the requested number of
sentences. Both runs use the same model, process count and batch size; the coder's figure
includes parsing, so the ratio is the share of parsing speed that coding keeps.
"""

from __future__ import annotations

import argparse
import sys
import time

from realpolitik.coding.coder import Coder
from realpolitik.demo import demo_documents
from realpolitik.records import Document


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    parser.add_argument("--sentences", type=int, default=3000)
    parser.add_argument("--n-process", type=int, default=1)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--repeat", type=int, default=2, help="runs of each; the best counts")
    args = parser.parse_args()

    coder = Coder()
    nlp = coder.nlp
    base = demo_documents()
    per_round = sum(1 for d in nlp.pipe(doc.text for doc in base) for _ in d.sents)
    rounds = max(1, -(-args.sentences // per_round))
    documents = [
        Document(id=f"{d.id}#{n}", text=d.text, date=d.date) for n in range(rounds) for d in base
    ]
    texts = [d.text for d in documents]
    # warm both paths once so that lazy loading is not timed
    list(coder.code_documents(documents[:5]))

    bare = full = float("inf")
    events = sentences = 0
    # alternate the two runs and keep the best time of each, so that a busy machine
    # slows both alike
    for _ in range(args.repeat):
        started = time.perf_counter()
        sentences = sum(
            len(list(doc.sents))
            for doc in nlp.pipe(texts, n_process=args.n_process, batch_size=args.batch_size)
        )
        bare = min(bare, time.perf_counter() - started)

        started = time.perf_counter()
        events = 0
        for coded in coder.code_documents(
            documents, n_process=args.n_process, batch_size=args.batch_size
        ):
            events += len(coded.events)
        full = min(full, time.perf_counter() - started)

    print(
        f"model {nlp.meta['name']} {nlp.meta['version']}, {len(documents)} documents, "
        f"{sentences} sentences, n_process={args.n_process}, batch_size={args.batch_size}"
    )
    print(f"bare parse:  {sentences / bare:8.1f} sentences/s ({bare:.2f}s)")
    print(f"full coding: {sentences / full:8.1f} sentences/s ({full:.2f}s, {events} events)")
    print(f"coding keeps {bare / full:.1%} of bare parse speed (target >= 80%)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
