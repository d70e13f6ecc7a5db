"""The reads behind the analysis tables (core/exporting/tables.py): posts, their links, per-stock counts, names.

Every read streams: a batch of posts at a time in id order (keyset pages over the
whole library, `IN (...)` lists over a selection), so that a table of a million posts
never holds the library in memory. Trashed posts are left out, as a search leaves them
out. The caller holds one read transaction around a whole table (one snapshot).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from peewee import SqliteDatabase

from finews_desktop.core.store.sql import in_chunks

BATCH = 2000  # posts per page of the whole library

# one post's row: the columns the posts table needs (its names by id: categories, tags, stocks come as links)
POST_COLUMNS = (
    "p.id, p.date, p.date_text, p.title, p.source_name, p.source_url, p.news_id, p.url, p.path, a.root, "
    "p.slug, json_extract(p.jekyll, '$.published'), p.builds, p.edited, p.warning_count, p.copy, p.content_hash"
)
_POSTS_FROM = "FROM post p JOIN archive a ON a.id = p.archive_id"
# a link table and its name column: what a post names, in the post's order (position)
_LINKS = {"stock": "stock_id", "category": "category_id", "tag": "tag_id"}


def _pages(db: SqliteDatabase, columns: str, ids: Sequence[int] | None) -> Iterator[list[tuple[Any, ...]]]:
    """Pages of `columns` (the first one p.id) of the posts not trashed, in id order."""
    if ids is None:
        last = -1
        while True:
            rows = db.execute_sql(
                f"SELECT {columns} {_POSTS_FROM} WHERE p.id > ? AND p.trashed_at IS NULL ORDER BY p.id LIMIT ?",
                (last, BATCH),
            ).fetchall()
            if not rows:
                return
            yield rows
            last = rows[-1][0]
    for chunk, marks in in_chunks(sorted(ids)):
        yield db.execute_sql(
            f"SELECT {columns} {_POSTS_FROM} WHERE p.id IN ({marks}) AND p.trashed_at IS NULL ORDER BY p.id", chunk
        ).fetchall()


def _link_rows(db: SqliteDatabase, kind: str, post_ids: Sequence[int]) -> list[tuple[int, int, int]]:
    """(post id, name id, position) of these posts (ascending ids) in post_<kind>, by post and position: one range
    scan of the primary key where the ids are dense, else IN lists (a sparse selection's range may span the library)."""
    if not post_ids:
        return []
    table, column = f"post_{kind}", _LINKS[kind]
    first, last = post_ids[0], post_ids[-1]
    if last - first < 4 * len(post_ids):
        sql = (
            f"SELECT post_id, {column}, position FROM {table} WHERE post_id BETWEEN ? AND ? ORDER BY post_id, position"
        )
        return db.execute_sql(sql, (first, last)).fetchall()
    rows: list[tuple[int, int, int]] = []
    for chunk, marks in in_chunks(post_ids):
        rows += db.execute_sql(
            f"SELECT post_id, {column}, position FROM {table} WHERE post_id IN ({marks}) ORDER BY post_id, position",
            chunk,
        ).fetchall()
    return rows


def _links(db: SqliteDatabase, kind: str, post_ids: Sequence[int]) -> dict[int, list[int]]:
    """post id -> the ids of the names (stocks, categories, tags) it gives, in its order."""
    links: dict[int, list[int]] = {}
    last: int | None = None
    names: list[int] = []
    for pid, name_id, _position in _link_rows(db, kind, post_ids):
        if pid != last:
            last, names = pid, []
            links[pid] = names
        names.append(name_id)
    return links


# a page of posts: their rows (POST_COLUMNS) and, by post id, their stock, category and tag ids in order
PostPage = tuple[list[tuple[Any, ...]], dict[int, list[int]], dict[int, list[int]], dict[int, list[int]]]


def post_pages(db: SqliteDatabase, ids: Sequence[int] | None) -> Iterator[PostPage]:
    """Pages of posts in id order (ids None: the whole library), each with its links."""
    for rows in _pages(db, POST_COLUMNS, ids):
        pids = [r[0] for r in rows]
        yield rows, _links(db, "stock", pids), _links(db, "category", pids), _links(db, "tag", pids)


def names(db: SqliteDatabase) -> tuple[dict[int, str], dict[int, str]]:
    """category id -> slug, tag id -> name: every one the library knows (thousands, not millions)."""
    categories = dict(db.execute_sql("SELECT id, slug FROM category").fetchall())
    return categories, dict(db.execute_sql("SELECT id, name FROM tag").fetchall())


def mention_pages(
    db: SqliteDatabase, ids: Sequence[int] | None
) -> Iterator[tuple[int, list[tuple[int, str | None, int, int]]]]:
    """Pages of (posts read, their mentions as (post id, date text, stock id, position) by post and position)."""
    for rows in _pages(db, "p.id, p.date_text", ids):
        dates = dict(rows)
        yield (
            len(rows),
            [
                (pid, dates[pid], sid, at)
                for pid, sid, at in _link_rows(db, "stock", [r[0] for r in rows])
                if pid in dates
            ],
        )


def stocks(db: SqliteDatabase) -> dict[int, tuple[str, str, str | None]]:
    """stock id -> (market, code, stored name): every stock the library knows (thousands, not millions)."""
    return {
        sid: (market, code, name)
        for sid, market, code, name in db.execute_sql("SELECT id, market, code, name FROM stock")
    }


# (posts, first date, its text, last date, its text) per stock id
StockSpan = tuple[int, int | None, str | None, int | None, str | None]


def stock_spans(db: SqliteDatabase, ids: Sequence[int] | None) -> dict[int, StockSpan]:
    """stock id -> (posts mentioning it, first and last date with their texts), of the posts not trashed."""
    if ids is None:
        return _spans(db, "p.trashed_at IS NULL", ())
    spans: dict[int, StockSpan] = {}
    for chunk, marks in in_chunks(sorted(ids)):
        for sid, span in _spans(db, f"p.trashed_at IS NULL AND p.id IN ({marks})", chunk).items():
            spans[sid] = _merged(spans[sid], span) if sid in spans else span
    return spans


def _spans(db: SqliteDatabase, where: str, params: Sequence[Any]) -> dict[int, StockSpan]:
    # a bare column beside exactly one min() or max() comes from the row holding it (SQLite's documented rule)
    base = f"FROM post_stock ps JOIN post p ON p.id = ps.post_id WHERE {where} GROUP BY ps.stock_id"
    firsts = db.execute_sql(f"SELECT ps.stock_id, COUNT(DISTINCT ps.post_id), MIN(p.date), p.date_text {base}", params)
    out: dict[int, StockSpan] = {sid: (n, d, t if d is not None else None, None, None) for sid, n, d, t in firsts}
    for sid, d, t in db.execute_sql(f"SELECT ps.stock_id, MAX(p.date), p.date_text {base}", params):
        n, fd, ft, _d, _t = out[sid]
        out[sid] = (n, fd, ft, d, t if d is not None else None)
    return out


def _merged(a: StockSpan, b: StockSpan) -> StockSpan:
    """Two spans of disjoint sets of posts as one."""
    n, first, first_text, last, last_text = a
    if b[1] is not None and (first is None or b[1] < first):
        first, first_text = b[1], b[2]
    if b[3] is not None and (last is None or b[3] > last):
        last, last_text = b[3], b[4]
    return (n + b[0], first, first_text, last, last_text)


def count_posts(db: SqliteDatabase) -> int:
    return db.execute_sql("SELECT COUNT(*) FROM post WHERE trashed_at IS NULL").fetchone()[0]
