"""The import runs: an interrupted one is found and its inputs imported again; "Recently imported" is the last
run that wrote posts."""

from __future__ import annotations

from pathlib import Path

from finews_desktop.core.store.library import Library
from tests.core.store.posts import post, trash, write_posts


def test_interrupted_runs_give_their_inputs_once_and_are_marked(tmp_path: Path) -> None:
    with Library.open(tmp_path / "lib") as lib:
        first = lib.start_import_run(["/a", "/b"])
        second = lib.start_import_run(["/b", "/c"])
        done = lib.start_import_run(["/d"])
        lib.finish_import_run(done, "done", {"imported": 0})
        assert [r.id for r in lib.interrupted_imports()] == [first, second]
        assert lib.resumable_inputs() == ["/a", "/b", "/c"]
        assert lib.interrupted_imports() == []  # now marked interrupted
        assert lib.last_import_run().id == done


def test_recent_posts_are_the_last_run_that_wrote_any_less_the_trashed(tmp_path: Path) -> None:
    with Library.open(tmp_path / "lib") as lib:
        assert lib.last_import_run_with_posts() is None and lib.recent_post_ids() == set()
        wrote = lib.start_import_run(["/a"])
        ids = write_posts(lib, {f"_posts/2024-01-0{i}-p.md": post(f"P{i}", f"2024-01-0{i}") for i in (1, 2)}, wrote)
        lib.finish_import_run(wrote, "done", {"imported": 2})
        nothing = lib.start_import_run(["/a"])
        lib.finish_import_run(nothing, "done", {"imported": 0, "updated": 0, "unchanged": 2})
        assert lib.last_import_run_with_posts() == wrote  # the run that found nothing new is passed over
        trash(lib, ids[0])
        assert lib.recent_post_ids() == {ids[1]}
        running = lib.start_import_run(["/b"])
        assert lib.last_import_run_with_posts() == running  # a running import shows its posts as they land
