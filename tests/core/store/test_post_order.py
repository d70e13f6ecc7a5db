"""Ids in order: equal values keep date order, then id, as the search orders them."""

from __future__ import annotations

from pathlib import Path

import pytest

from finews_desktop.core.errors import KnownError
from finews_desktop.core.store.library import Library
from finews_desktop.core.store.post_order import _indexed_order
from tests.core.store.posts import post, trash, write_posts


def test_an_indexed_order_ties_titles_by_date_then_id_all_one_way() -> None:
    assert _indexed_order("date", "DESC") == "date DESC, id DESC"
    assert _indexed_order("title", "ASC") == "title ASC, date ASC, id ASC"
    assert _indexed_order("id", "ASC") == "id ASC, id ASC"


def _library(tmp_path: Path) -> tuple[Library, list[int]]:
    lib = Library.open(tmp_path / "lib")
    ids = write_posts(
        lib,
        {
            "_posts/2024-01-03-a.md": post("Same", "2024-01-03", tags="[b]"),
            "_posts/2024-01-01-b.md": post("Same", "2024-01-01", tags="[a]"),
            "_posts/2024-01-02-c.md": post("Other", "2024-01-02"),
            "_posts/2024-01-04-d.md": post("Zed", "2024-01-04", tags="[a]"),
        },
    )
    return lib, ids


def test_the_first_page_and_the_whole_list_agree_and_leave_the_trash_out(tmp_path: Path) -> None:
    lib, (a, b, c, d) = _library(tmp_path)
    with lib:
        assert lib.first_post_ids("title", False, 10) == [c, b, a, d]  # equal titles: older first, ascending
        assert list(lib.all_post_ids("title", True)) == [d, a, b, c]
        trash(lib, a)
        assert lib.first_post_ids("date", True, 2) == [d, c]
        assert list(lib.all_post_ids("date", True)) == [d, c, b]
        assert lib.post_ids("date", True) == [d, c, b] and lib.post_ids("id", False, include_trashed=True) == [
            a,
            b,
            c,
            d,
        ]
        assert lib.post_ids("date", False, limit=1, offset=1) == [c]
        with pytest.raises(KnownError, match="Cannot sort by 'size'"):
            lib.post_ids("size")


def test_a_list_column_sorts_in_sql_with_posts_lacking_it_last(tmp_path: Path) -> None:
    lib, (a, b, c, d) = _library(tmp_path)
    with lib:
        assert lib.order_ids([a, b, c, d], "tags") == [d, b, a, c]  # tag 'a': newest first; no tag last
        assert lib.order_ids([a, b, c, d], "tags", descending=True) == [a, d, b, c]
        assert lib.order_ids([b, b, c], "warnings") == [c, b]  # one row per id
        with pytest.raises(KnownError, match="Cannot sort by 'date'"):
            lib.order_ids([a], "date")
