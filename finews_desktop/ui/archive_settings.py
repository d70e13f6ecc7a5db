"""File ▸ Archive Settings…: an archive's zone and `_config.yml` changed from the window, its posts re-read.

The change is curation's undoable step (`Curator.set_archive_settings`, core/curation/archive_settings.py):
it runs through the window's curation controller, on its worker when the archive is large, and the
window refreshes from its Changes like any other step (Edit ▸ Undo puts the old settings back).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QMessageBox

from finews_desktop.ui.dialogs.archive_settings import ArchiveSettingsDialog


class ArchiveSettingsUi(QObject):
    """Adds File ▸ Archive Settings… to a MainWindow."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window = window
        self.action = QAction(window)
        self.action.setObjectName("archiveSettings")
        self.action.triggered.connect(lambda: self.open_dialog())
        menu = window.file_menu
        actions = menu.actions()
        before = window.actions.settings
        menu.insertAction(before if before in actions else None, self.action)
        self.dialog: ArchiveSettingsDialog | None = None
        window.installEventFilter(self)
        self.retranslate()

    def retranslate(self) -> None:
        self.action.setText(self.tr("&Archive Settings…"))
        self.action.setToolTip(self.tr("The time zone and _config.yml each imported site's posts are read by"))

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if obj is self.window and event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        return False

    def open_dialog(self) -> ArchiveSettingsDialog | None:
        w = self.window
        archives = w.library.archive_list()
        if not archives:
            QMessageBox.information(w, self.tr("Archive Settings"), self.tr("Import a site first: it has no archives."))
            return None
        self.dialog = ArchiveSettingsDialog(archives, w)
        self.dialog.finished.connect(self._finished)
        self.dialog.open()
        return self.dialog

    def _finished(self, result: int) -> None:
        dialog, self.dialog = self.dialog, None
        if dialog is None or result != QDialog.DialogCode.Accepted:
            return
        request = dialog.request()
        posts = next((a.posts for a in dialog.archives if a.id == request.archive_id), 0)
        label = lambda: self.tr("Change archive settings")  # noqa: E731 (said again after a language switch)
        self.window.curation.controller.apply(
            label,
            lambda curator: curator.set_archive_settings(request.archive_id, request.timezone, request.config),
            size=posts,
        )
        dialog.deleteLater()
