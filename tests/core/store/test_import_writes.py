"""What an import writes: an archive's state as the import sees it, and its batches of new, changed and
restored posts."""

from __future__ import annotations

from pathlib import Path

import pytest

from finews_desktop.core.store import import_writes
from finews_desktop.core.store.import_writes import ArchiveState, _Known
from finews_desktop.core.store.library import Library
from finews_desktop.core.store.prepared_rows import POST_COLUMNS, post_values
from tests.core.store.posts import ROOT, TZ, post, prepared, trash, write_posts


def test_a_changed_file_updates_its_oldest_copy_still_in_the_library() -> None:
    state = ArchiveState(
        posts={
            "a.md": [_Known(5, "h2", 1, False, False), _Known(4, "h1", 0, False, True), _Known(6, "h3", 2, True, False)]
        },
        tombstones={("b.md", "h9")},
    )
    assert state.current("a.md").id == 5  # copy 0 is in the trash
    assert state.current("new.md") is None
    assert state.hashes_for("a.md") == ("h2", "h1", "h3") and state.hashes_for("new.md") == ()
    assert state.find("a.md", "h3").id == 6 and state.find("a.md", "h0") is None
    assert state.next_copy("a.md") == 3 and state.next_copy("new.md") == 0
    state.remember("new.md", "h4", 0)
    assert state.current("new.md") is None  # remembered within the import, not yet a row
    assert state.next_copy("new.md") == 1
    assert state.is_tombstoned("b.md", "h9") and not state.is_tombstoned("a.md", "h1")


def test_the_post_values_fill_the_post_columns_from_title_to_source_name() -> None:
    p = prepared("_posts/2024-01-01-a.md", post("A", "2024-01-01", tags="[源, 二]"))
    columns = [c.strip() for c in POST_COLUMNS.split(",")]
    named = dict(zip(columns[columns.index("title") : columns.index("source_name") + 1], post_values(p), strict=True))
    assert named["title"] == "A" and named["source_name"] == "源" and named["size"] == len(p.raw)


def test_a_batch_inserts_updates_and_restores_in_one_go(tmp_path: Path) -> None:
    with Library.open(tmp_path / "lib") as lib:
        a, b = write_posts(lib, {"_posts/2024-01-01-a.md": post("A", "2024-01-01", tags="[x]"),
                                 "_posts/2024-01-02-b.md": post("B", "2024-01-02")})  # fmt: skip
        archive_id = lib.ensure_archive(ROOT, "news", TZ, None, None)
        assert lib.ensure_archive(ROOT, "renamed", TZ, None, None) == archive_id  # one archive per root
        trash(lib, b)
        new = prepared("_posts/2024-01-03-c.md", post("C", "2024-01-03", tags="[y, x]"))
        changed = prepared("_posts/2024-01-01-a.md", post("A2", "2024-01-01", tags="[z]"))
        ids = lib.write_import_batch([(archive_id, new, 0)], [(a, changed)], [b], None)
        assert ids == [b + 1, a, b]  # the new, the changed, the restored
        rows = dict(lib.db.execute_sql("SELECT id, title FROM post WHERE trashed_at IS NULL"))
        assert rows == {a: "A2", b: "B", b + 1: "C"}
        tags = lib.db.execute_sql(
            "SELECT t.name FROM post_tag pt JOIN tag t ON t.id = pt.tag_id WHERE post_id = ?", (a,)
        )
        assert [t for (t,) in tags] == ["z"]
        versions = lib.db.execute_sql("SELECT post_id, reason FROM post_version").fetchall()
        assert versions == [(a, "reimport")]  # the bytes the changed file replaced
        state = lib.archive_state(archive_id)
        assert sorted(state.posts) == ["_posts/2024-01-01-a.md", "_posts/2024-01-02-b.md", "_posts/2024-01-03-c.md"]
        queued = [r[0] for r in lib.db.execute_sql("SELECT post_id FROM search_queue ORDER BY rowid")]
        assert queued[-3:] == ids  # every post the batch wrote waits for the search index


def test_a_batch_that_fails_leaves_no_row_and_no_cached_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with Library.open(tmp_path / "lib") as lib:
        archive_id = lib.ensure_archive(ROOT, "news", TZ, None, None)

        def fail(*args: object) -> None:
            raise RuntimeError("disk gone")

        monkeypatch.setattr(import_writes, "_insert_posts", fail)
        with pytest.raises(RuntimeError):
            lib.write_import_batch([(archive_id, prepared("_posts/a.md", post("A", "2024-01-01", tags="[新]")), 0)],
                                   [], [], None)  # fmt: skip
        assert lib.db.execute_sql("SELECT COUNT(*) FROM tag").fetchone()[0] == 0
        assert lib._name_ids == {}  # the tag made inside the rolled-back transaction is not remembered


def test_category_names_from_the_site_never_replace_the_users(tmp_path: Path) -> None:
    with Library.open(tmp_path / "lib") as lib:
        write_posts(lib, {"_posts/2024-01-01-a.md": post("A", "2024-01-01", categories="[news]")})
        lib.db.execute_sql("UPDATE category SET display_name = 'Mine' WHERE slug = 'news'")
        lib.set_missing_category_names({"news": "Site's", "markets": "Markets"})
        names = dict(lib.db.execute_sql("SELECT slug, display_name FROM category"))
        assert names == {"news": "Mine", "markets": "Markets"}
        assert lib._ids_for("category", ["markets"])["markets"]  # the cache knows the row made here
