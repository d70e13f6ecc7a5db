"""Opening and closing a library's SQLite file: pragmas, migrations, the model binding.

Before SQLite sees the folder, an open refuses links (and anything but regular
files) under the names the library folder holds: a folder received from someone
else must not make us write outside it (SQLite would put the -wal and -shm
beside a link's target). A library file of zero bytes is damaged, not a new
library: a new library is made under a `.partial` name and renamed into place
whole, so none of ours is ever empty. A damaged file (SQLite says "malformed" or
"not a database", or the quick check fails) raises `LibraryDamagedError`, naming
the newest backup that passes the integrity check and the command that restores
it; a folder or file that cannot be written raises `LibraryNotWritableError`
for writing (`unwritable_reason`), while a read-only open on a read-only medium
opens the file as immutable.

`check=True` (the front ends' opens) runs `PRAGMA quick_check` when the library
is at most CHECK_AT_OPEN_BYTES; bigger libraries are checked by the daily backup
and `finews status`, and a damage found later by any query is told the same way
(`explain`). `LibraryDatabase.atomic` turns the errors a user can act on (a full
disk, an unwritable or damaged file) into KnownErrors, and a transaction SQLite
already rolled back (a full disk) is not rolled back twice, so the first error
is the one reported.
"""

from __future__ import annotations

import errno
import logging
import os
import shutil
import sqlite3
import stat
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import peewee
from peewee import SqliteDatabase

from finews_desktop.core.errors import (
    DiskFullError,
    KnownError,
    LibraryError,
    LibraryNotWritableError,
    UnsafeLibraryError,
)
from finews_desktop.core.paths import LIBRARY_FILE, library_file
from finews_desktop.core.store.backup import (
    BACKUP_DIR,
    backup_library,
    damage_report,
    remove_partial_files,
    summarize_check,
)
from finews_desktop.core.store.locking import LOCK_FILE, PARTIAL_SUFFIX, link_sentence, partial_file
from finews_desktop.core.store.migrations import backup_needed, migrate, pending_migrations, schema_version
from finews_desktop.core.store.models import database_proxy

log = logging.getLogger(__name__)

PRAGMAS = {
    # 32 KiB pages: a post's bytes without overflow chains, and a quarter of the WAL
    # frames of 8 KiB (a commit writes a frame, a checkpoint copies one, per page).
    # The writing process of a 100,000-post import, CPU: 8 -> 16 KiB 6.6 -> 6.0 s, and
    # later 16 -> 32 KiB 5.3 -> 5.0 s. 2,000 random reads by id: the same from disk
    # (0.26 s), 16 us instead of 12 each from the cache. Only takes effect on a new file.
    "page_size": 32768,
    "journal_mode": "wal",
    "foreign_keys": 1,
    "synchronous": "normal",  # durable in WAL mode up to the last checkpointed commit
    "cache_size": -64 * 1024,  # 64 MiB
    "temp_store": "memory",
    "busy_timeout": 10_000,
}

# A front end's open runs PRAGMA quick_check up to this size: about 3,000 posts, 15 ms here (a 52 MB
# library took 46 ms, a third of a `finews stats`). Larger libraries are checked by the daily backup
# and `finews status`, and damage met by a query is told the same way.
CHECK_AT_OPEN_BYTES = 16 << 20

# The names the library folder holds (search-index.* and search-text-N.bin: core/search/index/).
_SQLITE_EXTRAS = ("", "-wal", "-shm", "-journal")
_HELD_FILES = frozenset(
    [LOCK_FILE]
    + [LIBRARY_FILE + extra for extra in _SQLITE_EXTRAS]
    + ["search-index.sqlite3" + extra for extra in _SQLITE_EXTRAS]
)
_NEW_FILE = f"{LIBRARY_FILE}.new{PARTIAL_SUFFIX}"

_SQLITE_READONLY, _SQLITE_IOERR, _SQLITE_CORRUPT = 8, 10, 11
_SQLITE_FULL, _SQLITE_CANTOPEN, _SQLITE_NOTADB = 13, 14, 26
_LOW_SPACE = 1 << 20  # an I/O error with less free space than this is a full disk

# --- what an open checks first ----------------------------------------------------------------


def _held(name: str) -> bool:
    return (
        name in _HELD_FILES
        or (name.startswith(f"{LIBRARY_FILE}.") and PARTIAL_SUFFIX in name)  # a new or restored library file
        or (name.startswith("search-text-") and name.endswith(".bin"))
    )


def refuse_links(folder: Path) -> None:
    """Raise UnsafeLibraryError if a file the library folder holds is a link or not a regular file."""
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return  # no folder yet (or unreadable: the open says so)
    for entry in entries:
        name = entry.name
        if name == BACKUP_DIR:
            bad = entry.is_symlink() or not entry.is_dir(follow_symlinks=False)
        elif _held(name):
            bad = entry.is_symlink() or not entry.is_file(follow_symlinks=False)
        else:
            continue
        if bad:
            path = Path(folder) / name
            if entry.is_symlink():
                raise UnsafeLibraryError(link_sentence(path))
            what = "a folder" if name == BACKUP_DIR else "a regular file"
            raise UnsafeLibraryError(f"{path} is not {what}; the library was not opened.")


def unwritable_reason(folder: Path) -> str | None:
    """Why the library in `folder` cannot be written (None: it can), checked before the lock is taken."""
    folder = Path(folder)
    if not folder.is_dir():
        return None  # it will be created (or the open says why not)
    try:
        if os.name == "posix" and os.statvfs(folder).f_flag & os.ST_RDONLY:
            return "its folder is on a read-only file system"
    except OSError:
        pass
    if not os.access(folder, os.W_OK):
        return "its folder cannot be written (permissions, or an immutable attribute)"
    for name in (LIBRARY_FILE, LIBRARY_FILE + "-wal", LIBRARY_FILE + "-shm", LOCK_FILE):
        path = folder / name
        if os.path.lexists(path) and not os.access(path, os.W_OK):
            return f"{name} cannot be written (its permissions, or an immutable attribute)"
    return None


def not_writable_error(folder: Path, reason: str) -> LibraryNotWritableError:
    return LibraryNotWritableError(f"The library {folder} is not writable: {reason}.", reason=reason)


# --- errors in words ---------------------------------------------------------------------------


def _causes(exc: BaseException) -> Iterator[BaseException]:
    """exc, what peewee wrapped, and what it was raised from or while handling."""
    seen: set[int] = set()
    todo: list[BaseException | None] = [exc]
    while todo:
        e = todo.pop(0)
        if e is None or id(e) in seen:
            continue
        seen.add(id(e))
        yield e
        todo += [getattr(e, "orig", None), e.__cause__, e.__context__]


def sqlite_code(exc: BaseException) -> int:
    """The primary SQLite result code of an sqlite3 or peewee error (0 when none)."""
    for e in _causes(exc):
        code = getattr(e, "sqlite_errorcode", None)
        if code:
            return int(code) & 0xFF
    return 0


def _low_space(folder: Path) -> bool:
    try:
        return shutil.disk_usage(folder).free < _LOW_SPACE
    except OSError:
        return False


def disk_full_error(where: Path | str) -> DiskFullError:
    return DiskFullError(
        f"The disk holding {where} is full. Nothing was lost: what was written before is complete and the "
        "change under way was undone. Free some space and run it again; an import goes on where it stopped."
    )


def explain(exc: BaseException, folder: Path, *, when: str = "use") -> KnownError | None:
    """The KnownError for a database or file error the user can act on; None for anything else (a bug).

    `when` is "open" for errors while the library is opened (see `damage_report`).
    """
    if isinstance(exc, KnownError):
        return None
    folder = Path(folder)
    for e in _causes(exc):
        if isinstance(e, KnownError):
            return e
        if isinstance(e, sqlite3.Error):
            code = (getattr(e, "sqlite_errorcode", 0) or 0) & 0xFF
            text = str(e)
            if code == _SQLITE_FULL or "database or disk is full" in text:
                return disk_full_error(folder)
            if code == _SQLITE_IOERR and _low_space(folder):
                return disk_full_error(folder)
            if code in (_SQLITE_CORRUPT, _SQLITE_NOTADB) or "malformed" in text or "not a database" in text:
                return _damage(folder, text, when)
            if code == _SQLITE_READONLY:
                return not_writable_error(folder, unwritable_reason(folder) or f"it is open read-only ({text})")
        elif isinstance(e, OSError):
            where = e.filename or folder
            if e.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
                return disk_full_error(Path(where).parent if e.filename else where)
            if e.errno == errno.EROFS:
                inside = not e.filename or Path(e.filename).absolute().is_relative_to(folder.absolute())
                if inside:
                    return not_writable_error(folder, "its folder is on a read-only file system")
                return KnownError(f"{where} is on a read-only file system.")
    return None


def _damage(folder: Path, problem: str, when: str) -> KnownError:
    """A damaged library, or (when the library passes its check) another damaged file beside it."""
    from finews_desktop.core.store.backup import check_integrity

    path = library_file(folder)
    if path.exists() and path.stat().st_size and check_integrity(path, quick=True) is None:
        return KnownError(
            f"A file in the library folder {folder} is damaged ({problem}); the library itself passes its check. "
            "If it is the search index, delete search-index.sqlite3 and search-text-*.bin there: they are "
            "rebuilt from the library."
        )
    return damage_report(folder, problem, when=when)


# --- the database object ---------------------------------------------------------------------------


class LibraryDatabase(SqliteDatabase):
    """The library's peewee database: its transactions fail in words where the user can act."""

    def __init__(self, database: str, *, folder: Path, **kwargs: Any) -> None:
        super().__init__(database, **kwargs)
        self.folder = Path(folder)

    def rollback(self) -> None:
        if not self.is_closed() and not self.connection().in_transaction:
            return  # SQLite ended it itself (a full disk, an I/O error): that first error is the one to tell
        super().rollback()

    def atomic(self, *args: Any, **kwargs: Any) -> _Atomic:
        return _Atomic(self, *args, **kwargs)


class _Atomic(peewee._atomic):
    """`db.atomic()`: peewee's, with a full disk, an unwritable or a damaged file raised as KnownErrors."""

    db: LibraryDatabase

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: Any) -> None:
        try:
            super().__exit__(exc_type, exc, tb)  # commits, or rolls back
        except Exception as later:  # the commit failed, or a rollback after the first error
            known = explain(exc if exc is not None else later, self.db.folder)
            if known is None:
                raise
            raise known from (exc if exc is not None else later)
        if isinstance(exc, Exception):
            known = explain(exc, self.db.folder)
            if known is not None:
                raise known from exc


# --- opening ------------------------------------------------------------------------------------


def _create(folder: Path) -> None:
    """Make a new library under a partial name and rename it into place whole (the caller holds the lock)."""
    path = library_file(folder)
    remove_partial_files(folder)  # a creation that was killed
    for extra in ("-wal", "-shm", "-journal"):  # of a library file someone deleted: not for the new one
        orphan = Path(str(path) + extra)
        if os.path.lexists(orphan):
            kept = orphan.with_name(f"{orphan.name}.orphaned-{time.strftime('%Y%m%d-%H%M%S')}")
            log.warning("%s has no library file beside it; it was renamed to %s", orphan, kept.name)
            orphan.replace(kept)
    partial = folder / _NEW_FILE
    with partial_file(partial):
        db = LibraryDatabase(str(partial), folder=folder, pragmas=dict(PRAGMAS, journal_mode="delete"))
        database_proxy.initialize(db)
        try:
            db.connect()
            migrate(db)
        finally:
            db.close()
        partial.replace(path)


def _connect(folder: Path, readonly: bool) -> LibraryDatabase:
    path = library_file(folder)
    pragmas = dict(PRAGMAS)
    if readonly:
        pragmas["query_only"] = 1
    db = LibraryDatabase(str(path), folder=folder, pragmas=pragmas, check_same_thread=False)
    database_proxy.initialize(db)
    try:
        db.connect()
    except (sqlite3.OperationalError, peewee.OperationalError) as exc:
        if not (readonly and sqlite_code(exc) == _SQLITE_CANTOPEN and unwritable_reason(folder)):
            raise
        # a read-only medium: no -shm can be made beside the file, and no one can be writing it
        uri = f"{path.absolute().as_uri()}?mode=ro&immutable=1"
        db = LibraryDatabase(uri, folder=folder, pragmas=pragmas, check_same_thread=False, uri=True)
        database_proxy.initialize(db)
        db.connect()
    return db


def _quick_check(db: SqliteDatabase, path: Path) -> str | None:
    wal = Path(str(path) + "-wal")
    size = path.stat().st_size + (wal.stat().st_size if wal.exists() else 0)
    if size > CHECK_AT_OPEN_BYTES:
        return None
    rows = db.execute_sql("PRAGMA quick_check").fetchall()
    return None if rows == [("ok",)] else summarize_check(rows)


def check_library(db: SqliteDatabase) -> str | None:
    """PRAGMA quick_check of the whole open library, whatever its size: None when sound, else what is wrong."""
    try:
        rows = db.execute_sql("PRAGMA quick_check").fetchall()
    except (sqlite3.DatabaseError, peewee.DatabaseError) as exc:
        return str(exc)
    return None if rows == [("ok",)] else summarize_check(rows)


def open_database(folder: Path, *, create: bool = True, readonly: bool = False, check: bool = False) -> LibraryDatabase:
    """Open (and create or migrate) the library in `folder`, binding the models to it.

    With `check`, a library of at most CHECK_AT_OPEN_BYTES is quick-checked first.
    """
    folder = Path(folder)
    path = library_file(folder)
    refuse_links(folder)
    if not path.exists():
        if not create or readonly:
            raise LibraryError(f"No finews library at {folder}.")
        try:
            folder.mkdir(parents=True, exist_ok=True)
            _create(folder)
        except OSError as exc:
            known = explain(exc, folder, when="open")
            if known is not None:
                raise known from exc
            raise LibraryError(f"Cannot create the library in {folder}: {exc.strerror or exc}") from exc
    elif path.stat().st_size == 0 and not _has_content(Path(str(path) + "-wal")):
        raise damage_report(folder, "the file is empty (0 bytes)")
    try:
        db = _connect(folder, readonly)
    except (sqlite3.DatabaseError, peewee.DatabaseError) as exc:
        known = explain(exc, folder, when="open")
        if known is not None:
            raise known from exc
        raise LibraryError(f"Cannot open the library {path}: {exc}") from exc
    try:
        pending = pending_migrations(db)  # raises for a library from a newer version, untouched
        if check and (problem := _quick_check(db, path)):
            raise damage_report(folder, problem)
        if pending and readonly:
            raise LibraryError(f"The library {folder} needs an upgrade; open it once for writing first.")
        if pending:
            if schema_version(db) > 0 and backup_needed(pending):
                # a migration rewrites tables: keep the library as it was first
                backup_library(folder, reason=f"before-migration-v{pending[0]}")
            migrate(db)
    except (sqlite3.DatabaseError, peewee.DatabaseError) as exc:
        db.close()
        known = explain(exc, folder, when="open")
        if known is not None:
            raise known from exc
        raise LibraryError(f"Cannot open the library {path}: {exc}") from exc
    except BaseException:
        db.close()
        raise
    return db


def _has_content(path: Path) -> bool:
    try:
        st = os.lstat(path)
    except OSError:
        return False
    return stat.S_ISREG(st.st_mode) and st.st_size > 0
