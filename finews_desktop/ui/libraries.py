"""Which libraries the user opened: the recent list kept in the settings, and File ▸ Recent Libraries.

The list holds folders, newest first; a folder that no longer holds a library stays listed,
greyed, until the user clears the menu (a removable drive may come back).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import QMenu, QWidget

from finews_desktop.core.paths import LIBRARY_FILE
from finews_desktop.ui import settings as S
from finews_desktop.ui.settings import Settings

MAX_RECENT = 10


def recent_libraries(settings: Settings) -> list[str]:
    return [line for line in settings.get(S.RECENT_LIBRARIES).split("\n") if line]


def remember_library(settings: Settings, folder: str | Path) -> None:
    """Put `folder` first in the recent list (once), keeping the newest MAX_RECENT."""
    text = str(Path(folder).expanduser().resolve())
    folders = [text, *(f for f in recent_libraries(settings) if f != text)][:MAX_RECENT]
    settings.set(S.RECENT_LIBRARIES, "\n".join(folders))
    settings.sync()


def clear_recent_libraries(settings: Settings, keep: str = "") -> None:
    """Forget the recent libraries but `keep` (the open one, listed again once another is opened)."""
    settings.set(S.RECENT_LIBRARIES, keep)
    settings.sync()


def holds_library(folder: str | Path) -> bool:
    return (Path(folder) / LIBRARY_FILE).is_file()


class RecentLibrariesMenu(QMenu):
    """The recent libraries but the open one; missing ones greyed; "Clear Menu". Emits `openRequested`."""

    openRequested = Signal(str)

    def __init__(self, settings: Settings, current: Callable[[], str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("recentLibraries")
        self.settings = settings
        self.current = current
        self.aboutToShow.connect(self.fill)
        self.retranslate()
        self.fill()

    def retranslate(self) -> None:
        self.setTitle(self.tr("Recent &Libraries"))

    def fill(self) -> None:
        self.clear()
        current = self.current()
        folders = [f for f in recent_libraries(self.settings) if f != current]
        for folder in folders:
            action = self.addAction(folder)
            action.setData(folder)
            if holds_library(folder):
                action.triggered.connect(lambda _checked=False, f=folder: self.openRequested.emit(f))
            else:
                action.setEnabled(False)
                action.setToolTip(self.tr("No library in this folder now"))
        if not folders:
            self.addAction(self.tr("No recent libraries")).setEnabled(False)
        self.addSeparator()
        clear = self.addAction(self.tr("&Clear Menu"))
        clear.setObjectName("clearRecentLibraries")
        clear.setEnabled(bool(folders))
        clear.triggered.connect(self._clear)

    def _clear(self) -> None:
        clear_recent_libraries(self.settings, keep=self.current())
        self.fill()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
