"""The post list's queries: the order and query asked for, the requests in flight, and each result shown.

A query is asked for its first page (FIRST_PAGE rows, shown at once), then the whole list in the same
order; only the newest request waits while one runs, and a result older than the newest query is
dropped. After the first page, queries run in a child process (`workers/process.LibraryProcess`) whose
Python work never holds the window's GIL. A new result keeps the selection, the current post and the
scroll position, or goes where it should: the post after one that left the list, a post to reveal.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt

from finews_desktop.ui import settings as S
from finews_desktop.ui.models.posts import SORT_KEYS
from finews_desktop.ui.tasks import Task, TaskRunner
from finews_desktop.workers.listing import ListRequest, ListResult, run_list_query, split_recent
from finews_desktop.workers.process import LibraryProcess

log = logging.getLogger(__name__)

FIRST_PAGE = 300  # rows asked for first, so that a new query paints at once
PRIME_ROWS = 120  # rows the list worker reads with the ids, so that painting them needs no query
KEEP_SELECTED = 10_000  # selected posts a new list keeps selected, at most
LIST_PROCESS_CACHE_KIB = 16 * 1024


class ListQueries(QObject):
    """The list's query, order and results for a MainWindow (which names them as before: `query`,
    `sort_key`, `run_query`…)."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window = window
        self.runner = TaskRunner("list", synchronous=window.ctx.synchronous, parent=window)
        self.sort_key: str = window.settings.get(S.SORT_KEY)
        if self.sort_key not in (*SORT_KEYS, "relevance"):
            self.sort_key = "date"
        self.descending: bool = window.settings.get(S.SORT_DESCENDING)
        self.query = ""
        self.total_shown = 0
        self.counted = True  # False while only a first page of uncounted rows is shown
        self.generation = 0
        self.applied_generation = -1
        self.busy = False
        self.pending: ListRequest | None = None
        self.search_warmed = False
        self.process: LibraryProcess | None = None  # the list queries' child process (not in tests)
        self.next_row: int | None = None  # where the selection goes when the current post leaves the list
        self.reveal_id: int | None = None  # a post to select once the list shows it (from the import report)
        self.keep_scroll = True
        self.search_notes = False  # free text matches notes too (ui/reading.py's Notes switch)
        self.one_per_story = False  # each story once (ui/stories.py's View toggle)

    # --- the order ------------------------------------------------------------------------

    def shown_order(self) -> tuple[str, bool]:
        """The order the list is in: relevance ranks only free-text terms; without any it is date order."""
        if self.sort_key != "relevance":
            return self.sort_key, self.descending
        from finews_desktop.core.errors import QueryError
        from finews_desktop.core.search.query import parse_query

        try:
            ranked = bool(parse_query(split_recent(self.query)[0]).positive_texts())
        except QueryError:
            ranked = False
        return ("relevance", self.descending) if ranked else ("date", self.descending)

    def show_sort_indicator(self) -> None:
        window = self.window
        header = window.table.horizontalHeader()
        header.blockSignals(True)
        key, descending = self.shown_order()
        if key in SORT_KEYS:
            order = Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
            header.setSortIndicator(SORT_KEYS.index(key), order)
        else:
            header.setSortIndicator(-1, Qt.SortOrder.DescendingOrder)
        header.blockSignals(False)
        for key, action in window.actions.sort_by.items():
            action.setChecked(key == self.sort_key)
        window.actions.sort_descending.setChecked(self.descending)

    def set_sort(self, key: str, descending: bool) -> None:
        if (key, descending) == (self.sort_key, self.descending):
            self.show_sort_indicator()
            return
        self.sort_key, self.descending = key, descending
        self.show_sort_indicator()
        self.run_query(self.query, keep_scroll=False)

    # --- asking --------------------------------------------------------------------------------

    def run_query(self, query: str, *, first_page: bool = False, keep_scroll: bool = True) -> None:
        """Ask the list worker for the posts matching `query` in the current order."""
        window = self.window
        self.query = query.strip()
        self.generation += 1
        self.keep_scroll = keep_scroll
        request = ListRequest(
            self.generation,
            self.query,
            self.sort_key,
            self.descending,
            limit=FIRST_PAGE if first_page else None,
            keep_ids=tuple(window.selected_ids(limit=KEEP_SELECTED)),
            current_id=window.current_id(),
            visible_row=max(0, window.table.rowAt(0)) if keep_scroll else 0,
            prime_rows=PRIME_ROWS,
            notes=self.search_notes,
            one_per_story=self.one_per_story,
        )
        window.sidebar.select_term(self.query)
        self.show_sort_indicator()
        self._submit(request)

    def start_process(self) -> None:
        """Start the child process that answers list queries from now on.

        Started once the first page is shown, so that its start-up does not compete with the first
        paint for the CPU; the first page is read on the list worker thread (a cheap, indexed read).
        """
        library = self.window.library
        if self.window.ctx.synchronous or self.process is not None:
            return
        try:
            self.process = LibraryProcess(library.folder, readonly=library.readonly, cache_kib=LIST_PROCESS_CACHE_KIB)
        except OSError as exc:  # pragma: no cover - no processes allowed: threads do
            log.warning("no list worker process (%s): the list is read on a thread", exc)

    def stop_process(self) -> None:
        process, self.process = self.process, None
        if process is not None:
            process.close()

    def _work(self, request: ListRequest) -> Callable[[Task], ListResult]:
        return self.work_in_process(run_list_query, request)

    def work_in_process(self, fn: Callable[[Any, Any], Any], request: Any) -> Callable[[Task], Any]:
        """A task's work: `fn(library, request)` in the list's child process (which keeps the engine's
        caches warm; it waits for the child to start, if need be), else here. The timeline panel and the
        stock page count their bars there too."""
        lib, process = self.window.library, self.process

        def work(_task: Task) -> Any:
            if process is not None and process.alive():
                return process.call(fn, request)
            return fn(lib, request)

        return work

    def _submit(self, request: ListRequest) -> None:
        if self.busy:
            self.pending = request  # only the newest request matters
            return
        self.busy = True
        self.runner.run(
            self._work(request),
            name="list",
            on_done=self.window._apply_list,  # the window's name for it (the benchmark times it)
            on_error=self.window._list_failed,
            on_finished=self._done,
        )

    def _done(self) -> None:
        self.busy = False
        pending, self.pending = self.pending, None
        if pending is not None and not self.window._closing:
            self._submit(pending)

    def _warm_search(self) -> None:
        """Let the search engine load its caches now, while the user reads the list, not at the first keystroke."""
        self.search_warmed = True
        self.runner.run(
            self._work(ListRequest(-1, "", "relevance", limit=1)),
            name="warm search",
            on_error=lambda exc: log.info("search warm-up: %s", exc),
        )

    # --- showing a result ------------------------------------------------------------------------

    def apply(self, result: ListResult) -> None:
        window = self.window
        req = result.request
        if req.generation != self.generation or window._closing:
            return  # a newer query was asked for meanwhile
        if result.error is not None:
            from finews_desktop.ui.messages import query_problem  # the problem in the window's language

            window._set_search_error(query_problem(req.query, result.error), result.error_position)
            return
        window._set_search_error(None)
        window.model.prime(result.rows)
        if self._continues_shown_list(result):
            window.model.append_ids(result.ids[len(window.model.ids) :])  # the rest of a first page
        else:
            self._show_new_list(result)
        self.applied_generation = req.generation
        self.start_process()  # the full list and every query after the first page
        n_new = len(result.ids)
        self.total_shown = result.total if result.total >= 0 else n_new
        self.counted = result.total >= 0
        if req.limit is not None and (result.total < 0 or result.total > n_new):
            # the first page is shown: the whole list follows, in the same order (run when this task ends)
            self.pending = ListRequest(
                req.generation, req.query, req.sort, req.descending, notes=req.notes, one_per_story=req.one_per_story
            )
        window._update_empty_state()
        window._update_counts()
        window._update_match_label()
        if not self.search_warmed and self.counted and req.limit is None:
            self._warm_search()
        window.listApplied.emit()

    def _continues_shown_list(self, result: ListResult) -> bool:
        """The result is the whole list of the query whose first page is shown: its ids only follow on."""
        old_ids = self.window.model.ids
        return (
            self.applied_generation == result.request.generation
            and len(old_ids) <= len(result.ids)
            and old_ids == result.ids[: len(old_ids)]
        )

    def _show_new_list(self, result: ListResult) -> None:
        """Swap in a new list, keeping what was selected and the scroll position, or going where it should."""
        window = self.window
        model, table = window.model, window.table
        n_new = len(result.ids)
        scroll = table.verticalScrollBar().value()
        sel_model = table.selectionModel()
        sel_model.blockSignals(True)
        model.set_ids(result.ids)
        table.reselect(result.keep_ranges, result.current_row)
        next_row, self.next_row = self.next_row, None
        if next_row is not None and result.current_row < 0 and n_new:
            table.select_row(min(next_row, n_new - 1))  # the post after the one that left (Delete)
        sel_model.blockSignals(False)
        if self.keep_scroll:
            table.verticalScrollBar().setValue(scroll)
        elif result.current_row >= 0:
            table.scroll_to_row(result.current_row)
        else:
            table.scrollToTop()
        reveal, self.reveal_id = self.reveal_id, None
        if reveal is not None and (row := model.row_of(reveal)) >= 0:
            table.select_row(row)
            table.scroll_to_row(row)
        window._on_selection_changed()
        if window.current_id() != window.preview.post_id:
            window._on_current_changed()

    def reveal(self, pid: int) -> None:
        """Select and show post `pid`: in this view if it is there, else in all posts (or the trash)."""
        window = self.window
        window.table.setFocus()
        row = window.model.row_of(pid)
        if row >= 0:
            window.table.select_row(row)
            window.table.scroll_to_row(row)
            return
        self.reveal_id = pid  # selected once the list shows it
        in_trash = bool(window.library.post_records([pid])[0].get("trashed"))
        window.set_search("is:trashed" if in_trash else "")
        if not self.query and window.model.row_of(pid) < 0:
            self.run_query(self.query)
