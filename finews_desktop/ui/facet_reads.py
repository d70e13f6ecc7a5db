"""The sidebar's counts, read in a child process of their own.

`Library.facets` counts every post by source, tag, date and the rest: Python work over the whole
library (seconds at a million posts) that, on a thread of the window's process, held the window's GIL
after every import and every clustering (the heartbeat's longest stalls in bench_dups_window). Its own
process rather than the list's, so that a search typed meanwhile never waits behind a count. Started
at the first read, kept for the library's life; where no process can start (and in tests, synchronous)
the read runs on the calling thread as before.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from finews_desktop.core.store.facets import Facets
from finews_desktop.core.store.library import Library
from finews_desktop.ui.tasks import Task
from finews_desktop.workers.process import LibraryProcess, WorkerProcessError, run_facets

log = logging.getLogger(__name__)

FACETS_PROCESS_CACHE_KIB = 8 * 1024


class FacetReads:
    """The facets process of one window (see the module docstring)."""

    def __init__(self, synchronous: bool) -> None:
        self.synchronous = synchronous
        self._process: LibraryProcess | None = None
        self._lock = threading.Lock()  # the runner's thread starts it, the window's thread closes it

    def work(self, library: Library, one_per_story: bool) -> Callable[[Task], Facets]:
        """A task's work reading `library`'s facets: in the facets process, else on the task's thread."""

        def work(_task: Task) -> Facets:
            process = None if self.synchronous else self._process_for(library)
            if process is not None:
                try:
                    return process.call(run_facets, one_per_story)
                except WorkerProcessError as exc:  # it died (killed, out of memory): read here this time
                    log.warning("the facets process ended (%s): read on a thread", exc)
            try:
                return library.facets(one_per_story)
            finally:
                if not self.synchronous:
                    library.db.close()  # gives back this thread's page cache (it is seldom used)

        return work

    def _process_for(self, library: Library) -> LibraryProcess | None:
        with self._lock:
            process = self._process
            if process is not None and process.alive():
                return process
            try:
                self._process = LibraryProcess(
                    library.folder, readonly=library.readonly, cache_kib=FACETS_PROCESS_CACHE_KIB
                )
            except OSError as exc:  # pragma: no cover - no processes allowed: a thread reads
                log.warning("no facets process (%s): the sidebar is read on a thread", exc)
                self._process = None
            return self._process

    def close(self) -> None:
        """End the process (another library is opened, or the window closes); the next read starts one."""
        with self._lock:
            process, self._process = self._process, None
        if process is not None:
            process.close()
