"""File ▸ Export Table…: which table (posts, stocks, mentions), of which posts, in which format, to which file.

The choices of `finews table` (core/exporting/tables.py): the current search result or the
whole library; CSV, or Parquet when pyarrow is installed (otherwise the choice is disabled
and says how to install it); a byte order mark for Excel. It only builds a `TableRequest`;
`ui/table_export.py` runs it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from finews_desktop.core.exporting.selection import Selection
from finews_desktop.ui.widgets.save_as import SaveAsBox

TABLE_NAMES = ("posts", "stocks", "mentions")
SUFFIXES = {"csv": ".csv", "parquet": ".parquet"}


@dataclass(frozen=True)
class TableScopes:
    """What the window offers: its search (and how many posts it finds) and the whole library."""

    query: str = ""
    search_count: int = 0
    library_count: int = 0


@dataclass(frozen=True)
class TableRequest:
    """One table export as the dialog left it: the arguments of core.exporting.tables.export_table."""

    table: str
    selection: Selection
    destination: str
    format: str = "csv"
    bom: bool = False


class ExportTableDialog(QDialog):
    """The table, the posts, the format and the file, each with keyboard accelerators."""

    def __init__(
        self, scopes: TableScopes, destination: str = "", parquet: bool = True, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("exportTableDialog")
        self.setWindowTitle(self.tr("Export Table"))
        self.scopes = scopes
        layout = QVBoxLayout(self)
        layout.addWidget(self._build_tables())
        layout.addWidget(self._build_scope())
        layout.addWidget(self._build_format(parquet))
        layout.addWidget(self._build_file(destination))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Export"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._update()
        self.table_buttons["posts"].setFocus()

    # --- building

    def _build_tables(self) -> QGroupBox:
        box = QGroupBox(self.tr("Table"))
        column = QVBoxLayout(box)
        texts = {
            "posts": (self.tr("&Posts"), self.tr("one row per post: date, title, source, link, tags, stocks…")),
            "stocks": (
                self.tr("S&tocks"),
                self.tr("one row per stock: symbol (600160.SH), kind, name, posts, first and last mention"),
            ),
            "mentions": (
                self.tr("&Mentions"),
                self.tr("one row per stock a post mentions: post, date, symbol, position"),
            ),
        }
        self.table_group = QButtonGroup(self)
        self.table_buttons: dict[str, QRadioButton] = {}
        for row, name in enumerate(TABLE_NAMES):
            title, what = texts[name]
            button = QRadioButton(title)
            button.setObjectName(f"table_{name}")
            button.setToolTip(what)
            self.table_group.addButton(button, row)
            self.table_buttons[name] = button
            line = QHBoxLayout()
            line.addWidget(button)
            note = QLabel(what)
            note.setObjectName(f"tableNote_{name}")
            note.setEnabled(False)  # greyed: a description, not a choice
            line.addWidget(note, 1)
            column.addLayout(line)
        self.table_buttons["posts"].setChecked(True)
        return box

    def _build_scope(self) -> QGroupBox:
        s = self.scopes
        box = QGroupBox(self.tr("Of"))
        column = QVBoxLayout(box)
        self.search_button = QRadioButton(self.tr("The current search res&ult (%n post(s))", "", s.search_count))
        self.search_button.setObjectName("tableScope_search")
        self.search_button.setEnabled(bool(s.query))
        self.search_button.setToolTip(s.query)
        self.library_button = QRadioButton(self.tr("The &whole library (%n post(s))", "", s.library_count))
        self.library_button.setObjectName("tableScope_library")
        (self.search_button if s.query else self.library_button).setChecked(True)
        column.addWidget(self.search_button)
        column.addWidget(self.library_button)
        return box

    def _build_format(self, parquet: bool) -> QGroupBox:
        box = QGroupBox(self.tr("Format"))
        column = QVBoxLayout(box)
        row = QHBoxLayout()
        self.csv_button = QRadioButton(self.tr("&CSV (UTF-8)"))
        self.csv_button.setObjectName("formatCsv")
        self.parquet_button = QRadioButton(self.tr("P&arquet"))
        self.parquet_button.setObjectName("formatParquet")
        self.format_group = QButtonGroup(self)
        self.format_group.addButton(self.csv_button)
        self.format_group.addButton(self.parquet_button)
        self.csv_button.setChecked(True)
        row.addWidget(self.csv_button)
        row.addWidget(self.parquet_button)
        row.addStretch(1)
        column.addLayout(row)
        self.bom_box = QCheckBox(self.tr("With a &byte order mark, for opening in Excel"))
        self.bom_box.setObjectName("tableBom")
        column.addWidget(self.bom_box)
        self.parquet_note = QLabel(
            self.tr("Parquet needs pyarrow: pip install 'finews-desktop[analysis]'") if not parquet else ""
        )
        self.parquet_note.setObjectName("parquetNote")
        self.parquet_note.setWordWrap(True)
        self.parquet_note.setVisible(not parquet)
        self.parquet_note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        column.addWidget(self.parquet_note)
        self.parquet_button.setEnabled(parquet)
        if not parquet:
            self.parquet_button.setToolTip(self.parquet_note.text())
        self.parquet_button.toggled.connect(self._format_changed)
        return box

    def _build_file(self, destination: str) -> QGroupBox:
        box = SaveAsBox(destination, self.tr("A .csv or .parquet file"), "table")
        self.path_edit, self.browse_button = box.path_edit, box.browse_button
        self.path_edit.textChanged.connect(lambda _t: self._update())
        self.browse_button.clicked.connect(self.browse)
        return box

    # --- state

    def table(self) -> str:
        return next(name for name, button in self.table_buttons.items() if button.isChecked())

    def format(self) -> str:
        return "parquet" if self.parquet_button.isChecked() else "csv"

    def _format_changed(self) -> None:
        """The file's suffix follows the format (a name the user typed keeps its stem)."""
        path = self.path_edit.text().strip()
        suffix = SUFFIXES[self.format()]
        if path and Path(path).suffix.lower() in SUFFIXES.values() and not path.lower().endswith(suffix):
            self.path_edit.setText(str(Path(path).with_suffix(suffix)))
        self._update()

    def _update(self) -> None:
        self.bom_box.setEnabled(self.format() == "csv")
        self.ok_button.setEnabled(bool(self.path_edit.text().strip()))

    def browse(self) -> None:
        fmt = self.format()
        start = self.path_edit.text().strip() or str(Path.home() / f"{self.table()}{SUFFIXES[fmt]}")
        filters = self.tr("CSV files (*.csv)") if fmt == "csv" else self.tr("Parquet files (*.parquet)")
        path, _filter = QFileDialog.getSaveFileName(self, self.tr("Export Table"), start, filters)
        if path:
            self.path_edit.setText(path)

    def request(self) -> TableRequest:
        fmt = self.format()
        path = os.path.expanduser(self.path_edit.text().strip())
        if not Path(path).suffix:
            path += SUFFIXES[fmt]
        selection = Selection(query=self.scopes.query) if self.search_button.isChecked() else Selection()
        return TableRequest(self.table(), selection, path, fmt, self.bom_box.isChecked() and fmt == "csv")
