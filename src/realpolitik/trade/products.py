"""Product lists for re-export checks: the Common High Priority list of items Russia seeks
for its weapons (six-digit HS codes in tiers), a broad electronics grouping, or a user's
file of HS codes."""

from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field

from realpolitik.dictionaries.schema import Problems, Row, load_rows
from realpolitik.errors import Errors, TradeError
from realpolitik.trade.areas import TRADE_DIR
from realpolitik.trade.fields import BadField, hs_code


class ProductRow(Row):
    """One HS code of a product list."""

    list: str = Field(min_length=1)
    hs: str = Field(pattern=r"^(\d{2}){1,3}$")
    tier: Literal["1", "2", "3.A", "3.B", "4.A", "4.B"] | None = None
    name: str = Field(min_length=1)
    source: str = Field(min_length=1)


@lru_cache(maxsize=1)
def product_rows() -> tuple[ProductRow, ...]:
    """The packaged product lists (validated once)."""
    problems = Problems()
    rows = load_rows(TRADE_DIR / "products.jsonl", ProductRow, problems)
    problems.raise_if_any()
    return tuple(row for _, row in rows)


def list_names() -> tuple[str, ...]:
    """The names of the packaged lists, and their tiers as 'chp:1', 'chp:2'..."""
    rows = product_rows()
    names = dict.fromkeys(r.list for r in rows)
    tiers = dict.fromkeys(f"{r.list}:{r.tier}" for r in rows if r.tier)
    return (*names, *tiers)


def products(value: str, *, files: bool = True) -> tuple[tuple[str, str], ...]:
    """The (HS code, name) pairs of a list: a packaged list ('chp', 'chp:1', 'electronics'),
    comma-separated HS codes ('8542,8517'), or with ``files`` a file (one code a line, or a
    CSV with an ``hs`` column and optionally ``name``). A server passes ``files=False``: a
    value from a request never names a file on it.

    Example:
        >>> products("chp:1")[0]
        ('854231', 'processors and controllers (integrated circuits)')
    """
    rows = product_rows()
    name, _, tier = value.partition(":")
    chosen = [r for r in rows if r.list == name and (not tier or r.tier == tier)]
    if chosen:
        return tuple((r.hs, r.name) for r in chosen)
    path = Path(value)
    if files and path.is_file():
        return _from_file(path)
    codes = [part.strip() for part in value.split(",") if part.strip()]
    if codes and all(c.replace(".", "").isdigit() for c in codes):
        found = []
        for code in codes:
            try:
                found.append((hs_code(code, Path("--products"), 0), f"HS {code}"))
            except BadField:
                raise TradeError(Errors.E712.format(value=code, option="--products")) from None
        return tuple(found)
    raise TradeError(Errors.E711.format(value=value, choices=", ".join(list_names())))


def _from_file(path: Path) -> tuple[tuple[str, str], ...]:
    text = path.read_text(encoding="utf-8-sig", errors="replace").splitlines()
    found: list[tuple[str, str]] = []
    if text and "hs" in [c.strip().lower() for c in text[0].split(",")]:
        for line, row in enumerate(csv.DictReader(text), start=2):
            keys = {(k or "").strip().lower(): (v or "").strip() for k, v in row.items()}
            try:
                code = hs_code(keys.get("hs", ""), path, line)
            except BadField as err:
                raise TradeError(str(err)) from None
            found.append((code, keys.get("name") or f"HS {code}"))
    else:
        for line, raw in enumerate(text, start=1):
            if raw.strip() and not raw.lstrip().startswith("#"):
                try:
                    code = hs_code(raw.strip(), path, line)
                except BadField as err:
                    raise TradeError(str(err)) from None
                found.append((code, f"HS {code}"))
    if not found:
        raise TradeError(Errors.E710.format(path=path, reason="it holds no HS code"))
    return tuple(found)
