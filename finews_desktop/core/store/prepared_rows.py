"""A prepared post (core/content/postrow.py) as the rows the library stores: its `post` columns and its links.

The import writes new and changed posts with these, and an edit its post's new
bytes: both store the same columns the same way.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from finews_desktop.core.store.stock_names import count_names
from finews_desktop.core.store.stock_stats import count_links

if TYPE_CHECKING:
    from finews_desktop.core.content.postrow import PreparedPost

POST_COLUMNS = (
    "archive_id, path, copy, title, date, date_text, slug, url, layout, builds, skip_reason, "
    "warning_count, warnings, jekyll, content_hash, size, encoding, source_url, news_id, source_name, "
    "edited, trashed_at, imported_at, updated_at, import_run_id"
)

# the ids of names an import batch links its posts to: categories by slug, tags by name, stocks by (market, code)
LinkIds = tuple[dict[Any, int], dict[Any, int], dict[Any, int]]


def post_values(p: PreparedPost) -> tuple[Any, ...]:
    """The post's columns from title to source_name, in POST_COLUMNS' order."""
    warnings = json.dumps(p.warnings, ensure_ascii=False) if p.warnings else None
    return (
        p.title,
        p.date,
        p.date_text,
        p.slug,
        p.url,
        p.layout,
        p.builds,
        p.skip_reason,
        len(p.warnings),
        warnings,
        p.jekyll_json,
        p.content_hash,
        len(p.raw),
        p.encoding,
        p.source_url,
        p.news_id,
        p.tags[0] if p.tags else None,
    )


def write_links(
    conn: Any,
    posts: list[tuple[int, PreparedPost]],
    cats: dict[Any, int],
    tags: dict[Any, int],
    stocks: dict[Any, int],
) -> None:
    """The posts' category, tag and stock links, in the order each post names them."""
    conn.executemany(
        "INSERT INTO post_category (post_id, category_id, position) VALUES (?, ?, ?)",
        [(pid, cats[c], i) for pid, p in posts for i, c in enumerate(p.categories)],
    )
    conn.executemany(
        "INSERT INTO post_tag (post_id, tag_id, position) VALUES (?, ?, ?)",
        [(pid, tags[t], i) for pid, p in posts for i, t in enumerate(p.tags)],
    )
    conn.executemany(
        "INSERT INTO post_stock (post_id, stock_id, position, name) VALUES (?, ?, ?, ?)",
        [(pid, stocks[(m, c)], i, n) for pid, p in posts for i, (m, c, n) in enumerate(p.stocks)],
    )
    count_names(conn, ((stocks[(m, c)], n) for _pid, p in posts for m, c, n in p.stocks))
    count_links(conn, [pid for pid, _p in posts])
