"""What the window shows of stories beside a list (core/dedup/ keeps them): for a page of rows, each
clustered post's number of copies and its story's outlets in one query per 500 ids, and the sidebar's
count of copies. Read through the `dup_post_cluster` index, so a page costs the same at a million posts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from finews_desktop.core.store.sql import in_chunks


@dataclass(frozen=True, slots=True)
class StorySummary:
    """A post's story as its list row shows it."""

    copies: int  # the story's other posts (trashed ones left out)
    outlets: tuple[str, ...]  # the story's sources, distinct: this post's first, then by date


def story_summaries(db: Any, post_ids: Sequence[int]) -> dict[int, StorySummary]:
    """post id -> its story's summary, for the posts among these that share a story with another post."""
    members: dict[int, list[tuple[int, str | None]]] = {}
    for part, marks in in_chunks(post_ids):
        for pid, member, source in db.execute_sql(
            "SELECT d.post_id, m.post_id, p.source_name FROM dup_post d "
            "JOIN dup_post m ON m.cluster = d.cluster JOIN post p ON p.id = m.post_id "
            f"WHERE d.cluster IS NOT NULL AND p.trashed_at IS NULL AND d.post_id IN ({marks}) "
            "ORDER BY d.post_id, p.date, p.id",
            part,
        ):
            members.setdefault(pid, []).append((member, source))
    out: dict[int, StorySummary] = {}
    for pid, rows in members.items():
        if len(rows) < 2:
            continue
        own = [source for member, source in rows if member == pid]
        outlets = dict.fromkeys(s for s in (*own, *(source for _m, source in rows)) if s)
        out[pid] = StorySummary(len(rows) - 1, tuple(outlets))
    return out


def duplicate_count(db: Any) -> int:
    """Posts not in the trash that another post represents (`is:duplicate`): the sidebar's Duplicates."""
    return int(
        db.execute_sql(
            "SELECT COUNT(*) FROM dup_post d JOIN post p ON p.id = d.post_id "
            "WHERE d.rep IS NOT NULL AND d.rep != d.post_id AND p.trashed_at IS NULL"
        ).fetchone()[0]
    )
