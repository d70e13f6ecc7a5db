"""Stocks and sector boards in finews bodies: which codes are boards, and the name a code goes by.

East Money's quote links name a sector board (板块) with a code starting "BK" (market 90,
e.g. BK0473 证券) and a listed company with its exchange code (600160 巨化股份): a board is
not a stock, so the sidebar lists them apart. A post may mention a code without its name
(a chart image's link): the store keeps one name per code, the one other posts give it.
"""

from __future__ import annotations

from collections.abc import Mapping

BOARD_PREFIX = "BK"


def is_sector_board(code: str) -> bool:
    return code.upper().startswith(BOARD_PREFIX)


def stock_label(code: str, name: str | None, known: Mapping[str, str] | None = None) -> str:
    """The name and the code (巨化股份 600160); a code without a name takes the one known for it, else shows
    alone."""
    name = (name or "").strip() or (known or {}).get(code, "")
    return f"{name} {code}" if name else code
