"""The reads behind the analysis tables (core/exporting/tables.py): posts, their links, per-stock counts, names.

Every read streams: a batch of posts at a time in id order (keyset pages over the
whole library, `IN (...)` lists over a selection), so that a table of a million posts
never holds the library in memory. Trashed posts are left out, as a search leaves them
out. The caller holds one read transaction around a whole table (one snapshot). The posts
table as CSV is made whole by SQLite (read_csv_page), on connections of the readers' own
(connect_reader) that hold each name's cells in temp tables.
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

_READER_CACHE = -16 * 1024  # KiB: a reader's page cache (pages are read once, in order)

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


# The posts table as CSV made whole by SQLite, a page of lines in one value: SQLite leaves Python's lock while
# it steps, so two connections make pages on both cores, and Python handles one bytes object per page (turning
# each row's cells into Python values, or joining a line's lists in Python, held the lock: about half the work).
# Text is quoted with its quotes doubled (RFC 4180), no value is an empty cell, booleans True/False.
def _nullable(column: str) -> str:
    """A text cell of a column that may hold none (an empty cell then): %w doubles the quotes."""
    return f"iif({column} IS NULL, '', printf('\"%w\"', {column}))"


def _truth(column: str) -> str:
    return f"CASE WHEN {column} IS NULL THEN '' WHEN {column} THEN 'True' ELSE 'False' END"


def iso_date(date_text: str | None) -> str | None:
    """'2022-05-20 17:01:37 +0800' (as the library stores a date) as ISO 8601: '2022-05-20T17:01:37+08:00' (in
    Python: _ISO_DATE below is the same in SQL)."""
    if not date_text:
        return None
    if len(date_text) == 25 and date_text[10] == " " and date_text[19] == " ":
        return f"{date_text[:10]}T{date_text[11:19]}{date_text[20:23]}:{date_text[23:]}"
    from datetime import datetime

    return datetime.strptime(date_text, "%Y-%m-%d %H:%M:%S %z").isoformat()


# '2022-05-20 17:01:37 +0800' (the form the library stores) as '2022-05-20T17:01:37+08:00'; a date in another
# form from temp.csv_date, where the reader put it (converted in Python) before reading its page
_STORED_DATE = "(p.date_text GLOB '????-??-?? ??:??:?? ?????')"
_ISO_DATE = (
    f"iif({_STORED_DATE}, printf('%.10sT%.8s%.3s:%s', p.date_text, substr(p.date_text, 12), "
    "substr(p.date_text, 21), substr(p.date_text, 24)), "
    "ifnull((SELECT d.iso FROM temp.csv_date d WHERE d.id = p.id), ''))"
)
_PUBLISHED = "iif(instr(p.jekyll, '\"published\"'), json_extract(p.jekyll, '$.published'), NULL)"


def _csv_lists(kind: str, cells: str, empty: str) -> str:
    """A post's names of one link table as CSV cells, from temp.csv_<kind> (each name's cells, made once by the
    caller), in the post's order: the CROSS JOIN makes SQLite walk the links first, by their primary key (post,
    position), so that group_concat meets them in that order, each name looked up by its id (never a scan of
    the names per post). tests/core/exporting/test_tables.py pins the order."""
    links = f"FROM post_{kind} l CROSS JOIN temp.csv_{kind} n ON n.id = l.{_LINKS[kind]} WHERE l.post_id = p.id"
    return f"(SELECT iif(count(*), {cells}, '{empty}') {links})"


# a post's line: its cells in the columns' order (core/exporting/tables.py's POSTS), each with its format, made
# by one printf (every concatenation or replace is a string of its own, each one an allocation that the two
# readers' threads take a lock of SQLite's for)
_CSV_CELLS = (
    ("%d", "p.id"),
    ("%s", _ISO_DATE),
    ("%s", "p.date"),  # a NULL is an empty cell
    ('"%w"', "p.title"),
    ("%s", _nullable("p.source_name")),
    ("%s", _nullable("p.source_url")),
    ("%s", _nullable("p.news_id")),
    ("%s", _nullable("p.url")),
    ("%s", _csv_lists("category", "printf('\"[%s]\"', group_concat(cell))", "[]")),
    ("%s", _csv_lists("tag", "printf('\"[%s]\"', group_concat(cell))", "[]")),
    ("%s", _csv_lists("stock", 'printf(\'"[%s]","[%s]"\', group_concat(secid), group_concat(symbol))', "[],[]")),
    ('"%w"', "p.path"),
    ('"%w"', "a.root"),
    ("%s", _nullable("p.slug")),
    ("%s", _truth(_PUBLISHED)),
    ("%s", _truth("p.builds")),
    ("%s", _truth("p.edited")),
    ("%d", "p.warning_count"),
    ("%d", "p.copy"),
    ('"%w"', "p.content_hash"),
)
_CSV_LINE = (
    "printf('"
    + ",".join(fmt for fmt, _cell in _CSV_CELLS).replace("'", "''")
    + "' || char(13, 10), "
    + ", ".join(cell for _fmt, cell in _CSV_CELLS)
    + ")"
)
# a page's lines as one value, UTF-8 bytes (a BLOB: Python neither decodes it nor encodes it again for the file)
_CSV_PAGE = (
    f"SELECT count(*), CAST(ifnull(group_concat(line, ''), '') AS BLOB) FROM "
    f"(SELECT {_CSV_LINE} AS line {_POSTS_FROM} WHERE {{}} AND p.trashed_at IS NULL ORDER BY p.id)"
)
_ODD_DATES = (
    "SELECT p.id, p.date_text FROM post p WHERE p.date_text IS NOT NULL AND NOT "
    f"{_STORED_DATE} AND p.trashed_at IS NULL AND {{}}"
)
_CSV_NAME_TABLES = (
    "CREATE TEMP TABLE csv_category (id INTEGER PRIMARY KEY, cell TEXT NOT NULL)",
    "CREATE TEMP TABLE csv_tag (id INTEGER PRIMARY KEY, cell TEXT NOT NULL)",
    "CREATE TEMP TABLE csv_stock (id INTEGER PRIMARY KEY, secid TEXT NOT NULL, symbol TEXT NOT NULL)",
    "CREATE TEMP TABLE csv_date (id INTEGER PRIMARY KEY, iso TEXT NOT NULL)",
)

# a page to read: a range of ids of the whole library (first, last), or a selection's ids (ascending)
PageSpec = tuple[int, int] | list[int]


def prepare_csv_reader(
    conn: sqlite3.Connection,
    categories: dict[int, str],
    tags: dict[int, str],
    stocks: dict[int, tuple[str, str]],
) -> None:
    """Give a reader (open_reader's, in its snapshot) each name's CSV cells: category id -> its cell, tag id
    -> its cell, stock id -> its market.code cell and its symbol cell (JSON, quotes doubled)."""
    for create in _CSV_NAME_TABLES:
        conn.execute(create)
    conn.executemany("INSERT INTO temp.csv_category VALUES (?, ?)", categories.items())
    conn.executemany("INSERT INTO temp.csv_tag VALUES (?, ?)", tags.items())
    conn.executemany("INSERT INTO temp.csv_stock VALUES (?, ?, ?)", [(i, *c) for i, c in stocks.items()])


def csv_page_specs(db: SqliteDatabase, ids: Sequence[int] | None) -> list[PageSpec]:
    """The pages of the posts table, known before any is read, so that two readers can share them out."""
    if ids is not None:
        ordered = sorted(ids)
        return [ordered[i : i + CSV_BATCH] for i in range(0, len(ordered), CSV_BATCH)]
    first, last = db.execute_sql("SELECT MIN(id), MAX(id) FROM post").fetchone()
    if first is None:
        return []
    return [(start, min(start + CSV_BATCH - 1, last)) for start in range(first, last + 1, CSV_BATCH)]


def read_csv_page(conn: sqlite3.Connection, spec: PageSpec) -> tuple[int, bytes]:
    """One page of the posts table as CSV lines in id order, on a reader prepared by prepare_csv_reader: (rows,
    UTF-8 bytes). Dates not in the stored form (rare) are converted by iso_date first."""
    if isinstance(spec, tuple):
        parts = [("p.id BETWEEN ? AND ?", list(spec))]
    else:
        parts = [(f"p.id IN ({marks})", chunk) for chunk, marks in in_chunks(spec)]
    rows, data = 0, []
    for where, params in parts:
        odd = conn.execute(_ODD_DATES.format(where), params).fetchall()
        if odd:
            converted = [(pid, iso) for pid, text in odd if (iso := iso_date(text))]
            conn.executemany("INSERT OR REPLACE INTO temp.csv_date VALUES (?, ?)", converted)
        count, lines = conn.execute(_CSV_PAGE.format(where), params).fetchone()
        rows += count
        data.append(lines)
    return rows, data[0] if len(data) == 1 else b"".join(data)


def reader_uri(db: SqliteDatabase) -> str:
    """The URI a reader opens the library's file by, read-only (a read-only medium's immutable URI as it is:
    no one writes there)."""
    database = str(db.database)
    return database if database.startswith("file:") else f"{Path(database).absolute().as_uri()}?mode=ro"


def connect_reader(uri: str) -> tuple[sqlite3.Connection, int] | None:
    """A read-only connection of its own to the library's file (reader_uri), holding the temp tables the posts
    CSV reads, with the version it saw (open it before the table's transaction reads anything); None where
    none opens."""
    try:
        conn = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
        conn.execute(f"PRAGMA cache_size = {_READER_CACHE}")
        return conn, conn.execute("PRAGMA data_version").fetchone()[0]
    except sqlite3.Error:
        return None


def open_reader(db: SqliteDatabase) -> tuple[sqlite3.Connection, int] | None:
    """connect_reader in this process."""
    return connect_reader(reader_uri(db))


def begin_same_snapshot(conn: sqlite3.Connection, version: int) -> bool:
    """Start reading on a reader (open_reader's); True when it sees the same snapshot as the table's transaction.

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


def id_span(db: SqliteDatabase) -> int:
    """How many ids the library's posts span (its size, give or take the deleted ones), read without a scan."""
    first, last = db.execute_sql("SELECT MIN(id), MAX(id) FROM post").fetchone()
    return 0 if first is None else last - first + 1


def start_snapshot(db: SqliteDatabase) -> None:
    """Take the open transaction's snapshot now (a deferred BEGIN takes it at its first read)."""
    db.execute_sql("SELECT 1 FROM post LIMIT 1").fetchall()


def count_posts(db: SqliteDatabase) -> int:
    return db.execute_sql("SELECT COUNT(*) FROM post WHERE trashed_at IS NULL").fetchone()[0]
