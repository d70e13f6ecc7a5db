"""The post list's view: a table of posts read row by row, and what is selected in it.

The rows come from `models/posts.PostTableModel` (an id array, sorted and filtered in SQL); the view
answers which posts are selected as id ranges, never as a list of a million indexes.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import islice
from typing import Any

from PySide6.QtCore import QItemSelection, QItemSelectionModel, QModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from finews_desktop.ui.models.posts import PostTableModel

COLUMN_WIDTHS = (125, 380, 110, 110, 130, 60)


class PostTable(QTableView):
    """The post list view: multi-selection, SQL sorting through the model, no drops of its own."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("postList")
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.setWordWrap(False)
        self.setShowGrid(False)
        self.setAlternatingRowColors(True)
        self.setAcceptDrops(False)
        self.setDragEnabled(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        vh = self.verticalHeader()
        vh.hide()
        vh.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vh.setDefaultSectionSize(self.fontMetrics().height() + 8)
        hh = self.horizontalHeader()
        hh.setSectionsMovable(True)
        hh.setHighlightSections(False)
        hh.setStretchLastSection(False)
        hh.setSortIndicatorShown(True)
        hh.setSectionsClickable(True)

    def moveCursor(self, action: QAbstractItemView.CursorAction, modifiers: Qt.KeyboardModifier) -> QModelIndex:
        """Home and End go to the first and last post (a table's own Home/End go to the row's first and last
        column, which a list of posts read row by row never wants)."""
        model = self.model()
        if action in (QAbstractItemView.CursorAction.MoveHome, QAbstractItemView.CursorAction.MoveEnd) and (
            model is not None and model.rowCount() > 0
        ):
            row = 0 if action == QAbstractItemView.CursorAction.MoveHome else model.rowCount() - 1
            return model.index(row, max(0, self.currentIndex().column()))
        return super().moveCursor(action, modifiers)

    def setModel(self, model: Any) -> None:
        super().setModel(model)
        # The headers get a selection model of their own: sharing the view's makes Qt ask, on
        # every selection change, whether each whole column is selected (O(rows); 50 s for a
        # select-all of a million rows). Clicking a header sorts; it never selects a column.
        self._header_selection = QItemSelectionModel(model, self)
        self.horizontalHeader().setSelectionModel(self._header_selection)
        self.verticalHeader().setSelectionModel(self._header_selection)

    def set_column_widths(self, widths: Iterable[int] = COLUMN_WIDTHS) -> None:
        for col, width in enumerate(widths):
            self.setColumnWidth(col, width)

    # --- the selection, as rows and post ids ------------------------------------------------

    def posts(self) -> PostTableModel:
        model = self.model()
        assert isinstance(model, PostTableModel)
        return model

    def selected_ranges(self) -> list[tuple[int, int]]:
        """The selected rows as (top, bottom) ranges, in list order."""
        return sorted((r.top(), r.bottom()) for r in self.selectionModel().selection())

    def selected_ids(self, limit: int | None = None) -> list[int]:
        """The selected posts in list order (the first `limit` of them)."""
        rows: list[int] = []
        last = -1
        for top, bottom in self.selected_ranges():
            top = max(top, last + 1)
            if limit is not None:
                bottom = min(bottom, top + (limit - len(rows)) - 1)
            rows.extend(range(top, bottom + 1))
            last = max(last, bottom)
            if limit is not None and len(rows) >= limit:
                break
        return self.posts().ids_of_rows(rows)

    def selected_count(self) -> int:
        return sum(r.bottom() - r.top() + 1 for r in self.selectionModel().selection())

    def current_id(self) -> int | None:
        index = self.currentIndex()
        return self.posts().post_id(index.row()) if index.isValid() else None

    def selected_trash_states(self, limit: int = 500) -> set[bool]:
        """Whether the selected posts are trashed (True), not (False), or both: read from the rows the model
        holds, the first `limit` of a large selection."""
        model = self.posts()
        rows = islice((r for top, bottom in self.selected_ranges() for r in range(top, bottom + 1)), limit)
        states = set()
        for r in rows:
            row = model.row(r)
            if row is not None:
                states.add(row.trashed)
        return states

    def select_row(self, row: int) -> None:
        """Select only `row` and make it current."""
        model = self.posts()
        selection = QItemSelection(model.index(row, 0), model.index(row, model.columnCount() - 1))
        sel_model = self.selectionModel()
        sel_model.select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        sel_model.setCurrentIndex(model.index(row, 0), QItemSelectionModel.SelectionFlag.NoUpdate)

    def reselect(self, keep_ranges: Iterable[tuple[int, int]], current_row: int) -> None:
        """Select the rows a new list kept from the old selection, and its current post."""
        model = self.posts()
        last_col = model.columnCount() - 1
        ranges = list(keep_ranges)
        selection = QItemSelection()
        for top, bottom in ranges:
            selection.select(model.index(top, 0), model.index(bottom, last_col))
        sel_model = self.selectionModel()
        if ranges:
            sel_model.select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        if current_row >= 0:
            sel_model.setCurrentIndex(model.index(current_row, 0), QItemSelectionModel.SelectionFlag.NoUpdate)

    def scroll_to_row(self, row: int) -> None:
        self.scrollTo(self.posts().index(row, 0), QAbstractItemView.ScrollHint.PositionAtCenter)
