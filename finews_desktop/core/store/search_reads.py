"""What the search engine reads from the library itself (the index is read by core/search/index).

The engine keeps the library's id orders in memory and patches them after a change, resolves
category, stock and collection names to their rows, and shows a snippet of each hit's text;
these are the statements it runs for that, so that SQL stays in the store.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Iterator
from typing import Any

from finews_desktop.core.content.newsitem import post_text, post_text_columns

NO_DATE = -(1 << 62)  # the date order's seconds for a post without a date (before every other)

# (id, date seconds, local day as YYYYMMDD or 0, trashed, edited, warned)
OrderRow = tuple[int, int, int, int, int, int]
_ORDER_COLUMNS = (
    f"id, COALESCE(date, {NO_DATE}), "
    "COALESCE(CAST(substr(date_text, 1, 4) || substr(date_text, 6, 2) || substr(date_text, 9, 2) AS INTEGER), 0), "
    "trashed_at IS NOT NULL, edited, warning_count > 0"
)
_SORT_COLUMNS = {"title": "title", "source": "source_name"}
_CHUNK = 20_000  # ids per statement when reading some posts' rows


def _json_ids(ids: Iterable[int]) -> str:
    return "[" + ",".join(map(str, ids)) + "]"


def queue_generation(db: Any) -> int:
    """The search queue's last sequence number: it changes with every change to a post."""
    row = db.execute_sql("SELECT seq FROM sqlite_sequence WHERE name = 'search_queue'").fetchone()
    return int(row[0]) if row else 0


def order_rows(db: Any) -> list[OrderRow]:
    """Every post's row for the date order and the flags, by date then id."""
    # ORDER BY the result columns: one sequential scan and a sort, not a walk of the date
    # index with a random read of each row (3x slower on a cold million-post library)
    return db.execute_sql(f"SELECT {_ORDER_COLUMNS} FROM post ORDER BY 2, 1").fetchall()


def order_rows_of(db: Any, ids: list[int]) -> list[OrderRow]:
    """The same rows for these posts (those that exist), in no particular order."""
    rows: list[OrderRow] = []
    for start in range(0, len(ids), _CHUNK):
        rows += db.execute_sql(
            f"SELECT {_ORDER_COLUMNS} FROM post WHERE id IN (SELECT value FROM json_each(?))",
            (_json_ids(ids[start : start + _CHUNK]),),
        ).fetchall()
    return rows


def ids_sorted_by(db: Any, sort: str) -> array:
    """Every post id ordered by `sort` ('title' or 'source'); equal values in date order, then by id (a
    source's news stay in the order they came: reversed, newest first)."""
    column = _SORT_COLUMNS[sort]
    return array("q", (r[0] for r in db.execute_sql(f"SELECT id FROM post ORDER BY {column}, date, id")))


def category_names(db: Any) -> list[tuple[str, str | None]]:
    """(slug, display name) of every category."""
    return db.execute_sql("SELECT slug, display_name FROM category").fetchall()


def stock_names(db: Any) -> list[tuple[str, str, str | None]]:
    """(market, code, name) of every stock."""
    return db.execute_sql("SELECT market, code, name FROM stock").fetchall()


def collection_names(db: Any) -> list[tuple[int, str]]:
    """(id, name) of every collection."""
    return db.execute_sql("SELECT id, name FROM collection").fetchall()


def collection_post_ids(db: Any, collection_ids: list[int]) -> list[int]:
    """The posts in any of these collections (an id may repeat)."""
    if not collection_ids:
        return []
    marks = ",".join("?" * len(collection_ids))
    sql = f"SELECT post_id FROM collection_post WHERE collection_id IN ({marks})"
    return [r[0] for r in db.execute_sql(sql, collection_ids)]


def post_plain_texts(db: Any, ids: list[int], chunk: int = 500) -> Iterator[tuple[int, str]]:
    """(id, plain text) of these posts (those that exist), a chunk of statements at a time."""
    for start in range(0, len(ids), chunk):
        part = ids[start : start + chunk]
        marks = ",".join("?" * len(part))
        sql = f"SELECT post_id, {post_text_columns()} FROM post_content WHERE post_id IN ({marks})"
        for pid, text, raw in db.execute_sql(sql, part):
            yield pid, post_text(text, raw)
