"""The note pane below the preview: a post's private note as plain text (Markdown welcome), saved by itself.

It saves after a pause in typing and when another post is shown; what saving does is the
owner's (ui/reading.py), which writes it through the core and records it for undo.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QTimer, Signal
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QVBoxLayout, QWidget

SAVE_PAUSE_MS = 800  # a pause in typing this long saves the note


class NoteEditor(QWidget):
    """A post's note: `show_note(pid, text)` loads one (saving the one before), `noteEdited` says what to save."""

    noteEdited = Signal(int, str)  # post id, the note's text

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("noteEditor")
        self.post_id: int | None = None
        self._saved = ""
        self.heading = QLabel()
        self.heading.setObjectName("noteHeading")
        self.edit = QPlainTextEdit()
        self.edit.setObjectName("noteText")
        self.edit.setTabChangesFocus(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 4)
        layout.setSpacing(2)
        layout.addWidget(self.heading)
        layout.addWidget(self.edit)
        self.pause = QTimer(self)
        self.pause.setSingleShot(True)
        self.pause.setInterval(SAVE_PAUSE_MS)
        self.pause.timeout.connect(self.save)
        self.edit.textChanged.connect(self._typed)
        self.edit.installEventFilter(self)
        self.show_note(None, "")
        self.retranslate()

    def show_note(self, post_id: int | None, text: str) -> None:
        """Show this post's note (None: no post, the pane is disabled); the note shown before is saved first."""
        self.save()
        self.post_id = post_id
        self._saved = text
        self.edit.blockSignals(True)
        self.edit.setPlainText(text)
        self.edit.blockSignals(False)
        self.setEnabled(post_id is not None)

    def text(self) -> str:
        return self.edit.toPlainText()

    def save(self) -> None:
        """Hand the note on when it differs from what was saved (after a pause, on leaving it)."""
        self.pause.stop()
        if self.post_id is None or self.text() == self._saved:
            return
        self._saved = self.text()
        self.noteEdited.emit(self.post_id, self._saved)

    def set_saver(self, save: Callable[[int, str], None]) -> None:
        self.noteEdited.connect(save)

    def _typed(self) -> None:
        self.pause.start()

    def eventFilter(self, watched: object, event: QEvent) -> bool:
        if watched is self.edit and event.type() == QEvent.Type.FocusOut:
            self.save()
        return False

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.heading.setText(self.tr("Note"))
        self.edit.setPlaceholderText(self.tr("A private note on this post (plain text or Markdown); saved as you type"))
