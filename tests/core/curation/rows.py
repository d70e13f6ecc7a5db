"""Helpers of the curation tests: a small library, and every row a curation step may touch."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from finews_desktop.core.importing.importer import import_paths
from finews_desktop.core.store.curation_rows import CurationReads, CurationWrites
from finews_desktop.core.store.library import Library
from tests.core.sites import write_site

POSTS = {
    **{
        f"_posts/2022-05-{d:02d}-a{d}.md": f'---\nlayout: post\ntitle: "A {d}"\ndate: 2022-05-{d:02d} 10:00:00 +0800\n'
        f"categories: emnews\ntags: 东财滚动新闻\n---\nbody {d}\n"
        for d in range(1, 5)
    },
    "_posts/2022-06-01-b.md": "---\ntitle: B\ntags: [东财滚动新闻, 财经]\ncategories: [emnews, markets]\n---\nb\n",
    "_posts/2022-06-04-e.md": "---\r\ntitle: E\r\ntags: 站长消息\r\ncategories: sitenews\r\n---\r\ne\r\n",
    # an own permalink: a category change goes one by one
    "_posts/2022-06-05-f.md": "---\ntitle: F\ncategories: emnews\ntags: 东财滚动新闻\npermalink: /emnews-f.html\n---\nf\n",
}


def open_library(tmp_path: Path) -> Library:
    library = Library.open(tmp_path / "lib")
    report = import_paths(library, [write_site(tmp_path / "site", POSTS)])
    assert not report.errors
    return library


def every_row(lib: Library) -> dict[str, Any]:
    """Every row curation may touch (names instead of ids, no updated_at) and every post's current bytes."""
    q = lib.db.execute_sql
    cols = [r[1] for r in q("PRAGMA table_info(post)") if r[1] != "updated_at"]
    return {
        "post": sorted(q(f"SELECT {', '.join(cols)} FROM post").fetchall()),
        "tags": sorted(q("SELECT pt.post_id, pt.position, t.name FROM post_tag pt JOIN tag t ON t.id = pt.tag_id")),
        "categories": sorted(
            q("SELECT pc.post_id, pc.position, c.slug FROM post_category pc JOIN category c ON c.id = pc.category_id")
        ),
        "names": sorted(q("SELECT name FROM tag")) + sorted(q("SELECT slug, COALESCE(display_name, '') FROM category")),
        "pending": sorted(q("SELECT post_id, mask FROM post_pending")),
        "collections": sorted(
            q(
                "SELECT c.name, c.created_at, cp.post_id, cp.added_at FROM collection c "
                "LEFT JOIN collection_post cp ON cp.collection_id = c.id"
            ),
            key=repr,
        ),
        "searches": sorted(q("SELECT name, query FROM saved_search")),
        "tombstones": sorted(q("SELECT archive_id, path, content_hash FROM tombstone")),
        "current": {pid: lib.post_raw(pid) for pid in lib.post_ids(include_trashed=True)},
    }


@contextmanager
def writing(lib: Library) -> Iterator[CurationWrites]:
    """One curation transaction, as the Curator runs its steps in."""
    with CurationReads(lib).transaction() as rows:
        yield rows


def by_title(lib: Library, title: str) -> int:
    return lib.db.execute_sql("SELECT id FROM post WHERE title = ?", (title,)).fetchone()[0]
