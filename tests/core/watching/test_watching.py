"""Watching in the core: the debounce rule on an injected clock, watched folders kept in the library,
`sync` importing each of them, and watch queries (badges, rules) run inside the import's batches."""

from __future__ import annotations

from pathlib import Path

import pytest

from finews_desktop.core.curation.curator import Curator, UndoStack
from finews_desktop.core.search.engine import index_for, search
from finews_desktop.core.store import watches
from finews_desktop.core.store.library import Library
from finews_desktop.core.watching import queries, sync
from finews_desktop.core.watching.debounce import Debouncer
from finews_desktop.core.watching.folders import FolderChanges, is_post_path
from tests.core.sites import write_site


def post(title: str, body: str = "", tags: str = "[]") -> str:
    return f"---\nlayout: post\ntitle: {title}\ntags: {tags}\n---\n{body}\n"


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_a_burst_of_changes_is_one_batch_once_quiet() -> None:
    clock = Clock()
    d = Debouncer(quiet=2.0, longest=30.0, clock=clock)
    assert d.due_in() is None and d.take_due() == []
    for i in range(5000):  # a git pull: thousands of files within a second
        clock.now += 0.0002
        d.note(f"f{i}")
    clock.now += 1.9
    assert d.take_due() == [] and d.waiting()
    clock.now += 0.2
    due = d.take_due()
    assert len(due) == 5000 and due[0] == "f0"
    assert not d.waiting() and d.take_due() == []


def test_a_folder_that_never_stops_changing_is_still_released() -> None:
    clock = Clock()
    d = Debouncer(quiet=2.0, longest=10.0, clock=clock)
    for i in range(11):
        d.note(f"f{i}")
        clock.now += 1.0  # never quiet for 2 s
    assert d.take_due() == [f"f{i}" for i in range(11)]


def test_only_post_files_of_the_folder_count(tmp_path: Path) -> None:
    f = str(tmp_path)
    assert is_post_path(f, str(tmp_path / "_posts" / "2024-01-01-a.md"))
    assert is_post_path(f, str(tmp_path / "news" / "_posts" / "2024" / "2024-01-01-a.html"))
    assert not is_post_path(f, str(tmp_path / ".git" / "_posts" / "x.md"))
    assert not is_post_path(f, str(tmp_path / "_site" / "_posts" / "x.md"))
    assert not is_post_path(f, str(tmp_path / "_posts" / ".x.md.swp"))
    assert not is_post_path(f, str(tmp_path / "about.md"))
    assert not is_post_path(f, str(tmp_path.parent / "_posts" / "x.md"))


def test_folder_changes_split_into_there_and_gone(tmp_path: Path) -> None:
    clock = Clock()
    changes = FolderChanges(quiet=1.0, clock=clock)
    site = write_site(tmp_path / "s", {"_posts/2024-01-01-a.md": post("a")})
    kept = str(site / "_posts" / "2024-01-01-a.md")
    gone = str(site / "_posts" / "2024-01-02-b.md")
    assert changes.note(str(site), kept) and changes.note(str(site), gone)
    assert not changes.note(str(site), str(site / ".git" / "index"))
    clock.now += 1.5
    (batch,) = changes.take_due()
    assert batch.changed == (kept,) and batch.removed == (gone,)


def test_watches_survive_reopening_the_library(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", {"_posts/2024-01-01-a.md": post("a")})
    with Library.open(tmp_path / "lib") as lib:
        key, new = sync.add(lib, site)
        assert new and not sync.add(lib, site)[1]
        Curator(lib).save_search("watched", "tag:x")
        queries.set_watch(lib, "watched", watch=True, add_tag="seen")
    with Library.open(tmp_path / "lib") as lib:
        assert [w.path for w in sync.folders(lib)] == [key]
        (q,) = watches.watch_queries(lib.db)
        assert (q.name, q.watch, q.add_tag, q.add_collection) == ("watched", True, "seen", None)
        sync.remove(lib, site)
        assert sync.folders(lib) == []


def test_sync_imports_every_watched_folder_and_counts_files_gone(tmp_path: Path) -> None:
    one = write_site(tmp_path / "one", {"_posts/2024-01-01-a.md": post("a"), "_posts/2024-01-02-b.md": post("b")})
    two = write_site(tmp_path / "two", {"_posts/2024-02-01-c.md": post("c")})
    with Library.open(tmp_path / "lib") as lib:
        sync.add(lib, one)
        sync.add(lib, two)
        done = sync.sync(lib)
        assert [len(d.report.imported) for d in done if d.report] == [2, 1]
        (one / "_posts" / "2024-01-02-b.md").unlink()
        (one / "_posts" / "2024-01-03-new.md").write_text(post("new"))
        done = sync.sync(lib)
        assert done[0].report is not None and done[0].report.imported == ["_posts/2024-01-03-new.md"]
        assert done[0].removed == 1  # its post stays in the library, as a re-import keeps it
        assert lib.count_posts() == 4
        first = sync.folders(lib)[0]
        assert first.last_status == "done" and first.removed == 1 and first.last_counts["imported"] == 1


def test_a_watch_query_counts_and_tags_an_imports_matches(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", {"_posts/2024-01-01-a.md": post("光伏 old", "光伏")})
    with Library.open(tmp_path / "lib") as lib:
        sync.add(lib, site)
        sync.sync(lib)
        cur = Curator(lib)
        cur.save_search("solar", "光伏")
        queries.set_watch(lib, "solar", watch=True, add_tag="solar", add_collection="Solar")
        (site / "_posts" / "2024-01-02-b.md").write_text(post("光伏 new", "more 光伏"))
        (site / "_posts" / "2024-01-03-c.md").write_text(post("wind", "风电"))
        (result,) = sync.sync(lib)
        assert result.report is not None
        assert result.report.rules == {
            queries.rule_line("tag", "solar", "solar"): 1,
            queries.rule_line("collection", "solar", "Solar"): 1,
        }
        (q,) = watches.watch_queries(lib.db)
        assert q.new == 1
        new_id = search(lib, "title:new").ids[0]
        assert list(search(lib, "tag:solar").ids) == [new_id]
        assert cur.collection_post_ids("Solar") == [new_id]
        assert queries.open_query(lib, "solar") == [new_id]
        assert watches.watch_queries(lib.db)[0].new == 0


def test_a_watch_query_matches_an_imports_posts_when_the_search_index_is_built(tmp_path: Path) -> None:
    """The batch's posts are queued for the index before the watch queries run: a built index does not
    know them yet, and text, tag and negated queries must still see them (their text is read)."""
    site = write_site(tmp_path / "site", {"_posts/2024-01-01-a.md": post("old", "光伏", tags="[energy]")})
    with Library.open(tmp_path / "lib") as lib:
        sync.add(lib, site)
        sync.sync(lib)
        index_for(lib).catch_up()
        assert index_for(lib).pending_count() == 0
        cur = Curator(lib)
        for name, text in (("text", "光伏"), ("tag", "tag:energy"), ("not", "新闻 -风电")):
            cur.save_search(name, text)
            queries.set_watch(lib, name, watch=True)
        (site / "_posts" / "2024-01-02-b.md").write_text(post("new", "光伏 新闻", tags="[energy]"))
        (site / "_posts" / "2024-01-03-c.md").write_text(post("wind", "风电 新闻"))
        sync.sync(lib)
        assert {q.name: q.new for q in watches.watch_queries(lib.db)} == {"not": 1, "tag": 1, "text": 1}


def test_rules_apply_to_existing_posts_as_one_undoable_step(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", {f"_posts/2024-01-0{i}-p{i}.md": post(f"光伏 {i}") for i in range(1, 4)})
    with Library.open(tmp_path / "lib") as lib:
        sync.add(lib, site)
        sync.sync(lib)
        cur = Curator(lib)
        cur.save_search("solar", "光伏")
        queries.set_watch(lib, "solar", watch=False, add_tag="solar", add_collection="Solar")
        outcome = queries.apply_to_existing(lib, "solar")
        assert (outcome.tagged, outcome.collected) == (3, 3)
        assert search(lib, "tag:solar").total == 3
        stack = UndoStack(cur)
        stack.push(outcome.changes)
        stack.undo()
        assert search(lib, "tag:solar").total == 0 and cur.collections() == []
        stack.redo()
        assert search(lib, "tag:solar").total == 3


def test_unwatching_forgets_new_posts_and_an_unknown_search_is_refused(tmp_path: Path) -> None:
    with Library.open(tmp_path / "lib") as lib:
        from finews_desktop.core.errors import KnownError

        with pytest.raises(KnownError):
            queries.set_watch(lib, "nope", watch=True)


def test_due_paths_come_unsorted_and_are_sorted_apart(tmp_path: Path) -> None:
    """The window takes the due paths on its thread and looks at the files on another (sort_changes)."""
    from finews_desktop.core.watching.folders import FolderBatch, sort_changes

    clock = Clock()
    changes = FolderChanges(quiet=1.0, clock=clock)
    site = write_site(tmp_path / "s", {"_posts/2024-01-01-a.md": post("a")})
    kept = str(site / "_posts" / "2024-01-01-a.md")
    gone = str(site / "_posts" / "2024-01-02-b.md")
    changes.note(str(site), gone)
    changes.note(str(site), kept)
    assert changes.take_due_paths() == []
    clock.now += 1.5
    assert changes.take_due_paths() == [(str(site), [gone, kept])]
    assert not changes.waiting() and changes.take_due_paths() == []
    assert sort_changes(str(site), [gone, kept]) == FolderBatch(str(site), (kept,), (gone,))
    # the window's observers look at each path on their own thread: noted as given, not looked at again
    assert changes.note(str(site), kept, is_post=True) and changes.waiting()
    assert not changes.note(str(site), str(site / "about.md"))
