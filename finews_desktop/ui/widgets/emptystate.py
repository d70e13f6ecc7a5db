"""What the list pane says instead of an empty list: the first-run page, or why this view shows nothing.

An empty table reads as "broken"; each view says why it is empty and what to do (a feed
reader's "No unread articles", Zotero's empty collection).
"""

from __future__ import annotations

import re

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from finews_desktop.ui.icons import icon

# The views with words of their own (`view_of` tells which a query is); any other query is a search.
_ONE_COLLECTION = re.compile(r'collection:("(?:[^"\\]|\\.)*"|[^\s"():]+)')  # as the sidebar writes it
LIBRARY, SEARCH, TRASH, COLLECTION, WARNINGS, RECENT = "library", "search", "trash", "collection", "warnings", "recent"


def view_of(query: str) -> str:
    """Which view an empty list is: the whole library, the trash, a collection, ... or a search."""
    text = query.strip()
    if not text:
        return LIBRARY
    views = {"is:trashed": TRASH, "has:warning": WARNINGS, "is:recent": RECENT}
    if text in views:
        return views[text]
    if _ONE_COLLECTION.fullmatch(text):
        return COLLECTION
    return SEARCH


class EmptyState(QWidget):
    importFolderRequested = Signal()
    importFilesRequested = Signal()
    showAllRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("emptyState")
        self.view = LIBRARY
        self.title = QLabel()
        self.title.setObjectName("emptyTitle")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.title.setFont(font)
        self.text = QLabel()
        self.text.setObjectName("emptyText")
        self.text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.text.setWordWrap(True)
        self.folder_button = QPushButton(icon("import-folder"), "")
        self.files_button = QPushButton(icon("import-files"), "")
        self.all_button = QPushButton(icon("all"), "")
        self.folder_button.setObjectName("emptyImportFolder")
        self.all_button.setObjectName("emptyShowAll")
        self.folder_button.clicked.connect(self.importFolderRequested)
        self.files_button.clicked.connect(self.importFilesRequested)
        self.all_button.clicked.connect(self.showAllRequested)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.folder_button)
        buttons.addWidget(self.files_button)
        buttons.addWidget(self.all_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addStretch(2)
        layout.addWidget(self.title)
        layout.addSpacing(12)
        layout.addWidget(self.text)
        layout.addSpacing(18)
        layout.addLayout(buttons)
        layout.addStretch(3)
        self.setAcceptDrops(False)
        self.retranslate()

    def show_view(self, view: str) -> None:
        """Say why `view` (LIBRARY, SEARCH, ...) is empty."""
        self.view = view
        self.retranslate()

    def retranslate(self) -> None:
        title, text = {
            LIBRARY: (
                self.tr("Your library is empty"),
                self.tr(
                    "Drop a Jekyll archive folder (the one holding _posts), post files or a .zip anywhere on this "
                    "window to import it, or choose one."
                ),
            ),
            SEARCH: (self.tr("No posts match this search"), self.tr("Check the spelling, or use fewer terms.")),
            TRASH: (self.tr("The trash is empty"), self.tr("Posts moved to the trash are kept here until emptied.")),
            COLLECTION: (
                self.tr("This collection is empty"),
                self.tr("Drag posts onto the collection in the sidebar, or use Add to Collection."),
            ),
            WARNINGS: (self.tr("No warnings"), self.tr("Jekyll reads every post without a warning.")),
            RECENT: (self.tr("Nothing imported yet"), self.tr("The posts of the last import are listed here.")),
        }[self.view]
        self.title.setText(title)
        self.text.setText(text)
        first_run = self.view == LIBRARY
        self.folder_button.setVisible(first_run)
        self.files_button.setVisible(first_run)
        self.all_button.setVisible(not first_run)
        self.folder_button.setText(self.tr("Import Folder…"))
        self.files_button.setText(self.tr("Import Files…"))
        self.all_button.setText(self.tr("Show All Posts"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
