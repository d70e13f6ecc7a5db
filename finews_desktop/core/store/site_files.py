"""A site's other files (layouts, includes, assets, pages), kept byte for byte beside its posts.

An import of a whole Jekyll site (core/importing/site_files.py finds them)
stores them per archive; an export writes them back around the posts so that
the exported archive builds like the original. A re-import of the same site
replaces the archive's set: a file gone from the site goes from the library.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from peewee import SqliteDatabase


@dataclass(frozen=True)
class SiteFilesChange:
    """What one re-reading of a site did to its stored files (paths site-relative)."""

    added: tuple[str, ...] = ()
    updated: tuple[str, ...] = ()
    unchanged: int = 0
    removed: tuple[str, ...] = ()


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def replace_site_files(db: SqliteDatabase, archive_id: int, files: Iterable[tuple[str, bytes]]) -> SiteFilesChange:
    """Make the archive's stored site files exactly `files` (path, bytes), in one transaction."""
    now = int(time.time())
    with db.atomic():
        known = {
            path: digest
            for path, digest in db.execute_sql(
                "SELECT path, content_hash FROM site_file WHERE archive_id = ?", (archive_id,)
            )
        }
        added: list[str] = []
        updated: list[str] = []
        unchanged = 0
        seen: set[str] = set()
        for path, data in files:
            seen.add(path)
            digest = _digest(data)
            old = known.get(path)
            if old == digest:
                unchanged += 1
                continue
            db.execute_sql(
                "INSERT INTO site_file (archive_id, path, data, size, content_hash, imported_at) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (archive_id, path) DO UPDATE SET "
                "data = excluded.data, size = excluded.size, content_hash = excluded.content_hash, "
                "imported_at = excluded.imported_at",
                (archive_id, path, data, len(data), digest, now),
            )
            (added if old is None else updated).append(path)
        removed = sorted(set(known) - seen)
        for path in removed:
            db.execute_sql("DELETE FROM site_file WHERE archive_id = ? AND path = ?", (archive_id, path))
    return SiteFilesChange(tuple(added), tuple(updated), unchanged, tuple(removed))


def archive_id_for_root(db: SqliteDatabase, root: str) -> int | None:
    row = db.execute_sql("SELECT id FROM archive WHERE root = ?", (root,)).fetchone()
    return None if row is None else int(row[0])


def _where(archive_ids: Sequence[int] | None) -> tuple[str, list[int]]:
    if archive_ids is None:
        return "", []
    return f" WHERE archive_id IN ({','.join('?' * len(archive_ids))})", [int(a) for a in archive_ids]


def count_site_files(db: SqliteDatabase, archive_ids: Sequence[int] | None = None) -> int:
    """How many site files the archives (None: all) hold."""
    if archive_ids is not None and not archive_ids:
        return 0
    where, params = _where(archive_ids)
    return int(db.execute_sql(f"SELECT COUNT(*) FROM site_file{where}", params).fetchone()[0])


def archives_with_site_files(db: SqliteDatabase) -> list[int]:
    return [r[0] for r in db.execute_sql("SELECT DISTINCT archive_id FROM site_file ORDER BY archive_id")]


def site_files(db: SqliteDatabase, archive_ids: Sequence[int] | None = None) -> Iterator[tuple[int, str, bytes]]:
    """(archive id, site-relative path, bytes) of the archives' site files (None: all), by archive and path."""
    if archive_ids is not None and not archive_ids:
        return
    where, params = _where(archive_ids)
    for archive_id, path, data in db.execute_sql(
        f"SELECT archive_id, path, data FROM site_file{where} ORDER BY archive_id, path", params
    ):
        yield archive_id, path, bytes(data)
