"""Export from the window: File ▸ Export… and the post list's "Export…", run off the window's thread.

`ExportUi` adds its action to a MainWindow (the File menu, the list's context
menu, its shortcut wherever the focus is), offers the selection, the current
search result, a collection or the whole library in `ExportDialog`, runs the
export as a `Task` (in a child process like an import, inline in tests), shows
progress in the status bar with Cancel, and the `ExportReportDialog` at the end.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMessageBox

from finews_desktop.core.errors import KnownError
from finews_desktop.core.exporting.exporter import Exporter
from finews_desktop.core.exporting.report import ExportReport
from finews_desktop.ui.background_task import BackgroundTaskUi
from finews_desktop.ui.dialogs.export import ExportDialog, ExportReportDialog, ExportRequest, ExportScopes
from finews_desktop.ui.tasks import Task, in_child
from finews_desktop.workers.process import LibraryProcess

EXPORT_KEYS = "Ctrl+Shift+S"  # "Save As…": Ctrl+E and Ctrl+Shift+E edit posts
BACKGROUND_NICENESS = 5


class ExportUi(BackgroundTaskUi):
    """Adds export to a MainWindow."""

    exportFinished = Signal(object)  # the ExportReport (tests wait on it)

    def __init__(self, window: Any) -> None:
        super().__init__(window, "export")
        self.action = QAction(window)
        self.action.setObjectName("exportPosts")
        self.action.setShortcut(QKeySequence(EXPORT_KEYS))
        self.action.triggered.connect(lambda: self.open_dialog())
        window.addAction(self.action)  # the shortcut works wherever the focus is
        self._add_to_file_menu(window.file_menu, window.actions.import_folder)
        window.actions.post_context.extend([None, self.action])
        self.dialog: ExportDialog | None = None
        self.report_dialog: ExportReportDialog | None = None
        self.last_report: ExportReport | None = None
        self.destination = ""
        self.retranslate()

    def _add_to_file_menu(self, menu: Any, after: QAction) -> None:
        """Export… below the import entries, in their group."""
        actions = menu.actions()
        at = actions.index(after) + 1 if after in actions else len(actions)
        menu.insertAction(actions[at] if at < len(actions) else None, self.action)

    def retranslate(self) -> None:
        self.action.setText(self.tr("&Export…"))
        self.action.setToolTip(self.tr("Export posts as a Jekyll archive: a folder or a .zip"))

    # --- the dialog

    def scopes(self, preferred: str | None = None, collection: str | None = None) -> ExportScopes:
        """What the window shows now: the selection, the search result, the collections, the library."""
        w = self.window
        facets = w.facets
        selected = tuple(w.selected_ids()) if w.selected_count() else ()
        library_count = facets.all if facets is not None else w.library.count_posts()
        collections = tuple((e.key, e.count) for e in facets.collections) if facets is not None else ()
        if preferred is None:
            preferred = "selection" if len(selected) > 1 else ("search" if w.query else "library")
        return ExportScopes(
            selected_ids=selected,
            query=w.query,
            search_count=w.total_shown if w.query else 0,
            collections=collections,
            library_count=library_count,
            preferred=preferred,
            collection=collection,
        )

    def open_dialog(self, preferred: str | None = None, collection: str | None = None) -> ExportDialog:
        if self.dialog is not None:
            self.dialog.close()
            self.dialog.deleteLater()
        self.dialog = ExportDialog(self.scopes(preferred, collection), self.destination, self.window)
        self.dialog.accepted.connect(lambda: self.start(self.dialog.request()) if self.dialog else None)
        self.dialog.open()
        return self.dialog

    # --- the run

    def start(self, request: ExportRequest) -> None:
        if self.busy():
            self.window.statusBar().showMessage(self.tr("An export is already under way."), 5000)
            return
        self.destination = request.destination
        lib = self.window.library
        synchronous = self.window.ctx.synchronous

        def work(task: Task) -> ExportReport:
            if not synchronous:
                # (read-only when another instance writes: an export then journals nothing, as on the command line)
                process = LibraryProcess(lib.folder, readonly=lib.readonly, daemon=False, niceness=BACKGROUND_NICENESS)
                try:
                    from finews_desktop.workers.exporting import run_export

                    return in_child(
                        task, process, run_export, request.destination, request.selection, request.options()
                    )
                finally:
                    process.close()
            exporter = Exporter(
                lib,
                request.destination,
                request.selection,
                progress=task.report_progress,
                should_cancel=task.is_cancelled,
                **request.options(),
            )
            return exporter.run()

        self.run(work, "export", self.tr("Exporting to %1").replace("%1", request.destination))

    def progress_label(self) -> str:
        return self.tr("Exporting…")

    def _done(self, report: ExportReport) -> None:
        self.last_report = report
        c = report.counts()
        text = (
            self.tr("Export cancelled.")
            if report.cancelled
            else self.tr("Exported %n post(s) to %1.", "", c["posts"]).replace("%1", report.destination)
        )
        self.window.statusBar().showMessage(text, 10_000)
        self.show_report(report)

    def show_report(self, report: ExportReport) -> ExportReportDialog:
        if self.report_dialog is not None:
            self.report_dialog.close()
            self.report_dialog.deleteLater()
        self.report_dialog = ExportReportDialog(report, self.window, opener=lambda url: self.window.open_url(url))
        self.report_dialog.open()
        return self.report_dialog

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, KnownError):
            message = str(exc)
        else:
            message = self.tr("An unexpected error stopped the export (%1). Details are in the log.").replace(
                "%1", type(exc).__name__
            )
        self.last_error = message
        QMessageBox.warning(self.window, self.tr("Export"), message)

    def _emit_finished(self, report: ExportReport | None) -> None:
        self.exportFinished.emit(report)
