"""What ``Coder.code_documents`` accepts from a caller."""

from __future__ import annotations

import pytest

from realpolitik.coding.coder import Coder
from realpolitik.records import Document


def test_strings_dicts_and_documents_are_all_documents(coder: Coder) -> None:
    coded = list(
        coder.code_documents(
            [
                "Russia summoned Armenia's ambassador.",
                {"id": "d", "text": "Armenia recalled its ambassador.", "date": "2023-09-08"},
                Document(id="e", text="Azerbaijan attacked Armenia."),
            ]
        )
    )
    assert [c.document.id for c in coded] == ["doc-1", "d", "e"]
    assert [[e.code[:2] for e in c.events] for c in coded] == [["11"], ["16"], ["19"]]


@pytest.mark.parametrize("bad", [42, None, b"Russia attacked Ukraine.", ["text"]])
def test_anything_else_is_a_clear_type_error(coder: Coder, bad: object) -> None:
    with pytest.raises(TypeError, match=r"document 1 is a .*pass a Document, a dict"):
        list(coder.code_documents([bad]))  # type: ignore[list-item]
