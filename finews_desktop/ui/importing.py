"""Import from the window: File ▸ Import…, drops on the window, and the search index brought up to date after.

`ImportUi` runs an import as a `Task` (in a child process of its own, inline in tests), shows its
progress in the status bar with Cancel, lets the list and the sidebar follow the batches as they land
(at most every REFRESH_DELAY_MS / FACETS_DELAY_MS), shows the `ImportReportDialog` at the end, queues
imports asked for meanwhile, and then indexes what is new for search on the same runner.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QDragEnterEvent, QDragLeaveEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QFileDialog, QMessageBox

from finews_desktop.core.errors import KnownError
from finews_desktop.core.importing.importer import Importer, ImportReport
from finews_desktop.core.store.library import Library
from finews_desktop.ui.dialogs.import_report import ImportReportDialog
from finews_desktop.ui.tasks import Task, TaskRunner, in_child
from finews_desktop.ui.widgets.drophint import DropHint
from finews_desktop.workers.process import LibraryProcess, run_import, run_index_catch_up

REFRESH_DELAY_MS = 700  # at most this often while an import writes batches
FACETS_DELAY_MS = 10_000  # the sidebar counts read every post: not too often during an import
BACKGROUND_NICENESS = 5  # import and indexing processes yield the CPU to the window (parsing workers: 10)


class ImportUi(QObject):
    """Imports and the indexing after them, for a MainWindow (its `importFinished` says when one ended)."""

    indexed = Signal()  # an index catch-up ended: what follows it (the clusters, ui/stories.py) may start

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window = window
        self.runner = TaskRunner("import", synchronous=window.ctx.synchronous, parent=window)
        self.task: Task | None = None
        self.index_task: Task | None = None
        self.queue: list[list[str]] = []
        self.batches = 0
        self.report_wanted = True
        self.last_report: ImportReport | None = None
        self.report_dialog: ImportReportDialog | None = None
        self.drop_hint = DropHint(window)
        self.refresh_timer = self._timer(REFRESH_DELAY_MS, window.refresh_list)
        self.facets_timer = self._timer(FACETS_DELAY_MS, window.refresh_facets)
        self.later_indexing = self._timer(0, self.start_indexing)  # the start-up catch-up, once the window shows

    def _timer(self, interval_ms: int, slot: Callable[[], None]) -> QTimer:
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.setInterval(interval_ms)
        timer.timeout.connect(slot)
        return timer

    def busy(self) -> bool:
        """An import is running (indexing may be)."""
        return self.task is not None

    def forget_report(self) -> None:
        """Another library is open: the last report was about the one before."""
        self.last_report = None
        self.window.actions.last_report.setEnabled(False)

    def close(self) -> None:
        """The window closes: no more refreshes, the running work cancelled."""
        self.refresh_timer.stop()
        self.facets_timer.stop()
        for task in (self.task, self.index_task):
            if task is not None:
                task.cancel()

    # --- starting an import ------------------------------------------------------------------

    def choose_files(self) -> None:
        files, _filter = QFileDialog.getOpenFileNames(
            self.window,
            self.tr("Import Files"),
            "",
            self.tr("Jekyll posts and archives (*.md *.markdown *.html *.zip);;All files (*)"),
        )
        if files:
            self.import_paths(files)

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self.window, self.tr("Import a Jekyll Archive Folder"))
        if folder:
            self.import_paths([folder])

    def import_paths(self, paths: Sequence[str], *, show_report: bool = True) -> None:
        """Import these paths (queued while an import runs); `show_report` False (a watched folder's
        import): no report dialog at the end, the report stays at File ▸ Last Import Report."""
        paths = [str(p) for p in paths]
        if not paths:
            return
        self.later_indexing.stop()  # the import's end brings the index up to date anyway
        window = self.window
        if self.task is not None or self.index_task is not None:
            self.queue.append(paths)
            window.statusBar().showMessage(self.tr("The import will start when the current one ends."), 5000)
            return
        task = Task(_import_work(window.library, paths, window.ctx.synchronous), name="import")
        task.progress.connect(self._progress)
        task.batch.connect(self._batch)
        task.succeeded.connect(self._done)
        task.failed.connect(self._failed)
        task.finished.connect(self._finished)
        self.task = task
        self.batches = 0
        self.report_wanted = show_report
        names = ", ".join(Path(p).name or p for p in paths[:3]) + ("…" if len(paths) > 3 else "")
        window.progress.start(self.tr("Importing %1").replace("%1", names))
        window.actions.cancel_task.setEnabled(True)
        self.runner.start(task)

    def cancel(self) -> None:
        """Cancel the background work shown in the status bar (an import, or the indexing after it)."""
        for task in (self.task, self.index_task):
            if task is not None:
                task.cancel()
                self.window.progress.cancelling()

    # --- while it runs, and after ----------------------------------------------------------------

    def _progress(self, done: int, total: int, _path: str) -> None:
        if self.task is not None and not self.task.is_cancelled():
            self.window.progress.update_progress(done, total, self.tr("Importing…"))

    def _batch(self, ids: list[int]) -> None:
        self.batches += 1
        self.window.model.forget(ids)
        if not self.refresh_timer.isActive():
            self.refresh_timer.start()
        if not self.facets_timer.isActive():
            self.facets_timer.start()

    def _done(self, report: ImportReport) -> None:
        window = self.window
        self.last_report = report
        window.actions.last_report.setEnabled(True)
        c = report.counts()
        loc = window.locale()
        text = (
            self.tr("Import cancelled: %1 imported, %2 updated.")
            if report.cancelled
            else self.tr("Import finished: %1 imported, %2 updated.")
        )
        window.statusBar().showMessage(
            text.replace("%1", loc.toString(c["imported"])).replace("%2", loc.toString(c["updated"])), 10_000
        )
        self.refresh_timer.stop()
        self.facets_timer.stop()
        window.refresh_list()
        window.refresh_facets()
        if self.report_wanted:
            self.show_last_report()
        window.importFinished.emit(report)

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, KnownError):
            message = str(exc)
        else:
            message = self.tr("An unexpected error stopped the import (%1). Details are in the log.").replace(
                "%1", type(exc).__name__
            )
        QMessageBox.warning(self.window, self.tr("Import"), message)
        self.window.refresh_list()
        self.window.refresh_facets()

    def _finished(self) -> None:
        self.task = None
        self.window.progress.stop()
        self.window.actions.cancel_task.setEnabled(False)
        if self.window._closing:
            return
        if self.queue:
            self.import_paths(self.queue.pop(0))
        else:
            self.start_indexing()

    # --- the search index -------------------------------------------------------------------

    def start_indexing_later(self, delay_ms: int) -> None:
        """Catch the index up after `delay_ms` (the window first paints and lists), unless an import
        starts meanwhile: its own end starts the indexing, and a second catch-up would find nothing."""
        self.later_indexing.start(delay_ms)

    def start_indexing(self) -> None:
        """Bring the search index up to date in the background (searches answer meanwhile, slower)."""
        window = self.window
        if self.task is not None or self.index_task is not None or window.library.readonly:
            return
        task = Task(_index_work(window.library, window.ctx.synchronous), name="index")
        task.progress.connect(self._index_progress)
        task.failed.connect(
            lambda exc: window.statusBar().showMessage(
                self.tr("The search index could not be updated: %1").replace("%1", str(exc)), 10_000
            )
        )
        task.finished.connect(self._index_finished)
        self.index_task = task
        self.runner.start(task)

    def _index_progress(self, done: int, total: int, _what: str) -> None:
        if self.index_task is None or self.index_task.is_cancelled():
            return
        progress = self.window.progress
        if not progress.isVisible():
            progress.start(self.tr("Indexing for search…"))
            self.window.actions.cancel_task.setEnabled(True)
        progress.update_progress(done, total)

    def _index_finished(self) -> None:
        self.index_task = None
        self.window.progress.stop()
        self.window.actions.cancel_task.setEnabled(False)
        if self.queue and not self.window._closing:
            self.import_paths(self.queue.pop(0))
        self.indexed.emit()

    # --- the report ------------------------------------------------------------------------------

    def show_last_report(self) -> None:
        if self.last_report is None:
            return
        if self.report_dialog is not None:
            self.report_dialog.close()
            self.report_dialog.deleteLater()
        self.report_dialog = ImportReportDialog(self.last_report, self.window)
        self.report_dialog.postRequested.connect(self.reveal_reported_post)
        self.report_dialog.open()

    def reveal_reported_post(self, path: str) -> None:
        """Select and show the post of an import report's line (its file as the report names it)."""
        report, window = self.last_report, self.window
        if report is None or not report.post_ids:
            return
        records = window.library.post_records(report.post_ids)
        pid = next((r["id"] for r in records if r["path"] == path), None)
        if pid is None:  # a site's folder name before the path
            pid = next((r["id"] for r in records if path.endswith("/" + r["path"])), None)
        if pid is None:
            window.statusBar().showMessage(self.tr("This file has no post in the library."), 5000)
            return
        window.activateWindow()
        window.reveal_post(pid)

    # --- drag and drop on the window -----------------------------------------------------------

    @staticmethod
    def _local_paths(event: QDropEvent | QDragEnterEvent | QDragMoveEvent) -> list[str]:
        data = event.mimeData()
        if data is None or not data.hasUrls():
            return []
        return [u.toLocalFile() for u in data.urls() if u.isLocalFile() and u.toLocalFile()]

    def drag_enter(self, event: QDragEnterEvent) -> None:
        if self._local_paths(event):
            event.acceptProposedAction()
            self.drop_hint.show_over_parent()
        else:
            event.ignore()

    def drag_move(self, event: QDragMoveEvent) -> None:
        if self._local_paths(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def drag_leave(self, event: QDragLeaveEvent) -> None:
        self.drop_hint.hide()
        event.accept()

    def drop(self, event: QDropEvent) -> None:
        self.drop_hint.hide()
        paths = self._local_paths(event)
        if not paths:
            event.ignore()
            return
        event.acceptProposedAction()
        self.import_paths(paths)


def _import_work(lib: Library, paths: list[str], synchronous: bool) -> Callable[[Task], ImportReport]:
    """The import as a task's work: in a child process of its own (the importer's Python work would hold
    the window's GIL), inline when `synchronous` (tests)."""

    def work(task: Task) -> ImportReport:
        if not synchronous:
            # not a daemon: daemons may not start the parsing processes
            process = LibraryProcess(lib.folder, daemon=False, niceness=BACKGROUND_NICENESS)
            try:
                return in_child(task, process, run_import, paths)
            finally:
                process.close()
        # here, not at the top: it imports the search engine and numpy, which the first paint does not need
        from finews_desktop.core.watching.queries import attach as attach_watch_queries

        attach_watch_queries(lib)  # the child process attaches them itself (workers/process.py)
        importer = Importer(
            lib,
            "auto",
            progress=task.report_progress,
            on_batch=task.report_batch,
            should_cancel=task.is_cancelled,
        )
        return importer.run(paths)

    return work


def _index_work(lib: Library, synchronous: bool) -> Callable[[Task], bool]:
    """The index catch-up as a task's work: gram extraction is Python work, so not on the window's GIL."""

    def work(task: Task) -> bool:
        from finews_desktop.core.search.engine import index_for

        if not synchronous:
            process = LibraryProcess(lib.folder, niceness=BACKGROUND_NICENESS)
            try:
                return in_child(task, process, run_index_catch_up)
            finally:
                process.close()
        index = index_for(lib)
        if index.state()[0] and not index.pending_count():
            return True
        task.report_progress(0, 0, "")  # shows the progress
        return index.catch_up(
            progress=lambda done, total: task.report_progress(done, total, ""),
            should_cancel=task.is_cancelled,
        )

    return work
