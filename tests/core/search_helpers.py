"""Helpers for the search tests: posts written straight through the library's batch writer."""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from finews_desktop.core.content.newsitem import post_text, post_text_columns
from finews_desktop.core.content.postrow import PreparedPost, content_hash
from finews_desktop.core.store.library import Library

TZ = ZoneInfo("Asia/Shanghai")


def brute_fold(text: str) -> str:
    """The search's folding, written out again: NFKC, then lower case."""
    return unicodedata.normalize("NFKC", text).lower()


@dataclass
class Spec:
    title: str
    body: str
    tags: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    stocks: list[tuple[str, str, str | None]] = field(default_factory=list)
    when: datetime | None = datetime(2022, 5, 20, 12, 0, tzinfo=TZ)
    source_url: str | None = None
    path: str = ""


def prepared(spec: Spec, n: int) -> PreparedPost:
    raw = f"---\ntitle: {spec.title!r}\n---\n{spec.body}\n#{n}".encode()
    when = spec.when
    return PreparedPost(
        site_root="test://site",
        site_path=spec.path or f"_posts/2022-05-20-post-{n}.md",
        shown_path=spec.path or f"_posts/2022-05-20-post-{n}.md",
        raw=raw,
        content_hash=content_hash(raw),
        title=spec.title,
        date=int(when.timestamp()) if when else None,
        date_text=when.strftime("%Y-%m-%d %H:%M:%S %z") if when else None,
        slug=f"post-{n}",
        url=f"/post-{n}.html",
        layout="post",
        builds=True,
        skip_reason=None,
        warnings=[],
        jekyll_json=json.dumps(
            {"title": spec.title, "categories": spec.categories, "tags": spec.tags, "slug": f"post-{n}"},
            ensure_ascii=False,
        ),
        categories=spec.categories,
        tags=spec.tags,
        stocks=spec.stocks,
        plain_text=spec.body,
        source_url=spec.source_url,
        news_id=None,
        encoding="utf-8",
    )


def add_posts(lib: Library, specs: list[Spec], start: int = 0) -> list[int]:
    archive = lib.ensure_archive("test://site", "test", "Asia/Shanghai", None, None)
    return lib.write_import_batch([(archive, prepared(s, start + i), 0) for i, s in enumerate(specs)], [], [], None)


def update_posts(lib: Library, changes: dict[int, Spec]) -> None:
    lib.write_import_batch([], [(pid, prepared(s, 10_000 + pid)) for pid, s in changes.items()], [], None)


def run_sql(lib: Library, sql: str, params: tuple = (), changed: list[int] | None = None) -> None:
    """A change the library does not have a method for (yet), queued like every post change."""
    with lib.db.atomic():
        lib.db.execute_sql(sql, params)
        if changed:
            lib._after_posts_changed(lib.db.connection(), changed)


def brute_text(lib: Library, term: str, include_trashed: bool = False) -> set[int]:
    """Posts whose title or plain text holds term, by a plain scan of the library."""
    needle = brute_fold(term)
    rows = lib.db.execute_sql(
        f"SELECT p.id, p.title, {post_text_columns('c')}, p.trashed_at FROM post p "
        "JOIN post_content c ON c.post_id = p.id"
    )
    return {
        pid
        for pid, title, text, raw, trashed in rows
        if (include_trashed or trashed is None)
        and (needle in brute_fold(title) or needle in brute_fold(post_text(text, raw)))
    }
