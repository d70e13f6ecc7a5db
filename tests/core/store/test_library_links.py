"""Files the library folder holds are opened without following links: a library folder received from
someone else cannot make finews write a file outside it. Before, a `library.sqlite3` or `library.lock`
link had its target written through, and a `backups` link received the backups."""

from __future__ import annotations

import gc
import os
import shutil
from pathlib import Path

import pytest

from finews_desktop.core.errors import UnsafeLibraryError
from finews_desktop.core.store import backup
from finews_desktop.core.store.library import Library
from finews_desktop.core.store.locking import LibraryLock, open_no_follow, partial_file
from tests.core.hostile import cli, make_library, make_site

NAMES = (
    "library.sqlite3",
    "library.sqlite3-wal",
    "library.sqlite3-shm",
    "library.lock",
    "search-index.sqlite3",
    "search-text-0.bin",
    "backups",
)


def _state(folder: Path) -> dict[str, tuple[int, int]]:
    return {p.name: (p.stat().st_size, p.stat().st_mtime_ns) for p in folder.iterdir()}


@pytest.mark.parametrize("name", NAMES)
def test_a_link_in_the_library_folder_is_refused_and_its_target_left_alone(tmp_path: Path, name: str) -> None:
    lib = tmp_path / "lib"
    make_library(lib, tmp_path)
    assert cli("--library", str(lib), "search", "碳中和")[0] == 0  # the index files exist too
    gc.collect()  # (the in-process search's index connections close now, not after the move)
    outside = tmp_path / "outside"
    outside.mkdir()
    target = outside / "target"
    own = lib / name
    if os.path.lexists(own):
        shutil.move(str(own), str(target))  # the link leads to what the folder held
    else:
        target.write_bytes(b"someone else's file\n")
    own.symlink_to(target)
    before = _state(outside)
    site = make_site(tmp_path / "more", 2, start=100)
    for args in (["list"], ["status"], ["import", str(site)], ["backup"], ["search", "碳中和"]):
        code, _out, err = cli("--library", str(lib), *args)
        assert code == 1 and "Traceback" not in err, (args, err)
        assert f"{own} is a link" in err and "does not follow links" in err, (args, err)
    for readonly in (False, True):
        with pytest.raises(UnsafeLibraryError, match="is a link"):
            Library.open(lib, readonly=readonly)
    assert _state(outside) == before  # no -wal/-shm beside it, nothing written through the link


def test_the_lock_file_and_partial_files_are_opened_without_following_links(tmp_path: Path) -> None:
    victim = tmp_path / "victim"
    victim.write_text("precious")
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "library.lock").symlink_to(victim)
    with pytest.raises(UnsafeLibraryError, match="is a link"):
        LibraryLock(tmp_path / "lib").acquire()
    planted = tmp_path / "lib" / "x.partial"
    planted.symlink_to(victim)
    with pytest.raises(FileExistsError), partial_file(planted):
        pass
    with pytest.raises(UnsafeLibraryError):
        open_no_follow(planted, os.O_RDONLY)
    assert victim.read_text() == "precious"


def test_a_planted_partial_link_is_removed_never_written_through(tmp_path: Path) -> None:
    lib = tmp_path / "lib"
    make_library(lib, tmp_path)
    victim = tmp_path / "victim"
    victim.write_text("precious")
    (lib / "backups" / "library-20990101-000000.sqlite3.partial").symlink_to(victim)
    backup.backup_library(lib)
    assert not os.path.lexists(lib / "backups" / "library-20990101-000000.sqlite3.partial")
    assert victim.read_text() == "precious"


def test_a_fifo_under_the_library_name_is_refused_without_blocking(tmp_path: Path) -> None:
    lib = tmp_path / "lib"
    lib.mkdir()
    os.mkfifo(lib / "library.sqlite3")
    with pytest.raises(UnsafeLibraryError, match="not a regular file"):
        Library.open(lib)


def test_backup_links_are_neither_listed_nor_offered(tmp_path: Path) -> None:
    lib = tmp_path / "lib"
    good = make_library(lib, tmp_path)
    elsewhere = tmp_path / "elsewhere.sqlite3"
    shutil.copy(good, elsewhere)
    (lib / "backups" / "library-20990101-000000.sqlite3").symlink_to(elsewhere)
    assert [b.path for b in backup.list_backups(lib)] == [good]
