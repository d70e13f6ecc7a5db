"""What an import writes: its archives, the posts already there, and its batches of posts.

The import's hot path: a batch of new, changed and restored posts is written in
a few `executemany` statements over the raw connection (not the models), inside
the transaction `Library.write_import_batch` holds.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from finews_desktop.core.store.models import Archive
from finews_desktop.core.store.name_ids import NameIds
from finews_desktop.core.store.prepared_rows import POST_COLUMNS, LinkIds, post_values, write_links

if TYPE_CHECKING:
    from finews_desktop.core.content.postrow import PreparedPost


@dataclass
class _Known:
    id: int
    hash: str
    copy: int
    edited: bool
    trashed: bool


@dataclass
class ArchiveState:
    """What an import needs to know about the posts already in one archive."""

    posts: dict[str, list[_Known]] = field(default_factory=dict)
    tombstones: set[tuple[str, str]] = field(default_factory=set)

    def hashes_for(self, path: str) -> tuple[str, ...]:
        known = self.posts.get(path)
        return tuple(k.hash for k in known) if known else ()

    def find(self, path: str, digest: str) -> _Known | None:
        return next((k for k in self.posts.get(path, ()) if k.hash == digest), None)

    def current(self, path: str) -> _Known | None:
        """The post a changed file updates: the original (copy 0) if it is still there."""
        if path not in self.posts:
            return None  # (a new file: most of a first import)
        known = [k for k in self.posts[path] if not k.trashed and k.id > 0]
        return min(known, key=lambda k: k.copy) if known else None

    def next_copy(self, path: str) -> int:
        return max((k.copy for k in self.posts.get(path, ())), default=-1) + 1

    def remember(self, path: str, digest: str, copy: int) -> None:
        self.posts.setdefault(path, []).append(_Known(-1, digest, copy, False, False))

    def is_tombstoned(self, path: str, digest: str) -> bool:
        return (path, digest) in self.tombstones


def archive_state(db: Any, archive_id: int) -> ArchiveState:
    state = ArchiveState()
    cur = db.execute_sql(
        "SELECT id, path, content_hash, copy, edited, trashed_at FROM post WHERE archive_id = ?", (archive_id,)
    )
    for pid, path, digest, copy, edited, trashed in cur:
        state.posts.setdefault(path, []).append(_Known(pid, digest, copy, bool(edited), trashed is not None))
    cur = db.execute_sql("SELECT path, content_hash FROM tombstone WHERE archive_id = ?", (archive_id,))
    state.tombstones = {(p, h) for p, h in cur}
    return state


def ensure_archive(root: str, name: str, tz_name: str, permalink: Any, config: bytes | None) -> int:
    """The archive's id, made or brought up to date with its site's timezone, permalink and config."""
    row = Archive.get_or_none(Archive.root == root)
    perm = None if permalink is None else str(permalink)
    if row is None:
        return Archive.insert(
            root=root, name=name, timezone=tz_name, permalink=perm, config=config, created_at=int(time.time())
        ).execute()
    if (row.timezone, row.permalink, bytes(row.config) if row.config is not None else None) != (
        tz_name,
        perm,
        config,
    ):
        Archive.update(timezone=tz_name, permalink=perm, config=config).where(Archive.id == row.id).execute()
    return row.id


def set_missing_category_names(db: Any, names: dict[str, str]) -> None:
    """Display names from the site's category pages, never over a name the user set."""
    with db.atomic():
        for slug, title in names.items():
            db.execute_sql("INSERT OR IGNORE INTO category (slug, display_name) VALUES (?, ?)", (slug, title))
            db.execute_sql(
                "UPDATE category SET display_name = ? WHERE slug = ? AND display_name IS NULL", (title, slug)
            )


def write_batch(
    conn: Any,
    inserts: Sequence[tuple[int, PreparedPost, int]],
    updates: Sequence[tuple[int, PreparedPost]],
    restores: Sequence[int],
    run_id: int | None,
    now: int,
    ids_for: NameIds,
) -> list[int]:
    """One batch inside the caller's transaction; returns the ids of new, changed and restored posts."""
    links = _batch_link_ids(conn, [p for _a, p, _c in inserts] + [p for _i, p in updates], ids_for)
    new_ids = _insert_posts(conn, inserts, run_id, now, links)
    changed = [pid for pid, _p in updates]
    if updates:
        _reimport_posts(conn, updates, run_id, now, links)
    if restores:
        conn.executemany(
            "UPDATE post SET trashed_at = NULL, updated_at = ? WHERE id = ?", [(now, pid) for pid in restores]
        )
    return new_ids + changed + list(restores)


def _batch_link_ids(conn: Any, posts: list[PreparedPost], ids_for: NameIds) -> LinkIds:
    """The ids of the categories, tags and stocks these posts name (new ones made, in the
    order the posts name them); stocks get the names the posts give them where they have none."""
    cats = ids_for("category", (c for p in posts for c in p.categories))
    tags = ids_for("tag", [t for p in posts for t in p.tags])
    stocks = ids_for("stock", [(m, c) for p in posts for m, c, _n in p.stocks])
    names = {(m, c): n for p in posts for m, c, n in p.stocks if n}
    if names:
        conn.executemany(
            "UPDATE stock SET name = ? WHERE market = ? AND code = ? AND name IS NULL",
            [(n, m, c) for (m, c), n in names.items()],
        )
    return cats, tags, stocks


def _insert_posts(
    conn: Any,
    inserts: Sequence[tuple[int, PreparedPost, int]],
    run_id: int | None,
    now: int,
    links: LinkIds,
) -> list[int]:
    """New posts (archive id, post, copy number) with their content and links; returns their ids."""
    first_id = (conn.execute("SELECT COALESCE(MAX(id), 0) FROM post").fetchone()[0]) + 1
    new_ids = list(range(first_id, first_id + len(inserts)))
    placeholders = ", ".join("?" * 26)
    conn.executemany(
        f"INSERT INTO post (id, {POST_COLUMNS}) VALUES ({placeholders})",
        [
            (pid, archive_id, p.site_path, copy, *post_values(p), False, None, now, now, run_id)
            for pid, (archive_id, p, copy) in zip(new_ids, inserts, strict=False)
        ],
    )
    conn.executemany(
        "INSERT INTO post_content (post_id, raw, plain_text) VALUES (?, ?, ?)",
        [(pid, p.raw, p.plain_text) for pid, (_a, p, _c) in zip(new_ids, inserts, strict=False)],
    )
    write_links(conn, [(pid, p) for pid, (_a, p, _c) in zip(new_ids, inserts, strict=False)], *links)
    return new_ids


def _reimport_posts(
    conn: Any, updates: Sequence[tuple[int, PreparedPost]], run_id: int | None, now: int, links: LinkIds
) -> None:
    """Posts whose file changed since they were imported: the old bytes kept as a version,
    the row, content and links replaced (an edit is undone by the new bytes)."""
    changed = [pid for pid, _p in updates]
    conn.executemany(
        "INSERT INTO post_version (post_id, raw, content_hash, replaced_at, reason) "
        "SELECT post_id, raw, (SELECT content_hash FROM post WHERE id = post_id), ?, 'reimport' "
        "FROM post_content WHERE post_id = ?",
        [(now, pid) for pid in changed],
    )
    conn.executemany(
        "UPDATE post SET title=?, date=?, date_text=?, slug=?, url=?, layout=?, builds=?, skip_reason=?, "
        "warning_count=?, warnings=?, jekyll=?, content_hash=?, size=?, encoding=?, source_url=?, "
        "news_id=?, source_name=?, edited=0, updated_at=?, import_run_id=? WHERE id=?",
        [(*post_values(p), now, run_id, pid) for pid, p in updates],
    )
    conn.executemany(
        "UPDATE post_content SET raw=?, plain_text=? WHERE post_id=?",
        [(p.raw, p.plain_text, pid) for pid, p in updates],
    )
    for table in ("post_category", "post_tag", "post_stock"):
        conn.executemany(f"DELETE FROM {table} WHERE post_id = ?", [(pid,) for pid in changed])
    write_links(conn, list(updates), *links)
