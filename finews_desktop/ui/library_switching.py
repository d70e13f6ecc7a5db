"""File ▸ Open Library and File ▸ Recent Libraries: another library in the same window.

`LibrarySwitcher` asks for the folder, waits for what reads the open library (an import, an export),
opens the new one with the start-up's checks and offers (`WindowContext.open_library`, app.py), has the
window show it (`MainWindow.use_library`), and remembers it (`libraries.py`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog, QMessageBox

from finews_desktop.core.errors import KnownError
from finews_desktop.core.store.library import Library
from finews_desktop.ui import settings as S
from finews_desktop.ui.libraries import RecentLibrariesMenu, remember_library


class LibrarySwitcher(QObject):
    """Opens another library in a MainWindow; its `recent_menu` is File ▸ Recent Libraries."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window = window
        self.recent_menu = RecentLibrariesMenu(window.settings, lambda: str(window.library.folder), window)
        self.recent_menu.openRequested.connect(self.switch_library)

    def choose_library(self) -> None:
        window = self.window
        folder = QFileDialog.getExistingDirectory(
            window, self.tr("Open Library"), str(window.library.folder.parent), QFileDialog.Option.ShowDirsOnly
        )
        if folder:
            self.switch_library(folder)

    def switch_library(self, folder: str) -> bool:
        """Open the library in `folder` instead of this one (the start-up's checks and offers, app.py), then
        close this one: its workers' connections, the list process, the undo steps that belong to it.
        False when it was not opened (this one stays open)."""
        from finews_desktop.core.paths import default_library_dir

        wanted = Path(folder).expanduser() if folder else default_library_dir()
        if wanted.resolve() == self.window.library.folder.resolve():
            return True
        if not self._may_switch(folder):
            return False
        new = self._open(folder)
        if new is None:
            return False
        self.window.use_library(new)
        self._remember(new)
        return True

    def _may_switch(self, folder: str) -> bool:
        """Nothing reads the open library: a running import opens the new one when it ends, a running
        export must end first."""
        window = self.window
        if window.importing.busy():
            QMessageBox.information(
                window, self.tr("Open Library"), self.tr("The new library will be opened when the import ends.")
            )
            window.importFinished.connect(lambda _r: self.switch_library(folder))
            return False
        if window.ctx.open_library is None:
            return False
        exporting = getattr(window, "exporting", None)
        if exporting is not None and exporting.busy():  # it reads this library until it ends
            QMessageBox.information(
                window, self.tr("Open Library"), self.tr("Another library can be opened when the export ends.")
            )
            return False
        return True

    def _open(self, folder: str) -> Library | None:
        """The library in `folder`, opened through app.py's checks (None: not opened; the user was told)."""
        try:
            return self.window.ctx.open_library(folder)
        except KnownError as exc:
            QMessageBox.warning(self.window, self.tr("Open Library"), str(exc))
            return None

    def _remember(self, new: Library) -> None:
        """The new library first in the recent list and the one opened next time; what follows an open."""
        from finews_desktop.core.paths import default_library_dir

        window, settings = self.window, self.window.settings
        remember_library(settings, new.folder)
        settings.set(S.LIBRARY_DIR, "" if new.folder == default_library_dir() else str(new.folder))
        settings.sync()
        if window.ctx.library_opened is not None:
            window.ctx.library_opened(new)
        window.libraryOpened.emit(str(new.folder))
