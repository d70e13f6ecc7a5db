"""store/sql.py: ids in bounded IN (...) lists."""

from __future__ import annotations

from finews_desktop.core.store.sql import IN_LIST_SIZE, in_chunks, placeholders


def test_in_chunks_covers_every_id_once_in_bounded_lists() -> None:
    ids = list(range(2 * IN_LIST_SIZE + 3))
    chunks = list(in_chunks(ids))
    assert [len(c) for c, _ in chunks] == [IN_LIST_SIZE, IN_LIST_SIZE, 3]
    assert [i for c, _ in chunks for i in c] == ids
    assert all(marks == placeholders(c) and marks.count("?") == len(c) for c, marks in chunks)
    assert list(in_chunks([])) == []
    assert placeholders(["a", "b"]) == "?,?"
