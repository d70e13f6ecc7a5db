"""Curating a library: tags, categories, collections, saved searches and the trash, all undoable.

`Curator(lib)` holds the operations. Every mutation runs in one transaction,
queues the touched posts for the search index (`Library._after_posts_changed`)
and returns a `Changes` (the one change type, core/store/library.py) that
`Curator.undo` turns back, returning the `Changes` that redoes it. `UndoStack` keeps them.

A change to a post's tags or categories is a front matter edit, marked
edited, whose bytes differ only on that key's lines. Posts are grouped by their
key lines and their names before and after (a merge over 100,000 posts of 11
sources is 11 groups); each group's first post is rewritten by
`frontmatter.rewrite_post` (verified by reading it back as Jekyll would, not
stored), and the group is changed by set-based statements: its link rows, the
names in `post.jekyll` (a text substitution), `source_name` or the url's
changing prefix, `edited`, and `post_pending`, which says the stored bytes are
behind on that key: they are derived when read (`core/store/pending.py`), never
rewritten here. A group's `Relink` holds both states, so undo and redo are the
same statements the other way. Posts that do not fit (a key of their own shape,
an own permalink, categories from folders) go through `Library._edit_one`, one
by one.
"""

from __future__ import annotations

import json
import re
import time
from array import array
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from finews_desktop.core.curation.journaling import journaled
from finews_desktop.core.errors import KnownError
from finews_desktop.core.jekyll import frontmatter as _fm
from finews_desktop.core.jekyll.post import folder_categories
from finews_desktop.core.store import pending as _pending
from finews_desktop.core.store.library import Changes, Library, PostEdit

KINDS = ("tag", "category")
_TABLE = {
    "tag": ("tag", "name", "post_tag", "tag_id", "tags"),
    "category": ("category", "slug", "post_category", "category_id", "categories"),
}
_PERMALINK = re.compile(rb"^permalink[ \t]*:", re.M)
_HEAD = 512  # bytes of a post read to find its key lines (the whole post when its front matter is longer)


class NameExistsError(KnownError):
    """Renaming onto a name that exists: the caller may merge instead (`Curator.merge`)."""

    def __init__(self, kind: str, old: str, new: str) -> None:
        super().__init__(f"There is already a {kind} named {new!r}; merge {old!r} into it instead.")
        self.kind, self.old, self.new = kind, old, new


@dataclass(frozen=True, slots=True)
class NameCount:
    """One tag or category of the manager: its name, display name (categories) and post count."""

    name: str
    display_name: str | None
    count: int  # posts not in the trash


@dataclass(frozen=True)
class Relink:
    """Posts that had the same names and key lines and get the same new names, changed by set-based statements.

    Holds both states; `swapped()` is the Relink that undoes it. The posts' bytes are
    not touched: `post_pending` says their key lines are derived (core/store/pending.py).
    """

    kind: str  # tag | category
    post_ids: array
    old_names: tuple[str, ...]
    new_names: tuple[str, ...]
    old_frag: str  # '"tags": [...]' as it stands in post.jekyll
    new_frag: str
    old_source: str | None  # post.source_name (tags)
    new_source: str | None
    old_url_prefix: str  # categories: the url's part that changes ('' when none)
    new_url_prefix: str
    old_edited: bool
    new_edited: bool
    old_mask: int  # post_pending.mask (0: not pending)
    new_mask: int

    def swapped(self) -> Relink:
        return Relink(
            self.kind,
            self.post_ids,
            self.new_names,
            self.old_names,
            self.new_frag,
            self.old_frag,
            self.new_source,
            self.old_source,
            self.new_url_prefix,
            self.old_url_prefix,
            self.new_edited,
            self.old_edited,
            self.new_mask,
            self.old_mask,
        )


def _names(values: Iterable[str], what: str) -> list[str]:
    out = []
    for v in values:
        v = str(v).strip()
        if not v:
            raise KnownError(f"A {what} name cannot be empty.")
        out.append(v)
    return list(dict.fromkeys(out))


class Curator:
    """Changes operations over one open library (see the module docstring)."""

    def __init__(self, lib: Library) -> None:
        self.lib = lib
        self.db = lib.db

    # --- reading ------------------------------------------------------------------

    def names(self, kind: str, *, filter: str = "", unused: bool = False, used_once: bool = False) -> list[NameCount]:
        """Every tag or category with its post count (trashed posts left out), by name."""
        table, col, links, fk, _ = self._table(kind)
        display = "t.display_name" if kind == "category" else "NULL"
        rows = self.db.execute_sql(
            f"SELECT t.{col}, {display}, (SELECT COUNT(*) FROM {links} l JOIN post p ON p.id = l.post_id "
            f"WHERE l.{fk} = t.id AND p.trashed_at IS NULL) FROM {table} t ORDER BY t.{col}"
        )
        needle = filter.strip().casefold()
        out = []
        for name, disp, n in rows:
            if needle and needle not in name.casefold() and needle not in (disp or "").casefold():
                continue
            if (unused and n != 0) or (used_once and n != 1):
                continue
            out.append(NameCount(name, disp, n))
        return out

    def posts_with(self, kind: str, names: Iterable[str]) -> list[int]:
        """Ids of every post (trashed ones too) carrying any of these names."""
        table, col, links, fk, _ = self._table(kind)
        names = list(names)
        if not names:
            return []
        marks = ",".join("?" * len(names))
        cur = self.db.execute_sql(
            f"SELECT DISTINCT l.post_id FROM {links} l JOIN {table} t ON t.id = l.{fk} WHERE t.{col} IN ({marks})",
            names,
        )
        return [r[0] for r in cur]

    def exists(self, kind: str, name: str) -> bool:
        table, col, *_ = self._table(kind)
        return self.db.execute_sql(f"SELECT 1 FROM {table} WHERE {col} = ?", (name,)).fetchone() is not None

    @staticmethod
    def _table(kind: str) -> tuple[str, str, str, str, str]:
        if kind not in _TABLE:
            raise KnownError(f"Choose tag or category, not {kind!r}.")
        return _TABLE[kind]

    # --- tags and categories ----------------------------------------------------

    def create(self, kind: str, name: str) -> Changes:
        (name,) = _names([name], kind)
        if self.exists(kind, name):
            raise NameExistsError(kind, name, name)
        return self._run(
            f"Create {kind} {name}", lambda conn: ([], [self._apply_op(conn, ("row_add", kind, name, None))])
        )

    @journaled
    def rename(self, kind: str, old: str, new: str) -> Changes:
        """Rename a tag or category on every post; NameExistsError when `new` exists (merge is the way)."""
        (old, new) = _names([old], kind) + _names([new], kind)
        if not self.exists(kind, old):
            raise KnownError(f"There is no {kind} named {old!r}.")
        if old == new:
            return Changes()
        if self.exists(kind, new):
            raise NameExistsError(kind, old, new)
        return self.merge(kind, [old], new, label=f"Rename {kind} {old} to {new}")

    @journaled
    def merge(self, kind: str, sources: Iterable[str], target: str, *, label: str = "") -> Changes:
        """Replace each of `sources` by `target` on every post (kept at the first one's place, once)."""
        sources = [s for s in _names(sources, kind) if s != target]
        (target,) = _names([target], kind)
        missing = [s for s in sources if not self.exists(kind, s)]
        if missing:
            raise KnownError(f"There is no {kind} named {missing[0]!r}.")
        gone = set(sources)

        def relabel(names: list[str]) -> list[str]:
            out: list[str] = []
            for n in names:
                n = target if n in gone else n
                if n not in out:
                    out.append(n)
            return out

        touched = self.count_touched(kind, sources)
        label = label or f"Merge {', '.join(sources)} into {target}"

        def work(conn: Any) -> tuple[list[PostEdit], list[tuple[Any, ...]]]:
            ops: list[tuple[Any, ...]] = []
            display = None
            if kind == "category" and not self.exists(kind, target) and len(sources) == 1:
                display = self._display(conn, sources[0])
            if not self.exists(kind, target):
                ops.append(self._apply_op(conn, ("row_add", kind, target, display)))
            edits, relabels = self._relabel(conn, kind, (), relabel, having=sources)
            ops.extend(relabels)
            for s in sources:
                ops.append(
                    self._apply_op(conn, ("row_del", kind, s, self._display(conn, s) if kind == "category" else None))
                )
            return edits, ops

        return self._run(label, work, touched=touched)

    @journaled
    def delete(self, kind: str, names: Iterable[str]) -> Changes:
        """Take these names off every post and out of the library; `touched` says how many posts."""
        names = _names(names, kind)
        gone = set(names)
        touched = self.count_touched(kind, names)

        def work(conn: Any) -> tuple[list[PostEdit], list[tuple[Any, ...]]]:
            edits, ops = self._relabel(conn, kind, (), lambda ns: [n for n in ns if n not in gone], having=names)
            for s in names:
                if self.exists(kind, s):
                    ops.append(
                        self._apply_op(
                            conn, ("row_del", kind, s, self._display(conn, s) if kind == "category" else None)
                        )
                    )
            return edits, ops

        return self._run(f"Delete {kind} {', '.join(names)}", work, touched=touched)

    def count_touched(self, kind: str, names: Iterable[str]) -> int:
        """How many posts (trashed ones too) a delete or merge of these names would change (counted in SQL)."""
        table, col, links, fk, _ = self._table(kind)
        names = list(names)
        if not names:
            return 0
        return self.db.execute_sql(
            f"SELECT COUNT(DISTINCT l.post_id) FROM {links} l JOIN {table} t ON t.id = l.{fk} "
            f"WHERE t.{col} IN ({','.join('?' * len(names))})",
            names,
        ).fetchone()[0]

    @journaled
    def add(self, kind: str, post_ids: Iterable[int], names: Iterable[str]) -> Changes:
        names = _names(names, kind)
        return self._bulk(
            kind, post_ids, lambda ns: ns + [n for n in names if n not in ns], f"Add {kind} {', '.join(names)}"
        )

    @journaled
    def remove(self, kind: str, post_ids: Iterable[int], names: Iterable[str]) -> Changes:
        gone = set(_names(names, kind))
        return self._bulk(
            kind, post_ids, lambda ns: [n for n in ns if n not in gone], f"Remove {kind} {', '.join(gone)}"
        )

    @journaled
    def set(self, kind: str, post_ids: Iterable[int], names: Iterable[str]) -> Changes:
        """Set the whole list (categories include the folders above `_posts`, which stay first)."""
        names = _names(names, kind)
        return self._bulk(kind, post_ids, lambda ns: list(names), f"Set {kind} {', '.join(names)}")

    def _bulk(self, kind: str, post_ids: Iterable[int], fn: Callable[[list[str]], list[str]], label: str) -> Changes:
        ids = list(dict.fromkeys(int(i) for i in post_ids))

        def work(conn: Any) -> tuple[list[PostEdit], list[tuple[Any, ...]]]:
            edits, ops = self._relabel(conn, kind, ids, fn)
            return edits, ops

        return self._run(label, work, touched=len(ids))

    def set_display_name(self, slug: str, display_name: str | None) -> Changes:
        """A category's display name (library only; the posts keep their slug)."""
        if not self.exists("category", slug):
            raise KnownError(f"There is no category named {slug!r}.")
        display_name = (display_name or "").strip() or None
        return self._run(
            f"Rename category {slug}", lambda conn: ([], [self._apply_op(conn, ("display", slug, display_name))])
        )

    def _display(self, conn: Any, slug: str) -> str | None:
        row = conn.execute("SELECT display_name FROM category WHERE slug = ?", (slug,)).fetchone()
        return row[0] if row else None

    # --- collections and saved searches ----------------------------------------------

    def collections(self) -> list[NameCount]:
        rows = self.db.execute_sql(
            "SELECT c.name, (SELECT COUNT(*) FROM collection_post cp JOIN post p ON p.id = cp.post_id "
            "WHERE cp.collection_id = c.id AND p.trashed_at IS NULL) FROM collection c ORDER BY c.name"
        )
        return [NameCount(n, None, c) for n, c in rows]

    def collection_post_ids(self, name: str) -> list[int]:
        cid = self._collection_id(name)
        cur = self.db.execute_sql(
            "SELECT cp.post_id FROM collection_post cp JOIN post p ON p.id = cp.post_id "
            "WHERE cp.collection_id = ? AND p.trashed_at IS NULL ORDER BY p.date, p.id",
            (cid,),
        )
        return [r[0] for r in cur]

    def _collection_id(self, name: str) -> int:
        row = self.db.execute_sql("SELECT id FROM collection WHERE name = ?", (name,)).fetchone()
        if row is None:
            raise KnownError(f"There is no collection named {name!r}.")
        return row[0]

    def create_collection(self, name: str) -> Changes:
        (name,) = _names([name], "collection")
        if self.db.execute_sql("SELECT 1 FROM collection WHERE name = ?", (name,)).fetchone():
            raise KnownError(f"There is already a collection named {name!r}.")
        return self._run(
            f"Create collection {name}", lambda c: ([], [self._apply_op(c, ("coll_add", name, int(time.time()), ()))])
        )

    def rename_collection(self, old: str, new: str) -> Changes:
        (new,) = _names([new], "collection")
        self._collection_id(old)
        if old == new:
            return Changes()
        if self.db.execute_sql("SELECT 1 FROM collection WHERE name = ?", (new,)).fetchone():
            raise KnownError(f"There is already a collection named {new!r}.")
        return self._run(f"Rename collection {old}", lambda c: ([], [self._apply_op(c, ("coll_rename", old, new))]))

    @journaled
    def delete_collection(self, name: str) -> Changes:
        cid = self._collection_id(name)
        created = self.db.execute_sql("SELECT created_at FROM collection WHERE id = ?", (cid,)).fetchone()[0]
        members = tuple(
            self.db.execute_sql("SELECT post_id, added_at FROM collection_post WHERE collection_id = ?", (cid,))
        )
        return self._run(
            f"Delete collection {name}", lambda c: ([], [self._apply_op(c, ("coll_del", name, created, members))])
        )

    @journaled
    def add_to_collection(self, name: str, post_ids: Iterable[int]) -> Changes:
        cid = self._collection_id(name)
        have = {
            r[0] for r in self.db.execute_sql("SELECT post_id FROM collection_post WHERE collection_id = ?", (cid,))
        }
        now = int(time.time())
        new = tuple((int(i), now) for i in dict.fromkeys(post_ids) if int(i) not in have)
        self._check_posts([i for i, _ in new])
        return self._run(f"Add to collection {name}", lambda c: ([], [self._apply_op(c, ("members_add", name, new))]))

    @journaled
    def remove_from_collection(self, name: str, post_ids: Iterable[int]) -> Changes:
        cid = self._collection_id(name)
        wanted = {int(i) for i in post_ids}
        rows = tuple(
            (p, a)
            for p, a in self.db.execute_sql(
                "SELECT post_id, added_at FROM collection_post WHERE collection_id = ?", (cid,)
            )
            if p in wanted
        )
        return self._run(
            f"Remove from collection {name}", lambda c: ([], [self._apply_op(c, ("members_del", name, rows))])
        )

    def saved_searches(self) -> list[tuple[str, str]]:
        return [tuple(r) for r in self.db.execute_sql("SELECT name, query FROM saved_search ORDER BY name")]

    def save_search(self, name: str, query: str) -> Changes:
        (name,) = _names([name], "saved search")
        row = self.db.execute_sql("SELECT query FROM saved_search WHERE name = ?", (name,)).fetchone()
        return self._run(
            f"Save search {name}", lambda c: ([], [self._apply_op(c, ("search", name, row[0] if row else None, query))])
        )

    def delete_search(self, name: str) -> Changes:
        row = self.db.execute_sql("SELECT query FROM saved_search WHERE name = ?", (name,)).fetchone()
        if row is None:
            raise KnownError(f"There is no saved search named {name!r}.")
        return self._run(f"Delete search {name}", lambda c: ([], [self._apply_op(c, ("search", name, row[0], None))]))

    # --- trash ------------------------------------------------------------------------

    def trashed_ids(self) -> list[int]:
        return [
            r[0]
            for r in self.db.execute_sql(
                "SELECT id FROM post WHERE trashed_at IS NOT NULL ORDER BY trashed_at DESC, id"
            )
        ]

    @journaled
    def trash(self, post_ids: Iterable[int]) -> Changes:
        ids = list(dict.fromkeys(int(i) for i in post_ids))
        self._check_posts(ids)
        now = int(time.time())
        rows = self._trash_state(ids)
        states = tuple((pid, old, now) for pid, old in rows if old is None)
        return self._run(
            f"Move {len(states)} posts to the trash", lambda c: ([], [self._apply_op(c, ("trash", states))])
        )

    @journaled
    def restore(self, post_ids: Iterable[int] | None = None) -> Changes:
        """Take posts out of the trash (all of it when no ids are given)."""
        ids = self.trashed_ids() if post_ids is None else list(dict.fromkeys(int(i) for i in post_ids))
        states = tuple((pid, old, None) for pid, old in self._trash_state(ids) if old is not None)
        return self._run(f"Restore {len(states)} posts", lambda c: ([], [self._apply_op(c, ("trash", states))]))

    @journaled
    def empty_trash(self, post_ids: Iterable[int] | None = None) -> Changes:
        """Delete trashed posts for good, leaving tombstones so a re-import does not bring them back. Not undoable."""
        ids = self.trashed_ids() if post_ids is None else [i for i in post_ids if i in set(self.trashed_ids())]
        now = int(time.time())
        with self.db.atomic("IMMEDIATE"):
            conn = self.db.connection()
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                marks = ",".join("?" * len(chunk))
                conn.execute(
                    "INSERT OR IGNORE INTO tombstone (archive_id, path, content_hash, deleted_at) "
                    f"SELECT archive_id, path, content_hash, ? FROM post WHERE id IN ({marks})",
                    (now, *chunk),
                )
                # the bytes a re-import would see may be an earlier version (an edited post)
                conn.execute(
                    "INSERT OR IGNORE INTO tombstone (archive_id, path, content_hash, deleted_at) "
                    f"SELECT p.archive_id, p.path, v.content_hash, ? FROM post_version v JOIN post p ON p.id = v.post_id "
                    f"WHERE p.id IN ({marks})",
                    (now, *chunk),
                )
                conn.execute(f"DELETE FROM post WHERE id IN ({marks})", chunk)
            self.lib._after_posts_changed(conn, ids)
        return Changes(
            post_ids=tuple(ids),
            fields=frozenset({"deleted"}),
            label=f"Delete {len(ids)} posts for good",
            undoable=False,
        )

    def _trash_state(self, ids: Sequence[int]) -> list[tuple[int, int | None]]:
        out = []
        for start in range(0, len(ids), 500):
            chunk = list(ids[start : start + 500])
            marks = ",".join("?" * len(chunk))
            out.extend(self.db.execute_sql(f"SELECT id, trashed_at FROM post WHERE id IN ({marks})", chunk))
        return [(int(a), b) for a, b in out]

    def _check_posts(self, ids: Sequence[int]) -> None:
        found = {pid for pid, _ in self._trash_state(ids)}
        missing = [i for i in ids if i not in found]
        if missing:
            raise KnownError(f"There is no post with id {missing[0]}.")

    # --- undo ---------------------------------------------------------------------

    def undo(self, changes: Changes) -> Changes:
        """Undo a Changes (or a Library edit's Changes); returns the Changes that redoes it."""
        if not changes.undoable:
            raise KnownError("Posts deleted for good cannot be brought back by undo.")

        def work(conn: Any) -> tuple[list[PostEdit], list[tuple[Any, ...]]]:
            return self._undo_in(conn, changes.edits, changes.ops)

        return self._run(changes.label, work, touched=changes.touched)

    def _undo_in(
        self, conn: Any, edits: Sequence[PostEdit], ops: Sequence[tuple[Any, ...]]
    ) -> tuple[list[PostEdit], list[tuple[Any, ...]]]:
        now = int(time.time())  # posts first: a row goes only once no post links to it
        reverted = [self.lib._revert_one(conn, e, now) for e in reversed(edits)]
        return reverted, [self._apply_op(conn, op, undo=True) for op in reversed(ops)]

    def bulk(self, post_ids: Sequence[int], steps: Sequence[tuple[str, str, list[str]]]) -> Changes:
        """Several tag/category steps on one selection, (kind, "add"|"remove"|"set", names) each, in one
        transaction and undone together (the bulk edit dialog's OK)."""
        actions = {"add": self.add, "remove": self.remove, "set": self.set}
        with self.db.atomic("IMMEDIATE"):
            parts = [actions[action](kind, post_ids, names) for kind, action, names in steps]
        return parts[0] if len(parts) == 1 else self.combine(parts)

    def combine(self, parts: Sequence[Changes], label: str = "") -> Changes:
        """Several changes made one after another as one, undone together (newest first)."""
        ids: list[int] = []
        fields: set[str] = set()
        for p in parts:
            ids.extend(p.post_ids)
            fields |= p.fields
        return Changes(
            post_ids=tuple(dict.fromkeys(ids)),
            fields=frozenset(fields),
            label=label or ", ".join(p.label for p in parts if p.label),
            ops=tuple(("part", p) for p in parts if p),
            touched=max((p.touched for p in parts), default=0),
        )

    # --- machinery ------------------------------------------------------------------

    def _run(
        self,
        label: str,
        work: Callable[[Any], tuple[list[PostEdit], list[tuple[Any, ...]]]],
        touched: int = 0,
    ) -> Changes:
        try:
            with self.db.atomic("IMMEDIATE"):
                conn = self.db.connection()
                edits, ops = work(conn)
                ids = [e.post_id for e in edits]
                fields: set[str] = set()
                for e in edits:
                    fields |= e.fields
                for op in ops:
                    if op[0] == "relinks":
                        for r in op[1]:
                            ids.extend(r.post_ids)
                            fields.add("tags" if r.kind == "tag" else "categories")
                    elif op[0] == "trash":
                        ids.extend(pid for pid, _o, _n in op[1])
                        fields.add("trashed")
                    elif op[0] == "part":
                        ids.extend(op[1].post_ids)
                        fields |= op[1].fields
                    elif op[0] in ("members_add", "members_del"):
                        fields.add("collections")
                    else:
                        fields.add(op[0])
                ids = list(dict.fromkeys(ids))
                self.lib._after_posts_changed(conn, ids)
        except Exception:
            self.lib._name_ids.clear()  # the rolled-back transaction may have held new names
            raise
        self.lib._name_ids.clear()
        return Changes(
            post_ids=tuple(ids),
            fields=frozenset(fields),
            edits=tuple(edits),
            label=label,
            ops=tuple(ops),
            touched=touched,
        )

    def _apply_op(self, conn: Any, op: tuple[Any, ...], undo: bool = False) -> tuple[Any, ...]:
        """Apply a row change (or its inverse when undo) and return the op that undoes what was done."""
        name = op[0]
        if name in ("row_add", "row_del"):
            self.lib._name_ids.clear()  # the name -> id cache must not outlive a row
            _, kind, value, display = op
            if (name == "row_del") == undo:  # add
                table, col, *_ = self._table(kind)
                if kind == "category":
                    conn.execute("INSERT OR IGNORE INTO category (slug, display_name) VALUES (?, ?)", (value, display))
                else:
                    conn.execute("INSERT OR IGNORE INTO tag (name) VALUES (?)", (value,))
                return ("row_add", kind, value, display)
            table, col, links, fk, _ = self._table(kind)
            conn.execute(
                f"DELETE FROM {table} WHERE {col} = ? AND NOT EXISTS (SELECT 1 FROM {links} WHERE {fk} = {table}.id)",
                (value,),
            )
            return ("row_del", kind, value, display)
        if name == "display":
            _, slug, value = op
            old = self._display(conn, slug)
            conn.execute("UPDATE category SET display_name = ? WHERE slug = ?", (value, slug))
            return ("display", slug, old)
        if name in ("coll_add", "coll_del"):
            _, cname, created, members = op
            if (name == "coll_del") == undo:
                cid = conn.execute(
                    "INSERT INTO collection (name, created_at) VALUES (?, ?)", (cname, created)
                ).lastrowid
                conn.executemany(
                    "INSERT OR IGNORE INTO collection_post (collection_id, post_id, added_at) "
                    "SELECT ?, ?, ? WHERE EXISTS (SELECT 1 FROM post WHERE id = ?)",
                    [(cid, p, a, p) for p, a in members],
                )
                return ("coll_add", cname, created, members)
            conn.execute("DELETE FROM collection WHERE name = ?", (cname,))
            return ("coll_del", cname, created, members)
        if name == "coll_rename":
            _, old, new = op
            if undo:
                old, new = new, old
            conn.execute("UPDATE collection SET name = ? WHERE name = ?", (new, old))
            return ("coll_rename", old, new)
        if name in ("members_add", "members_del"):
            _, cname, rows = op
            row = conn.execute("SELECT id FROM collection WHERE name = ?", (cname,)).fetchone()
            if row is None:
                raise KnownError(f"There is no collection named {cname!r}.")
            if (name == "members_del") == undo:
                conn.executemany(
                    "INSERT OR IGNORE INTO collection_post (collection_id, post_id, added_at) VALUES (?, ?, ?)",
                    [(row[0], p, a) for p, a in rows],
                )
                return ("members_add", cname, rows)
            conn.executemany(
                "DELETE FROM collection_post WHERE collection_id = ? AND post_id = ?", [(row[0], p) for p, _a in rows]
            )
            return ("members_del", cname, rows)
        if name == "search":
            _, sname, old, new = op
            if undo:
                old, new = new, old
            if new is None:
                conn.execute("DELETE FROM saved_search WHERE name = ?", (sname,))
            else:
                conn.execute("INSERT OR REPLACE INTO saved_search (name, query) VALUES (?, ?)", (sname, new))
            return ("search", sname, old, new)
        if name == "trash":
            _, states = op
            if undo:
                states = tuple((p, n, o) for p, o, n in states)
            conn.executemany("UPDATE post SET trashed_at = ? WHERE id = ?", [(n, p) for p, _o, n in states])
            return ("trash", states)
        if name == "part":
            part: Changes = op[1]
            edits, ops = self._undo_in(conn, part.edits, part.ops)
            return ("part", Changes(post_ids=part.post_ids, fields=part.fields, edits=tuple(edits), ops=tuple(ops)))
        if name == "relinks":
            if not undo:
                raise AssertionError("relinks are applied by _relabel")
            done, _misfits = self._write_relinks(conn, [r.swapped() for r in op[1]], int(time.time()), check=True)
            return ("relinks", tuple(done))
        raise AssertionError(f"unknown curation op {name!r}")

    # --- tag and category lists on posts ------------------------------------------------

    def _relabel(
        self,
        conn: Any,
        kind: str,
        ids: Sequence[int],
        fn: Callable[[list[str]], list[str]],
        *,
        having: Sequence[str] | None = None,
    ) -> tuple[list[PostEdit], list[tuple[Any, ...]]]:
        """Give each post fn(its list): set-based per group of alike posts, one by one for the others.

        The posts are `ids`, or (`having`) every post linked to one of these names,
        found through the link table's index in the same statement.

        A group is the posts with the same key line (found in the first 512 bytes of the
        bytes, one page read; the whole post when its front matter is longer) and the
        same state: names, edited, pending mask, and source name (tags) or folder
        and archive (categories), read as one text per post so that Python does
        little per post.
        """
        key = _TABLE[kind][4]
        tag = kind == "tag"
        now = int(time.time())
        state_sql = (
            "COALESCE(p.source_name, char(31))"
            if tag
            else "rtrim(p.path, replace(p.path, '/', '')) || char(30) || p.archive_id"
        )
        sql = (
            f"SELECT p.id, substr(c.raw, 1, {_HEAD}), COALESCE(p.jekyll -> '$.{key}', 'null') || char(30) || "
            f"p.edited || char(30) || COALESCE(pp.mask, 0) || char(30) || {state_sql} FROM post p "
            "JOIN post_content c ON c.post_id = p.id LEFT JOIN post_pending pp ON pp.post_id = p.id WHERE p.id IN "
        )
        if having is not None:
            table, col, links, fk, _ = _TABLE[kind]
            sql += f"(SELECT l.post_id FROM {links} l JOIN {table} t ON t.id = l.{fk} WHERE t.{col} IN "
            sql += "(SELECT value FROM json_each(?)))"
            batches = [json.dumps(list(having))]
        else:
            sql += "(SELECT value FROM json_each(?))"
            batches = [json.dumps([int(i) for i in ids[s : s + 50_000]]) for s in range(0, len(ids), 50_000)]
        plain = _pending.plain_key_span
        groups: dict[tuple[bytes, str], list[int]] = {}
        odd: list[tuple[int, bytes, str]] = []
        for batch in batches:
            for pid, head, state in conn.execute(sql, (batch,)):
                span = plain(head, key)
                if span is None:
                    odd.append((pid, head, state))
                    continue
                line = head[span[0] : span[1]]
                members = groups.get((line, state))
                if members is None:
                    groups[(line, state)] = [pid]
                else:
                    members.append(pid)
        names_of: dict[str, tuple[list[str], str, list[str]]] = {}

        def names(names_json: str) -> tuple[list[str], str, list[str]]:
            """(names before, their fragment in post.jekyll, names after) of a post's JSON value."""
            known = names_of.get(names_json)
            if known is None:
                value = json.loads(names_json)
                old = [str(v) for v in (value if isinstance(value, list) else [value] if value is not None else [])]
                frag = f'"{key}": ' + json.dumps(value, ensure_ascii=False)  # as the importer wrote it
                known = names_of[names_json] = (old, frag, fn(list(old)))
            return known

        slow: list[tuple[int, list[str]]] = []
        for pid, head, state in odd:  # written otherwise: the careful reader, or one by one
            old, _frag, new = names(state.split("\x1e", 1)[0])
            if new == old:
                continue
            head = bytes(head)
            span = _pending.key_lines(head, key)
            if span is None and len(head) >= _HEAD:  # a long front matter: read the whole post
                head = self._stored(conn, pid)
                span = _pending.key_lines(head, key)
            if span is None or (not tag and _PERMALINK.search(head, 0, _pending.fm_end(head))):
                slow.append((pid, new))  # an own permalink may or may not hold the categories
                continue
            groups.setdefault((head[span[0] : span[1]], state), []).append(pid)
        relinks: list[Relink] = []
        for (_line, state), members in groups.items():
            names_json, edited, mask, *rest = state.split("\x1e", 3)  # the source name last: kept whole
            old, frag, new = names(names_json)
            if new == old:
                continue
            path, url, tz, permalink = conn.execute(
                "SELECT p.path, p.url, a.timezone, a.permalink FROM post p "
                "JOIN archive a ON a.id = p.archive_id WHERE p.id = ?",
                (members[0],),
            ).fetchone()
            folder = folder_categories(path) if kind == "category" else []
            checked = None
            if new[: len(folder)] == folder:
                checked = self._check_group(conn, kind, members[0], path, tz, permalink, new)
            if checked is None or (kind == "category" and url is None):
                slow.extend((m, list(new)) for m in members)  # it would move, or the writer wants it whole
                continue
            old_prefix, new_prefix = _changed_prefix(url, checked) if kind == "category" else ("", "")
            relinks.append(
                Relink(
                    kind=kind,
                    post_ids=array("q", members),
                    old_names=tuple(old),
                    new_names=tuple(new),
                    old_frag=frag,
                    new_frag=f'"{key}": ' + json.dumps(list(new), ensure_ascii=False),
                    old_source=(None if rest[0] == "\x1f" else rest[0]) if tag else None,
                    new_source=(new[0] if new else None) if tag else None,
                    old_url_prefix=old_prefix,
                    new_url_prefix=new_prefix,
                    old_edited=edited == "1",
                    new_edited=True,
                    old_mask=int(mask),
                    new_mask=int(mask) | _pending.BITS[key],
                )
            )
        ops: list[tuple[Any, ...]] = []
        wanted = dict.fromkeys(n for r in relinks for n in r.new_names)
        wanted.update(dict.fromkeys(n for _pid, new in slow for n in new))
        for name in wanted:  # names made here go again with the undo (once no post has them)
            if not self.exists(kind, name):
                ops.append(self._apply_op(conn, ("row_add", kind, name, None)))
        relinks, misfits = self._write_relinks(conn, relinks, now)
        slow.extend((pid, list(r.new_names)) for r, pid in misfits)
        edits: list[PostEdit] = []
        for pid, new in slow:
            edit = self.lib._edit_one(conn, pid, {key: new}, {}, (), now)
            if edit is not None:
                edits.append(edit)
        return edits, ops + ([("relinks", tuple(relinks))] if relinks else [])

    @staticmethod
    def _stored(conn: Any, pid: int) -> bytes:
        return bytes(conn.execute("SELECT raw FROM post_content WHERE post_id = ?", (pid,)).fetchone()[0])

    def _check_group(
        self, conn: Any, kind: str, pid: int, path: str, tz: str, permalink: Any, new: list[str]
    ) -> str | None:
        """Rewrite a group's first post as a check (not stored): None when the group must go one by one.

        Gives the new url for categories ('' for tags).
        """
        key = _TABLE[kind][4]
        raw = self._stored(conn, pid)
        span = _pending.key_lines(raw, key)
        if span is None:
            return None
        zone = _pending.Deriver().zone(tz)
        try:
            out = _fm.rewrite_post(raw, path, zone, **{key: new}, permalink=permalink)  # type: ignore[arg-type]
        except KnownError:
            return None
        head, tail = raw[: span[0]], raw[span[1] :]
        if out.site_path != path or not (out.raw.startswith(head) and out.raw.endswith(tail)):
            return None
        return (out.parsed.url or "") if kind == "category" else ""

    def _write_relinks(
        self, conn: Any, relinks: Sequence[Relink], now: int, *, check: bool = False
    ) -> tuple[list[Relink], list[tuple[Relink, int]]]:
        """Put each Relink's posts in its new state: one statement per table for all of them.

        Posts not in a Relink's old state (their names in post.jekyll, their url's prefix,
        and with check their pending mask) are left out and returned as misfits; with
        check (undo, redo) a misfit refuses the whole step instead.
        """
        if not relinks:
            return [], []
        conn.execute("CREATE TEMP TABLE IF NOT EXISTS relink (post_id INTEGER PRIMARY KEY, g INTEGER NOT NULL)")
        conn.execute(
            "CREATE TEMP TABLE IF NOT EXISTS relink_group (g INTEGER PRIMARY KEY, old_frag TEXT, new_frag TEXT, "
            "source INTEGER, new_source TEXT, old_prefix TEXT, new_prefix TEXT, edited INTEGER, old_mask INTEGER, "
            "new_mask INTEGER)"
        )
        conn.execute("CREATE TEMP TABLE IF NOT EXISTS relink_name (g INTEGER, position INTEGER, name_id INTEGER)")
        try:
            return self._write_relinks_in(conn, relinks, now, check)
        finally:
            for table in ("relink", "relink_group", "relink_name"):
                conn.execute(f"DELETE FROM temp.{table}")

    def _write_relinks_in(
        self, conn: Any, relinks: Sequence[Relink], now: int, check: bool
    ) -> tuple[list[Relink], list[tuple[Relink, int]]]:
        kind = relinks[0].kind
        table, _col, links, fk, _key = _TABLE[kind]
        name_ids = self.lib._ids_for(table, [n for r in relinks for n in r.new_names])
        for g, r in enumerate(relinks):
            conn.execute(
                "INSERT INTO temp.relink (post_id, g) SELECT value, ? FROM json_each(?)",
                (g, json.dumps(list(r.post_ids))),
            )
            conn.execute(
                "INSERT INTO temp.relink_group VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    g,
                    r.old_frag,
                    r.new_frag,
                    int(kind == "tag"),
                    r.new_source,
                    r.old_url_prefix if kind == "category" else None,
                    r.new_url_prefix,
                    int(r.new_edited),
                    r.old_mask,
                    r.new_mask,
                ),
            )
            conn.executemany(
                "INSERT INTO temp.relink_name VALUES (?, ?, ?)",
                [(g, i, name_ids[n]) for i, n in enumerate(r.new_names)],
            )
        mask_test = "COALESCE(pp.mask, 0) != g.old_mask OR " if check else ""
        misfit = (  # a post not in its group's old state (or gone: p.id IS NULL)
            f"p.id IS NULL OR {mask_test}instr(p.jekyll, g.old_frag) = 0 OR (g.old_prefix IS NOT NULL "
            "AND (p.url IS NULL OR substr(p.url, 1, length(g.old_prefix)) != g.old_prefix))"
        )
        joins = (
            "FROM temp.relink r JOIN temp.relink_group g ON g.g = r.g LEFT JOIN post p ON p.id = r.post_id "
            "LEFT JOIN post_pending pp ON pp.post_id = r.post_id"
        )
        misfit_rows: list[tuple[int, int]] = []
        if conn.execute(f"SELECT EXISTS (SELECT 1 {joins} WHERE {misfit})").fetchone()[0]:
            if check:
                raise KnownError("Some posts of this edit were changed or deleted since; undo the later change first.")
            misfit_rows = conn.execute(f"SELECT r.post_id, r.g {joins} WHERE {misfit}").fetchall()
        misfits: list[tuple[Relink, int]] = []
        if misfit_rows:  # rare: a post whose names or url are not written as its group's
            out: set[tuple[int, int]] = set(misfit_rows)
            conn.executemany("DELETE FROM temp.relink WHERE post_id = ?", [(pid,) for pid, _g in misfit_rows])
            misfits = [(relinks[g], pid) for pid, g in misfit_rows]
            relinks = [
                replace(r, post_ids=array("q", (p for p in r.post_ids if (p, g) not in out)))
                for g, r in enumerate(relinks)
            ]
        conn.execute(f"DELETE FROM {links} WHERE post_id IN (SELECT post_id FROM temp.relink)")
        conn.execute(
            f"INSERT INTO {links} (post_id, {fk}, position) SELECT r.post_id, n.name_id, n.position "
            "FROM temp.relink r JOIN temp.relink_name n ON n.g = r.g"
        )
        conn.execute(  # a correlated row value: faster here than UPDATE ... FROM
            "UPDATE post SET (jekyll, edited, source_name, url) = (SELECT replace(post.jekyll, g.old_frag, g.new_frag), "
            "g.edited, CASE WHEN g.source THEN g.new_source ELSE post.source_name END, "
            "CASE WHEN g.old_prefix IS NULL OR g.old_prefix = g.new_prefix THEN post.url "
            "ELSE g.new_prefix || substr(post.url, length(g.old_prefix) + 1) END "
            "FROM temp.relink r JOIN temp.relink_group g ON g.g = r.g WHERE r.post_id = post.id), updated_at = ? "
            "WHERE id IN (SELECT post_id FROM temp.relink)",
            (now,),
        )
        if any(r.new_mask and r.new_mask != r.old_mask for r in relinks):  # a rename of a renamed tag: none
            conn.execute(
                "INSERT INTO post_pending (post_id, mask) SELECT r.post_id, g.new_mask FROM temp.relink r "
                "JOIN temp.relink_group g ON g.g = r.g WHERE g.new_mask != 0 AND g.new_mask != g.old_mask "
                "ON CONFLICT (post_id) DO UPDATE SET mask = excluded.mask"
            )
        if any(not r.new_mask and r.old_mask for r in relinks):
            conn.execute(
                "DELETE FROM post_pending WHERE post_id IN (SELECT r.post_id FROM temp.relink r "
                "JOIN temp.relink_group g ON g.g = r.g WHERE g.new_mask = 0 AND g.old_mask != 0)"
            )
        return [r for r in relinks if r.post_ids], misfits


def _changed_prefix(old: str, new: str) -> tuple[str, str]:
    """The leading parts of two urls that differ (their common tail left out)."""
    n = 0
    while n < min(len(old), len(new)) and old[len(old) - 1 - n] == new[len(new) - 1 - n]:
        n += 1
    return old[: len(old) - n], new[: len(new) - n]


# --- undo stack -------------------------------------------------------------------------


@dataclass
class UndoStack:
    """Undo/redo over Changes values (and Library edits); the GUI's QUndoStack wraps one of these."""

    curator: Curator
    limit: int = 100
    done: list[Changes] = field(default_factory=list)
    undone: list[Changes] = field(default_factory=list)

    def push(self, changes: Changes) -> Changes:
        """Record a change just made (nothing happens for an empty one)."""
        if changes and changes.undoable:
            self.done.append(changes)
            del self.done[: -self.limit]
            self.undone.clear()
        return changes

    def can_undo(self) -> bool:
        return bool(self.done)

    def can_redo(self) -> bool:
        return bool(self.undone)

    def undo(self) -> Changes:
        changes = self.done.pop()
        try:
            redo = self.curator.undo(changes)
        except Exception:
            self.done.append(changes)
            raise
        self.undone.append(redo)
        return redo

    def redo(self) -> Changes:
        changes = self.undone.pop()
        try:
            again = self.curator.undo(changes)
        except Exception:
            self.undone.append(changes)
            raise
        self.done.append(again)
        return again


def label_of(changes: Changes) -> str:
    return changes.label or "Edit"
