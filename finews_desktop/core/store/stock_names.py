"""The names posts give each stock, counted (`stock_name`, schema v9): the most frequent one is the stock's.

A post may give a shortened or stale name (…, the name before a rename) or none; the
stock goes by the name most of its posts give (`core/content/instruments.preferred_name`
is the same rule without SQL). The writes that store links (`prepared_rows.write_links`)
add a batch's names here; a trigger takes a link's name off when the link goes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from finews_desktop.core.store.sql import in_chunks

# the name with the most posts, ties to the smallest (as instruments.preferred_name)
_TOP_NAME = (
    "SELECT n.name FROM stock_name n WHERE n.stock_id = {sid} AND n.posts > 0 ORDER BY n.posts DESC, n.name LIMIT 1"
)


def count_names(conn: Any, links: Iterable[tuple[int, str | None]]) -> None:
    """Count the names these new (stock id, name) links give, and make each touched stock go by its top name."""
    counts = Counter((sid, name.strip()) for sid, name in links if name and name.strip())
    if not counts:
        return
    conn.executemany(
        "INSERT INTO stock_name (stock_id, name, posts) VALUES (?, ?, ?) "
        "ON CONFLICT (stock_id, name) DO UPDATE SET posts = posts + excluded.posts",
        [(sid, name, n) for (sid, name), n in counts.items()],
    )
    touched = sorted({sid for sid, _name in counts})
    top = _TOP_NAME.format(sid="stock.id")
    for part, marks in in_chunks(touched):
        conn.execute(f"UPDATE stock SET name = ({top}) WHERE id IN ({marks}) AND EXISTS ({top})", part)


def stock_name(db: Any, stock_id: int) -> str | None:
    """The name most of the stock's posts give; the stock's kept name when no post counted gives one."""
    row = db.execute_sql(_TOP_NAME.format(sid="?"), (stock_id,)).fetchone()
    if row:
        return str(row[0])
    kept = db.execute_sql("SELECT name FROM stock WHERE id = ?", (stock_id,)).fetchone()
    return kept[0] if kept and kept[0] else None
