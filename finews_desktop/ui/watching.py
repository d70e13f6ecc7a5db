"""Watched folders in the window: their file events, debounced in the core, imported in the background through
the window's one import path (ui/importing.py), the sidebar's watched folders and watch-query badges, and opening
a watch query (its new posts highlighted in the list).

Events come from watchdog (Apache-2.0): inotify, FSEvents or ReadDirectoryChangesW watch a whole tree
(Qt's QFileSystemWatcher watches single directories, says only that one changed, and runs out of
inotify watches on a site of many folders); where the platform gives no events (or refuses more
watches) its polling observer scans the folder instead. The observers' threads only put paths on a
queue; a timer on the window's thread hands them to `core/watching/folders.FolderChanges`, whose
debounce rule makes a `git pull` one import.
"""

from __future__ import annotations

import logging
import queue
import time
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QFileDialog

from finews_desktop.core.importing.importer import ImportReport
from finews_desktop.core.store import watches
from finews_desktop.core.store.watches import WatchedFolder, WatchQuery
from finews_desktop.core.watching.folders import FolderBatch, FolderChanges, is_post_path, sort_changes
from finews_desktop.ui.tasks import TaskRunner

log = logging.getLogger(__name__)

# A folder is imported once no post file of it changed for this long: a git pull's checkout writes its files
# without pauses (its network fetch comes first, and writes no post file); a pull cut in two is two imports.
QUIET_SECONDS = 0.5
LONGEST_SECONDS = 30.0  # ... or this long after its first change, if it never stops changing
TICK_MS = 200  # how often the window's thread looks at the events (cheap when there are none)
POLL_SECONDS = 5.0  # the polling observer's scan interval, where there are no events
TICK_SLICE_SECONDS = 0.01  # at most this long taking queued events off the queue in one go


# What changes a file. watchdog also tells of files opened and closed unchanged (inotify): an import
# reading the folder's files would then import them again, and again.
CHANGING_EVENTS = frozenset({"created", "modified", "moved", "deleted", "closed"})


def _changing_event_types() -> list[type[Any]]:
    """The events CHANGING_EVENTS names, as watchdog's classes: with them, inotify is asked for these
    alone, so that the import reading every new file (open, close without a write) does not wake the
    observer's thread twice a file, on the window's GIL, while it imports a pull of 10,000 files."""
    from watchdog import events as e

    return [
        e.FileCreatedEvent,
        e.FileModifiedEvent,
        e.FileMovedEvent,
        e.FileDeletedEvent,
        e.FileClosedEvent,
        e.DirCreatedEvent,  # a folder made or moved in: watched too (its files' events), and its files
        e.DirMovedEvent,
        e.DirDeletedEvent,
    ]


def start_observer(handler: Any, folder: str) -> Any | None:
    """watchdog's observer of `folder` (recursive, told of the changing events alone), started; polling
    where the platform gives no events; None when neither can watch it (no such folder)."""
    from watchdog.observers import Observer
    from watchdog.observers.polling import PollingObserver

    for make in (Observer, lambda: PollingObserver(timeout=POLL_SECONDS)):
        observer = make()
        try:
            observer.schedule(handler, folder, recursive=True, event_filter=_changing_event_types())
            observer.daemon = True
            observer.start()
        except OSError as exc:  # no such folder, or the platform's watches used up: poll instead
            log.info("watching %s: %s", folder, exc)
            continue
        return observer
    return None


class _Handler:
    """watchdog's handler: every change's paths onto the queue, with the watched folder (on its thread)."""

    def __init__(self, folder: str, events: queue.SimpleQueue[tuple[str, str]]) -> None:
        self.folder, self.events = folder, events

    def dispatch(self, event: Any) -> None:
        if event.is_directory or event.event_type not in CHANGING_EVENTS:
            return
        for path in (event.src_path, getattr(event, "dest_path", "")):
            if isinstance(path, bytes):
                path = path.decode("utf-8", "surrogateescape")
            # here, on the observer's thread: a git pull's .git churn never reaches the window's
            if path and is_post_path(self.folder, path):
                self.events.put((self.folder, path))


class WatchUi(QObject):
    """The window's watched folders and watch queries (see the module docstring)."""

    changed = Signal()  # the sidebar's watch entries were read again

    def __init__(self, window: Any, quiet: float = QUIET_SECONDS) -> None:
        super().__init__(window)
        self.window = window
        self.events: queue.SimpleQueue[tuple[str, str]] = queue.SimpleQueue()
        self.changes = FolderChanges(quiet=quiet, longest=LONGEST_SECONDS)
        self.observers: dict[str, Any] = {}
        self.waiting: list[FolderBatch] = []
        self.running: FolderBatch | None = None
        self._reading = False  # the sidebar's entries are being read (refresh) ...
        self._read_again = False  # ... and must be read once more when that ends
        self.timer = QTimer(self)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self._tick)
        # the changed files looked at and the badges read: not on the window's thread, and not behind the
        # facets' read (every post counted) on the window's facet_runner; each read closes its connection
        self.runner = TaskRunner("watch", synchronous=window.ctx.synchronous, parent=self)
        window.importFinished.connect(self._import_finished)
        window.importing.indexed.connect(self._start_next)  # a catch-up ended (or was stopped for a folder's changes)
        window.actions.watch_folder.triggered.connect(self.choose_folder)
        window.sidebar.watchQueryActivated.connect(self.open_query)
        window.after_first_rows(self.use_library)  # watchdog, the search engine and the badges: not for the first rows

    # --- the library's watches --------------------------------------------------------------

    def use_library(self) -> None:
        """Watch the open library's folders (another library was opened: those of the one before stop)."""
        self.stop()
        lib = self.window.library
        if lib.readonly:
            self.refresh()
            return
        # here, not at the top (nor sync, which needs them): the search engine and numpy, which the first
        # rows do not need (this runs after them: MainWindow.after_first_rows)
        from finews_desktop.core.watching import queries, sync

        queries.attach(lib)
        for folder in sync.folders(lib):
            self._observe(folder.path)
        self.timer.start()
        self.refresh()

    def stop(self) -> None:
        self.timer.stop()
        for observer in self.observers.values():
            observer.stop()
        for observer in self.observers.values():
            observer.join(timeout=5)
        self.observers.clear()
        self.waiting.clear()
        self.running = None
        self.runner.shutdown()  # a read of the library before ends here, before that library closes
        self._reading = self._read_again = False

    def _observe(self, folder: str) -> None:
        observer = start_observer(_Handler(folder, self.events), folder)
        if observer is not None:
            self.observers[folder] = observer

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self.window, self.tr("Watch a Jekyll Site Folder"))
        if folder:
            self.watch_folder(folder)

    def watch_folder(self, folder: str) -> None:
        """Watch a folder and import it whole once (what it holds now); its changes are imported from then on."""
        from finews_desktop.core.watching import sync

        key, new = sync.add(self.window.library, folder)
        if new:
            self._observe(key)
            self.timer.start()
            self.waiting.append(FolderBatch(key, (key,), ()))
            self._start_next()
        self.refresh()

    def unwatch_folder(self, folder: str) -> None:
        from finews_desktop.core.watching import sync

        sync.remove(self.window.library, folder)
        observer = self.observers.pop(folder, None)
        if observer is not None:
            observer.stop()
        self.changes.forget(folder)
        self.refresh()

    # --- events to imports ------------------------------------------------------------------

    def _tick(self) -> None:
        """Note the queued changes (a path noted again is the same change: a file written is created, modified
        and closed), a slice of them at a time so that a git pull's thousands never hold the window; then start
        what is due."""
        started = time.monotonic()
        while time.monotonic() - started < TICK_SLICE_SECONDS:
            try:
                folder, path = self.events.get_nowait()
            except queue.Empty:
                break
            self.changes.note(folder, path, is_post=True)  # the observer's thread has looked at the path
        else:
            QTimer.singleShot(0, self._tick)  # more queued: the rest right after the window's other events
        for folder, paths in self.changes.take_due_paths():
            self.runner.run(lambda _task, f=folder, p=paths: sort_changes(f, p), name="watch", on_done=self._due)
        self._start_next()
        left = self.changes.due_in()
        if left is not None and left * 1000 < TICK_MS:  # due before the next tick: look again right then
            QTimer.singleShot(int(left * 1000) + 1, self._tick)

    def _due(self, batch: FolderBatch) -> None:
        """A folder's changes sorted (on the runner's thread): its files imported, or the gone ones noted."""
        if batch.folder not in self.observers:  # no longer watched (or another library is open)
            return
        if batch.changed:
            self.waiting.append(batch)
            self._start_next()
        elif batch.removed:
            self._record(batch, None)

    def _start_next(self) -> None:
        importing = self.window.importing
        if self.running is not None or not self.waiting or importing.task is not None:
            return
        if importing.index_task:
            # a folder's changes come before the index's catch-up (at ~2 ms a post, a pull's first part would hold
            # its second for half a minute): the catch-up stops, and the import's end starts it again
            if not importing.index_task.is_cancelled():
                importing.index_task.cancel()
            return
        self.running = self.waiting.pop(0)
        importing.import_paths(list(self.running.changed), show_report=False)

    def _import_finished(self, report: ImportReport) -> None:
        batch, self.running = self.running, None
        if batch is not None:
            self._record(batch, report.run_id)
        self.refresh()
        QTimer.singleShot(0, self._start_next)

    def _record(self, batch: FolderBatch, run_id: int | None) -> None:
        """The folder's row: its last run, and the files gone from it (their posts stay)."""
        db = self.window.library.db
        before = next((w for w in watches.folders(db) if w.path == batch.folder), None)
        if before is None:
            return
        if run_id is None:
            watches.add_removed(db, batch.folder, len(batch.removed))
        elif batch.changed == (batch.folder,):  # the whole folder, once
            from finews_desktop.core.watching import sync

            sync.record_run(self.window.library, batch.folder, run_id)
        else:
            watches.record_folder_run(db, batch.folder, run_id, before.removed + len(batch.removed))

    # --- the sidebar and the list ---------------------------------------------------------------

    def refresh(self) -> None:
        """Read the watch entries again for the sidebar, on the runner's thread: the badges count every new post
        of every watch query (after a git pull, hundreds of thousands), a read that would stall the window.
        `changed` says when the sidebar shows them."""
        if self._reading:
            self._read_again = True
            return
        self._reading = True
        lib = self.window.library
        synchronous = self.window.ctx.synchronous

        def work(_task: Any) -> tuple[list[WatchedFolder], list[WatchQuery]]:
            try:
                return watches.folders(lib.db), watches.watch_queries(lib.db)
            finally:
                if not synchronous:
                    lib.db.close()  # no connection kept on the runner's thread (another library may come)

        def show(entries: tuple[list[WatchedFolder], list[WatchQuery]]) -> None:
            # a read asked for meanwhile follows: this one is already behind (`changed` means the latest)
            if lib is self.window.library and not self.window._closing and not self._read_again:
                self.window.sidebar.set_watching(*entries)
                self.changed.emit()

        self.runner.run(
            work,
            name="watch entries",
            on_done=show,
            on_error=lambda exc: log.warning("reading the watch entries: %s", exc),
            on_finished=self._read_done,
        )

    def _read_done(self) -> None:
        self._reading = False
        if self._read_again and not self.window._closing:
            self._read_again = False
            self.refresh()

    def open_query(self, name: str) -> None:
        """Show a watch query's posts, its new ones highlighted; they are new no longer (the badge clears)."""
        lib = self.window.library
        # the saved search's row only (what the sidebar lists is watched): not every badge counted again
        query = next((q for q in watches.active_queries(lib.db) if q.name == name), None)
        if query is None:
            return
        from finews_desktop.core.watching import queries

        new = [] if lib.readonly else queries.open_query(lib, name)
        self.window.model.set_highlighted(new)
        self.window.set_search(query.query)
        self.refresh()

    def close(self) -> None:
        self.stop()
