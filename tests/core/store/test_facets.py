"""The sidebar's counts: trashed posts only in the Trash, months summed from the days."""

from __future__ import annotations

from pathlib import Path

from finews_desktop.core.store.facets import FacetEntry, _months_of
from finews_desktop.core.store.library import Library
from tests.core.store.posts import post, trash, write_posts


def test_months_are_the_days_summed_newest_first() -> None:
    days = [FacetEntry("2024-02-01", "2024-02-01", 2), FacetEntry("2024-01-31", "2024-01-31", 1),
            FacetEntry("2024-01-02", "2024-01-02", 4)]  # fmt: skip
    assert _months_of(days) == [FacetEntry("2024-02", "2024-02", 2), FacetEntry("2024-01", "2024-01", 5)]


def test_counts_leave_trashed_posts_out_but_the_trashs_own(tmp_path: Path) -> None:
    with Library.open(tmp_path / "lib") as lib:
        run = lib.start_import_run(["/a"])
        _a, b, _c = write_posts(
            lib,
            {
                "_posts/2024-01-01-a.md": post("A", "2024-01-01", tags="[t]", categories="[news]"),
                "_posts/2024-01-02-b.md": post("B", "2024-01-02", tags="[t]", categories="[news]"),
                "_posts/2024-02-01-c.md": post("C", "2024-02-01", tags="[u]"),
            },
            run,
        )
        lib.finish_import_run(run, "done", {"imported": 3})
        lib.db.execute_sql("INSERT INTO collection (name, created_at) VALUES ('Saved', 0)")
        lib.db.execute_sql("INSERT INTO collection_post (collection_id, post_id, added_at) VALUES (1, ?, 0)", (b,))
        trash(lib, b)
        f = lib.facets()
        assert (f.all, f.recent, f.warnings, f.trash) == (2, 2, 0, 1)
        assert f.tags == [FacetEntry("t", "t", 1), FacetEntry("u", "u", 1)]
        assert f.categories == [FacetEntry("news", "news", 1)]
        assert f.collections == [FacetEntry("Saved", "Saved", 0)]  # its one post is in the trash
        assert [d.key for d in f.days] == ["2024-02-01", "2024-01-01"]
        assert f.months == [FacetEntry("2024-02", "2024-02", 1), FacetEntry("2024-01", "2024-01", 1)]
