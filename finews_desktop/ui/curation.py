"""The window's curation controller: runs curation work (long work on a worker thread) and keeps a QUndoStack.

Each done `Curation` (or `Library` edit) becomes a `CurationCommand` on the
QUndoStack; its undo/redo call `Curator.undo`, which returns the value that
reverses it again. `changed` tells views what changed (they refresh from it);
`error` carries a known error's words.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from finews_desktop.core.curation import Curation, Curator
from finews_desktop.core.errors import KnownError
from finews_desktop.core.library import Changes, Library
from finews_desktop.ui.tasks import TaskRunner

LONG = 2000  # posts: more than this runs on the worker thread


class CurationCommand(QUndoCommand):
    def __init__(self, controller: CurationController, changes: Changes, label: str) -> None:
        super().__init__(label)
        self.controller = controller
        self.changes = changes
        self._first = True

    def _swap(self) -> None:
        try:
            self.changes = self.controller.curator.undo(self.changes)
        except KnownError as exc:
            self.setObsolete(True)
            self.controller.error.emit(str(exc))
            return
        self.controller.changed.emit(self.changes)

    def redo(self) -> None:
        if self._first:  # the change was already made when it was pushed
            self._first = False
            return
        self._swap()

    def undo(self) -> None:
        self._swap()


class CurationController(QObject):
    changed = Signal(object)  # Changes
    error = Signal(str)
    busy = Signal(bool)

    def __init__(self, library: Library, runner: TaskRunner | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.curator = Curator(library)
        self.runner = runner
        self.undo_stack = QUndoStack(self)
        self.undo_stack.setUndoLimit(100)

    def record(self, changes: Changes | None, label: str) -> None:
        """Put a change already made on the undo stack and tell the views."""
        if not changes:
            return
        if isinstance(changes, Curation) and not changes.undoable:
            self.undo_stack.clear()  # what it deleted cannot come back; older steps may need it
        else:
            self.undo_stack.push(CurationCommand(self, changes, label))
        self.changed.emit(changes)

    def apply(
        self,
        label: str,
        fn: Callable[[Curator], Curation],
        on_done: Callable[[Curation], None] | None = None,
        *,
        size: int = 0,
    ) -> None:
        """Run fn(curator); on the worker thread when it touches many posts (size) and a runner is there."""

        def done(changes: Any) -> None:
            self.busy.emit(False)
            self.record(changes, label)
            if on_done is not None:
                on_done(changes)

        def failed(exc: BaseException) -> None:
            self.busy.emit(False)
            self.error.emit(str(exc) if isinstance(exc, KnownError) else repr(exc))

        if self.runner is not None and size > LONG:
            self.busy.emit(True)
            self.runner.run(lambda _task: fn(Curator(self.library)), name=label, on_done=done, on_error=failed)
            return
        try:
            changes = fn(self.curator)
        except KnownError as exc:
            self.error.emit(str(exc))
            return
        done(changes)
