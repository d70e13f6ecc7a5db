"""Reading posts: records and list rows in the order asked for, a post's bytes and text, the counts."""

from __future__ import annotations

from pathlib import Path

import pytest

from finews_desktop.core.errors import KnownError
from finews_desktop.core.store.library import Library
from tests.core.store.posts import ROOT, post, trash, write_posts


def _library(tmp_path: Path) -> tuple[Library, list[int]]:
    lib = Library.open(tmp_path / "lib")
    ids = write_posts(
        lib,
        {
            "_posts/2024-01-01-a.md": post("A", "2024-01-01 10:00:00 +0800", tags="[源, 二]", categories="[news]"),
            "_posts/2024-01-02-b.md": post("B", "2024-01-02", categories="[markets]"),
            "_posts/2024-01-03-c.md": post("", "2024-01-03"),
        },
    )
    lib.db.execute_sql("UPDATE category SET display_name = 'Markets' WHERE slug = 'markets'")
    return lib, ids


def test_records_come_in_the_order_asked_and_leave_missing_ids_out(tmp_path: Path) -> None:
    lib, (a, b, _c) = _library(tmp_path)
    with lib:
        records = lib.post_records([b, 999, a])
        assert [r["id"] for r in records] == [b, a]
        assert records[1]["tags"] == ["源", "二"] and records[1]["archive"] == ROOT
        assert records[1]["date"].startswith("2024-01-01 10:00") and records[1]["trashed"] is False
        with pytest.raises(KnownError, match="no post with id 999"):
            lib.post_record(999)


def test_list_rows_show_the_source_else_the_first_categorys_name_else_its_slug(tmp_path: Path) -> None:
    lib, (a, b, c) = _library(tmp_path)
    with lib:
        rows = {r.id: r for r in lib.post_rows([c, a, b])}
        assert [r.id for r in lib.post_rows([c, a, b])] == [c, a, b]
        assert rows[a].source == "源" and rows[a].tags == ("源", "二") and rows[a].date == "2024-01-01 10:00"
        assert rows[b].source == "Markets"  # no tag: the category's display name
        assert rows[c].source == "" and rows[c].name == "2024-01-03-c.md"


def test_bytes_text_and_counts(tmp_path: Path) -> None:
    lib, (a, b, _c) = _library(tmp_path)
    with lib:
        assert lib.post_raw(a).startswith(b"---\ntitle: A\n")
        assert "body" in lib.post_plain_text(a) and lib.post_plain_text(999) == ""
        with pytest.raises(KnownError):
            lib.post_raw(999)
        assert lib.post_exists(a) and not lib.post_exists(999)
        trash(lib, b)
        assert lib.count_posts() == 2 and lib.count_posts(include_trashed=True) == 3
        stats = lib.stats()
        assert (stats["posts"], stats["trashed"], stats["archives"], stats["tags"]) == (2, 1, 1, 2)
        assert stats["first_date"].startswith("2024-01-01") and [x.root for x in lib.archives()] == [ROOT]
