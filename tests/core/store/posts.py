"""Helpers of the store's tests: posts written through the store itself, as an import batch writes them."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from finews_desktop.core.content.postrow import PreparedPost, SourceFile, prepare_post
from finews_desktop.core.store.library import Library

ROOT = "/sites/news"
TZ = "Asia/Shanghai"


def post(title: str, date: str, *, tags: str = "[]", categories: str = "[]", body: str = "body") -> bytes:
    return f"---\ntitle: {title}\ndate: {date}\ntags: {tags}\ncategories: {categories}\n---\n{body}\n".encode()


def prepared(path: str, raw: bytes) -> PreparedPost:
    tz = ZoneInfo(TZ)
    return prepare_post(raw, SourceFile(ROOT, path, path), tz, datetime(2024, 1, 1, tzinfo=tz))


def write_posts(lib: Library, posts: dict[str, bytes], run_id: int | None = None) -> list[int]:
    """New posts (site path -> bytes) in one batch of one archive; their ids in the same order."""
    archive_id = lib.ensure_archive(ROOT, "news", TZ, None, None)
    inserts = [(archive_id, prepared(path, raw), 0) for path, raw in posts.items()]
    return lib.write_import_batch(inserts, [], [], run_id)


def trash(lib: Library, *ids: int) -> None:
    lib.db.execute_sql(f"UPDATE post SET trashed_at = 1 WHERE id IN ({','.join('?' * len(ids))})", ids)
