"""Curation's rows: every statement tags, categories, collections, saved searches and the trash need.

Curation (core/curation/) holds the rules and the undo; this module holds its
SQL, so that it is the one place (with relinks.py, the set-based tag and
category statements) where curation meets the library's tables and the
`Library`'s internals. `CurationReads` reads over an open library;
`CurationReads.transaction()` gives a `CurationWrites`, which changes rows in
one IMMEDIATE transaction and queues the posts it touched for the search index
when it commits.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from finews_desktop.core.errors import KnownError
from finews_desktop.core.store import rederive as _rederive
from finews_desktop.core.store import relinks as _relinks
from finews_desktop.core.store.relinks import Relink, name_table
from finews_desktop.core.store.sql import in_chunks, placeholders

if TYPE_CHECKING:
    from finews_desktop.core.store.changes import PostEdit
    from finews_desktop.core.store.library import Library


class CurationReads:
    """What curation reads, on the library's connection (inside the caller's transaction, if any)."""

    def __init__(self, lib: Library) -> None:
        self.lib = lib
        self.db = lib.db

    def _one(self, sql: str, params: Sequence[Any] = ()) -> Any:
        row = self.db.execute_sql(sql, params).fetchone()
        return None if row is None else row[0]

    # --- tags and categories ------------------------------------------------------

    def name_counts(self, kind: str) -> list[tuple[str, str | None, int]]:
        """(name, display name, posts not in the trash) of every tag or category, by name."""
        t = name_table(kind)
        display = "t.display_name" if kind == "category" else "NULL"
        return list(
            self.db.execute_sql(
                f"SELECT t.{t.column}, {display}, (SELECT COUNT(*) FROM {t.links} l JOIN post p ON p.id = l.post_id "
                f"WHERE l.{t.fk} = t.id AND p.trashed_at IS NULL) FROM {t.table} t ORDER BY t.{t.column}"
            )
        )

    def posts_with(self, kind: str, names: Sequence[str]) -> list[int]:
        """Ids of every post (trashed ones too) carrying any of these names."""
        t = name_table(kind)
        if not names:
            return []
        cur = self.db.execute_sql(
            f"SELECT DISTINCT l.post_id FROM {t.links} l JOIN {t.table} t ON t.id = l.{t.fk} "
            f"WHERE t.{t.column} IN ({placeholders(names)})",
            list(names),
        )
        return [r[0] for r in cur]

    def count_posts_with(self, kind: str, names: Sequence[str]) -> int:
        """How many posts (trashed ones too) carry any of these names, counted in SQL."""
        t = name_table(kind)
        if not names:
            return 0
        return self._one(
            f"SELECT COUNT(DISTINCT l.post_id) FROM {t.links} l JOIN {t.table} t ON t.id = l.{t.fk} "
            f"WHERE t.{t.column} IN ({placeholders(names)})",
            list(names),
        )

    def name_exists(self, kind: str, name: str) -> bool:
        t = name_table(kind)
        return self.db.execute_sql(f"SELECT 1 FROM {t.table} WHERE {t.column} = ?", (name,)).fetchone() is not None

    def display_name(self, slug: str) -> str | None:
        return self._one("SELECT display_name FROM category WHERE slug = ?", (slug,))

    # --- collections and saved searches -------------------------------------------------

    def collection_counts(self) -> list[tuple[str, int]]:
        """(name, posts not in the trash) of every collection, by name."""
        return list(
            self.db.execute_sql(
                "SELECT c.name, (SELECT COUNT(*) FROM collection_post cp JOIN post p ON p.id = cp.post_id "
                "WHERE cp.collection_id = c.id AND p.trashed_at IS NULL) FROM collection c ORDER BY c.name"
            )
        )

    def collection_id(self, name: str) -> int | None:
        return self._one("SELECT id FROM collection WHERE name = ?", (name,))

    def collection_created_at(self, collection_id: int) -> int:
        return self._one("SELECT created_at FROM collection WHERE id = ?", (collection_id,))

    def collection_members(self, collection_id: int) -> list[tuple[int, int]]:
        """(post id, added at) of every post in the collection, trashed ones too."""
        return list(
            self.db.execute_sql(
                "SELECT post_id, added_at FROM collection_post WHERE collection_id = ?", (collection_id,)
            )
        )

    def collection_post_ids(self, collection_id: int) -> list[int]:
        """The collection's posts not in the trash, by date."""
        cur = self.db.execute_sql(
            "SELECT cp.post_id FROM collection_post cp JOIN post p ON p.id = cp.post_id "
            "WHERE cp.collection_id = ? AND p.trashed_at IS NULL ORDER BY p.date, p.id",
            (collection_id,),
        )
        return [r[0] for r in cur]

    def saved_searches(self) -> list[tuple[str, str]]:
        return [(n, q) for n, q in self.db.execute_sql("SELECT name, query FROM saved_search ORDER BY name")]

    def saved_query(self, name: str) -> str | None:
        return self._one("SELECT query FROM saved_search WHERE name = ?", (name,))

    # --- trash ----------------------------------------------------------------------

    def trashed_ids(self) -> list[int]:
        """Posts in the trash, the latest trashed first."""
        cur = self.db.execute_sql("SELECT id FROM post WHERE trashed_at IS NOT NULL ORDER BY trashed_at DESC, id")
        return [r[0] for r in cur]

    def trash_states(self, ids: Sequence[int]) -> list[tuple[int, int | None]]:
        """(post id, trashed at or None) of each of these posts that exists."""
        out: list[tuple[int, int | None]] = []
        for chunk, marks in in_chunks(ids):
            out.extend(self.db.execute_sql(f"SELECT id, trashed_at FROM post WHERE id IN ({marks})", chunk))
        return [(int(a), b) for a, b in out]

    # --- writing --------------------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[CurationWrites]:
        """One IMMEDIATE transaction (a savepoint inside another). The library's name -> id cache is
        forgotten after it, committed or not: a rolled-back one may have held new names."""
        try:
            with self.db.atomic("IMMEDIATE"):
                yield CurationWrites(self.lib, self.db.connection())
        finally:
            self.lib._name_ids.clear()


class CurationWrites(CurationReads):
    """Row changes in one transaction (`CurationReads.transaction`): what curation's operations apply."""

    def __init__(self, lib: Library, conn: Any) -> None:
        super().__init__(lib)
        self.conn = conn

    # --- tags and categories ------------------------------------------------------

    def add_name(self, kind: str, name: str, display_name: str | None = None) -> None:
        """Make a tag or category row (nothing when it exists)."""
        self.lib._name_ids.clear()  # the name -> id cache must not outlive a row
        if kind == "category":
            self.conn.execute("INSERT OR IGNORE INTO category (slug, display_name) VALUES (?, ?)", (name, display_name))
        else:
            self.conn.execute("INSERT OR IGNORE INTO tag (name) VALUES (?)", (name,))

    def drop_unused_name(self, kind: str, name: str) -> None:
        """Delete a tag or category row once no post links to it."""
        self.lib._name_ids.clear()
        t = name_table(kind)
        self.conn.execute(
            f"DELETE FROM {t.table} WHERE {t.column} = ? AND NOT EXISTS (SELECT 1 FROM {t.links} "
            f"WHERE {t.fk} = {t.table}.id)",
            (name,),
        )

    def set_display_name(self, slug: str, display_name: str | None) -> None:
        self.conn.execute("UPDATE category SET display_name = ? WHERE slug = ?", (display_name, slug))

    def link_states(
        self, kind: str, *, ids: Sequence[int] = (), having: Sequence[str] | None = None
    ) -> Iterator[tuple[int, bytes, tuple[Any, ...]]]:
        """See relinks.link_states: the posts a tag or category change reaches, with what groups them."""
        return _relinks.link_states(self.conn, kind, ids=ids, having=having)

    def post_place(self, post_id: int) -> tuple[str, str | None, str, Any]:
        return _relinks.post_place(self.conn, post_id)

    def stored_raw(self, post_id: int) -> bytes:
        return _relinks.stored_raw(self.conn, post_id)

    def write_relinks(
        self, relinks: Sequence[Relink], now: int, *, check: bool = False
    ) -> tuple[list[Relink], list[tuple[Relink, int]]]:
        """See relinks.write_relinks: every group's posts put in its `after` state at once."""
        return _relinks.write_relinks(self.conn, relinks, now, self.lib._ids_for, check=check)

    # --- an archive's settings (core/store/rederive.py) --------------------------------------

    def archive_settings(self, archive_id: int) -> tuple[str, bytes | None]:
        """(timezone, _config.yml bytes) the archive's posts are read by."""
        row = _rederive.archive_settings_row(self.conn, archive_id)
        if row is None:
            raise KnownError(f"There is no archive with id {archive_id}.")
        return row[1], row[3]

    def set_archive_settings(self, archive_id: int, tz_name: str, config: bytes | None, now: int) -> list[int]:
        """Give the archive these settings and read its posts again by them; returns the posts that changed."""
        _rederive.set_archive_settings(self.conn, archive_id, tz_name, config)
        changed = _rederive.rederive_archive(self.conn, archive_id, now, self.lib._ids_for)
        return sorted(set(changed) | set(_rederive.limit_archive_posts(self.conn, archive_id)))

    # --- posts edited one by one (the library's editor) ------------------------------------

    def edit_post(self, post_id: int, given: dict[str, Any], now: int) -> PostEdit | None:
        """Rewrite one post's keys as `Library.edit_posts` does (None when nothing changed)."""
        return self.lib._edit_one(self.conn, post_id, given, {}, (), now)

    def revert(self, edit: PostEdit, now: int) -> PostEdit:
        """Undo one post's edit as `Library.revert` does; returns the edit that redoes it."""
        return self.lib._revert_one(self.conn, edit, now)

    def posts_changed(self, post_ids: list[int]) -> None:
        """Queue posts for the search index and end a journaled operation with this commit."""
        self.lib._after_posts_changed(self.conn, post_ids)

    # --- collections and saved searches -------------------------------------------------

    def insert_collection(self, name: str, created_at: int, members: Iterable[tuple[int, int]]) -> None:
        """A collection with these (post id, added at) members, those of posts that still exist."""
        cid = self.conn.execute("INSERT INTO collection (name, created_at) VALUES (?, ?)", (name, created_at)).lastrowid
        self.conn.executemany(
            "INSERT OR IGNORE INTO collection_post (collection_id, post_id, added_at) "
            "SELECT ?, ?, ? WHERE EXISTS (SELECT 1 FROM post WHERE id = ?)",
            [(cid, p, a, p) for p, a in members],
        )

    def delete_collection(self, name: str) -> None:
        self.conn.execute("DELETE FROM collection WHERE name = ?", (name,))

    def rename_collection(self, old: str, new: str) -> None:
        self.conn.execute("UPDATE collection SET name = ? WHERE name = ?", (new, old))

    def _existing_collection(self, name: str) -> int:
        row = self.conn.execute("SELECT id FROM collection WHERE name = ?", (name,)).fetchone()
        if row is None:
            raise KnownError(f"There is no collection named {name!r}.")
        return int(row[0])

    def add_members(self, name: str, members: Iterable[tuple[int, int]]) -> None:
        """Put (post id, added at) members in a collection (KnownError when it is gone)."""
        cid = self._existing_collection(name)
        self.conn.executemany(
            "INSERT OR IGNORE INTO collection_post (collection_id, post_id, added_at) VALUES (?, ?, ?)",
            [(cid, p, a) for p, a in members],
        )

    def remove_members(self, name: str, post_ids: Iterable[int]) -> None:
        cid = self._existing_collection(name)
        self.conn.executemany(
            "DELETE FROM collection_post WHERE collection_id = ? AND post_id = ?", [(cid, p) for p in post_ids]
        )

    def put_saved_search(self, name: str, query: str | None) -> None:
        """Save a search under a name, or (None) delete it."""
        if query is None:
            self.conn.execute("DELETE FROM saved_search WHERE name = ?", (name,))
        else:
            self.conn.execute("INSERT OR REPLACE INTO saved_search (name, query) VALUES (?, ?)", (name, query))

    # --- trash ----------------------------------------------------------------------

    def set_trashed(self, states: Iterable[tuple[int, int | None]]) -> None:
        """(post id, trashed at, or None to take it out of the trash) of each post."""
        self.conn.executemany("UPDATE post SET trashed_at = ? WHERE id = ?", [(t, p) for p, t in states])

    def delete_for_good(self, ids: Sequence[int], now: int) -> None:
        """Delete posts, leaving tombstones (of their bytes and of every earlier version) so that a
        re-import does not bring them back."""
        for chunk, marks in in_chunks(ids):
            self.conn.execute(
                "INSERT OR IGNORE INTO tombstone (archive_id, path, content_hash, deleted_at) "
                f"SELECT archive_id, path, content_hash, ? FROM post WHERE id IN ({marks})",
                (now, *chunk),
            )
            self.conn.execute(  # the bytes a re-import would see may be an earlier version (an edited post)
                "INSERT OR IGNORE INTO tombstone (archive_id, path, content_hash, deleted_at) "
                "SELECT p.archive_id, p.path, v.content_hash, ? FROM post_version v JOIN post p ON p.id = v.post_id "
                f"WHERE p.id IN ({marks})",
                (now, *chunk),
            )
            self.conn.execute(f"DELETE FROM post WHERE id IN ({marks})", chunk)
