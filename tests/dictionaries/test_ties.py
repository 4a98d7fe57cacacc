"""Packaged verb patterns that only file order could tell apart are errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from realpolitik.dictionaries.lexicon import _check_ties, _Problems, load_lexicon
from realpolitik.dictionaries.schema import VerbPattern
from realpolitik.errors import DictionaryError


def _ties(*patterns: VerbPattern) -> list[str]:
    problems = _Problems()
    _check_ties([(p, Path("verbs.jsonl"), n) for n, p in enumerate(patterns, 1)], problems)
    return problems.items


def test_ties_the_packaged_lexicon_has_none() -> None:
    assert load_lexicon().verbs


def test_ties_overlapping_objects_with_different_codes_name_both_rows() -> None:
    first = VerbPattern(id="v-1", code="1121", lemma="accuse", object=["crime", "fraud"])
    second = VerbPattern(id="v-2", code="1124", lemma="accuse", object=["crime", "genocide"])
    (problem,) = _ties(first, second)
    assert "'v-1' (code 1121)" in problem and "'v-2' (code 1124)" in problem
    assert "['crime']" in problem
    with pytest.raises(DictionaryError, match="v-2"):
        problems = _Problems()
        problems.items.append(problem)
        problems.raise_if_any()


def test_ties_bare_patterns_of_one_trigger_tie() -> None:
    assert _ties(
        VerbPattern(id="v-1", code="120", lemma="reject"),
        VerbPattern(id="v-2", code="125", lemma="Reject"),
    )


@pytest.mark.parametrize(
    "other",
    [
        VerbPattern(id="v-2", code="1124", lemma="accuse", object=["genocide"]),
        VerbPattern(id="v-2", code="1124", lemma="accuse", object=["crime"], modifier=["war"]),
        VerbPattern(id="v-2", code="1124", lemma="accuse", object=["crime"], prep=["before"]),
        VerbPattern(id="v-2", code="1124", lemma="blame", object=["crime"]),
        VerbPattern(id="v-2", code="1124", lemma="accuse", pos="NOUN", object=["crime"]),
        VerbPattern(id="v-2", code="1121", lemma="accuse", object=["crime"]),
    ],
)
def test_ties_distinct_constraints_or_one_code_are_no_tie(other: VerbPattern) -> None:
    first = VerbPattern(id="v-1", code="1121", lemma="accuse", object=["crime"])
    assert not _ties(first, other)
