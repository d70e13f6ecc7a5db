"""The search syntax, in the window's language: one table of syntax, meaning and example (F1, and the
search field's tooltip), written once here.

The query language itself is `core/search/query.py` (its `QUERY_HELP` is the
command line's English text); these rows say the same for the window, through
Qt's translation. Double-clicking a row (or Enter on it) searches its example.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QCoreApplication, QEvent, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)


def help_rows() -> list[tuple[str, str, str]]:
    """(syntax, meaning, example) for every part of the query language, translated now."""
    return _word_rows() + _field_rows() + _state_rows()


def _word_rows() -> list[tuple[str, str, str]]:
    """Words, and how they combine."""
    return [
        (
            "word word",
            QCoreApplication.translate(
                "QueryHelp", "Posts with every word (AND); any part of a word matches, in any case"
            ),
            "碳中和 光伏",
        ),
        ("A OR B", QCoreApplication.translate("QueryHelp", "Either word; OR binds tighter than AND"), "光伏 OR 风电"),
        ("-word", QCoreApplication.translate("QueryHelp", "Posts without the word"), "-减持"),
        (
            '"…"',
            QCoreApplication.translate("QueryHelp", "An exact phrase, spaces included (Chinese quotes too)"),
            '"new energy"',
        ),
        ("( … )", QCoreApplication.translate("QueryHelp", "Groups terms"), "(光伏 OR 风电) -减持"),
    ]


def _field_rows() -> list[tuple[str, str, str]]:
    """A word in one field of the post, and dates."""
    return [
        ("title:", QCoreApplication.translate("QueryHelp", "In the title only"), "title:茅台"),
        ("tag:", QCoreApplication.translate("QueryHelp", "A tag (the whole tag name)"), "tag:东财滚动新闻"),
        (
            "category:",
            QCoreApplication.translate("QueryHelp", "A category, by slug or by display name"),
            "category:emnews",
        ),
        (
            "stock:",
            QCoreApplication.translate("QueryHelp", "A stock mentioned in the post, by code, name or symbol"),
            "stock:600160.SH",
        ),
        (
            "source:",
            QCoreApplication.translate("QueryHelp", "Part of the source's name, or of the source link's host"),
            "source:eastmoney.com",
        ),
        (
            "date:",
            QCoreApplication.translate("QueryHelp", "A year, month or day, in the archive's time zone"),
            "date:2022-05",
        ),
        (
            "date:A..B",
            QCoreApplication.translate("QueryHelp", "A range of dates (either end may be left out)"),
            "date:2022-05-01..2022-05-31",
        ),
        ("date:>", QCoreApplication.translate("QueryHelp", "After a day (also >=, <, <=)"), "date:>2022-01-01"),
    ]


def _state_rows() -> list[tuple[str, str, str]]:
    """What the library knows of a post: its collections, edits, trash, warnings, last import, read state, notes."""
    return [
        ("collection:", QCoreApplication.translate("QueryHelp", "Posts in a collection"), "collection:待读"),
        ("is:edited", QCoreApplication.translate("QueryHelp", "Posts edited in the library"), "is:edited"),
        ("is:trashed", QCoreApplication.translate("QueryHelp", "Posts in the trash"), "is:trashed"),
        ("has:warning", QCoreApplication.translate("QueryHelp", "Posts Jekyll warns about"), "has:warning"),
        ("is:recent", QCoreApplication.translate("QueryHelp", "The posts of the last import"), "is:recent"),
        *_reading_rows(),
        *_story_rows(),
    ]


def _reading_rows() -> list[tuple[str, str, str]]:
    """Read state and notes: the library's own, never in the posts (core/curation/reading.py)."""
    return [
        ("is:unread", QCoreApplication.translate("QueryHelp", "Posts not read yet"), "is:unread"),
        ("is:read", QCoreApplication.translate("QueryHelp", "Posts read (opened for a moment, or marked)"), "is:read"),
        ("has:note", QCoreApplication.translate("QueryHelp", "Posts with a private note"), "has:note"),
        (
            "note:",
            QCoreApplication.translate(
                "QueryHelp",
                "In the post's private note, matched as text is (with Notes on beside the search field, "
                "plain words match notes too)",
            ),
            "note:待核实",
        ),
    ]


def _story_rows() -> list[tuple[str, str, str]]:
    """Stories: near-duplicate copies and versions (core/dedup/; the window's ui/stories.py)."""
    return [
        (
            "dup:",
            QCoreApplication.translate("QueryHelp", "The posts of a post's story (by its id): its copies and versions"),
            "dup:1234",
        ),
        (
            "is:duplicate",
            QCoreApplication.translate("QueryHelp", "Copies and versions of a story another post represents"),
            "is:duplicate",
        ),
        (
            "is:representative",
            QCoreApplication.translate(
                "QueryHelp", "The post shown for a story of several (the earliest, or the one kept)"
            ),
            "is:representative",
        ),
    ]


def help_note() -> str:
    return QCoreApplication.translate(
        "QueryHelp",
        'Values with spaces go in quotes: tag:"A B". A field name also works with a full-width colon '
        "(tag：东财). Full-width and half-width letters match alike (ＮＩＯ finds NIO).",
    )


def help_headers() -> tuple[str, str, str]:
    return (
        QCoreApplication.translate("QueryHelp", "Syntax"),
        QCoreApplication.translate("QueryHelp", "Meaning"),
        QCoreApplication.translate("QueryHelp", "Example"),
    )


def help_html() -> str:
    """The table as rich text (the search field's tooltip)."""
    head = "".join(f"<th align='left'>{html.escape(h)}</th>" for h in help_headers())
    rows = "".join(
        f"<tr><td><code>{html.escape(s)}</code></td><td>{html.escape(m)}</td><td><code>{html.escape(e)}</code></td></tr>"
        for s, m, e in help_rows()
    )
    more = html.escape(
        QCoreApplication.translate("QueryHelp", "F1: this table in a window; double-click an example to search it.")
    )
    return (
        f"<table cellspacing='0' cellpadding='2'><tr>{head}</tr>{rows}</table>"
        f"<p>{html.escape(help_note())}</p><p><i>{more}</i></p>"
    )


class QueryHelpDialog(QDialog):
    """The search syntax table; `exampleChosen(example)` when a row is double-clicked."""

    exampleChosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("queryHelp")
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("queryHelpTable")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.table.itemActivated.connect(self._activated)  # Enter (and a double-click, by the style)
        self.table.itemDoubleClicked.connect(self._activated)
        self.note = QLabel()
        self.note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.note)
        layout.addWidget(buttons)
        self.resize(760, 560)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Search Syntax"))
        self.table.setHorizontalHeaderLabels(list(help_headers()))
        rows = help_rows()
        self.table.setRowCount(len(rows))
        mono = self.font()
        mono.setFamily("monospace")
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                item = QTableWidgetItem(text)
                if c != 1:
                    item.setFont(mono)
                if c == 2:
                    item.setToolTip(self.tr("Double-click to search for this"))
                self.table.setItem(r, c, item)
        self.table.resizeRowsToContents()
        self.note.setText(help_note())

    def _activated(self, item: QTableWidgetItem) -> None:
        example = self.table.item(item.row(), 2)
        if example is not None:
            self.exampleChosen.emit(example.text())

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.table.resizeRowsToContents()  # now that the columns have their widths

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
