"""The bars above the post in the preview: why images were not loaded (with Retry), and find."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QLineEdit, QPushButton, QToolButton, QWidget


class FindTarget(Protocol):
    """What the find bar drives: the preview's find."""

    def find_text(self, text: str) -> None: ...
    def find_next(self) -> None: ...
    def find_previous(self) -> None: ...
    def close_find(self) -> None: ...


class ImageNotice(QFrame):
    """The bar above the post saying why images were not loaded, with Retry."""

    def __init__(self, parent: QWidget, retry: Callable[[], None]) -> None:
        super().__init__(parent)
        self.setObjectName("previewImageNotice")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.label = QLabel()
        self.label.setObjectName("previewImageNoticeText")
        self.label.setWordWrap(True)
        self.retry_button = QPushButton()
        self.retry_button.setObjectName("previewRetryImages")
        self.retry_button.clicked.connect(retry)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 3, 3, 3)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.retry_button)
        self.hide()


class FindBar(QFrame):
    """Find in the preview: a line edit, the match count, previous/next and close."""

    def __init__(self, parent: QWidget, preview: FindTarget) -> None:
        super().__init__(parent)
        self.preview = preview
        self.setObjectName("previewFindBar")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.edit = QLineEdit()
        self.edit.setObjectName("previewFind")
        self.edit.setClearButtonEnabled(True)
        self.count = QLabel()
        self.count.setObjectName("previewFindCount")
        self.prev_button = QToolButton()
        self.next_button = QToolButton()
        self.close_button = QToolButton()
        self.prev_button.setText("↑")
        self.next_button.setText("↓")
        self.close_button.setText("✕")
        self.prev_button.clicked.connect(self.preview.find_previous)
        self.next_button.clicked.connect(self.preview.find_next)
        self.close_button.clicked.connect(self.preview.close_find)
        self.edit.textChanged.connect(self.preview.find_text)
        self.edit.returnPressed.connect(self.preview.find_next)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 3, 3, 3)
        layout.setSpacing(3)
        for w in (self.edit, self.count, self.prev_button, self.next_button, self.close_button):
            layout.addWidget(w)
        self.retranslate()
        self.hide()

    def retranslate(self) -> None:
        self.edit.setPlaceholderText(self.tr("Find in post"))
        self.prev_button.setToolTip(self.tr("Previous match (Shift+Enter)"))
        self.next_button.setToolTip(self.tr("Next match (Enter)"))
        self.close_button.setToolTip(self.tr("Close (Esc)"))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.preview.close_find()
            return
        if (
            event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and event.modifiers() & Qt.KeyboardModifier.ShiftModifier
        ):
            self.preview.find_previous()
            return
        super().keyPressEvent(event)
