"""The worker-thread task runner (ui/tasks.py)."""

from __future__ import annotations

import gc

import shiboken6
from PySide6.QtCore import QRunnable

from finews_desktop.ui.tasks import TaskRunner


def test_shutdown_runs_its_finalizer_and_leaves_no_wrapper_of_a_deleted_runnable(qtbot) -> None:  # type: ignore[no-untyped-def]
    """A runnable the pool deletes must not stay known to PySide: a new Qt object at its address
    (once, a sidebar's selection model) would come back to Python as that QRunnable."""
    runner = TaskRunner("test")
    ran: list[int] = []
    runner.run(lambda task: ran.append(1))
    runner.shutdown(lambda: ran.append(2))
    assert ran == [1, 2]
    gc.collect()
    assert not [o for o in gc.get_objects() if isinstance(o, QRunnable) and shiboken6.isValid(o)]
