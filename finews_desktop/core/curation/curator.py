"""Curating a library: tags, categories, collections, saved searches and the trash, all undoable.

`Curator(lib)` holds the operations. Every mutation runs in one transaction
(`CurationReads.transaction`, core/store/curation_rows.py, where curation's SQL
lives), takes its steps as command objects (core/curation/operations.py),
queues the touched posts for the search index and returns a `Changes` (the one
change type, core/store/changes.py) whose `ops` are those steps. `Curator.undo`
turns it back, returning the `Changes` that redoes it; `UndoStack` keeps them.
Tag and category lists on posts change as sets of alike posts
(core/curation/relabeling.py).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from finews_desktop.core.curation import relabeling
from finews_desktop.core.curation.archive_settings import ArchiveSetting, ChangeArchiveSettings, checked_setting
from finews_desktop.core.curation.journaling import journaled
from finews_desktop.core.curation.operations import (
    AddName,
    AddToCollection,
    CreateCollection,
    DeleteCollection,
    Invertible,
    Member,
    RemoveFromCollection,
    RemoveName,
    RenameCollection,
    SaveSearch,
    SetDisplayName,
    SetTrashed,
    Together,
    TrashState,
    undo_all,
)
from finews_desktop.core.errors import KnownError
from finews_desktop.core.store.changes import Changes, PostEdit
from finews_desktop.core.store.curation_rows import CurationReads, CurationWrites
from finews_desktop.core.store.library import Library
from finews_desktop.core.store.operation import Operation

KINDS = ("tag", "category")

Work = Callable[[CurationWrites], tuple[list[PostEdit], list[Operation]]]  # a mutation's body, in its transaction


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


def _names(values: Iterable[str], what: str) -> list[str]:
    out = []
    for v in values:
        v = str(v).strip()
        if not v:
            raise KnownError(f"A {what} name cannot be empty.")
        out.append(v)
    return list(dict.fromkeys(out))


def _display_name(rows: CurationReads, kind: str, name: str) -> str | None:
    """A category's display name (kept by the steps that delete or make it; tags have none)."""
    return rows.display_name(name) if kind == "category" else None


def _applied(rows: CurationWrites, op: Invertible) -> Invertible:
    op.apply(rows)
    return op


def _only(op: Invertible) -> Work:
    """The work of a mutation that is this one step."""
    return lambda rows: ([], [_applied(rows, op)])


class Curator:
    """Changes operations over one open library (see the module docstring)."""

    def __init__(self, lib: Library) -> None:
        self.lib = lib
        self.rows = CurationReads(lib)

    # --- reading ------------------------------------------------------------------

    def names(self, kind: str, *, filter: str = "", unused: bool = False, used_once: bool = False) -> list[NameCount]:
        """Every tag or category with its post count (trashed posts left out), by name."""
        needle = filter.strip().casefold()
        out = []
        for name, disp, n in self.rows.name_counts(kind):
            if needle and needle not in name.casefold() and needle not in (disp or "").casefold():
                continue
            if (unused and n != 0) or (used_once and n != 1):
                continue
            out.append(NameCount(name, disp, n))
        return out

    def posts_with(self, kind: str, names: Iterable[str]) -> list[int]:
        """Ids of every post (trashed ones too) carrying any of these names."""
        return self.rows.posts_with(kind, list(names))

    def exists(self, kind: str, name: str) -> bool:
        return self.rows.name_exists(kind, name)

    def count_touched(self, kind: str, names: Iterable[str]) -> int:
        """How many posts (trashed ones too) a delete or merge of these names would change (counted in SQL)."""
        return self.rows.count_posts_with(kind, list(names))

    # --- tags and categories ----------------------------------------------------

    def create(self, kind: str, name: str) -> Changes:
        (name,) = _names([name], kind)
        if self.exists(kind, name):
            raise NameExistsError(kind, name, name)
        return self._run(f"Create {kind} {name}", _only(AddName(kind, name)))

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

        def relist(names: list[str]) -> list[str]:
            out: list[str] = []
            for n in names:
                n = target if n in gone else n
                if n not in out:
                    out.append(n)
            return out

        def work(rows: CurationWrites) -> tuple[list[PostEdit], list[Operation]]:
            ops: list[Operation] = []
            if not rows.name_exists(kind, target):  # a lone category's display name goes with it
                display = _display_name(rows, kind, sources[0]) if len(sources) == 1 else None
                ops.append(_applied(rows, AddName(kind, target, display)))
            edits, relabels = self._relabel(rows, kind, (), relist, having=sources)
            ops.extend(relabels)
            ops.extend(_applied(rows, RemoveName(kind, s, _display_name(rows, kind, s))) for s in sources)
            return edits, ops

        touched = self.count_touched(kind, sources)
        return self._run(label or f"Merge {', '.join(sources)} into {target}", work, touched=touched)

    @journaled
    def delete(self, kind: str, names: Iterable[str]) -> Changes:
        """Take these names off every post and out of the library; `touched` says how many posts."""
        names = _names(names, kind)
        gone = set(names)

        def work(rows: CurationWrites) -> tuple[list[PostEdit], list[Operation]]:
            edits, ops = self._relabel(rows, kind, (), lambda ns: [n for n in ns if n not in gone], having=names)
            ops.extend(
                _applied(rows, RemoveName(kind, s, _display_name(rows, kind, s)))
                for s in names
                if rows.name_exists(kind, s)
            )
            return edits, ops

        touched = self.count_touched(kind, names)
        return self._run(f"Delete {kind} {', '.join(names)}", work, touched=touched)

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

    def _bulk(self, kind: str, post_ids: Iterable[int], relist: relabeling.Relist, label: str) -> Changes:
        ids = list(dict.fromkeys(int(i) for i in post_ids))
        return self._run(label, lambda rows: self._relabel(rows, kind, ids, relist), touched=len(ids))

    def _relabel(
        self,
        rows: CurationWrites,
        kind: str,
        ids: Sequence[int],
        relist: relabeling.Relist,
        *,
        having: Sequence[str] | None = None,
    ) -> tuple[list[PostEdit], list[Operation]]:
        """Give each post relist(its names): the posts `ids`, or (`having`) every post with one of these names."""
        return relabeling.relabel(rows, kind, relist, ids=ids, having=having)

    def set_display_name(self, slug: str, display_name: str | None) -> Changes:
        """A category's display name (library only; the posts keep their slug)."""
        if not self.exists("category", slug):
            raise KnownError(f"There is no category named {slug!r}.")
        after = (display_name or "").strip() or None

        def work(rows: CurationWrites) -> tuple[list[PostEdit], list[Operation]]:
            return [], [_applied(rows, SetDisplayName(slug, before=rows.display_name(slug), after=after))]

        return self._run(f"Rename category {slug}", work)

    # --- collections and saved searches ----------------------------------------------

    def collections(self) -> list[NameCount]:
        return [NameCount(n, None, c) for n, c in self.rows.collection_counts()]

    def collection_post_ids(self, name: str) -> list[int]:
        return self.rows.collection_post_ids(self._collection_id(name))

    def _collection_id(self, name: str) -> int:
        cid = self.rows.collection_id(name)
        if cid is None:
            raise KnownError(f"There is no collection named {name!r}.")
        return cid

    def create_collection(self, name: str) -> Changes:
        (name,) = _names([name], "collection")
        if self.rows.collection_id(name) is not None:
            raise KnownError(f"There is already a collection named {name!r}.")
        return self._run(f"Create collection {name}", _only(CreateCollection(name, int(time.time()))))

    def rename_collection(self, old: str, new: str) -> Changes:
        (new,) = _names([new], "collection")
        self._collection_id(old)
        if old == new:
            return Changes()
        if self.rows.collection_id(new) is not None:
            raise KnownError(f"There is already a collection named {new!r}.")
        return self._run(f"Rename collection {old}", _only(RenameCollection(before=old, after=new)))

    @journaled
    def delete_collection(self, name: str) -> Changes:
        cid = self._collection_id(name)
        members = tuple(Member(p, a) for p, a in self.rows.collection_members(cid))
        step = DeleteCollection(name, self.rows.collection_created_at(cid), members)
        return self._run(f"Delete collection {name}", _only(step))

    @journaled
    def add_to_collection(self, name: str, post_ids: Iterable[int]) -> Changes:
        have = {p for p, _a in self.rows.collection_members(self._collection_id(name))}
        now = int(time.time())
        new = tuple(Member(int(i), now) for i in dict.fromkeys(post_ids) if int(i) not in have)
        self._check_posts([m.post_id for m in new])
        return self._run(f"Add to collection {name}", _only(AddToCollection(name, new)))

    @journaled
    def remove_from_collection(self, name: str, post_ids: Iterable[int]) -> Changes:
        wanted = {int(i) for i in post_ids}
        members = self.rows.collection_members(self._collection_id(name))
        gone = tuple(Member(p, a) for p, a in members if p in wanted)
        return self._run(f"Remove from collection {name}", _only(RemoveFromCollection(name, gone)))

    def saved_searches(self) -> list[tuple[str, str]]:
        return self.rows.saved_searches()

    def save_search(self, name: str, query: str) -> Changes:
        (name,) = _names([name], "saved search")
        step = SaveSearch(name, before=self.rows.saved_query(name), after=query)
        return self._run(f"Save search {name}", _only(step))

    def delete_search(self, name: str) -> Changes:
        before = self.rows.saved_query(name)
        if before is None:
            raise KnownError(f"There is no saved search named {name!r}.")
        return self._run(f"Delete search {name}", _only(SaveSearch(name, before=before, after=None)))

    # --- trash ------------------------------------------------------------------------

    def trashed_ids(self) -> list[int]:
        return self.rows.trashed_ids()

    @journaled
    def trash(self, post_ids: Iterable[int]) -> Changes:
        ids = list(dict.fromkeys(int(i) for i in post_ids))
        self._check_posts(ids)
        now = int(time.time())
        states = tuple(TrashState(pid, None, now) for pid, old in self.rows.trash_states(ids) if old is None)
        return self._run(f"Move {len(states)} posts to the trash", _only(SetTrashed(states)))

    @journaled
    def restore(self, post_ids: Iterable[int] | None = None) -> Changes:
        """Take posts out of the trash (all of it when no ids are given)."""
        ids = self.trashed_ids() if post_ids is None else list(dict.fromkeys(int(i) for i in post_ids))
        states = tuple(TrashState(pid, old, None) for pid, old in self.rows.trash_states(ids) if old is not None)
        return self._run(f"Restore {len(states)} posts", _only(SetTrashed(states)))

    @journaled
    def empty_trash(self, post_ids: Iterable[int] | None = None) -> Changes:
        """Delete trashed posts for good, leaving tombstones so a re-import does not bring them back. Not undoable."""
        trashed = self.trashed_ids()
        ids = trashed if post_ids is None else [i for i in post_ids if i in set(trashed)]
        with self.rows.transaction() as rows:
            rows.delete_for_good(ids, int(time.time()))
            rows.posts_changed(ids)
        return Changes(
            post_ids=tuple(ids),
            fields=frozenset({"deleted"}),
            label=f"Delete {len(ids)} posts for good",
            undoable=False,
        )

    def _check_posts(self, ids: Sequence[int]) -> None:
        found = {pid for pid, _ in self.rows.trash_states(ids)}
        missing = [i for i in ids if i not in found]
        if missing:
            raise KnownError(f"There is no post with id {missing[0]}.")

    # --- undo ---------------------------------------------------------------------

    # --- an archive's settings (archive_settings.py) -----------------------------------------

    def set_archive_settings(self, archive_id: int, timezone: str, config: bytes | None) -> Changes:
        """Read the archive's posts by this zone and `_config.yml` from now on (undoable)."""
        after = checked_setting(timezone, config)

        def work(rows: CurationWrites) -> tuple[list[PostEdit], list[Operation]]:
            before = ArchiveSetting(*rows.archive_settings(archive_id))
            if before == after:
                return [], []
            return [], [ChangeArchiveSettings(archive_id, before, after).apply(rows)]

        return self._run("Change archive settings", work)

    def undo(self, changes: Changes) -> Changes:
        """Undo a Changes (or a Library edit's Changes); returns the Changes that redoes it."""
        if not changes.undoable:
            raise KnownError("Posts deleted for good cannot be brought back by undo.")
        return self._run(
            changes.label, lambda rows: undo_all(rows, changes.edits, changes.ops), touched=changes.touched
        )

    def bulk(self, post_ids: Sequence[int], steps: Sequence[tuple[str, str, list[str]]]) -> Changes:
        """Several tag/category steps on one selection, (kind, "add"|"remove"|"set", names) each, in one
        transaction and undone together (the bulk edit dialog's OK)."""
        actions = {"add": self.add, "remove": self.remove, "set": self.set}
        with self.rows.transaction():
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
            ops=tuple(Together(p) for p in parts if p),
            touched=max((p.touched for p in parts), default=0),
        )

    # --- machinery ------------------------------------------------------------------

    def _run(self, label: str, work: Work, touched: int = 0) -> Changes:
        """Run a mutation's work in one transaction; its Changes say what the edits and steps changed."""
        with self.rows.transaction() as rows:
            edits, ops = work(rows)
            ids, fields = _what_changed(edits, ops)
            rows.posts_changed(_indexed_ids(edits, ops))
        return Changes(
            post_ids=tuple(ids),
            fields=fields,
            edits=tuple(edits),
            label=label,
            ops=tuple(ops),
            touched=touched,
        )


def _what_changed(edits: Sequence[PostEdit], ops: Sequence[Operation]) -> tuple[list[int], frozenset[str]]:
    """The posts (each once, in order) and fields that edits and steps changed."""
    ids = [e.post_id for e in edits]
    fields: set[str] = set()
    for e in edits:
        fields |= e.fields
    for op in ops:
        ids.extend(op.post_ids)
        fields |= op.fields
    return list(dict.fromkeys(ids)), frozenset(fields)


def _indexed_ids(edits: Sequence[PostEdit], ops: Sequence[Operation]) -> list[int]:
    """The posts whose search index entries the edits and steps outdated: not those of steps on the
    library's own rows alone (read state, notes: `indexed` False), which the search reads directly."""
    ids = [e.post_id for e in edits]
    for op in ops:
        if getattr(op, "indexed", True):
            ids.extend(op.post_ids)
    return list(dict.fromkeys(ids))


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
