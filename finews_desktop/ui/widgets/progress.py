"""Background work in the status bar: what is running, how far, and a cancel button."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QToolButton, QWidget

from finews_desktop.ui.icons import icon


class TaskProgress(QWidget):
    cancelRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("taskProgress")
        self.label = QLabel()
        self.bar = QProgressBar()
        self.bar.setMaximumWidth(180)
        self.bar.setTextVisible(True)
        self.cancel_button = QToolButton()
        self.cancel_button.setObjectName("cancelTask")
        self.cancel_button.setIcon(icon("cancel"))
        self.cancel_button.setAutoRaise(True)
        self.cancel_button.clicked.connect(self.cancelRequested)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addWidget(self.cancel_button)
        self.retranslate()
        self.hide()

    def retranslate(self) -> None:
        self.cancel_button.setToolTip(self.tr("Cancel (the posts written so far stay, each complete)"))

    def start(self, text: str) -> None:
        self.label.setText(text)
        self.bar.setRange(0, 0)
        self.cancel_button.setEnabled(True)
        self.show()

    def update_progress(self, done: int, total: int, text: str | None = None) -> None:
        if text is not None:
            self.label.setText(text)
        if total > 0:
            self.bar.setRange(0, total)
            self.bar.setValue(done)
            self.bar.setFormat(f"{self.locale().toString(done)} / {self.locale().toString(total)}")

    def cancelling(self) -> None:
        self.cancel_button.setEnabled(False)
        self.label.setText(self.tr("Cancelling…"))

    def stop(self) -> None:
        self.hide()
