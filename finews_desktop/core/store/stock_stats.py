"""Each stock's figures kept up to date as posts come and go, so that a stock page reads a few rows instead
of walking the third of a million-post library that mentions a popular stock (bench/bench_stock_page.py).

Three counts over untrashed posts:
- `stock_outlet`: a stock's posts per source (`post.source_name`, '' for none): their sum is its posts;
- `stock_pair`: the posts mentioning both stocks, each pair stored both ways;
- `stock_day`: a stock's posts per UTC day of `post.date`, which finds its first and last mention's
  day without walking its posts (the posts of that day are then few).
New links are counted a batch at a time by the writes that store them (`prepared_rows.write_links`
calls `count_links`, as it counts the names): a trigger per inserted link cost 25-40 us a link, a
tenth of an import's writing time. Everything else is kept by triggers, so that every write path keeps
the counts exact: a link deleted (a re-import, an edit, a re-read), a post trashed, restored or deleted
for good, a live post's source or date changed. Rows counted down to zero stay (read as absent).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from finews_desktop.core.store.sql import in_chunks

# a live post's links: the rows a post entering or leaving the counts touches
_LINKS = "SELECT stock_id FROM post_stock WHERE post_id = {post}"
_DAY = "({date} / 86400)"


def _post_enters(post: str, source: str, date: str, sign: str) -> list[str]:
    """Statements adding (sign '+') or taking off (sign '-') one post (its links) from the three counts."""
    links = _LINKS.format(post=post)
    if sign == "+":
        return [
            "INSERT INTO stock_outlet (stock_id, source, posts) "
            f"SELECT stock_id, COALESCE({source}, ''), 1 FROM post_stock WHERE post_id = {post} "
            "ON CONFLICT (stock_id, source) DO UPDATE SET posts = posts + 1",
            "INSERT INTO stock_pair (stock_id, other_id, posts) "
            f"SELECT a.stock_id, b.stock_id, 1 FROM post_stock a JOIN post_stock b ON b.post_id = a.post_id "
            f"AND b.stock_id != a.stock_id WHERE a.post_id = {post} "
            "ON CONFLICT (stock_id, other_id) DO UPDATE SET posts = posts + 1",
            "INSERT INTO stock_day (stock_id, day, posts) "
            f"SELECT stock_id, {_DAY.format(date=date)}, 1 FROM post_stock WHERE post_id = {post} AND {date} IS NOT NULL "
            "ON CONFLICT (stock_id, day) DO UPDATE SET posts = posts + 1",
        ]
    return [
        f"UPDATE stock_outlet SET posts = posts - 1 WHERE source = COALESCE({source}, '') AND stock_id IN ({links})",
        f"UPDATE stock_pair SET posts = posts - 1 WHERE stock_id IN ({links}) AND other_id IN ({links}) "
        "AND other_id != stock_id",
        f"UPDATE stock_day SET posts = posts - 1 WHERE day = {_DAY.format(date=date)} AND stock_id IN ({links})",
    ]


def _link_gone() -> list[str]:
    """Statements taking one deleted link (OLD) of a live post off: its outlet, its pairs with the post's
    other links, its day."""
    post = "(SELECT {column} FROM post WHERE id = OLD.post_id)"
    source, day = post.format(column="COALESCE(source_name, '')"), post.format(column="date / 86400")
    others = "SELECT stock_id FROM post_stock WHERE post_id = OLD.post_id AND stock_id != OLD.stock_id"
    return [
        f"UPDATE stock_outlet SET posts = posts - 1 WHERE stock_id = OLD.stock_id AND source = {source}",
        f"UPDATE stock_pair SET posts = posts - 1 WHERE stock_id = OLD.stock_id AND other_id IN ({others})",
        f"UPDATE stock_pair SET posts = posts - 1 WHERE other_id = OLD.stock_id AND stock_id IN ({others})",
        f"UPDATE stock_day SET posts = posts - 1 WHERE stock_id = OLD.stock_id AND day = {day}",
    ]


def _live(row: str) -> str:
    """A link's post is there and untrashed (a link deleted with its post finds none)."""
    return f"EXISTS (SELECT 1 FROM post WHERE id = {row}.post_id AND trashed_at IS NULL)"


def _trigger(name: str, when: str, body: list[str]) -> str:
    return f"CREATE TRIGGER IF NOT EXISTS {name} {when} BEGIN {'; '.join(body)}; END"


_TABLES = (
    "CREATE TABLE IF NOT EXISTS stock_outlet (stock_id INTEGER NOT NULL, source TEXT NOT NULL, "
    "posts INTEGER NOT NULL, PRIMARY KEY (stock_id, source)) WITHOUT ROWID",
    "CREATE TABLE IF NOT EXISTS stock_pair (stock_id INTEGER NOT NULL, other_id INTEGER NOT NULL, "
    "posts INTEGER NOT NULL, PRIMARY KEY (stock_id, other_id)) WITHOUT ROWID",
    "CREATE TABLE IF NOT EXISTS stock_day (stock_id INTEGER NOT NULL, day INTEGER NOT NULL, "
    "posts INTEGER NOT NULL, PRIMARY KEY (stock_id, day)) WITHOUT ROWID",
)

# A link deleted with its post (a delete for good cascades) finds no post: the post's own trigger,
# before it goes, takes the whole post off.
_TRIGGERS = (
    _trigger("stock_stats_link_gone", f"AFTER DELETE ON post_stock WHEN {_live('OLD')}", _link_gone()),
    _trigger(
        "stock_stats_post_trashed",
        "AFTER UPDATE OF trashed_at ON post WHEN OLD.trashed_at IS NULL AND NEW.trashed_at IS NOT NULL",
        _post_enters("OLD.id", "OLD.source_name", "OLD.date", "-"),
    ),
    _trigger(
        "stock_stats_post_restored",
        "AFTER UPDATE OF trashed_at ON post WHEN OLD.trashed_at IS NOT NULL AND NEW.trashed_at IS NULL",
        _post_enters("NEW.id", "NEW.source_name", "NEW.date", "+"),
    ),
    _trigger(
        "stock_stats_post_moved",  # a live post's source or date changed (an edit, a re-read, a re-import)
        "AFTER UPDATE OF source_name, date ON post WHEN OLD.trashed_at IS NULL AND NEW.trashed_at IS NULL "
        "AND (OLD.source_name IS NOT NEW.source_name OR OLD.date IS NOT NEW.date)",
        _post_enters("OLD.id", "OLD.source_name", "OLD.date", "-")
        + _post_enters("NEW.id", "NEW.source_name", "NEW.date", "+"),
    ),
    _trigger(
        "stock_stats_post_deleted",
        "BEFORE DELETE ON post WHEN OLD.trashed_at IS NULL",
        _post_enters("OLD.id", "OLD.source_name", "OLD.date", "-"),
    ),
)

# the live posts' links counted, of every post ({posts} '1') or of some ({posts} 'p.id IN (?, …)')
_COUNTS = (
    "INSERT INTO stock_outlet (stock_id, source, posts) SELECT ps.stock_id, COALESCE(p.source_name, ''), COUNT(*) "
    "FROM post_stock ps JOIN post p ON p.id = ps.post_id WHERE {posts} AND p.trashed_at IS NULL GROUP BY 1, 2 "
    "ON CONFLICT (stock_id, source) DO UPDATE SET posts = posts + excluded.posts",
    "INSERT INTO stock_pair (stock_id, other_id, posts) SELECT a.stock_id, b.stock_id, COUNT(*) "
    "FROM post_stock a JOIN post_stock b ON b.post_id = a.post_id AND b.stock_id != a.stock_id "
    "JOIN post p ON p.id = a.post_id WHERE {posts} AND p.trashed_at IS NULL GROUP BY 1, 2 "
    "ON CONFLICT (stock_id, other_id) DO UPDATE SET posts = posts + excluded.posts",
    "INSERT INTO stock_day (stock_id, day, posts) SELECT ps.stock_id, p.date / 86400, COUNT(*) "
    "FROM post_stock ps JOIN post p ON p.id = ps.post_id WHERE {posts} AND p.trashed_at IS NULL "
    "AND p.date IS NOT NULL GROUP BY 1, 2 ON CONFLICT (stock_id, day) DO UPDATE SET posts = posts + excluded.posts",
)


def create_tables(db: Any) -> None:
    """The tables and triggers (schema step), counted from the posts already there."""
    for statement in _TABLES:
        db.execute_sql(statement)
    recount(db)
    for statement in _TRIGGERS:
        db.execute_sql(statement)


def recount(db: Any) -> None:
    """Every count made again from the posts (the schema step; links written without `write_links`)."""
    for table in ("stock_outlet", "stock_pair", "stock_day"):
        db.execute_sql(f"DELETE FROM {table}")
    for statement in _COUNTS:
        db.execute_sql(statement.format(posts="1"))


def count_links(conn: Any, post_ids: Sequence[int]) -> None:
    """Count the links of these posts, just written (every link of each: their old ones were deleted first)."""
    for chunk, marks in in_chunks(sorted(set(post_ids))):
        for statement in _COUNTS:
            conn.execute(statement.format(posts=f"p.id IN ({marks})"), chunk)


def stock_posts(db: Any, stock_id: int) -> int:
    """The stock's untrashed posts."""
    row = db.execute_sql("SELECT SUM(posts) FROM stock_outlet WHERE stock_id = ?", (stock_id,)).fetchone()
    return int(row[0] or 0)


def outlets(db: Any, stock_id: int, limit: int) -> list[tuple[str, int]]:
    """The sources carrying the stock with their posts, most first (ties by name)."""
    rows = db.execute_sql(
        "SELECT source, posts FROM stock_outlet WHERE stock_id = ? AND posts > 0 AND source != '' "
        "ORDER BY posts DESC, source LIMIT ?",
        (stock_id, limit),
    ).fetchall()
    return [(str(s), int(n)) for s, n in rows]


def mentioned_with(db: Any, stock_id: int, limit: int) -> list[tuple[str, str, str | None, int]]:
    """(market, code, kept name, posts) of the stocks mentioned with it most often, most first (ties by id)."""
    return [
        (str(m), str(c), name, int(n))
        for m, c, name, n in db.execute_sql(
            "SELECT s.market, s.code, s.name, x.posts FROM stock_pair x JOIN stock s ON s.id = x.other_id "
            "WHERE x.stock_id = ? AND x.posts > 0 ORDER BY x.posts DESC, x.other_id LIMIT ?",
            (stock_id, limit),
        )
    ]


def mention_dates(db: Any, stock_id: int) -> tuple[str | None, str | None]:
    """The first and last mention's date as its post has it: the first and last day with posts, then the
    earliest and latest of the stock's posts that day (by date, then id)."""
    found: list[str | None] = []
    for order in ("ASC", "DESC"):
        day = db.execute_sql(
            f"SELECT day FROM stock_day WHERE stock_id = ? AND posts > 0 ORDER BY day {order} LIMIT 1", (stock_id,)
        ).fetchone()
        if day is None:
            return None, None
        at = int(day[0]) * 86400  # SQLite's / truncates: a day before 1970 reaches back from `at`
        row = db.execute_sql(
            "SELECT p.date_text FROM post p WHERE p.date > ? AND p.date < ? AND p.date / 86400 = ? "
            "AND p.trashed_at IS NULL AND EXISTS (SELECT 1 FROM post_stock x WHERE x.post_id = p.id AND x.stock_id = ?) "
            f"ORDER BY p.date {order}, p.id LIMIT 1",
            (at - 86400, at + 86400, int(day[0]), stock_id),
        ).fetchone()
        found.append(row[0] if row else None)
    return found[0], found[1]
