"""A damaged library (flipped bytes, zeroed header, zero length, truncated) gets a sentence from every
command, naming the newest backup that passes the integrity check and the command that restores it;
the damaged file is never replaced behind the user's back, and `restore` puts the backup back."""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

import pytest

from finews_desktop.core.errors import LibraryDamagedError
from finews_desktop.core.store import backup as backup_module
from finews_desktop.core.store import db as db_module
from finews_desktop.core.store.library import Library
from tests.core.hostile import DAMAGE, cli, damage, digest, make_library, make_site

COMMANDS = {
    "list": ["list"],
    "show": ["show", "1"],
    "stats": ["stats"],
    "search": ["search", "碳中和"],
    "status": ["status"],
    "import": ["import", "SITE"],
    "edit": ["edit", "1", "--title", "新标题"],
    "export": ["export", "OUT"],
    "backup": ["backup"],
    "tag": ["tag", "add", "精选", "--ids", "1"],
    "resume": ["resume", "--all"],
}


@pytest.mark.parametrize("how", DAMAGE)
def test_every_command_names_the_newest_sound_backup_and_how_to_restore_it(tmp_path: Path, how: str) -> None:
    lib = tmp_path / "lib"
    good = make_library(lib, tmp_path)
    damage(lib, how)
    file = lib / "library.sqlite3"
    before = digest(file)
    site = make_site(tmp_path / "more", 3, start=100)
    for name, args in COMMANDS.items():
        args = [str(site) if a == "SITE" else str(tmp_path / f"out-{name}") if a == "OUT" else a for a in args]
        code, out, err = cli("--library", str(lib), *args)
        said = out if name == "status" else err  # status reports it on stdout
        assert code == 1, (name, out, err)
        assert "Traceback" not in err and "damaged" in said, (name, said)
        assert str(good) in said and "restore" in said and "--yes" in said, (name, said)
        assert digest(file) == before, f"{name} changed the damaged file"
    assert [b.path for b in backup_module.list_backups(lib)] == [good]  # no backup of the damage was kept
    assert not (tmp_path / "out-export").exists()


@pytest.mark.parametrize("how", DAMAGE)
def test_restore_puts_the_backup_back_and_keeps_the_damaged_bytes(tmp_path: Path, how: str) -> None:
    lib = tmp_path / "lib"
    good = make_library(lib, tmp_path)
    damage(lib, how)
    damaged = digest(lib / "library.sqlite3")
    code, out, err = cli("--library", str(lib), "restore", str(good), "--yes")
    assert code == 0, err
    (kept,) = (lib / "backups").glob("damaged-library-*.sqlite3")
    assert digest(kept) == damaged and str(kept) in out
    code, out, _err = cli("--library", str(lib), "list")
    assert code == 0 and len(out.splitlines()) == 60
    with Library.open(lib, check=True) as library:
        assert library.count_posts() == 60
        assert library.db.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert not [p for p in lib.rglob("*.partial*")]


def test_a_zero_byte_library_is_never_replaced_by_a_new_empty_one(tmp_path: Path) -> None:
    lib = tmp_path / "lib"
    make_library(lib, tmp_path)
    damage(lib, "zero length")
    for readonly in (False, True):
        with pytest.raises(LibraryDamagedError, match="empty"):
            Library.open(lib, readonly=readonly)  # create=True by default: still not replaced
    code, _out, err = cli("--library", str(lib), "import", str(make_site(tmp_path / "x", 2, start=500)))
    assert code == 1 and "empty (0 bytes)" in err
    assert (lib / "library.sqlite3").stat().st_size == 0


def test_a_new_library_is_created_whole_and_a_killed_creation_leaves_nothing(tmp_path: Path) -> None:
    lib = tmp_path / "lib"
    lib.mkdir()
    # what a creation killed half-way leaves (its writer gone): a partial file and its journal
    (lib / "library.sqlite3.new.partial").write_bytes(b"")
    (lib / "library.sqlite3.new.partial-journal").write_bytes(b"x")
    with Library.open(lib) as library:
        assert library.count_posts() == 0
    assert sorted(p.name for p in lib.iterdir()) == ["library.lock", "library.sqlite3"]
    assert (lib / "library.sqlite3").stat().st_size > 0


def test_a_wal_left_without_its_library_file_is_not_replayed_onto_a_new_library(tmp_path: Path) -> None:
    lib = tmp_path / "lib"
    with Library.open(lib) as library:
        library.db.execute_sql("PRAGMA wal_autocheckpoint = 0")
        import_paths_into(library, tmp_path)
        os.link(lib / "library.sqlite3-wal", tmp_path / "orphan-wal")  # keep the WAL as the folder had it
    (lib / "library.sqlite3").unlink()
    os.replace(tmp_path / "orphan-wal", lib / "library.sqlite3-wal")
    with Library.open(lib, check=True) as library:
        assert library.count_posts() == 0
    assert [p.name for p in lib.glob("library.sqlite3-wal.orphaned-*")]


def import_paths_into(library: Library, tmp_path: Path) -> None:
    from finews_desktop.core.importing.importer import import_paths

    import_paths(library, [make_site(tmp_path / "w", 5)])


def test_damage_found_by_a_query_on_a_large_library_is_told_in_words(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A library above the open-time check's size opens; the first query that meets the damage
    says so (and `finews status`, which checks the whole library, too)."""
    lib = tmp_path / "lib"
    good = make_library(lib, tmp_path)
    damage(lib, "flipped bytes")
    monkeypatch.setattr(db_module, "CHECK_AT_OPEN_BYTES", 0)
    code, _out, err = cli("--library", str(lib), "list")
    assert code == 1 and "Traceback" not in err
    assert "is damaged" in err and str(good) in err and "restore" in err
    code, out, _err = cli("--library", str(lib), "status", "--json")
    report = json.loads(out)
    assert code == 1 and report["damaged"]["newest_good_backup"] == str(good)
    assert report["damaged"]["restore_command"].endswith(f"restore {good} --yes")


def test_without_a_sound_backup_the_message_says_so(tmp_path: Path) -> None:
    lib = tmp_path / "lib"
    good = make_library(lib, tmp_path)
    good.write_bytes(b"SQLite format 3\x00" + bytes(5000))  # the only backup is damaged too
    damage(lib, "zeroed header")
    code, _out, err = cli("--library", str(lib), "stats")
    assert code == 1 and "No backup of it passes the integrity check" in err


def test_a_damaged_search_index_is_not_blamed_on_the_library(tmp_path: Path) -> None:
    lib = tmp_path / "lib"
    make_library(lib, tmp_path)
    assert cli("--library", str(lib), "search", "碳中和")[0] == 0
    (lib / "search-index.sqlite3").write_bytes(b"garbage" * 5000)
    for extra in ("-wal", "-shm"):
        (lib / f"search-index.sqlite3{extra}").unlink(missing_ok=True)
    code, _out, err = cli("--library", str(lib), "search", "碳中和")
    assert code == 1 and "Traceback" not in err
    assert "the library itself passes its check" in err and "search-index.sqlite3" in err


def test_a_sound_library_passes_status(tmp_path: Path) -> None:
    lib = tmp_path / "lib"
    good = make_library(lib, tmp_path)
    code, out, _err = cli("--library", str(lib), "status")
    assert code == 0 and "passes SQLite's quick check" in out and str(good) in out
    with sqlite3.connect(lib / "library.sqlite3") as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
