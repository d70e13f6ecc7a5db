"""Curation's rows in the store: its reads, its one transaction, and deleting posts for good."""

from __future__ import annotations

from pathlib import Path

import pytest

from finews_desktop.core.store.curation_rows import CurationReads
from finews_desktop.core.store.library import Library
from tests.core.curation.rows import by_title, every_row, open_library, writing


@pytest.fixture
def lib(tmp_path: Path):
    library = open_library(tmp_path)
    yield library
    library.close()


def test_name_counts_leave_trashed_posts_out(lib: Library) -> None:
    reads = CurationReads(lib)
    with writing(lib) as rows:
        rows.set_trashed([(by_title(lib, "B"), 1)])
    assert reads.name_counts("tag") == [("东财滚动新闻", None, 5), ("站长消息", None, 1), ("财经", None, 0)]
    assert reads.posts_with("tag", ["财经"]) == [by_title(lib, "B")]  # trashed ones too
    assert reads.count_posts_with("tag", ["财经", "站长消息"]) == 2
    assert reads.posts_with("tag", []) == [] and reads.count_posts_with("category", []) == 0


def test_trash_states_read_any_number_of_ids(lib: Library) -> None:
    ids = lib.post_ids()
    asked = list(range(-600, 0)) + ids + list(range(10_000, 10_600))  # past one IN (...) list, unknown ids left out
    assert CurationReads(lib).trash_states(asked) == [(pid, None) for pid in sorted(ids)]


def test_a_failed_transaction_leaves_nothing_and_forgets_the_name_cache(lib: Library) -> None:
    before = every_row(lib)
    with pytest.raises(RuntimeError), writing(lib) as rows:
        rows.add_name("tag", "新")
        rows.put_saved_search("s", "q")
        lib._ids_for("tag", ["新"])  # the cache now holds a row the rollback removes
        raise RuntimeError
    assert every_row(lib) == before
    assert lib._name_ids == {}


def test_a_transaction_inside_another_is_undone_with_it(lib: Library) -> None:
    before = every_row(lib)
    with pytest.raises(RuntimeError), writing(lib) as outer:
        with writing(lib) as inner:
            inner.add_name("category", "新", "新的")
        assert outer.name_exists("category", "新") and outer.display_name("新") == "新的"
        raise RuntimeError
    assert every_row(lib) == before


def test_a_collection_comes_back_with_the_members_whose_posts_exist(lib: Library) -> None:
    b = by_title(lib, "B")
    with writing(lib) as rows:
        rows.insert_collection("读", 5, [(b, 7), (99_999, 8)])
    reads = CurationReads(lib)
    cid = reads.collection_id("读")
    assert cid is not None
    assert reads.collection_members(cid) == [(b, 7)] and reads.collection_created_at(cid) == 5
    assert reads.collection_counts() == [("读", 1)]


def test_saved_searches_put_and_deleted(lib: Library) -> None:
    with writing(lib) as rows:
        rows.put_saved_search("财", "tag:财经")
        rows.put_saved_search("新", "新闻")
        rows.put_saved_search("新", None)
    reads = CurationReads(lib)
    assert reads.saved_searches() == [("财", "tag:财经")]
    assert reads.saved_query("新") is None


def test_deleting_for_good_leaves_tombstones_of_every_version(lib: Library) -> None:
    b = by_title(lib, "B")
    first_hash = lib.post_record(b)["content_hash"]
    lib.edit_post(b, title="B edited")
    edited_hash = lib.post_record(b)["content_hash"]
    with writing(lib) as rows:
        rows.delete_for_good([b], 1)
        rows.posts_changed([b])
    assert not lib.post_exists(b)
    assert {row[2] for row in every_row(lib)["tombstones"]} == {first_hash, edited_hash}
