"""The stock page as a part of the window: shown in the preview's place while the search is one `stock:` term.

A sidebar stock, a stock link in the preview or a typed `stock:600160.SH` all make the
search one `stock:` term; when its list is shown, the page of that stock is read off the
window's thread (`core/store/stock_reads.py`) and replaces the preview, the list showing the
stock's posts. Back or Escape gives the search before it back, and the preview; a click on a
post in the list shows that post.

The page's timeline is the stock's posts per day, week or month over the library's range, the
library faint behind (`widgets/timeline_chart.py`), counted as the timeline panel counts
(`workers/timeline.py`, in the list's child process when it runs). Clicking or dragging over bars
narrows the list to their dates as the panel does (`stock:… date:…`): the page stays while the
search is its stock's term with `date:` terms.
"""

from __future__ import annotations

import logging
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QSplitter, QStackedWidget, QWidget

from finews_desktop.core.errors import QueryError
from finews_desktop.core.search.query import And, Dates, Field, parse_query, required_dates
from finews_desktop.core.store.stock_reads import StockPage, find_stock, stock_page
from finews_desktop.ui.chart_import import chart_class
from finews_desktop.ui.tasks import Task, TaskRunner
from finews_desktop.ui.widgets.stock_page import StockPageView

if TYPE_CHECKING:  # at run time imported where used: they import the search engine and numpy (not for the first rows)
    from finews_desktop.workers.timeline import TimelineResult

log = logging.getLogger(__name__)


def stock_term(query: str) -> str | None:
    """The value of a query that is one `stock:` term, alone or with `date:` terms (bars chosen on its
    page's timeline), else None."""
    try:
        root = parse_query(query).root
    except QueryError:
        return None
    if isinstance(root, And):
        stocks = [c for c in root.children if isinstance(c, Field) and c.name == "stock"]
        if len(stocks) == 1 and all(c is stocks[0] or isinstance(c, Dates) for c in root.children):
            root = stocks[0]
    return root.value if isinstance(root, Field) and root.name == "stock" else None


class StockPages(QObject):
    """The page, the stack it shares with the preview, and the reads behind it, for a MainWindow."""

    timelineShown = Signal()  # the page's timeline was drawn (tests and the benchmark wait on it)

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window = window
        self.view = StockPageView()
        self.runner = TaskRunner("stock page", synchronous=window.ctx.synchronous, parent=self)
        self.timeline_runner = TaskRunner("stock timeline", synchronous=window.ctx.synchronous, parent=self)
        self.chart: Any = None  # a TimelineChart, once pyqtgraph is in
        self.timeline: TimelineResult | None = None
        self.timeline_generation = 0
        self.stack = QStackedWidget()
        self.stack.setObjectName("previewStack")
        self._take_the_previews_place(window.preview)
        self.shown_term: str | None = None  # the stock: value whose page was asked for last
        self.page_term: str | None = None  # the stock: value of the page the view shows
        self.query_before = ""  # the search Back gives back
        self.pending: str | None = None
        window.listApplied.connect(self._list_shown)
        window.table.clicked.connect(lambda _i: self.show_preview())
        self.view.backRequested.connect(self.back)
        self.view.stockRequested.connect(lambda secid: window.set_search(f"stock:{secid}"))
        self.view.unitChosen.connect(lambda _unit: self._ask_timeline())

    def _take_the_previews_place(self, preview: QWidget) -> None:
        """The stack goes where the preview is (the main splitter, or a splitter another part put it in)."""
        holder = preview.parentWidget()
        while holder is not None and not isinstance(holder, QSplitter):
            holder = holder.parentWidget()
        if holder is None:
            raise RuntimeError("the preview is not in a splitter")
        at, sizes = holder.indexOf(preview), holder.sizes()
        holder.replaceWidget(at, self.stack)
        self.stack.addWidget(preview)
        self.stack.addWidget(self.view)
        holder.setSizes(sizes)

    def is_shown(self) -> bool:
        return self.stack.currentWidget() is self.view

    def _list_shown(self) -> None:
        value = stock_term(self.window.query)
        if value is None:
            if self.shown_term is not None:
                self.shown_term = None
                self.show_preview()
            self.query_before = self.window.query
            return
        if value != self.shown_term:
            self.shown_term = value
            self.open(value)

    def open(self, value: str) -> None:
        """Read the page of the stock `value` names on the worker, then show it; its timeline is counted at
        the same time (in the list's process, beside the page's read: not after the page is shown)."""
        self.timeline = None
        self._ask_timeline()
        lib = self.window.library
        synchronous = self.window.ctx.synchronous

        def work(_task: Task) -> StockPage | None:
            try:
                found = find_stock(lib.db, value)
                return stock_page(lib.db, found[0]) if found else None
            finally:
                if not synchronous:
                    lib.db.close()  # gives back this thread's page cache, as the sidebar's counts do

        self.runner.run(work, name="stock page", on_done=lambda page: self._show(value, page))

    def _show(self, value: str, page: StockPage | None) -> None:
        if value != self.shown_term:
            return  # another stock was asked for meanwhile
        self.view.show_page(page, value)
        self.page_term = value
        self.stack.setCurrentWidget(self.view)
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)
        if page is not None and page.posts:
            self._make_chart()
            self._draw()  # its timeline, if counted already; else emptied until it is

    # --- the timeline ---------------------------------------------------------------------------

    def _ask_timeline(self) -> None:
        """Count the shown stock's posts per bar of the page's unit, off the window's thread."""
        if self.shown_term is None:
            return
        from finews_desktop.workers.timeline import TimelineRequest, run_timeline_query

        self.timeline_generation += 1
        request = TimelineRequest(self.timeline_generation, (f"stock:{self.shown_term}",), self.view.unit())
        self.timeline_runner.run(
            self.window.list_queries.work_in_process(run_timeline_query, request),
            name="stock timeline",
            on_done=self._timeline_counted,
            on_error=lambda exc: log.warning("stock timeline: %s", exc),
        )

    def _timeline_counted(self, result: TimelineResult) -> None:
        if result.request.generation != self.timeline_generation or self.window._closing:
            return
        self.timeline = result
        self._draw()

    def _make_chart(self) -> None:
        """The chart, once pyqtgraph is imported (on a thread, as the timeline panel does: a quarter second)."""
        if self.chart is not None:
            return
        chart = chart_class(self.window.ctx.synchronous, self._make_chart)
        if chart is None:
            return
        self.chart = chart()
        self.chart.setObjectName("stockPageChart")
        self.chart.rangeChosen.connect(self.narrow_to)
        self.view.set_chart(self.chart)
        self._draw()

    def _draw(self) -> None:
        """The shown page's timeline (the chart emptied while it is being counted)."""
        result, page = self.timeline, self.view.page
        if self.chart is None or page is None or self.page_term != self.shown_term:
            return  # the page of the stock asked for is not shown yet: drawn when it is
        if result is None or result.timeline is None:
            if self.chart.starts:
                self.chart.clear()
            return
        self.chart.set_timeline(result.timeline, [page.name or page.instrument.code])
        self.timelineShown.emit()

    def narrow_to(self, first_day: date, last_day: date) -> None:
        """Bars chosen: the list becomes the stock's posts on their days, whatever days it showed before (the
        chart shows all of the stock's), as an edit of the search field that Ctrl+Z there undoes."""
        from finews_desktop.core.search.timeline import narrowed_query

        query = self.window.query
        for term in reversed(required_dates(query)):
            query = f"{query[: term.start].rstrip()} {query[term.end :].lstrip()}".strip()
        box = self.window.search_box
        box.selectAll()
        box.insert(narrowed_query(query, self.view.unit(), first_day, last_day))  # as the timeline panel does
        self.window.search_bar.search_now()

    def show_preview(self) -> None:
        self.stack.setCurrentWidget(self.window.preview)

    def back(self) -> None:
        """The search before the page, and the preview."""
        self.shown_term = self.page_term = None
        self.show_preview()
        self.window.set_search(self.query_before if stock_term(self.query_before) is None else "")
