"""Backups of a library's SQLite file with SQLite's online backup API, and restoring one.

The online backup copies a consistent snapshot while the library stays open
(WAL readers are not blocked), which a plain file copy of a WAL database cannot
promise. Backups live in `<library>/backups/` by default; the search index is
not backed up because it is rebuilt from the library.

Every backup is checked (`PRAGMA integrity_check`, what `restore` asks of a
backup too) before it gets its name: a copy of a damaged library is not kept,
and the caller is told with a `LibraryDamagedError` that names the newest
backup that passes the check and the command that restores it. So the daily
backup of a library damaged below its header never rotates the good copies
out; pruning also never deletes the newest backup that passes the check.

A backup is written as `<name>.partial`, created without following a link and
locked while it is written, then renamed into place; the `.partial` of a
killed process is deleted by the next writer to open the library
(`locking.remove_dead_partials`). Restoring over a damaged library writes the
restored file beside it the same way and renames it over the damaged one,
whose bytes are kept aside first as `backups/damaged-library-<time>.sqlite3`.
"""

from __future__ import annotations

import os
import re
import shlex
import sqlite3
import stat
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from finews_desktop.core.errors import KnownError, LibraryDamagedError
from finews_desktop.core.paths import LIBRARY_FILE, library_file
from finews_desktop.core.store.locking import PARTIAL_SUFFIX, open_no_follow, partial_file, remove_dead_partials

BACKUP_DIR = "backups"
BACKUP_PREFIX = "library-"
DAMAGED_PREFIX = "damaged-library-"  # the bytes of a damaged library, kept aside before a restore
_NAME_RE = re.compile(r"^library-(\d{8}-\d{6})(?:-[a-z0-9-]+)?\.sqlite3$")

# What pruning may delete: the scheduled ones, `finews backup`'s, and those made before a restore
# (not those made before a migration, nor the damaged files kept aside).
_PRUNED_RE = re.compile(r"^library-\d{8}-\d{6}(?:-\d+)?(?:-before-restore)?\.sqlite3$")
DEFAULT_KEEP = 7
DEFAULT_INTERVAL = 24 * 3600
# The search index beside the library (core/search/index/): stale once the library is restored.
INDEX_FILES = ("search-index.sqlite3", "search-index.sqlite3-wal", "search-index.sqlite3-shm")
_INDEX_TEXT = re.compile(r"^search-text-\d+\.bin$")
_SQLITE_CORRUPT, _SQLITE_NOTADB, _SQLITE_CANTOPEN = 11, 26, 14


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    created: float
    size: int


def backups_dir(folder: Path) -> Path:
    return Path(folder) / BACKUP_DIR


def connect_readonly(path: Path) -> sqlite3.Connection:
    """A connection that only reads `path` (which must exist).

    Where its folder is writable, a read-write handle with query_only: as the last
    connection it checkpoints and removes the -wal and -shm it needed (a mode=ro one
    would leave them behind). On a read-only medium: mode=ro, else immutable (no -shm
    can be made beside it).
    """
    uri = Path(path).absolute().as_uri()
    if os.access(Path(path).parent, os.W_OK):
        conn = sqlite3.connect(f"{uri}?mode=rw", uri=True)
        conn.execute("PRAGMA query_only = 1")
        return conn
    try:
        return sqlite3.connect(f"{uri}?mode=ro", uri=True)
    except sqlite3.OperationalError as exc:
        if (getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF != _SQLITE_CANTOPEN:
            raise
        return sqlite3.connect(f"{uri}?mode=ro&immutable=1", uri=True)


def _copy(src_path: Path, dest_path: Path) -> None:
    src = connect_readonly(src_path)
    try:
        dest = sqlite3.connect(dest_path)
        try:
            src.backup(dest, pages=4096)
            # a file on its own (the copy has the library's WAL flag): reading it makes no -wal/-shm
            dest.execute("PRAGMA journal_mode = delete")
        finally:
            dest.close()
    finally:
        src.close()


def check_integrity(path: Path, *, quick: bool = False) -> str | None:
    """None when the file is a sound finews library (SQLite's integrity check, or quick check), else what is wrong."""
    try:
        if os.path.getsize(path) == 0:
            return "the file is empty (0 bytes)"
        conn = connect_readonly(path)
        try:
            rows = conn.execute("PRAGMA quick_check" if quick else "PRAGMA integrity_check").fetchall()
            has_posts = conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'post'").fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        return f"not a readable SQLite database ({exc})"
    except OSError as exc:
        return f"cannot be read ({exc.strerror or exc})"
    if rows != [("ok",)]:
        return summarize_check(rows)
    if not has_posts:
        return "not a finews-desktop library"
    return None


def summarize_check(rows: list[tuple[object, ...]]) -> str:
    """SQLite's integrity/quick check findings in one short line."""
    found = [line for row in rows for line in str(row[0]).splitlines() if line.strip() and not line.startswith("***")]
    text = "; ".join(line[:120] for line in found[:2])
    return text + (f" and {len(found) - 2} more problems" if len(found) > 2 else "")


def restore_command(folder: Path, backup: Path) -> str:
    return f"finews --library {shlex.quote(str(folder))} restore {shlex.quote(str(backup))} --yes"


def newest_good_backup(folder: Path, *, skip: Path | None = None) -> BackupInfo | None:
    """The newest backup in the library's backups folder that passes the integrity check (checked newest first)."""
    for info in sorted(list_backups(folder), key=lambda b: (b.created, b.path.name), reverse=True):
        if info.path != skip and check_integrity(info.path) is None:
            return info
    return None


def damage_report(folder: Path, problem: str, *, when: str = "open") -> LibraryDamagedError:
    """The error to raise for a damaged library: what is wrong, the newest sound backup, how to restore it.

    `when`: "open" (the library could not be opened), "backup" (no backup was made) or "use" (a query failed).
    """
    folder = Path(folder)
    what = problem.rstrip(".")
    if when == "open":
        lead = f"Cannot open the library {folder}: its file {LIBRARY_FILE} is damaged ({what})."
    elif when == "backup":
        lead = f"The library file {library_file(folder)} is damaged ({what}), so no backup of it was made."
    else:
        lead = f"The library file {library_file(folder)} is damaged ({what})."
    good = newest_good_backup(folder)
    if good is not None:
        command = restore_command(folder, good.path)
        made = datetime.fromtimestamp(good.created).strftime("%Y-%m-%d %H:%M")
        tail = (
            f"The newest backup that passes the integrity check is {good.path} (made {made}); "
            f"'{command}' puts it back (the damaged file is kept aside first)."
        )
    else:
        command = ""
        tail = "No backup of it passes the integrity check; the file was left as it is."
    return LibraryDamagedError(
        f"{lead} {tail}",
        folder=folder,
        problem=problem,
        backup=good.path if good else None,
        restore_command=command,
    )


def remove_partial_files(folder: Path) -> None:
    """Delete what killed backups, restores and creations left in the library folder (their writers are gone)."""
    remove_dead_partials(Path(folder), (f"{LIBRARY_FILE}.",))
    remove_dead_partials(backups_dir(folder), (BACKUP_PREFIX, DAMAGED_PREFIX))


def _damaged(exc: BaseException) -> bool:
    code = (getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF
    return code in (_SQLITE_CORRUPT, _SQLITE_NOTADB) or "malformed" in str(exc) or "not a database" in str(exc)


def backup_library(folder: Path, dest: Path | None = None, *, reason: str = "") -> Path:
    """Write a checked backup of the library in `folder`; returns the backup file's path.

    Raises LibraryDamagedError (nothing is kept) when the copy fails the integrity check.
    """
    folder = Path(folder)
    source = library_file(folder)
    if not source.exists():
        raise KnownError(f"No finews library at {folder}.")
    if source.stat().st_size == 0:
        raise damage_report(folder, "the file is empty (0 bytes)", when="backup")
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    suffix = f"-{reason}" if reason else ""
    if dest is None:
        target = backups_dir(folder) / f"{BACKUP_PREFIX}{stamp}{suffix}.sqlite3"
        n = 1
        while os.path.lexists(target):  # two backups within one second
            target = backups_dir(folder) / f"{BACKUP_PREFIX}{stamp}-{n}{suffix}.sqlite3"
            n += 1
    elif dest.is_dir() or str(dest).endswith(("/", "\\")):
        target = dest / f"{BACKUP_PREFIX}{stamp}{suffix}.sqlite3"
    else:
        target = dest
    if os.path.lexists(target):
        raise KnownError(f"{target} already exists; choose another name.")
    partial = target.with_name(target.name + PARTIAL_SUFFIX)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.parent == backups_dir(folder):
            remove_partial_files(folder)  # of a killed backup: their writer is gone
        with partial_file(partial):
            try:
                _copy(source, partial)
                problem = check_integrity(partial)
                if problem is None:
                    partial.replace(target)
            finally:
                for extra in ("", "-journal", "-wal", "-shm"):
                    Path(str(partial) + extra).unlink(missing_ok=True)
    except sqlite3.Error as exc:
        if _damaged(exc):
            raise damage_report(folder, str(exc), when="backup") from exc
        raise KnownError(f"The backup could not be written to {target}: {exc}") from exc
    except OSError as exc:
        raise KnownError(f"The backup could not be written to {target}: {exc.strerror or exc}") from exc
    if problem is not None:
        raise damage_report(folder, problem, when="backup")
    return target


def list_backups(folder: Path) -> list[BackupInfo]:
    out: list[BackupInfo] = []
    try:
        names = sorted(os.listdir(backups_dir(folder)))
    except OSError:
        return out
    for name in names:
        if _NAME_RE.match(name):
            st = os.lstat(backups_dir(folder) / name)
            if stat.S_ISREG(st.st_mode):  # links are not followed (nor offered)
                out.append(BackupInfo(backups_dir(folder) / name, st.st_mtime, st.st_size))
    return out


def prune_backups(folder: Path, keep: int = DEFAULT_KEEP, *, good: Path | None = None) -> list[Path]:
    """Delete all but the newest `keep` backups made on schedule, by `finews backup` or before a restore.

    The newest backup that passes the integrity check is never deleted (`good`: one
    the caller has just checked, which then needs no check here). Returns what was deleted.
    """
    backups = sorted(list_backups(folder), key=lambda b: (b.created, b.path.name), reverse=True)
    doomed = [b for b in backups if _PRUNED_RE.match(b.path.name)][max(0, keep) :]
    if not doomed:
        return []
    if good is None:
        newest = next((b for b in backups if check_integrity(b.path) is None), None)
        good = newest.path if newest else None
    removed = []
    for b in doomed:
        if b.path != good:
            b.path.unlink(missing_ok=True)
            removed.append(b.path)
    return removed


def backup_if_due(
    folder: Path, *, interval: float = DEFAULT_INTERVAL, keep: int = DEFAULT_KEEP, now: float | None = None
) -> Path | None:
    """The scheduled backup: one when the newest is older than `interval`, keeping `keep`.

    A library that fails the integrity check gets no backup and no pruning: a
    LibraryDamagedError says so, naming the newest backup that passes.
    """
    now = time.time() if now is None else now
    newest = max((b.created for b in list_backups(folder)), default=None)
    if newest is not None and now - newest < interval:
        return None
    if not library_file(folder).exists():
        return None
    path = backup_library(folder)
    prune_backups(folder, keep, good=path)
    return path


def keep_damaged(folder: Path) -> Path:
    """Copy a damaged library's bytes (and its -wal) aside into backups/, as they are; returns the copy's path."""
    source = library_file(folder)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = backups_dir(folder) / f"{DAMAGED_PREFIX}{stamp}.sqlite3"
    n = 1
    while os.path.lexists(target):
        target = backups_dir(folder) / f"{DAMAGED_PREFIX}{stamp}-{n}.sqlite3"
        n += 1
    target.parent.mkdir(parents=True, exist_ok=True)
    for extra in ("", "-wal"):
        src = Path(str(source) + extra)
        if not os.path.lexists(src):
            continue
        dest = Path(str(target) + extra)
        partial = dest.with_name(dest.name + PARTIAL_SUFFIX)
        with partial_file(partial):
            try:
                fd_in = open_no_follow(src, os.O_RDONLY)
                with os.fdopen(fd_in, "rb") as fin, open(partial, "r+b") as fout:
                    while chunk := fin.read(1 << 20):
                        fout.write(chunk)
                    fout.flush()
                    os.fsync(fout.fileno())
                partial.replace(dest)
            finally:
                partial.unlink(missing_ok=True)
    return target


def remove_index_files(folder: Path) -> None:
    """Delete the search index beside the library (it is rebuilt from the library when next needed)."""
    folder = Path(folder)
    for name in os.listdir(folder):
        if name in INDEX_FILES or _INDEX_TEXT.match(name):
            (folder / name).unlink(missing_ok=True)


def restore_library(folder: Path, backup: Path) -> Path:
    """Replace the library's contents with a backup; the current state is kept first.

    The caller must hold the library's write lock and have no open connection
    to it. Returns the path of the safety backup of what was replaced: a checked
    backup (`-before-restore`), or for a damaged library a copy of its bytes as
    they were (`damaged-library-…`). A sound library is replaced in one SQLite
    transaction, a damaged one by renaming a restored file over it; a kill at any
    moment leaves the old library or the restored one, and at worst a `.partial`
    that the next start deletes.
    """
    folder = Path(folder)
    backup = Path(backup)
    problem = check_integrity(backup)
    if problem:
        raise KnownError(f"{backup} cannot be restored: {problem}.")
    remove_partial_files(folder)
    safety, damaged = _keep_before_restore(folder, backup)
    try:
        if damaged:
            _replace_with(folder, backup)
        else:
            _copy_into(library_file(folder), backup)
    except sqlite3.Error as exc:
        raise KnownError(f"Restoring {backup} failed: {exc}. The library was kept first in {safety}.") from exc
    except OSError as exc:
        raise KnownError(
            f"Restoring {backup} failed: {exc.strerror or exc}. The library was kept first in {safety}."
        ) from exc
    remove_index_files(folder)  # it described the library as it was
    prune_backups(folder, good=None if damaged else safety)
    return safety


def _keep_before_restore(folder: Path, backup: Path) -> tuple[Path, bool]:
    """(where the library as it was is kept, whether it must be replaced by renaming: missing or damaged)."""
    if not library_file(folder).exists():
        return backup, True  # nothing to keep: written beside, then renamed into place
    try:
        return backup_library(folder, reason="before-restore"), False
    except LibraryDamagedError:
        return keep_damaged(folder), True


def _copy_into(current: Path, backup: Path) -> None:
    """The backup's pages into the sound library file, in one SQLite transaction (a kill leaves one or the other)."""
    target = sqlite3.connect(current)
    try:
        src = connect_readonly(backup)
        try:
            src.backup(target)
        finally:
            src.close()
        target.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        target.close()


def _replace_with(folder: Path, backup: Path) -> None:
    """Write the backup beside the library as a new file and rename it over the library file."""
    current = library_file(folder)
    partial = folder / f"{LIBRARY_FILE}.restore{PARTIAL_SUFFIX}"
    with partial_file(partial):
        try:
            src = connect_readonly(backup)
            try:
                dest = sqlite3.connect(partial)
                try:
                    src.backup(dest)
                    dest.execute("PRAGMA journal_mode = wal")  # as the library is opened
                finally:
                    dest.close()  # the last connection: its -wal is checkpointed and removed
            finally:
                src.close()
            # the old file's WAL would be replayed onto the new file: it goes first (a copy was kept)
            for extra in ("-wal", "-shm", "-journal"):
                Path(str(current) + extra).unlink(missing_ok=True)
            partial.replace(current)
        finally:
            for extra in ("", "-wal", "-shm", "-journal"):
                Path(str(partial) + extra).unlink(missing_ok=True)
