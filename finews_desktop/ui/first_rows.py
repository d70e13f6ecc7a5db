"""Start-up work that waits until the window's first rows are painted.

The parts of the window have start-up work the first rows do not need: imports of numpy,
pyqtgraph or watchdog, the sidebar's counts, watched folders' observers, badges, a timeline's
count. Done before the first paint, it took the window's thread or one of a 2-core machine's
cores from it (issue 23). `AfterFirstRows` runs such work once the first list is shown and its
rows painted, one piece per turn of the event loop, so that events in between are answered;
should the first list fail or never paint (an empty library shows no rows), after a while anyway.
A synchronous window (tests) runs the work at once, as before.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, QTimer

FALLBACK_MS = 2000  # from the start: the work runs by then, whatever the first list does
PAINT_WAIT_MS = 500  # from the first list shown: its rows' paint is expected by then (Qt paints ~5 ms later)


class AfterFirstRows(QObject):
    """The start-up work of a MainWindow's parts, run after its first rows are painted (see the module)."""

    def __init__(self, window: Any) -> None:  # MainWindow
        super().__init__(window)
        self.window = window
        self.waiting: list[Callable[[], None]] | None = []  # None: the first rows were painted
        self.listening = False

    def add(self, work: Callable[[], None], *, first: bool = False) -> None:
        """`first`: before the work added so far (work that starts a worker, so that it runs beside the rest)."""
        if self.window.ctx.synchronous:
            work()
            return
        if self.waiting is None:
            QTimer.singleShot(0, self, work)
            return
        if not self.listening:
            self.listening = True
            self.window.listApplied.connect(self._list_shown)
            QTimer.singleShot(FALLBACK_MS, self, self._run)
        if first:
            self.waiting.insert(0, work)
        else:
            self.waiting.append(work)

    def _list_shown(self) -> None:
        self.window.listApplied.disconnect(self._list_shown)
        table = self.window.table
        if table.isVisible() and self.window.model.rowCount():
            table.viewport().installEventFilter(self)
            QTimer.singleShot(PAINT_WAIT_MS, self, self._run)  # should no paint come
        else:
            QTimer.singleShot(0, self, self._run)  # no rows to paint (the empty state shows)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self, self._run)  # once this paint is done and on the screen
        return False

    def _run(self) -> None:
        waiting, self.waiting = self.waiting, None
        if not waiting:
            return
        self.window.table.viewport().removeEventFilter(self)

        def next_one() -> None:
            if waiting and not self.window._closing:
                waiting.pop(0)()
                QTimer.singleShot(0, self, next_one)

        next_one()
