"""Backups and restore, one writer per library, and libraries from other versions."""

from __future__ import annotations

import hashlib
import io
import os
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from finews_desktop.cli import main
from finews_desktop.core.errors import LibraryDamagedError, LibraryLockedError, NewerLibraryError
from finews_desktop.core.importing.importer import import_paths
from finews_desktop.core.store import backup, migrations
from finews_desktop.core.store.library import Library

POST = '---\ntitle: "{t}"\ndate: 2022-05-20 17:01:37 +0800\ncategories: emnews\ntags: 东财滚动新闻\n---\n<p>{t}</p>'


def make_site(folder: Path, n: int) -> Path:
    posts = folder / "_posts"
    posts.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (posts / f"2022-05-20-p{i}.md").write_text(POST.format(t=f"标题{i}"), encoding="utf-8")
    return folder


def titles(folder: Path) -> list[str]:
    with Library.open(folder, readonly=True) as lib:
        return sorted(r["title"] for r in lib.post_records(lib.post_ids()))


def test_backup_then_restore_round_trip(tmp_path: Path) -> None:
    lib_dir = tmp_path / "lib"
    with Library.open(lib_dir) as lib:
        import_paths(lib, [make_site(tmp_path / "a", 3)])
    saved = backup.backup_library(lib_dir)
    assert saved.parent == lib_dir / "backups" and backup.check_integrity(saved) is None
    with Library.open(lib_dir) as lib:
        import_paths(lib, [make_site(tmp_path / "b", 5)])
    assert len(titles(lib_dir)) == 8

    out = io.StringIO()
    assert main(["--library", str(lib_dir), "restore", str(saved), "--yes"], out=out) == 0
    assert titles(lib_dir) == ["标题0", "标题1", "标题2"]
    safety = next(p for p in (lib_dir / "backups").iterdir() if "before-restore" in p.name)
    with sqlite3.connect(safety) as conn:
        assert conn.execute("SELECT COUNT(*) FROM post").fetchone()[0] == 8
    # the restored library is fully usable
    with Library.open(lib_dir) as lib:
        assert import_paths(lib, [tmp_path / "b"]).counts()["imported"] == 5


def test_restore_refuses_a_damaged_backup_and_needs_confirmation(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lib_dir = tmp_path / "lib"
    with Library.open(lib_dir) as lib:
        import_paths(lib, [make_site(tmp_path / "a", 2)])
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"SQLite format 3\x00" + b"\x07" * 5000)
    assert main(["--library", str(lib_dir), "restore", str(junk), "--yes"], out=io.StringIO()) == 1
    assert "cannot be restored" in capsys.readouterr().err
    good = backup.backup_library(lib_dir)
    # no terminal and no --yes: refused, nothing changed
    assert main(["--library", str(lib_dir), "restore", str(good)], out=io.StringIO()) == 1
    assert "confirm with --yes" in capsys.readouterr().err
    assert len(titles(lib_dir)) == 2


def test_cli_backup_to_a_chosen_file(tmp_path: Path) -> None:
    lib_dir = tmp_path / "lib"
    Library.open(lib_dir).close()
    dest = tmp_path / "mine.sqlite3"
    assert main(["--library", str(lib_dir), "backup", str(dest)], out=io.StringIO()) == 0
    assert backup.check_integrity(dest) is None


def test_scheduled_backups_keep_the_newest(tmp_path: Path) -> None:
    lib_dir = tmp_path / "lib"
    Library.open(lib_dir).close()
    first = backup.backup_if_due(lib_dir, interval=3600)
    assert first is not None
    assert backup.backup_if_due(lib_dir, interval=3600) is None  # not due yet
    for i in range(9):
        p = lib_dir / "backups" / f"library-2020010{i}-000000.sqlite3"
        p.write_bytes(first.read_bytes())
    assert backup.backup_if_due(lib_dir, interval=0, keep=7) is not None
    scheduled = [b.path.name for b in backup.list_backups(lib_dir)]
    assert len(scheduled) == 7 and "library-20200100-000000.sqlite3" not in scheduled


def test_a_migration_backs_up_the_library_first(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    lib_dir = tmp_path / "lib"
    with Library.open(lib_dir) as lib:
        import_paths(lib, [make_site(tmp_path / "a", 2)])
    ran: list[int] = []
    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, lambda db: ran.append(1)])
    monkeypatch.setattr(migrations, "SCHEMA_VERSION", len(migrations.MIGRATIONS))
    with Library.open(lib_dir) as lib:
        assert migrations.schema_version(lib.db) == migrations.SCHEMA_VERSION
    assert ran == [1]
    (saved,) = [p for p in (lib_dir / "backups").iterdir() if "before-migration" in p.name]
    with sqlite3.connect(saved) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == migrations.SCHEMA_VERSION - 1


SCHEMA_5_INDEXES = {
    "post_archive_id": ("post", "archive_id"),
    "post_category_post_id": ("post_category", "post_id"),
    "post_category_category_id": ("post_category", "category_id"),
    "post_tag_post_id": ("post_tag", "post_id"),
    "post_tag_tag_id": ("post_tag", "tag_id"),
    "post_stock_post_id": ("post_stock", "post_id"),
    "post_stock_stock_id": ("post_stock", "stock_id"),
    "collection_post_collection_id": ("collection_post", "collection_id"),
    "tombstone_archive_id": ("tombstone", "archive_id"),
}


def test_dropping_redundant_indexes_needs_no_backup_and_leaves_a_new_librarys_schema(tmp_path: Path) -> None:
    fresh, old = tmp_path / "fresh", tmp_path / "old"
    Library.open(fresh).close()
    with Library.open(old) as lib:
        import_paths(lib, [make_site(tmp_path / "a", 3)])
    with sqlite3.connect(old / "library.sqlite3") as conn:  # as schema 5 had them
        for name, (table, column) in SCHEMA_5_INDEXES.items():
            conn.execute(f'CREATE INDEX "{name}" ON "{table}" ("{column}")')
        conn.execute("PRAGMA user_version = 5")

    def schema(folder: Path) -> list[tuple[str, str]]:
        with sqlite3.connect(folder / "library.sqlite3") as conn:
            return conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name").fetchall()

    assert {"post_stock_stock_id", "post_archive_id"} <= {name for name, _sql in schema(old)}
    with Library.open(old) as lib:
        assert migrations.schema_version(lib.db) == migrations.SCHEMA_VERSION and len(lib.post_ids()) == 3
    assert schema(old) == schema(fresh)
    assert not (old / "backups").exists() or not any((old / "backups").iterdir())
    assert not migrations.backup_needed([6]) and migrations.backup_needed([5, 6])


def test_a_library_from_a_newer_version_is_left_untouched(tmp_path: Path) -> None:
    lib_dir = tmp_path / "lib"
    Library.open(lib_dir).close()
    file = lib_dir / "library.sqlite3"
    with sqlite3.connect(file) as conn:
        conn.execute("PRAGMA user_version = 999")
    before = hashlib.sha256(file.read_bytes()).hexdigest()
    with pytest.raises(NewerLibraryError, match="newer finews-desktop"):
        Library.open(lib_dir)
    assert hashlib.sha256(file.read_bytes()).hexdigest() == before


def test_a_second_instance_is_refused_but_may_read(tmp_path: Path) -> None:
    lib_dir = tmp_path / "lib"
    with Library.open(lib_dir) as lib:
        import_paths(lib, [make_site(tmp_path / "a", 2)])
        # another process: writing is refused with a clear message, reading works
        script = textwrap.dedent(f"""
            from finews_desktop.core.store.library import Library
            from finews_desktop.core.errors import LibraryLockedError
            try:
                Library.open({str(lib_dir)!r})
            except LibraryLockedError as exc:
                print("LOCKED", exc)
            with Library.open({str(lib_dir)!r}, readonly=True) as ro:
                print("POSTS", ro.count_posts())
        """)
        result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
        assert "LOCKED" in result.stdout and "open in another finews-desktop" in result.stdout
        assert "POSTS 2" in result.stdout
        # the same process may open it twice (worker threads do)
        Library.open(lib_dir).close()
    # once closed, another process may write
    script = (
        f"from finews_desktop.core.store.library import Library\nLibrary.open({str(lib_dir)!r}).close()\nprint('OK')"
    )
    assert "OK" in subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout


def test_locked_error_is_a_known_error(tmp_path: Path) -> None:
    from finews_desktop.core.store.locking import LibraryLock

    first = LibraryLock(tmp_path)
    first.acquire()
    try:
        with pytest.raises(LibraryLockedError):
            LibraryLock(tmp_path).acquire()
    finally:
        first.release()
    second = LibraryLock(tmp_path)
    second.acquire()
    second.release()


# --- backups never rotate out the last good copy ---------------------------------------------------


def _age(path: Path, days: float) -> None:
    when = time.time() - days * 86400
    os.utime(path, (when, when))


def test_a_damaged_library_gets_no_backup_and_the_good_ones_stay(tmp_path: Path) -> None:
    """Eight days of the daily backup over a library damaged below its header: before, each day copied
    the damage and pruned the oldest until no backup could be restored."""
    from tests.core.hostile import damage, make_library

    lib_dir = tmp_path / "lib"
    first = make_library(lib_dir, tmp_path)
    _age(first, 3)
    damage(lib_dir, "flipped bytes")
    for _day in range(8):
        with pytest.raises(LibraryDamagedError) as exc:
            backup.backup_if_due(lib_dir, interval=0, keep=7)
        assert exc.value.backup == first and "no backup of it was made" in str(exc.value)
        assert first.name in exc.value.restore_command
    assert [b.path for b in backup.list_backups(lib_dir)] == [first]
    assert not [p for p in (lib_dir / "backups").iterdir() if p != first]  # no partial, no damaged copy


def test_pruning_never_deletes_the_newest_backup_that_passes_the_check(tmp_path: Path) -> None:
    lib_dir = tmp_path / "lib"
    Library.open(lib_dir).close()
    good = backup.backup_library(lib_dir)
    _age(good, 30)
    for day in range(9):  # newer backups that are damaged (made by an older version, or damaged on disk)
        bad = lib_dir / "backups" / f"library-2099010{day}-000000.sqlite3"
        bad.write_bytes(b"SQLite format 3\x00" + bytes(4000))
        _age(bad, 9 - day)
    removed = backup.prune_backups(lib_dir, keep=7)
    assert good not in removed and good.exists()
    assert len(removed) == 2 and len(backup.list_backups(lib_dir)) == 8


def test_backups_made_before_a_restore_are_pruned_like_the_others(tmp_path: Path) -> None:
    lib_dir = tmp_path / "lib"
    Library.open(lib_dir).close()
    made = backup.backup_library(lib_dir)
    for i in range(10):
        copy = lib_dir / "backups" / f"library-2020010{i % 10}-00000{i % 10}-before-restore.sqlite3"
        copy.write_bytes(made.read_bytes())
        _age(copy, 20 - i)
    migration = lib_dir / "backups" / "library-20200101-000000-before-migration-v6.sqlite3"
    migration.write_bytes(made.read_bytes())
    _age(migration, 40)
    backup.prune_backups(lib_dir, keep=7, good=made)
    names = {b.path.name for b in backup.list_backups(lib_dir)}
    assert len(names) == 8 and migration.name in names and made.name in names


def test_a_killed_backup_leaves_no_partial_files_after_the_next_start(tmp_path: Path) -> None:
    from finews_desktop.core.store.locking import partial_file

    lib_dir = tmp_path / "lib"
    Library.open(lib_dir).close()
    backups = lib_dir / "backups"
    backups.mkdir()
    dead = backups / "library-20200101-000000.sqlite3.partial"  # what a killed backup leaves
    dead.write_bytes(b"half a copy")
    (backups / "library-20200101-000000.sqlite3.partial-journal").write_bytes(b"x")
    (lib_dir / "library.sqlite3.restore.partial").write_bytes(b"half a restore")
    (lib_dir / "notes.partial").write_text("not ours")  # a library folder may be any folder
    with partial_file(backups / "library-20200102-000000.sqlite3.partial") as live:  # a backup under way
        Library.open(lib_dir).close()
        assert live.exists()
    assert sorted(p.name for p in backups.iterdir()) == ["library-20200102-000000.sqlite3.partial"]
    assert not (lib_dir / "library.sqlite3.restore.partial").exists()
    assert (lib_dir / "notes.partial").exists()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "movie.partial").write_text("a download")
    assert main(["--library", str(lib_dir), "backup", f"{elsewhere}/"], out=io.StringIO()) == 0
    assert (elsewhere / "movie.partial").exists() and len(list(elsewhere.glob("library-*.sqlite3"))) == 1


def test_a_backup_is_checked_before_it_is_kept_and_restore_drops_the_stale_search_index(tmp_path: Path) -> None:
    from finews_desktop.core.search.engine import search

    lib_dir = tmp_path / "lib"
    with Library.open(lib_dir) as lib:
        import_paths(lib, [make_site(tmp_path / "a", 3)])
    saved = backup.backup_library(lib_dir)
    assert backup.check_integrity(saved) is None
    with sqlite3.connect(saved) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # a file on its own
    with Library.open(lib_dir) as lib:
        import_paths(lib, [make_site(tmp_path / "b", 5)])
        assert search(lib, "标题4").total == 1  # builds the index over 8 posts
    assert (lib_dir / "search-index.sqlite3").exists()
    assert main(["--library", str(lib_dir), "restore", str(saved), "--yes"], out=io.StringIO()) == 0
    assert not (lib_dir / "search-index.sqlite3").exists()
    with Library.open(lib_dir) as lib:
        assert search(lib, "标题4").total == 0 and search(lib, "标题1").total == 1
