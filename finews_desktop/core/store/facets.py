"""The sidebar's entries and their post counts: one grouped query per group (never one per entry).

Counts leave trashed posts out, except the Trash's own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from finews_desktop.core.content.stocks import stock_label
from finews_desktop.core.store import import_runs, notes, reading, story_reads

_LIVE = "post_id NOT IN (SELECT id FROM post WHERE trashed_at IS NOT NULL)"  # a link row of an untrashed post
# ... and, with one row per story, not of a copy another post of its story represents (is:duplicate)
_COPY = "SELECT post_id FROM dup_post WHERE rep IS NOT NULL AND rep != post_id"
_LIVE_STORY = f"post_id NOT IN (SELECT id FROM post WHERE trashed_at IS NOT NULL UNION {_COPY})"


@dataclass(frozen=True, slots=True)
class FacetEntry:
    key: str  # what the search text names: slug, tag, stock code, YYYY-MM, collection name
    label: str  # what the sidebar shows
    count: int


@dataclass(frozen=True)
class Facets:
    """The sidebar: fixed entries' counts and the groups, each from one grouped query."""

    all: int
    recent: int
    warnings: int
    trash: int
    collections: list[FacetEntry]
    categories: list[FacetEntry]
    tags: list[FacetEntry]
    stocks: list[FacetEntry]
    months: list[FacetEntry]
    days: list[FacetEntry] = field(default_factory=list)  # YYYY-MM-DD, newest first: the sidebar's dates to the day
    unread: int = 0  # posts not in the trash and not read (reading.py)
    noted: int = 0  # posts not in the trash with a note (notes.py)
    duplicates: int = 0  # posts not in the trash another post of their story represents (story_reads.py)


def read_facets(db: Any, one_per_story: bool = False) -> Facets:
    """The sidebar's entries with their post counts; `one_per_story`: each story counted once (its
    representative's entries), as the list shows it then. The Trash, Unread and With notes count posts."""
    q = db.execute_sql
    live = f"trashed_at IS NULL AND id NOT IN ({_COPY})" if one_per_story else "trashed_at IS NULL"
    total, warnings, trash = q(
        f"SELECT COALESCE(SUM({live}), 0), COALESCE(SUM({live} AND warning_count > 0), 0), "
        "COALESCE(SUM(trashed_at IS NOT NULL), 0) FROM post"
    ).fetchone()
    run_id = import_runs.last_with_posts(db)
    recent = (
        q(f"SELECT COUNT(*) FROM post WHERE import_run_id = ? AND {live}", (run_id,)).fetchone()[0]
        if run_id is not None
        else 0
    )
    collections, categories, tags, stocks = _named_groups(db, _LIVE_STORY if one_per_story else _LIVE)
    days = [
        FacetEntry(day, day, n)
        for day, n in q(
            "SELECT substr(date_text, 1, 10) AS d, COUNT(*) FROM post "
            f"WHERE {live} AND date_text IS NOT NULL GROUP BY d ORDER BY d DESC"
        )
    ]
    return Facets(
        total,
        recent,
        warnings,
        trash,
        collections,
        categories,
        tags,
        stocks,
        _months_of(days),
        days,
        reading.unread_count(db),
        notes.noted_count(db),
        story_reads.duplicate_count(db),
    )


def _named_groups(
    db: Any, live: str = _LIVE
) -> tuple[list[FacetEntry], list[FacetEntry], list[FacetEntry], list[FacetEntry]]:
    """Collections, categories, tags and stocks with their untrashed posts (`live`: which link rows count),
    each by its name."""
    q = db.execute_sql
    collections = [
        FacetEntry(name, name, n)
        for name, n in q(
            f"SELECT c.name, COUNT(cp.post_id) FROM collection c LEFT JOIN collection_post cp "
            f"ON cp.collection_id = c.id AND cp.{live} GROUP BY c.id ORDER BY c.name"
        )
    ]
    categories = [
        FacetEntry(slug, display or slug, n)
        for slug, display, n in q(
            f"SELECT c.slug, c.display_name, COUNT(*) FROM post_category pc JOIN category c ON c.id = pc.category_id "
            f"WHERE pc.{live} GROUP BY pc.category_id ORDER BY COALESCE(c.display_name, c.slug)"
        )
    ]
    tags = [
        FacetEntry(name, name, n)
        for name, n in q(
            f"SELECT t.name, COUNT(*) FROM post_tag pt JOIN tag t ON t.id = pt.tag_id "
            f"WHERE pt.{live} GROUP BY pt.tag_id ORDER BY t.name"
        )
    ]
    stocks = [
        FacetEntry(code, stock_label(code, name), n)
        for code, name, n in q(
            f"SELECT s.code, MAX(s.name), COUNT(DISTINCT ps.post_id) FROM post_stock ps "
            f"JOIN stock s ON s.id = ps.stock_id WHERE ps.{live} GROUP BY s.code ORDER BY s.code"
        )
    ]
    return collections, categories, tags, stocks


def _months_of(days: list[FacetEntry]) -> list[FacetEntry]:
    """The months from the days (newest first, as the days are): one pass over the posts, not two."""
    month_counts: dict[str, int] = {}
    for day in days:
        month_counts[day.key[:7]] = month_counts.get(day.key[:7], 0) + day.count
    return [FacetEntry(month, month, n) for month, n in month_counts.items()]
