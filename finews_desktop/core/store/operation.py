"""The undoable step that a `Changes` holds (core/store/changes.py): the store keeps it, curation makes it.

Curation's command objects (core/curation/operations.py) implement it, as
QUndoCommand's subclasses do Qt's: each says which posts and fields it changed,
and `undo` turns it back inside a transaction and returns the step that does it
again. `rows` is that transaction's `CurationWrites` (core/store/curation_rows.py);
it is typed `Any` here because that module builds on library.py, which builds on
this one.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol


class Operation(Protocol):
    @property
    def post_ids(self) -> Sequence[int]:
        """Posts whose rows this step changed (the views refresh them)."""
        ...

    @property
    def fields(self) -> frozenset[str]:
        """What it changed, in `Changes.fields`' words."""
        ...

    def undo(self, rows: Any) -> Operation:
        """Turn this step back; returns the step that redoes it."""
        ...
