"""Read state's SQL (schema v9): a post is read when it has a `post_read` row, unread otherwise.

The state is the library's, never the post's bytes: nothing here touches `post` or
`post_content`, so an export cannot change because of it. Rules (what "read" means,
undo) live in core/curation/reading.py; the window decides when a post was opened
long enough (ui/reading.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from finews_desktop.core.store.sql import in_chunks


def read_ids(db: Any) -> list[int]:
    """Every read post's id (the search's `is:read`; `is:unread` is the rest)."""
    return [r[0] for r in db.execute_sql("SELECT post_id FROM post_read")]


def read_times(conn: Any, ids: Sequence[int]) -> dict[int, int]:
    """post id -> read at (Unix seconds) of those of `ids` that are read."""
    out: dict[int, int] = {}
    for chunk, marks in in_chunks(ids):
        out.update(conn.execute(f"SELECT post_id, read_at FROM post_read WHERE post_id IN ({marks})", chunk))
    return out


def existing(conn: Any, ids: Sequence[int]) -> list[int]:
    """Those of `ids` that are posts, in the same order."""
    found: set[int] = set()
    for chunk, marks in in_chunks(ids):
        found.update(r[0] for r in conn.execute(f"SELECT id FROM post WHERE id IN ({marks})", chunk))
    return [i for i in ids if i in found]


def set_states(conn: Any, states: Iterable[tuple[int, int | None]]) -> None:
    """Put each (post id, read at or None for unread); posts that no longer exist are left out."""
    states = list(states)
    conn.executemany("DELETE FROM post_read WHERE post_id = ?", [(i,) for i, at in states if at is None])
    conn.executemany(
        "INSERT OR REPLACE INTO post_read (post_id, read_at) SELECT ?, ? WHERE EXISTS (SELECT 1 FROM post WHERE id = ?)",
        [(i, at, i) for i, at in states if at is not None],
    )


def unread_count(db: Any) -> int:
    """Posts not in the trash and not read (the sidebar's Unread)."""
    return int(
        db.execute_sql(
            "SELECT COUNT(*) FROM post p WHERE p.trashed_at IS NULL "
            "AND NOT EXISTS (SELECT 1 FROM post_read r WHERE r.post_id = p.id)"
        ).fetchone()[0]
    )


def read_flags(db: Any, ids: Sequence[int]) -> set[int]:
    """Those of `ids` that are read: one query per 500 ids (the list's rows)."""
    out: set[int] = set()
    for chunk, marks in in_chunks(ids):
        out.update(r[0] for r in db.execute_sql(f"SELECT post_id FROM post_read WHERE post_id IN ({marks})", chunk))
    return out
