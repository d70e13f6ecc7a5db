"""File ▸ Export Table…: the analysis tables (core/exporting/tables.py) written off the window's thread.

`TableExportUi` adds its action below File ▸ Export…, offers the current search result or
the whole library in `ExportTableDialog`, runs the export as a `Task` in a child process
(`workers/tables.py`, inline in tests) with progress and Cancel in the status bar, as
`ui/exporting.py` runs an archive export, and says what it wrote.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMessageBox

from finews_desktop.core.errors import KnownError
from finews_desktop.ui.background_task import BackgroundTaskUi
from finews_desktop.ui.tasks import Task, in_child
from finews_desktop.workers.process import LibraryProcess

if TYPE_CHECKING:  # at run time imported when the dialog opens: the window's start does not need them
    from finews_desktop.core.exporting.tables import TableReport
    from finews_desktop.ui.dialogs.export_table import ExportTableDialog, TableRequest, TableScopes

BACKGROUND_NICENESS = 5


def parquet_module() -> Any:
    """pyarrow's parquet module, or None when pyarrow is missing (the dialog then says how to install it)."""
    from finews_desktop.core.exporting.tables import parquet_module as find  # here: not for the window's start

    return find()


class TableExportUi(BackgroundTaskUi):
    """Adds File ▸ Export Table… to a MainWindow."""

    tableFinished = Signal(object)  # the TableReport, or None after a failure (tests wait on it)

    def __init__(self, window: Any) -> None:
        super().__init__(window, "table")
        self.action = QAction(window)
        self.action.setObjectName("exportTable")
        self.action.triggered.connect(lambda: self.open_dialog())
        self._add_to_file_menu(window.file_menu)
        self.dialog: ExportTableDialog | None = None
        self.message: QMessageBox | None = None
        self.destination = ""
        self.last_report: TableReport | None = None
        self.retranslate()

    def _add_to_file_menu(self, menu: Any) -> None:
        """Export Table… right after Export… (else at the end of the import entries' group)."""
        actions = menu.actions()
        after = getattr(getattr(self.window, "exporting", None), "action", None)
        if after is None or after not in actions:
            after = self.window.actions.import_folder
        at = actions.index(after) + 1 if after in actions else len(actions)
        menu.insertAction(actions[at] if at < len(actions) else None, self.action)

    def retranslate(self) -> None:
        self.action.setText(self.tr("Export &Table…"))
        self.action.setToolTip(self.tr("Posts, stocks or mentions as a CSV or Parquet table for pandas, R or Excel"))

    # --- the dialog

    def scopes(self) -> TableScopes:
        from finews_desktop.ui.dialogs.export_table import TableScopes

        w = self.window
        library_count = w.facets.all if w.facets is not None else w.library.count_posts()
        return TableScopes(query=w.query, search_count=w.total_shown if w.query else 0, library_count=library_count)

    def open_dialog(self) -> ExportTableDialog:
        from finews_desktop.ui.dialogs.export_table import ExportTableDialog

        if self.dialog is not None:
            self.dialog.close()
            self.dialog.deleteLater()
        self.dialog = ExportTableDialog(
            self.scopes(), self.destination, parquet=parquet_module() is not None, parent=self.window
        )
        self.dialog.accepted.connect(lambda: self.start(self.dialog.request()) if self.dialog else None)
        self.dialog.open()
        return self.dialog

    # --- the run

    def start(self, request: TableRequest) -> None:
        if self.busy():
            self.window.statusBar().showMessage(self.tr("A table is already being exported."), 5000)
            return
        self.destination = request.destination
        lib = self.window.library
        synchronous = self.window.ctx.synchronous
        args = (request.table, request.selection, request.destination, request.format, request.bom)

        def work(task: Task) -> TableReport:
            if synchronous:
                from finews_desktop.core.exporting.tables import export_table

                table, selection, destination, fmt, bom = args
                return export_table(
                    lib,
                    table,
                    selection,
                    destination,
                    fmt,
                    bom=bom,
                    progress=task.report_progress,
                    should_cancel=task.is_cancelled,
                )
            process = LibraryProcess(lib.folder, readonly=True, daemon=False, niceness=BACKGROUND_NICENESS)
            try:
                from finews_desktop.workers.tables import run_table_export

                return in_child(task, process, run_table_export, *args)
            finally:
                process.close()

        self.run(work, "table", self.tr("Exporting a table to %1").replace("%1", request.destination))

    def progress_label(self) -> str:
        return self.tr("Reading posts…")

    def _done(self, report: TableReport) -> None:
        self.last_report = report
        if report.cancelled:
            self.window.statusBar().showMessage(self.tr("Table export cancelled; nothing was written."), 10_000)
            return
        text = self.tr("Wrote %n row(s) to %1.", "", report.rows).replace("%1", report.destination)
        self.window.statusBar().showMessage(text, 10_000)
        self._show(QMessageBox.Icon.Information, text)

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, KnownError):
            message = str(exc)
        else:
            message = self.tr("An unexpected error stopped the table export (%1). Details are in the log.").replace(
                "%1", type(exc).__name__
            )
        self.last_error = message
        self._show(QMessageBox.Icon.Warning, message)

    def _show(self, icon: QMessageBox.Icon, text: str) -> None:
        """The outcome in a window-modal box (not blocking: the window goes on with whatever came next)."""
        if self.message is not None:
            self.message.close()
            self.message.deleteLater()
        self.message = QMessageBox(icon, self.tr("Export Table"), text, QMessageBox.StandardButton.Ok, self.window)
        self.message.setObjectName("tableExportMessage")
        self.message.open()

    def _emit_finished(self, report: TableReport | None) -> None:
        self.tableFinished.emit(report)
