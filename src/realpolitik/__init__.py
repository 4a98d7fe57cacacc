"""realpolitik: news text to an auditable record of political events.

Example:
    >>> import realpolitik
    >>> events = realpolitik.code_text("Russia summoned Armenia's ambassador.", date="2023-09-08")
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from realpolitik.records import Attribution, Document, Event, Location, Quantity
from realpolitik.version import __version__

if TYPE_CHECKING:
    from realpolitik.coding.coder import CodedDocument, Coder

__all__ = [
    "Attribution",
    "Document",
    "Event",
    "Location",
    "Quantity",
    "__version__",
    "code_documents",
    "code_text",
    "get_coder",
]


@lru_cache(maxsize=1)
def get_coder() -> Coder:
    """The default coder (packaged dictionaries, default model), built once per process."""
    from realpolitik.coding.coder import Coder

    return Coder()


def code_text(text: str, date: dt.date | str | None = None, doc_id: str = "text") -> list[Event]:
    """Code English text into events.

    Args:
        text: the text.
        date: the document date, against which relative dates are resolved.
        doc_id: the id the events carry.

    Example:
        >>> [e.code for e in code_text("Azerbaijan launched an offensive against Armenia.")]
        ['190']
    """
    return get_coder().code_text(text, date=date, doc_id=doc_id)


def code_documents(
    documents: Iterable[Document | dict[str, Any] | str], n_process: int = 1, batch_size: int = 64
) -> Iterator[CodedDocument]:
    """Code a stream of documents (``Document`` records, dicts with ``text``, or strings);
    yields each document with its events, in input order.

    Example:
        >>> for coded in code_documents([{"id": "a", "text": "...", "date": "2023-09-19"}]):
        ...     print(coded.document.id, len(coded.events))
    """
    return get_coder().code_documents(documents, n_process=n_process, batch_size=batch_size)
