"""Reading posts: the command line's records (the `--json` shape), the post list's rows, bytes, text, counts.

A page of posts is read in a few queries per 500 ids (never one per post); every
function reads on the connection it is given, inside the caller's transaction if any.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from finews_desktop.core.content.newsitem import post_text, post_text_columns
from finews_desktop.core.errors import KnownError
from finews_desktop.core.store import pending as _pending
from finews_desktop.core.store.models import Archive, Post
from finews_desktop.core.store.sql import in_chunks


@dataclass(frozen=True, slots=True)
class PostRow:
    """One line of the post list: what its columns show."""

    id: int
    date: str  # 'YYYY-MM-DD HH:MM' in the archive's timezone, '' when the post has none
    title: str
    name: str  # the file name, shown when the title is empty
    source: str  # the source name (the first tag, what search sorts by), else the first category's name or slug
    tags: tuple[str, ...]
    stocks: tuple[tuple[str, str | None], ...]  # (code, name)
    warning_count: int
    warnings: tuple[dict[str, Any], ...]  # as stored: {code, message, args}; the window words them
    trashed: bool
    read: bool = True  # has a post_read row (schema v9): the list shows unread posts bold
    noted: bool = False  # has a note (post_note)


# --- records (the command line) ---------------------------------------------------


def post_records(db: Any, ids: Sequence[int]) -> list[dict[str, Any]]:
    """Full records (the `--json` shape) for these ids, in the same order."""
    out: dict[int, dict[str, Any]] = {}
    for chunk, marks in in_chunks(ids):
        rows = db.execute_sql(
            f"SELECT p.id, p.path, p.copy, p.title, p.date_text, p.url, p.builds, p.skip_reason, p.warnings, "
            f"p.jekyll, p.source_url, p.news_id, p.edited, p.trashed_at, p.layout, a.root, a.timezone, p.content_hash "
            f"FROM post p JOIN archive a ON a.id = p.archive_id WHERE p.id IN ({marks})",
            chunk,
        )
        out.update((row[0], _post_record(row)) for row in rows)
        rows = db.execute_sql(
            f"SELECT ps.post_id, s.market, s.code, s.name FROM post_stock ps JOIN stock s ON s.id = ps.stock_id "
            f"WHERE ps.post_id IN ({marks}) ORDER BY ps.post_id, ps.position",
            chunk,
        )
        for pid, market, code, name in rows:
            out[pid]["stocks"].append({"market": market, "code": code, "name": name})
    return [out[i] for i in ids if i in out]


def _post_record(row: tuple[Any, ...]) -> dict[str, Any]:
    """A post's record (the `--json` shape, stocks still empty) from its row in post_records."""
    (pid, path, copy, title, date_text, url, builds, skip, warnings, jek, src, news_id, edited, trashed, layout,
     root, tz, digest) = row  # fmt: skip
    typed = json.loads(jek)
    return {
        "id": pid,
        "path": path,
        "copy": copy,
        "archive": root,
        "timezone": tz,
        "title": typed.get("title"),
        "title_text": title,
        "date": date_text,
        "categories": typed.get("categories"),
        "tags": typed.get("tags"),
        "slug": typed.get("slug"),
        "ext": typed.get("ext"),
        "url": url,
        "published": typed.get("published"),
        "layout": layout,
        "builds": bool(builds),
        "skip_reason": skip,
        "warnings": json.loads(warnings) if warnings else [],
        "stocks": [],
        "source_url": src,
        "news_id": news_id,
        "edited": bool(edited),
        "trashed": trashed is not None,
        "content_hash": digest,
    }


# --- rows (the window's post list) -------------------------------------------------


def post_rows(db: Any, ids: Sequence[int]) -> list[PostRow]:
    """The list's columns for these ids, in the same order (missing ids left out)."""
    rows: dict[int, tuple[Any, ...]] = {}
    tags: dict[int, list[str]] = {}
    stocks: dict[int, list[tuple[str, str | None]]] = {}
    for chunk, marks in in_chunks(ids):
        for row in db.execute_sql(
            "SELECT p.id, p.date_text, p.title, p.path, p.source_name, p.warning_count, p.warnings, p.trashed_at, "
            "(SELECT c.display_name FROM post_category pc JOIN category c ON c.id = pc.category_id "
            " WHERE pc.post_id = p.id ORDER BY pc.position LIMIT 1), "
            "(SELECT c.slug FROM post_category pc JOIN category c ON c.id = pc.category_id "
            " WHERE pc.post_id = p.id ORDER BY pc.position LIMIT 1), "
            "EXISTS (SELECT 1 FROM post_read r WHERE r.post_id = p.id), "
            "EXISTS (SELECT 1 FROM post_note n WHERE n.post_id = p.id) "
            f"FROM post p WHERE p.id IN ({marks})",
            chunk,
        ):
            rows[row[0]] = row
        for pid, name in db.execute_sql(
            f"SELECT pt.post_id, t.name FROM post_tag pt JOIN tag t ON t.id = pt.tag_id "
            f"WHERE pt.post_id IN ({marks}) ORDER BY pt.post_id, pt.position",
            chunk,
        ):
            tags.setdefault(pid, []).append(name)
        for pid, code, name in db.execute_sql(
            f"SELECT ps.post_id, s.code, s.name FROM post_stock ps JOIN stock s ON s.id = ps.stock_id "
            f"WHERE ps.post_id IN ({marks}) ORDER BY ps.post_id, ps.position",
            chunk,
        ):
            stocks.setdefault(pid, []).append((code, name))
    return [_post_row(row, tags.get(pid, ()), stocks.get(pid, ())) for pid in ids if (row := rows.get(pid)) is not None]


def _post_row(row: tuple[Any, ...], tags: Iterable[str], stocks: Iterable[tuple[str, str | None]]) -> PostRow:
    """A line of the post list from its row in post_rows and its tags and stocks in order."""
    pid, date_text, title, path, source_name, wcount, warnings, trashed, cat, slug, read, noted = row
    stored = tuple(json.loads(warnings)) if warnings else ()
    return PostRow(
        id=pid,
        date=(date_text or "")[:16],
        title=title,
        name=path.rsplit("/", 1)[-1],
        source=source_name or cat or slug or "",
        tags=tuple(tags),
        stocks=tuple(stocks),
        warning_count=wcount,
        warnings=stored,
        trashed=trashed is not None,
        read=bool(read),
        noted=bool(noted),
    )


# --- one post's bytes and text ------------------------------------------------------


def post_raw(db: Any, post_id: int) -> bytes:
    """The post's current bytes (a post with pending tag/category lines gets them written: core/store/pending.py)."""
    row = db.execute_sql("SELECT raw FROM post_content WHERE post_id = ?", (post_id,)).fetchone()
    if row is None:
        raise KnownError(f"There is no post with id {post_id}.")
    return bytes(next(_pending.current_raws(db.connection(), [(post_id, bytes(row[0]))]))[1])


def post_plain_text(db: Any, post_id: int) -> str:
    row = db.execute_sql(f"SELECT {post_text_columns()} FROM post_content WHERE post_id = ?", (post_id,)).fetchone()
    return post_text(*row) if row else ""


def post_exists(post_id: int) -> bool:
    return Post.select().where(Post.id == post_id).exists()


# --- counts -------------------------------------------------------------------------


def count_posts(db: Any, include_trashed: bool = False) -> int:
    sql = "SELECT COUNT(*) FROM post" + ("" if include_trashed else " WHERE trashed_at IS NULL")
    return db.execute_sql(sql).fetchone()[0]


def stats(db: Any, folder: Path) -> dict[str, Any]:
    """`finews stats`: the library's counts and the dates of its first and last posts."""
    q = db.execute_sql
    return {
        "library": str(folder),
        "posts": q("SELECT COUNT(*) FROM post WHERE trashed_at IS NULL").fetchone()[0],
        "trashed": q("SELECT COUNT(*) FROM post WHERE trashed_at IS NOT NULL").fetchone()[0],
        "not_built_by_jekyll": q("SELECT COUNT(*) FROM post WHERE NOT builds AND trashed_at IS NULL").fetchone()[0],
        "with_warnings": q("SELECT COUNT(*) FROM post WHERE warning_count > 0 AND trashed_at IS NULL").fetchone()[0],
        "edited": q("SELECT COUNT(*) FROM post WHERE edited AND trashed_at IS NULL").fetchone()[0],
        "archives": q("SELECT COUNT(*) FROM archive").fetchone()[0],
        "categories": q("SELECT COUNT(*) FROM category").fetchone()[0],
        "tags": q("SELECT COUNT(*) FROM tag").fetchone()[0],
        "stocks": q("SELECT COUNT(*) FROM stock").fetchone()[0],
        "collections": q("SELECT COUNT(*) FROM collection").fetchone()[0],
        "first_date": _date_or_none(q("SELECT MIN(date) FROM post WHERE trashed_at IS NULL").fetchone()[0]),
        "last_date": _date_or_none(q("SELECT MAX(date) FROM post WHERE trashed_at IS NULL").fetchone()[0]),
    }


def _date_or_none(ts: int | None) -> str | None:
    return None if ts is None else datetime.fromtimestamp(ts).astimezone().isoformat(timespec="seconds")


def archives() -> list[Archive]:
    return list(Archive.select().order_by(Archive.id))
