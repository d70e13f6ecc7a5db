"""Backups of a library's SQLite file with SQLite's online backup API, and restoring one.

The online backup copies a consistent snapshot while the library stays open
(WAL readers are not blocked), which a plain file copy of a WAL database cannot
promise. Backups live in `<library>/backups/` by default; the search index is
not backed up because it is rebuilt from the library.
"""

from __future__ import annotations

import re
import sqlite3
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from finews_desktop.core.errors import KnownError
from finews_desktop.core.paths import library_file

BACKUP_DIR = "backups"
BACKUP_PREFIX = "library-"
_NAME_RE = re.compile(r"^library-(\d{8}-\d{6})(?:-[a-z0-9-]+)?\.sqlite3$")

_SCHEDULED_RE = re.compile(r"^library-\d{8}-\d{6}(?:-\d+)?\.sqlite3$")  # not the before-restore/-migration ones
DEFAULT_KEEP = 7
DEFAULT_INTERVAL = 24 * 3600


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    created: float
    size: int


def backups_dir(folder: Path) -> Path:
    return Path(folder) / BACKUP_DIR


def _copy(src_path: Path, dest_path: Path) -> None:
    src = sqlite3.connect(f"file:{src_path}?mode=ro", uri=True)
    try:
        dest = sqlite3.connect(dest_path)
        try:
            src.backup(dest, pages=4096)
        finally:
            dest.close()
    finally:
        src.close()


def check_integrity(path: Path) -> str | None:
    """None when the file is a sound SQLite database, else what is wrong."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            rows = conn.execute("PRAGMA integrity_check").fetchall()
            has_posts = conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'post'").fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        return f"not a readable SQLite database ({exc})"
    if rows != [("ok",)]:
        return "; ".join(r[0] for r in rows[:5])
    if not has_posts:
        return "not a finews-desktop library"
    return None


def backup_library(folder: Path, dest: Path | None = None, *, reason: str = "") -> Path:
    """Write a backup of the library in `folder`; returns the backup file's path."""
    source = library_file(folder)
    if not source.exists():
        raise KnownError(f"No finews library at {folder}.")
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    suffix = f"-{reason}" if reason else ""
    if dest is None:
        target = backups_dir(folder) / f"{BACKUP_PREFIX}{stamp}{suffix}.sqlite3"
        n = 1
        while target.exists():  # two backups within one second
            target = backups_dir(folder) / f"{BACKUP_PREFIX}{stamp}-{n}{suffix}.sqlite3"
            n += 1
    elif dest.is_dir() or str(dest).endswith(("/", "\\")):
        target = dest / f"{BACKUP_PREFIX}{stamp}{suffix}.sqlite3"
    else:
        target = dest
    if target.exists():
        raise KnownError(f"{target} already exists; choose another name.")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    try:
        _copy(source, partial)
        partial.replace(target)
    except (sqlite3.Error, OSError) as exc:
        partial.unlink(missing_ok=True)
        raise KnownError(f"The backup could not be written to {target}: {exc}") from exc
    return target


def list_backups(folder: Path) -> list[BackupInfo]:
    out = []
    for p in sorted(backups_dir(folder).glob(f"{BACKUP_PREFIX}*.sqlite3")):
        if _NAME_RE.match(p.name):
            st = p.stat()
            out.append(BackupInfo(p, st.st_mtime, st.st_size))
    return out


def prune_backups(folder: Path, keep: int = DEFAULT_KEEP) -> list[Path]:
    """Delete all but the newest `keep` scheduled backups; returns what was deleted."""
    scheduled = [b for b in list_backups(folder) if _SCHEDULED_RE.match(b.path.name)]
    doomed = sorted(scheduled, key=lambda b: b.created)[: max(0, len(scheduled) - keep)]
    for b in doomed:
        b.path.unlink(missing_ok=True)
    return [b.path for b in doomed]


def backup_if_due(
    folder: Path, *, interval: float = DEFAULT_INTERVAL, keep: int = DEFAULT_KEEP, now: float | None = None
) -> Path | None:
    """The scheduled backup: one when the newest is older than `interval`, keeping `keep`."""
    now = time.time() if now is None else now
    newest = max((b.created for b in list_backups(folder)), default=None)
    if newest is not None and now - newest < interval:
        return None
    if not library_file(folder).exists():
        return None
    path = backup_library(folder)
    prune_backups(folder, keep)
    return path


def restore_library(folder: Path, backup: Path) -> Path:
    """Replace the library's contents with a backup; the current state is backed up first.

    The caller must hold the library's write lock and have no open connection
    to it. Returns the path of the safety backup of what was replaced.
    """
    backup = Path(backup)
    problem = check_integrity(backup)
    if problem:
        raise KnownError(f"{backup} cannot be restored: {problem}.")
    safety = backup_library(folder, reason="before-restore") if library_file(folder).exists() else backup
    target = sqlite3.connect(library_file(folder))
    try:
        src = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
        try:
            src.backup(target)
        finally:
            src.close()
        target.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    except sqlite3.Error as exc:
        raise KnownError(f"Restoring {backup} failed: {exc}. The library was backed up first to {safety}.") from exc
    finally:
        target.close()
    return safety
