"""The reads behind the analysis tables (core/exporting/tables.py): posts, their links, per-stock counts, names.

Every read streams: a batch of posts at a time in id order (keyset pages over the
whole library, `IN (...)` lists over a selection), so that a table of a million posts
never holds the library in memory. Trashed posts are left out, as a search leaves them
out. The caller holds one read transaction around a whole table (one snapshot).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from peewee import SqliteDatabase

from finews_desktop.core.store import stock_stats
from finews_desktop.core.store.sql import in_chunks

BATCH = 2000  # posts per page of the whole library
CSV_BATCH = 10_000  # posts per page of the posts table as CSV (fewer, larger reads: a page is a few MB)

_READER_CACHE = -16 * 1024  # KiB: the second reader's page cache (pages are read once, in order)

# one post's row: the columns the posts table needs (its names by id: categories, tags, stocks come as links)
POST_COLUMNS = (
    "p.id, p.date, p.date_text, p.title, p.source_name, p.source_url, p.news_id, p.url, p.path, a.root, "
    "p.slug, json_extract(p.jekyll, '$.published'), p.builds, p.edited, p.warning_count, p.copy, p.content_hash"
)
_POSTS_FROM = "FROM post p JOIN archive a ON a.id = p.archive_id"
# a link table and its name column: what a post names, in the post's order (position)
_LINKS = {"stock": "stock_id", "category": "category_id", "tag": "tag_id"}

# Where the caller reads on a thread of its own, it passes the connection's own execute (peewee's connection
# state is per thread); else the library's execute_sql.
Execute = Callable[[str, Sequence[Any]], Any]


def _pages(
    execute: Execute, columns: str, ids: Sequence[int] | None, batch: int = BATCH
) -> Iterator[list[tuple[Any, ...]]]:
    """Pages of `columns` (the first one p.id) of the posts not trashed, in id order."""
    if ids is None:
        last = -1
        while True:
            rows = execute(
                f"SELECT {columns} {_POSTS_FROM} WHERE p.id > ? AND p.trashed_at IS NULL ORDER BY p.id LIMIT ?",
                (last, batch),
            ).fetchall()
            if not rows:
                return
            yield rows
            last = rows[-1][0]
    for chunk, marks in in_chunks(sorted(ids)):
        yield execute(
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
    for rows in _pages(db.execute_sql, POST_COLUMNS, ids):
        pids = [r[0] for r in rows]
        yield rows, _links(db, "stock", pids), _links(db, "category", pids), _links(db, "tag", pids)


# The posts table's cells made by SQLite, which leaves Python's lock while it steps (so that two connections
# make them on both cores): text quoted with its quotes doubled (RFC 4180), no value an empty cell, booleans
# True/False, the date as ISO 8601. Converting the 17 columns of a row to Python values held the lock.
def _quoted(column: str, null: bool = True) -> str:
    """A text cell; `null`: the column may hold none (an empty cell then)."""
    cell = f"'\"' || replace({column}, '\"', '\"\"') || '\"'"
    return f"iif({column} IS NULL, '', {cell})" if null else cell


def _truth(column: str) -> str:
    return f"CASE WHEN {column} IS NULL THEN '' WHEN {column} THEN 'True' ELSE 'False' END"


# '2022-05-20 17:01:37 +0800' (the form the library stores) as '2022-05-20T17:01:37+08:00'
_STORED_DATE = "(p.date_text GLOB '????-??-?? ??:??:?? ?????')"
_ISO_DATE = (
    f"iif({_STORED_DATE}, printf('%.10sT%.8s%.3s:%s', p.date_text, substr(p.date_text, 12), "
    "substr(p.date_text, 21), substr(p.date_text, 24)), '')"
)
_HEAD_TEXTS = (
    ("p.title", False),
    ("p.source_name", True),
    ("p.source_url", True),
    ("p.news_id", True),
    ("p.url", True),
)
_PUBLISHED = "iif(instr(p.jekyll, '\"published\"'), json_extract(p.jekyll, '$.published'), NULL)"
# the cells before the lists (id to url, each with its comma after it) and after them (path on, and the line end)
_CSV_HEAD = (
    f"printf('%d,%s,%s,{'%s,' * len(_HEAD_TEXTS)}', p.id, {_ISO_DATE}, p.date, "
    + ", ".join(_quoted(c, null) for c, null in _HEAD_TEXTS)
    + ")"
)
_CSV_TAIL = (
    "printf(',%s,%s,%s,%s,%s,%s,%d,%d,%s' || char(13, 10), "
    + ", ".join(
        [
            _quoted("p.path", null=False),
            _quoted("a.root", null=False),
            _quoted("p.slug"),
            *(_truth(c) for c in (_PUBLISHED, "p.builds", "p.edited")),
            "p.warning_count",
            "p.copy",
            _quoted("p.content_hash", null=False),
        ]
    )
    + ")"
)
# a post's row for CSV: id, the cells before its lists (a date not in the stored form left empty: the caller
# writes it, from odd_dates), the cells after its lists; the cells as UTF-8 bytes (BLOB: Python neither
# decodes them nor encodes them again for the file)
CSV_COLUMNS = f"p.id, CAST({_CSV_HEAD} AS BLOB), CAST({_CSV_TAIL} AS BLOB)"
_ODD_DATES = (
    f"p.id, p.date_text FROM post p WHERE p.date_text IS NOT NULL AND NOT {_STORED_DATE} AND p.trashed_at IS NULL"
)


def _joined_links(execute: Execute, kind: str, post_ids: Sequence[int]) -> dict[int, str]:
    """post id -> its name ids in its order, as '12,5': grouped by SQLite over the primary key's (post, position)
    order, so that the dict of its rows is made in C (a loop over the links was 3 us a post)."""
    if not post_ids:
        return {}
    table, column = f"post_{kind}", _LINKS[kind]
    first, last = post_ids[0], post_ids[-1]
    grouped = f"SELECT post_id, group_concat({column}) FROM {table} WHERE {{}} GROUP BY post_id"
    if last - first < 4 * len(post_ids):
        return dict(execute(grouped.format("post_id BETWEEN ? AND ?"), (first, last)).fetchall())
    links: dict[int, str] = {}
    for chunk, marks in in_chunks(post_ids):
        links.update(execute(grouped.format(f"post_id IN ({marks})"), chunk).fetchall())
    return links


# a page of the posts table as CSV: its rows (CSV_COLUMNS), the dates not in the stored form by post id (rare),
# and, by post id, its category, tag and stock ids
CsvPage = tuple[list[tuple[int, bytes, bytes]], dict[int, str], dict[int, str], dict[int, str], dict[int, str]]
# a page to read: a range of ids of the whole library (first, last), or a selection's ids (ascending)
PageSpec = tuple[int, int] | list[int]


def csv_page_specs(db: SqliteDatabase, ids: Sequence[int] | None) -> list[PageSpec]:
    """The pages of the posts table, known before any is read, so that two readers can share them out."""
    if ids is not None:
        ordered = sorted(ids)
        return [ordered[i : i + CSV_BATCH] for i in range(0, len(ordered), CSV_BATCH)]
    first, last = db.execute_sql("SELECT MIN(id), MAX(id) FROM post").fetchone()
    if first is None:
        return []
    return [(start, min(start + CSV_BATCH - 1, last)) for start in range(first, last + 1, CSV_BATCH)]


def read_csv_page(execute: Execute, spec: PageSpec) -> CsvPage:
    """One page of the posts table's cells in id order, with its links."""
    if isinstance(spec, tuple):
        rows = execute(
            f"SELECT {CSV_COLUMNS} {_POSTS_FROM} WHERE p.id BETWEEN ? AND ? AND p.trashed_at IS NULL ORDER BY p.id",
            spec,
        ).fetchall()
        odd = dict(execute(f"SELECT {_ODD_DATES} AND p.id BETWEEN ? AND ?", spec).fetchall())
    else:
        rows, odd = [], {}
        for chunk, marks in in_chunks(spec):
            rows += execute(
                f"SELECT {CSV_COLUMNS} {_POSTS_FROM} WHERE p.id IN ({marks}) AND p.trashed_at IS NULL ORDER BY p.id",
                chunk,
            ).fetchall()
            odd.update(execute(f"SELECT {_ODD_DATES} AND p.id IN ({marks})", chunk).fetchall())
    pids = [r[0] for r in rows]
    return (
        rows,
        odd,
        _joined_links(execute, "category", pids),
        _joined_links(execute, "tag", pids),
        _joined_links(execute, "stock", pids),
    )


def open_reader(db: SqliteDatabase) -> tuple[sqlite3.Connection, int] | None:
    """A second read-only connection to the library's file, for reading pages on the other core, with the
    version it saw (call before the table's transaction reads anything); None where none opens."""
    if str(db.database).startswith("file:"):  # a read-only medium's immutable URI: one connection reads it
        return None
    try:
        conn = sqlite3.connect(
            f"{Path(db.database).absolute().as_uri()}?mode=ro", uri=True, isolation_level=None, check_same_thread=False
        )
        conn.execute(f"PRAGMA cache_size = {_READER_CACHE}")
        return conn, conn.execute("PRAGMA data_version").fetchone()[0]
    except sqlite3.Error:
        return None


def begin_same_snapshot(conn: sqlite3.Connection, version: int) -> bool:
    """Start reading on the second connection; True when it sees the same snapshot as the table's transaction.

    That transaction began after `version` was read: if no other connection committed since (the data
    version is the same once this one reads), both see the library as it was then."""
    try:
        conn.execute("BEGIN")
        conn.execute("SELECT 1 FROM post LIMIT 1").fetchall()
        return bool(conn.execute("PRAGMA data_version").fetchone()[0] == version)
    except sqlite3.Error:
        return False


def names(db: SqliteDatabase) -> tuple[dict[int, str], dict[int, str]]:
    """category id -> slug, tag id -> name: every one the library knows (thousands, not millions)."""
    categories = dict(db.execute_sql("SELECT id, slug FROM category").fetchall())
    return categories, dict(db.execute_sql("SELECT id, name FROM tag").fetchall())


def mention_pages(
    db: SqliteDatabase, ids: Sequence[int] | None
) -> Iterator[tuple[int, list[tuple[int, str | None, int, int]]]]:
    """Pages of (posts read, their mentions as (post id, date text, stock id, position) by post and position)."""
    for rows in _pages(db.execute_sql, "p.id, p.date_text", ids):
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
        return _library_spans(db)
    spans: dict[int, StockSpan] = {}
    for chunk, marks in in_chunks(sorted(ids)):
        for sid, span in _spans(db, f"p.trashed_at IS NULL AND p.id IN ({marks})", chunk).items():
            spans[sid] = _merged(spans[sid], span) if sid in spans else span
    return spans


def _library_spans(db: SqliteDatabase) -> dict[int, StockSpan]:
    """The whole library's spans from the counts the store keeps per stock (core/store/stock_stats.py): a few
    rows per stock, where grouping every link took 4.6 s at 1,000,000 posts. The first and last dates are
    not kept as instants: the spans' date fields are None (a whole library's spans are never merged)."""
    spans: dict[int, StockSpan] = {}
    for sid, posts in db.execute_sql(
        "SELECT stock_id, SUM(posts) FROM stock_outlet GROUP BY stock_id HAVING SUM(posts) > 0"
    ).fetchall():
        first, last = stock_stats.mention_dates(db, sid)
        spans[sid] = (int(posts), None, first, None, last)
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
