"""The start-up dialog listing what a killed or crashed session left unfinished, to resume or discard.

It only asks; `app.py` carries out the answer (core/store/journal.py knows how).
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from finews_desktop.core.store.journal import Interrupted

RESUME, DISCARD, LATER = "resume", "discard", "later"
KEY_ROLE = Qt.ItemDataRole.UserRole


class InterruptedDialog(QDialog):
    """One checkable line per interrupted operation; Resume or Discard the checked ones, or decide Later."""

    def __init__(self, items: list[Interrupted], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.items = list(items)
        self.choice = LATER
        self.setWindowTitle(self.tr("Interrupted operations"))
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "finews-desktop was closed or crashed while these were under way. The library is consistent: "
                "what each one left is said below. Resume runs the checked ones again."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.list = QListWidget(self)
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)  # each operation takes two lines or more: keep them apart
        self.list.setSpacing(3)
        for item in self.items:
            when = datetime.fromtimestamp(item.started_at).strftime("%Y-%m-%d %H:%M")
            line = QListWidgetItem(f"{item.description}  ({when})\n{item.outcome}")
            line.setFlags(line.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            line.setCheckState(Qt.CheckState.Checked)
            line.setData(KEY_ROLE, item.key)
            self.list.addItem(line)
        layout.addWidget(self.list)
        buttons = QDialogButtonBox(self)
        self.resume_button: QPushButton = buttons.addButton(self.tr("Resume"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.discard_button: QPushButton = buttons.addButton(
            self.tr("Discard"), QDialogButtonBox.ButtonRole.DestructiveRole
        )
        self.later_button: QPushButton = buttons.addButton(self.tr("Later"), QDialogButtonBox.ButtonRole.RejectRole)
        self.resume_button.setDefault(True)
        self.resume_button.clicked.connect(lambda: self._answer(RESUME))
        self.discard_button.clicked.connect(lambda: self._answer(DISCARD))
        self.later_button.clicked.connect(lambda: self._answer(LATER))
        self.list.itemChanged.connect(self._update_buttons)
        layout.addWidget(buttons)
        self.resize(640, 320)

    def chosen(self) -> list[Interrupted]:
        """The checked operations, in the listed order."""
        keys = {
            self.list.item(i).data(KEY_ROLE)
            for i in range(self.list.count())
            if self.list.item(i).checkState() == Qt.CheckState.Checked
        }
        return [item for item in self.items if item.key in keys]

    def _update_buttons(self, *_args: object) -> None:
        some = bool(self.chosen())
        self.resume_button.setEnabled(some)
        self.discard_button.setEnabled(some)

    def _answer(self, choice: str) -> None:
        self.choice = choice
        if choice == LATER:
            self.reject()
        else:
            self.accept()


def ask_about_interrupted(parent: QWidget | None, items: list[Interrupted]) -> tuple[str, list[Interrupted]]:
    """Show the dialog modally; (RESUME | DISCARD | LATER, the operations checked)."""
    dialog = InterruptedDialog(items, parent)
    dialog.exec()
    return dialog.choice, dialog.chosen()
