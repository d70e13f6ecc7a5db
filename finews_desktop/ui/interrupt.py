"""Ctrl+C in the terminal that started the app: close the window as its Quit would, with no traceback.

Python runs a signal handler only between bytecodes, and the Qt event loop runs none while it
waits: the C-level handler writes to a socket (signal.set_wakeup_fd) that a QSocketNotifier
watches, so the loop wakes at once. The window's close ends the worker processes (they
ignore SIGINT: workers/process.py starts them with it blocked).
"""

from __future__ import annotations

import signal
import socket
from collections.abc import Callable

from PySide6.QtCore import QObject, QSocketNotifier, QTimer


class SigintHandler(QObject):
    """While it lives, SIGINT calls `quit` on the event loop (once); `restore` gives back the old handler."""

    def __init__(self, quit: Callable[[], object], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.quit = quit
        self.received = False
        self._reader, self._writer = socket.socketpair()
        self._reader.setblocking(False)
        self._writer.setblocking(False)
        self._old_fd = signal.set_wakeup_fd(self._writer.fileno())
        self._old_handler = signal.signal(signal.SIGINT, self._on_signal)
        self._notifier = QSocketNotifier(self._reader.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._drain)

    def _on_signal(self, _signum: int, _frame: object) -> None:
        if not self.received:
            self.received = True
            QTimer.singleShot(0, self.quit)

    def _drain(self) -> None:
        try:
            while self._reader.recv(64):
                pass
        except (BlockingIOError, InterruptedError):
            pass

    def restore(self) -> None:
        signal.signal(signal.SIGINT, self._old_handler)
        signal.set_wakeup_fd(self._old_fd)
        self._notifier.setEnabled(False)
        self._reader.close()
        self._writer.close()


def install_sigint_handler(quit: Callable[[], object], parent: QObject | None = None) -> SigintHandler:
    return SigintHandler(quit, parent)
