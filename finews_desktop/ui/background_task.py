"""A long job of the window (an export, a table) run as a `Task` off its thread, with progress and Cancel in the
status bar.

File ▸ Export… and File ▸ Export Table… run the same way: one job at a time per part, its progress in the
status bar while it runs, Cancel (the status bar's button or the Cancel action) asking it to stop, and the
status bar's progress and Cancel left to whatever else is still running (an import, its indexing, the other
part's job) when it ends. `BackgroundTaskUi` holds that; a part says what its job is (`run`), how its progress
reads (`progress_label`) and what to do with the result or the error (`_done`, `_failed`, `_emit_finished`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject

from finews_desktop.ui.tasks import Task, TaskRunner


class BackgroundTaskUi(QObject):
    """One window part's background job (`run`), with the window's progress and Cancel."""

    def __init__(self, window: Any, name: str) -> None:
        super().__init__(window)
        self.window = window
        self.runner = TaskRunner(name, synchronous=window.ctx.synchronous, parent=self)
        window.progress.cancelRequested.connect(self.cancel)
        window.actions.cancel_task.triggered.connect(self.cancel)
        window.installEventFilter(self)
        self._task: Task | None = None
        self._result: Any = None
        self.last_error = ""

    def retranslate(self) -> None:
        """The part's own words again (a language switch)."""

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if obj is self.window:
            if event.type() == QEvent.Type.LanguageChange:
                self.retranslate()
            elif event.type() == QEvent.Type.Close:
                self.cancel()
                self.runner.shutdown()
        return False

    def busy(self) -> bool:
        return self._task is not None

    def run(self, work: Callable[[Task], Any], name: str, status: str) -> None:
        """Start `work` as this part's job; `status` is what the status bar says while it runs."""
        self._result = None
        task = Task(work, name=name)
        task.progress.connect(self._progress)
        task.succeeded.connect(self._succeeded)
        task.failed.connect(self._failed)
        task.finished.connect(self._finished)
        self._task = task
        self.window.progress.start(status)
        self.window.actions.cancel_task.setEnabled(True)
        self.runner.start(task)

    def cancel(self) -> None:
        if self._task is not None and not self._task.is_cancelled():
            self._task.cancel()
            self.window.progress.cancelling()

    def progress_label(self) -> str:
        """What the status bar says beside the progress bar."""
        return ""

    def _progress(self, done: int, total: int, _what: str) -> None:
        if self._task is not None and not self._task.is_cancelled():
            self.window.progress.update_progress(done, total, self.progress_label())

    def _succeeded(self, result: Any) -> None:
        self._result = result
        self._done(result)

    def _done(self, result: Any) -> None:
        """The job's result, once it succeeded."""

    def _failed(self, exc: BaseException) -> None:
        """The job stopped on an error."""

    def _emit_finished(self, result: Any) -> None:
        """The job ended (its result, or None after a failure): the part's own signal, which tests wait on."""

    def _finished(self) -> None:
        result, self._result = self._result, None
        self._task = None
        others = [self.window.import_runner, *self.window.findChildren(BackgroundTaskUi)]
        if not any(o is not self and o.busy() for o in others):  # another job keeps its progress and Cancel
            self.window.progress.stop()
            self.window.actions.cancel_task.setEnabled(False)
        self._emit_finished(result)
