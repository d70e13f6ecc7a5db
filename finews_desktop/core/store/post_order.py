"""Which posts, in which order: ids sorted in SQL for `finews list` and for the window's list.

The window's first page and whole list in an indexed order (date, title, id) come
from the index alone; a list column the search does not sort by (tags, stocks,
warnings) is sorted here too. Ties go by date, then by id: in the sort's direction for an
indexed order (as the search orders them), newest first for a list column.
"""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from typing import Any

from finews_desktop.core.errors import KnownError


def post_ids(
    db: Any,
    order: str = "date",
    descending: bool = True,
    limit: int | None = None,
    offset: int = 0,
    include_trashed: bool = False,
) -> list[int]:
    columns = {"date": "date", "title": "title", "id": "id", "source": "source_name", "path": "path"}
    if order not in columns:
        raise KnownError(f"Cannot sort by {order!r}; choose one of {', '.join(columns)}.")
    direction = "DESC" if descending else "ASC"
    where = "" if include_trashed else "WHERE trashed_at IS NULL"
    sql = f"SELECT id FROM post {where} ORDER BY {columns[order]} {direction}, id {direction}"
    params: list[Any] = []
    if limit is not None:
        sql += " LIMIT ? OFFSET ?"
        params = [limit, offset]
    return [r[0] for r in db.execute_sql(sql, params)]


def first_post_ids(db: Any, order: str, descending: bool, limit: int) -> list[int]:
    """The first `limit` untrashed posts in an indexed order (date, title, id), read from the index.

    `+trashed_at` keeps SQLite from choosing an index on trashed_at and sorting every row.
    Ties go by date (for a title), then by id, in the same direction, as the search orders them.
    """
    direction = "DESC" if descending else "ASC"
    cur = db.execute_sql(
        f"SELECT id FROM post WHERE +trashed_at IS NULL ORDER BY {_indexed_order(order, direction)} LIMIT ?",
        (limit,),
    )
    return [r[0] for r in cur]


def all_post_ids(db: Any, order: str, descending: bool) -> Sequence[int]:
    """Every untrashed post in an indexed order: the index alone, less the trashed ids (no row reads)."""
    direction = "DESC" if descending else "ASC"
    trashed = {r[0] for r in db.execute_sql("SELECT id FROM post WHERE +trashed_at IS NOT NULL")}
    cur = db.execute_sql(f"SELECT id FROM post ORDER BY {_indexed_order(order, direction)}")
    if not trashed:
        return array("q", (r[0] for r in cur))
    return array("q", (r[0] for r in cur if r[0] not in trashed))


def _indexed_order(order: str, direction: str) -> str:
    """ORDER BY for an indexed order (date, title, id): equal titles in date order, then by id, all one way."""
    column = {"date": "date", "title": "title", "id": "id"}[order]
    tie = f"date {direction}, " if column == "title" else ""
    return f"{column} {direction}, {tie}id {direction}"


_LIST_COLUMN_KEYS = {
    "tags": "(SELECT t.name FROM post_tag pt JOIN tag t ON t.id = pt.tag_id "
    "WHERE pt.post_id = p.id ORDER BY pt.position LIMIT 1)",
    "stocks": "(SELECT s.code FROM post_stock ps JOIN stock s ON s.id = ps.stock_id "
    "WHERE ps.post_id = p.id ORDER BY ps.position LIMIT 1)",
    "warnings": "p.warning_count",
}


def order_ids(db: Any, ids: Sequence[int], key: str, descending: bool = False) -> list[int]:
    """Sort ids in SQL by a list column the search does not sort by: tags, stocks, warnings.

    Ties keep date order (newest first), then id.
    """
    if key not in _LIST_COLUMN_KEYS:
        raise KnownError(f"Cannot sort by {key!r}; choose one of {', '.join(_LIST_COLUMN_KEYS)}.")
    sort_key = _LIST_COLUMN_KEYS[key]
    direction = "DESC" if descending else "ASC"
    with db.atomic():
        db.execute_sql("CREATE TEMP TABLE IF NOT EXISTS gui_order_ids (id INTEGER PRIMARY KEY)")
        db.execute_sql("DELETE FROM gui_order_ids")
        db.connection().executemany("INSERT OR IGNORE INTO gui_order_ids (id) VALUES (?)", ((i,) for i in ids))
        cur = db.execute_sql(
            f"SELECT p.id FROM gui_order_ids o JOIN post p ON p.id = o.id "
            f"ORDER BY {sort_key} IS NULL, {sort_key} {direction}, p.date DESC, p.id DESC"
        )
        out = [r[0] for r in cur]
        db.execute_sql("DELETE FROM gui_order_ids")
    return out
