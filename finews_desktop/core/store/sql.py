"""Small helpers the store's modules share for writing SQL: ids in `IN (...)` lists of a bounded size."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

IN_LIST_SIZE = 500  # ids per IN (...) list: well under SQLite's bound-parameter limit


def placeholders(values: Sequence[Any]) -> str:
    """`?,?,…`, one per value."""
    return ",".join("?" * len(values))


def in_chunks(ids: Sequence[int], size: int = IN_LIST_SIZE) -> Iterator[tuple[list[int], str]]:
    """ids in lists of `size` at most, each with its `?,?,…` placeholders."""
    for start in range(0, len(ids), size):
        chunk = list(ids[start : start + size])
        yield chunk, placeholders(chunk)
