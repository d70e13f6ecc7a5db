"""Curation's steps as command objects (git-cola's commands, Qt's QUndoCommand): each applies and undoes itself.

A step holds the states it moves between as named fields, so that its undo is
the same step the other way (`inverse`). `Changes.ops` (core/store/changes.py)
holds the steps a mutation took, in order; undoing the Changes undoes them
newest first (`undo_all`), and each undo returns the step that redoes it. The
steps run inside one transaction's `CurationWrites` (core/store/curation_rows.py),
which holds their SQL.
"""

from __future__ import annotations

import time
from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar, NamedTuple

from finews_desktop.core.store.changes import Changes, PostEdit
from finews_desktop.core.store.curation_rows import CurationWrites
from finews_desktop.core.store.operation import Operation
from finews_desktop.core.store.relinks import Relink


class Member(NamedTuple):
    """A post in a collection."""

    post_id: int
    added_at: int


class TrashState(NamedTuple):
    """A post's trashed_at before and after a step (None: not in the trash)."""

    post_id: int
    before: int | None
    after: int | None


class Invertible(ABC):
    """A step whose inverse is known before it runs: its undo applies the inverse."""

    FIELD: ClassVar[str]  # what `Changes.fields` says it changed

    @property
    def post_ids(self) -> Sequence[int]:
        return ()

    @property
    def fields(self) -> frozenset[str]:
        return frozenset({self.FIELD})

    @abstractmethod
    def apply(self, rows: CurationWrites) -> None:
        """Put the rows in this step's after state."""

    @abstractmethod
    def inverse(self) -> Invertible:
        """The step from the after state back to the before state."""

    def undo(self, rows: CurationWrites) -> Invertible:
        inverse = self.inverse()
        inverse.apply(rows)
        return inverse


# --- tags and categories --------------------------------------------------------------


@dataclass(frozen=True)
class AddName(Invertible):
    """A tag or category row made (nothing when it exists)."""

    FIELD: ClassVar[str] = "row_add"
    kind: str
    name: str
    display_name: str | None = None

    def apply(self, rows: CurationWrites) -> None:
        rows.add_name(self.kind, self.name, self.display_name)

    def inverse(self) -> RemoveName:
        return RemoveName(self.kind, self.name, self.display_name)


@dataclass(frozen=True)
class RemoveName(Invertible):
    """A tag or category row deleted once no post links to it (its display name kept for the undo)."""

    FIELD: ClassVar[str] = "row_del"
    kind: str
    name: str
    display_name: str | None = None

    def apply(self, rows: CurationWrites) -> None:
        rows.drop_unused_name(self.kind, self.name)

    def inverse(self) -> AddName:
        return AddName(self.kind, self.name, self.display_name)


@dataclass(frozen=True)
class SetDisplayName(Invertible):
    """A category's display name (the library's; posts keep their slug)."""

    FIELD: ClassVar[str] = "display"
    slug: str
    before: str | None
    after: str | None

    def apply(self, rows: CurationWrites) -> None:
        rows.set_display_name(self.slug, self.after)

    def inverse(self) -> SetDisplayName:
        return SetDisplayName(self.slug, before=self.after, after=self.before)


@dataclass(frozen=True)
class Relabel(Invertible):
    """Groups of posts whose tags or categories went from one state to another (core/store/relinks.py).

    Its first run is `relabeling.relabel`'s (which leaves misfits to one-by-one edits);
    `apply` is a redo, refused when a post is no longer in its group's before state.
    """

    FIELD: ClassVar[str] = "relinks"
    relinks: tuple[Relink, ...]

    @property
    def post_ids(self) -> Sequence[int]:
        return [pid for r in self.relinks for pid in r.post_ids]

    @property
    def fields(self) -> frozenset[str]:
        return frozenset("tags" if r.kind == "tag" else "categories" for r in self.relinks)

    def apply(self, rows: CurationWrites) -> None:
        rows.write_relinks(self.relinks, int(time.time()), check=True)

    def inverse(self) -> Relabel:
        return Relabel(tuple(r.swapped() for r in self.relinks))


# --- collections and saved searches ----------------------------------------------------


@dataclass(frozen=True)
class CreateCollection(Invertible):
    """A collection made (with the members it had, when it comes back from a delete)."""

    FIELD: ClassVar[str] = "coll_add"
    name: str
    created_at: int
    members: tuple[Member, ...] = ()

    def apply(self, rows: CurationWrites) -> None:
        rows.insert_collection(self.name, self.created_at, self.members)

    def inverse(self) -> DeleteCollection:
        return DeleteCollection(self.name, self.created_at, self.members)


@dataclass(frozen=True)
class DeleteCollection(Invertible):
    """A collection deleted (its posts stay in the library)."""

    FIELD: ClassVar[str] = "coll_del"
    name: str
    created_at: int
    members: tuple[Member, ...] = ()

    def apply(self, rows: CurationWrites) -> None:
        rows.delete_collection(self.name)

    def inverse(self) -> CreateCollection:
        return CreateCollection(self.name, self.created_at, self.members)


@dataclass(frozen=True)
class RenameCollection(Invertible):
    FIELD: ClassVar[str] = "coll_rename"
    before: str
    after: str

    def apply(self, rows: CurationWrites) -> None:
        rows.rename_collection(self.before, self.after)

    def inverse(self) -> RenameCollection:
        return RenameCollection(before=self.after, after=self.before)


@dataclass(frozen=True)
class AddToCollection(Invertible):
    FIELD: ClassVar[str] = "collections"
    name: str
    members: tuple[Member, ...]

    def apply(self, rows: CurationWrites) -> None:
        rows.add_members(self.name, self.members)

    def inverse(self) -> RemoveFromCollection:
        return RemoveFromCollection(self.name, self.members)


@dataclass(frozen=True)
class RemoveFromCollection(Invertible):
    FIELD: ClassVar[str] = "collections"
    name: str
    members: tuple[Member, ...]  # with the dates they were added, for the undo

    def apply(self, rows: CurationWrites) -> None:
        rows.remove_members(self.name, [m.post_id for m in self.members])

    def inverse(self) -> AddToCollection:
        return AddToCollection(self.name, self.members)


@dataclass(frozen=True)
class SaveSearch(Invertible):
    """A saved search's query (None: no search of that name)."""

    FIELD: ClassVar[str] = "search"
    name: str
    before: str | None
    after: str | None

    def apply(self, rows: CurationWrites) -> None:
        rows.put_saved_search(self.name, self.after)

    def inverse(self) -> SaveSearch:
        return SaveSearch(self.name, before=self.after, after=self.before)


# --- trash ------------------------------------------------------------------------------


@dataclass(frozen=True)
class SetTrashed(Invertible):
    """Posts moved to the trash or out of it."""

    FIELD: ClassVar[str] = "trashed"
    states: tuple[TrashState, ...]

    @property
    def post_ids(self) -> Sequence[int]:
        return [s.post_id for s in self.states]

    def apply(self, rows: CurationWrites) -> None:
        rows.set_trashed((s.post_id, s.after) for s in self.states)

    def inverse(self) -> SetTrashed:
        return SetTrashed(tuple(TrashState(s.post_id, before=s.after, after=s.before) for s in self.states))


# --- several changes as one ---------------------------------------------------------------


@dataclass(frozen=True)
class Together:
    """Changes made one after another, undone as one (newest first): the bulk edit dialog's steps."""

    changes: Changes

    @property
    def post_ids(self) -> Sequence[int]:
        return self.changes.post_ids

    @property
    def fields(self) -> frozenset[str]:
        return self.changes.fields

    def undo(self, rows: CurationWrites) -> Together:
        edits, ops = undo_all(rows, self.changes.edits, self.changes.ops)
        return Together(Changes(post_ids=self.changes.post_ids, fields=self.fields, edits=tuple(edits), ops=tuple(ops)))


def undo_all(
    rows: CurationWrites, edits: Sequence[PostEdit], ops: Sequence[Operation]
) -> tuple[list[PostEdit], list[Operation]]:
    """Undo a Changes' edits and steps, newest first; returns what redoes them."""
    now = int(time.time())  # posts first: a row goes only once no post links to it
    reverted = [rows.revert(e, now) for e in reversed(edits)]
    return reverted, [op.undo(rows) for op in reversed(ops)]
