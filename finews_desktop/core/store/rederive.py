"""An archive's settings changed: its posts read again from their bytes, without a re-import.

The site's `_config.yml` and zone decide each post's date, URL, slug, whether it
builds and the categories and tags defaults give it (core/jekyll/archive_rules.py).
When they change (the user sets the archive's zone or edits its settings, or an
import brings a changed `_config.yml`), every post of the archive is parsed again
from its current bytes (a pending tag/category rewrite applied) and the rows whose
derived columns or links differ are written. The bytes, their versions, the edited
flag and the search text stay as they are: the settings change how a post is read,
never what it is.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any

from finews_desktop.core.jekyll.archive_rules import archive_rules, archive_settings
from finews_desktop.core.store import pending as _pending
from finews_desktop.core.store.name_ids import NameIds
from finews_desktop.core.store.prepared_rows import post_values, write_links

CHUNK = 500
# the post columns a site's settings can change, in the UPDATE's order
_DERIVED = (
    "title",
    "date",
    "date_text",
    "slug",
    "url",
    "layout",
    "builds",
    "skip_reason",
    "warning_count",
    "warnings",
    "jekyll",
    "source_url",
    "news_id",
    "source_name",
)


def archive_settings_row(conn: Any, archive_id: int) -> tuple[str, str, str | None, bytes | None] | None:
    """(root, timezone, permalink, _config.yml bytes) of an archive, None when there is none."""
    row = conn.execute("SELECT root, timezone, permalink, config FROM archive WHERE id = ?", (archive_id,)).fetchone()
    if row is None:
        return None
    return row[0], row[1], row[2], bytes(row[3]) if row[3] is not None else None


def set_archive_settings(conn: Any, archive_id: int, tz_name: str, config: bytes | None) -> None:
    conn.execute("UPDATE archive SET timezone = ?, config = ? WHERE id = ?", (tz_name, config, archive_id))


def rederive_archive(
    conn: Any, archive_id: int, now: int, ids_for: NameIds, progress: Callable[[int, int], None] | None = None
) -> list[int]:
    """Read the archive's posts again by its current settings; returns the ids of the posts that changed."""
    from finews_desktop.core.content.postrow import SourceFile, prepare_post, stored_file_time  # as edits load them

    settings = archive_settings_row(conn, archive_id)
    if settings is None:
        return []
    root, tz_name, permalink, config = settings
    tz, rules = archive_rules(tz_name, permalink, config)
    build_time = datetime.fromtimestamp(now, tz)
    total = conn.execute("SELECT COUNT(*) FROM post WHERE archive_id = ?", (archive_id,)).fetchone()[0]
    changed: list[int] = []
    done = 0
    for chunk in _chunks(conn, archive_id):
        old = {row[0]: row for row in chunk}
        names = _pending.linked_names(conn, list(old))
        updates = []
        for pid, raw in _pending.current_raws(conn, ((row[0], bytes(row[2])) for row in chunk)):
            path, stored_date = old[pid][1], old[pid][4]
            source = SourceFile(root, path, path, file_time=stored_file_time(path, stored_date))  # a draft's mtime
            prepared = prepare_post(raw, source, tz, build_time, rules)
            values = _derived_values(prepared)
            if values != tuple(old[pid][3:]) or (prepared.tags, prepared.categories) != names[pid]:
                updates.append((pid, prepared, values))
        if updates:
            _write(conn, updates, ids_for)
            changed.extend(pid for pid, _p, _v in updates)
        done += len(chunk)
        if progress is not None:
            progress(done, total)
    return changed


def limit_archive_posts(conn: Any, archive_id: int) -> list[int]:
    """The archive's own `limit_posts` (from its kept `_config.yml`) applied over all its posts."""
    row = archive_settings_row(conn, archive_id)
    if row is None:
        return []
    limit = archive_settings(row[3], row[1]).limit_posts if row[3] else 0
    return apply_limit_posts(conn, archive_id, limit)


def apply_limit_posts(conn: Any, archive_id: int, limit: int) -> list[int]:
    """`limit_posts: N`: Jekyll builds only the last N of the posts it would build, in its order (date,
    then path: site.rb's limit_posts!); the others are marked not built (skip reason 'limit_posts').
    Run over the whole archive after an import or a re-read, since each new post moves the line.
    Returns the posts whose build decision changed."""
    freed = [
        r[0]
        for r in conn.execute(
            "SELECT id FROM post WHERE archive_id = ? AND skip_reason = 'limit_posts'", (archive_id,)
        ).fetchall()
    ]
    conn.execute(
        "UPDATE post SET builds = 1, skip_reason = NULL WHERE archive_id = ? AND skip_reason = 'limit_posts'",
        (archive_id,),
    )
    limited: list[int] = []
    if limit > 0:
        limited = [
            r[0]
            for r in conn.execute(
                "SELECT id FROM post WHERE archive_id = ? AND builds = 1 AND trashed_at IS NULL "
                "ORDER BY date DESC, path DESC LIMIT -1 OFFSET ?",
                (archive_id, limit),
            ).fetchall()
        ]
        conn.executemany(
            "UPDATE post SET builds = 0, skip_reason = 'limit_posts' WHERE id = ?", [(pid,) for pid in limited]
        )
    return sorted(set(freed) ^ set(limited))


def _chunks(conn: Any, archive_id: int) -> Iterator[list[tuple[Any, ...]]]:
    last = 0
    columns = ", ".join(f"p.{c}" for c in _DERIVED)
    while True:
        rows = conn.execute(
            f"SELECT p.id, p.path, c.raw, {columns} FROM post p JOIN post_content c ON c.post_id = p.id "
            "WHERE p.archive_id = ? AND p.id > ? ORDER BY p.id LIMIT ?",
            (archive_id, last, CHUNK),
        ).fetchall()
        if not rows:
            return
        last = rows[-1][0]
        yield rows


def _derived_values(p: Any) -> tuple[Any, ...]:  # a PreparedPost
    """The columns of _DERIVED as the import writes them: post_values without the bytes' own (hash, size,
    encoding), which a re-read does not change."""
    values = post_values(p)
    return (*values[:11], *values[14:])


def _write(conn: Any, updates: list[tuple[int, Any, tuple[Any, ...]]], ids_for: NameIds) -> None:
    assignments = ", ".join(f"{c} = ?" for c in _DERIVED)
    conn.executemany(f"UPDATE post SET {assignments} WHERE id = ?", [(*values, pid) for pid, _p, values in updates])
    ids = [(pid,) for pid, _p, _v in updates]
    for table in ("post_category", "post_tag", "post_stock"):
        conn.executemany(f"DELETE FROM {table} WHERE post_id = ?", ids)
    posts = [(pid, p) for pid, p, _v in updates]
    cats = ids_for("category", [c for _pid, p in posts for c in p.categories])
    tags = ids_for("tag", [t for _pid, p in posts for t in p.tags])
    stocks = ids_for("stock", [(m, c) for _pid, p in posts for m, c, _n in p.stocks])
    write_links(conn, posts, cats, tags, stocks)
