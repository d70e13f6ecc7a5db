"""The "File" box of the dialogs that write one file (Export Table…, Export Notes…): a path and Browse….

The dialog keeps the rules (which suffixes, when OK is enabled, what Browse… offers); the box is only the
labelled field and its button, so both dialogs look and read the same and share their words.
"""

from __future__ import annotations

from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget


class SaveAsBox(QGroupBox):
    """`path_edit` (its placeholder says which files) and `browse_button`; `name` prefixes their object names."""

    def __init__(self, destination: str, placeholder: str, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("File"))
        row = QHBoxLayout(self)
        label = QLabel(self.tr("&Save as:"))
        self.path_edit = QLineEdit(destination)
        self.path_edit.setObjectName(f"{name}Path")
        self.path_edit.setPlaceholderText(placeholder)
        self.path_edit.setMinimumWidth(380)
        label.setBuddy(self.path_edit)
        self.browse_button = QPushButton(self.tr("B&rowse…"))
        self.browse_button.setObjectName(f"{name}Browse")
        self.browse_button.setAutoDefault(False)
        row.addWidget(label)
        row.addWidget(self.path_edit, 1)
        row.addWidget(self.browse_button)
