"""Editing posts one by one: only the changed keys rewritten, the old bytes kept, and undone byte for byte."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from finews_desktop.core.errors import KnownError
from finews_desktop.core.jekyll import frontmatter as fm
from finews_desktop.core.store.library import Library
from finews_desktop.core.store.post_edits import requested
from tests.core.store.posts import post, write_posts

RAW = b"---\ntitle: Old\ndate: 2024-01-02 10:00:00 +0800\ntags: [a]\nsource: x\n---\nbody\n"


def test_the_request_drops_unchanged_fields_and_makes_name_lists_lists() -> None:
    given, extra, removals = requested("T", fm.UNCHANGED, ("a", "b"), "one", None, ["k", "k", "j"])
    assert given == {"title": "T", "tags": ["a", "b"], "categories": "one"}  # text stays text: Jekyll splits it
    assert extra == {} and removals == ("k", "j")


def test_an_edit_says_what_it_changed_and_revert_gives_the_bytes_back(tmp_path: Path) -> None:
    with Library.open(tmp_path / "lib") as lib:
        (pid,) = write_posts(lib, {"_posts/2024-01-02-a.md": RAW})
        changes = lib.edit_post(pid, title="New", date=datetime(2024, 3, 4, 9, 0), remove_keys=["source"])
        (edit,) = changes.edits
        assert changes.post_ids == (pid,) and changes.fields == {"title", "date", "path", "front_matter"}
        assert (edit.before["title"], edit.after["title"]) == ("Old", "New")
        assert edit.after["path"] == "_posts/2024-03-04-a.md" and edit.before["date"].startswith("2024-01-02 10:00")
        assert edit.keys_before == {"source": "x"} and edit.keys_after == {"source": fm.ABSENT}
        now = lib.post_raw(pid)
        assert b"title: New" in now and b"source" not in now and b"tags: [a]" in now  # the other lines as they were
        assert lib.post_record(pid)["edited"] is True

        redo = lib.revert(changes)
        assert lib.post_raw(pid) == RAW and lib.post_record(pid)["path"] == "_posts/2024-01-02-a.md"
        assert lib.post_record(pid)["edited"] is False
        (back,) = redo.edits
        assert back.after["path"] == "_posts/2024-01-02-a.md" and back.before["path"] == "_posts/2024-03-04-a.md"
        lib.revert(redo)  # redo
        assert lib.post_raw(pid) == now


def test_nothing_to_change_changes_nothing(tmp_path: Path) -> None:
    with Library.open(tmp_path / "lib") as lib:
        (pid,) = write_posts(lib, {"_posts/2024-01-02-a.md": RAW})
        assert not lib.edit_post(pid)
        assert not lib.edit_post(pid, title="Old")  # the same value: the bytes stay
        assert lib.db.execute_sql("SELECT COUNT(*) FROM post_version").fetchone()[0] == 0


def test_a_revert_is_refused_once_the_post_changed_again(tmp_path: Path) -> None:
    with Library.open(tmp_path / "lib") as lib:
        (pid,) = write_posts(lib, {"_posts/2024-01-02-a.md": RAW})
        first = lib.edit_post(pid, title="One")
        lib.edit_post(pid, title="Two")
        with pytest.raises(KnownError, match="changed again since"):
            lib.revert(first)
        assert b"title: Two" in lib.post_raw(pid)


def test_an_edit_of_several_posts_is_all_or_none(tmp_path: Path) -> None:
    with Library.open(tmp_path / "lib") as lib:
        a, b = write_posts(lib, {"_posts/2024-01-02-a.md": RAW, "_posts/2024-01-03-b.md": post("B", "2024-01-03")})
        with pytest.raises(KnownError, match="no post with id 999"):
            lib.edit_posts([a, 999, b], tags=["新"])
        assert b"tags: [a]" in lib.post_raw(a)
        assert lib.db.execute_sql("SELECT COUNT(*) FROM tag WHERE name = '新'").fetchone()[0] == 0
        assert lib._name_ids == {}  # the rolled-back name is not remembered
        changes = lib.edit_posts([b, a, b], tags=["新"])
        assert changes.post_ids == (b, a)  # each post once, in the order given
