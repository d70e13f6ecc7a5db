"""Notes' SQL (schema v9): one private note per post in `post_note`, never in the post's bytes.

A note is written as a new row (INSERT OR REPLACE on the post's id), so its `seq`
(AUTOINCREMENT) grows with every edit: `changed_since` gives the search
(core/search/notes.py) only the notes edited since it last looked. An empty note is
no row.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from finews_desktop.core.store.sql import in_chunks


def note(db: Any, post_id: int) -> str:
    """The post's note ('' when it has none)."""
    row = db.execute_sql("SELECT body FROM post_note WHERE post_id = ?", (post_id,)).fetchone()
    return row[0] if row else ""


def set_note(conn: Any, post_id: int, body: str, now: int) -> None:
    """Give the post this note ('' removes it); nothing for a post that no longer exists."""
    if body:
        conn.execute(
            "INSERT OR REPLACE INTO post_note (post_id, body, updated_at) "
            "SELECT ?, ?, ? WHERE EXISTS (SELECT 1 FROM post WHERE id = ?)",
            (post_id, body, now, post_id),
        )
    else:
        conn.execute("DELETE FROM post_note WHERE post_id = ?", (post_id,))


def generation(db: Any) -> tuple[int, int]:
    """(the newest note's sequence number ever, the notes' count): changes with every edit or removal."""
    row = db.execute_sql("SELECT seq FROM sqlite_sequence WHERE name = 'post_note'").fetchone()
    count = db.execute_sql("SELECT COUNT(*) FROM post_note").fetchone()[0]
    return (int(row[0]) if row else 0, int(count))


def changed_since(db: Any, seq: int) -> list[tuple[int, int, str]]:
    """(seq, post id, body) of the notes written after `seq` (0: every note)."""
    return db.execute_sql("SELECT seq, post_id, body FROM post_note WHERE seq > ? ORDER BY seq", (seq,)).fetchall()


def noted_ids(db: Any) -> list[int]:
    """Every post with a note (the search's `has:note`, the "With notes" view)."""
    return [r[0] for r in db.execute_sql("SELECT post_id FROM post_note")]


def noted_count(db: Any) -> int:
    """Posts not in the trash with a note (the sidebar's With notes)."""
    return int(
        db.execute_sql(
            "SELECT COUNT(*) FROM post_note n JOIN post p ON p.id = n.post_id WHERE p.trashed_at IS NULL"
        ).fetchone()[0]
    )


def noted_flags(db: Any, ids: Sequence[int]) -> set[int]:
    """Those of `ids` that have a note: one query per 500 ids (the list's rows)."""
    out: set[int] = set()
    for chunk, marks in in_chunks(ids):
        out.update(r[0] for r in db.execute_sql(f"SELECT post_id FROM post_note WHERE post_id IN ({marks})", chunk))
    return out


def export_rows(db: Any, ids: Sequence[int] | None = None) -> list[tuple[int, str, str, str, str, int]]:
    """(post id, date text, title, url, note, updated at) of noted posts (of `ids` if given), by date then id."""
    sql = (
        "SELECT p.id, COALESCE(p.date_text, ''), p.title, COALESCE(p.url, ''), n.body, n.updated_at "
        "FROM post_note n JOIN post p ON p.id = n.post_id"
    )
    if ids is None:
        return db.execute_sql(sql + " ORDER BY p.date, p.id").fetchall()
    out: list[tuple[int, str, str, str, str, int]] = []
    for chunk, marks in in_chunks(ids):
        out += db.execute_sql(sql + f" WHERE n.post_id IN ({marks})", chunk).fetchall()
    return sorted(out, key=lambda r: (r[1], r[0]))


def notes_of(db: Any, ids: Sequence[int]) -> dict[int, str]:
    """post id -> note of those of `ids` that have one (an export's front matter key)."""
    out: dict[int, str] = {}
    for chunk, marks in in_chunks(ids):
        out.update(db.execute_sql(f"SELECT post_id, body FROM post_note WHERE post_id IN ({marks})", chunk))
    return out
