"""A query that does not parse, in the window: the stale list dimmed and what is wrong said over it.

The list still shows the last good query's posts, which no longer answer the
text in the search field: it is greyed out and disabled (no key acts on posts
the user no longer sees as the result) under a note saying what is wrong and
where. The note goes as soon as the text parses again, at the keystroke that
fixes it, before the new search has even run.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QLabel

from finews_desktop.core.errors import QueryError
from finews_desktop.core.search.query import parse_query
from finews_desktop.workers.listing import split_recent


def query_parses(text: str) -> bool:
    query, _recent = split_recent(text)
    try:
        parse_query(query)
    except QueryError:
        return False
    return True


class QueryProblem(QObject):
    """The window's query problem: `set_problem(message, position)`, or None when there is none."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window = window
        self.message: str | None = None
        self.position = 0
        self.query = ""  # the search field's text the problem is of: said again after a language switch
        self.note = QLabel(window.list_stack)
        self.note.setObjectName("queryProblem")
        self.note.setWordWrap(True)
        self.note.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        self.note.setStyleSheet(
            "QLabel#queryProblem { background: #fdecea; color: #7a1f16; border: 1px solid #c0392b;"
            " border-radius: 4px; padding: 10px; }"
        )
        self.note.hide()
        window.list_stack.installEventFilter(self)
        window.search_box.textEdited.connect(self._edited)

    def set_problem(self, message: str | None, position: int = 0) -> None:
        self.message, self.position = message, position
        self.query = self.window.search_box.text().strip() if message is not None else ""
        stale = message is not None
        self.window.table.setEnabled(not stale)
        if stale:
            self._retranslate()
            self._place()
            self.note.show()
            self.note.raise_()
        elif self.note.isVisible():
            self.note.hide()
            self.window.statusBar().clearMessage()  # the problem it told of is gone

    def shown(self) -> bool:
        return self.message is not None

    def _retranslate(self) -> None:
        if self.message is not None:
            self.note.setText(
                self.tr("Query problem at character %1: %2\nThe list below is of the last query that worked.")
                .replace("%1", str(self.position + 1))
                .replace("%2", self.message)
            )

    def _edited(self, text: str) -> None:
        if self.message is not None and query_parses(text.strip()):
            self.window._set_search_error(None)  # fixed: no need to wait for the search

    def _place(self) -> None:
        stack = self.window.list_stack
        width = max(120, min(520, stack.width() - 40))
        height = self.note.heightForWidth(width)
        self.note.setGeometry((stack.width() - width) // 2, max(8, stack.height() // 4), width, max(40, height))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and self.note.isVisible():
            self._place()
        elif event.type() == QEvent.Type.LanguageChange and self.message is not None:
            from finews_desktop.ui.messages import query_problem

            self.message = query_problem(self.query, self.message)
            self._retranslate()
        return False
