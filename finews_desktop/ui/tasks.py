"""Background work: a plain function run off the main thread, talking back only by signals.

A `Task` wraps a function `fn(task) -> result`. The function runs on a worker
thread and may call `task.report_progress`, `task.report_batch` and
`task.is_cancelled`; the task's signals are delivered on the main thread.
Workers get ids and dataclasses, never widgets. Each worker thread of a
`TaskRunner` keeps its own peewee connection (peewee's connections are
thread-local); `shutdown` closes them.

Work that runs Python for long (searching a million posts, importing, indexing)
goes one step further, into a child process (`worker_process.LibraryProcess`),
because a thread of the window's process holds the GIL the window needs;
`in_child` relays the child's progress and batches as this task's signals.

Tests make the work synchronous with `TaskRunner(synchronous=True)`: the
function then runs inside `start` and the signals are delivered directly.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from finews_desktop.workers.process import LibraryProcess

log = logging.getLogger(__name__)


class Task(QObject):
    """One piece of background work and its signals (emitted from the worker thread)."""

    progress = Signal(int, int, str)  # done, total, what
    batch = Signal(object)  # list[int]: post ids written
    succeeded = Signal(object)  # the function's result
    failed = Signal(object)  # the exception (a KnownError to show in words, or a bug)
    finished = Signal()  # always last

    def __init__(self, fn: Callable[[Task], Any], *, name: str = "") -> None:
        super().__init__()
        self.fn = fn
        self.name = name
        self._cancel = threading.Event()
        self._cancel_hooks: list[Callable[[], None]] = []
        self.running = False
        self.done = False

    def cancel(self) -> None:
        self._cancel.set()
        for hook in self._cancel_hooks:
            hook()

    def on_cancel(self, hook: Callable[[], None]) -> None:
        """Also call hook (on the cancelling thread) when cancelled: e.g. to tell a child process."""
        self._cancel_hooks.append(hook)
        if self._cancel.is_set():
            hook()

    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    # called by the function, on the worker thread
    def report_progress(self, done: int, total: int, what: str = "") -> None:
        self.progress.emit(done, total, what)

    def report_batch(self, ids: list[int]) -> None:
        self.batch.emit(list(ids))

    def execute(self) -> None:
        self.running = True
        try:
            result = self.fn(self)
        except Exception as exc:
            from finews_desktop.core.errors import KnownError

            if not isinstance(exc, KnownError):
                log.exception("background task %r failed", self.name)
            self.running, self.done = False, True
            self.failed.emit(exc)
        else:
            self.running, self.done = False, True
            self.succeeded.emit(result)
        self.finished.emit()


class _Runnable(QRunnable):
    def __init__(self, task: Task, release: Signal) -> None:
        super().__init__()
        self.task: Task | None = task
        self.release = release
        self.setAutoDelete(True)

    def run(self) -> None:
        task, self.task = self.task, None
        assert task is not None
        task.execute()
        # The task (a QObject of the main thread) must not be destroyed on this thread: the
        # queued signal holds a reference until the main thread takes it, so the last one
        # is always dropped there, whatever this thread does next.
        try:
            self.release.emit(task)
        except RuntimeError:
            # the runner is gone (its window closed while this ran; its pool waits for this thread):
            # keep the task rather than destroy a main-thread object here
            _ORPHANED_TASKS.append(task)


_ORPHANED_TASKS: list[Task] = []


class _Call(QRunnable):
    """A function for the pool. Not QRunnable.create: PySide keeps the wrapper of the runnable
    it makes after the pool deletes it, and a new object at the same address (a view's
    selection model, once) came back from Qt as that stale QRunnable."""

    def __init__(self, fn: Callable[[], None]) -> None:
        super().__init__()
        self.fn = fn
        self.setAutoDelete(True)

    def run(self) -> None:
        self.fn()


class TaskRunner(QObject):
    """Runs tasks one after another on one long-lived worker thread (or inline, for tests)."""

    _released = Signal(object)  # a task the worker thread is done with (delivered on the main thread)

    def __init__(self, name: str, *, synchronous: bool = False, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self.synchronous = synchronous
        self._tasks: set[Task] = set()  # keeps running tasks (and their signals) alive
        self._pool: QThreadPool | None = None
        self._released.connect(self._release)
        if not synchronous:
            self._pool = QThreadPool(self)
            self._pool.setMaxThreadCount(1)
            self._pool.setExpiryTimeout(-1)  # keep the thread, and so its database connection

    @Slot(object)
    def _release(self, task: Task) -> None:
        self._tasks.discard(task)

    def start(self, task: Task) -> Task:
        if self._pool is None:
            task.execute()
        else:
            self._tasks.add(task)  # until the worker thread has let go of it (`_released`)
            self._pool.start(_Runnable(task, self._released))
        return task

    def run(
        self,
        fn: Callable[[Task], Any],
        *,
        name: str = "",
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        on_finished: Callable[[], None] | None = None,
    ) -> Task:
        """Start fn on the worker; the callbacks are connected first, so they also fire when synchronous."""
        task = Task(fn, name=name)
        if on_done is not None:
            task.succeeded.connect(on_done)
        if on_error is not None:
            task.failed.connect(on_error)
        if on_finished is not None:
            task.finished.connect(on_finished)
        return self.start(task)

    def busy(self) -> bool:
        return bool(self._tasks)

    def shutdown(self, finalizer: Callable[[], None] | None = None, timeout_ms: int = 30_000) -> None:
        """Cancel what is queued or running, run `finalizer` on the worker thread, and wait."""
        for task in list(self._tasks):
            task.cancel()
        if self._pool is None:
            if finalizer is not None:
                finalizer()
            return
        self._pool.clear()
        if finalizer is not None:
            self._pool.start(_Call(finalizer))
        self._pool.waitForDone(timeout_ms)


def in_child(task: Task, process: LibraryProcess, fn: Callable[..., Any], *args: Any) -> Any:
    """Run `fn(library, *args, channel)` in `process` (blocking this worker thread, not the window).

    The child's ("progress", done, total, what) and ("batch", ids) messages become
    the task's signals; cancelling the task tells the child.
    """
    task.on_cancel(process.cancel)

    def relay(message: tuple[Any, ...]) -> None:
        kind, *rest = message
        if kind == "progress":
            task.report_progress(*rest)
        elif kind == "batch":
            task.report_batch(rest[0])

    return process.call(fn, *args, on_message=relay, with_channel=True)
