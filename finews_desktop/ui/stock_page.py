"""The stock page as a part of the window: shown in the preview's place while the search is one `stock:` term.

A sidebar stock, a stock link in the preview or a typed `stock:600160.SH` all make the
search one `stock:` term; when its list is shown, the page of that stock is read off the
window's thread (`core/store/stock_reads.py`) and replaces the preview, the list showing the
stock's posts. Back or Escape gives the search before it back, and the preview; a click on a
post in the list shows that post.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QSplitter, QStackedWidget, QWidget

from finews_desktop.core.errors import QueryError
from finews_desktop.core.search.query import Field, parse_query
from finews_desktop.core.store.stock_reads import StockPage, find_stock, stock_page
from finews_desktop.ui.tasks import Task, TaskRunner
from finews_desktop.ui.widgets.stock_page import StockPageView


def stock_term(query: str) -> str | None:
    """The value of a query that is one `stock:` term, else None."""
    try:
        root = parse_query(query).root
    except QueryError:
        return None
    return root.value if isinstance(root, Field) and root.name == "stock" else None


class StockPages(QObject):
    """The page, the stack it shares with the preview, and the reads behind it, for a MainWindow."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window = window
        self.view = StockPageView()
        self.runner = TaskRunner("stock page", synchronous=window.ctx.synchronous, parent=self)
        self.stack = QStackedWidget()
        self.stack.setObjectName("previewStack")
        self._take_the_previews_place(window.preview)
        self.shown_term: str | None = None  # the stock: value whose page was asked for last
        self.query_before = ""  # the search Back gives back
        self.pending: str | None = None
        window.listApplied.connect(self._list_shown)
        window.table.clicked.connect(lambda _i: self.show_preview())
        self.view.backRequested.connect(self.back)
        self.view.stockRequested.connect(lambda secid: window.set_search(f"stock:{secid}"))

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
        """Read the page of the stock `value` names on the worker, then show it."""
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
        self.stack.setCurrentWidget(self.view)
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def show_preview(self) -> None:
        self.stack.setCurrentWidget(self.window.preview)

    def back(self) -> None:
        """The search before the page, and the preview."""
        self.shown_term = None
        self.show_preview()
        self.window.set_search(self.query_before if stock_term(self.query_before) is None else "")
