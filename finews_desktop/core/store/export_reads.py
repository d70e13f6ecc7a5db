"""The reads an export makes: which posts a selection names, their rows and bytes, archives, category names.

Kept in the store so that the exporter holds no SQL; every function takes the
library's database and reads inside whatever transaction the caller holds (the
exporter reads one snapshot).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from peewee import SqliteDatabase

from finews_desktop.core.errors import KnownError
from finews_desktop.core.store.sql import in_chunks

DENSE_FROM = 5000  # fewer ids than this are always looked up one chunk at a time
POST_COLUMNS = "p.id, p.archive_id, p.path, p.copy, p.builds, p.skip_reason, p.warnings"


def _one_column(db: SqliteDatabase, sql: str, params: Sequence[Any] = ()) -> list[Any]:
    return [r[0] for r in db.execute_sql(sql, params)]


def existing_post_ids(db: SqliteDatabase, ids: Sequence[int]) -> set[int]:
    found: set[int] = set()
    for chunk, marks in in_chunks(ids):
        found.update(_one_column(db, f"SELECT id FROM post WHERE id IN ({marks})", chunk))
    return found


def collection_post_ids(db: SqliteDatabase, name: str) -> set[int]:
    row = db.execute_sql("SELECT id FROM collection WHERE name = ?", (name,)).fetchone()
    if row is None:
        raise KnownError(f"There is no collection named {name!r}.")
    return set(_one_column(db, "SELECT post_id FROM collection_post WHERE collection_id = ?", row))


def category_post_ids(db: SqliteDatabase, category: str) -> set[int]:
    """The posts of a category named by its slug, else by its display name."""
    cat_ids = _one_column(db, "SELECT id FROM category WHERE slug = ?", (category,))
    if not cat_ids:
        cat_ids = _one_column(db, "SELECT id FROM category WHERE display_name = ?", (category,))
    if not cat_ids:
        raise KnownError(f"There is no category {category!r}.")
    marks = ",".join("?" * len(cat_ids))
    return set(_one_column(db, f"SELECT post_id FROM post_category WHERE category_id IN ({marks})", cat_ids))


def tag_post_ids(db: SqliteDatabase, tag: str) -> set[int]:
    row = db.execute_sql("SELECT id FROM tag WHERE name = ?", (tag,)).fetchone()
    if row is None:
        raise KnownError(f"There is no tag {tag!r}.")
    return set(_one_column(db, "SELECT post_id FROM post_tag WHERE tag_id = ?", row))


def trashed_post_ids(db: SqliteDatabase) -> set[int]:
    return set(_one_column(db, "SELECT id FROM post WHERE trashed_at IS NOT NULL"))


def is_dense(db: SqliteDatabase, ids: Sequence[int]) -> bool:
    """Whether ids are most of the library: then one scan beats thousands of lookups."""
    if len(ids) < DENSE_FROM:
        return False
    return len(ids) * 3 > db.execute_sql("SELECT COUNT(*) FROM post").fetchone()[0]


def post_rows(db: SqliteDatabase, ids: Sequence[int] | None) -> list[tuple[Any, ...]]:
    """(id, archive_id, path, copy, builds, skip_reason, warnings) of the posts (None: every post not trashed)."""
    if ids is None:
        return list(db.execute_sql(f"SELECT {POST_COLUMNS} FROM post p WHERE p.trashed_at IS NULL"))
    if is_dense(db, ids):
        wanted = set(ids)
        return [r for r in db.execute_sql(f"SELECT {POST_COLUMNS} FROM post p") if r[0] in wanted]
    rows: list[tuple[Any, ...]] = []
    for chunk, marks in in_chunks(ids):
        rows.extend(db.execute_sql(f"SELECT {POST_COLUMNS} FROM post p WHERE p.id IN ({marks})", chunk))
    return rows


def drafts_dates(db: SqliteDatabase, ids: Sequence[int]) -> dict[int, int]:
    """post id -> stored date (a Unix time) of these posts that are drafts (`_drafts/` in their path)."""
    out: dict[int, int] = {}
    for chunk, marks in in_chunks(list(ids)):
        rows = db.execute_sql(
            f"SELECT id, date FROM post WHERE id IN ({marks}) AND date IS NOT NULL "
            "AND (path LIKE '_drafts/%' OR path LIKE '%/_drafts/%')",
            chunk,
        )
        out.update((pid, date) for pid, date in rows)
    return out


def stored_raws(db: SqliteDatabase, ids: Sequence[int] | None) -> Iterator[tuple[int, bytes]]:
    """(post id, stored bytes) of the posts (None: every post not trashed); Library.current_raws makes them current."""
    if ids is None:
        yield from db.execute_sql(
            "SELECT c.post_id, c.raw FROM post_content c JOIN post p ON p.id = c.post_id WHERE p.trashed_at IS NULL"
        )
        return
    if is_dense(db, ids):
        wanted = set(ids)
        for pid, raw in db.execute_sql("SELECT post_id, raw FROM post_content"):
            if pid in wanted:
                yield pid, raw
        return
    for chunk, marks in in_chunks(ids):
        yield from db.execute_sql(f"SELECT post_id, raw FROM post_content WHERE post_id IN ({marks})", chunk)


def archives(db: SqliteDatabase) -> dict[int, tuple[str, str, bytes | None]]:
    """archive id -> (root, timezone, _config.yml bytes)."""
    return {
        aid: (root, tz, config)
        for aid, root, tz, config in db.execute_sql("SELECT id, root, timezone, config FROM archive")
    }


def category_names(db: SqliteDatabase, ids: Sequence[int] | None) -> list[tuple[str, str]]:
    """(slug, display name) of the categories with a display name, of these posts (None: all)."""
    sql = "SELECT slug, display_name FROM category WHERE display_name IS NOT NULL"
    if ids is None:
        return sorted(db.execute_sql(sql).fetchall())
    found: set[tuple[str, str]] = set()
    for chunk, marks in in_chunks(ids):
        found.update(
            db.execute_sql(
                f"{sql} AND id IN (SELECT category_id FROM post_category WHERE post_id IN ({marks}))", chunk
            ).fetchall()
        )
    return sorted(found)
