"""Shared fixtures: the real spaCy model and the packaged dictionaries, loaded once."""

from __future__ import annotations

import pytest

from realpolitik.coding.coder import Coder
from realpolitik.dictionaries.lexicon import Lexicon, load_lexicon


@pytest.fixture(scope="session")
def lexicon() -> Lexicon:
    return load_lexicon()


@pytest.fixture(scope="session")
def coder(lexicon: Lexicon) -> Coder:
    return Coder(lexicon=lexicon)


@pytest.fixture(scope="session")
def nlp(coder: Coder):  # type: ignore[no-untyped-def]
    return coder.nlp
