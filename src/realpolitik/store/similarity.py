"""Content ids and near-duplicate detection for documents.

A document's id is the sha256 of its normalised text, so the same text read twice is one
document. Near-duplicates (a wire story republished with another headline or footer) are found
with MinHash over word 3-shingles: 64 hash functions, split into 16 bands of 4 for
locality-sensitive lookup, and confirmed when the estimated Jaccard similarity reaches
``NEAR_DUPLICATE``.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable

import numpy as np
import numpy.typing as npt

PERMUTATIONS = 64
BANDS = 16
ROWS = PERMUTATIONS // BANDS
SHINGLE = 3
NEAR_DUPLICATE = 0.8
_PRIME = (1 << 31) - 1
_random = np.random.default_rng(20240601)
_A = _random.integers(1, _PRIME, size=(PERMUTATIONS, 1), dtype=np.int64)
_B = _random.integers(0, _PRIME, size=(PERMUTATIONS, 1), dtype=np.int64)
_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"\w+")

Signature = npt.NDArray[np.int64]


def normalise(text: str) -> str:
    """The text as its id sees it: Unicode NFKC, whitespace runs as one space, trimmed.

    Example:
        >>> normalise("  Russia\\u00a0warned\\n\\nArmenia. ")
        'Russia warned Armenia.'
    """
    return _SPACE.sub(" ", unicodedata.normalize("NFKC", text)).strip()


def document_id(text: str) -> str:
    """The content id of a text: the first 32 hex digits of the sha256 of its normal form.

    Example:
        >>> document_id("Russia warned Armenia.") == document_id("Russia  warned\\nArmenia.")
        True
    """
    return hashlib.sha256(normalise(text).encode("utf-8")).hexdigest()[:32]


def shingles(text: str) -> set[str]:
    """Lower-cased word 3-grams of a text (the whole text if it has fewer words)."""
    words = _WORD.findall(normalise(text).lower())
    if len(words) < SHINGLE:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}


def minhash(text: str) -> Signature:
    """The MinHash signature of a text's shingles (``PERMUTATIONS`` values below 2**31).

    Example:
        >>> a, b = minhash("the same wire story"), minhash("the same wire story")
        >>> similarity(a, b)
        1.0
    """
    found = shingles(text)
    if not found:
        return np.full(PERMUTATIONS, _PRIME, dtype=np.int64)
    hashed = np.fromiter(
        (
            int.from_bytes(hashlib.blake2b(s.encode(), digest_size=4).digest(), "little") & _PRIME
            for s in found
        ),
        dtype=np.int64,
        count=len(found),
    )
    values: Signature = ((_A * hashed[np.newaxis, :] + _B) % _PRIME).min(axis=1)
    return values


def similarity(a: Signature, b: Signature) -> float:
    """Estimated Jaccard similarity of the shingle sets behind two signatures."""
    return float(np.mean(a == b))


def band_keys(signature: Signature) -> list[int]:
    """One signed 64-bit key per band: documents sharing a key are candidates."""
    keys = []
    for band in range(BANDS):
        chunk = signature[band * ROWS : (band + 1) * ROWS]
        digest = hashlib.blake2b(bytes([band]) + chunk.tobytes(), digest_size=8).digest()
        keys.append(int.from_bytes(digest, "little", signed=True))
    return keys


class NearDuplicateIndex:
    """An in-memory LSH index of signatures, for documents not yet in the store.

    Example:
        >>> index = NearDuplicateIndex()
        >>> index.add("a", minhash("Russia warned Armenia on Friday over the border."))
        >>> index.best(minhash("Russia warned Armenia on Friday over the border!"))
        ('a', 1.0)
    """

    def __init__(self) -> None:
        self.signatures: dict[str, Signature] = {}
        self.buckets: dict[int, list[str]] = {}

    def remove(self, doc_ids: Iterable[str]) -> None:
        """Forget documents (once they are in the store, which finds them from then on)."""
        for doc_id in doc_ids:
            signature = self.signatures.pop(doc_id, None)
            if signature is None:
                continue
            for key in band_keys(signature):
                bucket = self.buckets.get(key)
                if bucket is not None and doc_id in bucket:
                    bucket.remove(doc_id)
                    if not bucket:
                        del self.buckets[key]

    def add(self, doc_id: str, signature: Signature) -> None:
        """Index one original document."""
        self.signatures[doc_id] = signature
        for key in band_keys(signature):
            self.buckets.setdefault(key, []).append(doc_id)

    def candidates(self, signature: Signature) -> set[str]:
        """Documents sharing at least one band with the signature."""
        found: set[str] = set()
        for key in band_keys(signature):
            found.update(self.buckets.get(key, ()))
        return found

    def best(self, signature: Signature) -> tuple[str, float] | None:
        """The most similar indexed document at or above ``NEAR_DUPLICATE``, if any."""
        return best_match(signature, ((d, self.signatures[d]) for d in self.candidates(signature)))


def best_match(
    signature: Signature, candidates: Iterable[tuple[str, Signature]]
) -> tuple[str, float] | None:
    """The most similar candidate at or above ``NEAR_DUPLICATE`` (ties: smallest id)."""
    best: tuple[str, float] | None = None
    for doc_id, other in candidates:
        score = similarity(signature, other)
        if score < NEAR_DUPLICATE:
            continue
        if best is None or score > best[1] or (score == best[1] and doc_id < best[0]):
            best = (doc_id, score)
    return best
