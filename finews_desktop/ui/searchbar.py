"""The toolbar's search field and its match count.

Typing searches after a pause, Enter at once; a sidebar click adds its term to the query
(`facet_click`). The query's problems are shown by the window (`MainWindow._set_search_error`,
`widgets/queryproblem.py`), marked on the field by its `error` property.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QLabel, QLineEdit

from finews_desktop.core.content.facet_terms import facet_click

SEARCH_DELAY_MS = 250  # typing pause before the search runs


class SearchBar(QObject):
    """The search field, the match count beside it and the typing pause, for a MainWindow."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window = window
        self.box = QLineEdit()
        self.box.setObjectName("searchBox")
        self.box.setClearButtonEnabled(True)
        self.box.setMinimumWidth(360)
        self.box.setAcceptDrops(False)
        self.box.setStyleSheet('QLineEdit[error="true"] { border: 1px solid #c0392b; }')
        self.match_label = QLabel()
        self.match_label.setObjectName("matchCount")
        self.match_label.setContentsMargins(8, 0, 8, 0)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(SEARCH_DELAY_MS)
        self.box.textEdited.connect(lambda _t: self.timer.start())
        self.box.returnPressed.connect(self.search_now)
        self.timer.timeout.connect(self.search_now)

    def retranslate(self) -> None:
        self.box.setPlaceholderText(self.tr('Search: words, "phrases", tag:, category:, stock:, date:… (Ctrl+F)'))
        from finews_desktop.ui.dialogs.query_help import help_html

        self.box.setToolTip(help_html())  # the F1 table: written once, in the window's language
        self.update_match_label()

    def set_search(self, text: str) -> None:
        self.box.setText(text)
        self.search_now()

    def focus(self) -> None:
        self.box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.box.selectAll()

    def search_now(self) -> None:
        self.timer.stop()
        text = self.box.text().strip()
        if text != self.window.query or self.error_shown():
            self.window.run_query(text, first_page=True, keep_scroll=False)

    def error_shown(self) -> bool:
        return bool(self.box.property("error"))

    def add_term(self, term: str, add: bool) -> None:
        """A sidebar term clicked: it becomes the query, or joins it (`add`)."""
        self.set_search(facet_click(self.box.text(), term, combine=add))

    def update_match_label(self) -> None:
        if self.error_shown():
            return
        if self.window.query:
            self.match_label.setText(self.tr("%Ln matches", "", self.window.total_shown))
        else:
            self.match_label.setText("")
