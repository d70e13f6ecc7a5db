"""Opening and closing a library's SQLite file: pragmas, migrations, the model binding."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import peewee
from peewee import SqliteDatabase

from finews_desktop.core.backup import backup_library
from finews_desktop.core.errors import LibraryError
from finews_desktop.core.migrations import backup_needed, migrate, pending_migrations, schema_version
from finews_desktop.core.models import database_proxy
from finews_desktop.core.paths import library_file

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


def open_database(folder: Path, *, create: bool = True, readonly: bool = False) -> SqliteDatabase:
    """Open (and create or migrate) the library in `folder`, binding the models to it."""
    folder = Path(folder)
    path = library_file(folder)
    if not path.exists():
        if not create or readonly:
            raise LibraryError(f"No finews library at {folder}.")
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise LibraryError(f"Cannot create the library folder {folder}: {exc.strerror or exc}") from exc
    pragmas = dict(PRAGMAS)
    if readonly:
        pragmas["query_only"] = 1
    db = SqliteDatabase(str(path), pragmas=pragmas, check_same_thread=False)
    database_proxy.initialize(db)
    try:
        db.connect()
        pending = pending_migrations(db)  # raises for a library from a newer version, untouched
        if pending and readonly:
            raise LibraryError(f"The library {folder} needs an upgrade; open it once for writing first.")
        if pending:
            if schema_version(db) > 0 and backup_needed(pending):
                # a migration rewrites tables: keep the library as it was first
                backup_library(folder, reason=f"before-migration-v{pending[0]}")
            migrate(db)
    except (sqlite3.DatabaseError, peewee.DatabaseError) as exc:
        db.close()
        raise LibraryError(f"Cannot open the library {path}: {exc}") from exc
    except BaseException:
        db.close()
        raise
    return db
