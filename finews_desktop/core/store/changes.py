"""What a mutation changed: `Changes`, the one type every mutation of the library returns.

The window refreshes from it and the undo stack keeps it; a post's edit inside it
(`PostEdit`) holds the values before and after and the version of the bytes it
replaced, so that `Library.revert` undoes it byte for byte.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from finews_desktop.core.store import pending as _pending
from finews_desktop.core.store.operation import Operation


@dataclass(frozen=True)
class PostEdit:
    """One post's edit: what it changed, the values before and after, and how to undo it."""

    post_id: int
    fields: frozenset[str]  # of title, date, tags, categories, path, front_matter (other keys)
    before: dict[str, Any]  # field -> Jekyll's value before ('date' as date_text); always 'path' and 'copy'
    after: dict[str, Any]
    keys_before: dict[str, Any]  # other front matter keys set or removed -> old value, or frontmatter.ABSENT
    keys_after: dict[str, Any]
    version_id: int  # the post_version holding the bytes before the edit
    was_edited: bool  # post.edited before the edit
    hash_after: str  # content hash after the edit (revert refuses when the post changed since)
    # a post whose tag/category lines were pending (core/store/pending.py) before / after the edit: what revert restores
    pending_before: _pending.Snapshot | None = None
    pending_after: _pending.Snapshot | None = None


@dataclass(frozen=True)
class Changes:
    """What a mutation changed: the one type every mutation returns (Anki's OpChanges).

    Views refresh from it (`post_ids`, `fields`); an undo stack keeps it, and undoing it
    returns the Changes that redo it: post edits go back through Library.revert, `ops`
    (curation's steps: names, collections, trash, relinks) each through its own `undo`
    (core/store/operation.py).
    """

    post_ids: tuple[int, ...] = ()
    fields: frozenset[str] = frozenset()
    edits: tuple[PostEdit, ...] = ()
    label: str = ""  # what the undo menu says ("" for a plain edit)
    ops: tuple[Operation, ...] = ()  # curation's steps, in the order taken
    touched: int = 0  # posts a tag/category change reached
    undoable: bool = True  # False once posts were deleted for good

    @classmethod
    def of(cls, edits: Sequence[PostEdit]) -> Changes:
        fields: set[str] = set()
        for e in edits:
            fields |= e.fields
        return cls(tuple(e.post_id for e in edits), frozenset(fields), tuple(edits))

    def __bool__(self) -> bool:
        return bool(self.post_ids or self.ops)
