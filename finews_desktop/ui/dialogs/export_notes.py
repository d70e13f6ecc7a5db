"""File ▸ Export Notes…: whose notes (this view's posts or every post), as CSV or Markdown, to which file.

The choices of `finews notes` (core/exporting/notes.py). It only builds a `NotesRequest`;
`ui/notes_export.py` writes it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from finews_desktop.ui.widgets.save_as import SaveAsBox

SUFFIXES = {"csv": ".csv", "md": ".md"}


@dataclass(frozen=True)
class NotesRequest:
    """One notes export as the dialog left it: the view's query ('' for every note), the format, the file."""

    query: str
    format: str
    destination: str


class ExportNotesDialog(QDialog):
    """Whose notes, the format and the file, each with a keyboard accelerator; Enter in the file field exports."""

    def __init__(self, query: str, destination: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("exportNotesDialog")
        self.setWindowTitle(self.tr("Export Notes"))
        self.query = query
        layout = QVBoxLayout(self)
        layout.addWidget(self._build_scope())
        layout.addWidget(self._build_format())
        layout.addWidget(self._build_file(destination))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Export"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._update()
        self.path_edit.setFocus()

    def _build_scope(self) -> QGroupBox:
        box = QGroupBox(self.tr("Notes of"))
        column = QVBoxLayout(box)
        self.view_button = QRadioButton(self.tr("The posts of this &view"))
        self.view_button.setObjectName("notesScope_view")
        self.view_button.setEnabled(bool(self.query))
        self.view_button.setToolTip(self.query)
        self.all_button = QRadioButton(self.tr("&Every post"))
        self.all_button.setObjectName("notesScope_all")
        (self.view_button if self.query else self.all_button).setChecked(True)
        column.addWidget(self.view_button)
        column.addWidget(self.all_button)
        return box

    def _build_format(self) -> QGroupBox:
        box = QGroupBox(self.tr("Format"))
        row = QHBoxLayout(box)
        self.csv_button = QRadioButton(self.tr("&CSV table (id, date, title, link, note, updated)"))
        self.csv_button.setObjectName("notesFormatCsv")
        self.md_button = QRadioButton(self.tr("&Markdown (a heading per post, its note below)"))
        self.md_button.setObjectName("notesFormatMd")
        self.format_group = QButtonGroup(self)
        self.format_group.addButton(self.csv_button)
        self.format_group.addButton(self.md_button)
        self.csv_button.setChecked(True)
        row.addWidget(self.csv_button)
        row.addWidget(self.md_button)
        row.addStretch(1)
        self.md_button.toggled.connect(self._format_changed)
        return box

    def _build_file(self, destination: str) -> QGroupBox:
        box = SaveAsBox(destination, self.tr("A .csv or .md file"), "notes")
        self.path_edit, self.browse_button = box.path_edit, box.browse_button
        self.path_edit.textChanged.connect(lambda _t: self._update())
        self.browse_button.clicked.connect(self.browse)
        return box

    def format(self) -> str:
        return "md" if self.md_button.isChecked() else "csv"

    def _format_changed(self) -> None:
        """The file's suffix follows the format (a name the user typed keeps its stem)."""
        path = self.path_edit.text().strip()
        suffix = SUFFIXES[self.format()]
        if path and Path(path).suffix.lower() in SUFFIXES.values() and not path.lower().endswith(suffix):
            self.path_edit.setText(str(Path(path).with_suffix(suffix)))

    def _update(self) -> None:
        self.ok_button.setEnabled(bool(self.path_edit.text().strip()))

    def browse(self) -> None:
        fmt = self.format()
        filters = self.tr("CSV table (*.csv)") if fmt == "csv" else self.tr("Markdown (*.md)")
        start = self.path_edit.text().strip() or str(Path.home() / f"notes{SUFFIXES[fmt]}")
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export Notes"), start, filters)
        if path:
            self.path_edit.setText(path)

    def request(self) -> NotesRequest:
        path = self.path_edit.text().strip()
        if path and not Path(path).suffix:
            path += SUFFIXES[self.format()]
        return NotesRequest(self.query if self.view_button.isChecked() else "", self.format(), path)
