"""What the library keeps of the daily loop's watching (migration v9): watched folders, watch queries, their new posts.

A watched folder is a path imported again as its post files change (core/watching/);
its row names the last import run, whose counts the sidebar shows. A watch query is a
saved search, by name (so saving it again keeps its watch), marked "watch" and/or with
rules (a tag, a collection) that every import batch applies to the posts it matches;
`watch_hit` holds the posts it matched since it was last opened: its badge, and what the
list highlights when it is opened.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class WatchedFolder:
    """A watched folder and what its last import did (None before the first one)."""

    path: str
    added_at: int
    last_started: int | None = None
    last_finished: int | None = None
    last_status: str | None = None
    last_counts: dict[str, int] | None = None
    removed: int = 0  # post files gone from the folder at its last import: their posts stay (as a re-import keeps them)


@dataclass(frozen=True)
class WatchQuery:
    """A saved search with its watch flag, its rules and how many posts it matched since it was opened."""

    name: str
    query: str
    watch: bool = False
    add_tag: str | None = None
    add_collection: str | None = None
    new: int = 0

    @property
    def has_rules(self) -> bool:
        return bool(self.add_tag or self.add_collection)


def create_tables(db: Any) -> None:
    """The tables of migration v9 (empty)."""
    db.execute_sql(
        "CREATE TABLE IF NOT EXISTS watch_folder (path TEXT PRIMARY KEY, added_at INTEGER NOT NULL, "
        "last_run_id INTEGER REFERENCES import_run (id) ON DELETE SET NULL, removed INTEGER NOT NULL DEFAULT 0)"
    )
    db.execute_sql(
        "CREATE TABLE IF NOT EXISTS watch_query (name TEXT PRIMARY KEY, watch INTEGER NOT NULL DEFAULT 0, "
        "add_tag TEXT, add_collection TEXT, opened_at INTEGER)"
    )
    db.execute_sql(
        "CREATE TABLE IF NOT EXISTS watch_hit (name TEXT NOT NULL, "
        "post_id INTEGER NOT NULL REFERENCES post (id) ON DELETE CASCADE, PRIMARY KEY (name, post_id)) WITHOUT ROWID"
    )
    db.execute_sql("CREATE INDEX IF NOT EXISTS watch_hit_post_id ON watch_hit (post_id)")


# --- watched folders ---------------------------------------------------------------------


def add_folder(db: Any, path: str, now: int) -> bool:
    """Watch a folder; False when it was watched already."""
    with db.atomic():
        cur = db.execute_sql("INSERT OR IGNORE INTO watch_folder (path, added_at) VALUES (?, ?)", (path, now))
        return bool(cur.rowcount)


def remove_folder(db: Any, path: str) -> bool:
    """Stop watching a folder (its posts stay); False when it was not watched."""
    with db.atomic():
        return bool(db.execute_sql("DELETE FROM watch_folder WHERE path = ?", (path,)).rowcount)


def folders(db: Any) -> list[WatchedFolder]:
    """Every watched folder with its last import run, by path."""
    out = []
    for path, added, removed, started, finished, status, summary in db.execute_sql(
        "SELECT w.path, w.added_at, w.removed, r.started_at, r.finished_at, r.status, r.summary "
        "FROM watch_folder w LEFT JOIN import_run r ON r.id = w.last_run_id ORDER BY w.path"
    ):
        counts = json.loads(summary) if summary else None
        out.append(WatchedFolder(path, added, started, finished, status, counts, removed))
    return out


def record_folder_run(db: Any, path: str, run_id: int | None, removed: int) -> None:
    """The import run that last read this folder, and how many of its post files were gone."""
    with db.atomic():
        db.execute_sql("UPDATE watch_folder SET last_run_id = ?, removed = ? WHERE path = ?", (run_id, removed, path))


def add_removed(db: Any, path: str, removed: int) -> None:
    """More post files gone from a watched folder since its last import (their posts stay)."""
    with db.atomic():
        db.execute_sql("UPDATE watch_folder SET removed = removed + ? WHERE path = ?", (removed, path))


# --- watch queries ---------------------------------------------------------------------


def watch_queries(db: Any) -> list[WatchQuery]:
    """Saved searches with their watch settings and new-post counts (trashed posts not counted), by name."""
    rows = db.execute_sql(
        "SELECT s.name, s.query, COALESCE(w.watch, 0), w.add_tag, w.add_collection, "
        "(SELECT COUNT(*) FROM watch_hit h JOIN post p ON p.id = h.post_id "
        " WHERE h.name = s.name AND p.trashed_at IS NULL) "
        "FROM saved_search s LEFT JOIN watch_query w ON w.name = s.name ORDER BY s.name"
    )
    return [WatchQuery(n, q, bool(w), t, c, int(k)) for n, q, w, t, c, k in rows]


def active_queries(db: Any) -> list[WatchQuery]:
    """The saved searches watched or with a rule (what an import batch evaluates), without their counts."""
    rows = db.execute_sql(
        "SELECT s.name, s.query, w.watch, w.add_tag, w.add_collection FROM watch_query w "
        "JOIN saved_search s ON s.name = w.name "
        "WHERE w.watch = 1 OR w.add_tag IS NOT NULL OR w.add_collection IS NOT NULL ORDER BY s.name"
    )
    return [WatchQuery(n, q, bool(w), t, c) for n, q, w, t, c in rows]


def has_active_queries(db: Any) -> bool:
    """Whether any saved search is watched or has a rule (an import batch need not evaluate anything otherwise)."""
    row = db.execute_sql(
        "SELECT 1 FROM watch_query w JOIN saved_search s ON s.name = w.name "
        "WHERE w.watch = 1 OR w.add_tag IS NOT NULL OR w.add_collection IS NOT NULL LIMIT 1"
    ).fetchone()
    return row is not None


def set_watch(db: Any, name: str, watch: bool, add_tag: str | None, add_collection: str | None) -> None:
    """A saved search's watch flag and rules (None: no such rule). Turning the watch off forgets its new posts."""
    with db.atomic():
        db.execute_sql(
            "INSERT INTO watch_query (name, watch, add_tag, add_collection) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (name) DO UPDATE SET watch = excluded.watch, add_tag = excluded.add_tag, "
            "add_collection = excluded.add_collection",
            (name, int(watch), add_tag or None, add_collection or None),
        )
        if not watch:
            db.execute_sql("DELETE FROM watch_hit WHERE name = ?", (name,))


def add_hits(conn: Any, hits: Iterable[tuple[str, int]]) -> None:
    """(watch query, post) pairs an import batch matched, in its transaction (`conn`)."""
    by_name: dict[str, list[int]] = {}
    for name, post_id in hits:
        by_name.setdefault(name, []).append(post_id)
    add_query_hits(conn, by_name)


def add_query_hits(conn: Any, hits: dict[str, list[int]]) -> None:
    """Each watch query's posts an import batch matched (ascending ids: appended to its key range), one statement
    per query: a batch's tens of thousands of pairs are not bound one by one (~40% of executemany's time)."""
    for name, post_ids in hits.items():
        if post_ids:
            conn.execute(
                "INSERT OR IGNORE INTO watch_hit (name, post_id) SELECT ?, value FROM json_each(?)",
                (name, "[" + ",".join(map(str, post_ids)) + "]"),
            )


def new_post_ids(db: Any, name: str) -> list[int]:
    """The posts a watch query matched since it was last opened (trashed ones left out)."""
    cur = db.execute_sql(
        "SELECT h.post_id FROM watch_hit h JOIN post p ON p.id = h.post_id "
        "WHERE h.name = ? AND p.trashed_at IS NULL ORDER BY h.post_id",
        (name,),
    )
    return [r[0] for r in cur]


def mark_opened(db: Any, name: str, now: int) -> list[int]:
    """Open a watch query: its new posts (returned, for the list to highlight) are new no longer."""
    with db.atomic():
        ids = new_post_ids(db, name)
        db.execute_sql("DELETE FROM watch_hit WHERE name = ?", (name,))
        db.execute_sql("UPDATE watch_query SET opened_at = ? WHERE name = ?", (now, name))
    return ids


def archive_post_paths(db: Any, root: str) -> list[str]:
    """The site paths of the (untrashed) posts imported from the archive at `root`."""
    cur = db.execute_sql(
        "SELECT p.path FROM post p JOIN archive a ON a.id = p.archive_id "
        "WHERE a.root = ? AND p.copy = 0 AND p.trashed_at IS NULL",
        (root,),
    )
    return [r[0] for r in cur]
