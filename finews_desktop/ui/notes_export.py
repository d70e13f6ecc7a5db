"""File ▸ Export Notes…: the private notes of this view's posts, or of every post, as a CSV table or Markdown.

Notes never go into a post's bytes by an ordinary export; this is how they leave the
library on purpose, as `finews notes` does (core/exporting/notes.py). The view's noted posts
are its query with `has:note` (free text matching notes when the search does), found and
written on a worker thread; the outcome is said in the status bar and a message box.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMessageBox

from finews_desktop.core.curation.reading import Reader
from finews_desktop.core.exporting.notes import notes_table
from finews_desktop.core.store.library import Library
from finews_desktop.ui.dialogs.export_notes import ExportNotesDialog, NotesRequest
from finews_desktop.ui.tasks import TaskRunner


def write_notes(lib: Library, request: NotesRequest, notes: bool) -> int:
    """Write the request's notes to its file; how many. `notes`: the view's free text matches notes."""
    from finews_desktop.core.search.engine import search  # here, on the worker: it imports numpy

    ids = None
    if request.query:
        ids = list(search(lib, f"({request.query}) has:note", include_trashed=True, notes=notes).ids)
    rows = Reader(lib).noted_posts(ids)
    Path(request.destination).write_text(notes_table(rows, request.format), encoding="utf-8")
    return len(rows)


class NotesExportUi(QObject):
    """Adds File ▸ Export Notes… to a MainWindow."""

    notesExported = Signal(int)  # how many notes were written, -1 after a failure (tests wait on it)

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window = window
        self.runner = TaskRunner("notes", synchronous=window.ctx.synchronous, parent=self)
        self.action = QAction(window)
        self.action.setObjectName("exportNotes")
        self.action.triggered.connect(lambda: self.open_dialog())
        self._add_to_file_menu(window.file_menu)
        window.installEventFilter(self)
        self.dialog: ExportNotesDialog | None = None
        self.message: QMessageBox | None = None
        self.destination = ""
        self.retranslate()

    def _add_to_file_menu(self, menu: Any) -> None:
        """Export Notes… after the other exports (Export Table…, Export…), else after the imports."""
        actions = menu.actions()
        candidates = (getattr(self.window, "table_export", None), getattr(self.window, "exporting", None))
        after = next((c.action for c in candidates if c is not None and c.action in actions), None)
        after = after or self.window.actions.import_folder
        at = actions.index(after) + 1 if after in actions else len(actions)
        menu.insertAction(actions[at] if at < len(actions) else None, self.action)

    def retranslate(self) -> None:
        self.action.setText(self.tr("Export &Notes…"))
        self.action.setToolTip(self.tr("Your private notes as a CSV table or a Markdown file"))

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if obj is self.window and event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        return False

    def open_dialog(self) -> ExportNotesDialog:
        if self.dialog is not None:
            self.dialog.close()
            self.dialog.deleteLater()
        self.dialog = ExportNotesDialog(self.window.query, self.destination, parent=self.window)
        self.dialog.accepted.connect(lambda: self.start(self.dialog.request()) if self.dialog else None)
        self.dialog.open()
        return self.dialog

    def start(self, request: NotesRequest) -> None:
        self.destination = request.destination
        lib, notes = self.window.library, self.window.list_queries.search_notes
        self.runner.run(
            lambda _task: write_notes(lib, request, notes),
            name="notes",
            on_done=lambda n: self._done(n, request.destination),
            on_error=self._failed,
        )

    def _done(self, count: int, destination: str) -> None:
        text = self.tr("Wrote %n note(s) to %1.", "", count).replace("%1", destination)
        self.window.statusBar().showMessage(text, 10_000)
        self._show(QMessageBox.Icon.Information, text)
        self.notesExported.emit(count)

    def _failed(self, exc: BaseException) -> None:
        text = self.tr("The notes could not be written: %1").replace("%1", str(exc))
        self._show(QMessageBox.Icon.Warning, text)
        self.notesExported.emit(-1)

    def _show(self, icon: QMessageBox.Icon, text: str) -> None:
        """The outcome in a window-modal box that does not block the window."""
        if self.message is not None:
            self.message.close()
            self.message.deleteLater()
        self.message = QMessageBox(icon, self.tr("Export Notes"), text, QMessageBox.StandardButton.Ok, self.window)
        self.message.setObjectName("notesExportMessage")
        self.message.open()
