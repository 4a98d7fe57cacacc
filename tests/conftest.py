"""Shared fixtures: the real spaCy model and the packaged dictionaries, loaded once."""

from __future__ import annotations

import os

import pytest
from hypothesis import settings

from realpolitik.coding.coder import Coder
from realpolitik.dictionaries.lexicon import Lexicon, load_lexicon

# continuous integration replays the same examples on every run; a developer's run draws new
# ones (and keeps the failing ones in .hypothesis/ to replay them)
settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI"):
    settings.load_profile("ci")


@pytest.fixture(scope="session")
def lexicon() -> Lexicon:
    return load_lexicon()


@pytest.fixture(scope="session")
def coder(lexicon: Lexicon) -> Coder:
    return Coder(lexicon=lexicon)


@pytest.fixture(scope="session")
def nlp(coder: Coder):  # type: ignore[no-untyped-def]
    return coder.nlp
